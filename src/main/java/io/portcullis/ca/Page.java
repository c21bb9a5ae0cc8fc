package io.portcullis.ca;

import java.util.List;
import java.util.function.Function;

/** One page of a listing, newest first. */
public record Page<T>(List<T> items, long total, int page, int size) {

    /** The largest page a listing serves. */
    public static final int MAX_SIZE = 500;

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), total, page, size);
    }

    /** Refuses, before any query, a negative page or a size outside 1 to {@link #MAX_SIZE}. */
    public static void check(int page, int size) {
        if (page < 0 || size < 1 || size > MAX_SIZE) {
            throw new CaException(ErrorType.MALFORMED, "page must be >= 0 and size between 1 and " + MAX_SIZE + ".");
        }
    }

    /**
     * {@link #check}, and refuses a page whose first row lies beyond an {@code int} offset, for
     * listings whose store pages with one (Panache); the others answer such a page empty.
     */
    public static void checkIntOffset(int page, int size) {
        check(page, size);
        if ((long) page * size > Integer.MAX_VALUE) {
            throw new CaException(ErrorType.MALFORMED, "page is beyond the last possible page.");
        }
    }
}
