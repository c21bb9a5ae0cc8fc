package io.portcullis.ca.trust;

import io.portcullis.ca.TrustMaterialChanged;
import java.util.Optional;

/**
 * What a relying party needs to admit Portcullis' clients and refuse revoked ones: the CA bundle
 * for nginx's {@code ssl_client_certificate} and the current CRL for {@code ssl_crl}.
 * {@link TrustMaterialChanged} is fired after either changes.
 */
public interface TrustMaterial {

    /** Every CA certificate still trusted (the current one and earlier ones until they expire), PEM. */
    String caBundlePem();

    /** The newest published CRL, if one has been published. */
    Optional<PublishedCrl> currentCrl();
}
