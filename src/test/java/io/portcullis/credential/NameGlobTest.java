package io.portcullis.credential;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.ca.SubjectAltName;
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

    @Test
    void uriPatternsAreCaseSensitiveAndTheirStarStaysWithinOnePathSegment() {
        NameGlob glob = NameGlob.parseUri("spiffe://prod/ns/ci/sa/*");
        assertThat(glob.matches("spiffe://prod/ns/ci/sa/runner1")).isTrue();
        assertThat(glob.matches("spiffe://prod/ns/ci/sa/a/b")).isFalse();
        assertThat(glob.matches("SPIFFE://prod/ns/ci/sa/runner1")).isFalse();
        assertThat(glob.matches("spiffe://prod/ns/default/sa/admin.ci.example")).isFalse();
        assertThat(NameGlob.parseUri("no-scheme")).isNull();
    }

    @Test
    void emailPatternsNeverCrossTheAtSignNorADotAfterIt() {
        NameGlob glob = NameGlob.parseEmail("*@*.ci.example");
        assertThat(glob.matches("Build.Bot@r1.ci.example")).isTrue();
        assertThat(glob.matches("a@evil.r1.ci.example")).isFalse();
        assertThat(glob.matches("a@b@r1.ci.example")).isFalse();
        assertThat(NameGlob.parseEmail("no-at-sign")).isNull();
    }

    @Test
    void ipRangesHoldAddressesOfTheirFamilyOnly() {
        IpRange v4 = IpRange.parse("192.0.2.0/24");
        assertThat(v4.contains("192.0.2.255")).isTrue();
        assertThat(v4.contains("192.0.3.0")).isFalse();
        assertThat(v4.contains("2001:db8::1")).isFalse();
        assertThat(v4.contains("door.example")).isFalse();
        IpRange v6 = IpRange.parse("2001:db8::/32");
        assertThat(v6.contains("2001:DB8:ffff::1")).isTrue();
        assertThat(v6.contains("2001:db9::1")).isFalse();
        assertThat(IpRange.parse("192.0.2.7").contains("192.0.2.7")).isTrue();
        assertThat(IpRange.parse("192.0.2.7").contains("192.0.2.8")).isFalse();
        assertThat(IpRange.parse("0.0.0.0/0").contains("203.0.113.9")).isTrue();
        assertThat(IpRange.parse("192.0.2.1/24")).as("host bits set").isNull();
        assertThat(IpRange.parse("192.0.2.0/33")).isNull();
        assertThat(IpRange.parse("door.example")).isNull();
        assertThat(IpRange.parse("192.0.2.0/")).isNull();
    }

    @Test
    void aDnsGlobAdmitsOnlyDnsNames() {
        CredentialScope scope = CredentialScope.restricted(new Credential("id", "n", CredentialRole.ISSUER,
                List.of("*.ci.example", "*"), List.of(), List.of(), List.of(), null, "admin:x", Instant.EPOCH));
        assertThat(scope.allows(SubjectAltName.parse("DNS:r.ci.example"))).isTrue();
        assertThat(scope.allows(SubjectAltName.parse("URI:spiffe://prod/ns/default/sa/admin.ci.example"))).isFalse();
        assertThat(scope.allows(SubjectAltName.parse("IP:10.0.0.7"))).isFalse();
        assertThat(scope.allows(SubjectAltName.parse("email:a@r.ci.example"))).isFalse();
    }
}
