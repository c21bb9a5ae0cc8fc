package io.portcullis.crypto;

import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.CrlSigner;
import io.portcullis.ca.CrlTemplate;
import io.portcullis.ca.RevocationReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
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
    private final CryptoProvider crypto;

    @Inject
    public BouncyCastleCrlSigner(ActiveCa activeCa, CryptoProvider crypto) {
        this.activeCa = activeCa;
        this.crypto = crypto;
    }

    @Override
    public SignedCrl signCrl(CrlTemplate t) {
        ActiveCa.Material ca = activeCa.require();
        X509Certificate caCert = ca.certificate().certificate();
        ContentSigner signer = crypto.contentSigner(
                KeyAlgorithms.signatureAlgorithm(ca.certificate().keyAlgorithm()), ca.privateKey());
        byte[][] tbsParts = {
            VERSION_2,
            encode(signer.getAlgorithmIdentifier()),
            caCert.getSubjectX500Principal().getEncoded(),
            time(t.thisUpdate()),
            time(t.nextUpdate()),
        };
        int partsLength = (int) length(tbsParts);

        // One buffer holds the whole TBSCertList: the entries stream in behind room left for the parts
        // and headers before them, which are placed once the entries' length is known. Peak heap is
        // this buffer plus the finished CRL, about 2.5 × the CRL, never a list of entries.
        Buffer tbs = new Buffer(partsLength + 3 * MAX_HEADER);
        int entriesStart = tbs.size;
        EntryEncoder encoder = new EntryEncoder();
        int[] count = {0};
        t.entries().forEach(entry -> {
            encoder.write(tbs, entry.serial(), entry.revokedAt(), entry.reason());
            count[0]++;
        });
        int entriesLength = tbs.size - entriesStart;
        byte[] extensions = encode(new Extensions(new Extension[] {
            new Extension(Extension.authorityKeyIdentifier, false,
                    encode(new AuthorityKeyIdentifier(KeyIdentifiers.of(caCert)))),
            new Extension(Extension.cRLNumber, false, encode(new CRLNumber(t.number())))}));
        tbs.write(Der.header(Der.CONTEXT_0, extensions.length));
        tbs.write(extensions);

        // RFC 5280 5.1.2.6: revokedCertificates is absent rather than empty when nothing is revoked
        byte[] entriesHeader = count[0] > 0 ? Der.header(Der.SEQUENCE, entriesLength) : new byte[0];
        long tbsLength = partsLength + entriesHeader.length + (tbs.size - entriesStart);
        byte[] tbsHeader = Der.header(Der.SEQUENCE, tbsLength);
        int tbsStart = entriesStart - entriesHeader.length - partsLength - tbsHeader.length;
        int at = tbsStart;
        at = tbs.put(at, tbsHeader);
        for (byte[] part : tbsParts) {
            at = tbs.put(at, part);
        }
        tbs.put(at, entriesHeader);
        int tbsTotal = tbs.size - tbsStart;
        try {
            signer.getOutputStream().write(tbs.bytes, tbsStart, tbsTotal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        byte[] signature = signer.getSignature();
        byte[] algorithm = encode(signer.getAlgorithmIdentifier());
        byte[] bitStringHeader = Der.header(Der.BIT_STRING, signature.length + 1L);
        long total = (long) tbsTotal + algorithm.length + bitStringHeader.length + signature.length + 1;
        byte[] outerHeader = Der.header(Der.SEQUENCE, total);
        byte[] der = new byte[Math.toIntExact(outerHeader.length + total)];
        int i = 0;
        i = copy(outerHeader, der, i);
        System.arraycopy(tbs.bytes, tbsStart, der, i, tbsTotal);
        i += tbsTotal;
        i = copy(algorithm, der, i);
        i = copy(bitStringHeader, der, i);
        der[i++] = 0; // no unused bits
        copy(signature, der, i);
        return new SignedCrl(der, count[0]);
    }

    /** Longest DER header written here: tag, 0x84 and four length octets (a CRL stays below 4 GiB). */
    private static final int MAX_HEADER = 6;

    /**
     * Encodes revokedCertificates entries straight into the buffer. The reasonCode extension has six
     * possible encodings, computed once, and consecutive entries revoked in the same second share
     * one encoded time; only the serial is encoded per entry. The reasonCode extension is omitted for
     * unspecified (RFC 5280 5.3.1).
     */
    private static final class EntryEncoder {
        private final Map<RevocationReason, byte[]> reasons = new EnumMap<>(RevocationReason.class);
        private long lastSecond = Long.MIN_VALUE;
        private byte[] lastTime;

        void write(Buffer out, BigInteger serial, Instant revokedAt, RevocationReason reason) {
            byte[] serialDer = encode(new ASN1Integer(serial));
            long second = revokedAt.getEpochSecond();
            if (second != lastSecond) {
                lastTime = time(revokedAt);
                lastSecond = second;
            }
            byte[] reasonDer = reason == RevocationReason.UNSPECIFIED ? new byte[0]
                    : reasons.computeIfAbsent(reason, r -> encode(new Extensions(new Extension(Extension.reasonCode, false,
                            encode(CRLReason.lookup(r.code()))))));
            out.write(Der.header(Der.SEQUENCE, (long) serialDer.length + lastTime.length + reasonDer.length));
            out.write(serialDer);
            out.write(lastTime);
            out.write(reasonDer);
        }
    }

    /** A growable byte array that can also overwrite the room it left at its start. */
    private static final class Buffer {
        byte[] bytes;
        int size;

        Buffer(int reserved) {
            bytes = new byte[Math.max(4096, reserved * 2)];
            size = reserved;
        }

        void write(byte[] b) {
            if (size + b.length > bytes.length) {
                long grown = Math.max((long) size + b.length, bytes.length + (bytes.length >> 1));
                if (grown > Integer.MAX_VALUE - 16) {
                    throw new IllegalStateException("CRL larger than 2 GiB");
                }
                bytes = Arrays.copyOf(bytes, (int) grown);
            }
            System.arraycopy(b, 0, bytes, size, b.length);
            size += b.length;
        }

        int put(int at, byte[] b) {
            System.arraycopy(b, 0, bytes, at, b.length);
            return at + b.length;
        }
    }

    private static int copy(byte[] from, byte[] to, int at) {
        System.arraycopy(from, 0, to, at, from.length);
        return at + from.length;
    }

    /** UTCTime through 2049, GeneralizedTime after (RFC 5280 5.1.2.4). */
    private static byte[] time(Instant instant) {
        return encode(new Time(Date.from(instant.truncatedTo(ChronoUnit.SECONDS))));
    }

    private static byte[] encode(ASN1Encodable value) {
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
}
