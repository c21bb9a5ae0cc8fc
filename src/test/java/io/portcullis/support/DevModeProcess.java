package io.portcullis.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command typed into a shell in a checkout, such as the README's {@code ./mvnw quarkus:dev}, as a real
 * process tree (Maven, and the application JVM it forks), with its output in a log file.
 */
public final class DevModeProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final String url;

    private DevModeProcess(Process process, Path log, String url) {
        this.process = process;
        this.log = log;
        this.url = url;
    }

    /**
     * Runs {@code command} with {@code bash} in {@code directory}; the service is expected on
     * {@code port} of the loopback address. The session's own {@code QUARKUS_*}/{@code PORTCULLIS_*}
     * settings are dropped, as a newcomer's shell has none.
     */
    public static DevModeProcess start(Path directory, String command, int port, Map<String, String> env) {
        try {
            Path log = Files.createTempFile("portcullis-dev-", ".log");
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().keySet().removeIf(k -> k.startsWith("PORTCULLIS_") || k.startsWith("QUARKUS_"));
            builder.environment().putAll(env);
            return new DevModeProcess(builder.start(), log, "http://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        }
    }

    public String url() {
        return url;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Waits until {@code /q/health/ready} answers 200; fails with the log if the command ends first. */
    public DevModeProcess awaitReady(Duration timeout) {
        Readiness.await(url, process, this::log, timeout);
        return this;
    }

    /**
     * Stops the whole tree as Ctrl+C would: SIGTERM to the application JVM first, so its shutdown hooks (an
     * embedded PostgreSQL's stop among them) run, then to Maven and the shell; waits for every process to end.
     */
    @Override
    public void close() {
        List<ProcessHandle> tree = process.descendants().toList();
        for (int i = tree.size() - 1; i >= 0; i--) {
            tree.get(i).destroy();
        }
        process.destroy();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (ProcessHandle handle : tree) {
            awaitEnd(handle, deadline);
        }
        awaitEnd(process.toHandle(), deadline);
    }

    private static void awaitEnd(ProcessHandle handle, long deadline) {
        while (handle.isAlive() && System.nanoTime() < deadline) {
            pause();
        }
        if (handle.isAlive()) {
            handle.destroyForcibly();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
