package io.portcullis.credential;

import io.portcullis.ca.SubjectAltName;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The names and validity a caller may issue for. Administrators are unrestricted; an issuer is
 * held to its credential's patterns, one list per kind of name (DNS globs also cover the common
 * name), and its validity cap.
 */
public record CredentialScope(boolean unrestricted, List<NameGlob> allowedNames, List<IpRange> allowedIps,
        List<NameGlob> allowedUris, List<NameGlob> allowedEmails, Duration maxValidity) {

    public static final CredentialScope UNRESTRICTED = new CredentialScope(true, List.of(), List.of(), List.of(),
            List.of(), null);

    public CredentialScope {
        allowedNames = List.copyOf(allowedNames);
        allowedIps = List.copyOf(allowedIps);
        allowedUris = List.copyOf(allowedUris);
        allowedEmails = List.copyOf(allowedEmails);
    }

    static CredentialScope restricted(Credential c) {
        return new CredentialScope(false, c.allowedNames().stream().map(NameGlob::parse).filter(Objects::nonNull).toList(),
                c.allowedIps().stream().map(IpRange::parse).filter(Objects::nonNull).toList(),
                c.allowedUris().stream().map(NameGlob::parseUri).filter(Objects::nonNull).toList(),
                c.allowedEmails().stream().map(NameGlob::parseEmail).filter(Objects::nonNull).toList(),
                c.maxValidity());
    }

    /** Whether a DNS name or common name matches one of the DNS globs. */
    public boolean allows(String name) {
        return unrestricted || allowedNames.stream().anyMatch(g -> g.matches(name));
    }

    /** Whether a SAN matches a pattern of its own kind: a DNS glob never admits a URI, an address or an e-mail. */
    public boolean allows(SubjectAltName san) {
        if (unrestricted) {
            return true;
        }
        return switch (san.type()) {
            case DNS -> allows(san.value());
            case IP -> allowedIps.stream().anyMatch(r -> r.contains(san.value()));
            case URI -> allowedUris.stream().anyMatch(g -> g.matches(san.value()));
            case EMAIL -> allowedEmails.stream().anyMatch(g -> g.matches(san.value()));
        };
    }
}
