package io.portcullis.crypto;

import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.CertificateStatuses;
import io.portcullis.ca.OcspResponder;
import io.portcullis.ca.RevocationReason;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.ca.ChangeFeed;
import io.portcullis.ca.PublishedCrl;
import io.portcullis.ca.TrustMaterial;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.function.Supplier;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.RevokedInfo;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * An RFC 6960 responder in which the CA signs its own responses (no delegated responder
 * certificate to issue and rotate). A CertID naming another issuer, or a serial this CA did not issue,
 * is {@code unknown}. A request for one certificate without a nonce is answered from {@link OcspAnswers}
 * when the same CertID was answered under the current CRL number and less than half the validity ago:
 * the same bytes, signed once. A request with a nonce gets an answer of its own that echoes the nonce
 * (RFC 8954 would allow a cached one without it; clients that ask for one mean to detect replays), and
 * while the change feed is not listening every answer is fresh from the database.
 */
@ApplicationScoped
public class BouncyCastleOcspResponder implements OcspResponder {

    /**
     * Requests listing more certificates than this are refused (malformedRequest): each costs database
     * lookups and the whole answer a signature, and nginx and openssl ask for one at a time.
     */
    static final int MAX_CERTIFICATES = 4;
    /** RFC 8954 allows nonces up to 32 octets; a little slack for clients that wrap them. */
    static final int MAX_NONCE_LENGTH = 64;

    private final ActiveCa activeCa;
    private final CertificateStatuses statuses;
    private final Clock clock;
    /** How long a response may be cached (nextUpdate); revocations reach OCSP clients within this. */
    private final Duration validity;
    private final DigestCalculatorProvider digests;
    private final CryptoProvider crypto;
    /** The CRL number while answers may be kept, null while they may not (see {@link OcspAnswers}). */
    private final Supplier<BigInteger> crlNumber;
    private final OcspAnswers answers = new OcspAnswers();

    @Inject
    public BouncyCastleOcspResponder(ActiveCa activeCa, CertificateStatuses statuses, Clock clock, PortcullisConfig config,
            CryptoProvider crypto, TrustMaterial trustMaterial, ChangeFeed feed) {
        this(activeCa, statuses, clock, config.ocsp().validity(), crypto,
                () -> feed.isListening() ? trustMaterial.currentCrl().map(PublishedCrl::number).orElse(null) : null);
    }

    BouncyCastleOcspResponder(ActiveCa activeCa, CertificateStatuses statuses, Clock clock, Duration validity,
            CryptoProvider crypto, Supplier<BigInteger> crlNumber) {
        this.activeCa = activeCa;
        this.statuses = statuses;
        this.clock = clock;
        this.validity = validity;
        this.crypto = crypto;
        this.crlNumber = crlNumber;
        try {
            this.digests = new JcaDigestCalculatorProviderBuilder().setProvider(Bc.PROVIDER).build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("digest calculators are always available", e);
        }
    }

    @Override
    public byte[] respond(byte[] request) {
        Req[] requests;
        Extension nonce;
        try {
            // BouncyCastle parses the request list and CertIDs lazily: touch all of them here, so a
            // malformed one (found by fuzzing) is a malformedRequest and not an exception later
            OCSPReq parsed = new OCSPReq(request);
            requests = parsed.getRequestList();
            for (Req r : requests) {
                CertificateID id = r.getCertID();
                id.getHashAlgOID();
                id.getSerialNumber();
                id.getIssuerNameHash();
                id.getIssuerKeyHash();
            }
            nonce = parsed.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        } catch (IOException | RuntimeException e) {
            return status(OCSPRespBuilder.MALFORMED_REQUEST);
        }
        if (requests.length == 0 || requests.length > MAX_CERTIFICATES
                || nonce != null && nonce.getExtnValue().getOctets().length > MAX_NONCE_LENGTH) {
            return status(OCSPRespBuilder.MALFORMED_REQUEST);
        }
        try {
            return sign(requests, nonce);
        } catch (OCSPException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("building the OCSP response failed", e);
        }
    }

    @Override
    public byte[] tryLater() {
        return status(OCSPRespBuilder.TRY_LATER);
    }

    private byte[] sign(Req[] requests, Extension nonce) throws OCSPException, OperatorCreationException, IOException {
        ActiveCa.Material ca = activeCa.require();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        // the epoch is read before the statuses, so an answer racing a revocation is filed under the old one
        BigInteger number = requests.length == 1 && nonce == null ? crlNumber.get() : null;
        OcspAnswers.Epoch epoch = number == null ? null : new OcspAnswers.Epoch(ca, number);
        byte[] certId = epoch == null ? null : requests[0].getCertID().toASN1Primitive().getEncoded(ASN1Encoding.DER);
        if (epoch != null) {
            byte[] kept = answers.get(certId, epoch, now);
            if (kept != null) {
                return kept;
            }
        }
        X509CertificateHolder caHolder = new X509CertificateHolder(ca.certificate().der());
        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(
                SubjectPublicKeyInfo.getInstance(ca.certificate().certificate().getPublicKey().getEncoded()),
                digests.get(CertificateID.HASH_SHA1)));
        boolean known = true;
        for (Req request : requests) {
            CertificateID id = request.getCertID();
            CertificateStatus status = status(id, caHolder);
            known &= !(status instanceof UnknownStatus);
            builder.addResponse(id, status, Date.from(now), Date.from(now.plus(validity)), null);
        }
        if (nonce != null) {
            builder.setResponseExtensions(new Extensions(nonce));
        }
        BasicOCSPResp basic = CpuGate.run(() -> build(builder, ca, caHolder, now));
        byte[] der = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
        // unknown is never kept: a reserved serial becomes good when its certificate is stored
        if (epoch != null && known) {
            answers.put(certId, epoch, now.plus(validity.dividedBy(2)), der);
        }
        return der;
    }

    private BasicOCSPResp build(BasicOCSPRespBuilder builder, ActiveCa.Material ca, X509CertificateHolder caHolder, Instant now) {
        try {
            return builder.build(crypto.contentSigner(KeyAlgorithms.signatureAlgorithm(ca.certificate().keyAlgorithm()),
                    ca.privateKey()), new X509CertificateHolder[] {caHolder}, Date.from(now));
        } catch (OCSPException e) {
            throw new IllegalStateException("signing the OCSP response failed", e);
        }
    }

    private CertificateStatus status(CertificateID id, X509CertificateHolder ca) {
        boolean ours;
        try {
            ours = id.matchesIssuer(ca, digests);
        } catch (OCSPException | RuntimeException e) {
            ours = false; // a hash algorithm we cannot compute: we cannot claim the certificate
        }
        if (!ours) {
            return new UnknownStatus();
        }
        CertificateStatuses.Status status = statuses.of(id.getSerialNumber());
        return switch (status.kind()) {
            case GOOD -> CertificateStatus.GOOD;
            case UNKNOWN -> new UnknownStatus();
            case REVOKED -> new RevokedStatus(new RevokedInfo(
                    new ASN1GeneralizedTime(Date.from(status.revocation().revokedAt().truncatedTo(ChronoUnit.SECONDS))),
                    status.revocation().reason() == RevocationReason.UNSPECIFIED ? null
                            : CRLReason.lookup(status.revocation().reason().code())));
        };
    }

    private static byte[] status(int responseStatus) {
        try {
            return new OCSPRespBuilder().build(responseStatus, null).getEncoded();
        } catch (OCSPException | IOException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
