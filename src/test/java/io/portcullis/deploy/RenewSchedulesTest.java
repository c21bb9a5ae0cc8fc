package io.portcullis.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd timer and the cron line that run {@code enroll.sh --renew}: they run the script the
 * documentation (src/docs/lifecycle.md) installs, on the directory the service may write, and the cron line reports a failure
 * (and only a failure) on its output, where cron mails it.
 */
class RenewSchedulesTest {

    static final Path SERVICE = Path.of("deploy/systemd/portcullis-renew.service");
    static final Path TIMER = Path.of("deploy/systemd/portcullis-renew.timer");
    static final Path CRON = Path.of("deploy/cron/portcullis-renew");
    static final String INSTALLED_SCRIPT = "/usr/local/lib/portcullis/enroll.sh";

    @Test
    void theServiceRunsTheInstalledScriptOnTheOnlyDirectoryItMayWrite() throws Exception {
        List<String> service = Files.readAllLines(SERVICE);
        String exec = value(service, "ExecStart");
        assertThat(exec).startsWith("/bin/sh " + INSTALLED_SCRIPT + " --renew --url ${PORTCULLIS_CA_URL} --out /etc/portcullis");
        assertThat(value(service, "ReadWritePaths")).isEqualTo("/etc/portcullis");
        assertThat(value(service, "Type")).isEqualTo("oneshot");
        assertThat(value(service, "ProtectSystem")).isEqualTo("strict");
        List<String> timer = Files.readAllLines(TIMER);
        assertThat(value(timer, "OnCalendar")).isNotBlank();
        assertThat(value(timer, "Persistent")).isEqualTo("true");
        assertThat(value(timer, "WantedBy")).isEqualTo("timers.target");
        assertThat(Files.readString(Path.of("src/docs/lifecycle.md"))).contains(INSTALLED_SCRIPT, "deploy/systemd/portcullis-renew.service",
                "deploy/cron/portcullis-renew", "/etc/default/portcullis-renew");
    }

    @Test
    void theCronLinePrintsOnlyFailures(@TempDir Path dir) throws Exception {
        String line = Files.readAllLines(CRON).stream().filter(l -> l.matches("^[0-9].*")).findFirst().orElseThrow();
        String[] fields = line.split("\\s+", 7);
        assertThat(fields[5]).as("the user field of /etc/cron.d").isEqualTo("root");
        // cron turns \% into % and hands the rest to /bin/sh; here the script is the repository's
        String command = fields[6].replace("\\%", "%").replace(INSTALLED_SCRIPT, Path.of("deploy/scripts/enroll.sh").toAbsolutePath().toString());
        assertThat(command).contains("--renew").contains("--out /etc/portcullis");

        String failing = command.replace("https://ca.example:8443", "http://127.0.0.1:9").replace("/etc/portcullis", dir.toString());
        Files.writeString(dir.resolve("device.key"), "");
        Files.writeString(dir.resolve("device.crt"), "");
        Files.writeString(dir.resolve("ca.crt"), "");
        assertThat(sh(failing)).as("a failed run prints its reason for cron to mail").contains("enroll.sh: ");

        String succeeding = failing.replace("sh " + Path.of("deploy/scripts/enroll.sh").toAbsolutePath(), "true");
        assertThat(sh(succeeding)).as("a successful run prints nothing").isEmpty();
    }

    private static String sh(String command) throws Exception {
        Process process = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static String value(List<String> unit, String key) {
        return unit.stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1)).findFirst()
                .orElseThrow(() -> new AssertionError(key + " missing"));
    }
}
