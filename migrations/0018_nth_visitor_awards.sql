-- The store's Nth-visitor prizes already given (planner/nth-visitor.ts): a round number, once a
-- task holds it (open, done or skipped), stays with that customer whatever visits arrive later.
-- A partial index: a few dozen rows, read once per planner run instead of a scan of the tasks.
CREATE INDEX tasks_nth_visitor ON tasks(occurrence) WHERE rule = 'surprise_nth_visitor';
