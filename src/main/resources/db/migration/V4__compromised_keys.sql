-- Keys revoked for keyCompromise (issue 8): the issuance cycle refuses any CSR whose
-- SubjectPublicKeyInfo hash is listed, so a compromised key is never certified again. No foreign
-- key to certificates: the deny-list must outlive any clean-up of certificate rows.
CREATE TABLE compromised_keys (
    spki_sha256    TEXT        PRIMARY KEY,
    serial_number  TEXT        NOT NULL,
    revoked_at     TIMESTAMPTZ NOT NULL
);

-- Keys already revoked for keyCompromise before this migration are denied too.
INSERT INTO compromised_keys (spki_sha256, serial_number, revoked_at)
SELECT spki_sha256, serial_number, revoked_at FROM certificates
WHERE status = 'revoked' AND revocation_reason = 'keyCompromise'
ON CONFLICT (spki_sha256) DO NOTHING;
