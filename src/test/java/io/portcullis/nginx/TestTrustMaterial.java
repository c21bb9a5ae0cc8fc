package io.portcullis.nginx;

import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.PublishedCrl;
import io.portcullis.ca.TrustMaterial;
import io.portcullis.ca.TrustMaterialChanged;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.security.Provider;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CRLHolder;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Until the lifecycle module publishes CRLs, the CA of the running test application signs real CRLs
 * here (BouncyCastle, the CA's own key) so nginx can be exercised end to end. A default bean: the
 * production implementation replaces it as soon as it exists.
 */
@DefaultBean
@ApplicationScoped
public class TestTrustMaterial implements TrustMaterial {

    @Inject
    ActiveCa activeCa;

    @Inject
    Event<TrustMaterialChanged> changed;

    private static final Provider BC = new BouncyCastleProvider();
    private final Set<BigInteger> revoked = ConcurrentHashMap.newKeySet();
    private volatile BigInteger number = BigInteger.ZERO;
    private volatile PublishedCrl crl;

    /** Forgets revocations and publishes a fresh CRL without firing the event. */
    public synchronized void reset() {
        revoked.clear();
        crl = sign(Instant.now().plus(Duration.ofDays(7)));
    }

    /** Revokes and publishes, as the lifecycle's revoke call will. */
    public synchronized void revoke(BigInteger serial) {
        revoked.add(serial);
        crl = sign(Instant.now().plus(Duration.ofDays(7)));
        changed.fire(new TrustMaterialChanged("revocation"));
    }

    /** Publishes a CRL whose nextUpdate has passed. */
    public synchronized void publishExpired() {
        crl = sign(Instant.now().minus(Duration.ofMinutes(1)));
    }

    @Override
    public String caBundlePem() {
        return activeCa.certificate().pem();
    }

    @Override
    public Optional<PublishedCrl> currentCrl() {
        return Optional.ofNullable(crl);
    }

    private PublishedCrl sign(Instant nextUpdate) {
        try {
            ActiveCa.Material ca = activeCa.require();
            number = number.add(BigInteger.ONE);
            Instant thisUpdate = Instant.now().minus(Duration.ofMinutes(2));
            X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(ca.certificate().certificate().getSubjectX500Principal(),
                    Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            for (BigInteger serial : revoked) {
                builder.addCRLEntry(serial, Date.from(thisUpdate), CRLReason.keyCompromise);
            }
            String algorithm = ca.privateKey().getAlgorithm().startsWith("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            X509CRL signed = new JcaX509CRLConverter().getCRL(builder.build(new JcaContentSignerBuilder(algorithm)
                    .setProvider(BC).build(ca.privateKey())));
            return new PublishedCrl(number, thisUpdate, nextUpdate, new JcaX509CRLHolder(signed).getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
