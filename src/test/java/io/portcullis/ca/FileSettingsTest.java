package io.portcullis.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileSettingsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"/etc/letsencrypt/live/../../shadow", "/srv/nginx/..", "/srv/./nginx", "relative/ca.crt"})
    void pathsThatCouldClimbOutAreRefusedWithTheSettingNamed(String path) {
        assertThatThrownBy(() -> FileSettings.requireAbsoluteNormal(Path.of(path), "PORTCULLIS_X"))
                .isInstanceOf(StartupRefusal.class)
                .hasMessageStartingWith("PORTCULLIS_X must")
                .hasMessageContaining(path)
                .hasMessageNotContaining("\n");
    }

    @Test
    void namesThatOnlyLookLikeDotsAreFine() {
        Path path = Path.of("/srv/..nginx/a..b/.hidden");
        assertThat(FileSettings.requireAbsoluteNormal(path, "PORTCULLIS_X")).isEqualTo(path);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void deviceFilesAndFifosAreRefusedInsteadOfHangingTheStart() throws Exception {
        assertThatThrownBy(() -> FileSettings.readSmallFile(Path.of("/dev/zero"), "PORTCULLIS_CA_IMPORT_CERT"))
                .isInstanceOf(StartupRefusal.class).hasMessageContaining("not a regular file");
        Path fifo = dir.resolve("fifo");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        assertThatThrownBy(() -> FileSettings.readSmallFile(fifo, "PORTCULLIS_CA_IMPORT_KEY"))
                .isInstanceOf(StartupRefusal.class).hasMessageContaining("PORTCULLIS_CA_IMPORT_KEY");
        assertThatThrownBy(() -> FileSettings.readSmallFile(dir.resolve("missing.pem"), "PORTCULLIS_CA_IMPORT_KEY"))
                .isInstanceOf(StartupRefusal.class).hasMessageContaining("not a regular file");
    }

    @Test
    void aHugeFileIsRefusedAndASmallOneRead() throws IOException {
        Path big = Files.write(dir.resolve("big.pem"), new byte[FileSettings.MAX_READ_BYTES + 1]);
        assertThatThrownBy(() -> FileSettings.readSmallFile(big, "PORTCULLIS_CA_IMPORT_CERT"))
                .isInstanceOf(StartupRefusal.class).hasMessageContaining("larger than");
        Path small = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        assertThat(FileSettings.readSmallFile(small, "PORTCULLIS_CA_IMPORT_CERT")).startsWith("-----BEGIN");
    }
}
