// Package attribution turns order events into an exact commission ledger,
// metrics, per-party views and statements (A1–A6, K3–K5).
//
// It is pure: no I/O, no context, no clock, no globals. The caller resolves
// who an order line is attributed to, from the creator's showcase entry at
// the time the order was placed (P6), and passes the result in as an
// [Attribution]: the [Terms] (campaign, agency, shop, registration,
// product, list entry, creator, rate version, split, settlement window) or
// the [Reason] the line earns nothing. Time comes in as a now argument.
//
// # Lines and events
//
// The unit of money is an order line ([Line], keyed by [LineKey]). Its
// state is the set of its [Event]s, its attribution and the [Ledger]
// derived from them by [Derive]:
//
//   - A1: events are idempotent by [EventID]. Applying an event already in
//     the set is a no-op reported as Change.Duplicate; the same id with
//     different content is [ErrConflict]. The set is kept sorted by event
//     time, kind and id, never by arrival, and the ledger is a function of
//     the set, the attribution and now: every arrival order, duplicates
//     included, gives the same Line.
//   - K3: a line is attributed once, by the first event applied; any later
//     event applied with a different attribution, through another creator,
//     or paying the line again under another id is refused with
//     [ErrConflict] and the first stands. The agency is paid only from its
//     share of the total rate.
//   - K4: a creator managed by another agency (Terms.CreatorAgency) earns
//     the creator rate and the campaign's agency the rest; nothing else
//     changes.
//   - A6: commission is estimated from payment and pending until the line
//     settles, at its platform Settled event or, when Terms.SettlementWindow
//     is set, delivery plus the window once now has reached it, whichever
//     is first. While pending, refunds just lower the estimate, and
//     refunds of the whole payment void the line (StatusVoid, nothing
//     owed, no entry, not a paid order), as a cancellation does. Settlement
//     posts one Settlement [Entry]; after it every refund or cancellation
//     posts a Reversal entry. Entries are append-only and carry the terms
//     and event ids that produced them.
//   - K5: amounts are always recomputed from the net base (paid minus
//     refunds) with commission.ComputeNet, and reversals are
//     commission.Reversal of the settled and owed lines; owed and posted
//     amounts are never negative. Refunds are never refused for their
//     size: refunds that add up to more than the payment (shipping refunded
//     with the item, say, as the base excludes shipping) take the net base
//     to zero and stop there, whichever arrives first, so the ledger stays
//     a function of the set of events (A1). Ledger.Refunded is still their
//     full sum.
//   - A cancelled line earns nothing; an unattributed line records its
//     events and earns nothing, and its Reason says why.
//
// Because entries are derived in event-time order, an event that arrives
// late but happened before a settlement changes that settlement as if it
// had arrived on time; events arriving in time order only ever append.
//
// # Rounding
//
// Every amount is commission.Compute's: in the currency's minor unit,
// rounded half to even, creator and total rounded independently and
// agency = total - creator, so Creator + Agency == Total in every line,
// entry, metric and statement. This package never rounds by itself.
//
// # Metrics
//
// A2: [Apply] and [Advance] return a [Change] whose [Delta] a storage
// layer adds, in the same transaction, to the line's [CampaignMetrics] and
// [ProductMetrics], so reading metrics costs the same for any number of
// orders. Distinct creators are counted through a per-scope, per-creator
// tally of counted lines that the storage keeps and Add updates.
// [Recompute] computes the same metrics from scratch. A3: [Progress] holds a
// creator's sample requests and content; [ContentCounts] go into product
// metrics, which [FilterProducts] filters by posted-content status.
//
// # Views, exports and statements
//
// A4: each party has its own types: [SellerOrder] and [SellerProduct] have
// no creator and no creator figures; [CreatorOrder] and
// [CreatorStatement] have the creator's rate and amounts only;
// [AgencyOrders], [AgencyCampaigns] and [AgencyProducts] keep only the
// agency's campaigns. A5: [WriteSellerCSV] exports a seller's orders;
// [NewSellerStatement], [NewAgencyStatement] and [NewCreatorStatement]
// list the entries posted in a period, and their totals are the sums of
// their lines.
//
// Events from outside input are decoded by [ReadEventsCSV] (and written
// by [WriteEventsCSV]), which validates every row.
//
// # Reconciliation, what-if and explanations
//
// [Reconcile] streams a platform's commission report (CSV, its columns
// named by a [ReportMapping]; [TikTokPartnerOrders] is ready-made) against
// the ledger and lists every [Discrepancy] by kind with both values and
// the difference, plus totals per kind and per party; memory grows with the
// ledger lines in scope (about 8 bytes each), never with the report, and a
// malformed row is a [RowError] that does not stop the run. [WhatIf]
// recomputes every attributed line from its events under other creator
// rates and never writes. [Explain] says which campaign, registration, list
// entry, rate version and events produced a line's amounts, with views for
// creators and sellers that hide what A4 hides.
//
// # Storage
//
// Every state type has exported, plain fields and no hidden state: a
// backend stores and reloads it exactly. Store amounts as NUMERIC or TEXT
// (commission.Money), never REAL.
//
// # Errors
//
// Errors wrap the shared sentinels [ErrInvalid], [ErrConflict],
// [ErrNotFound], [ErrLimit] and commission's [ErrCurrencyMismatch]; field problems are *[FieldError]s, and a
// validation joins every problem with errors.Join. A refused operation
// returns its input unchanged. Match errors with errors.Is and errors.As,
// never by text.
package attribution
