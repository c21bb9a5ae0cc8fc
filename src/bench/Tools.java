import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell, HTTP, /proc and formatting helpers every part of the benchmark uses; the parts extend it so
 * that they read as the one file they were split from.
 */
abstract class Tools {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final int CORES = Runtime.getRuntime().availableProcessors();
    static final long T0 = System.nanoTime();

    static void progress(String what) {
        System.err.printf(Locale.ROOT, "[bench %5.1f s] %s%n", (System.nanoTime() - T0) / 1e9, what);
    }

    static String psql(String db, String sql) throws Exception {
        return sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-qtAc", sql);
    }

    /** Runs a command, returns stdout+stderr; fails on a non-zero exit. */
    static String sh(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command).substring(0, Math.min(200,
                    String.join(" ", command).length())) + " failed:\n" + out);
        }
        return out;
    }

    static HttpResponse<Void> get(String url, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding());
    }

    static String grep(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1).trim() : "?";
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code /proc/PID/status} field in MB. */
    static double status(long pid, String field) throws IOException {
        String s = Files.readString(Path.of("/proc/" + pid + "/status"));
        return Long.parseLong(grep(s, field + ":\\s*(\\d+) kB")) / 1024.0;
    }

    /** Waits until a contender accepts connections: at most 30 s, and not after it has exited. */
    static void awaitListening(Process process, String host, int port, String what, Path log) throws Exception {
        long t0 = System.nanoTime();
        while (true) {
            try (java.net.Socket socket = new java.net.Socket(host, port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() - t0 > java.util.concurrent.TimeUnit.SECONDS.toNanos(30)) {
                    throw new IllegalStateException(what + " did not start: see " + log);
                }
                Thread.sleep(20);
            }
        }
    }

    static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String fmt2(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.2f", v);
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f %%", v * 100);
    }
}
