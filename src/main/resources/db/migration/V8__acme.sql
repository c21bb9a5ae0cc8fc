-- ACME (RFC 8555). Nonces live here so that every replica accepts a nonce any replica issued, and a
-- nonce is spent by one DELETE … RETURNING: two replicas racing for the same nonce cannot both win.
CREATE TABLE acme_nonces (
    nonce      TEXT PRIMARY KEY,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX acme_nonces_expires_idx ON acme_nonces (expires_at);

-- External account binding keys (RFC 8555 section 7.3.4), each for one credential or one enrollment
-- token. The HMAC key is needed in clear to verify a binding, so it is kept AES-GCM encrypted under a
-- key derived from the CA passphrase. account_id is set once, by a conditional UPDATE: one key, one account.
-- No foreign keys into credentials, enrollment_tokens and orders: those keep their own lifecycle (deleted_at),
-- and ACME rows point into them as orders.serial_number points at certificates.
CREATE TABLE acme_eab_keys (
    kid           TEXT PRIMARY KEY,
    credential_id TEXT,
    token_id      TEXT,
    hmac_key      BYTEA       NOT NULL,
    created_by    TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    account_id    TEXT UNIQUE,
    bound_at      TIMESTAMPTZ,
    CHECK ((credential_id IS NULL) <> (token_id IS NULL)),
    CHECK ((account_id IS NULL) = (bound_at IS NULL))
);

-- An account is its public key (jwk, RFC 7638 thumbprint unique) and the binding that authorised it;
-- it acts within the scope of that binding's credential or token, and dies with it.
CREATE TABLE acme_accounts (
    id             TEXT PRIMARY KEY,
    jwk            TEXT        NOT NULL,
    jwk_thumbprint TEXT        NOT NULL UNIQUE,
    status         TEXT        NOT NULL CHECK (status IN ('valid', 'deactivated')),
    contact        TEXT[]      NOT NULL DEFAULT '{}',
    eab_kid        TEXT        NOT NULL UNIQUE REFERENCES acme_eab_keys (kid),
    created_at     TIMESTAMPTZ NOT NULL
);

-- Orders and their authorizations. Authorizations exist only for identifiers inside the account's
-- scope and are valid from the start; enrollment_order_id is the enrollment order of a token's account.
CREATE TABLE acme_orders (
    id                  TEXT PRIMARY KEY,
    account_id          TEXT        NOT NULL REFERENCES acme_accounts (id),
    status              TEXT        NOT NULL CHECK (status IN ('ready', 'processing', 'valid', 'invalid')),
    identifiers         TEXT[]      NOT NULL,
    expires_at          TIMESTAMPTZ NOT NULL,
    enrollment_order_id TEXT,
    serial_number       TEXT,
    created_at          TIMESTAMPTZ NOT NULL,
    CHECK ((status = 'valid') = (serial_number IS NOT NULL))
);
CREATE INDEX acme_orders_account_idx ON acme_orders (account_id, created_at DESC);
CREATE INDEX acme_orders_serial_idx ON acme_orders (serial_number) WHERE serial_number IS NOT NULL;

CREATE TABLE acme_authorizations (
    id         TEXT PRIMARY KEY,
    order_id   TEXT        NOT NULL REFERENCES acme_orders (id),
    identifier TEXT        NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX acme_authorizations_order_idx ON acme_authorizations (order_id);
