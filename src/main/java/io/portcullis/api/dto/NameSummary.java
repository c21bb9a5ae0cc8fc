package io.portcullis.api.dto;

import io.portcullis.ca.SubjectAltName;
import java.util.ArrayList;
import java.util.List;

/**
 * The subject alternative names a list item shows: the first ones, up to {@value #MAX_CHARACTERS}
 * characters in all, so a page of {@code size=500} stays small however many names its items have
 * (a CSR may ask for 100). {@code subjectAltNameCount} says how many there are; the single-item GET
 * has them all.
 */
final class NameSummary {

    static final int MAX_CHARACTERS = 512;

    private NameSummary() {
    }

    static List<String> first(List<SubjectAltName> names) {
        List<String> shown = new ArrayList<>();
        int characters = 0;
        for (SubjectAltName name : names) {
            String text = name.toString();
            characters += text.length();
            if (characters > MAX_CHARACTERS) {
                break;
            }
            shown.add(text);
        }
        return List.copyOf(shown);
    }

    static List<String> all(List<SubjectAltName> names) {
        return names.stream().map(SubjectAltName::toString).toList();
    }
}
