-- partnerkit schema, SQLite. One table per aggregate: identity and query
-- columns typed, the full domain value in body (JSON). Times are UTC
-- "2006-01-02T15:04:05.000000000Z" text (fixed width, so they sort), money
-- is exact decimal text, never REAL. Tables are STRICT.

CREATE TABLE agencies (
	id         TEXT PRIMARY KEY,
	stage      TEXT NOT NULL,
	updated_at TEXT,
	body       TEXT NOT NULL
) STRICT;

CREATE TABLE campaigns (
	id         TEXT PRIMARY KEY,
	agency     TEXT NOT NULL,
	status     TEXT NOT NULL,
	created_at TEXT,
	updated_at TEXT,
	body       TEXT NOT NULL
) STRICT;

CREATE TABLE registrations (
	id         TEXT PRIMARY KEY,
	campaign   TEXT NOT NULL,
	agency     TEXT NOT NULL,
	shop       TEXT NOT NULL,
	product    TEXT NOT NULL,
	state      TEXT NOT NULL,
	created_at TEXT,
	updated_at TEXT,
	body       TEXT NOT NULL,
	UNIQUE (campaign, shop, product)
) STRICT;

CREATE TABLE lists (
	id         TEXT PRIMARY KEY,
	agency     TEXT NOT NULL,
	name       TEXT NOT NULL,
	created_at TEXT,
	updated_at TEXT,
	body       TEXT NOT NULL
) STRICT;

CREATE TABLE bookmarks (
	agency TEXT PRIMARY KEY,
	body   TEXT NOT NULL
) STRICT;

CREATE TABLE showcases (
	creator TEXT PRIMARY KEY,
	body    TEXT NOT NULL
) STRICT;

CREATE TABLE order_lines (
	order_id    TEXT NOT NULL,
	line_id     TEXT NOT NULL,
	creator     TEXT NOT NULL,
	campaign    TEXT NOT NULL,
	agency      TEXT NOT NULL,
	shop        TEXT NOT NULL,
	product     TEXT NOT NULL,
	status      TEXT NOT NULL,
	paid_at     TEXT,
	paid_amount TEXT,
	currency    TEXT,
	body        TEXT NOT NULL,
	PRIMARY KEY (order_id, line_id)
) STRICT;

-- Which line holds each event id (A1): the primary key makes an id live
-- on one line only.
CREATE TABLE order_events (
	event_id TEXT PRIMARY KEY,
	order_id TEXT NOT NULL,
	line_id  TEXT NOT NULL
) STRICT;

CREATE TABLE campaign_metrics (
	campaign    TEXT PRIMARY KEY,
	agency      TEXT NOT NULL,
	paid_orders INTEGER NOT NULL,
	gmv         TEXT,
	currency    TEXT,
	body        TEXT NOT NULL
) STRICT;

CREATE TABLE product_metrics (
	campaign    TEXT NOT NULL,
	product     TEXT NOT NULL,
	agency      TEXT NOT NULL,
	shop        TEXT NOT NULL,
	paid_orders INTEGER NOT NULL,
	gmv         TEXT,
	currency    TEXT,
	body        TEXT NOT NULL,
	PRIMARY KEY (campaign, product)
) STRICT;

CREATE TABLE creator_lines (
	scope   TEXT NOT NULL,
	creator TEXT NOT NULL,
	n       INTEGER NOT NULL,
	PRIMARY KEY (scope, creator)
) STRICT;

CREATE TABLE progress (
	campaign TEXT NOT NULL,
	product  TEXT NOT NULL,
	creator  TEXT NOT NULL,
	body     TEXT NOT NULL,
	PRIMARY KEY (campaign, product, creator)
) STRICT;

CREATE TABLE outbox (
	seq     INTEGER PRIMARY KEY,
	kind    TEXT NOT NULL,
	msg_key TEXT NOT NULL,
	at      TEXT,
	body    TEXT NOT NULL
) STRICT;

-- The last Seq handed out; every Append moves it in its transaction.
CREATE TABLE outbox_head (
	id  INTEGER PRIMARY KEY CHECK (id = 1),
	seq INTEGER NOT NULL
) STRICT;
INSERT INTO outbox_head (id, seq) VALUES (1, 0);

CREATE TABLE outbox_acks (
	reader TEXT PRIMARY KEY,
	seq    INTEGER NOT NULL
) STRICT;
