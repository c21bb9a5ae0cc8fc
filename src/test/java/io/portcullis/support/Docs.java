package io.portcullis.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Shell examples of README.md and src/docs/*.md, read by the tests that run them, so the documentation
 * cannot drift from what works.
 */
public final class Docs {

    private Docs() {
    }

    /**
     * The {@code index}-th (from 0) {@code ```sh} block under the first heading that starts with
     * {@code heading} (e.g. {@code "## Quick start"}), before the next heading of the same or a higher level.
     */
    public static String shellBlock(Path readme, String heading, int index) {
        List<String> lines = lines(readme);
        int start = 0;
        while (start < lines.size() && !(lines.get(start).startsWith(heading) && level(lines.get(start)) > 0)) {
            start++;
        }
        if (start == lines.size()) {
            throw new AssertionError(readme + " has no heading " + heading);
        }
        int level = level(heading);
        int seen = 0;
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                // a fenced block: its lines are code, even those that start with '#'
                StringBuilder block = new StringBuilder();
                for (i++; i < lines.size() && !lines.get(i).equals("```"); i++) {
                    block.append(lines.get(i)).append('\n');
                }
                if (line.equals("```sh") && seen++ == index) {
                    return block.toString();
                }
            } else if (level(line) > 0 && level(line) <= level) {
                break;
            }
        }
        throw new AssertionError(readme + " has no sh block " + index + " under " + heading);
    }

    /** The level of a Markdown heading line ({@code "## x"} is 2), 0 for any other line. */
    private static int level(String line) {
        int hashes = 0;
        while (hashes < line.length() && line.charAt(hashes) == '#') {
            hashes++;
        }
        return hashes > 0 && hashes < line.length() && line.charAt(hashes) == ' ' ? hashes : 0;
    }

    private static List<String> lines(Path readme) {
        try {
            return Files.readAllLines(readme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
