// Package attribution turns order events into an exact commission ledger,
// metrics, per-party views and statements (A1–A6, K3–K5). It is pure: no
// I/O, no clock.
package attribution
