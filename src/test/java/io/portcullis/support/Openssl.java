package io.portcullis.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real openssl CLI, as users run it: makes keys and CSRs and verifies what Portcullis issues.
 * Every call is bounded in time and fails the test with openssl's own output.
 */
public final class Openssl {

    /** The result of one openssl run. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private final Path dir;

    public Openssl(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Runs openssl with arguments in the work directory; does not throw on a non-zero exit. */
    public Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("openssl timed out: " + command);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("cannot run openssl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs openssl and fails the test unless it exits 0. */
    public String ok(String... args) {
        Result result = run(args);
        if (!result.ok()) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed:\n" + result.output());
        }
        return result.output();
    }

    /** Generates a private key: {@code rsa:2048}, {@code rsa:4096}, {@code ec:P-256}, {@code ec:P-384}, {@code ed25519}. */
    public Path key(String name, String spec) {
        String file = name + ".key";
        if (spec.startsWith("rsa:")) {
            ok("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:" + spec.substring(4), "-out", file);
        } else if (spec.startsWith("ec:")) {
            ok("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:" + spec.substring(3), "-out", file);
        } else {
            ok("genpkey", "-algorithm", spec, "-out", file);
        }
        return dir.resolve(file);
    }

    /** An RSA key encrypted with DES-EDE3 under {@code passphrase}, as {@code openssl genrsa -des3} writes it. */
    public Path des3RsaKey(String name, int bits, String passphrase, String... extra) {
        List<String> args = new ArrayList<>(List.of("genrsa", "-des3", "-passout", "pass:" + passphrase, "-out", name + ".key"));
        args.addAll(List.of(extra));
        args.add(Integer.toString(bits));
        ok(args.toArray(String[]::new));
        return dir.resolve(name + ".key");
    }

    /** Makes a CSR for a key with {@code openssl req}; extra arguments such as {@code -addext} follow. */
    public Path csr(String name, Path key, String subject, String... extra) {
        List<String> args = new ArrayList<>(List.of("req", "-new", "-key", key.toString(), "-subj", subject, "-out", name + ".csr"));
        args.addAll(List.of(extra));
        ok(args.toArray(String[]::new));
        return dir.resolve(name + ".csr");
    }

    /** A new key and CSR in one step. */
    public Path newCsr(String name, String keySpec, String subject, String... extra) {
        return csr(name, key(name, keySpec), subject, extra);
    }

    /**
     * A self-signed P-256 server certificate for 127.0.0.1 ({@code server.crt}, key {@code server.key}) for an
     * nginx under test; returns the certificate, which clients trust as their CA file.
     */
    public Path localServerCertificate() {
        ok("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", "server.key", "-out", "server.crt");
        return dir.resolve("server.crt");
    }

    public Path write(String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public Path writeBytes(String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public static Openssl inTempDir() {
        try {
            return new Openssl(Files.createTempDirectory("portcullis-openssl"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
