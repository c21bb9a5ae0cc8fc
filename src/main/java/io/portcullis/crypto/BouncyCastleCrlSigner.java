package io.portcullis.crypto;

import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.CrlSigner;
import io.portcullis.ca.CrlTemplate;
import io.portcullis.ca.RevocationReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.operator.ContentSigner;

/**
 * Builds v2 CRLs (RFC 5280 section 5) by hand from DER pieces, so entries stream from the database
 * cursor straight into their encoding: each entry costs its ~40 encoded octets, never an ASN.1
 * object graph (which is what {@code X509v2CRLBuilder} keeps for every entry). The issuer is the
 * CA certificate's subject copied byte for byte, as RFC 5280 path validation compares it.
 */
@ApplicationScoped
public class BouncyCastleCrlSigner implements CrlSigner {

    private static final byte[] VERSION_2 = encode(new ASN1Integer(1));

    private final ActiveCa activeCa;

    @Inject
    public BouncyCastleCrlSigner(ActiveCa activeCa) {
        this.activeCa = activeCa;
    }

    @Override
    public SignedCrl signCrl(CrlTemplate t) {
        ActiveCa.Material ca = activeCa.require();
        X509Certificate caCert = ca.certificate().certificate();
        ContentSigner signer = BouncyCastleSigner.contentSigner(
                KeyAlgorithms.signatureAlgorithm(ca.certificate().keyAlgorithm()), ca.privateKey());

        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        int[] count = {0};
        t.entries().forEach(entry -> {
            write(entries, entry(entry.serial(), entry.revokedAt(), entry.reason()));
            count[0]++;
        });
        byte[] extensions = encode(new Extensions(new Extension[] {
            new Extension(Extension.authorityKeyIdentifier, false,
                    encode(new AuthorityKeyIdentifier(KeyIdentifiers.of(caCert)))),
            new Extension(Extension.cRLNumber, false, encode(new CRLNumber(t.number())))}));

        byte[][] tbsParts = {
            VERSION_2,
            encode(signer.getAlgorithmIdentifier()),
            caCert.getSubjectX500Principal().getEncoded(),
            time(t.thisUpdate()),
            time(t.nextUpdate()),
        };
        long tbsLength = length(tbsParts) + extensions.length + Der.header(Der.CONTEXT_0, extensions.length).length;
        if (count[0] > 0) {
            tbsLength += Der.header(Der.SEQUENCE, entries.size()).length + entries.size();
        }

        ByteArrayOutputStream crl = new ByteArrayOutputStream(entries.size() + 1024);
        OutputStream tbs = new TeeOutputStream(crl, signer.getOutputStream());
        write(tbs, Der.header(Der.SEQUENCE, tbsLength));
        for (byte[] part : tbsParts) {
            write(tbs, part);
        }
        if (count[0] > 0) { // RFC 5280 5.1.2.6: absent rather than empty when nothing is revoked
            write(tbs, Der.header(Der.SEQUENCE, entries.size()));
            try {
                entries.writeTo(tbs);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        write(tbs, Der.header(Der.CONTEXT_0, extensions.length));
        write(tbs, extensions);
        byte[] tbsBytes = crl.toByteArray();

        byte[] signature = signer.getSignature();
        byte[] algorithm = encode(signer.getAlgorithmIdentifier());
        byte[] bitString = new byte[signature.length + 1]; // leading 0: no unused bits
        System.arraycopy(signature, 0, bitString, 1, signature.length);
        byte[] bitStringHeader = Der.header(Der.BIT_STRING, bitString.length);
        long total = tbsBytes.length + algorithm.length + bitStringHeader.length + bitString.length;

        ByteArrayOutputStream out = new ByteArrayOutputStream((int) total + 8);
        write(out, Der.header(Der.SEQUENCE, total));
        write(out, tbsBytes);
        write(out, algorithm);
        write(out, bitStringHeader);
        write(out, bitString);
        return new SignedCrl(out.toByteArray(), count[0]);
    }

    /** One revokedCertificates entry; the reasonCode extension is omitted for unspecified (RFC 5280 5.3.1). */
    private static byte[] entry(java.math.BigInteger serial, Instant revokedAt, RevocationReason reason) {
        org.bouncycastle.asn1.ASN1EncodableVector v = new org.bouncycastle.asn1.ASN1EncodableVector(3);
        v.add(new ASN1Integer(serial));
        v.add(new Time(Date.from(revokedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))));
        if (reason != RevocationReason.UNSPECIFIED) {
            v.add(new Extensions(new Extension(Extension.reasonCode, false,
                    encode(CRLReason.lookup(reason.code())))));
        }
        return encode(new DERSequence(v));
    }

    /** UTCTime through 2049, GeneralizedTime after (RFC 5280 5.1.2.4). */
    private static byte[] time(Instant instant) {
        return encode(new Time(Date.from(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))));
    }

    private static byte[] encode(org.bouncycastle.asn1.ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long length(byte[][] parts) {
        long n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        return n;
    }

    private static void write(OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the TBSCertList once, to the CRL being assembled and to the signature at the same time. */
    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeOutputStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int value) throws IOException {
            a.write(value);
            b.write(value);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            a.write(bytes, offset, length);
            b.write(bytes, offset, length);
        }
    }
}
