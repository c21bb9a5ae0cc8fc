package io.portcullis.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fresh NSS database driven by the real {@code certutil} and {@code pk12util} (libnss3-tools),
 * the store Firefox and Chromium on Linux read client certificates from.
 */
public final class Nss {

    private final Path dir;

    private Nss(Path dir) {
        this.dir = dir;
    }

    /** Creates an empty database (no password) in {@code dir}, e.g. {@code $HOME/.pki/nssdb}. */
    public static Nss create(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Nss nss = new Nss(dir);
        nss.ok("certutil", "-N", "-d", nss.db(), "--empty-password");
        return nss;
    }

    /** An existing database. */
    public static Nss open(Path dir) {
        return new Nss(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Imports a PKCS#12 file; the password comes from a file so it never appears on a command line. */
    public String importPkcs12(Path pkcs12, Path passwordFile) {
        return ok("pk12util", "-i", pkcs12.toString(), "-d", db(), "-w", passwordFile.toString());
    }

    /** Runs pk12util import and returns its exit code and output without failing. */
    public Result tryImportPkcs12(Path pkcs12, Path passwordFile) {
        return run("pk12util", "-i", pkcs12.toString(), "-d", db(), "-w", passwordFile.toString());
    }

    /** {@code certutil -L}: the certificates and their trust flags. */
    public String listCertificates() {
        return ok("certutil", "-L", "-d", db());
    }

    /** {@code certutil -K}: the private keys. */
    public String listKeys() {
        return ok("certutil", "-K", "-d", db());
    }

    /** Adds a certificate with trust flags, e.g. {@code "P,,"} for a trusted server certificate. */
    public void addCertificate(String nickname, Path pem, String trust) {
        ok("certutil", "-A", "-d", db(), "-n", nickname, "-t", trust, "-i", pem.toString());
    }

    private String db() {
        return "sql:" + dir;
    }

    /** Exit code and combined output of an NSS tool. */
    public record Result(int exitCode, String output) {
    }

    private String ok(String... command) {
        Result result = run(command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + result.exitCode() + "):\n" + result.output());
        }
        return result.output();
    }

    private static Result run(String... command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " timed out");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + " (package libnss3-tools)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
