package io.portcullis.enrollment;

import io.portcullis.ca.CaException;
import io.portcullis.ca.CertificateRequest;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.SubjectAltName;
import io.portcullis.config.PortcullisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds issuers to their scope before anything is written: the common name and every SAN must
 * match an allowed glob, and the validity must stay within the credential's cap.
 */
@ApplicationScoped
public class ScopeEnforcer {

    private final PortcullisConfig config;

    @Inject
    public ScopeEnforcer(PortcullisConfig config) {
        this.config = config;
    }

    /** Checks a CSR against the scope; returns the validity to issue with. */
    public Integer admit(CredentialScope scope, CertificateRequest csr, Integer requestedDays) {
        return admit(scope, csr.commonName(), csr.subjectAltNames(), requestedDays);
    }

    /**
     * Checks names and validity against the scope.
     *
     * @return the validity in days to use: the request, or for a capped issuer the smaller of the
     *         default and its cap; {@code null} means the service default
     * @throws CaException {@code rejectedIdentifier} for a name outside the scope, {@code unauthorized}
     *                     (403) for a validity beyond the cap
     */
    public Integer admit(CredentialScope scope, String commonName, List<SubjectAltName> sans, Integer requestedDays) {
        if (scope.unrestricted()) {
            return requestedDays;
        }
        List<String> names = new ArrayList<>();
        if (commonName != null) {
            names.add(commonName);
        }
        sans.forEach(san -> names.add(san.value()));
        for (String name : names) {
            if (!scope.allows(name)) {
                throw new CaException(ErrorType.REJECTED_IDENTIFIER,
                        "This credential may not issue for the name " + printable(name) + ".");
            }
        }
        Integer max = scope.maxValidityDays();
        if (max == null) {
            return requestedDays;
        }
        if (requestedDays != null && requestedDays > max) {
            throw new CaException(ErrorType.FORBIDDEN,
                    "validityDays " + requestedDays + " exceeds this credential's maximum of " + max + ".");
        }
        return requestedDays != null ? requestedDays : Math.min(config.defaultValidityDays(), max);
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return "'" + cut.replaceAll("[^\\x20-\\x7e…]", "?") + "'";
    }
}
