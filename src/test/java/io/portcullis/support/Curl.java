package io.portcullis.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real curl CLI as a device would use it: {@code --cert}/{@code --key} for its client certificate. */
public final class Curl {

    /** Status code, headers and body of one response; status 0 means no HTTP response (TLS or connection failure). */
    public record Response(int status, String headers, String body) {

        /** The value of the first header with that name, or null. */
        public String header(String name) {
            return headers.lines().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(l -> l.substring(name.length() + 1).trim()).findFirst().orElse(null);
        }
    }

    private Curl() {
    }

    /** GET {@code url} trusting {@code serverCa}; {@code extra} adds curl arguments such as {@code --cert} or {@code -H}. */
    public static Response get(String url, Path serverCa, String... extra) {
        try {
            Path body = Files.createTempFile("curl-", ".body");
            Path headers = Files.createTempFile("curl-", ".headers");
            List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "-o", body.toString(),
                    "-D", headers.toString(),
                    "-w", "%{http_code}", "--cacert", serverCa.toString()));
            command.addAll(List.of(extra));
            command.add(url);
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            String code = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("curl timed out: " + command);
            }
            Response response = new Response(code.matches("[0-9]{3}") ? Integer.parseInt(code) : 0,
                    Files.readString(headers), Files.readString(body));
            Files.delete(body);
            Files.delete(headers);
            return response;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** GET with a client certificate and key. */
    public static Response withCert(String url, Path serverCa, Path cert, Path key, String... extra) {
        List<String> args = new ArrayList<>(List.of("--cert", cert.toString(), "--key", key.toString()));
        args.addAll(List.of(extra));
        return get(url, serverCa, args.toArray(String[]::new));
    }
}
