package io.portcullis.enrollment;

import io.portcullis.ca.Actor;
import io.portcullis.ca.CaException;
import io.portcullis.ca.CertificateRecord;
import java.time.Duration;

/** What the certificate endpoint needs of the core: one call from a CSR to a committed certificate. */
@FunctionalInterface
public interface CsrIssuance {

    /**
     * Issues a certificate for a caller's credential from a PEM or DER CSR.
     *
     * @param lifetime the requested lifetime, or {@code null} for the default
     * @throws CaException for a CSR that does not parse, a request beyond the credential's scope or
     *                     the issuance policy, or a store that cannot commit
     */
    CertificateRecord issue(byte[] csr, Duration lifetime, Actor caller, CredentialScope scope);
}
