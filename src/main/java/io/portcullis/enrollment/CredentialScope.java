package io.portcullis.enrollment;

import java.util.List;
import java.util.Objects;

/**
 * The names and validity a caller may issue for. Administrators are unrestricted; an issuer is
 * held to its credential's globs and validity cap.
 */
public record CredentialScope(boolean unrestricted, List<NameGlob> allowedNames, Integer maxValidityDays) {

    public static final CredentialScope UNRESTRICTED = new CredentialScope(true, List.of(), null);

    public CredentialScope {
        allowedNames = List.copyOf(allowedNames);
    }

    static CredentialScope restricted(List<String> globs, Integer maxValidityDays) {
        return new CredentialScope(false, globs.stream().map(NameGlob::parse).filter(Objects::nonNull).toList(),
                maxValidityDays);
    }

    public boolean allows(String name) {
        return unrestricted || allowedNames.stream().anyMatch(g -> g.matches(name));
    }
}
