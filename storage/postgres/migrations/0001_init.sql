-- partnerkit schema, PostgreSQL (and the subset CockroachDB and YugabyteDB
-- run). One table per aggregate: identity and query columns typed, the full
-- domain value in body (JSON text; cast to jsonb for ad-hoc queries). Text
-- keys use COLLATE "C" so listings sort bytewise, as Go compares strings.
-- Times are TIMESTAMPTZ (microseconds; body keeps the exact value), money
-- NUMERIC, never float. No SERIAL, sequences, triggers or advisory locks.

CREATE TABLE agencies (
	id         TEXT COLLATE "C" PRIMARY KEY,
	stage      TEXT NOT NULL,
	updated_at TIMESTAMPTZ,
	body       TEXT NOT NULL
);

CREATE TABLE campaigns (
	id         TEXT COLLATE "C" PRIMARY KEY,
	agency     TEXT COLLATE "C" NOT NULL,
	status     TEXT NOT NULL,
	created_at TIMESTAMPTZ,
	updated_at TIMESTAMPTZ,
	body       TEXT NOT NULL
);

CREATE TABLE registrations (
	id         TEXT COLLATE "C" PRIMARY KEY,
	campaign   TEXT COLLATE "C" NOT NULL,
	agency     TEXT COLLATE "C" NOT NULL,
	shop       TEXT COLLATE "C" NOT NULL,
	product    TEXT COLLATE "C" NOT NULL,
	state      TEXT NOT NULL,
	created_at TIMESTAMPTZ,
	updated_at TIMESTAMPTZ,
	body       TEXT NOT NULL,
	UNIQUE (campaign, shop, product)
);

CREATE TABLE lists (
	id         TEXT COLLATE "C" PRIMARY KEY,
	agency     TEXT COLLATE "C" NOT NULL,
	name       TEXT NOT NULL,
	created_at TIMESTAMPTZ,
	updated_at TIMESTAMPTZ,
	body       TEXT NOT NULL
);

CREATE TABLE bookmarks (
	agency TEXT COLLATE "C" PRIMARY KEY,
	body   TEXT NOT NULL
);

CREATE TABLE showcases (
	creator TEXT COLLATE "C" PRIMARY KEY,
	body    TEXT NOT NULL
);

CREATE TABLE order_lines (
	order_id    TEXT COLLATE "C" NOT NULL,
	line_id     TEXT COLLATE "C" NOT NULL,
	creator     TEXT COLLATE "C" NOT NULL,
	campaign    TEXT COLLATE "C" NOT NULL,
	agency      TEXT COLLATE "C" NOT NULL,
	shop        TEXT COLLATE "C" NOT NULL,
	product     TEXT COLLATE "C" NOT NULL,
	status      TEXT NOT NULL,
	paid_at     TIMESTAMPTZ,
	paid_amount NUMERIC,
	currency    TEXT,
	body        TEXT NOT NULL,
	PRIMARY KEY (order_id, line_id)
);

-- Which line holds each event id (A1): the primary key makes an id live
-- on one line only.
CREATE TABLE order_events (
	event_id TEXT COLLATE "C" PRIMARY KEY,
	order_id TEXT COLLATE "C" NOT NULL,
	line_id  TEXT COLLATE "C" NOT NULL
);

CREATE TABLE campaign_metrics (
	campaign    TEXT COLLATE "C" PRIMARY KEY,
	agency      TEXT COLLATE "C" NOT NULL,
	paid_orders BIGINT NOT NULL,
	gmv         NUMERIC,
	currency    TEXT,
	body        TEXT NOT NULL
);

CREATE TABLE product_metrics (
	campaign    TEXT COLLATE "C" NOT NULL,
	product     TEXT COLLATE "C" NOT NULL,
	agency      TEXT COLLATE "C" NOT NULL,
	shop        TEXT COLLATE "C" NOT NULL,
	paid_orders BIGINT NOT NULL,
	gmv         NUMERIC,
	currency    TEXT,
	body        TEXT NOT NULL,
	PRIMARY KEY (campaign, product)
);

CREATE TABLE creator_lines (
	scope   TEXT COLLATE "C" NOT NULL,
	creator TEXT COLLATE "C" NOT NULL,
	n       BIGINT NOT NULL,
	PRIMARY KEY (scope, creator)
);

CREATE TABLE progress (
	campaign TEXT COLLATE "C" NOT NULL,
	product  TEXT COLLATE "C" NOT NULL,
	creator  TEXT COLLATE "C" NOT NULL,
	body     TEXT NOT NULL,
	PRIMARY KEY (campaign, product, creator)
);

CREATE TABLE outbox (
	seq     BIGINT PRIMARY KEY,
	kind    TEXT NOT NULL,
	msg_key TEXT NOT NULL,
	at      TIMESTAMPTZ,
	body    TEXT NOT NULL
);

-- The last Seq handed out; every Append moves it in its transaction, so
-- concurrent appenders conflict here and Seq order is commit order.
CREATE TABLE outbox_head (
	id  INT PRIMARY KEY CHECK (id = 1),
	seq BIGINT NOT NULL
);
INSERT INTO outbox_head (id, seq) VALUES (1, 0);

CREATE TABLE outbox_acks (
	reader TEXT COLLATE "C" PRIMARY KEY,
	seq    BIGINT NOT NULL
);
