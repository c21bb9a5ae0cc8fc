import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The table and the targets of one run, printed as Markdown. */
final class Report extends Tools {

    final Bench bench;
    final StringWriter out = new StringWriter();

    Report(Bench bench) {
        this.bench = bench;
    }

    /** The machine, the versions of every contender, and how CPU per certificate is counted. */
    static List<String> machine() throws Exception {
        String cpu = grep(sh("lscpu"), "Model name:\\s*(.+)");
        String mem = grep(Files.readString(Path.of("/proc/meminfo")), "MemTotal:\\s*(\\d+)");
        return List.of(
                "CPU: " + cpu + ", " + CORES + " cores; RAM "
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

    double f(String key) {
        return bench.figures.getOrDefault(key, Double.NaN);
    }

    void print(List<String> machine, String loadBefore, String loadAfter) {
        out.write("\n## Portcullis benchmark" + (bench.sizes == Bench.SMOKE ? " (SMOKE: tiny sizes, figures meaningless)" : "")
                + "\n\n");
        machine.forEach(l -> out.write("- " + l + "\n"));
        out.write("- Load average (1/5/15 min) before: " + threeLoads(loadBefore) + "; after: " + threeLoads(loadAfter) + "\n");
        out.write("- Portcullis's crypto provider (`cryptoProvider` of `GET /api/v1/ca`, the default setting): "
                + bench.cryptoProviders.entrySet().stream().map(e -> e.getKey() + " service " + e.getValue())
                .collect(Collectors.joining(", ")) + "\n");
        out.write(String.format(Locale.ROOT, "- Footprint (the production command: `java -XX:SharedArchiveFile=app-cds.jsa "
                + String.join(" ", Service.PRODUCTION) + " -jar quarkus-run.jar`; the issuance rows below run without its "
                + "options, on the JVM's defaults): ready %.2f s after start on a fresh database (migrations + CA import, "
                + "JVM defaults), %.2f s on the existing one (median of %s s); RSS %.0f MB idle, peak %.0f MB under c=32 (EC, "
                + "JVM defaults: G1 up to 1/4 of RAM, C2), peak %.0f MB under c=32 with the production command, which "
                + "issued %.0f certs/s over its %.0f s of that load (warm-up included)%n%n",
                f("ready_fresh_s"), f("ready_existing_s"),
                bench.readyRestarts.stream().map(Tools::fmt2).collect(Collectors.joining(", ")), f("rss_idle_mb"),
                f("rss_c32_mb"), f("rss_c32_capped_mb"), f("rate_c32_capped"),
                bench.sizes.warmSeconds() + bench.sizes.seconds()));
        out.write(String.format(Locale.ROOT, "- Framework floor (`src/bench/floor`: Quarkus REST + Hibernate ORM Panache + Flyway "
                + "+ SmallRye Health, one entity, one query at start, no CA; the same command): ready %.2f s on its existing "
                + "database (median of %s s), RSS %.0f MB idle%n%n", f("floor_ready_s"),
                bench.floorReadies.stream().map(Tools::fmt2).collect(Collectors.joining(", ")), f("floor_rss_idle_mb")));
        out.write("| what | result | detail | notes |\n|---|---|---|---|\n");
        for (String[] r : bench.rows) {
            out.write("| " + String.join(" | ", r) + " |\n");
        }
        out.write("\n### Targets\n\n");
        issuanceTargets();
        keptTargets();
        bench.notes.forEach(n -> out.write("- note: " + n + "\n"));
        System.out.println(out);
    }

    /** "a b c" of /proc/loadavg's "a b c running/total lastpid". */
    static String threeLoads(String loadavg) {
        return loadavg.substring(0, loadavg.lastIndexOf(' ', loadavg.lastIndexOf(' ') - 1));
    }

    void issuanceTargets() {
        String ec = "EC-P256";
        String rsa = "RSA-4096";
        double ec32 = f("ratio_cfssl/" + ec + "/c32");
        target("EC-P256 c=32 ≥ 2.0 × the faster cfssl configuration by wall clock (aim 3 ×)", ec32 >= 2,
                fmt2(ec32) + " × " + bench.fastestCfssl.get(ec + "/c32") + (ec32 >= 3 ? " (aim met)" : ""));
        double ec32Cpu = f("cpu_ratio_cfssl/" + ec + "/c32");
        target("EC-P256 c=32 ≥ 1.5 × the faster cfssl configuration by CPU/cert (incl. PostgreSQL)", ec32Cpu >= 1.5,
                fmt2(ec32Cpu) + " × (cfssl " + fmt2(f(bench.fastestCfssl.get(ec + "/c32") + "/" + ec + "/c32/cpu"))
                        + " ms, Portcullis " + fmt2(f("Portcullis/" + ec + "/c32/cpu")) + " ms)");
        double p99 = f("Portcullis/" + ec + "/c8/p99");
        target("EC-P256 p99 ≤ 15 ms at c=8", p99 <= 15, fmt2(p99) + " ms");
        double ec1 = f("ratio_cfssl/" + ec + "/c1");
        target("EC-P256 c=1 ≥ the faster cfssl configuration's c=1", ec1 >= 1,
                fmt2(ec1) + " × " + bench.fastestCfssl.get(ec + "/c1") + " (by CPU/cert: "
                        + fmt2(f("cpu_ratio_cfssl/" + ec + "/c1")) + " ×)");
        double rsa32 = f("ratio_cfssl/" + rsa + "/c32");
        target("RSA-4096 c=32 ≥ 2.5 × the faster cfssl configuration by wall clock", rsa32 >= 2.5,
                fmt2(rsa32) + " × " + bench.fastestCfssl.get(rsa + "/c32") + " (by CPU/cert: "
                        + fmt2(f("cpu_ratio_cfssl/" + rsa + "/c32")) + " ×)");
        double rsaCeiling = f("ceiling_cpu/AWS-LC/" + rsa) / f("Portcullis/" + rsa + "/c32/cpu");
        target("RSA-4096 c=32 ≥ 85 % of the AWS-LC in-process ceiling by CPU/cert", rsaCeiling >= 0.85,
                pct(rsaCeiling) + " (ceiling " + fmt2(f("ceiling_cpu/AWS-LC/" + rsa)) + " ms, service "
                        + fmt2(f("Portcullis/" + rsa + "/c32/cpu")) + " ms incl. PostgreSQL; wall clock "
                        + pct(f("Portcullis/" + rsa + "/c32/rate") / f("ceiling/AWS-LC/" + rsa)) + ")");
        target("OCSP GET for known serials, c=32: ≥ 5,000 responses/s and p99 ≤ 20 ms",
                f("ocsp") >= 5000 && f("ocsp_p99") <= 20, fmt(f("ocsp")) + "/s, p99 " + fmt2(f("ocsp_p99")) + " ms");
        target("peak RSS ≤ 300 MB under the c=32 EC load with the production command",
                f("rss_c32_capped_mb") <= 300, fmt(f("rss_c32_capped_mb")) + " MB (JVM defaults: " + fmt(f("rss_c32_mb"))
                        + " MB); the framework floor alone " + fmt(f("floor_rss_idle_mb")) + " MB idle");
        double budget = f("floor_ready_s") + 1.0;
        target("ready ≤ the framework floor + 1.0 s on an existing database", f("ready_existing_s") <= budget,
                fmt2(f("ready_existing_s")) + " s existing (median), " + fmt2(f("ready_fresh_s")) + " s fresh; the floor "
                        + fmt2(f("floor_ready_s")) + " s, so ≤ " + fmt2(budget) + " s");
    }

    /** The revocation and CRL targets the earlier issues set, kept. */
    void keptTargets() {
        int[] revoked = bench.sizes.revokedRows();
        int mid = revoked.length > 1 ? revoked[1] : revoked[0];
        int max = revoked[revoked.length - 1];
        target("revocation in the served CRL ≤ 1 s p99 at " + String.format(Locale.ROOT, "%,d", mid),
                f("revoke_samples/" + mid) > 0 && f("revoke_p99_ms/" + mid) <= 1000, fmt(f("revoke_p99_ms/" + mid)) + " ms");
        boolean built = f("revoke_samples/" + max) > 0 && f("crl_entries/" + max) >= max;
        target(String.format(Locale.ROOT, "%,d-entry CRL built ≤ 5 s with ≤ 256 MB heap", max),
                built && f("crl_build_ms/" + max) <= 5000 && f("crl_heap_mb/" + max) <= 256,
                (built ? "" : "NOT BUILT (see the service log), ") + fmt(f("crl_build_ms/" + max)) + " ms, peak heap "
                        + fmt(f("crl_heap_mb/" + max)) + " MB under -Xmx256m");
        int smallest = revoked[0];
        target("CRL GET ≥ 10,000 req/s from cached bytes (" + String.format(Locale.ROOT, "%,d", smallest)
                        + " revoked, conditional / unconditional)", f("crl_get_304/" + smallest) >= 10_000,
                fmt(f("crl_get_304/" + smallest)) + " / " + fmt(f("crl_get/" + smallest)) + " req/s");
    }

    void target(String what, boolean met, String value) {
        out.write("- " + (met ? "MET   " : "MISSED") + " " + what + ": " + value + "\n");
    }
}
