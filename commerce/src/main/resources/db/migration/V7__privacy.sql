-- Which ledger transaction recorded each version of a person's consent (the ledger's consent contract is the record
-- of truth; this only lets the person fetch each version's proof).
CREATE TABLE consent_changes (
    account_id     BIGINT      NOT NULL REFERENCES accounts (id),
    purpose        VARCHAR(32) NOT NULL,
    version        BIGINT      NOT NULL,
    granted        BOOLEAN     NOT NULL,
    transaction_id CHAR(64)    NOT NULL,
    height         BIGINT      NOT NULL,
    recorded_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (account_id, purpose, version)
);
