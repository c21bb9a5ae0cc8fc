import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Issuance over HTTP for one contender: warm-up, then c=1, 8 and 32, every response and every record checked. */
final class Issuance extends Tools {

    static final int[] CONCURRENCY = {1, 8, 32};

    private Issuance() {
    }

    /**
     * Warm-up (60 s at c=32, and for a JVM until its JIT settles), then c=1, 8, 32; every response must be 201
     * (Portcullis) or 200 (cfssl), every 201 a committed row. {@code target} is the {@link Service} or the
     * peer's process.
     */
    static void runs(Bench bench, String who, Ca ca, String url, Path bodies, Object target, String db) throws Exception {
        Load load = bench.load;
        boolean portcullis = target instanceof Service;
        int expected = portcullis ? 201 : 200;
        List<String> headers = portcullis ? List.of("Authorization: Bearer " + Bench.TOKEN) : List.of();
        long committedBefore = committed(db, portcullis);
        // a JVM's C2 compiler takes most of a core for minutes of load on two cores: warm up at full
        // concurrency until it has settled, so the measured passes see compiled code. The warm-up sends the
        // second half of the CSR list (repeating it if need be: nothing is cached by CSR); the measured
        // passes then start at the first line and never see a CSR twice.
        ca.nextLine.put(bodies, bench.sizes.csrs() / 2);
        load.warming = true;
        long okTotal = load.wrk(url, bodies, ca, 32, bench.sizes.warmSeconds(), expected, headers, null).ok();
        if (portcullis) {
            long pid = ((Service) target).process.pid();
            long[] ok = {okTotal};
            double settled = load.untilJitSettles(pid, () -> ok[0] += load.wrk(url, bodies, ca, 32,
                    Load.JIT_SLICE_SECONDS, expected, headers, null).ok());
            okTotal = ok[0];
            bench.figures.put("jit_settle/" + ca.label, settled);
            progress(String.format(Locale.ROOT, "%s warmed up for %.0f s (+%.0f s until the JIT settled, %.0f s compiling)",
                    ca.label, bench.sizes.warmSeconds(), settled, Load.jitSeconds(pid)));
        }
        ca.nextLine.put(bodies, 0);
        load.warming = false;
        for (int c : CONCURRENCY) {
            Meters.Sampler rss = portcullis && c == 32 ? new Meters.Sampler(((Service) target).process.pid()) : null;
            long pid = portcullis ? ((Service) target).process.pid() : ((Process) target).pid();
            Meters.Cpu cpu = new Meters.Cpu(pid, db);
            Load.WrkResult r = load.wrk(url, bodies, ca, c, bench.sizes.seconds(), expected, headers, rss);
            cpu.stop();
            okTotal += r.ok();
            if (rss != null) {
                ((Service) target).peakRssMb = rss.stop();
            }
            String key = who + "/" + ca.label + "/c" + c;
            bench.figures.put(key + "/rate", r.rate());
            bench.figures.put(key + "/p50", r.p50ms());
            bench.figures.put(key + "/p99", r.p99ms());
            double serviceMs = cpu.processMs / Math.max(1, r.requests());
            double pgMs = cpu.postgresMs / Math.max(1, r.requests());
            bench.figures.put(key + "/cpu", serviceMs + pgMs);
            bench.rows.add(new String[] {"Issuance " + who + " " + ca.label + " c=" + c,
                    fmt(r.rate()) + " certs/s", "p50 " + fmt2(r.p50ms()) + " ms, p99 " + fmt2(r.p99ms()) + " ms",
                    "CPU/cert " + fmt2(serviceMs) + " ms service + " + fmt2(pgMs) + " ms PostgreSQL → "
                            + fmt(CORES * 1000 / (serviceMs + pgMs)) + "/s on " + CORES + " idle cores; "
                            + r.ok() + " × " + expected + ", " + r.bad() + " other, " + r.errors() + " socket errors"});
            if (r.bad() > 0) {
                bench.failures.add(key + ": " + r.bad() + " responses not " + expected + " (" + r.firstBad() + ")");
            }
        }
        if (okTotal == 0) {
            bench.failures.add(who + " " + ca.label + ": no successful response at all");
        }
        long committed = committed(db, portcullis) - committedBefore;
        if (committed < okTotal) {
            bench.failures.add(who + " " + ca.label + ": " + okTotal + " successful responses but only " + committed
                    + " committed rows");
        }
        bench.rows.add(new String[] {"  committed rows check " + who + " " + ca.label, committed + " rows",
                "≥ " + okTotal + " successful responses", committed >= okTotal ? "ok" : "FAILED"});
    }

    static long committed(String db, boolean portcullis) throws Exception {
        return Long.parseLong(psql(db, portcullis ? "SELECT count(*) FROM certificates WHERE status = 'valid'"
                : "SELECT count(*) FROM certificates").trim());
    }
}
