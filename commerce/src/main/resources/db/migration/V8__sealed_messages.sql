-- A buyer's own words in a dispute or a return are a private message: they are stored sealed with the buyer's key
-- (see the privacy vault), which is longer than the text. Words written before are sealed at start-up.
ALTER TABLE disputes ALTER COLUMN reason SET DATA TYPE VARCHAR(12000);
ALTER TABLE dispute_evidence ALTER COLUMN item SET DATA TYPE VARCHAR(3000);
ALTER TABLE returns ALTER COLUMN reason SET DATA TYPE VARCHAR(6000);
