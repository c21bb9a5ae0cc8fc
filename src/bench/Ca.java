import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** A CA key and certificate made by openssl, used by Portcullis (imported), cfssl, openssl and the in-process ceiling. */
final class Ca extends Tools {
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
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(Bench.BC);
            key = o instanceof PEMKeyPair kp ? converter.getKeyPair(kp).getPrivate()
                    : converter.getPrivateKey((PrivateKeyInfo) o);
        }
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(dir.resolve("ca.crt")))) {
            certificate = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().setProvider(Bench.BC)
                    .getCertificate((X509CertificateHolder) parser.readObject());
        }
    }

    String path(String name) {
        return dir.resolve(name).toString();
    }

    /** The request bodies for Portcullis and cfssl, one a line, and the last {@code opensslCerts} CSRs as files. */
    void writeBodies(int opensslCerts) throws IOException {
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
        for (int i = 0; i < opensslCerts; i++) {
            Files.writeString(csrDir.resolve(i + ".csr"), csrs.get(csrs.size() - 1 - i));
        }
    }

    /** Distinct P-256 CSRs (distinct subjects and signatures, keys from a pool of 256), made in-JVM. */
    static List<String> csrs(String tag, int n) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Bench.BC);
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
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Bench.BC).build(kp.getPrivate()));
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
}
