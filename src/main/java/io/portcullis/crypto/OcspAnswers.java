package io.portcullis.crypto;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.portcullis.ca.ActiveCa;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Signed OCSP answers, one per CertID, kept until the status they state may have changed or half their
 * validity has passed: nginx and browsers ask for the same serials again and again, and each signature costs
 * more than everything else in an answer. Every revocation publishes a CRL with a higher number in its own
 * transaction, and every replica adopts another's CRL as soon as the change feed announces it, so an answer is
 * served only while the CRL number and the CA material it was signed under are still current. The responder
 * reads the epoch before it reads the statuses: an answer that raced a revocation carries the old number and is
 * never served again.
 */
final class OcspAnswers {

    /** A bound on the heap the answers take: about 20,000 serials of an EC CA, 7,000 of an RSA-4096 one. */
    static final long MAX_BYTES = 16L << 20;

    /** What an answer was signed under; equal epochs mean no revocation and no CA change in between. */
    record Epoch(ActiveCa.Material material, BigInteger crlNumber) {
    }

    private record Answer(Epoch epoch, Instant freshUntil, byte[] der) {
    }

    private final Cache<ByteBuffer, Answer> answers = Caffeine.newBuilder()
            .maximumWeight(MAX_BYTES)
            .weigher((ByteBuffer id, Answer answer) -> id.capacity() + answer.der().length + 96)
            .build();

    /** The answer for the CertID's DER signed under {@code epoch} that is still fresh at {@code now}, or null. */
    byte[] get(byte[] certId, Epoch epoch, Instant now) {
        Answer answer = answers.getIfPresent(ByteBuffer.wrap(certId));
        if (answer == null || !answer.epoch().equals(epoch) || !now.isBefore(answer.freshUntil())) {
            return null;
        }
        return answer.der();
    }

    void put(byte[] certId, Epoch epoch, Instant freshUntil, byte[] der) {
        answers.put(ByteBuffer.wrap(certId), new Answer(epoch, freshUntil, der));
    }
}
