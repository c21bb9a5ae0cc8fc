package io.portcullis.ca;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks for settings that name files, applied at start: a path must be absolute and free of
 * {@code ..} segments (so a value built from parts, like a server name, cannot climb out of its
 * directory), and a file read at start must be a regular file of bounded size (never
 * {@code /dev/zero} or a FIFO that would hang the start).
 */
public final class FileSettings {

    /** PEM certificates and keys are a few kilobytes; this is generous. */
    public static final int MAX_READ_BYTES = 1024 * 1024;

    private FileSettings() {
    }

    /**
     * Returns the path unchanged if it is absolute without {@code .} or {@code ..} segments.
     *
     * @throws StartupRefusal naming the setting otherwise
     */
    public static Path requireAbsoluteNormal(Path path, String setting) {
        if (!path.isAbsolute()) {
            throw new StartupRefusal(setting + " must be an absolute path: " + path);
        }
        for (Path segment : path) {
            if (segment.toString().equals("..") || segment.toString().equals(".")) {
                throw new StartupRefusal(setting + " must not contain '.' or '..' segments: " + path);
            }
        }
        return path;
    }

    /**
     * Reads a small regular text file named by a setting.
     *
     * @throws StartupRefusal naming the setting when the file is missing, not regular, too large or unreadable
     */
    public static String readSmallFile(Path path, String setting) {
        requireAbsoluteNormal(path.toAbsolutePath(), setting);
        if (!Files.isRegularFile(path)) {
            throw new StartupRefusal(setting + " names " + path + ", which is not a regular file.");
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] content = in.readNBytes(MAX_READ_BYTES + 1);
            if (content.length > MAX_READ_BYTES) {
                throw new StartupRefusal(setting + " names " + path + ", which is larger than " + MAX_READ_BYTES
                        + " bytes; it should be a PEM file.");
            }
            return new String(content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StartupRefusal(setting + " names " + path + ", which cannot be read: " + e.getMessage());
        }
    }
}
