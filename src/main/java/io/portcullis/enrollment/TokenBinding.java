package io.portcullis.enrollment;

import io.portcullis.ca.CaException;
import io.portcullis.ca.CertificateRequest;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.SubjectAltName;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The identity an enrollment token binds its orders to: the CSR's common name must be the token's,
 * and its subject alternative names a subset of the token's, compared in one spelling per type.
 */
final class TokenBinding {

    private TokenBinding() {
    }

    /** Refuses, with 403 {@code rejectedIdentifier}, a CSR that asks for more than the token binds. */
    static void requireBound(EnrollmentToken token, CertificateRequest csr) {
        if (!token.commonName().equals(csr.commonName())) {
            throw new CaException(ErrorType.REJECTED_IDENTIFIER,
                    "The CSR's common name must be the one this enrollment token was issued for.");
        }
        Set<String> allowed = token.subjectAltNames().stream().map(TokenBinding::key).collect(Collectors.toSet());
        if (!csr.subjectAltNames().stream().map(TokenBinding::key).allMatch(allowed::contains)) {
            throw new CaException(ErrorType.REJECTED_IDENTIFIER,
                    "The CSR names subject alternative names this enrollment token does not allow.");
        }
    }

    /** A comparable spelling: DNS names and e-mail addresses ignore case, IPv6 has one spelling. */
    static String key(SubjectAltName san) {
        String value = switch (san.type()) {
            case DNS, EMAIL -> san.value().toLowerCase(Locale.ROOT);
            case IP -> canonicalIp(san.value());
            case URI -> san.value();
        };
        return san.type().prefix() + ":" + value;
    }

    private static String canonicalIp(String literal) {
        if (literal.indexOf(':') < 0 || !literal.matches("[0-9a-fA-F:.]+")) {
            return literal;
        }
        try {
            return InetAddress.getByName(literal).getHostAddress(); // an IPv6 literal never asks DNS
        } catch (UnknownHostException e) {
            return literal;
        }
    }
}
