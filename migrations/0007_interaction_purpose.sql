-- Follow-ups: why the contact happened, which decides whether consent applies
-- (shared/domain/customer360.ts followUpVerdict): 'care' (relationship or marketing outreach,
-- needs consent on the channel), 'service' (a service notice) or 'inbound' (the customer came to us).
ALTER TABLE interactions ADD COLUMN purpose TEXT NOT NULL DEFAULT 'care' CHECK (purpose IN ('care', 'service', 'inbound'));
