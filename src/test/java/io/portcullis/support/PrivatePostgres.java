package io.portcullis.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster of its own (initdb into a temporary directory, loopback only, a
 * free port) for tests that stop the database: the shared instance on 5432 is never touched.
 * As root the server runs as the {@code postgres} user, since PostgreSQL refuses to run as root.
 */
public final class PrivatePostgres implements AutoCloseable {

    private final Path dir;
    private final Path data;
    private final int port;

    private PrivatePostgres(Path dir, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** Creates and starts a cluster with an empty database {@code database}. */
    public static PrivatePostgres start(String database) {
        try {
            Path dir = Files.createTempDirectory("portcullis-pg-");
            PrivatePostgres pg = new PrivatePostgres(dir, freePort());
            if (isRoot()) {
                run(List.of("chown", "postgres:postgres", dir.toString()), false);
            }
            pg.pg("initdb", "-D", pg.data.toString(), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
            pg.startServer();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), "postgres", "");
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + database);
            }
            return pg;
        } catch (IOException | SQLException e) {
            throw new AssertionError("cannot set up a private PostgreSQL", e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
    }

    /** Starts the server (again) and waits until it accepts connections. */
    public void startServer() {
        pg("pg_ctl", "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "30",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    /** Stops the server as a crash would: {@code pg_ctl stop -m immediate}, no checkpoint, connections cut. */
    public void crash() {
        pg("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "-t", "30", "stop");
    }

    @Override
    public void close() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            crash();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }

    private void pg(String tool, String... args) {
        List<String> command = new ArrayList<>();
        command.add(binDir().resolve(tool).toString());
        command.addAll(List.of(args));
        run(command, isRoot());
    }

    private static void run(List<String> command, boolean asPostgres) {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", full) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + full, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The newest installed PostgreSQL's binaries (Debian keeps them outside PATH). */
    private static Path binDir() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))))
                    .map(v -> v.resolve("bin"))
                    .orElseThrow(() -> new AssertionError("no PostgreSQL server binaries under /usr/lib/postgresql"));
        } catch (IOException e) {
            throw new AssertionError("no PostgreSQL server binaries under /usr/lib/postgresql", e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
