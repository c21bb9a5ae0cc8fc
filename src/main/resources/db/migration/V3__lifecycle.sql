-- Certificate lifecycle (issue 4): revocation details, renewal links and the published CRLs.

-- RFC 5280 section 5.3.1 reason names; certificateHold and the CA/AA compromise reasons are never
-- used for leaves Portcullis revokes.
ALTER TABLE certificates
    ADD COLUMN revocation_reason TEXT CHECK (revocation_reason IN ('unspecified', 'keyCompromise',
        'affiliationChanged', 'superseded', 'cessationOfOperation', 'privilegeWithdrawn')),
    ADD COLUMN revoked_by TEXT,
    -- the certificate this one renews (same subject, names and key)
    ADD COLUMN renews TEXT REFERENCES certificates (serial_number),
    ADD CONSTRAINT certificates_revocation_complete
        CHECK ((status = 'revoked') = (revocation_reason IS NOT NULL AND revoked_by IS NOT NULL));

-- The CRL generator streams exactly these rows.
CREATE INDEX certificates_revoked_idx ON certificates (not_after) WHERE status = 'revoked';
CREATE INDEX certificates_renews_idx ON certificates (renews) WHERE renews IS NOT NULL;

-- Every CRL ever published. Numbers are taken as max + 1 under an advisory lock; the primary key
-- is the backstop that makes two CRLs with one number impossible even if that lock were bypassed.
CREATE TABLE crls (
    number         BIGINT PRIMARY KEY CHECK (number > 0),
    this_update    TIMESTAMPTZ NOT NULL,
    next_update    TIMESTAMPTZ NOT NULL,
    entries        INTEGER     NOT NULL CHECK (entries >= 0),
    der            BYTEA       NOT NULL,
    sha256         TEXT        NOT NULL,
    reason         TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (next_update > this_update)
);
