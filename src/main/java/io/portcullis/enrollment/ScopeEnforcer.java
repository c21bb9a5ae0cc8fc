package io.portcullis.enrollment;

import io.portcullis.ca.CaException;
import io.portcullis.ca.CallerText;
import io.portcullis.ca.CertificateRequest;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.Lifetimes;
import io.portcullis.ca.SubjectAltName;
import io.portcullis.config.PortcullisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;

/**
 * Holds issuers to their scope before anything is written: the common name and every DNS name
 * must match an allowed glob, every IP, URI and e-mail name a pattern of its own kind, and the
 * validity must stay within the credential's cap.
 */
@ApplicationScoped
public class ScopeEnforcer {

    private final PortcullisConfig config;

    @Inject
    public ScopeEnforcer(PortcullisConfig config) {
        this.config = config;
    }

    /** Checks a CSR against the scope; returns the validity to issue with. */
    public Duration admit(CredentialScope scope, CertificateRequest csr, Duration requested) {
        return admit(scope, csr.commonName(), csr.subjectAltNames(), requested);
    }

    /**
     * Checks names and validity against the scope.
     *
     * @return the validity to use: the request, or for a capped issuer the smaller of the default
     *         and its cap; {@code null} means the service default
     * @throws CaException {@code rejectedIdentifier} for a name outside the scope, {@code unauthorized}
     *                     (403) for a validity beyond the cap
     */
    public Duration admit(CredentialScope scope, String commonName, List<SubjectAltName> sans, Duration requested) {
        if (scope.unrestricted()) {
            return requested;
        }
        if (commonName != null && !scope.allows(commonName)) {
            throw refused("the name " + CallerText.quoted(commonName));
        }
        for (SubjectAltName san : sans) {
            if (!scope.allows(san)) {
                throw refused(switch (san.type()) {
                    case DNS -> "the name " + CallerText.quoted(san.value());
                    case IP -> "the IP address " + CallerText.quoted(san.value()) + " (IP names need allowedIps)";
                    case URI -> "the URI " + CallerText.quoted(san.value()) + " (URI names need allowedUris)";
                    case EMAIL -> "the e-mail address " + CallerText.quoted(san.value()) + " (e-mail names need allowedEmails)";
                });
            }
        }
        Duration max = scope.maxValidity();
        if (max == null) {
            return requested;
        }
        if (requested != null && requested.compareTo(max) > 0) {
            throw new CaException(ErrorType.FORBIDDEN, "The validity " + Lifetimes.iso(requested)
                    + " exceeds this credential's maximum of " + Lifetimes.iso(max) + ".");
        }
        if (requested != null) {
            return requested;
        }
        Duration fallback = Duration.ofDays(config.defaultValidityDays());
        return fallback.compareTo(max) < 0 ? fallback : max;
    }

    private static CaException refused(String what) {
        return new CaException(ErrorType.REJECTED_IDENTIFIER, "This credential may not issue for " + what + ".");
    }
}
