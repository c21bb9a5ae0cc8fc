package io.portcullis.support;

import java.nio.file.Path;

/**
 * A throwaway CA run with the openssl CLI ({@code openssl ca}), for tests that need a CRL signed by
 * a CA other than the running service's: the sidecar's verification and {@code nginx -t} checks.
 */
public final class OpensslCa {

    private final Openssl openssl;
    private final String name;

    private OpensslCa(Openssl openssl, String name) {
        this.openssl = openssl;
        this.name = name;
    }

    /** Creates the CA certificate, key and the {@code openssl ca} database in the Openssl work directory. */
    public static OpensslCa create(Openssl openssl, String name) {
        openssl.ok("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "30",
                "-subj", "/CN=" + name + "/O=Test", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-keyout", name + "-ca.key", "-out", name + "-ca.crt");
        openssl.write(name + "-index.txt", "");
        openssl.write(name + "-crlnumber", "01\n");
        openssl.write(name + "-ca.cnf", """
                [ ca ]
                default_ca = test_ca
                [ test_ca ]
                database = %1$s-index.txt
                crlnumber = %1$s-crlnumber
                default_md = sha256
                default_crl_days = 7
                crl_extensions = crl_ext
                [ crl_ext ]
                authorityKeyIdentifier = keyid:always
                """.formatted(name));
        return new OpensslCa(openssl, name);
    }

    public Path certificate() {
        return openssl.dir().resolve(name + "-ca.crt");
    }

    /** Issues a client certificate; returns its path (the key is {@code <device>.key}). */
    public Path issue(String device) {
        Path csr = openssl.newCsr(device, "ec:P-256", "/CN=" + device + "/O=Test");
        openssl.ok("x509", "-req", "-in", csr.toString(), "-CA", name + "-ca.crt", "-CAkey", name + "-ca.key",
                "-CAcreateserial", "-days", "2", "-out", device + ".crt");
        return openssl.dir().resolve(device + ".crt");
    }

    public void revoke(Path certificate) {
        openssl.ok("ca", "-config", name + "-ca.cnf", "-keyfile", name + "-ca.key", "-cert", name + "-ca.crt",
                "-revoke", certificate.toString(), "-crl_reason", "keyCompromise");
    }

    /** Signs a new CRL (the number increases each time) and returns it, PEM. */
    public String crl() {
        openssl.ok("ca", "-config", name + "-ca.cnf", "-keyfile", name + "-ca.key", "-cert", name + "-ca.crt",
                "-gencrl", "-out", name + ".crl");
        return openssl.read(openssl.dir().resolve(name + ".crl"));
    }

    /** The CRL as DER, as {@code GET /api/v1/crl} serves it. */
    public byte[] crlDer() {
        crl();
        openssl.ok("crl", "-in", name + ".crl", "-outform", "DER", "-out", name + ".crl.der");
        try {
            return java.nio.file.Files.readAllBytes(openssl.dir().resolve(name + ".crl.der"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
