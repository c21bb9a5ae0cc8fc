import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The in-process ceiling: what the service does per certificate minus HTTP and the database (parse the PEM
 * CSR, verify its proof of possession, build the v3 client profile, sign, PEM), with BouncyCastle and with
 * AWS-LC through the Amazon Corretto Crypto Provider, on the same CA key; and {@code openssl speed}.
 */
final class Ceiling extends Tools {

    /** The public-key work of one issuance, done by one provider; BouncyCastle keeps the ASN.1 and X.509. */
    interface Crypto {
        /** The CSR's key as a JCA key (the service keeps it on the request) and its proof of possession. */
        boolean keyAndProof(PKCS10CertificationRequest csr, SubjectPublicKeyInfo spki) throws Exception;

        ContentSigner signer(String algorithm) throws Exception;

        MessageDigest sha256() throws Exception;
    }

    /** As the service does it today: the proof through BouncyCastle's lightweight ECDSA verifier (see README). */
    static Crypto bouncyCastle(Ca ca) {
        return new Crypto() {
            public boolean keyAndProof(PKCS10CertificationRequest csr, SubjectPublicKeyInfo spki) throws Exception {
                new JcaPEMKeyConverter().setProvider(Bench.BC).getPublicKey(spki);
                return csr.isSignatureValid(new BcECContentVerifierProviderBuilder(
                        new DefaultDigestAlgorithmIdentifierFinder()).build(PublicKeyFactory.createKey(spki)));
            }

            public ContentSigner signer(String algorithm) throws Exception {
                return new JcaContentSignerBuilder(algorithm).setProvider(Bench.BC).build(ca.key);
            }

            public MessageDigest sha256() throws Exception {
                return MessageDigest.getInstance("SHA-256");
            }
        };
    }

    /**
     * AWS-LC through ACCP, not installed as a JCA provider: the verifier gets a {@link PublicKey} (given the key
     * info, BouncyCastle would ask for a KeyFactory by OID, which ACCP does not register), and keys go by
     * ACCP's names ("EC", where BouncyCastle's EC keys say "ECDSA").
     */
    static Crypto awsLc(Ca ca, Provider accp) throws Exception {
        PrivateKey key = KeyFactory.getInstance(ca.ec() ? "EC" : "RSA", accp)
                .generatePrivate(new PKCS8EncodedKeySpec(ca.key.getEncoded()));
        return new Crypto() {
            public boolean keyAndProof(PKCS10CertificationRequest csr, SubjectPublicKeyInfo spki) throws Exception {
                String algorithm = spki.getAlgorithm().getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey) ? "EC" : "RSA";
                PublicKey publicKey = KeyFactory.getInstance(algorithm, accp)
                        .generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
                return csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(accp).build(publicKey));
            }

            public ContentSigner signer(String algorithm) throws Exception {
                return new JcaContentSignerBuilder(algorithm).setProvider(accp).build(key);
            }

            public MessageDigest sha256() throws Exception {
                return MessageDigest.getInstance("SHA-256", accp);
            }
        };
    }

    /** ACCP when its native library loaded here, else null (the reason goes into the notes). */
    static Provider accp(Bench bench) {
        AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        if (accp.getLoadingError() != null) {
            bench.notes.add("AWS-LC (ACCP) did not load, its ceiling is missing: " + accp.getLoadingError());
            return null;
        }
        return accp;
    }

    static String awsLcLabel(Provider accp) {
        AmazonCorrettoCryptoProvider p = (AmazonCorrettoCryptoProvider) accp;
        return "AWS-LC (ACCP " + p.getVersionStr() + ", " + p.getAwsLcVersionStr() + ")";
    }

    final Bench bench;

    Ceiling(Bench bench) {
        this.bench = bench;
    }

    void ceilings(Ca ca) throws Exception {
        List<byte[]> pems = ca.csrs.subList(0, Math.min(ca.csrs.size(), 5000)).stream()
                .map(s -> s.getBytes(StandardCharsets.US_ASCII)).toList();
        double service = bench.figures.get("Portcullis/" + ca.label + "/c32/rate");
        double serviceCpu = bench.figures.get("Portcullis/" + ca.label + "/c32/cpu");
        Provider accp = accp(bench);
        List<String> providers = new ArrayList<>(List.of("BouncyCastle"));
        if (accp != null) {
            providers.add("AWS-LC");
        }
        for (String provider : providers) {
            Crypto crypto = provider.equals("AWS-LC") ? awsLc(ca, accp) : bouncyCastle(ca);
            double[] one = jvmCeiling(ca, pems, 1, crypto);
            double[] all = jvmCeiling(ca, pems, CORES, crypto);
            String key = provider + "/" + ca.label;
            bench.figures.put("ceiling/" + key, all[0]);
            bench.figures.put("ceiling1/" + key, one[0]);
            bench.figures.put("ceiling_cpu/" + key, all[1]);
            bench.rows.add(new String[] {"In-process ceiling " + ca.label + ", "
                    + (provider.equals("AWS-LC") ? awsLcLabel(accp) : "BouncyCastle") + " (parse+PoP+build+sign+PEM)",
                    fmt(one[0]) + "/s on 1 thread, " + fmt(all[0]) + "/s on " + CORES,
                    "service c=32 ÷ ceiling = " + pct(service / all[0]) + " (by CPU/cert: " + pct(all[1] / serviceCpu) + ")",
                    "CPU/cert " + fmt2(all[1]) + " ms → " + fmt(CORES * 1000 / all[1]) + "/s on " + CORES
                            + " idle cores; same CA key, in-process"});
        }
        if (accp != null) {
            String bc = "BouncyCastle/" + ca.label;
            String lc = "AWS-LC/" + ca.label;
            bench.rows.add(new String[] {"  AWS-LC ÷ BouncyCastle in-process " + ca.label,
                    fmt2(bench.figures.get("ceiling/" + lc) / bench.figures.get("ceiling/" + bc)) + " × on " + CORES
                            + " threads (1 thread: " + fmt2(bench.figures.get("ceiling1/" + lc)
                            / bench.figures.get("ceiling1/" + bc)) + " ×)",
                    fmt2(bench.figures.get("ceiling_cpu/" + bc) / bench.figures.get("ceiling_cpu/" + lc))
                            + " × by CPU/cert", "the same run, the same CSRs"});
        }
        String alg = ca.ec() ? "ecdsap256" : "rsa4096";
        String speed = sh("openssl", "speed", "-seconds", "1", "-mr", alg);
        Matcher m = Pattern.compile("\\+F\\d+:\\d+:\\d+:([0-9.]+):([0-9.]+)").matcher(speed);
        double opensslSign = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        bench.rows.add(new String[] {"openssl speed " + alg + " sign", fmt(opensslSign) + "/s on 1 core",
                "service c=32 ÷ openssl = " + pct(service / opensslSign), "raw signature only"});
    }

    /**
     * In-process issuances: a warm-up pass (JIT), then a measured one of {@code ceilingSeconds}; returns
     * {issuances per second, CPU ms per issuance}.
     */
    double[] jvmCeiling(Ca ca, List<byte[]> pems, int threads, Crypto crypto) throws Exception {
        X500Name issuer = X500Name.getInstance(ca.certificate.getSubjectX500Principal().getEncoded());
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        AuthorityKeyIdentifier aki = utils.createAuthorityKeyIdentifier(ca.certificate.getPublicKey());
        String algorithm = ca.ec() ? "SHA256withECDSA" : "SHA256withRSA";
        AtomicLong done = new AtomicLong();
        AtomicLong cpuNanos = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        // a worker that dies would leave the others to be counted as the whole ceiling
        AtomicReference<Exception> failed = new AtomicReference<>();
        List<Runnable> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            workers.add(() -> {
                long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                try {
                    SecureRandom random = new SecureRandom();
                    // one per thread: its SHA-1 calculator keeps state, and a shared one mixes keys, as it once did in the service
                    JcaX509ExtensionUtils ski = new JcaX509ExtensionUtils();
                    for (int i = offset; !stop.get(); i += threads) {
                        byte[] pemBytes = pems.get(i % pems.size());
                        PKCS10CertificationRequest csr;
                        try (PEMParser parser = new PEMParser(new java.io.InputStreamReader(
                                new java.io.ByteArrayInputStream(pemBytes), StandardCharsets.US_ASCII))) {
                            csr = (PKCS10CertificationRequest) parser.readObject();
                        }
                        SubjectPublicKeyInfo spki = csr.getSubjectPublicKeyInfo();
                        if (!crypto.keyAndProof(csr, spki)) {
                            throw new IllegalStateException("bad PoP");
                        }
                        crypto.sha256().digest(spki.getEncoded());
                        Date now = new Date();
                        X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer, new BigInteger(1, serial(random)),
                                now, new Date(now.getTime() + 30L * 86_400_000), csr.getSubject(), spki);
                        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                        b.addExtension(Extension.subjectKeyIdentifier, false, ski.createSubjectKeyIdentifier(spki));
                        b.addExtension(Extension.authorityKeyIdentifier, false, aki);
                        b.addExtension(Extension.subjectAlternativeName, false,
                                GeneralNames.fromExtensions(csr.getRequestedExtensions(), Extension.subjectAlternativeName));
                        b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                            new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(
                                    GeneralName.uniformResourceIdentifier, "http://127.0.0.1:8080/api/v1/crl"))), null, null)}));
                        byte[] der = b.build(crypto.signer(algorithm)).getEncoded();
                        crypto.sha256().digest(der);
                        Ca.pem("CERTIFICATE", der);
                        done.incrementAndGet();
                    }
                } catch (Exception e) {
                    failed.compareAndSet(null, e);
                }
                cpuNanos.addAndGet(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0);
            });
        }
        for (int pass = 0; ; pass++) {
            done.set(0);
            cpuNanos.set(0);
            stop.set(false);
            List<Thread> running = workers.stream().map(Thread::new).toList();
            long t0 = System.nanoTime();
            running.forEach(Thread::start);
            Thread.sleep((long) (bench.sizes.ceilingSeconds() * 1000));
            stop.set(true);
            for (Thread w : running) {
                w.join();
            }
            if (failed.get() != null) {
                throw new IllegalStateException("a ceiling worker failed", failed.get());
            }
            if (pass == 1) {
                return new double[] {done.get() / ((System.nanoTime() - t0) / 1e9), cpuNanos.get() / 1e6 / done.get()};
            }
        }
    }

    /** A positive 127-bit serial. */
    static byte[] serial(SecureRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[0] &= 0x7f;
        b[0] |= 0x01;
        return b;
    }
}
