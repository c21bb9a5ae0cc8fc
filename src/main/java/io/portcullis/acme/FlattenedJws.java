package io.portcullis.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A JWS in the flattened JSON serialization (RFC 7515 section 7.2.2), the only one ACME allows
 * (RFC 8555 section 6.2): exactly {@code protected}, {@code payload} and {@code signature}, no
 * unprotected header, no multiple signatures. The header is parsed by Nimbus JOSE+JWT after its
 * algorithm is checked against the ones ACME account keys may use.
 */
public record FlattenedJws(String protectedB64, String payloadB64, String signatureB64, JWSHeader header) {

    /** Account-key algorithms (RFC 8555 section 6.2 requires ES256 and EdDSA is recommended). */
    public static final Set<String> ACCOUNT_ALGORITHMS = Set.of("ES256", "ES384", "RS256", "EdDSA");
    /** External account binding MACs (RFC 8555 section 7.3.4). */
    public static final Set<String> MAC_ALGORITHMS = Set.of("HS256", "HS384", "HS512");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("protected", "payload", "signature");
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");
    static final int MAX_BYTES = 64 * 1024;

    /** Parses a request body. */
    public static FlattenedJws parse(byte[] body, Set<String> algorithms) {
        if (body == null || body.length == 0 || body.length > MAX_BYTES) {
            throw malformed("The body must be a JWS in the flattened JSON serialization.");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw malformed("The body is not JSON.");
        }
        return parse(node, algorithms);
    }

    /** Parses a JWS nested in a payload (external account binding, key change). */
    public static FlattenedJws parse(JsonNode node, Set<String> algorithms) {
        if (node == null || !node.isObject()) {
            throw malformed("The JWS must be a JSON object in the flattened serialization.");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw malformed("The JWS may carry only protected, payload and signature (not " + printable(name) + ").");
            }
        }
        String protectedB64 = text(node, "protected");
        String payloadB64 = text(node, "payload");
        String signatureB64 = text(node, "signature");
        if (protectedB64.isEmpty() || signatureB64.isEmpty()) {
            throw malformed("The JWS needs a protected header and a signature.");
        }
        JsonNode headerJson;
        try {
            headerJson = JSON.readTree(new Base64URL(protectedB64).decode());
        } catch (IOException | RuntimeException e) {
            throw malformed("The protected header is not base64url-encoded JSON.");
        }
        JsonNode alg = headerJson == null ? null : headerJson.get("alg");
        if (alg == null || !alg.isTextual() || !algorithms.contains(alg.asText())) {
            throw new CaException(ErrorType.BAD_SIGNATURE_ALGORITHM, "The JWS algorithm must be one of "
                    + String.join(", ", algorithms.stream().sorted().toList()) + ".");
        }
        try {
            return new FlattenedJws(protectedB64, payloadB64, signatureB64, JWSHeader.parse(new Base64URL(protectedB64)));
        } catch (ParseException | RuntimeException e) {
            throw malformed("The protected header is not a valid JWS header.");
        }
    }

    /** What the signature covers: {@code protected.payload} in ASCII. */
    public byte[] signingInput() {
        return (protectedB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII);
    }

    public byte[] payload() {
        return new Base64URL(payloadB64).decode();
    }

    public Base64URL signature() {
        return new Base64URL(signatureB64);
    }

    /** A string-valued protected header parameter, or {@code null}. */
    public String param(String name) {
        Object value = header.getCustomParam(name);
        return value instanceof String s ? s : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || !BASE64URL.matcher(value.asText()).matches()) {
            throw malformed("The JWS field " + field + " must be a base64url string.");
        }
        return value.asText();
    }

    static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return "'" + cut.replaceAll("[^\\x20-\\x7e…]", "?") + "'";
    }

    static CaException malformed(String detail) {
        return new CaException(ErrorType.MALFORMED, detail);
    }
}
