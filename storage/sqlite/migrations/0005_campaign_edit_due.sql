-- When each campaign's pending edit applies (campaign.Pending.AppliesAt,
-- C5), so a sweep of due edits reads the campaigns with an edit due
-- through the partial index instead of every campaign. NULL: no edit
-- pending.
--
-- Campaigns stored before this version have no such time yet: the default
-- marks each of them due since year 1, and the first sweep re-checks them
-- and puts each back with its own (storage.CampaignQuery.EditDueBy), as
-- 0004 does for order lines.
ALTER TABLE campaigns ADD COLUMN edit_due_at TEXT DEFAULT '0001-01-01T00:00:00.000000000Z';
CREATE INDEX campaigns_edit_due ON campaigns (edit_due_at) WHERE edit_due_at IS NOT NULL;

-- A seller's registrations, by id (R5: Registrations filtered by shop),
-- read through their shop instead of every registration.
CREATE INDEX registrations_shop ON registrations (shop, id);
