package io.portcullis.crypto;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The BouncyCastle provider, passed explicitly to every builder instead of being installed
 * globally, so nothing else in the JVM changes behaviour because Portcullis is on the class path.
 * It decodes keys and computes digests and password-based encryption; public-key math goes through
 * {@link CryptoProvider}, which uses it where AWS-LC is not selected or lacks an algorithm.
 */
final class Bc {

    static final Provider PROVIDER = new BouncyCastleProvider();

    private Bc() {
    }
}
