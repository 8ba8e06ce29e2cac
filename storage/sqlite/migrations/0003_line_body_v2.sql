-- Order line bodies may be in version 2 of their JSON form (see
-- storage/internal/sqlstore/linebody.go), which older partnerkit cannot
-- read: this version number makes them refuse the database instead.
SELECT 1;
