package partnerkit

import (
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// AgencyOnboarded is the payload of the outbox message of kind
// "agency.onboarded", keyed by the agency's id: the agency completed
// onboarding and may create campaigns.
//
// The Service writes each domain event to the outbox in the same
// transaction as the change that caused it. A host reads them with
// Service.Outbox; a storage.Message's Kind says which type its JSON
// Payload holds:
//
//	agency.onboarded                   AgencyOnboarded
//	campaign.created, .submitted,
//	  .published, .unpublished,
//	  .edited, .edit_applied           CampaignChanged
//	registration.created, .approved,
//	  .rejected, .rate_changed,
//	  .cancel_requested,
//	  .cancel_declined, .closed        RegistrationChanged
//	list.rate_changed                  ListRateChanged
//	showcase.rate_lowered              RateLowered
//	showcase.lower_rate,
//	  .lower_rate_accepted             LowerRateOffered
//	showcase.accepted                  ShowcaseAccepted
//	order.attributed, .settled,
//	  .reversed, .adjusted             OrderLineChanged
//
// Each type's doc lists its kinds in full.
type AgencyOnboarded struct {
	Agency campaign.AgencyID
}

// CampaignChanged is the payload of the outbox messages about a campaign,
// keyed by its id: "campaign.created" (CreateCampaign),
// "campaign.submitted", "campaign.published", "campaign.unpublished",
// "campaign.edited" (EditCampaign) and "campaign.edit_applied" (a published
// campaign's pending edit took effect; the message's At is when it did).
// Status is the campaign's status after the change.
type CampaignChanged struct {
	Campaign campaign.ID
	Agency   campaign.AgencyID
	Status   campaign.Status
}

// RegistrationChanged is the payload of the outbox messages about a
// registration, keyed by its id: "registration.created" (RegisterProduct),
// "registration.approved" (ApproveRegistration), "registration.rejected"
// (RejectRegistration), "registration.rate_changed" (ChangeRegistrationRate),
// "registration.cancel_requested" (RequestCancellation), and
// "registration.cancel_declined" or "registration.closed"
// (DecideCancellation). State is the registration's state after the
// change.
type RegistrationChanged struct {
	Registration registration.ID
	Campaign     campaign.ID
	Shop         campaign.ShopCode
	Product      registration.ProductID
	State        registration.State
}

// ListRateChanged is the payload of the outbox message of kind
// "list.rate_changed", keyed by the list's id: an agency changed a list
// entry's creator rate (P6, SetCreatorRate).
// Creators who accepted the entry (the list's Followers whose terms came
// through it) are paid the new rate for orders placed from Effective on;
// a host tells them.
type ListRateChanged struct {
	List         productlist.ListID
	Agency       campaign.AgencyID
	Registration registration.ID
	Product      registration.ProductID
	Version      int
	Rate         commission.Rate
	Effective    time.Time // in UTC
}

// RateLowered is the payload of the outbox message of kind
// "showcase.rate_lowered", keyed by the creator's id: an agency lowered
// the creator rate of a list entry the creator follows (SetCreatorRate),
// so orders of the product placed from Effective on pay Rate where they
// would have paid Previous (P5, P6). One message is written per follower
// whose rate goes down; a raise, or a follower whose terms came through
// another link, gets none.
type RateLowered struct {
	Creator   productlist.CreatorID
	List      productlist.ListID
	Agency    campaign.AgencyID
	Shop      campaign.ShopCode
	Product   registration.ProductID
	Rate      commission.Rate
	Previous  commission.Rate
	Effective time.Time // in UTC
}

// LowerRateOffered is the payload of the outbox messages of kinds
// "showcase.lower_rate" and "showcase.lower_rate_accepted", keyed by the
// creator's id: a creator was offered a product at a lower creator rate
// than it already has (P5), "showcase.lower_rate" when ResolveLinks shows
// the offer, before accepting, and "showcase.lower_rate_accepted" when
// AcceptLinks takes it. One message is written per product.
type LowerRateOffered = productlist.LowerRateNotice

// ShowcaseAccepted is the payload of the outbox message of kind
// "showcase.accepted", keyed by the creator's id: a creator accepted
// offers into its showcase (AcceptLinks), one message per call.
type ShowcaseAccepted struct {
	Creator  productlist.CreatorID
	Products []registration.ProductID
}

// OrderLineChanged is the payload of the outbox messages about an
// attributed order line, keyed by its LineKey: "order/line", with "%" and
// "/" in either id written %25 and %2F, so each line has its own key. A
// line is "order.attributed" when it comes to owe commission (paid),
// "order.settled" when it settles (a settled event or SettleDue),
// "order.reversed" when a refund or cancellation posts a reversal entry
// after settlement, or a cancellation or a refund of the whole payment
// before settlement voids a line that owed, and "order.adjusted" when,
// with none of those, what it owes or has posted changes: a partial refund
// while pending, or a refund dated before the settlement arriving after
// it, which changes the settlement (see attribution's doc). One change can
// write several, in that order.
//
// Each carries the line's status and amounts after the change, so a host
// keeps the latest: events arriving out of order can move a line back, as
// when a settlement dated before a whole refund arrives after it, and the
// void line (reversed) turns out settled with a reversal (attributed,
// settled, reversed again). A line that never owed (cancelled or refunded
// before it was paid) announces nothing; one whose settlement is posted is
// announced attributed and settled even if it ends void, as when a
// cancellation dated after the settlement arrives first (then reversed).
//
// Its JSON encoding is compact (see MarshalJSON).
type OrderLineChanged struct {
	Line     attribution.LineKey
	Campaign campaign.ID
	Status   attribution.Status
	Owed     commission.Line
}
