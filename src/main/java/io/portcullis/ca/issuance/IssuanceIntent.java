package io.portcullis.ca.issuance;

import io.portcullis.ca.Actor;
import io.portcullis.ca.DeviceLink;
import io.portcullis.ca.Lifetimes;
import io.portcullis.ca.SubjectAltName;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What is recorded before anything is signed: the serial and every decision about the certificate,
 * written in the transaction that then stores the signed certificate, so a crash before its commit
 * leaves neither, and the key signs no serial the database has not reserved.
 *
 * @param device the device the certificate belongs to, written in the same transaction
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
        Instant issuedAt,
        DeviceLink device) {

    public IssuanceIntent {
        subjectAltNames = List.copyOf(subjectAltNames);
    }

    /** The lifetime granted, without the backdating. */
    public Duration grantedLifetime() {
        return Duration.between(notBefore.plus(Lifetimes.BACKDATE), notAfter);
    }
}
