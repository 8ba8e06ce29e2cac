// Package storage is the contract between partnerkit's rules and a
// database: a Store runs transactions, and a Tx exposes one small
// repository per aggregate. Backends live in storage/memory, storage/sqlite
// and storage/postgres; storage/storagetest is the conformance suite every
// backend runs.
//
// Two optional interfaces, found by type assertion, let a backend serve
// bulk ingest with set-based statements: BulkOrders (a batch's order lines
// and event ids) and BulkMetrics (a batch's metrics records). The Service
// reaches them through GetMany, LinesOf, PutMany, GetMetrics and
// PutMetrics, which fall back to the single-record methods for a backend
// without them, so a third-party backend needs only the core contract.
package storage
