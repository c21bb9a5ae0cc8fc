-- The CA certificates, newest last. A renewed CA certificate (same key) is a new row.
CREATE TABLE ca_certificates (
    id                 BIGSERIAL PRIMARY KEY,
    serial_number      TEXT        NOT NULL UNIQUE,
    subject            TEXT        NOT NULL,
    key_algorithm      TEXT        NOT NULL,
    sha256_fingerprint TEXT        NOT NULL UNIQUE,
    not_before         TIMESTAMPTZ NOT NULL,
    not_after          TIMESTAMPTZ NOT NULL,
    certificate        BYTEA       NOT NULL,
    -- PKCS#8 EncryptedPrivateKeyInfo (PBES2); the key is never stored in clear
    encrypted_key      BYTEA       NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per issuance. It is written as 'pending' (the intent) before the CA signs and becomes
-- 'valid' with the certificate in the same transaction; a 'pending' row therefore never has a
-- certificate that left the service.
CREATE TABLE certificates (
    serial_number      TEXT PRIMARY KEY CHECK (serial_number ~ '^[1-9a-f][0-9a-f]{0,39}$'),
    status             TEXT        NOT NULL CHECK (status IN ('pending', 'valid', 'revoked')),
    subject            TEXT        NOT NULL,
    common_name        TEXT,
    subject_alt_names  TEXT[]      NOT NULL DEFAULT '{}',
    not_before         TIMESTAMPTZ NOT NULL,
    not_after          TIMESTAMPTZ NOT NULL,
    key_algorithm      TEXT        NOT NULL,
    spki_sha256        TEXT        NOT NULL,
    sha256_fingerprint TEXT UNIQUE,
    certificate        BYTEA,
    csr                BYTEA       NOT NULL,
    issued_by          TEXT        NOT NULL,
    issued_at          TIMESTAMPTZ NOT NULL,
    revoked_at         TIMESTAMPTZ,
    CHECK (status = 'pending' OR (certificate IS NOT NULL AND sha256_fingerprint IS NOT NULL)),
    CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
);

CREATE INDEX certificates_issued_at_idx ON certificates (issued_at DESC, serial_number DESC);
CREATE INDEX certificates_common_name_idx ON certificates (common_name);
CREATE INDEX certificates_not_after_idx ON certificates (not_after);
CREATE INDEX certificates_spki_idx ON certificates (spki_sha256);
