import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.Security;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The Portcullis benchmark (src/bench/README.md): issuance over HTTP against the in-process and openssl
 * ceilings and against cfssl with its PostgreSQL certdb and the openssl CLI recipe, revocation at scale,
 * OCSP and footprint, all in one run on this machine, printed as one table. Run through
 * {@code src/bench/run.sh}, which compiles these sources against the packaged service's jars.
 */
public class Bench extends Tools {

    static final String TOKEN = "bench-admin-token-" + Long.toHexString(new SecureRandom().nextLong());
    static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /**
     * Sizes of a run: the full benchmark or the seconds-long smoke run CI does.
     *
     * @param warmSeconds      the fixed warm-up of every contender at c=32
     * @param jitSettleSeconds the most a JVM's warm-up goes on after that, in 10-second slices, until its JIT
     *                         compiler spends under 2 % of a slice compiling
     * @param readyRestarts    restarts on the existing database whose start → ready times give the median
     */
    record Sizes(int csrs, double seconds, double warmSeconds, double jitSettleSeconds, double ceilingSeconds,
            int opensslCerts, int[] revokedRows, int[] revokeSamples, double crlGetSeconds, int readyRestarts) {
    }

    static final Sizes FULL = new Sizes(80_000, 8, 60, 300, 4, 100, new int[] {10_000, 100_000, 1_000_000},
            new int[] {20, 20, 3}, 4, 3);
    static final Sizes SMOKE = new Sizes(600, 1, 1, 0, 0.5, 4, new int[] {100, 1_000}, new int[] {3, 3}, 0.5, 1);

    final Sizes sizes;
    final Path jar;
    final Path work;
    final String dbPrefix;
    final boolean keep;
    final Path script;
    final Load load = new Load(this);
    final List<Process> processes = new ArrayList<>();
    final List<String> databases = new ArrayList<>();
    final List<String[]> rows = new ArrayList<>();
    final Map<String, Double> figures = new LinkedHashMap<>();
    final Map<String, String> fastestCfssl = new java.util.HashMap<>();
    /** What each service reported as its crypto provider, by CA label. */
    final Map<String, String> cryptoProviders = new LinkedHashMap<>();
    final List<String> failures = new ArrayList<>();
    final java.util.Set<String> notes = new java.util.LinkedHashSet<>();
    List<Double> readyRestarts = List.of();
    List<Double> floorReadies = List.of();

    Bench(Sizes sizes, Path jar, Path work, String dbPrefix, boolean keep, Path script) {
        this.sizes = sizes;
        this.jar = jar;
        this.work = work;
        this.dbPrefix = dbPrefix;
        this.keep = keep;
        this.script = script;
    }

    public static void main(String[] args) throws Exception {
        Security.addProvider(BC);
        boolean smoke = false;
        boolean keep = false;
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        String dbPrefix = "portcullis_bench";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--keep" -> keep = true;
                case "--jar" -> jar = Path.of(args[++i]);
                case "--db-prefix" -> dbPrefix = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (known: --smoke --keep --jar PATH --db-prefix NAME)");
            }
        }
        if (!dbPrefix.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("--db-prefix must be [a-z0-9_]+");
        }
        Path work = Files.createTempDirectory("portcullis-bench-");
        Path script = Path.of(System.getProperty("bench.dir", "src/bench")).resolve("load.lua").toAbsolutePath();
        Bench bench = new Bench(smoke ? SMOKE : FULL, jar.toAbsolutePath(), work, dbPrefix, keep, script);
        Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll));
        long start = System.nanoTime();
        try {
            bench.run();
        } finally {
            bench.stopAll();
            bench.dropDatabases();
            if (!bench.failures.isEmpty()) {
                bench.failures.addAll(bench.serviceErrors()); // the logs go with the work directory
            }
            bench.deleteWork();
        }
        System.out.printf(Locale.ROOT, "%nbenchmark took %.0f s%s%n", (System.nanoTime() - start) / 1e9,
                keep ? "; work directory (logs, CA keys, CSRs) kept in " + work : "");
        if (!bench.failures.isEmpty()) {
            System.out.println("FAILED CHECKS:");
            bench.failures.forEach(f -> System.out.println("  " + f));
            System.exit(1);
        }
    }

    void run() throws Exception {
        String loadBefore = sh("cat", "/proc/loadavg").trim();
        List<String> machine = Report.machine();
        Ca ec = new Ca("EC-P256", work.resolve("ec"));
        Ca rsa = new Ca("RSA-4096", work.resolve("rsa"));
        for (Ca ca : List.of(ec, rsa)) {
            progress("CA and CSRs " + ca.label);
            ca.create();
            ca.csrs = Ca.csrs(ca.label, sizes.csrs());
            ca.writeBodies(sizes.opensslCerts());
        }

        // ---- issuance: the service, then the ceilings and the peers, per CA algorithm ----
        Service ecService = null;
        Peers peers = new Peers(this);
        for (Ca ca : List.of(ec, rsa)) {
            String db = database(ca == ec ? "ec" : "rsa");
            progress("Portcullis " + ca.label);
            Service service = new Service(this, ca, db, List.of());
            service.start();
            cryptoProviders.put(ca.label, service.cryptoProvider());
            if (ca == ec) {
                figures.put("ready_fresh_s", service.readySeconds);
                figures.put("rss_idle_mb", service.rssMb());
            }
            Issuance.runs(this, "Portcullis", ca, service.url + "/api/v1/certificates", ca.portcullisBodies, service, db);
            if (ca == ec) {
                figures.put("rss_c32_mb", service.peakRssMb);
                ecService = service;
            } else {
                service.stop();
            }
            progress("ceilings " + ca.label);
            new Ceiling(this).ceilings(ca);
            progress("cfssl " + ca.label);
            peers.cfssl(ca);
            progress("openssl recipe " + ca.label);
            peers.opensslLoop(ca);
        }

        // ---- OCSP for known serials, on the EC service ----
        progress("OCSP");
        Ocsp.run(this, ec, ecService);
        ecService.stop();

        // ---- start → ready on the existing database: the median of a few restarts with the production command ----
        progress("restarts");
        List<Double> restarts = new ArrayList<>();
        for (int i = 0; i < sizes.readyRestarts(); i++) {
            Service restart = new Service(this, ec, ecService.db, Service.PRODUCTION);
            restart.start();
            restarts.add(restart.readySeconds);
            restart.stop();
        }
        restarts.sort(null);
        figures.put("ready_existing_s", restarts.get(restarts.size() / 2));
        readyRestarts = restarts;
        progress("framework floor");
        Floor.run(this);

        // ---- revocation at scale: the EC service restarted with the production command ----
        Service capped = new Service(this, ec, ecService.db, Service.PRODUCTION);
        capped.start();
        // the same c=32 load on the production command: the RSS (and rate) an operator gets
        // as long as the default-heap service's warm-up and measured pass: the heap and the code cache fill over
        // minutes, and a few seconds after start would understate the peak (one run read 301 MB after 8 s; a manual run, 364 MB after 80 s)
        Meters.Sampler cappedRss = new Meters.Sampler(capped.process.pid());
        load.warming = true;
        Load.WrkResult cappedRun = load.wrk(capped.url + "/api/v1/certificates", ec.portcullisBodies, ec, 32,
                sizes.warmSeconds() + sizes.seconds(), 201, List.of("Authorization: Bearer " + TOKEN), cappedRss);
        load.warming = false;
        figures.put("rss_c32_capped_mb", cappedRss.stop());
        figures.put("rate_c32_capped", cappedRun.rate());
        if (cappedRun.bad() > 0) {
            failures.add("heap-capped service: " + cappedRun.bad() + " responses not 201 (" + cappedRun.firstBad() + ")");
        }
        new Revocation(this).run(ec, capped);
        capped.stop();

        String loadAfter = sh("cat", "/proc/loadavg").trim();
        new Report(this).print(machine, loadBefore, loadAfter);
    }

    // ------------------------------------------------------------------ databases, processes, the work directory

    String database(String suffix) throws Exception {
        String name = dbPrefix + "_" + suffix;
        sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", "CREATE DATABASE " + name);
        databases.add(name);
        return name;
    }

    void dropDatabases() {
        if (keep) {
            return;
        }
        for (String db : databases) {
            try {
                sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            } catch (Exception e) {
                System.err.println("could not drop " + db + ": " + e.getMessage());
            }
        }
    }

    /** The services' ERROR lines, each with its innermost cause, so that a failed check in CI explains itself. */
    List<String> serviceErrors() {
        List<String> errors = new ArrayList<>();
        try (var paths = Files.walk(work)) {
            for (Path log : paths.filter(p -> p.getFileName().toString().equals("service.log")).toList()) {
                List<String> lines = Files.readAllLines(log);
                for (int i = 0; i < lines.size() && errors.size() < 20; i++) {
                    if (lines.get(i).contains(" ERROR ")) {
                        String cause = "";
                        for (int j = i + 1; j < lines.size() && !lines.get(j).matches("^\\d{4}-.*"); j++) {
                            if (lines.get(j).startsWith("Caused by: ")) {
                                cause = " / " + lines.get(j);
                            }
                        }
                        String line = work.relativize(log) + ": " + lines.get(i) + cause;
                        errors.add(line.length() > 400 ? line.substring(0, 400) + "…" : line);
                    }
                }
            }
        } catch (IOException e) {
            errors.add("service logs unreadable: " + e);
        }
        return errors;
    }

    /** The work directory holds throw-away CA keys, CSRs and logs: gone unless --keep. */
    void deleteWork() {
        if (keep) {
            return;
        }
        try (var paths = Files.walk(work)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + work + ": " + e.getMessage());
        }
    }

    void stopAll() {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroy();
                try {
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
