package io.portcullis.api;

import io.portcullis.ca.Device;
import io.portcullis.credential.CredentialScope;
import io.portcullis.credential.NameGlob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which devices a credential may see and revoke: an administrator's any, an issuer's those whose
 * every name (the common name and each SAN value) its {@code allowedNames} globs admit, as for
 * issuance. The same rule as SQL patterns, so listings page over exactly those devices.
 */
final class DeviceScopes {

    private DeviceScopes() {
    }

    static boolean admits(CredentialScope scope, Device device) {
        if (scope.unrestricted()) {
            return true;
        }
        List<String> names = new ArrayList<>();
        if (device.commonName() != null) {
            names.add(device.commonName());
        }
        device.subjectAltNames().forEach(san -> names.add(san.value()));
        return !names.isEmpty() && names.stream().allMatch(scope::allows);
    }

    /**
     * The scope's globs as anchored PostgreSQL regular expressions over lowercase names, or
     * {@code null} for an unrestricted scope.
     */
    static List<String> patterns(CredentialScope scope) {
        if (scope.unrestricted()) {
            return null;
        }
        return scope.allowedNames().stream().map(NameGlob::glob).map(DeviceScopes::regex).toList();
    }

    /** {@code *} is one or more characters other than a dot; every other character is itself. */
    static String regex(String glob) {
        StringBuilder regex = new StringBuilder("^");
        for (char c : glob.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '*') {
                regex.append("[^.]+");
            } else if (Character.isLetterOrDigit(c)) {
                regex.append(c);
            } else {
                regex.append('\\').append(c); // an escaped non-alphanumeric is that character in PostgreSQL AREs
            }
        }
        return regex.append('$').toString();
    }
}
