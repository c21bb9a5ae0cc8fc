package io.portcullis.nginx;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The real nginx binary: {@code nginx -t} for validation and {@code nginx -s reload} (which sends
 * SIGHUP to the master named in the pid file) for reloading. A reload counts as applied once the
 * master has started a new generation of workers and every old worker has stopped accepting
 * connections; if nginx rejects the configuration it keeps the old workers and the reload is
 * reported as failed. Old workers are recognised through {@code /proc}, as on every Linux.
 */
@ApplicationScoped
public class ProcessNginx implements Nginx {

    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    static final Duration RELOAD_CONFIRMATION = Duration.ofSeconds(5);
    private static final int MAX_OUTPUT = 2000;

    @Override
    public void test(NginxSettings settings, Path conf) {
        Result result = run(settings, "-t", "-q", "-p", settings.prefix() + "/", "-c", conf.toString());
        if (result.exitCode != 0) {
            throw new NginxException("nginx -t rejected the new configuration: " + result.output);
        }
    }

    @Override
    public OptionalLong masterPid(NginxSettings settings) {
        String text;
        try {
            text = Files.readString(settings.pidFile(), StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new NginxException("cannot read " + settings.pidFile() + ": " + e.getMessage(), e);
        }
        if (!text.matches("[0-9]{1,10}")) {
            return OptionalLong.empty();
        }
        long pid = Long.parseLong(text);
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> OptionalLong.of(pid)).orElse(OptionalLong.empty());
    }

    @Override
    public void reload(NginxSettings settings, long masterPid) {
        ProcessHandle master = ProcessHandle.of(masterPid)
                .orElseThrow(() -> new NginxException("the nginx master " + masterPid + " is gone"));
        Set<Long> oldWorkers = workers(master);
        Result result = run(settings, "-s", "reload", "-p", settings.prefix() + "/", "-c", settings.confFile().toString());
        if (result.exitCode != 0) {
            throw new NginxException("nginx -s reload failed: " + result.output);
        }
        long deadline = System.nanoTime() + RELOAD_CONFIRMATION.toNanos();
        while (System.nanoTime() < deadline) {
            if (!master.isAlive()) {
                throw new NginxException("the nginx master " + masterPid + " exited during the reload");
            }
            if (workers(master).stream().anyMatch(pid -> !oldWorkers.contains(pid))
                    && oldWorkers.stream().allMatch(ProcessNginx::retired)) {
                return;
            }
            sleep(20);
        }
        throw new NginxException("nginx did not apply the new configuration within " + RELOAD_CONFIRMATION.toSeconds()
                + " s; it keeps serving the previous one (see " + settings.prefix().resolve("logs/error.log") + ")");
    }

    /**
     * Whether an old worker no longer accepts connections: it has exited or nginx has renamed it
     * "worker process is shutting down" (it then only finishes the connections it has).
     */
    private static boolean retired(long pid) {
        try {
            String title = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.US_ASCII);
            return title.isEmpty() || title.contains("shutting down");
        } catch (IOException e) {
            return true;
        }
    }

    private static Set<Long> workers(ProcessHandle master) {
        return master.children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(NginxSettings settings, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(settings.binary()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readNBytes(64 * 1024);
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new NginxException(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT.toSeconds() + " s");
            }
            return new Result(process.exitValue(), summarize(new String(output, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new NginxException("cannot run " + settings.binary() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NginxException("interrupted while running nginx", e);
        }
    }

    private static String summarize(String output) {
        String oneLine = output.strip().replaceAll("\\s*\\n\\s*", " | ");
        return oneLine.length() > MAX_OUTPUT ? oneLine.substring(0, MAX_OUTPUT) + "…" : oneLine;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NginxException("interrupted while waiting for nginx", e);
        }
    }
}
