-- Devices: the unit of trust. A device is created by its first certificate and continued by its
-- renewals (same key); it keeps what enrolled it and the policy it was enrolled under, so renewals
-- never leave that policy, and its revocation covers every certificate of the lineage.
CREATE TABLE devices (
    id                       TEXT PRIMARY KEY,
    status                   TEXT        NOT NULL CHECK (status IN ('active', 'revoked')),
    subject                  TEXT        NOT NULL,
    common_name              TEXT,
    subject_alt_names        TEXT[]      NOT NULL DEFAULT '{}',
    key_algorithm            TEXT        NOT NULL,
    spki_sha256              TEXT        NOT NULL,
    -- the actor of the first issuance, as role:id
    enrolled_by              TEXT        NOT NULL,
    -- the issuer credential whose scope the device was enrolled under (directly, or through a token
    -- that credential created); once it is deleted the device can no longer renew itself
    credential_id            TEXT,
    token_id                 TEXT,
    order_id                 TEXT,
    -- the enrolment policy's cap on any renewal's lifetime; NULL: the service's maximum
    max_lifetime_seconds     BIGINT      CHECK (max_lifetime_seconds >= 1),
    -- the lifetime of the first certificate, the most a holder's own renewal may ask for
    initial_lifetime_seconds BIGINT      NOT NULL CHECK (initial_lifetime_seconds >= 1),
    -- the newest certificate; no foreign key, so certificate rows can be cleaned up on their own
    current_serial           TEXT        NOT NULL,
    created_at               TIMESTAMPTZ NOT NULL,
    revoked_at               TIMESTAMPTZ,
    revocation_reason        TEXT,
    CHECK ((status = 'revoked') = (revoked_at IS NOT NULL AND revocation_reason IS NOT NULL))
);

CREATE INDEX devices_created_idx ON devices (created_at DESC, id DESC);
CREATE INDEX devices_common_name_idx ON devices (common_name);
CREATE INDEX devices_spki_idx ON devices (spki_sha256);

ALTER TABLE certificates ADD COLUMN device_id TEXT;

-- Existing certificates: every renewal chain (the renews links, followed from each certificate that
-- renews none) becomes one device; a certificate no chain reaches becomes a device of its own.
CREATE TEMPORARY TABLE lineage ON COMMIT DROP AS
WITH RECURSIVE chain (serial_number, root) AS (
    SELECT serial_number, serial_number FROM certificates WHERE renews IS NULL
    UNION ALL
    SELECT c.serial_number, chain.root FROM certificates c JOIN chain ON c.renews = chain.serial_number
)
SELECT serial_number, root FROM chain;

INSERT INTO lineage (serial_number, root)
SELECT serial_number, serial_number FROM certificates c
WHERE NOT EXISTS (SELECT 1 FROM lineage l WHERE l.serial_number = c.serial_number);

CREATE TEMPORARY TABLE migrated_devices ON COMMIT DROP AS
SELECT root, gen_random_uuid()::text AS id FROM (SELECT DISTINCT root FROM lineage) roots;

INSERT INTO devices (id, status, subject, common_name, subject_alt_names, key_algorithm, spki_sha256, enrolled_by,
        credential_id, token_id, order_id, max_lifetime_seconds, initial_lifetime_seconds, current_serial, created_at,
        revoked_at, revocation_reason)
SELECT d.id,
       CASE WHEN newest.status = 'revoked' THEN 'revoked' ELSE 'active' END,
       first.subject, first.common_name, first.subject_alt_names, first.key_algorithm, first.spki_sha256,
       first.issued_by,
       CASE WHEN first.issued_by LIKE 'issuer:%' THEN substr(first.issued_by, 8)
            WHEN t.created_by LIKE 'issuer:%' THEN substr(t.created_by, 8) END,
       o.token_id, o.id,
       CASE WHEN t.validity_days IS NOT NULL THEN t.validity_days * 86400::bigint
            WHEN first.issued_by LIKE 'issuer:%' THEN cr.max_validity_days * 86400::bigint END,
       -- leaves are backdated by one minute
       GREATEST(1, EXTRACT(EPOCH FROM first.not_after - first.not_before)::bigint - 60),
       newest.serial_number, first.issued_at,
       CASE WHEN newest.status = 'revoked' THEN newest.revoked_at END,
       CASE WHEN newest.status = 'revoked' THEN newest.revocation_reason END
FROM migrated_devices d
JOIN certificates first ON first.serial_number = d.root
JOIN LATERAL (
    SELECT c.* FROM lineage l JOIN certificates c ON c.serial_number = l.serial_number
    WHERE l.root = d.root ORDER BY c.issued_at DESC, c.serial_number DESC LIMIT 1
) newest ON true
LEFT JOIN orders o ON o.serial_number = first.serial_number
LEFT JOIN enrollment_tokens t ON t.id = o.token_id
LEFT JOIN credentials cr ON first.issued_by LIKE 'issuer:%' AND cr.id = substr(first.issued_by, 8);

UPDATE certificates c SET device_id = d.id
FROM lineage l JOIN migrated_devices d ON d.root = l.root
WHERE c.serial_number = l.serial_number;

ALTER TABLE certificates ALTER COLUMN device_id SET NOT NULL;
-- Deferred: the issuance cycle writes the certificate's intent before its device row, in one transaction.
ALTER TABLE certificates ADD CONSTRAINT certificates_device_id_fkey
    FOREIGN KEY (device_id) REFERENCES devices (id) DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX certificates_device_idx ON certificates (device_id, issued_at DESC);
