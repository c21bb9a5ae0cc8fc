package io.portcullis.api.dto;

import java.util.List;

/** One page of a listing: {@code page} is zero-based, {@code total} counts every match. */
public record PageResponse<T>(List<T> items, long total, int page, int size) {
}
