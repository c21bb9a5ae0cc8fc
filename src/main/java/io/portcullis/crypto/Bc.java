package io.portcullis.crypto;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The BouncyCastle provider, passed explicitly to every builder instead of being installed
 * globally, so nothing else in the JVM changes behaviour because Portcullis is on the class path.
 * BouncyCastle's ECDSA is several times faster than the JDK's.
 */
final class Bc {

    static final Provider PROVIDER = new BouncyCastleProvider();

    private Bc() {
    }
}
