import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** OCSP GET for known serials at c=32, one answer checked in full. */
final class Ocsp extends Tools {

    private Ocsp() {
    }

    static void run(Bench bench, Ca ca, Service service) throws Exception {
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
            bench.failures.add("OCSP answer for a known serial is not 'good'");
        }
        // as for every other part, the path is warmed until the JIT settles (which also signs each serial's
        // answer once: the cache is the steady state nginx and browsers meet)
        bench.load.wrk(service.url, file, null, 32, bench.sizes.seconds(), 200, List.of(), null);
        double settled = bench.load.untilJitSettles(service.process.pid(),
                () -> bench.load.wrk(service.url, file, null, 32, Load.JIT_SLICE_SECONDS, 200, List.of(), null));
        progress(String.format(java.util.Locale.ROOT, "OCSP warmed up (+%.0f s until the JIT settled)", settled));
        Load.WrkResult r = bench.load.wrk(service.url, file, null, 32, bench.sizes.seconds(), 200, List.of(), null);
        bench.figures.put("ocsp", r.rate());
        bench.figures.put("ocsp_p99", r.p99ms());
        bench.rows.add(new String[] {"OCSP GET, known serials, c=32", fmt(r.rate()) + " responses/s",
                "p50 " + fmt2(r.p50ms()) + " ms, p99 " + fmt2(r.p99ms()) + " ms",
                serials.size() + " serials, " + r.bad() + " not 200"});
        if (r.bad() > 0) {
            bench.failures.add("OCSP: " + r.bad() + " responses not 200");
        }
    }
}
