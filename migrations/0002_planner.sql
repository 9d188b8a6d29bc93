-- Planner: the soft-deleted visits, so that counting the live ones (the store's Nth visitor)
-- needs no scan of the whole visits table. Partial: a live visit costs it nothing.
CREATE INDEX visits_deleted ON visits(visit_date) WHERE deleted_at IS NOT NULL;
