package io.portcullis.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Debian's real Chromium, headless, in a throwaway {@code HOME} (Chromium on Linux reads client
 * certificates only from {@code $HOME/.pki/nssdb}) and a fresh profile per run. Every run is
 * bounded: without a policy that picks a certificate Chromium would wait for a prompt forever.
 * A missing browser fails the test; it is never skipped.
 */
public final class Chromium {

    public static final Path BINARY = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** Where Debian's Chromium reads managed policies. */
    public static final Path MANAGED_POLICIES = Path.of("/etc/chromium/policies/managed");
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(40);

    private final Path home;

    private Chromium(Path home) {
        this.home = home;
    }

    /** A browser user with an empty NSS database in a new {@code HOME}. */
    public static Chromium withFreshHome() {
        requireInstalled();
        try {
            Path home = Files.createTempDirectory("portcullis-chromium-home");
            Nss.create(home.resolve(".pki/nssdb"));
            return new Chromium(home);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Fails the test when Chromium or its driver is missing (CI installs chromium and chromium-driver). */
    public static void requireInstalled() {
        if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
            throw new AssertionError(BINARY + " and " + DRIVER + " are required (apt-get install chromium chromium-driver)");
        }
    }

    public Path home() {
        return home;
    }

    /** The NSS database this user's Chromium reads. */
    public Nss nss() {
        return Nss.open(home.resolve(".pki/nssdb"));
    }

    /** The flags that work headless on these machines, with a new profile directory. */
    public static List<String> flags(Path userDataDir) {
        return List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage",
                // the nginx test site's server certificate is self-signed; client authentication is what is tested
                "--ignore-certificate-errors",
                "--user-data-dir=" + userDataDir);
    }

    /** Loads {@code url} and returns the DOM Chromium rendered ({@code --dump-dom}), within {@link #RUN_TIMEOUT}. */
    public String dumpDom(String url) {
        try {
            Path profile = Files.createTempDirectory("portcullis-chromium-profile");
            List<String> command = new ArrayList<>();
            command.add(BINARY.toString());
            command.addAll(flags(profile));
            command.add("--dump-dom");
            command.add(url);
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("HOME", home.toString());
            Process process = builder.start();
            process.getOutputStream().close();
            var output = new CompletableFuture<String>();
            Thread reader = new Thread(() -> {
                try {
                    output.complete(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    output.completeExceptionally(e);
                }
            });
            reader.setDaemon(true);
            reader.start();
            if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                kill(process.toHandle());
                throw new AssertionError("chromium did not finish loading " + url + " within " + RUN_TIMEOUT
                        + " (waiting for a certificate prompt?)");
            }
            kill(process.toHandle());
            String dom = output.get(5, TimeUnit.SECONDS);
            deleteTree(profile);
            return dom;
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot run chromium", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Writes a managed {@code AutoSelectCertificateForUrls} policy for {@code origin} (any
     * certificate); close the returned handle to remove it again.
     */
    public static AutoCloseableFile autoSelectCertificateFor(String origin) {
        String policy = "{\"AutoSelectCertificateForUrls\": [\"{\\\"pattern\\\":\\\"" + origin
                + "\\\",\\\"filter\\\":{}}\"]}";
        try {
            Files.createDirectories(MANAGED_POLICIES);
            Path file = MANAGED_POLICIES.resolve("portcullis-test-" + ProcessHandle.current().pid() + ".json");
            Files.writeString(file, policy);
            return new AutoCloseableFile(file);
        } catch (IOException e) {
            throw new AssertionError("cannot write the Chromium policy (needs root): " + e, e);
        }
    }

    /** A file deleted on close. */
    public record AutoCloseableFile(Path file) implements AutoCloseable {
        @Override
        public void close() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Removes a profile directory (tens of megabytes per run). */
    public static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a file Chromium still holds open stays behind in the temp directory; harmless
        }
    }

    /** Ends a browser and all its helper processes (zygote, renderers, GPU). */
    public static void kill(ProcessHandle browser) {
        browser.descendants().forEach(ProcessHandle::destroyForcibly);
        browser.destroyForcibly();
    }
}
