-- The validators' verdict on a decision as last read from the risk-decision contract, once it can no longer change
-- (confirmed, flagged or unvalidated); NULL while votes are outstanding. A flagged decision holds the escrow on chain,
-- so the platform mirrors it as held and queues it for a person's review.
ALTER TABLE risk_decisions ADD COLUMN validation VARCHAR(16);
