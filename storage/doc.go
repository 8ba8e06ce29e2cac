// Package storage is the contract between partnerkit's rules and a
// database: a Store runs transactions, and a Tx exposes one small
// repository per aggregate. Backends live in storage/memory, storage/sqlite
// and storage/postgres; storage/storagetest is the conformance suite every
// backend runs.
package storage
