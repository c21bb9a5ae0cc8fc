package io.portcullis.crypto;

import io.portcullis.ca.CaException;
import io.portcullis.ca.CertificateRequest;
import io.portcullis.ca.CsrParser;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.Hashes;
import io.portcullis.ca.Pem;
import io.portcullis.ca.SubjectName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Reads PKCS#10 requests with BouncyCastle and refuses anything it cannot vouch for: unreadable
 * encodings, a signature that does not verify (no proof of possession), unacceptable keys or names.
 * BouncyCastle throws unchecked exceptions on malformed ASN.1; every one becomes {@code badCSR}.
 */
@ApplicationScoped
public class BouncyCastleCsrParser implements CsrParser {

    static final int MAX_COMMON_NAME = 64;
    static final int MAX_SUBJECT_BYTES = 2048;

    private final X500Names names = new X500Names();
    /** BouncyCastle decodes the key for the certificate (and checks an EC point is on its curve) whatever verifies. */
    private final JcaPEMKeyConverter keyConverter = new JcaPEMKeyConverter().setProvider(Bc.PROVIDER);
    private final CryptoProvider crypto;

    @Inject
    public BouncyCastleCsrParser(CryptoProvider crypto) {
        this.crypto = crypto;
    }

    @Override
    public CertificateRequest parse(byte[] body) {
        byte[] der = Pem.looksLikePem(body) ? unwrapPem(body) : body;
        PKCS10CertificationRequest csr = decode(der);
        SubjectPublicKeyInfo spki = csr.getSubjectPublicKeyInfo();
        String keyLabel = KeyAlgorithms.check(spki);
        PublicKey publicKey = toPublicKey(spki);
        CpuGate.run(() -> {
            verifyProofOfPossession(csr, spki, publicKey);
            return null;
        });
        try {
            X500Name subject = csr.getSubject();
            if (subject.getEncoded(ASN1Encoding.DER).length > MAX_SUBJECT_BYTES) {
                throw badCsr("The subject is longer than " + MAX_SUBJECT_BYTES + " bytes.");
            }
            String commonName = commonName(subject);
            SubjectName requested = requestedSubject(subject);
            // what is signed is the checked values re-encoded, never the requester's bytes
            byte[] subjectDer = names.encode(requested);
            String rfc4514 = new X500Principal(subjectDer).getName(X500Principal.RFC2253);
            return new CertificateRequest(csr.getEncoded(), requested, subjectDer, rfc4514, commonName,
                    SubjectAltNames.fromExtensions(extensionRequest(csr)), publicKey, keyLabel,
                    Hashes.sha256Hex(spki.getEncoded(ASN1Encoding.DER)));
        } catch (IOException | RuntimeException e) {
            if (e instanceof CaException ca) {
                throw ca;
            }
            throw badCsr("The CSR's subject or extensions are not well formed.");
        }
    }

    private static byte[] unwrapPem(byte[] body) {
        List<byte[]> blocks;
        try {
            blocks = Pem.decodeAll(new String(body, StandardCharsets.US_ASCII), "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");
        } catch (IllegalArgumentException e) {
            throw badCsr("The PEM block is not valid base64.");
        }
        if (blocks.size() != 1) {
            throw badCsr("Expected exactly one PEM block labelled CERTIFICATE REQUEST.");
        }
        return blocks.get(0);
    }

    private static PKCS10CertificationRequest decode(byte[] der) {
        try {
            PKCS10CertificationRequest csr = new PKCS10CertificationRequest(der);
            if (!java.util.Arrays.equals(csr.getEncoded(), der)) {
                throw badCsr("The CSR is not DER encoded or has trailing data.");
            }
            return csr;
        } catch (IOException | RuntimeException e) {
            if (e instanceof CaException ca) {
                throw ca;
            }
            throw badCsr("The body is not a PKCS#10 certificate signing request.");
        }
    }

    private PublicKey toPublicKey(SubjectPublicKeyInfo spki) {
        try {
            return keyConverter.getPublicKey(spki);
        } catch (IOException | RuntimeException e) {
            throw new CaException(ErrorType.BAD_PUBLIC_KEY, "The public key cannot be decoded (for EC, the point must be on the curve).");
        }
    }

    private void verifyProofOfPossession(PKCS10CertificationRequest csr, SubjectPublicKeyInfo spki, PublicKey publicKey) {
        boolean valid;
        try {
            valid = csr.isSignatureValid(crypto.verifier(csr.getSignatureAlgorithm(), spki, publicKey));
        } catch (Exception e) {
            valid = false;
        }
        if (!valid) {
            throw badCsr("The CSR's signature does not verify with its public key (no proof of possession).");
        }
    }

    private static Extensions extensionRequest(PKCS10CertificationRequest csr) {
        Attribute[] attributes = csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
        if (attributes.length == 0) {
            return null;
        }
        if (attributes.length > 1 || attributes[0].getAttrValues().size() != 1) {
            throw badCsr("The CSR has more than one extensionRequest.");
        }
        return Extensions.getInstance(attributes[0].getAttrValues().getObjectAt(0));
    }

    private static SubjectName requestedSubject(X500Name subject) {
        try {
            return X500Names.fromX500Name(subject);
        } catch (IllegalArgumentException e) {
            throw badCsr(e.getMessage());
        }
    }

    private static String commonName(X500Name subject) {
        RDN[] rdns = subject.getRDNs(BCStyle.CN);
        if (rdns.length == 0) {
            return null;
        }
        if (rdns.length > 1 || rdns[0].isMultiValued()) {
            throw badCsr("The subject must have at most one common name.");
        }
        if (!(rdns[0].getFirst().getValue() instanceof ASN1String value)) {
            throw badCsr("The common name is not a string.");
        }
        String cn = value.getString();
        if (hasControlCharacters(cn)) {
            throw badCsr("The common name contains control characters.");
        }
        if (cn.isBlank() || cn.length() > MAX_COMMON_NAME) {
            throw badCsr("The common name must have 1 to " + MAX_COMMON_NAME + " characters.");
        }
        return cn;
    }

    /** Control characters (NUL above all) cannot be stored in PostgreSQL text and spoof log lines. */
    static boolean hasControlCharacters(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    static CaException badCsr(String detail) {
        return new CaException(ErrorType.BAD_CSR, detail);
    }
}
