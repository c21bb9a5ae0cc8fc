package io.portcullis.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The real nginx from Debian, started on a rendered directory exactly as an operator would:
 * {@code nginx -p DIR -c DIR/nginx.conf}. It daemonizes; the master pid comes from the pid file.
 */
public final class NginxProcess implements AutoCloseable {

    /** What nginx's {@code worker_processes auto} counts: the online CPUs (glibc reads them from this file). */
    static final int ONLINE_CPUS = onlineCpus();

    private static final Pattern WORKER_PROCESSES = Pattern.compile("(?m)^\\s*worker_processes\\s+(\\w+)\\s*;");

    private final Path dir;
    private final int workers;

    private NginxProcess(Path dir) {
        this.dir = dir;
        this.workers = workers(dir.resolve("nginx.conf"));
    }

    public static NginxProcess start(Path dir) {
        NginxProcess nginx = new NginxProcess(dir);
        String output = run("nginx", "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (nginx.masterPidOrZero() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nginx did not start: " + output + "\n" + nginx.errorLog());
            }
            sleep(20);
        }
        nginx.settledWorkerPids(); // the pid file is written before the master forks its workers
        return nginx;
    }

    /** Runs {@code nginx -t} on a configuration file and returns nginx's output; fails the test if it is rejected. */
    public static String test(Path prefix, Path conf) {
        return run("nginx", "-t", "-p", prefix + "/", "-c", conf.toString());
    }

    public long masterPid() {
        long pid = masterPidOrZero();
        if (pid == 0) {
            throw new AssertionError("nginx is not running:\n" + errorLog());
        }
        return pid;
    }

    public Set<Long> workerPids() {
        return ProcessHandle.of(masterPid()).orElseThrow().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /**
     * The workers once nginx is at rest: as many as its {@code worker_processes} starts ({@code auto}: one
     * per online CPU; absent: one), each titled "worker process", none of an earlier generation still "shutting down". A snapshot
     * taken earlier races nginx forking workers after a start or retiring them after a reload.
     */
    public Set<Long> settledWorkerPids() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<Long, String> titles = Map.of();
        while (System.nanoTime() < deadline) {
            titles = ProcessHandle.of(masterPid()).orElseThrow().children()
                    .collect(Collectors.toMap(ProcessHandle::pid, NginxProcess::title));
            if (titles.size() == workers && titles.values().stream().allMatch(t -> t.equals("nginx: worker process"))) {
                return titles.keySet();
            }
            sleep(20);
        }
        throw new AssertionError("nginx workers did not settle to " + workers + " current ones within 30 s: " + titles);
    }

    public boolean running() {
        return masterPidOrZero() != 0;
    }

    public String errorLog() {
        try {
            return Files.readString(dir.resolve("logs/error.log"));
        } catch (IOException e) {
            return "(no error log: " + e + ")";
        }
    }

    private long masterPidOrZero() {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve("nginx.pid"), StandardCharsets.US_ASCII).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() ? pid : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** Fast shutdown (SIGTERM to the master), waiting until it is gone. */
    @Override
    public void close() {
        long pid = masterPidOrZero();
        if (pid == 0) {
            return;
        }
        ProcessHandle master = ProcessHandle.of(pid).orElseThrow();
        master.destroy();
        try {
            master.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            master.destroyForcibly();
        }
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " timed out");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A process title as {@code ps} shows it; empty once the process has exited. */
    private static String title(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"), StandardCharsets.US_ASCII)
                    .replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** The worker count the configuration asks for. */
    private static int workers(Path conf) {
        try {
            Matcher m = WORKER_PROCESSES.matcher(Files.readString(conf));
            if (!m.find()) {
                return 1;
            }
            return m.group(1).equals("auto") ? ONLINE_CPUS : Integer.parseInt(m.group(1));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + conf, e);
        }
    }

    /** Counts a list such as {@code 0-1,4,6-7}. */
    private static int onlineCpus() {
        try {
            int count = 0;
            for (String range : Files.readString(Path.of("/sys/devices/system/cpu/online")).trim().split(",")) {
                String[] ends = range.split("-");
                count += ends.length == 1 ? 1 : Integer.parseInt(ends[1]) - Integer.parseInt(ends[0]) + 1;
            }
            return count;
        } catch (IOException | NumberFormatException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
