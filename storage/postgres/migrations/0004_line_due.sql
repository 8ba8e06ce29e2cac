-- When each order line's settlement window changes it
-- (attribution.Line.DueAt), so a settlement sweep reads the due lines
-- through the partial index instead of every line. NULL: never due.
--
-- Lines stored before this version have no due time yet: the default
-- marks each of them due since year 1, and the first sweep re-checks them
-- and puts each back with its own (storage.LineQuery.DueBy). Every line
-- written from this version on names its due time, or NULL, so the
-- default marks only those. A constant default adds the column without
-- rewriting the table, and, unlike an UPDATE of the column just added,
-- runs in one transaction on CockroachDB too.
ALTER TABLE order_lines ADD COLUMN due_at TIMESTAMPTZ DEFAULT '0001-01-01 00:00:00+00';
CREATE INDEX order_lines_due ON order_lines (due_at) WHERE due_at IS NOT NULL;
