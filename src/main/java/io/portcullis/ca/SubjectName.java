package io.portcullis.ca;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A certificate subject as typed values, most general attribute first (DER order), one attribute
 * per RDN. Values are checked here and written by a typed encoder ({@link NameCodec}); no text
 * of a caller is ever parsed as a distinguished name.
 */
public record SubjectName(List<Attribute> attributes) {

    /** The empty subject: the names are all in the subjectAltName extension. */
    public static final SubjectName EMPTY = new SubjectName(List.of());

    private static final Pattern PRINTABLE = Pattern.compile("[A-Za-z0-9 '()+,\\-./:=?]*");

    /** One attribute of one RDN. */
    public record Attribute(AttributeType type, String value) {

        /**
         * @throws IllegalArgumentException with a sentence for people when the value is not acceptable
         */
        public Attribute {
            String problem = problem(type, value);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
    }

    public SubjectName {
        attributes = List.copyOf(attributes);
    }

    /** {@code CN=<commonName>} alone, or the empty subject for {@code null}. */
    public static SubjectName ofCommonName(String commonName) {
        return commonName == null ? EMPTY : new SubjectName(List.of(new Attribute(AttributeType.CN, commonName)));
    }

    /**
     * Reads an operator's RFC 4514 string ({@code CN=Portcullis Root CA,O=Example}), most specific
     * attribute first, into attributes of known types; backslash escapes a character. Hex values
     * ({@code #…}) and multi-valued RDNs ({@code +}) are refused: this reader only splits, and every
     * value still goes through the typed encoder.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static SubjectName fromRfc4514(String text) {
        List<Attribute> attributes = new ArrayList<>();
        StringBuilder label = new StringBuilder();
        StringBuilder value = new StringBuilder();
        boolean inValue = false;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ',';
            if (c == '\\' && inValue && i + 1 < text.length()) {
                value.append(text.charAt(++i));
            } else if (c == '+') {
                throw new IllegalArgumentException("multi-valued RDNs (+) are not supported");
            } else if (c == ',') {
                if (!inValue) {
                    throw new IllegalArgumentException("'" + label.toString().strip() + "' is not TYPE=value");
                }
                attributes.add(0, attribute(label.toString().strip(), value.toString()));
                label.setLength(0);
                value.setLength(0);
                inValue = false;
            } else if (c == '=' && !inValue) {
                inValue = true;
            } else {
                (inValue ? value : label).append(c);
            }
        }
        return new SubjectName(attributes);
    }

    private static Attribute attribute(String label, String value) {
        if (value.startsWith("#")) {
            throw new IllegalArgumentException("hex values (#…) are not supported");
        }
        AttributeType type = AttributeType.fromLabel(label)
                .orElseThrow(() -> new IllegalArgumentException("unknown attribute type '" + label + "'"));
        return new Attribute(type, value);
    }

    /** The value of the one CN, if there is one. */
    public Optional<String> commonName() {
        return attributes.stream().filter(a -> a.type() == AttributeType.CN).map(Attribute::value).findFirst();
    }

    /** The first attribute other than a single CN, which subjects built from policy never carry. */
    public Optional<Attribute> firstBeyondCommonName() {
        boolean seenCn = false;
        for (Attribute attribute : attributes) {
            if (attribute.type() != AttributeType.CN || seenCn) {
                return Optional.of(attribute);
            }
            seenCn = true;
        }
        return Optional.empty();
    }

    /**
     * Why a value cannot be written as an attribute of this type, or {@code null} when it can:
     * 1 to the type's maximum characters, no control characters or unpaired surrogates, and only
     * the characters its string type can hold.
     */
    static String problem(AttributeType type, String value) {
        if (type == null || value == null) {
            return "A subject attribute needs a type and a value.";
        }
        if (value.isEmpty() || value.codePointCount(0, value.length()) > type.maxLength()) {
            return type.label() + " must have 1 to " + type.maxLength() + " characters.";
        }
        if (value.codePoints().anyMatch(c -> Character.isISOControl(c) || c >= 0xD800 && c <= 0xDFFF || c == 0xFFFD)) {
            return type.label() + " contains control characters or characters that cannot be encoded.";
        }
        if (value.isBlank()) {
            return type.label() + " must not be blank.";
        }
        return switch (type.encoding()) {
            case PRINTABLE -> PRINTABLE.matcher(value).matches()
                    && (type != AttributeType.C || value.matches("[A-Z]{2}")) ? null
                    : type.label() + (type == AttributeType.C ? " must be a two-letter country code such as DE."
                            : " may contain only letters, digits, spaces and '()+,-./:=?.");
            case IA5 -> value.chars().allMatch(c -> c < 0x80) ? null : type.label() + " must be ASCII.";
            case UTF8 -> null;
        };
    }
}
