package partnerkit

import (
	"context"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
)

// CampaignRegistrations returns a page of the registrations into one of
// the agency's campaigns that match f (R5). A Status of f that is none of
// the registration states, or a Text that no product title or id could
// hold however it is spelled (more code points than 4×, or bytes than 16×,
// registration.MaxTitleLen), or a Shop or Product no registration could
// have (more than registration.MaxProductIDLen bytes, not UTF-8, holding
// a control character), is a *FieldError wrapping ErrInvalid ("status",
// "text", "shop", "product").
func (s *Service) CampaignRegistrations(ctx context.Context, a Agency, id campaign.ID, f registration.Filter, p Page) ([]registration.Registration, string, error) {
	if err := a.check(); err != nil {
		return nil, "", err
	}
	if err := checkRegistrationFilter(f); err != nil {
		return nil, "", err
	}
	if _, err := s.Campaign(ctx, a, id); err != nil {
		return nil, "", err
	}
	return s.listRegistrations(ctx, storage.RegistrationQuery{Campaign: id, Agency: a.ID, Filter: f}, p)
}

func (a Agency) owns(r registration.Registration) bool { return r.Agency == a.ID }

// ApproveRegistration approves a pending (or not-for-good rejected)
// registration (R2); its rate is frozen from then on (R3). A campaign that
// has ended takes no new collaboration: approving then is refused with a
// *FieldError for "campaign.period" wrapping ErrForbidden.
func (s *Service) ApproveRegistration(ctx context.Context, a Agency, id registration.ID) (registration.Registration, error) {
	if err := a.check(); err != nil {
		return registration.Registration{}, err
	}
	return s.changeRegistration(ctx, id, a.owns, "registration.approved",
		func(r registration.Registration, tx storage.Tx, now time.Time) (registration.Registration, error) {
			c, err := tx.Campaigns().Get(r.Campaign)
			if err != nil {
				return r, err
			}
			d := c.Current(now)
			if !now.Before(d.Period.End) {
				return r, errdef.Field("campaign.period", d.Period.End, ErrForbidden, "partnerkit: the campaign ended")
			}
			if r, err = r.Approve(now); err != nil {
				return r, err
			}
			return r, startProductMetrics(tx, r, s.market(d.Market).currency)
		})
}

// startProductMetrics stores zero metrics for r's product, in cur (none if
// the market is unknown), unless it has some: from its approval on, a
// product is listed in ProductMetrics and SellerProducts, and filtered by
// content like any other (A2).
func startProductMetrics(tx storage.Tx, r registration.Registration, cur commission.Currency) error {
	key := attribution.ProductKey{Campaign: r.Campaign, Product: r.Product}
	if _, err := tx.Metrics().Product(key); !isNotFound(err) {
		return err
	}
	return tx.Metrics().PutProduct(attribution.ProductMetrics{
		Campaign: r.Campaign, Agency: r.Agency, Shop: r.Shop, Product: r.Product, TotalRate: r.Rate, Metrics: zeroMetrics(cur),
	})
}

// zeroMetrics returns zero figures in cur (with no currency if cur is
// the zero Currency: a market the Service does not know).
func zeroMetrics(cur commission.Currency) attribution.Metrics {
	var zero commission.Money
	if !cur.IsZero() {
		zero = commission.Zero(cur)
	}
	return attribution.Metrics{GMV: zero, EstimatedCreator: zero, EstimatedAgency: zero, SettledCreator: zero, SettledAgency: zero}
}

// RejectRegistration rejects a pending registration, or re-decides a
// rejected one, with a reason (R2).
func (s *Service) RejectRegistration(ctx context.Context, a Agency, id registration.ID, rej registration.Rejection) (registration.Registration, error) {
	if err := a.check(); err != nil {
		return registration.Registration{}, err
	}
	return s.changeRegistration(ctx, id, a.owns, "registration.rejected",
		func(r registration.Registration, _ storage.Tx, now time.Time) (registration.Registration, error) {
			return r.Reject(rej, now)
		})
}

// DecideCancellation approves (the registration closes) or declines (it
// returns to Approved) a seller's cancellation request (R4).
func (s *Service) DecideCancellation(ctx context.Context, a Agency, id registration.ID, approve bool) (registration.Registration, error) {
	if err := a.check(); err != nil {
		return registration.Registration{}, err
	}
	kind, step := "registration.cancel_declined", registration.Registration.DeclineCancel
	if approve {
		kind, step = "registration.closed", registration.Registration.ApproveCancel
	}
	return s.changeRegistration(ctx, id, a.owns, kind,
		func(r registration.Registration, _ storage.Tx, now time.Time) (registration.Registration, error) {
			return step(r, now)
		})
}
