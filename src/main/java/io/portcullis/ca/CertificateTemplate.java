package io.portcullis.ca;

import java.math.BigInteger;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;

/**
 * Everything the signer needs to build one leaf certificate; the policy decisions (validity,
 * names, serial) are already made when this exists.
 */
public record CertificateTemplate(
        BigInteger serial,
        byte[] subjectDer,
        List<SubjectAltName> subjectAltNames,
        PublicKey publicKey,
        boolean rsaKey,
        Instant notBefore,
        Instant notAfter) {

    public CertificateTemplate {
        subjectAltNames = List.copyOf(subjectAltNames);
    }
}
