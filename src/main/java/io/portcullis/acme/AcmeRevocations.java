package io.portcullis.acme;

import com.fasterxml.jackson.databind.JsonNode;
import io.portcullis.ca.Actor;
import io.portcullis.ca.Authority;
import io.portcullis.ca.CaException;
import io.portcullis.ca.CertificateRecord;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.LifecyclePolicy;
import io.portcullis.ca.RevocationReason;
import io.portcullis.ca.Revocations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;

/**
 * revokeCert (RFC 8555 section 7.6): by the account whose order obtained the certificate, or by a
 * request signed with the certificate's own key. It is the service's one revocation, so it lands in
 * the CRL and OCSP and revokes the device as every other revocation does.
 */
@ApplicationScoped
public class AcmeRevocations {

    private final AcmeStore store;
    private final Accounts accounts;
    private final Authority authority;
    private final Revocations revocations;

    @Inject
    public AcmeRevocations(AcmeStore store, Accounts accounts, Authority authority, Revocations revocations) {
        this.store = store;
        this.accounts = accounts;
        this.authority = authority;
        this.revocations = revocations;
    }

    @Transactional
    public void revoke(JwsVerifier.Verified request, JsonNode payload) {
        byte[] der;
        X509Certificate certificate;
        try {
            der = Base64.getUrlDecoder().decode(payload.path("certificate").asText(""));
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (IllegalArgumentException | CertificateException e) {
            throw new CaException(ErrorType.MALFORMED, "certificate must be the base64url DER of a certificate.");
        }
        BigInteger serial = certificate.getSerialNumber();
        CertificateRecord record = authority.find(serial).filter(r -> Arrays.equals(r.der(), der))
                .orElseThrow(() -> new CaException(ErrorType.NOT_FOUND, "This CA did not issue that certificate."));
        RevocationReason reason = reason(payload.get("reason"));
        revocations.revoke(serial, reason, revoker(request, record, certificate));
    }

    private Actor revoker(JwsVerifier.Verified request, CertificateRecord record, X509Certificate certificate) {
        AcmeAccount account = request.account();
        if (account == null) {
            byte[] signer = JwsKeys.publicKey(request.key()).getEncoded();
            if (!MessageDigest.isEqual(signer, certificate.getPublicKey().getEncoded())) {
                throw new CaException(ErrorType.FORBIDDEN, "The request is signed neither by the certificate's key nor by "
                        + "the account that obtained it.");
            }
            return LifecyclePolicy.holder(record);
        }
        if (!store.accountOfCertificate(record.serial()).map(account.id()::equals).orElse(false)) {
            throw new CaException(ErrorType.FORBIDDEN, "This account did not obtain that certificate.");
        }
        AccountScope scope = accounts.scope(account);
        // a token's account stands for the device itself, which may revoke only its own certificate
        return scope.token() == null ? scope.actor() : LifecyclePolicy.holder(record);
    }

    private static RevocationReason reason(JsonNode code) {
        if (code == null || code.isNull()) {
            return RevocationReason.UNSPECIFIED;
        }
        return Arrays.stream(RevocationReason.values()).filter(r -> code.isInt() && r.code() == code.intValue())
                .findFirst().orElseThrow(() -> new CaException(ErrorType.BAD_REVOCATION_REASON,
                        "reason must be an RFC 5280 CRLReason code: 0, 1, 3, 4, 5 or 9."));
    }
}
