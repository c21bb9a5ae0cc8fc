import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged service, started with the production command on a database of its own and the CA imported. */
final class Service extends Tools {
    /**
     * The production command's JVM options (README): a heap cap that carries a million revoked certificates, and
     * the client compiler only, which keeps ≈ 80 MB of compiler arenas and code cache out of the RSS.
     */
    static final List<String> PRODUCTION = List.of("-XX:TieredStopAtLevel=1", "-Xmx256m");

    final Bench bench;
    final Ca ca;
    final String db;
    final List<String> jvmArgs;
    final int port = freePort();
    final String url = "http://127.0.0.1:" + port;
    Process process;
    double readySeconds;
    double peakRssMb;

    Service(Bench bench, Ca ca, String db, List<String> jvmArgs) {
        this.bench = bench;
        this.ca = ca;
        this.db = db;
        this.jvmArgs = jvmArgs;
    }

    void start() throws Exception {
        ProcessBuilder builder = productionCommand(bench.jar, jvmArgs, ca.dir.resolve("service.log"));
        builder.environment().putAll(Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + db,
                "QUARKUS_DATASOURCE_USERNAME", "postgres",
                "PORTCULLIS_PUBLIC_URL", url,
                "PORTCULLIS_CA_PASSPHRASE", "bench-ca-passphrase",
                "PORTCULLIS_ADMIN_TOKEN", Bench.TOKEN,
                "PORTCULLIS_CA_IMPORT_CERT", ca.path("ca.crt"),
                "PORTCULLIS_CA_IMPORT_KEY", ca.path("ca.key")));
        // the rate limiter stays in the path (its cost is measured), with buckets no load here can empty
        builder.environment().putAll(Map.of(
                "PORTCULLIS_RATE_LIMIT_PER_TOKEN_CAPACITY", "1000000000",
                "PORTCULLIS_RATE_LIMIT_PER_TOKEN_REFILL_PER_MINUTE", "1000000000",
                "PORTCULLIS_RATE_LIMIT_PER_ADDRESS_CAPACITY", "1000000000",
                "PORTCULLIS_RATE_LIMIT_PER_ADDRESS_REFILL_PER_MINUTE", "1000000000"));
        for (String group : List.of("OCSP", "TRUST_MATERIAL", "OTHER")) { // OCSP and CRL loads carry no credentials
            builder.environment().put("PORTCULLIS_RATE_LIMIT_ANONYMOUS_" + group + "_CAPACITY", "1000000000");
            builder.environment().put("PORTCULLIS_RATE_LIMIT_ANONYMOUS_" + group + "_REFILL_PER_MINUTE", "1000000000");
        }
        long t0 = System.nanoTime();
        process = builder.start();
        bench.processes.add(process);
        readySeconds = awaitReady(process, url, t0, ca.dir.resolve("service.log"));
    }

    double rssMb() throws IOException {
        return status(process.pid(), "VmRSS");
    }

    /**
     * The crypto provider the service says it uses ({@code cryptoProvider} of {@code GET /api/v1/ca}; no
     * {@code PORTCULLIS_CRYPTO_PROVIDER} is set, so its default), or "unknown" from a service that does not say.
     */
    String cryptoProvider() {
        try {
            HttpResponse<String> ca = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/ca"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            String provider = grep(ca.body(), "\"cryptoProvider\"\\s*:\\s*\"([^\"]*)\"");
            return ca.statusCode() == 200 && !provider.equals("?") ? provider : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /**
     * The README's production command for a packaged Quarkus jar: run in its application directory, with its
     * class-data archive when there is one, output appended to {@code log}, and none of this shell's
     * {@code PORTCULLIS_*} or {@code QUARKUS_*} variables.
     */
    static ProcessBuilder productionCommand(Path jar, List<String> jvmArgs, Path log) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Files.exists(jar.resolveSibling("app-cds.jsa"))) {
            command.add("-XX:SharedArchiveFile=app-cds.jsa");
        }
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.getFileName().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(jar.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("PORTCULLIS_") || k.startsWith("QUARKUS_"));
        return builder;
    }

    /** Seconds from {@code t0} until the process's {@code /q/health/ready} answers 200, polled every 10 ms. */
    static double awaitReady(Process process, String url, long t0, Path log) throws Exception {
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited: see " + log);
            }
            if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(120)) {
                throw new IllegalStateException("not ready in 120 s: see " + log);
            }
            try {
                if (get(url + "/q/health/ready", Map.of()).statusCode() == 200) {
                    return (System.nanoTime() - t0) / 1e9;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(10);
        }
    }
}
