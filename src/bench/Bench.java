import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The Portcullis benchmark (README "Performance"): issuance over HTTP against the JVM and openssl
 * ceilings and against cfssl with its PostgreSQL certdb and the openssl CLI recipe, revocation at
 * scale, OCSP and footprint, all in one run on this machine, printed as one table. Run through
 * {@code src/bench/run.sh}, which puts the packaged service's BouncyCastle jars on the class path.
 */
public class Bench {

    static final String TOKEN = "bench-admin-token-" + Long.toHexString(new SecureRandom().nextLong());
    static final BouncyCastleProvider BC = new BouncyCastleProvider();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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
    final List<Process> processes = new ArrayList<>();
    final List<String> databases = new ArrayList<>();
    final List<String[]> rows = new ArrayList<>();
    final List<String> targets = new ArrayList<>();
    final Map<String, Double> figures = new LinkedHashMap<>();
    final Map<String, Double> ceilingCpuMs = new java.util.HashMap<>();
    final Path script;

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

    final List<String> failures = new ArrayList<>();
    List<Double> readyRestarts = List.of();
    List<Double> floorReadies = List.of();
    final java.util.Set<String> notes = new java.util.LinkedHashSet<>();

    void run() throws Exception {
        String loadBefore = sh("cat", "/proc/loadavg").trim();
        List<String> machine = machine();
        Ca ec = new Ca("EC-P256", work.resolve("ec"));
        Ca rsa = new Ca("RSA-4096", work.resolve("rsa"));
        for (Ca ca : List.of(ec, rsa)) {
            progress("CA and CSRs " + ca.label);
            ca.create();
            ca.csrs = csrs(ca.label, sizes.csrs());
            ca.writeBodies();
        }

        // ---- issuance: the service, then the ceilings and the peers, per CA algorithm ----
        Service ecService = null;
        for (Ca ca : List.of(ec, rsa)) {
            String db = database(ca == ec ? "ec" : "rsa");
            progress("Portcullis " + ca.label);
            Service service = new Service(ca, db, List.of());
            service.start();
            if (ca == ec) {
                figures.put("ready_fresh_s", service.readySeconds);
                figures.put("rss_idle_mb", service.rssMb());
            }
            issuanceRuns("Portcullis", ca, service.url + "/api/v1/certificates", ca.portcullisBodies, service, db);
            if (ca == ec) {
                figures.put("rss_c32_mb", service.peakRssMb);
                ecService = service;
            } else {
                service.stop();
            }
            progress("ceilings " + ca.label);
            ceilings(ca);
            progress("cfssl " + ca.label);
            cfssl(ca);
            progress("openssl recipe " + ca.label);
            opensslLoop(ca);
        }

        // ---- OCSP for known serials, on the EC service ----
        progress("OCSP");
        ocsp(ec, ecService);
        ecService.stop();

        // ---- start → ready on the existing database: the median of a few restarts with the production command ----
        progress("restarts");
        List<Double> restarts = new ArrayList<>();
        for (int i = 0; i < sizes.readyRestarts(); i++) {
            Service restart = new Service(ec, ecService.db, List.of("-Xmx256m"));
            restart.start();
            restarts.add(restart.readySeconds);
            restart.stop();
        }
        restarts.sort(null);
        figures.put("ready_existing_s", restarts.get(restarts.size() / 2));
        readyRestarts = restarts;
        progress("framework floor");
        floor();

        // ---- revocation at scale: the EC service restarted with a 256 MB heap cap ----
        Service capped = new Service(ec, ecService.db, List.of("-Xmx256m"));
        capped.start();
        // the same c=32 load on the heap-capped service: the RSS an operator gets with -Xmx256m
        // as long as the default-heap service's warm-up and measured pass: the heap and the code cache fill over
        // minutes, and a few seconds after start would understate the peak (one run read 301 MB after 8 s; a manual run, 364 MB after 80 s)
        Sampler cappedRss = new Sampler(capped.process.pid());
        warming = true;
        WrkResult cappedRun = wrk(capped.url + "/api/v1/certificates", ec.portcullisBodies, ec, 32,
                sizes.warmSeconds() + sizes.seconds(), 201, List.of("Authorization: Bearer " + TOKEN), cappedRss);
        warming = false;
        figures.put("rss_c32_capped_mb", cappedRss.stop());
        if (cappedRun.bad > 0) {
            failures.add("heap-capped service: " + cappedRun.bad + " responses not 201 (" + cappedRun.firstBad + ")");
        }
        revocation(ec, capped);
        capped.stop();

        String loadAfter = sh("cat", "/proc/loadavg").trim();
        print(machine, loadBefore, loadAfter);
    }

    // ------------------------------------------------------------------ machine

    List<String> machine() throws Exception {
        String cpu = grep(sh("lscpu"), "Model name:\\s*(.+)");
        String mem = grep(Files.readString(Path.of("/proc/meminfo")), "MemTotal:\\s*(\\d+)");
        return List.of(
                "CPU: " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores; RAM "
                        + (Long.parseLong(mem) / 1024 / 1024) + " GiB; kernel " + sh("uname", "-r").trim(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "); "
                        + sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version").trim().split(" ")[0]
                        .replaceFirst("^", "PostgreSQL ")
                        + " (synchronous_commit " + sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
                        "SHOW synchronous_commit").trim() + "); " + sh("openssl", "version").trim() + "; cfssl "
                        + grep(sh("cfssl", "version"), "Version:\\s*(\\S+)") + "; "
                        + sh("sh", "-c", "pgbouncer --version 2>&1 | head -1").trim() + "; "
                        + sh("sh", "-c", "wrk -v 2>&1 | head -1").trim().split(" \\[")[0],
                "Load generator: wrk on the same machine (its threads compete for the same cores). CPU/cert is "
                        + "utime+stime of the process and of its database's PostgreSQL backends per request; for cfssl "
                        + "the PostgreSQL share is a lower bound (Go closes idle connections, and their backends' CPU "
                        + "leaves with them), and PgBouncer's own CPU is not counted.");
    }

    // ------------------------------------------------------------------ CA material

    /** A CA key and certificate made by openssl, used by Portcullis (imported), cfssl, openssl and the JVM ceiling. */
    final class Ca {
        final String label;
        final Path dir;
        List<String> csrs;
        Path portcullisBodies;
        Path cfsslBodies;
        /** Where the next run starts in each body file, so no CSR is sent twice. */
        final Map<Path, Integer> nextLine = new java.util.HashMap<>();
        X509Certificate certificate;
        PrivateKey key;

        Ca(String label, Path dir) {
            this.label = label;
            this.dir = dir;
        }

        boolean ec() {
            return label.startsWith("EC");
        }

        void create() throws Exception {
            Files.createDirectories(dir);
            if (ec()) {
                sh("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", path("ca.key"));
            } else {
                sh("openssl", "genrsa", "-out", path("ca.key"), "4096");
            }
            sh("openssl", "req", "-x509", "-new", "-key", path("ca.key"), "-subj", "/CN=Bench " + label + " CA/O=Bench",
                    "-days", "3650", "-addext", "basicConstraints=critical,CA:TRUE",
                    "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", path("ca.crt"));
            try (PEMParser parser = new PEMParser(Files.newBufferedReader(dir.resolve("ca.key")))) {
                Object o = parser.readObject();
                JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BC);
                key = o instanceof PEMKeyPair kp ? converter.getKeyPair(kp).getPrivate()
                        : converter.getPrivateKey((PrivateKeyInfo) o);
            }
            try (PEMParser parser = new PEMParser(Files.newBufferedReader(dir.resolve("ca.crt")))) {
                certificate = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().setProvider(BC)
                        .getCertificate((X509CertificateHolder) parser.readObject());
            }
        }

        String path(String name) {
            return dir.resolve(name).toString();
        }

        void writeBodies() throws IOException {
            portcullisBodies = dir.resolve("portcullis.lines");
            cfsslBodies = dir.resolve("cfssl.lines");
            List<String> p = new ArrayList<>();
            List<String> c = new ArrayList<>();
            for (String pem : csrs) {
                String json = pem.replace("\n", "\\n");
                p.add("{\"csr\":\"" + json + "\",\"validityDays\":30}");
                c.add("{\"certificate_request\":\"" + json + "\"}");
            }
            Files.write(portcullisBodies, p);
            Files.write(cfsslBodies, c);
            Path csrDir = Files.createDirectories(dir.resolve("csr"));
            for (int i = 0; i < sizes.opensslCerts(); i++) {
                Files.writeString(csrDir.resolve(i + ".csr"), csrs.get(csrs.size() - 1 - i));
            }
        }
    }

    /** Distinct P-256 CSRs (distinct subjects and signatures, keys from a pool of 256), made in-JVM. */
    static List<String> csrs(String tag, int n) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair[] keys = new KeyPair[256];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = generator.generateKeyPair();
        }
        String run = Long.toHexString(System.nanoTime());
        return IntStream.range(0, n).parallel().mapToObj(i -> {
            try {
                KeyPair kp = keys[i % keys.length];
                String cn = "bench-" + tag.toLowerCase(Locale.ROOT) + "-" + run + "-" + i;
                ExtensionsGenerator ext = new ExtensionsGenerator();
                ext.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, cn + ".bench.example")));
                PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + cn),
                        kp.getPublic()).addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(kp.getPrivate()));
                return pem("CERTIFICATE REQUEST", csr.getEncoded());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    // ------------------------------------------------------------------ the service

    final class Service {
        final Ca ca;
        final String db;
        final List<String> jvmArgs;
        final int port = freePort();
        final String url = "http://127.0.0.1:" + port;
        Process process;
        double readySeconds;
        double peakRssMb;

        Service(Ca ca, String db, List<String> jvmArgs) {
            this.ca = ca;
            this.db = db;
            this.jvmArgs = jvmArgs;
        }

        void start() throws Exception {
            ProcessBuilder builder = productionCommand(jar, jvmArgs, ca.dir.resolve("service.log"));
            builder.environment().putAll(Map.of(
                    "QUARKUS_HTTP_PORT", Integer.toString(port),
                    "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + db,
                    "QUARKUS_DATASOURCE_USERNAME", "postgres",
                    "PORTCULLIS_PUBLIC_URL", url,
                    "PORTCULLIS_CA_PASSPHRASE", "bench-ca-passphrase",
                    "PORTCULLIS_ADMIN_TOKEN", TOKEN,
                    "PORTCULLIS_CA_IMPORT_CERT", ca.path("ca.crt"),
                    "PORTCULLIS_CA_IMPORT_KEY", ca.path("ca.key")));
            // the rate limiter stays in the path (its cost is measured), with buckets no load here can empty
            builder.environment().putAll(Map.of(
                    "PORTCULLIS_RATE_LIMIT_PER_TOKEN_CAPACITY", "1000000000",
                    "PORTCULLIS_RATE_LIMIT_PER_TOKEN_REFILL_PER_MINUTE", "1000000000",
                    "PORTCULLIS_RATE_LIMIT_PER_ADDRESS_CAPACITY", "1000000000",
                    "PORTCULLIS_RATE_LIMIT_PER_ADDRESS_REFILL_PER_MINUTE", "1000000000"));
            for (String group : List.of("OCSP", "TRUST_MATERIAL", "OTHER")) { // OCSP and CRL loads without credentials
                builder.environment().put("PORTCULLIS_RATE_LIMIT_ANONYMOUS_" + group + "_CAPACITY", "1000000000");
                builder.environment().put("PORTCULLIS_RATE_LIMIT_ANONYMOUS_" + group + "_REFILL_PER_MINUTE", "1000000000");
            }
            long t0 = System.nanoTime();
            process = builder.start();
            processes.add(process);
            readySeconds = awaitReady(process, url, t0, ca.dir.resolve("service.log"));
        }

        double rssMb() throws IOException {
            return status(process.pid(), "VmRSS");
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
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

    /**
     * The framework floor: {@code src/bench/floor} (the service's stack, Quarkus REST + Hibernate ORM Panache +
     * Flyway + SmallRye Health, with one entity and one query instead of a CA) started with the production
     * command on a database of its own, once to migrate it, then {@code readyRestarts} times: start → ready
     * (median) and RSS once ready. What the stack alone costs here, for the start and memory targets.
     */
    void floor() throws Exception {
        Path floorJar = floorJar();
        String db = database("floor");
        List<Double> readies = new ArrayList<>();
        double rss = 0;
        for (int i = 0; i <= sizes.readyRestarts(); i++) {
            int port = freePort();
            Path log = work.resolve("floor.log");
            ProcessBuilder builder = productionCommand(floorJar, List.of(), log);
            builder.environment().putAll(Map.of("QUARKUS_HTTP_PORT", Integer.toString(port),
                    "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + db));
            long t0 = System.nanoTime();
            Process process = builder.start();
            processes.add(process);
            double ready = awaitReady(process, "http://127.0.0.1:" + port, t0, log);
            if (i > 0) { // the first start migrated the empty database, as a fresh start of the service does
                readies.add(ready);
                rss = Math.max(rss, status(process.pid(), "VmRSS"));
            }
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        readies.sort(null);
        figures.put("floor_ready_s", readies.get(readies.size() / 2));
        figures.put("floor_rss_idle_mb", rss);
        floorReadies = readies;
    }

    /** The floor's packaged jar, next to this script ({@code run.sh} builds it). */
    Path floorJar() {
        Path floorJar = script.resolveSibling("floor").resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(floorJar)) {
            throw new IllegalStateException(floorJar + " is missing: src/bench/run.sh builds it");
        }
        return floorJar;
    }

    /** A {@code /proc/PID/status} field in MB. */
    static double status(long pid, String field) throws IOException {
        String s = Files.readString(Path.of("/proc/" + pid + "/status"));
        return Long.parseLong(grep(s, field + ":\\s*(\\d+) kB")) / 1024.0;
    }

    // ------------------------------------------------------------------ issuance

    static final int[] CONCURRENCY = {1, 8, 32};
    static final double JIT_SLICE_SECONDS = 10;
    /** Warm-up passes may repeat CSRs; measured passes must not. */
    boolean warming;

    /** CPU seconds the JVM's JIT compilers have spent so far ({@code jstat -compiler}). */
    static double jitSeconds(long pid) throws Exception {
        String[] lines = sh("jstat", "-compiler", Long.toString(pid)).trim().split("\n");
        return Double.parseDouble(lines[lines.length - 1].trim().split("\\s+")[3]);
    }

    /** One slice of load, {@link #JIT_SLICE_SECONDS} long. */
    interface Slice {
        void run() throws Exception;
    }

    /**
     * Runs slices of load until the JVM's JIT compilers spend under 2 % of a slice compiling, for at most
     * {@code jitSettleSeconds}; returns the seconds of load it ran.
     */
    double untilJitSettles(long pid, Slice slice) throws Exception {
        double ran = 0;
        double compiling = jitSeconds(pid);
        while (ran < sizes.jitSettleSeconds()) {
            slice.run();
            ran += JIT_SLICE_SECONDS;
            double now = jitSeconds(pid);
            boolean quiet = now - compiling < 0.02 * JIT_SLICE_SECONDS;
            compiling = now;
            if (quiet) {
                break;
            }
        }
        return ran;
    }

    /** Warm-up (60 s at c=32, and for a JVM until its JIT settles), then c=1, 8, 32; every response must be 201 (Portcullis) or 200 (cfssl), every 201 a committed row. */
    void issuanceRuns(String who, Ca ca, String url, Path bodies, Object target, String db) throws Exception {
        boolean portcullis = target instanceof Service;
        int expected = portcullis ? 201 : 200;
        List<String> headers = portcullis ? List.of("Authorization: Bearer " + TOKEN) : List.of();
        long committedBefore = committed(db, portcullis);
        // a JVM's C2 compiler takes most of a core for minutes of load on two cores: warm up at full
        // concurrency until it has settled, so the measured passes see compiled code. The warm-up sends the
        // second half of the CSR list (repeating it if need be: nothing is cached by CSR); the measured
        // passes then start at the first line and never see a CSR twice.
        ca.nextLine.put(bodies, sizes.csrs() / 2);
        warming = true;
        long okTotal = wrk(url, bodies, ca, 32, sizes.warmSeconds(), expected, headers, null).ok;
        if (portcullis) {
            long pid = ((Service) target).process.pid();
            long[] ok = {okTotal};
            double settled = untilJitSettles(pid, () -> ok[0] += wrk(url, bodies, ca, 32, JIT_SLICE_SECONDS, expected,
                    headers, null).ok);
            okTotal = ok[0];
            figures.put("jit_settle/" + ca.label, settled);
            progress(String.format(Locale.ROOT, "%s warmed up for %.0f s (+%.0f s until the JIT settled, %.0f s compiling)",
                    ca.label, sizes.warmSeconds(), settled, jitSeconds(pid)));
        }
        ca.nextLine.put(bodies, 0);
        warming = false;
        for (int c : CONCURRENCY) {
            Sampler rss = portcullis && c == 32 ? new Sampler(((Service) target).process.pid()) : null;
            long pid = portcullis ? ((Service) target).process.pid() : ((Process) target).pid();
            Cpu cpu = new Cpu(pid, db);
            WrkResult r = wrk(url, bodies, ca, c, sizes.seconds(), expected, headers, rss);
            cpu.stop();
            okTotal += r.ok;
            if (rss != null) {
                ((Service) target).peakRssMb = rss.stop();
            }
            String key = who + "/" + ca.label + "/c" + c;
            figures.put(key + "/rate", r.rate());
            figures.put(key + "/p50", r.p50ms());
            figures.put(key + "/p99", r.p99ms());
            double serviceMs = cpu.processMs / Math.max(1, r.requests);
            double pgMs = cpu.postgresMs / Math.max(1, r.requests);
            figures.put(key + "/cpu", serviceMs + pgMs);
            rows.add(new String[] {"Issuance " + who + " " + ca.label + " c=" + c,
                    fmt(r.rate()) + " certs/s", "p50 " + fmt2(r.p50ms()) + " ms, p99 " + fmt2(r.p99ms()) + " ms",
                    "CPU/cert " + fmt2(serviceMs) + " ms service + " + fmt2(pgMs) + " ms PostgreSQL → "
                            + fmt(CORES * 1000 / (serviceMs + pgMs)) + "/s on " + CORES + " idle cores; "
                            + r.ok + " × " + expected + ", " + r.bad + " other, " + r.errors + " socket errors"});
            if (r.bad > 0) {
                failures.add(key + ": " + r.bad + " responses not " + expected + " (" + r.firstBad + ")");
            }
        }
        if (okTotal == 0) {
            failures.add(who + " " + ca.label + ": no successful response at all");
        }
        long committed = committed(db, portcullis) - committedBefore;
        if (committed < okTotal) {
            failures.add(who + " " + ca.label + ": " + okTotal + " successful responses but only " + committed
                    + " committed rows");
        }
        rows.add(new String[] {"  committed rows check " + who + " " + ca.label, committed + " rows",
                "≥ " + okTotal + " successful responses", committed >= okTotal ? "ok" : "FAILED"});
    }

    long committed(String db, boolean portcullis) throws Exception {
        return Long.parseLong(psql(db, portcullis ? "SELECT count(*) FROM certificates WHERE status = 'valid'"
                : "SELECT count(*) FROM certificates").trim());
    }

    record WrkResult(long requests, long ok, long bad, long errors, double seconds, double p50us, double p99us,
            String firstBad) {
        double rate() {
            return ok / seconds;
        }

        double p50ms() {
            return p50us / 1000;
        }

        double p99ms() {
            return p99us / 1000;
        }
    }

    static final Pattern RESULT = Pattern.compile("RESULT requests=(\\d+) ok=(\\d+) bad=(\\d+) sent=(\\d+) lines=(\\d+) "
            + "duration_us=(\\d+) p50_us=(\\d+) p99_us=(\\d+) errors=(\\d+)");

    /** One wrk run through load.lua; each run starts where the last one stopped in the CA's CSR list. */
    WrkResult wrk(String url, Path lines, Ca ca, int connections, double seconds, int expected, List<String> headers,
            Sampler sampler) throws Exception {
        int threads = Math.min(2, connections);
        int start = ca == null ? 0 : ca.nextLine.getOrDefault(lines, 0);
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections,
                "-d" + Math.max(1, Math.round(seconds)) + "s", "--timeout", "10s", "-s", script.toString(), url, "--",
                lines.toString(), Integer.toString(start), Integer.toString(threads), ca == null ? "get" : "post-json",
                Integer.toString(expected)));
        command.addAll(headers);
        String out = sh(command.toArray(String[]::new));
        if (sampler != null) {
            sampler.stop();
        }
        Matcher m = RESULT.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("wrk gave no result:\n" + out);
        }
        long sent = Long.parseLong(m.group(4));
        long nLines = Long.parseLong(m.group(5));
        if (ca != null) {
            int next = ca.nextLine.merge(lines, (int) sent, Integer::sum);
            if (next > nLines && !warming) {
                String note = "CSR list " + lines.getFileName() + " of " + ca.label + " wrapped (" + next + " > "
                        + nLines + "): some CSRs were sent twice";
                notes.add(note);
            }
        }
        Matcher bad = Pattern.compile("FIRSTBAD (.*)").matcher(out);
        return new WrkResult(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                Long.parseLong(m.group(9)), Long.parseLong(m.group(6)) / 1e6, Long.parseLong(m.group(7)),
                Long.parseLong(m.group(8)), bad.find() ? bad.group(1) : "");
    }

    static final int CORES = Runtime.getRuntime().availableProcessors();

    /**
     * CPU time a run cost the process under test and its PostgreSQL backends (utime + stime from
     * /proc): on a machine shared with other work, CPU per certificate is the figure that load does
     * not distort much, and cores ÷ it is the rate the same cores would give to this work alone.
     */
    static final class Cpu {
        final long pid;
        final String db;
        final Map<Long, Long> postgresBefore = new java.util.HashMap<>();
        final long processBefore;
        double processMs;
        double postgresMs;

        Cpu(long pid, String db) throws Exception {
            this.pid = pid;
            this.db = db;
            for (long backend : backends(db)) {
                postgresBefore.put(backend, ticks(backend));
            }
            processBefore = ticks(pid);
        }

        void stop() throws Exception {
            processMs = (ticks(pid) - processBefore) * 10.0;
            long pg = 0;
            for (long backend : backends(db)) {
                pg += ticks(backend) - postgresBefore.getOrDefault(backend, 0L);
            }
            postgresMs = pg * 10.0;
        }

        static List<Long> backends(String db) throws Exception {
            return java.util.Arrays.stream(psql(db, "SELECT pid FROM pg_stat_activity WHERE datname = '" + db
                    + "' AND pid <> pg_backend_pid()").trim().split("\n")).filter(x -> !x.isBlank())
                    .map(Long::parseLong).toList();
        }

        /** utime + stime in clock ticks (USER_HZ, 100 on Linux). */
        static long ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException e) {
                return 0; // the backend ended
            }
        }
    }

    /** Peak RSS of a process, sampled every 100 ms. */
    static final class Sampler {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong peakKb = new AtomicLong();
        final Thread thread;

        Sampler(long pid) {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        peakKb.accumulateAndGet((long) (status(pid, "VmRSS") * 1024), Math::max);
                        Thread.sleep(100);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        double stop() throws InterruptedException {
            running.set(false);
            thread.join();
            return peakKb.get() / 1024.0;
        }
    }

    // ------------------------------------------------------------------ ceilings

    void ceilings(Ca ca) throws Exception {
        List<byte[]> pems = ca.csrs.subList(0, Math.min(ca.csrs.size(), 5000)).stream()
                .map(s -> s.getBytes(StandardCharsets.US_ASCII)).toList();
        int cores = Runtime.getRuntime().availableProcessors();
        double one = jvmCeiling(ca, pems, 1);
        double all = jvmCeiling(ca, pems, cores);
        String alg = ca.ec() ? "ecdsap256" : "rsa4096";
        String speed = sh("openssl", "speed", "-seconds", "1", "-mr", alg);
        Matcher m = Pattern.compile("\\+F\\d+:\\d+:\\d+:([0-9.]+):([0-9.]+)").matcher(speed);
        double opensslSign = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        figures.put("ceiling/" + ca.label, all);
        double service = figures.get("Portcullis/" + ca.label + "/c32/rate");
        double cpuMs = ceilingCpuMs.get(ca.label);
        double serviceCpu = figures.get("Portcullis/" + ca.label + "/c32/cpu");
        figures.put("ceiling_cpu_ratio/" + ca.label, cpuMs / serviceCpu);
        rows.add(new String[] {"JVM ceiling " + ca.label + " (parse+PoP+build+sign+PEM)",
                fmt(one) + "/s on 1 thread, " + fmt(all) + "/s on " + cores,
                "service c=32 ÷ ceiling = " + pct(service / all) + " (by CPU/cert: " + pct(cpuMs / serviceCpu) + ")",
                "CPU/cert " + fmt2(cpuMs) + " ms → " + fmt(CORES * 1000 / cpuMs) + "/s on " + CORES
                        + " idle cores; same CA key, in-process"});
        rows.add(new String[] {"openssl speed " + alg + " sign", fmt(opensslSign) + "/s on 1 core",
                "service c=32 ÷ openssl = " + pct(service / opensslSign), "raw signature only"});
    }

    /** Issuances per second in-process: what the service does per certificate minus HTTP and the database. */
    double jvmCeiling(Ca ca, List<byte[]> pems, int threads) throws Exception {
        X500Name issuer = X500Name.getInstance(ca.certificate.getSubjectX500Principal().getEncoded());
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        AuthorityKeyIdentifier aki = utils.createAuthorityKeyIdentifier(ca.certificate.getPublicKey());
        String algorithm = ca.ec() ? "SHA256withECDSA" : "SHA256withRSA";
        AtomicLong done = new AtomicLong();
        AtomicLong cpuNanos = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread w = new Thread(() -> {
                long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                try {
                    SecureRandom random = new SecureRandom();
                    for (int i = offset; !stop.get(); i += threads) {
                        byte[] pemBytes = pems.get(i % pems.size());
                        PKCS10CertificationRequest csr;
                        try (PEMParser parser = new PEMParser(new java.io.InputStreamReader(
                                new java.io.ByteArrayInputStream(pemBytes), StandardCharsets.US_ASCII))) {
                            csr = (PKCS10CertificationRequest) parser.readObject();
                        }
                        SubjectPublicKeyInfo spki = csr.getSubjectPublicKeyInfo();
                        // as the service: the key as a JCA key (kept on the request), the proof of possession
                        // through BouncyCastle's lightweight ECDSA verifier
                        new JcaPEMKeyConverter().setProvider(BC).getPublicKey(spki);
                        if (!csr.isSignatureValid(new BcECContentVerifierProviderBuilder(new DefaultDigestAlgorithmIdentifierFinder())
                                .build(PublicKeyFactory.createKey(spki)))) {
                            throw new IllegalStateException("bad PoP");
                        }
                        MessageDigest.getInstance("SHA-256").digest(spki.getEncoded());
                        Date now = new Date();
                        X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer,
                                new BigInteger(1, next(random)),
                                now, new Date(now.getTime() + 30L * 86_400_000), csr.getSubject(), spki);
                        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                        b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(spki));
                        b.addExtension(Extension.authorityKeyIdentifier, false, aki);
                        b.addExtension(Extension.subjectAlternativeName, false,
                                GeneralNames.fromExtensions(csr.getRequestedExtensions(), Extension.subjectAlternativeName));
                        b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                            new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(
                                    GeneralName.uniformResourceIdentifier, "http://127.0.0.1:8080/api/v1/crl"))), null, null)}));
                        ContentSigner signer = new JcaContentSignerBuilder(algorithm).setProvider(BC).build(ca.key);
                        byte[] der = b.build(signer).getEncoded();
                        MessageDigest.getInstance("SHA-256").digest(der);
                        pem("CERTIFICATE", der);
                        done.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                cpuNanos.addAndGet(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0);
            });
            workers.add(w);
        }
        // warm-up pass (JIT), then the measured pass
        for (int pass = 0; pass < 2; pass++) {
            done.set(0);
            cpuNanos.set(0);
            stop.set(false);
            List<Thread> running = new ArrayList<>();
            for (Thread proto : workers) {
                Thread w = new Thread(proto);
                running.add(w);
            }
            long t0 = System.nanoTime();
            running.forEach(Thread::start);
            Thread.sleep((long) (sizes.ceilingSeconds() * 1000));
            stop.set(true);
            for (Thread w : running) {
                w.join();
            }
            if (pass == 1) {
                ceilingCpuMs.put(ca.label, cpuNanos.get() / 1e6 / done.get());
                return done.get() / ((System.nanoTime() - t0) / 1e9);
            }
        }
        throw new AssertionError();
    }

    static byte[] next(SecureRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[0] &= 0x7f;
        b[0] |= 0x01;
        return b;
    }

    // ------------------------------------------------------------------ peers

    /** The two cfssl contenders: straight to PostgreSQL, and through PgBouncer. */
    static final List<String> CFSSL_PEERS = List.of("cfssl+PostgreSQL", "cfssl+PgBouncer+PostgreSQL");

    /**
     * cfssl with its PostgreSQL certdb, as the issue names it and behind a connection pool: Go's database/sql
     * keeps two idle connections, so above concurrency 2 most requests open a new PostgreSQL connection (a
     * backend process), which a host with slow process creation turns into the bottleneck. The target is
     * checked against the faster of the two.
     */
    void cfssl(Ca ca) throws Exception {
        for (String peer : CFSSL_PEERS) {
            cfssl(ca, peer, peer.contains("PgBouncer"));
        }
        for (int c : new int[] {8, 32}) {
            String fastest = null;
            for (String peer : CFSSL_PEERS) {
                double ratio = figures.get("Portcullis/" + ca.label + "/c" + c + "/rate")
                        / figures.get(peer + "/" + ca.label + "/c" + c + "/rate");
                double cpuRatio = figures.get(peer + "/" + ca.label + "/c" + c + "/cpu")
                        / figures.get("Portcullis/" + ca.label + "/c" + c + "/cpu");
                rows.add(new String[] {"  Portcullis ÷ " + peer + " " + ca.label + " c=" + c, fmt2(ratio) + " × (wall clock)",
                        fmt2(cpuRatio) + " × (by CPU/cert incl. PostgreSQL)", ""});
                if (fastest == null || ratio < figures.get("ratio_cfssl/" + ca.label + "/c" + c)) {
                    fastest = peer;
                    figures.put("ratio_cfssl/" + ca.label + "/c" + c, ratio);
                    figures.put("cpu_ratio_cfssl/" + ca.label + "/c" + c, cpuRatio);
                }
            }
            fastestCfssl.put(ca.label + "/c" + c, fastest);
        }
    }

    final Map<String, String> fastestCfssl = new java.util.HashMap<>();

    void cfssl(Ca ca, String who, boolean pooled) throws Exception {
        String db = database("cfssl_" + (pooled ? "pool_" : "") + (ca.ec() ? "ec" : "rsa"));
        psql(db, """
                CREATE TABLE certificates (
                  serial_number bytea NOT NULL, authority_key_identifier bytea NOT NULL, ca_label bytea,
                  status bytea NOT NULL, reason int, expiry timestamptz, revoked_at timestamptz, pem bytea NOT NULL,
                  issued_at timestamptz, not_before timestamptz, metadata jsonb, sans jsonb, common_name text,
                  PRIMARY KEY (serial_number, authority_key_identifier));
                CREATE TABLE ocsp_responses (
                  serial_number bytea NOT NULL, authority_key_identifier bytea NOT NULL, body bytea NOT NULL,
                  expiry timestamptz, PRIMARY KEY (serial_number, authority_key_identifier),
                  FOREIGN KEY (serial_number, authority_key_identifier)
                    REFERENCES certificates (serial_number, authority_key_identifier));""");
        try (Pgbouncer pool = pooled ? pgbouncer(ca) : null) {
            Path dbConfig = ca.dir.resolve(pooled ? "cfssl-pool-db.json" : "cfssl-db.json");
            Files.writeString(dbConfig, "{\"driver\":\"postgres\",\"data_source\":\"postgres://postgres@127.0.0.1:"
                    + (pool == null ? 5432 : pool.port()) + "/" + db + "?sslmode=disable\"}");
            int port = freePort();
            Process cfssl = new ProcessBuilder("cfssl", "serve", "-address", "127.0.0.1", "-port", Integer.toString(port),
                    "-ca", ca.path("ca.crt"), "-ca-key", ca.path("ca.key"), "-db-config", dbConfig.toString(),
                    "-loglevel", "3").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(ca.dir.resolve("cfssl.log").toFile())).start();
            processes.add(cfssl);
            try {
                String url = "http://127.0.0.1:" + port;
                awaitListening(cfssl, "127.0.0.1", port, "cfssl", ca.dir.resolve("cfssl.log"));
                issuanceRuns(who, ca, url + "/api/v1/cfssl/sign", ca.cfsslBodies, cfssl, db);
            } finally {
                cfssl.destroy();
                cfssl.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** A PgBouncer of one contender; closing it stops it and removes its files. */
    record Pgbouncer(Process process, int port, Path dir) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            for (String file : List.of("userlist.txt", "pgbouncer.ini", "")) {
                Files.deleteIfExists(dir.resolve(file));
            }
        }
    }

    /**
     * PgBouncer in session mode with 20 server connections in front of the local PostgreSQL. It refuses to run
     * as root, so as root it runs as postgres, from a directory that user can read.
     */
    Pgbouncer pgbouncer(Ca ca) throws Exception {
        Path dir = Files.createTempDirectory("portcullis-bench-pgbouncer-");
        int port = freePort();
        Path users = dir.resolve("userlist.txt");
        Files.writeString(users, "\"postgres\" \"\"\n");
        Path ini = dir.resolve("pgbouncer.ini");
        Files.writeString(ini, """
                [databases]
                * = host=127.0.0.1 port=5432
                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = %d
                unix_socket_dir =
                auth_type = trust
                auth_file = %s
                pool_mode = session
                default_pool_size = 20
                max_client_conn = 500
                ignore_startup_parameters = extra_float_digits
                """.formatted(port, users));
        for (Path p : List.of(dir, users, ini)) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
                    Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        List<String> command = "root".equals(System.getProperty("user.name"))
                ? List.of("runuser", "-u", "postgres", "--", "pgbouncer", ini.toString())
                : List.of("pgbouncer", ini.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(ca.dir.resolve("pgbouncer.log").toFile())).start();
        processes.add(process);
        Pgbouncer pool = new Pgbouncer(process, port, dir);
        try {
            awaitListening(process, "127.0.0.1", port, "PgBouncer", ca.dir.resolve("pgbouncer.log"));
        } catch (Exception e) {
            pool.close();
            throw e;
        }
        return pool;
    }

    /** Waits until a contender accepts connections: at most 30 s, and not after it has exited. */
    static void awaitListening(Process process, String host, int port, String what, Path log) throws Exception {
        long t0 = System.nanoTime();
        while (true) {
            try (java.net.Socket socket = new java.net.Socket(host, port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(30)) {
                    throw new IllegalStateException(what + " did not start: see " + log);
                }
                Thread.sleep(20);
            }
        }
    }

    /** The README's openssl recipe, one {@code openssl x509 -req} process per certificate, 1 and 2 in parallel. */
    void opensslLoop(Ca ca) throws Exception {
        Path csrDir = ca.dir.resolve("csr");
        int n = sizes.opensslCerts();
        String loop = "cd " + ca.dir + " && mkdir -p out && for i in $(seq $1 $2 $3); do "
                + "openssl x509 -req -in csr/$i.csr -CA ca.crt -CAkey ca.key -CAserial out/serial$1 -CAcreateserial "
                + "-days 30 -sha256 -out out/$i.crt 2>/dev/null || exit 1; done";
        for (int parallel : new int[] {1, 2}) {
            long t0 = System.nanoTime();
            List<Process> ps = new ArrayList<>();
            for (int p = 0; p < parallel; p++) {
                ps.add(new ProcessBuilder("sh", "-c", loop, "sh", Integer.toString(p), Integer.toString(parallel),
                        Integer.toString(n - 1)).inheritIO().start());
            }
            for (Process p : ps) {
                if (p.waitFor() != 0) {
                    failures.add("openssl loop failed for " + ca.label);
                }
            }
            double rate = n / ((System.nanoTime() - t0) / 1e9);
            figures.put("openssl_loop/" + ca.label + "/" + parallel, rate);
            rows.add(new String[] {"openssl CLI recipe " + ca.label + ", " + parallel + " in parallel", fmt(rate) + " certs/s",
                    "Portcullis c=32 ÷ recipe = " + fmt(figures.get("Portcullis/" + ca.label + "/c32/rate") / rate) + " ×",
                    n + " certificates, no record"});
        }
        if (!Files.exists(csrDir)) {
            throw new IllegalStateException(csrDir + " missing");
        }
    }

    // ------------------------------------------------------------------ OCSP

    void ocsp(Ca ca, Service service) throws Exception {
        List<String> serials = List.of(psql(service.db,
                "SELECT serial_number FROM certificates WHERE status = 'valid' LIMIT 2000").trim().split("\n"));
        X509CertificateHolder issuer = new X509CertificateHolder(ca.certificate.getEncoded());
        var sha1 = new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1);
        List<String> paths = new ArrayList<>();
        for (String s : serials) {
            byte[] req = new OCSPReqBuilder().addRequest(new CertificateID(sha1, issuer, new BigInteger(s, 16)))
                    .build().getEncoded();
            paths.add("/api/v1/ocsp/" + Base64.getUrlEncoder().withoutPadding().encodeToString(req));
        }
        Path file = ca.dir.resolve("ocsp.lines");
        Files.write(file, paths);
        // one answer checked in full: successful, signed, and "good" for a known serial
        byte[] body = HTTP.send(HttpRequest.newBuilder(URI.create(service.url + paths.get(0))).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        OCSPResp resp = new OCSPResp(body);
        BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
        if (resp.getStatus() != 0 || basic.getResponses()[0].getCertStatus() != null) {
            failures.add("OCSP answer for a known serial is not 'good'");
        }
        WrkResult r = wrk(service.url, file, null, 32, sizes.seconds(), 200, List.of(), null);
        figures.put("ocsp", r.rate());
        rows.add(new String[] {"OCSP GET, known serials, c=32", fmt(r.rate()) + " responses/s",
                "p50 " + fmt2(r.p50ms()) + " ms, p99 " + fmt2(r.p99ms()) + " ms",
                serials.size() + " serials, " + r.bad + " not 200"});
        if (r.bad > 0) {
            failures.add("OCSP: " + r.bad + " responses not 200");
        }
    }

    // ------------------------------------------------------------------ revocation

    void revocation(Ca ca, Service service) throws Exception {
        List<String> valid = new ArrayList<>(List.of(psql(service.db,
                "SELECT serial_number FROM certificates WHERE status = 'valid' LIMIT 100").trim().split("\n")));
        int inserted = 0;
        for (int s = 0; s < sizes.revokedRows().length; s++) {
            int target = sizes.revokedRows()[s];
            progress("revocation " + target);
            long t0 = System.nanoTime();
            // every certificate belongs to a device: the bulk rows share one, revoked like them
            psql(service.db, "SET synchronous_commit = off; INSERT INTO devices (id, status, subject, key_algorithm, "
                    + "spki_sha256, enrolled_by, initial_lifetime_seconds, current_serial, created_at, revoked_at, "
                    + "revocation_reason) VALUES ('bench-bulk', 'revoked', 'CN=bulk', 'EC-P256', 'bulk', 'admin:bench', "
                    + "86400, 'b1', now(), now(), 'keyCompromise') ON CONFLICT (id) DO NOTHING; "
                    + "INSERT INTO certificates (serial_number, status, subject, "
                    + "common_name, not_before, not_after, key_algorithm, spki_sha256, sha256_fingerprint, certificate, csr, "
                    + "issued_by, issued_at, revoked_at, revocation_reason, revoked_by, device_id) "
                    + "SELECT 'b' || lpad(to_hex(i), 15, '0'), 'revoked', 'CN=bulk-' || i, 'bulk-' || i, "
                    + "now() - interval '1 day', now() + interval '300 days', 'EC-P256', md5(i::text), 'bulk-' || i, "
                    + "'\\x00'::bytea, '\\x00'::bytea, 'admin:bench', now() - interval '1 day', now() - interval '1 hour', "
                    + "'keyCompromise', 'admin:bench', 'bench-bulk' FROM generate_series(" + (inserted + 1) + ", " + target + ") i; "
                    + "ANALYZE certificates;");
            double insertSeconds = (System.nanoTime() - t0) / 1e9;
            inserted = target;

            // revoke → new CRL served, sampled; heap sampled with jstat while the CRLs are built
            Path jstatOut = ca.dir.resolve("jstat-" + target + ".txt");
            Process jstat = new ProcessBuilder("jstat", "-gc", Long.toString(service.process.pid()), "50")
                    .redirectErrorStream(true).redirectOutput(jstatOut.toFile()).start();
            processes.add(jstat);
            List<Double> latencies = new ArrayList<>();
            List<Double> builds = new ArrayList<>();
            byte[] crl = null;
            for (int i = 0; i < sizes.revokeSamples()[s]; i++) {
                String serial = valid.remove(0);
                String before = get(service.url + "/api/v1/crl", Map.of()).headers().firstValue("ETag").orElse("");
                long r0 = System.nanoTime();
                HttpResponse<String> revoke = HTTP.send(HttpRequest.newBuilder(
                        URI.create(service.url + "/api/v1/certificates/" + serial + "/revoke"))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"keyCompromise\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                double revokeSeconds = (System.nanoTime() - r0) / 1e9;
                if (revoke.statusCode() != 200) {
                    failures.add("revoke " + serial + ": " + revoke.statusCode() + " " + revoke.body());
                    break;
                }
                while (true) {
                    HttpResponse<byte[]> got = HTTP.send(HttpRequest.newBuilder(URI.create(service.url + "/api/v1/crl")).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (!got.headers().firstValue("ETag").orElse("").equals(before)) {
                        latencies.add((System.nanoTime() - r0) / 1e6);
                        crl = got.body();
                        break;
                    }
                    if (System.nanoTime() - r0 > TimeUnit.SECONDS.toNanos(60)) {
                        failures.add("revocation of " + serial + " not in a served CRL after 60 s");
                        break;
                    }
                }
                builds.add(revokeSeconds * 1000);
            }
            jstat.destroy();
            jstat.waitFor();
            double peakHeapMb = peakHeap(Files.readString(jstatOut));
            double crlBuildMs = serverBuildMs(ca);
            long entries = Long.parseLong(psql(service.db, "SELECT entries FROM crls ORDER BY number DESC LIMIT 1").trim());
            String label = String.format(Locale.ROOT, "%,d", target);
            latencies.sort(null);
            builds.sort(null);
            figures.put("revoke_p99_ms/" + target, percentile(latencies, 99));
            figures.put("crl_build_ms/" + target, crlBuildMs);
            figures.put("crl_heap_mb/" + target, peakHeapMb);
            figures.put("crl_entries/" + target, (double) entries);
            figures.put("revoke_samples/" + target, (double) latencies.size());
            rows.add(new String[] {"Revocation, " + label + " revoked rows (bulk insert " + fmt2(insertSeconds) + " s)",
                    "revoke → new CRL served p50 " + fmt(percentile(latencies, 50)) + " ms, p99 "
                            + fmt(percentile(latencies, 99)) + " ms",
                    "CRL build " + fmt(crlBuildMs) + " ms (server), " + entries + " entries, "
                            + fmt2(crl == null ? 0 : crl.length / 1e6) + " MB DER",
                    "peak heap used " + fmt(peakHeapMb) + " MB (-Xmx256m), " + latencies.size() + " samples"});

            // CRL GET from the cached bytes: unconditional and conditional (If-None-Match → 304)
            HttpResponse<Void> head = get(service.url + "/api/v1/crl", Map.of());
            String etag = head.headers().firstValue("ETag").orElseThrow();
            Path crlPath = ca.dir.resolve("crl.lines");
            Files.writeString(crlPath, "/api/v1/crl\n");
            // The first CRL phase meets a process whose JIT compilers are still busy with the issuance load
            // it served seconds before (the 304 rate rose from 10 k to 40 k req/s over three 8 s passes):
            // conditional GETs, unmeasured, until compilation settles.
            List<String> conditional = List.of("If-None-Match: " + etag);
            wrk(service.url, crlPath, null, 32, sizes.crlGetSeconds(), 304, conditional, null);
            double settled = untilJitSettles(service.process.pid(),
                    () -> wrk(service.url, crlPath, null, 32, JIT_SLICE_SECONDS, 304, conditional, null));
            progress(String.format(Locale.ROOT, "CRL GET warmed up (+%.0f s until the JIT settled)", settled));
            WrkResult full = wrk(service.url, crlPath, null, 32, sizes.crlGetSeconds(), 200, List.of(), null);
            WrkResult cond = wrk(service.url, crlPath, null, 32, sizes.crlGetSeconds(), 304, conditional, null);
            figures.put("crl_get/" + target, full.rate());
            figures.put("crl_get_304/" + target, cond.rate());
            rows.add(new String[] {"  CRL GET, " + label + " revoked, c=32",
                    fmt(full.rate()) + " req/s unconditional (200)", fmt(cond.rate()) + " req/s conditional (304)",
                    "p99 " + fmt2(full.p99ms()) + " / " + fmt2(cond.p99ms()) + " ms; " + (full.bad + cond.bad) + " unexpected"});
            if (full.bad + cond.bad > 0) {
                failures.add("CRL GET: unexpected statuses " + full.firstBad + cond.firstBad);
            }
        }
    }

    /** The newest "CRL ... built in N ms" from the service log. */
    double serverBuildMs(Ca ca) throws IOException {
        Matcher m = Pattern.compile("built in (\\d+) ms").matcher(Files.readString(ca.dir.resolve("service.log")));
        double last = Double.NaN;
        while (m.find()) {
            last = Double.parseDouble(m.group(1));
        }
        return last;
    }

    /** Max of S0U+S1U+EU+OU over jstat -gc samples, MB. */
    static double peakHeap(String jstat) {
        double peak = 0;
        List<String> header = null;
        for (String line : jstat.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (line.contains("S0U")) {
                header = List.of(f);
                continue;
            }
            if (header == null || f.length != header.size()) {
                continue;
            }
            double kb = 0;
            for (String col : List.of("S0U", "S1U", "EU", "OU")) {
                kb += Double.parseDouble(f[header.indexOf(col)]);
            }
            peak = Math.max(peak, kb / 1024);
        }
        return peak;
    }

    static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    // ------------------------------------------------------------------ the table

    void print(List<String> machine, String loadBefore, String loadAfter) {
        StringWriter out = new StringWriter();
        out.write("\n## Portcullis benchmark" + (sizes == SMOKE ? " (SMOKE: tiny sizes, figures meaningless)" : "") + "\n\n");
        machine.forEach(l -> out.write("- " + l + "\n"));
        out.write("- Load average (1/5/15 min) before: " + loadBefore.substring(0, loadBefore.lastIndexOf(' ', loadBefore.lastIndexOf(' ') - 1))
                + "; after: " + loadAfter.substring(0, loadAfter.lastIndexOf(' ', loadAfter.lastIndexOf(' ') - 1)) + "\n");
        out.write(String.format(Locale.ROOT, "- Footprint (the production command: `java -XX:SharedArchiveFile=app-cds.jsa "
                + "[-Xmx256m] -jar quarkus-run.jar`): ready %.2f s after start on a fresh database (migrations + CA import), "
                + "%.2f s on the existing one (median of %s s); RSS %.0f MB idle, peak %.0f MB under c=32 (EC, default "
                + "heap: max = 1/4 of RAM), peak %.0f MB under c=32 with -Xmx256m%n%n",
                figures.get("ready_fresh_s"), figures.get("ready_existing_s"),
                readyRestarts.stream().map(Bench::fmt2).collect(Collectors.joining(", ")), figures.get("rss_idle_mb"),
                figures.get("rss_c32_mb"), figures.get("rss_c32_capped_mb")));
        out.write(String.format(Locale.ROOT, "- Framework floor (`src/bench/floor`: Quarkus REST + Hibernate ORM Panache + Flyway "
                + "+ SmallRye Health, one entity, one query at start, no CA; the same command): ready %.2f s on its existing "
                + "database (median of %s s), RSS %.0f MB idle%n%n", figures.get("floor_ready_s"),
                floorReadies.stream().map(Bench::fmt2).collect(Collectors.joining(", ")), figures.get("floor_rss_idle_mb")));
        out.write("| what | result | detail | notes |\n|---|---|---|---|\n");
        for (String[] r : rows) {
            out.write("| " + String.join(" | ", r) + " |\n");
        }
        out.write("\n### Targets\n\n");
        String ec = "EC-P256";
        target(out, "EC-P256 c=32 ≥ 2 × cfssl with PostgreSQL, the faster of direct and pooled (aim 3 ×)",
                figures.get("ratio_cfssl/" + ec + "/c32") >= 2,
                fmt2(figures.get("ratio_cfssl/" + ec + "/c32")) + " × " + fastestCfssl.get(ec + "/c32") + ", wall clock (by CPU/cert: "
                        + fmt2(figures.get("cpu_ratio_cfssl/" + ec + "/c32")) + " ×)");
        target(out, "EC-P256 p99 ≤ 50 ms at c=8", figures.get("Portcullis/" + ec + "/c8/p99") <= 50,
                fmt2(figures.get("Portcullis/" + ec + "/c8/p99")) + " ms");
        double rsaRatio = figures.get("Portcullis/RSA-4096/c32/rate") / figures.get("ceiling/RSA-4096");
        target(out, "RSA-4096 c=32 ≥ 90 % of the JVM ceiling", rsaRatio >= 0.9, pct(rsaRatio) + " wall clock (by CPU/cert: "
                + pct(figures.get("ceiling_cpu_ratio/RSA-4096")) + ")");
        int mid = sizes.revokedRows().length > 1 ? sizes.revokedRows()[1] : sizes.revokedRows()[0];
        int max = sizes.revokedRows()[sizes.revokedRows().length - 1];
        target(out, "revocation in the served CRL ≤ 1 s p99 at " + String.format(Locale.ROOT, "%,d", mid),
                figures.get("revoke_samples/" + mid) > 0 && figures.get("revoke_p99_ms/" + mid) <= 1000, fmt(figures.get("revoke_p99_ms/" + mid)) + " ms");
        boolean built = figures.get("revoke_samples/" + max) > 0 && figures.get("crl_entries/" + max) >= max;
        target(out, String.format(Locale.ROOT, "%,d-entry CRL built ≤ 5 s with ≤ 256 MB heap", max),
                built && figures.get("crl_build_ms/" + max) <= 5000 && figures.get("crl_heap_mb/" + max) <= 256,
                (built ? "" : "NOT BUILT (see the service log), ") +
                fmt(figures.get("crl_build_ms/" + max)) + " ms, peak heap " + fmt(figures.get("crl_heap_mb/" + max))
                        + " MB under -Xmx256m");
        double smallest = sizes.revokedRows()[0];
        target(out, "CRL GET ≥ 10,000 req/s from cached bytes (" + String.format(Locale.ROOT, "%,d", (int) smallest)
                        + " revoked, conditional / unconditional)",
                figures.get("crl_get_304/" + (int) smallest) >= 10_000,
                fmt(figures.get("crl_get_304/" + (int) smallest)) + " / " + fmt(figures.get("crl_get/" + (int) smallest)) + " req/s");
        target(out, "ready ≤ 3 s after start", figures.get("ready_existing_s") <= 3,
                fmt2(figures.get("ready_fresh_s")) + " s fresh, " + fmt2(figures.get("ready_existing_s")) + " s existing (median); "
                        + "the framework floor alone " + fmt2(figures.get("floor_ready_s")) + " s");
        target(out, "RSS ≤ 300 MB under c=32 (default settings)", figures.get("rss_c32_mb") <= 300,
                fmt(figures.get("rss_c32_mb")) + " MB (with -Xmx256m: " + fmt(figures.get("rss_c32_capped_mb")) + " MB); "
                        + "the framework floor alone " + fmt(figures.get("floor_rss_idle_mb")) + " MB idle");
        notes.forEach(n -> out.write("- note: " + n + "\n"));
        System.out.println(out);
    }

    void target(StringWriter out, String what, boolean met, String value) {
        out.write("- " + (met ? "MET   " : "MISSED") + " " + what + ": " + value + "\n");
    }

    // ------------------------------------------------------------------ plumbing

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

    static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String fmt2(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.2f", v);
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f %%", v * 100);
    }
}
