CREATE TABLE devices (
    name   text PRIMARY KEY,
    status text NOT NULL CHECK (status IN ('valid', 'revoked'))
);
