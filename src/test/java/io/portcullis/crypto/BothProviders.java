package io.portcullis.crypto;

import java.util.stream.Stream;

/**
 * The two implementations of public-key math the conformance tests run against. AWS-LC is selected as
 * {@code aws-lc} insists, so on a machine where it does not load these tests fail instead of testing
 * BouncyCastle twice.
 */
public final class BothProviders {

    public static final CryptoProvider AWS_LC = CryptoProvider.select(CryptoProvider.AWS_LC);
    public static final CryptoProvider BOUNCYCASTLE = CryptoProvider.bouncyCastle("tests");

    private BothProviders() {
    }

    /** For {@code @MethodSource("io.portcullis.crypto.BothProviders#both")}. */
    public static Stream<CryptoProvider> both() {
        return Stream.of(AWS_LC, BOUNCYCASTLE);
    }
}
