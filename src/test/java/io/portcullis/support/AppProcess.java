package io.portcullis.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a real process in the prod
 * profile, started with the README's production command and configured only through environment
 * variables as an operator would. Used by the {@code *IT} tests, which Maven runs after packaging.
 */
public final class AppProcess implements AutoCloseable {

    public static final Path APP = Path.of("target/quarkus-app");
    public static final Path JAR = APP.resolve("quarkus-run.jar");
    /** The production command's JVM options (README "Production"), run in {@link #APP}. */
    static final List<String> JVM_OPTIONS = List.of("-XX:SharedArchiveFile=app-cds.jsa", "-XX:TieredStopAtLevel=1", "-Xmx256m");

    private final Map<String, String> env = new HashMap<>();
    private final List<String> jvmOptions = new ArrayList<>(JVM_OPTIONS);
    private final int port;
    private final Path log;
    private Process process;

    private AppProcess(String database) {
        this.port = freePort();
        try {
            this.log = Files.createTempFile("portcullis-app-", ".log");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", Database.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("PORTCULLIS_PUBLIC_URL", "http://127.0.0.1:" + port);
    }

    /** A service on the given database; add settings with {@link #env}. */
    public static AppProcess on(String database) {
        return new AppProcess(database);
    }

    public AppProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Adds a JVM option after the production command's own. */
    public AppProcess jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    public AppProcess start() {
        if (!Files.exists(JAR)) {
            throw new AssertionError(JAR + " is missing: the *IT tests run after 'mvnw package'");
        }
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.getFileName().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(APP.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("PORTCULLIS_") || k.startsWith("QUARKUS_"));
        builder.environment().putAll(env);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start the service", e);
        }
        return this;
    }

    /** Waits until {@code /q/health/ready} answers 200; fails with the log if the process dies first. */
    public AppProcess awaitReady(Duration timeout) {
        Readiness.await(url(), process, this::log, timeout);
        return this;
    }

    /** Waits for the process to exit on its own and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("service still running after " + timeout + ":\n" + log());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** SIGTERM, as {@code kubectl delete pod} or systemd send it; returns at once (see {@link #awaitExit}). */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL, as a crash: no shutdown hooks run. */
    public void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    kill9();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
