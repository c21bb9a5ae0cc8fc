package io.portcullis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The benchmark of src/docs/performance.md ({@code src/bench/run.sh}) in its seconds-long
 * smoke mode against the packaged jar, so the documented command keeps working: every
 * part runs for real (Portcullis, cfssl with PostgreSQL directly and through PgBouncer, openssl, wrk, the framework
 * floor of {@code src/bench/floor}) and every response is checked.
 */
class BenchmarkSmokeIT {

    @Test
    void theSmokeRunPrintsTheTableWithEveryCheckPassed() throws Exception {
        Path output = Files.createTempFile("portcullis-bench-", ".log");
        // databases of its own, named after this worktree's test database
        String prefix = "portcullis_bench" + Database.TEST_DB.replaceFirst("^portcullis_?", "");
        Process bench = new ProcessBuilder("src/bench/run.sh", "--smoke", "--db-prefix", prefix)
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean exited = bench.waitFor(8, TimeUnit.MINUTES);
        if (!exited) {
            bench.destroy();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(exited).as("finished in time:\n%s", log).isTrue();
        assertThat(bench.exitValue()).as("exit status; output:\n%s", log).isZero();
        assertThat(log).contains("## Portcullis benchmark", "### Targets", "Issuance Portcullis EC-P256 c=32",
                "Issuance cfssl+PostgreSQL RSA-4096 c=32", "Issuance cfssl+PgBouncer+PostgreSQL EC-P256 c=32",
                "openssl CLI recipe", "OCSP GET", "CRL GET", "Framework floor", "the framework floor alone")
                .doesNotContain("FAILED");
    }
}
