package io.portcullis.acme;

import io.portcullis.config.PortcullisConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Replay nonces (RFC 8555 section 6.5): 128 random bits, stored in PostgreSQL so any replica accepts
 * them, spent by a single DELETE. Each runs in a transaction of its own: a nonce handed out with an
 * error answer stays valid, and a request that fails after its nonce was spent cannot revive it.
 */
@ApplicationScoped
public class Nonces {

    /** How long an unspent nonce stays valid; clients fetch a fresh one on badNonce anyway. */
    static final Duration LIFETIME = Duration.ofMinutes(30);
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AcmeStore store;
    private final PortcullisConfig config;
    private final Clock clock;

    @Inject
    public Nonces(AcmeStore store, PortcullisConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public String issue() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        store.insertNonce(nonce, clock.instant().plus(LIFETIME));
        return nonce;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean spend(String nonce) {
        return SHAPE.matcher(nonce).matches() && store.consumeNonce(nonce, clock.instant());
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purge() {
        if (!config.isSidecar()) {
            store.purgeNonces(clock.instant());
        }
    }
}
