package io.portcullis.crypto;

import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.CaKeyAlgorithm;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A CA for tests without a database: an EC P-256 key made in memory, valid from a day before {@code now} for a year. */
final class InMemoryCa {

    private InMemoryCa() {
    }

    static ActiveCa active(String subject, Instant now) {
        ActiveCa activeCa = new ActiveCa();
        ActiveCa.Material ca = new BouncyCastleCaKeys().generate(CaKeyAlgorithm.EC_P256, subject,
                now.minus(1, ChronoUnit.DAYS), now.plus(365, ChronoUnit.DAYS));
        activeCa.activate(ca.certificate(), ca.privateKey());
        return activeCa;
    }
}
