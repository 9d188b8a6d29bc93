-- Each car's first visit after its delivery (its first service): the D30 first-service reminder of a
-- car ends when that car comes in, and the first-service survey follows the latest car's own first
-- visit, not a visit with another car of the same customer. The planner's readers seek it per vehicle.
CREATE INDEX visits_vehicle_date ON visits(vehicle_id, visit_date) WHERE deleted_at IS NULL AND vehicle_id IS NOT NULL;
