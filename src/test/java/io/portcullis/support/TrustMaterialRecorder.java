package io.portcullis.support;

import io.portcullis.ca.TrustMaterialChanged;
import io.portcullis.ca.trust.PublishedCrl;
import io.portcullis.ca.trust.TrustMaterial;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Observes {@link TrustMaterialChanged} after commit, as the nginx sidecar does, and records what
 * {@link TrustMaterial} shows at that moment.
 */
@ApplicationScoped
public class TrustMaterialRecorder {

    /** What an observer saw. */
    public record Seen(String reason, BigInteger crlNumber, String caBundle) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    @Inject
    TrustMaterial trustMaterial;

    void onChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) TrustMaterialChanged event) {
        seen.add(new Seen(event.reason(), trustMaterial.currentCrl().map(PublishedCrl::number).orElse(null),
                trustMaterial.caBundlePem()));
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public void clear() {
        seen.clear();
    }
}
