package io.portcullis.ca.issuance;

import io.portcullis.ca.ErrorType;
import io.portcullis.ca.SubjectAltName;
import io.portcullis.ca.SubjectName;
import java.util.List;

/**
 * Port: server-side key pairs and PKCS#12 bundles for people whose device cannot make a CSR (a
 * phone, a browser). The key is generated in memory, certified through the one issuance cycle from
 * the CSR this port signs with it, and handed out once, inside the bundle.
 */
public interface DeviceKeys {

    /**
     * A fresh key pair and a CSR for {@code subject} with the given SANs, signed with the new key.
     *
     * @throws CaException {@link ErrorType#BAD_CSR} for a SAN that no CSR could carry either
     */
    GeneratedKey generate(DeviceKeyAlgorithm algorithm, SubjectName subject, List<SubjectAltName> subjectAltNames);

    /**
     * Writes a password-protected PKCS#12 bundle: the key, its certificate and the CA certificates,
     * with the friendly name on key and certificate and a localKeyId linking the two.
     *
     * @param certificateDer the certificate of {@code key}
     * @param caDers         the CA chain, issuing CA first
     */
    byte[] pkcs12(GeneratedKey key, byte[] certificateDer, List<byte[]> caDers, char[] password,
            Pkcs12Profile profile, String friendlyName);
}
