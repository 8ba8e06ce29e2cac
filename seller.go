package partnerkit

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/internal/text"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
)

// FindCampaigns returns a page of the published campaigns the seller is
// eligible for that match f (C4): by market, phase, minimum rate,
// open/select and text. Pages are by campaign id. Each is the seller's
// view (campaign.Campaign.ForSeller): the details in force, no edit still
// pending, no history, no other shop's code. A Phase or Sellers of f that
// is none of its constants, a MaxMinRate outside 0%..100%, or a Text that
// no description could hold however it is spelled (more code points than
// 4×campaign.MaxDescriptionLen, or bytes than 16× it) is a *FieldError
// wrapping ErrInvalid ("phase", "sellers", "max_min_rate", "text"), every
// one joined, rather than a filter that silently matches nothing. A
// shorter Text that no campaign holds simply matches nothing.
func (s *Service) FindCampaigns(ctx context.Context, sl Seller, f campaign.Filter, p Page) ([]campaign.Campaign, string, error) {
	if err := sl.check(); err != nil {
		return nil, "", err
	}
	if err := checkFilter(f); err != nil {
		return nil, "", err
	}
	now := s.now()
	var out []campaign.Campaign
	var due []campaign.ID
	var next string
	err := s.store.View(ctx, func(tx storage.Tx) error {
		due = nil
		var err error
		out, next, err = fullPage(p, func(p Page) ([]campaign.Campaign, string, error) {
			return tx.Campaigns().List(storage.CampaignQuery{Status: campaign.Published}, p)
		}, func(cs []campaign.Campaign) ([]campaign.Campaign, error) {
			var kept []campaign.Campaign
			for _, c := range cs {
				if hasDueEdit(c, now) {
					due = append(due, c.ID)
				}
				if c, _ = c.ApplyPending(now); f.Match(c, sl.Shop, now) {
					kept = append(kept, c.ForSeller(sl.Shop, now))
				}
			}
			return kept, nil
		}, func(c campaign.Campaign) string { return string(c.ID) })
		return err
	})
	if err == nil {
		s.storeDueEdits(ctx, due, now)
	}
	return out, next, err
}

// checkFilter refuses the fields of f that are no value of their type: an
// enum outside its constants, a rate outside 0%..100% (K1). The zero value
// of each is "any" and fine.
func checkFilter(f campaign.Filter) error {
	var errs []error
	if f.Phase > campaign.Ended {
		errs = append(errs, errdef.Field("phase", int(f.Phase), ErrInvalid, "partnerkit: not a campaign phase"))
	}
	if f.Sellers > campaign.Select {
		errs = append(errs, errdef.Field("sellers", int(f.Sellers), ErrInvalid, "partnerkit: not a seller mode"))
	}
	if r := f.MaxMinRate; r != nil && (*r < 0 || *r > commission.MaxRate) {
		errs = append(errs, errdef.Field("max_min_rate", *r, ErrInvalid, "partnerkit: rate outside 0%..100%"))
	}
	// A text longer than any name or description matches nothing, and
	// would be lower-cased again for every campaign scanned.
	if err := checkSearchText("text", f.Text, campaign.MaxDescriptionLen); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// checkRegistrationFilter refuses the fields of f that are no value of
// their type, as checkFilter does for campaigns: a Status outside the
// registration states, a Text longer than any product title, a Shop or
// Product no registration could have (R5).
func checkRegistrationFilter(f registration.Filter) error {
	var errs []error
	if f.Status > registration.Closed {
		errs = append(errs, errdef.Field("status", int(f.Status), ErrInvalid, "partnerkit: not a registration state"))
	}
	if err := checkSearchText("text", f.Text, max(registration.MaxTitleLen, registration.MaxProductIDLen)); err != nil {
		errs = append(errs, err)
	}
	for _, id := range []struct{ field, v string }{{"shop", string(f.Shop)}, {"product", string(f.Product)}} {
		if id.v != "" && !possibleID(id.v, registration.MaxProductIDLen) {
			errs = append(errs, errdef.Field(id.field, id.v, ErrInvalid,
				fmt.Sprintf("partnerkit: no registration has such a %s (want 1 to %d bytes of UTF-8, no control character)", id.field, registration.MaxProductIDLen)))
		}
	}
	return errors.Join(errs...)
}

// checkSearchText refuses a search text that no text of at most max
// characters can hold: a stored text of max characters (text.Len) is at
// most max*text.MaxCharBytes bytes and 4*max code points however it is
// spelled, and the search's folding (text.Fold) lowers case code point
// for code point before it normalises.
func checkSearchText(field, s string, max int) error {
	if len(s) > max*text.MaxCharBytes || (len(s) > 4*max && utf8.RuneCountInString(s) > 4*max) {
		return errdef.Field(field, s, ErrInvalid, fmt.Sprintf("partnerkit: longer than any text of %d characters it searches", max))
	}
	return nil
}

// RegisterInput is a seller's registration of one product into a campaign.
type RegisterInput struct {
	Campaign     campaign.ID
	Product      registration.ProductID
	ProductTitle string
	// Price is the product's price, optional (the zero Money means not
	// given): positive and in the currency of the campaign's market. The
	// agency sees it on the product, and creators on their offers.
	Price commission.Money
	// Rate is the total commission rate the seller pays (R1: at or above
	// the campaign's minimum).
	Rate commission.Rate
}

// RegisterProduct registers one of the seller's products into a published
// campaign during its registration period (R1). It returns every failed
// precondition joined (see registration.Register), a bad Price among them
// (a *FieldError "price" wrapping ErrInvalid); a campaign that is not
// published is ErrNotFound.
func (s *Service) RegisterProduct(ctx context.Context, sl Seller, in RegisterInput) (registration.Registration, error) {
	if err := sl.check(); err != nil {
		return registration.Registration{}, err
	}
	now := s.now()
	id := registration.ID(s.newID("registration"))
	var out registration.Registration
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		c, err := tx.Campaigns().Get(in.Campaign)
		if err != nil || c.Status != campaign.Published {
			if err == nil || isNotFound(err) {
				return notFound("campaign", in.Campaign)
			}
			return err
		}
		if c, err = applyDueEdit(tx, c, now); err != nil {
			return err
		}
		// Every shop's registrations of the product: a campaign holds a
		// product id once (R1).
		// A product id that could be no product's is left for Register
		// to refuse with the other problems; looking it up would select
		// every registration (empty) or none.
		var existing []registration.Registration
		if possibleID(string(in.Product), registration.MaxProductIDLen) {
			if existing, _, err = tx.Registrations().List(storage.RegistrationQuery{
				Campaign: c.ID, Filter: registration.Filter{Product: in.Product},
			}, Page{Limit: storage.MaxLimit}); err != nil {
				return err
			}
		}
		r, err := registration.Register(registration.Request{
			ID: id, Shop: sl.Shop, Product: in.Product, ProductTitle: in.ProductTitle, Rate: in.Rate,
			Price: in.Price, MarketCurrency: s.market(c.Current(now).Market).currency,
		}, c, existing, now)
		if err != nil {
			return err
		}
		if err := tx.Registrations().Create(r); err != nil {
			return err
		}
		out = r
		return emitRegistration(tx, "registration.created", r, now)
	})
	return out, err
}

func emitRegistration(tx storage.Tx, kind string, r registration.Registration, now time.Time) error {
	return emit(tx, kind, string(r.ID), now, RegistrationChanged{
		Registration: r.ID, Campaign: r.Campaign, Shop: r.Shop, Product: r.Product, State: r.State,
	})
}

// Registrations returns a page of the seller's own registrations matching
// f (R5), with the state in force now (an approved registration of an
// ended campaign reads as Closed). f.Shop is ignored: a seller sees only
// its own shop. A Status of f that is none of the registration states, a
// Text that no product title or id could hold however it is spelled, or a
// Product no registration could have (see CampaignRegistrations), is a
// *FieldError wrapping ErrInvalid ("status", "text", "product").
func (s *Service) Registrations(ctx context.Context, sl Seller, f registration.Filter, p Page) ([]registration.Registration, string, error) {
	if err := sl.check(); err != nil {
		return nil, "", err
	}
	f.Shop = "" // ignored, so not checked
	if err := checkRegistrationFilter(f); err != nil {
		return nil, "", err
	}
	f.Shop = sl.Shop
	return s.listRegistrations(ctx, storage.RegistrationQuery{Filter: f}, p)
}

func (s *Service) listRegistrations(ctx context.Context, q storage.RegistrationQuery, p Page) ([]registration.Registration, string, error) {
	now := s.now()
	size := p.Size()
	// The state in force can differ from the stored one (an approved
	// registration of an ended campaign is Closed), so the status filter
	// applies to the derived state; a stored Approved or PendingClose one
	// may read Closed, so the store cannot narrow a search for Closed.
	status := q.Filter.Status
	if status == registration.Closed {
		q.Filter.Status = 0
	}
	var out []registration.Registration
	next := p.After
	err := s.store.View(ctx, func(tx storage.Tx) error {
		out, next = nil, p.After
		for {
			// Ask only for as many as are still wanted, so the storage
			// cursor always falls on a record this page has examined.
			rs, n, err := tx.Registrations().List(q, Page{After: next, Limit: size - len(out)})
			if err != nil {
				return err
			}
			for _, r := range rs {
				if r, err = closedIfEnded(tx, r, now); err != nil {
					return err
				}
				if status == 0 || r.State == status {
					out = append(out, r)
				}
			}
			next = n
			if next == "" || len(out) >= size {
				return nil
			}
		}
	})
	return out, next, err
}

// closedIfEnded returns r with the state in force at now (R2: approved
// collaborations close at campaign end).
func closedIfEnded(tx storage.Tx, r registration.Registration, now time.Time) (registration.Registration, error) {
	if r.State != registration.Approved && r.State != registration.PendingClose {
		return r, nil
	}
	c, err := tx.Campaigns().Get(r.Campaign)
	if err != nil {
		return r, err
	}
	c, _ = c.ApplyPending(now)
	if closed, err := r.CloseAtEnd(c.Current(now).Period.End, now); err == nil {
		return closed, nil
	}
	return r, nil
}

// ChangeRegistrationRate changes the total commission rate of one of the
// seller's registrations that has never been approved (R3): a pending one,
// or one rejected (say, for a rate too low) that the agency may decide
// again. The rate must be at or above the campaign's minimum in force
// now. It is announced as "registration.rate_changed".
//
// ChangeRegistrationRate returns ErrNotFound for another shop's
// registration, registration.ErrRateFrozen (ErrForbidden) once it has
// been approved, a *registration.TransitionError if it was rejected for
// good, and a *FieldError for "rate" wrapping ErrInvalid (or
// registration.ErrRateTooLow) for a bad rate.
func (s *Service) ChangeRegistrationRate(ctx context.Context, sl Seller, id registration.ID, rate commission.Rate) (registration.Registration, error) {
	if err := sl.check(); err != nil {
		return registration.Registration{}, err
	}
	return s.changeRegistration(ctx, id, func(r registration.Registration) bool { return r.Shop == sl.Shop },
		"registration.rate_changed", func(r registration.Registration, tx storage.Tx, now time.Time) (registration.Registration, error) {
			if r.State == registration.Rejected && r.Rejection.ForGood {
				return r, &registration.TransitionError{From: r.State, To: registration.Pending, ForGood: true}
			}
			c, err := tx.Campaigns().Get(r.Campaign)
			if err != nil {
				return r, err
			}
			return r.ChangeRate(rate, c, now)
		})
}

// RequestCancellation asks to end an approved collaboration (R4): the
// registration becomes PendingClose until the agency decides.
func (s *Service) RequestCancellation(ctx context.Context, sl Seller, id registration.ID) (registration.Registration, error) {
	if err := sl.check(); err != nil {
		return registration.Registration{}, err
	}
	return s.changeRegistration(ctx, id, func(r registration.Registration) bool { return r.Shop == sl.Shop },
		"registration.cancel_requested", func(r registration.Registration, _ storage.Tx, now time.Time) (registration.Registration, error) {
			return r.RequestCancel(now)
		})
}

// changeRegistration loads registration id if mine accepts it (otherwise
// ErrNotFound), closes it first if its campaign has ended, applies step,
// stores it and emits kind.
func (s *Service) changeRegistration(ctx context.Context, id registration.ID, mine func(registration.Registration) bool, kind string,
	step func(registration.Registration, storage.Tx, time.Time) (registration.Registration, error)) (registration.Registration, error) {
	var out registration.Registration
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		// Inside the transaction (see changeList): an approval or a close
		// stamped before waiting for the writer could predate an order
		// ingested meanwhile under the registration's earlier state.
		now := s.now()
		r, err := tx.Registrations().Get(id)
		if isNotFound(err) || (err == nil && !mine(r)) {
			return notFound("registration", id)
		}
		if err != nil {
			return err
		}
		if r, err = closedIfEnded(tx, r, now); err != nil {
			return err
		}
		if r, err = step(r, tx, now); err != nil {
			return err
		}
		if err := tx.Registrations().Update(r); err != nil {
			return err
		}
		out = r
		return emitRegistration(tx, kind, r, now)
	})
	return out, err
}
