// Package partnerkit runs agency-led affiliate partner campaigns (the model
// TikTok Shop calls Partner Campaigns) inside a host service: who may do
// what, when, at which commission, and who is owed how much for each
// order, to the cent, once.
//
// A [Service] sits over a [storage.Store] (storage/memory, storage/sqlite or
// storage/postgres) the way *sql.DB sits over a driver. Each method is one
// use case: it authorises its actor ([Agency], [Seller], [Creator] or
// [Host]), reads the clock once, applies a pure rule from the domain
// packages inside one Store.Update, writes its domain event to the outbox in
// the same transaction, and returns a value.
//
// # The flow
//
//  1. An agency onboards (C1): ChooseCategory, AddMatchUpCategory,
//     SubmitTaxInfo, the host's ReviewTaxInfo, LinkBankAccount.
//  2. It creates a campaign (C2, C3), submits and publishes it (C4); edits
//     of a published campaign apply 30 minutes later (C5, EditCampaign).
//  3. Sellers find eligible campaigns (FindCampaigns) and register products
//     with a total commission rate (RegisterProduct, R1); the agency
//     approves or rejects them (R2), the rate is frozen once approved (R3),
//     and sellers may ask to cancel (R4).
//  4. The agency bookmarks approved products (P1), builds product lists with
//     a creator rate per product (P2), and shares signed links or a CSV of
//     product links (P3).
//  5. Creators paste links (ResolveLinks), see the creator rate only, are
//     told when it is lower than one they have (P5), and accept them into
//     their showcase (AcceptLinks, P4). Rates are versioned (P6).
//  6. The host ingests order events (IngestEvents, A1). Each line is
//     attributed at its order's placed time to one campaign (K3), its
//     commission computed exactly (K2), recomputed from the net base after
//     refunds (K5), pending until settled (A6, SettleDue), with metrics kept
//     in the same transaction (A2).
//  7. Each party reads what it may (A4): CampaignMetrics, ProductMetrics
//     and CampaignOrders for the agency, SellerProducts and
//     SellerOrdersCSV for sellers,
//     CreatorOrders for creators, and statements that reconcile (A5).
//  8. The host reads domain events from the outbox in commit order and
//     acknowledges them (Outbox, Acknowledge).
//
// # Errors and authorisation
//
// Errors are the shared sentinels ([ErrInvalid], [ErrNotFound],
// [ErrForbidden], [ErrLimit], [ErrConflict]) and the narrower ones that
// match one of them ([ErrEditLocked], [ErrOnboarding], [ErrNoProducts],
// [ErrBadLink], [ErrCurrencyMismatch]), matched with errors.Is, and
// *[FieldError] for a bad field. Three sentinels match none of the shared
// ones: [ErrNoKey] (the host's keys cannot sign), [ErrBusy] (other writers
// kept the store busy; nothing was written) and [ErrGroupPanicked].
//
// Another party's record is ErrNotFound, never ErrForbidden, so its
// existence does not leak. One refusal is knowingly not so: a shop
// registering into a published select campaign that does not list it gets
// registration.ErrNotEligible (ErrForbidden, R1), joined with the
// request's other problems (a rate below the minimum, a product id the
// campaign holds already), so a shop that has a campaign's id learns why
// it cannot join.
package partnerkit
