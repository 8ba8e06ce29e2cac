// Package sqlite is a storage.Store in one SQLite file, on
// modernc.org/sqlite (pure Go, no cgo).
//
// # Durability
//
// The file runs in WAL mode with synchronous=FULL: when Update returns nil
// its transaction is in the write-ahead log on disk, so a process killed at
// any moment (SIGKILL, power loss after the fsync) loses no committed
// write. A crash test in this package kills a writer many times and checks
// every reported commit and PRAGMA integrity_check.
//
// # Isolation and concurrency
//
// Updates run on one writer connection, one at a time (a Go-side lock,
// then BEGIN IMMEDIATE), so each is serializable and limits checked by
// counting hold under concurrent writers. Views run on a pool of read-only
// connections (query_only) over WAL snapshots, concurrently with the
// writer. Another process writing the same file waits on busy_timeout;
// if the file stays busy, Update and View retry fn a bounded number of
// times (Options.MaxAttempts), so fn must be safe to re-run.
//
// # Schema
//
// Migrations are embedded SQL files applied in order on Open and recorded
// in schema_migrations. A file at an older version is migrated; one at a
// newer version is refused with ErrSchemaTooNew and not written to.
//
// Tables are STRICT. Each holds its record's identity and query columns as
// typed columns and the whole domain value as JSON in body. Times are UTC
// text "2006-01-02T15:04:05.000000000Z" (fixed width, so they sort); money
// is exact decimal TEXT, never REAL.
package sqlite
