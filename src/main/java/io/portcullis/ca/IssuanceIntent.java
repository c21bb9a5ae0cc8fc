package io.portcullis.ca;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * What is recorded before anything is signed: the serial and every decision about the certificate.
 * A crash between recording and signing leaves an intent and never an unrecorded certificate.
 */
public record IssuanceIntent(
        BigInteger serial,
        String subject,
        String commonName,
        List<SubjectAltName> subjectAltNames,
        Instant notBefore,
        Instant notAfter,
        String keyAlgorithm,
        String spkiSha256,
        byte[] csrDer,
        Actor issuedBy,
        Instant issuedAt) {

    public IssuanceIntent {
        subjectAltNames = List.copyOf(subjectAltNames);
    }
}
