package io.portcullis.api;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** A request path as routing resolves it: segments, with empty and dot segments resolved. */
final class PathSegments {

    private PathSegments() {
    }

    /** The segments of {@code path}: a trailing slash, a doubled slash or a dot segment change nothing. */
    static List<String> of(String path) {
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                segments.pollLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.addLast(segment);
            }
        }
        return List.copyOf(segments);
    }
}
