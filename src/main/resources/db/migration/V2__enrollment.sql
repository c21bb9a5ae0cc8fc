-- Credentials of people and CI pipelines. Only the SHA-256 of a token is kept; the token itself is
-- shown once at creation. Deleting a credential stamps deleted_at so audit rows keep their referent.
CREATE TABLE credentials (
    id                TEXT PRIMARY KEY,
    name              TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role              TEXT        NOT NULL CHECK (role IN ('admin', 'issuer', 'auditor')),
    token_sha256      BYTEA       NOT NULL UNIQUE CHECK (length(token_sha256) = 32),
    allowed_names     TEXT[]      NOT NULL DEFAULT '{}',
    max_validity_days INTEGER     CHECK (max_validity_days >= 1),
    created_by        TEXT        NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    deleted_at        TIMESTAMPTZ
);

-- Enrollment tokens bind a device identity (CN and allowed SANs). uses_left only ever decreases,
-- through one conditional UPDATE, so parallel requests cannot spend a use twice.
CREATE TABLE enrollment_tokens (
    id                TEXT PRIMARY KEY,
    token_sha256      BYTEA       NOT NULL UNIQUE CHECK (length(token_sha256) = 32),
    common_name       TEXT        NOT NULL,
    subject_alt_names TEXT[]      NOT NULL DEFAULT '{}',
    validity_days     INTEGER     CHECK (validity_days >= 1),
    uses              INTEGER     NOT NULL CHECK (uses >= 1),
    uses_left         INTEGER     NOT NULL CHECK (uses_left >= 0 AND uses_left <= uses),
    approval          TEXT        NOT NULL CHECK (approval IN ('auto', 'manual')),
    expires_at        TIMESTAMPTZ NOT NULL,
    created_by        TEXT        NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    deleted_at        TIMESTAMPTZ
);

CREATE INDEX enrollment_tokens_created_at_idx ON enrollment_tokens (created_at DESC);

-- An order is a CSR on its way to a certificate. Its id is a random UUID (122 random bits) and is
-- all an anonymous device needs to poll, so it must never be guessable.
CREATE TABLE orders (
    id                TEXT PRIMARY KEY CHECK (id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'),
    token_id          TEXT REFERENCES enrollment_tokens (id),
    status            TEXT        NOT NULL CHECK (status IN ('pending', 'valid', 'invalid')),
    common_name       TEXT,
    subject_alt_names TEXT[]      NOT NULL DEFAULT '{}',
    csr               BYTEA       NOT NULL,
    validity_days     INTEGER     CHECK (validity_days >= 1),
    -- the issued certificate; no foreign key, so the issuance core keeps sole say over its table
    serial_number     TEXT,
    created_by        TEXT        NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    expires_at        TIMESTAMPTZ NOT NULL,
    decided_by        TEXT,
    decided_at        TIMESTAMPTZ,
    invalid_reason    TEXT CHECK (invalid_reason IN ('rejected', 'expired')),
    rejection_reason  TEXT,
    CHECK ((status = 'valid') = (serial_number IS NOT NULL)),
    CHECK ((status = 'invalid') = (invalid_reason IS NOT NULL))
);

CREATE INDEX orders_status_created_idx ON orders (status, created_at DESC);
CREATE INDEX orders_pending_expiry_idx ON orders (expires_at) WHERE status = 'pending';

-- Security-relevant actions, written in the transaction of the action itself. Never holds tokens,
-- CSRs or passphrases.
CREATE TABLE audit_events (
    id             BIGSERIAL PRIMARY KEY,
    occurred_at    TIMESTAMPTZ NOT NULL,
    actor_id       TEXT        NOT NULL,
    actor_role     TEXT        NOT NULL,
    action         TEXT        NOT NULL,
    target         TEXT,
    outcome        TEXT        NOT NULL,
    remote_address TEXT
);

CREATE INDEX audit_events_occurred_idx ON audit_events (occurred_at DESC, id DESC);
CREATE INDEX audit_events_action_idx ON audit_events (action, occurred_at DESC);
