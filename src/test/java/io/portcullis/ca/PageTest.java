package io.portcullis.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one check of a listing's page and size, at and beyond its bounds. */
class PageTest {

    @ParameterizedTest(name = "page {0}, size {1}")
    @CsvSource({"0, 1", "0, 500", "4294967, 500", "2147483647, 1"})
    void servedPages(int page, int size) {
        assertThatCode(() -> Page.checkIntOffset(page, size)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "page {0}, size {1}")
    @CsvSource({"-1, 20", "0, 0", "0, 501", "0, -5"})
    void pagesOrSizesOutOfRange(int page, int size) {
        assertRefused(() -> Page.check(page, size), "page must be >= 0 and size between 1 and 500.");
        assertRefused(() -> Page.checkIntOffset(page, size), "page must be >= 0 and size between 1 and 500.");
    }

    @ParameterizedTest(name = "page {0}, size {1}")
    @CsvSource({"4294968, 500", "2147483647, 2"})
    void pagesBeyondWhatAnIntOffsetHolds(int page, int size) {
        assertThatCode(() -> Page.check(page, size)).as("served, empty, by stores with a long offset")
                .doesNotThrowAnyException();
        assertRefused(() -> Page.checkIntOffset(page, size), "page is beyond the last possible page.");
    }

    private static void assertRefused(Runnable check, String detail) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(CaException.class, e -> {
            assertThat(e.type()).isEqualTo(ErrorType.MALFORMED);
            assertThat(e.detail()).isEqualTo(detail);
        });
    }
}
