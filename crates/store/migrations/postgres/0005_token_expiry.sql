-- API tokens may expire and may be revoked (security review, finding 10). A revoked or expired
-- token is refused; the row stays for the record.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT;
