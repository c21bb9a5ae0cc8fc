import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Revocation at scale on the heap-capped EC service: bulk-inserted revoked rows, then real revocations timed
 * until the served CRL changes, the CRL's build time and peak heap, and CRL GET from the cached bytes.
 */
final class Revocation extends Tools {

    final Bench bench;

    Revocation(Bench bench) {
        this.bench = bench;
    }

    void run(Ca ca, Service service) throws Exception {
        List<String> valid = new ArrayList<>(List.of(psql(service.db,
                "SELECT serial_number FROM certificates WHERE status = 'valid' LIMIT 100").trim().split("\n")));
        int inserted = 0;
        for (int s = 0; s < bench.sizes.revokedRows().length; s++) {
            int target = bench.sizes.revokedRows()[s];
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
            bench.processes.add(jstat);
            List<Double> latencies = new ArrayList<>();
            List<Double> builds = new ArrayList<>();
            byte[] crl = null;
            for (int i = 0; i < bench.sizes.revokeSamples()[s]; i++) {
                String serial = valid.remove(0);
                String before = get(service.url + "/api/v1/crl", Map.of()).headers().firstValue("ETag").orElse("");
                // one device's certificate: the issuance passes' CSRs share 256 keys, so keyCompromise would also
                // revoke every other device of the key (hundreds of certificates, rightly) and time that instead
                long r0 = System.nanoTime();
                HttpResponse<String> revoke = HTTP.send(HttpRequest.newBuilder(
                        URI.create(service.url + "/api/v1/certificates/" + serial + "/revoke"))
                        .header("Authorization", "Bearer " + Bench.TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"cessationOfOperation\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                double revokeSeconds = (System.nanoTime() - r0) / 1e9;
                if (revoke.statusCode() != 200) {
                    bench.failures.add("revoke " + serial + ": " + revoke.statusCode() + " " + revoke.body());
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
                        bench.failures.add("revocation of " + serial + " not in a served CRL after 60 s");
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
            bench.figures.put("revoke_p99_ms/" + target, percentile(latencies, 99));
            bench.figures.put("crl_build_ms/" + target, crlBuildMs);
            bench.figures.put("crl_heap_mb/" + target, peakHeapMb);
            bench.figures.put("crl_entries/" + target, (double) entries);
            bench.figures.put("revoke_samples/" + target, (double) latencies.size());
            bench.rows.add(new String[] {"Revocation, " + label + " revoked rows (bulk insert " + fmt2(insertSeconds) + " s)",
                    "revoke → new CRL served p50 " + fmt(percentile(latencies, 50)) + " ms, p99 "
                            + fmt(percentile(latencies, 99)) + " ms",
                    "CRL build " + fmt(crlBuildMs) + " ms (server), " + entries + " entries, "
                            + fmt2(crl == null ? 0 : crl.length / 1e6) + " MB DER",
                    "peak heap used " + fmt(peakHeapMb) + " MB (-Xmx256m), " + latencies.size() + " samples, one device each"});

            // CRL GET from the cached bytes: unconditional and conditional (If-None-Match → 304)
            HttpResponse<Void> head = get(service.url + "/api/v1/crl", Map.of());
            String etag = head.headers().firstValue("ETag").orElseThrow();
            Path crlPath = ca.dir.resolve("crl.lines");
            Files.writeString(crlPath, "/api/v1/crl\n");
            // The first CRL phase meets a process whose JIT compilers are still busy with the issuance load
            // it served seconds before (the 304 rate rose from 10 k to 40 k req/s over three 8 s passes):
            // conditional GETs, unmeasured, until compilation settles.
            List<String> conditional = List.of("If-None-Match: " + etag);
            bench.load.wrk(service.url, crlPath, null, 32, bench.sizes.crlGetSeconds(), 304, conditional, null);
            double settled = bench.load.untilJitSettles(service.process.pid(),
                    () -> bench.load.wrk(service.url, crlPath, null, 32, Load.JIT_SLICE_SECONDS, 304, conditional, null));
            progress(String.format(Locale.ROOT, "CRL GET warmed up (+%.0f s until the JIT settled)", settled));
            Load.WrkResult full = bench.load.wrk(service.url, crlPath, null, 32, bench.sizes.crlGetSeconds(), 200, List.of(), null);
            Load.WrkResult cond = bench.load.wrk(service.url, crlPath, null, 32, bench.sizes.crlGetSeconds(), 304, conditional, null);
            bench.figures.put("crl_get/" + target, full.rate());
            bench.figures.put("crl_get_304/" + target, cond.rate());
            bench.rows.add(new String[] {"  CRL GET, " + label + " revoked, c=32",
                    fmt(full.rate()) + " req/s unconditional (200)", fmt(cond.rate()) + " req/s conditional (304)",
                    "p99 " + fmt2(full.p99ms()) + " / " + fmt2(cond.p99ms()) + " ms; " + (full.bad() + cond.bad()) + " unexpected"});
            if (full.bad() + cond.bad() > 0) {
                bench.failures.add("CRL GET: unexpected statuses " + full.firstBad() + cond.firstBad());
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
}
