package io.portcullis.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * AWS-LC through the Amazon Corretto Crypto Provider: its native library loaded, its own health check passed,
 * and known answers made by the openssl CLI (resources {@code kat/}) reproduced before anything is signed with
 * it. The provider is used as an instance and never installed in {@code java.security}, so nothing else in the
 * JVM changes behaviour.
 */
final class AwsLc {

    /** Why AWS-LC cannot be used, as one line for the log or a refusal to start. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Loading takes about a second (extracting and linking 10 MB, ACCP's self-tests, ours): once per process. */
    private static final CompletableFuture<Provider> LOADED = new CompletableFuture<>();
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static volatile long loadMillis;

    private AwsLc() {
    }

    /** Starts loading on a thread of its own, so that it overlaps the rest of the start (migrations, ORM). */
    static void preload() {
        if (STARTED.compareAndSet(false, true)) {
            Thread loader = new Thread(AwsLc::complete, "aws-lc-load");
            loader.setDaemon(true);
            loader.start();
        }
    }

    /** ACCP's provider, loaded and self-tested; waits for {@link #preload} if that started it. */
    static Provider load() throws Unavailable {
        if (STARTED.compareAndSet(false, true)) {
            complete();
        }
        try {
            return LOADED.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Unavailable unavailable) {
                throw unavailable;
            }
            throw e;
        }
    }

    /** How long loading and the self-tests took, in whichever thread ran them. */
    static long loadMillis() {
        return loadMillis;
    }

    private static void complete() {
        long started = System.nanoTime();
        try {
            Provider provider = loadNow();
            loadMillis = (System.nanoTime() - started) / 1_000_000;
            LOADED.complete(provider);
        } catch (Unavailable | RuntimeException e) {
            LOADED.completeExceptionally(e);
        }
    }

    private static Provider loadNow() throws Unavailable {
        AmazonCorrettoCryptoProvider accp;
        try {
            accp = AmazonCorrettoCryptoProvider.INSTANCE;
            Throwable error = accp.getLoadingError();
            if (error != null) {
                throw new Unavailable("its native library did not load (" + oneLine(error) + ")");
            }
            accp.assertHealthy();
        } catch (LinkageError | RuntimeException e) {
            throw new Unavailable("its native library did not load (" + oneLine(e) + ")");
        }
        knownAnswers(accp, resource("message.txt"));
        return accp;
    }

    /**
     * Verifies openssl's ECDSA P-256 and RSA-2048 signatures of {@code message}, reproduces openssl's
     * deterministic RSA signature, refuses a signature over another message, and signs with a fresh P-256 key
     * what BouncyCastle then verifies.
     */
    static void knownAnswers(Provider provider, byte[] message) throws Unavailable {
        try {
            PublicKey ec = publicKey(provider, "EC", "ec-p256.spki.der");
            byte[] ecSignature = resource("ec-p256-sha256.sig");
            require(verifies(provider, "SHA256withECDSA", ec, message, ecSignature), "openssl's ECDSA P-256 signature");
            byte[] other = message.clone();
            other[0] ^= 1;
            require(!verifies(provider, "SHA256withECDSA", ec, other, ecSignature), "refusing an ECDSA signature of another message");
            byte[] rsaSignature = resource("rsa-2048-sha256.sig");
            require(verifies(provider, "SHA256withRSA", publicKey(provider, "RSA", "rsa-2048.spki.der"), message, rsaSignature),
                    "openssl's RSA signature");
            PrivateKey rsa = KeyFactory.getInstance("RSA", provider)
                    .generatePrivate(new PKCS8EncodedKeySpec(resource("rsa-2048.pkcs8.der")));
            require(Arrays.equals(sign(provider, "SHA256withRSA", rsa, message), rsaSignature), "openssl's RSA signature, reproduced");

            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair fresh = generator.generateKeyPair();
            byte[] signed = sign(provider, "SHA256withECDSA", fresh.getPrivate(), message);
            PublicKey asBouncyCastleSeesIt = KeyFactory.getInstance("EC", Bc.PROVIDER)
                    .generatePublic(new X509EncodedKeySpec(fresh.getPublic().getEncoded()));
            require(verifies(Bc.PROVIDER, "SHA256withECDSA", asBouncyCastleSeesIt, message, signed),
                    "a fresh P-256 signature, verified by BouncyCastle");
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new Unavailable("its known-answer self-test failed (" + oneLine(e) + ")");
        }
    }

    private static void require(boolean passed, String what) throws Unavailable {
        if (!passed) {
            throw new Unavailable("its known-answer self-test failed: " + what);
        }
    }

    private static boolean verifies(Provider provider, String algorithm, PublicKey key, byte[] message, byte[] signature)
            throws GeneralSecurityException {
        Signature verifier = Signature.getInstance(algorithm, provider);
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(signature);
    }

    private static byte[] sign(Provider provider, String algorithm, PrivateKey key, byte[] message) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(algorithm, provider);
        signer.initSign(key);
        signer.update(message);
        return signer.sign();
    }

    private static PublicKey publicKey(Provider provider, String algorithm, String resource) throws GeneralSecurityException {
        return KeyFactory.getInstance(algorithm, provider).generatePublic(new X509EncodedKeySpec(resource(resource)));
    }

    static byte[] resource(String name) {
        try (InputStream in = AwsLc.class.getResourceAsStream("kat/" + name)) {
            if (in == null) {
                throw new IllegalStateException("known-answer vector kat/" + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("reading kat/" + name + " failed", e);
        }
    }

    private static String oneLine(Throwable t) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = t; cause != null && text.length() < 300; cause = cause.getCause()) {
            if (text.length() > 0) {
                text.append(": ");
            }
            text.append(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
            if (cause.getCause() == cause) {
                break;
            }
        }
        return text.toString().replaceAll("\\s+", " ");
    }
}
