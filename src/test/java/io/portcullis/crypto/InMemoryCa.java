package io.portcullis.crypto;

import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.CaKeyAlgorithm;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A CA for tests without a database: a key made in memory, valid from a day before {@code now} for a year. */
final class InMemoryCa {

    private InMemoryCa() {
    }

    static ActiveCa active(String subject, Instant now) {
        return active(subject, now, BothProviders.BOUNCYCASTLE, CaKeyAlgorithm.EC_P256);
    }

    static ActiveCa active(String subject, Instant now, CryptoProvider crypto, CaKeyAlgorithm algorithm) {
        ActiveCa activeCa = new ActiveCa();
        ActiveCa.Material ca = new BouncyCastleCaKeys(crypto).generate(algorithm, subject,
                now.minus(1, ChronoUnit.DAYS), now.plus(365, ChronoUnit.DAYS));
        activeCa.activate(ca.certificate(), ca.privateKey());
        return activeCa;
    }
}
