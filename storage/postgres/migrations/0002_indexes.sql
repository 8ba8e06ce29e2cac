-- Indexes for the listings' scopes and the limit counts.
CREATE INDEX campaigns_agency ON campaigns (agency, id);
CREATE INDEX campaigns_status ON campaigns (status, id);
CREATE INDEX registrations_campaign ON registrations (campaign, id);
CREATE INDEX registrations_agency ON registrations (agency, id);
CREATE INDEX lists_agency ON lists (agency, id);
CREATE INDEX order_lines_campaign ON order_lines (campaign, order_id, line_id);
CREATE INDEX order_lines_agency ON order_lines (agency, order_id, line_id);
CREATE INDEX order_lines_shop ON order_lines (shop, order_id, line_id);
CREATE INDEX order_lines_creator ON order_lines (creator, order_id, line_id);
CREATE INDEX order_events_line ON order_events (order_id, line_id);
