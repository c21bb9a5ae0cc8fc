package io.portcullis.enrollment;

import io.portcullis.ca.CaException;
import io.portcullis.ca.CertificateRequest;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.SubjectName;
import io.portcullis.ca.issuance.Authority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Subjects built from policy: a certificate made with an enrollment token or an issuer credential
 * gets {@code CN=<the authorised name>} and nothing else, whatever the CSR asked for. A CSR that
 * asks for more is refused rather than silently trimmed, so the device learns what it will get.
 */
@ApplicationScoped
public class PolicySubjects {

    private final Authority authority;

    @Inject
    public PolicySubjects(Authority authority) {
        this.authority = authority;
    }

    /**
     * The request with the subject {@code CN=commonName} ({@code null}: the empty subject).
     *
     * @throws CaException {@code badCSR} naming the first attribute beyond one common name
     */
    public CertificateRequest bind(CertificateRequest csr, String commonName) {
        csr.subjectName().firstBeyondCommonName().ifPresent(extra -> {
            throw new CaException(ErrorType.BAD_CSR, "The CSR's subject carries " + extra.type().label() + " ("
                    + extra.type().oid() + "). With an enrollment token or an issuer credential Portcullis sets the "
                    + "subject itself to the authorised common name; leave every other subject attribute out of the CSR.");
        });
        return authority.withSubject(csr, SubjectName.ofCommonName(commonName));
    }
}
