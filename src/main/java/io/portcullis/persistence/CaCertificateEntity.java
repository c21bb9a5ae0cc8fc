package io.portcullis.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code ca_certificates}. Never leaves this package. */
@Entity
@Table(name = "ca_certificates")
class CaCertificateEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "serial_number")
    public String serialNumber;

    public String subject;

    @Column(name = "key_algorithm")
    public String keyAlgorithm;

    @Column(name = "sha256_fingerprint")
    public String sha256Fingerprint;

    @Column(name = "not_before")
    public Instant notBefore;

    @Column(name = "not_after")
    public Instant notAfter;

    public byte[] certificate;

    @Column(name = "encrypted_key")
    public byte[] encryptedKey;

    @Column(name = "created_at")
    public Instant createdAt;
}
