-- Accounts and sign-in (issue 13): invitations, single-use links by email, sessions you can see,
-- named API tokens, OpenID Connect identities and sign-in flows, two-step verification and
-- self-registration. An account that signs in only through a provider has password_hash ''.
ALTER TABLE accounts ADD COLUMN email_verified_at TEXT;
-- Accounts made before self-registration were made by an administrator: their address counts as verified.
UPDATE accounts SET email_verified_at = created_at;
-- The werkplaats where the account registered itself (it has no role there until one is granted).
ALTER TABLE accounts ADD COLUMN home_werkplaats_id INTEGER REFERENCES werkplaatsen(id) ON DELETE SET NULL;
ALTER TABLE accounts ADD COLUMN totp_secret TEXT;     -- base32; set when enrolment starts
ALTER TABLE accounts ADD COLUMN totp_enabled_at TEXT; -- two-step verification is on when set
-- The last time step whose code was accepted: a code is never accepted twice.
ALTER TABLE accounts ADD COLUMN totp_last_step INTEGER;

ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
ALTER TABLE sessions ADD COLUMN user_agent TEXT;
ALTER TABLE sessions ADD COLUMN oidc_provider TEXT;   -- signed in through this provider
ALTER TABLE sessions ADD COLUMN oidc_id_token TEXT;   -- id_token_hint for the provider's logout

ALTER TABLE api_tokens ADD COLUMN name TEXT;

-- Self-registration of citizens and students (off by default).
ALTER TABLE werkplaatsen ADD COLUMN self_registration INTEGER NOT NULL DEFAULT 0;

CREATE TABLE invitations (
    id                    INTEGER PRIMARY KEY,
    werkplaats_id         INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    email                 TEXT NOT NULL,
    role                  TEXT NOT NULL,
    person_id             INTEGER REFERENCES people(id) ON DELETE SET NULL,
    theme_group_id        INTEGER REFERENCES theme_groups(id) ON DELETE SET NULL,
    token_hash            TEXT NOT NULL,
    invited_by_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_at            TEXT NOT NULL,
    sent_at               TEXT NOT NULL,
    expires_at            TEXT NOT NULL,
    accepted_at           TEXT,
    accepted_account_id   INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    revoked_at            TEXT,
    CONSTRAINT invitations_token_key UNIQUE (token_hash)
);
CREATE INDEX invitations_werkplaats_idx ON invitations (werkplaats_id, id);

-- Single-use secrets for one account: a password reset link (1 hour), an email verification or
-- email change link, and the pending second step of a sign-in. Only the SHA-256 is stored.
CREATE TABLE account_links (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('password-reset', 'verify-email', 'change-email', 'second-factor')),
    token_hash TEXT NOT NULL,
    new_email  TEXT,
    -- a second step after signing in through a provider: the session it opens keeps these
    oidc_provider TEXT,
    oidc_id_token TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    CONSTRAINT account_links_token_key UNIQUE (token_hash)
);
CREATE INDEX account_links_account_idx ON account_links (account_id, purpose);

CREATE TABLE recovery_codes (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX recovery_codes_account_idx ON recovery_codes (account_id);

-- An identity at an OpenID Connect provider (issuer + subject), linked to one account.
CREATE TABLE oidc_identities (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    provider      TEXT NOT NULL,
    issuer        TEXT NOT NULL,
    subject       TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_login_at TEXT,
    CONSTRAINT oidc_identities_key UNIQUE (issuer, subject)
);
CREATE INDEX oidc_identities_account_idx ON oidc_identities (account_id);

-- A sign-in through a provider between the redirect and the callback (ten minutes), so that any
-- instance can finish it. Keyed by the SHA-256 of `state`; used once.
CREATE TABLE oidc_flows (
    state_hash    TEXT PRIMARY KEY,
    provider      TEXT NOT NULL,
    nonce         TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    invitation_id INTEGER REFERENCES invitations(id) ON DELETE CASCADE,
    return_to     TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
