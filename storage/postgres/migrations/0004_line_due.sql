-- When each order line's settlement window changes it
-- (attribution.Line.DueAt), so a settlement sweep reads the due lines
-- through the partial index instead of every line. NULL: never due.
ALTER TABLE order_lines ADD COLUMN due_at TIMESTAMPTZ;
CREATE INDEX order_lines_due ON order_lines (due_at) WHERE due_at IS NOT NULL;
-- Lines stored before this version have no due time yet: those that can
-- have one are marked due at once, and the first sweep re-checks them and
-- puts each back with its own (storage.LineQuery.DueBy).
UPDATE order_lines SET due_at = '0001-01-01 00:00:00+00' WHERE status IN ('pending', 'void', 'settled');
