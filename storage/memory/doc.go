// Package memory is the reference storage.Store: every record in Go maps,
// nothing on disk. It is the default backend, the fake the rest of
// partnerkit tests with, and the behaviour the SQL backends must match
// (storage/storagetest runs the same suite against all of them).
//
// # Transactions
//
// Update holds one writer lock for its whole run, so Updates are serialized
// by construction and never need a retry. Its writes go to an overlay (a
// copy-on-write layer over the committed maps): reads in the same Update
// see them, an error or a panic from fn simply drops them (the panic is
// re-raised), and a nil return applies them all at once under the store's
// read-write lock. View holds that lock for reading while fn runs, so it
// never sees half of a commit; a commit waits for the Views in flight.
// Nested calls (Update or View inside fn) deadlock: don't.
//
// # Values
//
// Values are deep-copied on the way in and out, by reflection over their
// exported fields, so a caller changing a slice, map or pointer of a value
// it stored or read changes nothing stored. Unexported state
// (decimal.Decimal, time.Time, commission.Currency) is copied by value;
// those types never change it in place.
//
// # Limits and errors
//
// Every clause of the storage contract is enforced in the repositories:
// ErrConflict for duplicate ids, for a second registration of a shop's
// product in a campaign and for an event id already on another line (A1);
// ErrLimit past campaign.MaxShopCodes shop codes in a campaign's details or
// pending edit (C3), productlist.MaxProducts products in a list and
// productlist.MaxLists lists per agency (P2); ErrInvalid for empty keys and
// bad cursors; storage.ErrReadOnly for writes in a View; storage.ErrClosed
// after Close. Errors wrap the storage sentinels; match them with
// errors.Is.
//
// # Cost
//
// Gets and writes are map operations. Listings scan and sort the table
// they read (O(n log n) per page), which is fine at the sizes the memory
// store is for; outbox Seqs are never reused, even by a rolled-back
// Append.
package memory
