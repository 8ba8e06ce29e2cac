-- When each order line's settlement window changes it
-- (attribution.Line.DueAt), so a settlement sweep reads the due lines
-- through the partial index instead of every line. NULL: never due.
--
-- Lines stored before this version have no due time yet: the default
-- marks each of them due since year 1, and the first sweep re-checks them
-- and puts each back with its own (storage.LineQuery.DueBy). Every line
-- written from this version on names its due time, or NULL, so the
-- default marks only those. (A default, not an UPDATE after the ALTER,
-- keeps the migration to what distributed SQL engines run in one
-- transaction; the PostgreSQL file does the same.)
ALTER TABLE order_lines ADD COLUMN due_at TEXT DEFAULT '0001-01-01T00:00:00.000000000Z';
CREATE INDEX order_lines_due ON order_lines (due_at) WHERE due_at IS NOT NULL;
