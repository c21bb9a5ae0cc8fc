package io.portcullis.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl, with no kubeconfig and a throwaway discovery cache: only the server given on the command line. */
final class Kubectl {

    private Kubectl() {
    }

    /** Runs kubectl and returns its standard output; fails the test on a non-zero exit. */
    static String ok(String... args) {
        try {
            Path cache = Files.createTempDirectory("portcullis-kubectl");
            List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig=/dev/null", "--cache-dir=" + cache,
                    "--request-timeout=20s"));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
            String stderr = new String(err, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("kubectl %s: %s", String.join(" ", args), stderr).isZero();
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
