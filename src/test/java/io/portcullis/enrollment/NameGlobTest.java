package io.portcullis.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NameGlobTest {

    @Test
    void starMatchesWithinOneLabel() {
        NameGlob glob = NameGlob.parse("*.ci.example");
        assertThat(glob.matches("runner1.ci.example")).isTrue();
        assertThat(glob.matches("RUNNER1.CI.EXAMPLE")).isTrue();
        assertThat(glob.matches("ci.example")).isFalse();
        assertThat(glob.matches(".ci.example")).isFalse();
        assertThat(glob.matches("a.b.ci.example")).isFalse();
        assertThat(glob.matches("runner1.ci.example.evil")).isFalse();
        assertThat(glob.matches("runner1xci.example")).isFalse();
    }

    @Test
    void everythingButTheStarIsLiteral() {
        assertThat(NameGlob.parse("door-*.home.example").matches("door-7.home.example")).isTrue();
        assertThat(NameGlob.parse("10.0.0.*").matches("10.0.0.7")).isTrue();
        assertThat(NameGlob.parse("10.0.0.*").matches("10.0.0.7.8")).isFalse();
        assertThat(NameGlob.parse("a+b.example").matches("aab.example")).isFalse();
        assertThat(NameGlob.parse("exact.example").matches("exact.example")).isTrue();
    }

    @Test
    void refusesWhatIsNotAGlob() {
        assertThat(NameGlob.parse("with space")).isNull();
        assertThat(NameGlob.parse("")).isNull();
        assertThat(NameGlob.parse(null)).isNull();
        assertThat(NameGlob.parse("x".repeat(254))).isNull();
    }

    @Test
    void aScopeAllowsANameIfAnyGlobMatches() {
        CredentialScope scope = CredentialScope.restricted(new Credential("id", "n", CredentialRole.ISSUER,
                List.of("*.ci.example", "build.example"), List.of(), List.of(), List.of(), null, "admin:x", Instant.EPOCH));
        assertThat(scope.allows("r.ci.example")).isTrue();
        assertThat(scope.allows("build.example")).isTrue();
        assertThat(scope.allows("other.example")).isFalse();
        assertThat(CredentialScope.UNRESTRICTED.allows("anything")).isTrue();
    }
}
