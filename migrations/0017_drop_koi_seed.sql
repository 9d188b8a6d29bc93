-- Desks made before the koi draw was seeded by the store id (planner/desired.ts) kept a random seed of
-- their own in settings. Nothing reads it any more.
DELETE FROM settings WHERE key = 'koi_seed';
