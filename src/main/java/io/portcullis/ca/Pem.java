package io.portcullis.ca;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** RFC 7468 textual encoding. */
public final class Pem {

    private static final Base64.Encoder ENCODER = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    /** Bounded label and no nested quantifiers: matching stays linear on hostile input. */
    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]{1,64})-----");
    private static final Pattern BASE64_BODY = Pattern.compile("[A-Za-z0-9+/=\\s]*");

    private Pem() {
    }

    /** Encodes DER as one PEM block ending in a newline. */
    public static String encode(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + ENCODER.encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    public static String certificate(byte[] der) {
        return encode("CERTIFICATE", der);
    }

    /** Whether the bytes look like PEM text rather than DER (DER always starts with a SEQUENCE tag). */
    public static boolean looksLikePem(byte[] body) {
        for (byte b : body) {
            if (b == '-') {
                return true;
            }
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return false;
    }

    /** Decodes every block with one of the given labels, in order; text outside blocks is ignored. */
    public static List<byte[]> decodeAll(String text, String... labels) {
        List<byte[]> blocks = new ArrayList<>();
        Matcher begin = BEGIN.matcher(text);
        int from = 0;
        while (begin.find(from)) {
            String label = begin.group(1);
            String endMarker = "-----END " + label + "-----";
            int end = text.indexOf(endMarker, begin.end());
            if (end < 0) {
                from = begin.end(); // unterminated block: look for the next one
                continue;
            }
            String body = text.substring(begin.end(), end);
            if (List.of(labels).contains(label) && BASE64_BODY.matcher(body).matches()) {
                blocks.add(Base64.getMimeDecoder().decode(body));
            }
            from = end + endMarker.length();
        }
        return blocks;
    }
}
