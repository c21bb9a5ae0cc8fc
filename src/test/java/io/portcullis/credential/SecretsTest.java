package io.portcullis.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void tokensCarry256RandomBitsBehindTheirPrefix() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = Secrets.newToken(Secrets.CREDENTIAL_PREFIX);
            assertThat(token).matches("pcc_[A-Za-z0-9_-]{43}");
            assertThat(Base64.getUrlDecoder().decode(token.substring(4))).hasSize(32);
            assertThat(Secrets.hasShape(token, Secrets.CREDENTIAL_PREFIX)).isTrue();
            assertThat(Secrets.hasShape(token, Secrets.ENROLLMENT_PREFIX)).isFalse();
            seen.add(token);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void shapeCheckRefusesLookalikes() {
        assertThat(Secrets.hasShape("pce_" + "A".repeat(42), Secrets.ENROLLMENT_PREFIX)).isFalse();
        assertThat(Secrets.hasShape("pce_" + "A".repeat(44), Secrets.ENROLLMENT_PREFIX)).isFalse();
        assertThat(Secrets.hasShape("pce_" + "A".repeat(42) + "=", Secrets.ENROLLMENT_PREFIX)).isFalse();
        assertThat(Secrets.hasShape("pce_" + "A".repeat(43), Secrets.ENROLLMENT_PREFIX)).isTrue();
    }

    @Test
    void matchesComparesTheHashOfTheTokenWithTheStoredHash() {
        String token = Secrets.newToken(Secrets.ENROLLMENT_PREFIX);
        byte[] stored = Secrets.hash(token);
        assertThat(Secrets.matches(token, stored)).isTrue();
        assertThat(Secrets.matches(token + "x", stored)).isFalse();
        assertThat(Secrets.matches(token.substring(0, token.length() - 1), stored)).as("a prefix").isFalse();
        assertThat(Secrets.matches("", stored)).isFalse();
        assertThat(Secrets.matches(token, null)).as("no admin token configured").isFalse();
        assertThat(Secrets.matches(null, stored)).isFalse();
        assertThat(Secrets.matches(token, java.util.Arrays.copyOf(stored, 16))).as("a truncated hash").isFalse();
    }

    @Test
    void idsAreRandomVersion4Uuids() {
        assertThat(Secrets.newId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(Secrets.newId()).isNotEqualTo(Secrets.newId());
    }
}
