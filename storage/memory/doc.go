// Package memory is the reference storage.Store: every record in memory,
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
// No value a caller stores or reads shares a slice, map or pointer with
// stored data, so changing it changes nothing stored. Order lines and
// outbox messages, the tables that grow with traffic, are kept encoded:
// each is one immutable, pointer-free string written by a hand-written
// binary codec, and every read decodes fresh values. The codec is exact: a
// decimal keeps its exponent (20.00 stays 20.00; coefficients past int64
// included), a time its instant and *time.Location (not its monotonic
// clock reading, which SQL backends drop too; and an unnamed fixed zone,
// which time.Parse makes anew for every numeric offset it reads, comes
// back as one zone shared per offset), a slice its nil-ness. Values
// that thousands of records share (attributions, currencies, locations,
// message kinds) are numbered in store-wide tables that only grow. The
// metrics, counters and ids hold no references and are copied by
// assignment; the other tables' values are deep-copied by reflection over
// their exported fields. Unexported state (decimal.Decimal, time.Time,
// commission.Currency) is shared, never changed in place: decoded decimals
// may share their coefficient with other values read.
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
// Gets and writes are hash lookups. Order lines are found through two
// pointer-free open-addressing indexes (by line key and by event id, 8
// bytes a slot) that read their keys from the records, so a paid line
// costs its record (about 100 bytes for a typical one) and some 50 bytes
// of index and handle; an outbox message costs about 50 bytes plus its key
// and payload. Orders implements storage.BulkOrders, whose calls cost what
// their single forms do per line, without the per-call overhead. Listings
// read a table's keys in order from the cursor on, through an index kept
// sorted lazily across commits. A listing of one scope (an agency's
// campaigns or lists, the campaigns of one status, a campaign's, an
// agency's or a shop's registrations, a campaign's, an agency's, a shop's
// or a creator's order lines) reads that scope's own index, so a page
// costs what its scope holds, not what the store holds; the narrower
// filters (a registration's status or text, a list's name) are checked
// row by row within the scope. Outbox reads are a binary search.
// Listings of what is due (LineQuery.DueBy, CampaignQuery.EditDueBy) read
// a heap of due times, so they cost what is due, not what is stored.
// Outbox Seqs are never reused, even by a rolled-back Append.
package memory
