package io.portcullis.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code certificates}; see V1__foundation.sql. Never leaves this package. */
@Entity
@Table(name = "certificates")
class CertificateEntity extends PanacheEntityBase {

    @Id
    @Column(name = "serial_number")
    public String serialNumber;

    public String status;
    public String subject;

    @Column(name = "common_name")
    public String commonName;

    @Column(name = "subject_alt_names", columnDefinition = "text[]")
    public String[] subjectAltNames;

    @Column(name = "not_before")
    public Instant notBefore;

    @Column(name = "not_after")
    public Instant notAfter;

    @Column(name = "key_algorithm")
    public String keyAlgorithm;

    @Column(name = "spki_sha256")
    public String spkiSha256;

    @Column(name = "sha256_fingerprint")
    public String sha256Fingerprint;

    public byte[] certificate;
    public byte[] csr;

    @Column(name = "issued_by")
    public String issuedBy;

    @Column(name = "issued_at")
    public Instant issuedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** The serial of the certificate this one renews. */
    public String renews;

    @Column(name = "device_id")
    public String deviceId;
}
