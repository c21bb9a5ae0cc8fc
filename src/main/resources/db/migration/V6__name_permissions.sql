-- Issuers get one list of patterns per kind of name: DNS globs (allowed_names) no longer admit IP
-- addresses, URIs or e-mail addresses, which need their own explicit permission.
ALTER TABLE credentials
    ADD COLUMN allowed_ips    TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN allowed_uris   TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN allowed_emails TEXT[] NOT NULL DEFAULT '{}';

-- Lifetimes in seconds, so certificates can live hours or minutes; whole days carry over exactly.
-- The floor of 300 seconds (5 minutes) is the API's minimum.
ALTER TABLE credentials ADD COLUMN max_validity_seconds BIGINT CHECK (max_validity_seconds >= 300);
UPDATE credentials SET max_validity_seconds = max_validity_days * 86400::BIGINT WHERE max_validity_days IS NOT NULL;
ALTER TABLE credentials DROP COLUMN max_validity_days;

ALTER TABLE enrollment_tokens ADD COLUMN validity_seconds BIGINT CHECK (validity_seconds >= 300);
UPDATE enrollment_tokens SET validity_seconds = validity_days * 86400::BIGINT WHERE validity_days IS NOT NULL;
ALTER TABLE enrollment_tokens DROP COLUMN validity_days;

ALTER TABLE orders ADD COLUMN validity_seconds BIGINT CHECK (validity_seconds >= 300);
UPDATE orders SET validity_seconds = validity_days * 86400::BIGINT WHERE validity_days IS NOT NULL;
ALTER TABLE orders DROP COLUMN validity_days;
