-- Mileage points (10 per 100 km by default) are earned with the visit whose odometer reading
-- they count, at most once per visit, as the visit's own points are (ledger_visit_earned).
CREATE UNIQUE INDEX ledger_visit_mileage ON points_ledger(visit_id) WHERE kind = 'mileage';
