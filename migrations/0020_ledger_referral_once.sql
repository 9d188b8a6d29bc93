-- Referral points (6,000 by default) are earned once per person referred: the referrer's ledger
-- row of kind referral names the referred customer (counterparty_id), as the demo store's do.
CREATE UNIQUE INDEX ledger_referral_once ON points_ledger(customer_id, counterparty_id) WHERE kind = 'referral';
