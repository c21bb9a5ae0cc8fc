package io.portcullis.ca;

import io.portcullis.config.CaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Loads the CA on start, creating it on first start: generated from the configured algorithm and
 * subject, or imported from the openssl recipe's {@code ca.crt}/{@code ca.key}. Creation runs under
 * a database lock so replicas starting together end up with one CA.
 */
@ApplicationScoped
public class CaBootstrap {

    private static final Logger LOG = Logger.getLogger(CaBootstrap.class);
    /** Tolerates clients whose clocks run a little slow, as for leaves. */
    static final Duration BACKDATE = Duration.ofMinutes(1);

    private final CaConfig config;
    private final CaStore store;
    private final CaKeys keys;
    private final Clock clock;

    @Inject
    public CaBootstrap(CaConfig config, CaStore store, CaKeys keys, Clock clock) {
        this.config = config;
        this.store = store;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Returns the CA to sign with, creating and storing it if the database has none.
     *
     * @throws StartupRefusal when the operator has to fix the configuration
     */
    @Transactional
    public ActiveCa.Material loadOrCreate() {
        char[] passphrase = config.passphrase()
                .filter(p -> !p.isBlank())
                .orElseThrow(() -> new StartupRefusal("PORTCULLIS_CA_PASSPHRASE is not set: it encrypts the CA private key"
                        + " at rest, so Portcullis refuses to start without it."))
                .toCharArray();
        store.lockForBootstrap();
        Optional<CaStore.StoredCa> stored = store.findCurrent();
        if (stored.isPresent()) {
            CaCertificate certificate = keys.parse(stored.get().certificateDer(), stored.get().keyAlgorithm());
            PrivateKey key = keys.decrypt(stored.get().encryptedKey(), passphrase, certificate);
            if (config.importCert().isPresent()) {
                LOG.warnf("PORTCULLIS_CA_IMPORT_CERT is ignored: the database already holds the CA %s", certificate.subject());
            }
            LOG.infof("Loaded CA %s (SHA-256 %s)", certificate.subject(), certificate.sha256Fingerprint());
            return new ActiveCa.Material(certificate, key);
        }
        ActiveCa.Material created = config.importCert().isPresent() ? importFromFiles() : generate();
        CaCertificate certificate = created.certificate();
        store.insert(new CaStore.StoredCa(certificate.der(), keys.encrypt(created.privateKey(), passphrase),
                certificate.keyAlgorithm()), certificate);
        LOG.infof("%s CA %s (SHA-256 %s)", config.importCert().isPresent() ? "Imported" : "Created",
                certificate.subject(), certificate.sha256Fingerprint());
        return created;
    }

    private ActiveCa.Material generate() {
        CaKeyAlgorithm algorithm = CaKeyAlgorithm.fromLabel(config.keyAlgorithm());
        Instant now = clock.instant();
        return keys.generate(algorithm, config.subject(), now.minus(BACKDATE),
                now.plus(Duration.ofDays(config.validityDays())));
    }

    private ActiveCa.Material importFromFiles() {
        Path certPath = config.importCert().orElseThrow();
        Path keyPath = config.importKey().orElseThrow(() -> new StartupRefusal(
                "PORTCULLIS_CA_IMPORT_CERT is set but PORTCULLIS_CA_IMPORT_KEY is not: both are needed to import a CA."));
        char[] keyPassphrase = config.importKeyPassphrase().map(String::toCharArray).orElse(new char[0]);
        return keys.importPem(read(certPath, "PORTCULLIS_CA_IMPORT_CERT"), read(keyPath, "PORTCULLIS_CA_IMPORT_KEY"),
                keyPassphrase);
    }

    private static String read(Path path, String setting) {
        return FileSettings.readSmallFile(path, setting);
    }
}
