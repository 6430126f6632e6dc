-- OpenID Connect sign-ins under way (PostgreSQL). A row lives from the redirect to the issuer
-- until the browser comes back, at most ten minutes, and is deleted when it is used. Keyed
-- by the SHA-256 of the random value in the browser's short-lived cookie, so a row is of no
-- use without that browser.

CREATE TABLE oidc_login (
    key_hash   TEXT PRIMARY KEY,
    state      TEXT NOT NULL,
    nonce      TEXT NOT NULL,
    verifier   TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX oidc_login_expires ON oidc_login (expires_at);
