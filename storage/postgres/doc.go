// Package postgres is a storage.Store in a PostgreSQL database, on
// github.com/jackc/pgx/v5, for deployments that outgrow one file.
//
// # Isolation and retry
//
// Every Update runs in one SERIALIZABLE transaction, so the contract's
// limits (100 shop codes, 100 products per list, 1000 lists per agency)
// and uniqueness, checked by reading in the same transaction, hold across
// goroutines, pools and processes. On SQLSTATE 40001 (serialization
// failure) or 40P01 (deadlock) Update rolls back and runs fn again after a
// jittered exponential backoff, at most Options.MaxAttempts times (30 by
// default), so fn must be safe to re-run. If any statement met such a
// failure the transaction is retried whatever fn returned; if every
// attempt does, the error wraps storage.ErrBusy and nothing was written.
// Within one Store, an Update that has failed twice runs its next attempts
// alone; Stores of several processes on one database have nothing to
// order them but the retries. View runs in a REPEATABLE READ, READ ONLY
// transaction: one snapshot.
//
// The outbox hands out Seq by moving a single counter row in the appending
// transaction, so concurrent appenders serialize on it and Seq order is
// commit order.
//
// # SQL subset
//
// The SQL is what CockroachDB and YugabyteDB also run: $n parameters,
// INSERT ... ON CONFLICT, UPDATE ... RETURNING, row-value comparisons,
// COLLATE "C". No advisory locks, LISTEN/NOTIFY, triggers, SERIAL or
// sequences. Single-record writes never abort a transaction on a unique
// violation: they use ON CONFLICT DO NOTHING and report ErrConflict from
// the row count.
//
// # Bulk writes
//
// The set-based order writes (storage.BulkOrders) and Outbox.Append send
// a whole column as one text[] parameter expanded by unnest, and write
// rows the transaction found absent with COPY: new order lines, new event
// index rows, outbox messages (whose Seq the outbox_head row reserves). A
// row another transaction adds meanwhile fails the COPY and the
// transaction, as a serialization failure (retried: the next attempt sees
// the row) or a unique violation (ErrConflict, which an event id on
// another line is anyway); a caller of PutMany abandons the transaction
// after an error, as its contract says.
//
// # Schema
//
// Migrations are embedded SQL files applied in order on Open, in one
// serializable transaction, and recorded in schema_migrations. A database
// at an older version is migrated; one at a newer version is refused with
// ErrSchemaTooNew and left untouched. Options.Schema puts the tables in
// their own schema (created if missing) via search_path.
//
// Concurrent Opens of one database and schema, fresh or older, all succeed
// and agree on the migrations applied. PostgreSQL checks DDL names outside
// SERIALIZABLE isolation, so an Open that loses the race to create the
// schema or a migration's objects sees SQLSTATE 23505, 42P07, 42710 or
// 42P06 rather than 40001; it re-checks from a fresh snapshot and goes on,
// with no advisory lock. A name taken by anything but another Open's
// committed migrations is still an error.
//
// Each table holds its record's identity and query columns as typed
// columns and the whole domain value as JSON text in body. Text keys are
// COLLATE "C" (byte order, as Go sorts strings); times are TIMESTAMPTZ
// (body keeps nanoseconds); money is NUMERIC, never float.
//
// # Connections
//
// Connections come from a pgxpool.Pool of at most Options.MaxConns.
package postgres
