// Package storagetest is the conformance suite of the storage contract:
// every backend (storage/memory, storage/sqlite, storage/postgres) runs
// Run in its own test, with a function that makes a fresh, empty store.
//
// Subtests are named after the contract clause they check
// (UpdateErrorRollsBack, ListProductLimitHoldsUnderRace …) and name the
// product rule in a comment where they check one (C3 shop codes, P2 list
// limits, A1 event idempotency). Errors are matched with errors.Is, never
// by text. Values are compared with cmp.Diff, decimals by value and times
// by instant, so a backend that round-trips through JSON or SQL columns
// passes, and nothing looser does.
//
// Races run Racers goroutines released by a barrier (a closed channel) and
// joined by a sync.WaitGroup; no test sleeps or asserts a timing.
package storagetest
