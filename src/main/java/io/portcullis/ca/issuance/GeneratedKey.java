package io.portcullis.ca.issuance;

import java.security.PrivateKey;

/**
 * A key pair the service made in memory, with a CSR signed by it. The private key lives only until
 * the bundle is written; it is never stored, and this record never prints it.
 *
 * @param privateKey the new private key
 * @param csrDer     a PKCS#10 request for the subject, signed with {@code privateKey}
 */
public record GeneratedKey(PrivateKey privateKey, byte[] csrDer) {

    @Override
    public String toString() {
        return "GeneratedKey[" + privateKey.getAlgorithm() + ", private key not shown]";
    }
}
