-- Sliding-window counters the replicas share for the limits that must hold across them (refused
-- credentials and anonymous orders per client address). One row per key: the hits of the current
-- fixed window and of the one before, from which a sliding estimate is taken. UNLOGGED: a counter
-- needs no WAL, and losing the counts in a PostgreSQL crash only forgives the addresses counted.
CREATE UNLOGGED TABLE rate_limit_windows (
    key            TEXT    PRIMARY KEY,
    window_seconds INTEGER NOT NULL CHECK (window_seconds > 0),
    -- epoch seconds, a multiple of window_seconds, by the database's clock (one clock for every replica)
    window_start   BIGINT  NOT NULL,
    hits           INTEGER NOT NULL CHECK (hits >= 0),
    previous_hits  INTEGER NOT NULL CHECK (previous_hits >= 0)
);
