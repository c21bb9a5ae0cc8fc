package io.portcullis.devdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A PostgreSQL server for the dev profile, run from {@link PostgresBinaries} on a loopback port with
 * trust authentication and its data in {@code .portcullis/postgres}, kept between runs. It stops
 * with the JVM that started it; a dev-mode reload finds it still answering and leaves it be.
 *
 * <p>zonky's own launcher runs {@code initdb} as the current user, and PostgreSQL's programs refuse
 * to run as root, who is the user on this machine kind. As root the programs run
 * in a new user namespace instead ({@code unshare --user}): there they are the overflow user, the
 * data folder looks like their own, and nothing else about the machine changes.
 */
final class EmbeddedPostgres {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgres.class);
    private static final long TIMEOUT_SECONDS = 120;

    private final Path bin;
    private final Path data;
    private final Path log;

    private EmbeddedPostgres(Path bin, Path home) {
        this.bin = bin;
        this.data = home.resolve("postgres");
        this.log = home.resolve("postgres.log");
    }

    static void startOn(int port, Path home) {
        try {
            Path bin = PostgresBinaries.unpack(home).orElse(null);
            if (bin == null) {
                LOG.warnf("Dev database: nothing answers on port %d and the embedded PostgreSQL binaries are not on the "
                        + "class path (they come with ./mvnw quarkus:dev on Linux x86-64 only)", port);
                return;
            }
            new EmbeddedPostgres(bin, home.toAbsolutePath()).start(port);
        } catch (IOException e) {
            LOG.warnf("Dev database: cannot start the embedded PostgreSQL: %s", e.getMessage());
        }
    }

    private void start(int port) throws IOException {
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            initdb();
        } else if (run("pg_ctl", "status", "-D", data.toString()) == 0) {
            // Left running on another port by a JVM that was killed: it is ours, so restart it here.
            run("pg_ctl", "stop", "-D", data.toString(), "-m", "fast", "-w");
        }
        int started = run("pg_ctl", "start", "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''");
        if (started != 0) {
            throw new IOException("pg_ctl start exited with " + started + "; see " + log);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "embedded-postgres-stop"));
        LOG.infof("Dev database: no PostgreSQL answered on 127.0.0.1:%d, so an embedded PostgreSQL (%s) runs there "
                + "until this process ends; its data stays in %s between runs (delete that folder to start over)",
                port, bin.getParent().getFileName(), data);
    }

    private void initdb() throws IOException {
        Path fresh = data.resolveSibling("postgres-initdb");
        if (Files.exists(fresh)) {
            throw new IOException("a previous initdb was interrupted: delete " + fresh + " and start again");
        }
        int status = run("initdb", "-D", fresh.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                "--locale=C", "--no-instructions");
        if (status != 0) {
            throw new IOException("initdb exited with " + status + "; see " + log);
        }
        Files.move(fresh, data);
    }

    private void stop() {
        try {
            run("pg_ctl", "stop", "-D", data.toString(), "-m", "fast", "-w");
        } catch (IOException e) {
            // The JVM is ending; the next start finds the server and restarts it.
        }
    }

    private int run(String program, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("unshare", "--user"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        process.getOutputStream().close();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(program + " did not finish within " + TIMEOUT_SECONDS + " s; see " + log);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + program, e);
        }
    }

    private static boolean isRoot() throws IOException {
        // The owner of /proc/self is this process's effective user.
        return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }
}
