package io.portcullis.ca;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A caller's string as a problem's detail quotes it. */
class CallerTextTest {

    @Test
    void printableAsciiPassesAndEverythingElseBecomesAQuestionMark() {
        assertThat(CallerText.printable("device-1.example")).isEqualTo("device-1.example");
        assertThat(CallerText.printable("a\nb\u0000c\u00e9d\u202ee")).isEqualTo("a?b?c?d?e");
        assertThat(CallerText.quoted("x\ty")).isEqualTo("'x?y'");
    }

    @Test
    void longStringsAreCutWithAnEllipsis() {
        String exact = "a".repeat(CallerText.MAX_LENGTH);
        assertThat(CallerText.printable(exact)).isEqualTo(exact);
        assertThat(CallerText.printable(exact + "b")).isEqualTo(exact + "…");
        assertThat(CallerText.printable("abcdef", 3)).isEqualTo("abc…");
        assertThat(CallerText.quoted("b".repeat(200))).hasSize(CallerText.MAX_LENGTH + 3);
    }
}
