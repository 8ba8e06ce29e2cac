// Package productlist holds an agency's curation tools and the creator's
// side of a shared link, as pure rules: no I/O, no context, no clock, no
// globals. Time comes in as a now argument; keys come in as a [KeySet].
//
// # Rules
//
//   - P1: an agency bookmarks approved products of its own ([Bookmarks]) and
//     filters its products by bookmark ([FilterProducts]).
//   - P2: a [List] holds at most [MaxProducts] products, each once, each with
//     a creator rate 0 <= C <= T (the agency keeps T - C); an agency has at
//     most [MaxLists] lists ([CheckListLimit], given the count the storage
//     transaction read). Create, rename, add, remove, duplicate and search
//     return new values; a duplicate obeys the same limits.
//   - P3: share links ([ShareList], [ShareProduct], [ParseLink]) are
//     base64url text of a payload and its HMAC-SHA256 tag under an agency's
//     key, named by key id so keys rotate: the active key signs, verifying
//     keys still verify, retired keys verify nothing. Links carry the agency
//     and a list id, or a campaign, product id, registration id (so a link
//     names one shop's product even when two shops register the same
//     product id) and creator rate; never T or A. Any change to a link, a key of another agency, or a retired key
//     gives [ErrBadLink]. Product links export to CSV ([ExportLinks],
//     [MarshalCSV], [ParseCSV]).
//   - P4: [Resolve] turns verified links into [Offer] values, which carry
//     the creator rate only; closed, cancelled or removed products drop out,
//     and nothing left is [ErrNoProducts]. [Accept] puts offers in the
//     creator's [Showcase].
//   - P5: an offer below the rate the creator already has for the product
//     comes with a [LowerRateNotice] in the [Resolution].
//   - P6: creator rates are a [RateHistory] of numbered versions with
//     effective times; past versions never change. Each [ShowcaseEntry]
//     records, as [Terms], the campaign, list entry and rate version that
//     paid it from when, so [Showcase.RateAt] answers which rate paid an
//     order placed at t, the same on every replay.
//
// # Invariants
//
// Every value is plain data with exported fields that a store persists and
// reloads exactly; operations never modify their receiver or arguments.
// [List.Validate] checks a list's invariants on load. A product whose
// registration closes stays in its lists but is hidden from creators
// ([List.Visible]).
//
// # Errors
//
// Errors wrap the shared sentinels [ErrInvalid], [ErrNotFound],
// [ErrForbidden], [ErrLimit] and [ErrConflict] (the same values in every
// partnerkit package) or this package's [ErrBadLink], [ErrNoProducts] and
// [ErrNoKey]. Field problems are a *[FieldError] naming the field (for a
// list entry, "entries[<registration>].creator_rate") and the value;
// validations return every problem joined with errors.Join. Match errors
// with errors.Is and errors.As, never by text. No error or String output
// ever contains a key's secret.
package productlist
