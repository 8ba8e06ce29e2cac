package partnerkit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
)

// resolve turns verified link targets (parseLinks) into offers for
// creator c, inside tx, from the current lists and products (P4, P5).
func (s *Service) resolve(tx storage.Tx, c Creator, targets []productlist.Target, now time.Time) (productlist.Resolution, productlist.Showcase, error) {
	lists := map[productlist.ListID]productlist.List{}
	var ids []registration.ID
	for _, t := range targets {
		switch t.Kind {
		case productlist.LinkList:
			l, err := tx.Lists().Get(t.List)
			if isNotFound(err) {
				continue // a deleted list offers nothing
			}
			if err != nil {
				return productlist.Resolution{}, productlist.Showcase{}, err
			}
			lists[l.ID] = l
			ids = append(ids, entryIDs(l)...)
		case productlist.LinkProduct:
			// The link names one registration; Resolve checks it is still
			// the agency's, in the named campaign, for the named product.
			ids = append(ids, t.Registration)
		}
	}
	cat, err := catalog(tx, ids, now)
	if err != nil {
		return productlist.Resolution{}, productlist.Showcase{}, err
	}
	sc, err := tx.Showcases().Get(c.ID)
	if err != nil {
		return productlist.Resolution{}, productlist.Showcase{}, err
	}
	if sc.Creator == "" {
		sc.Creator = c.ID
	}
	sc.Agency = c.Agency
	res, err := productlist.Resolve(targets, lists, cat, sc, now)
	return res, sc, err
}

// parseLinks verifies pasted links, each trimmed of the white space
// around it first (a creator pastes text, with the line breaks, tabs and
// spaces that come with it), and returns their targets in order. Every
// link that does not verify is a *FieldError for "links[i]" wrapping
// ErrBadLink (which deliberately says no more), joined: the first
// maxBadLinks of them, then one error wrapping ErrBadLink that counts the
// rest, so a paste of garbage does not make an error as long as itself.
func (s *Service) parseLinks(links []string) ([]productlist.Target, error) {
	targets := make([]productlist.Target, 0, len(links))
	var errs []error
	bad := 0
	for i, text := range links {
		t, err := productlist.ParseLink(s.opts.Keys, strings.TrimSpace(text))
		if err == nil {
			targets = append(targets, t)
			continue
		}
		if bad++; bad <= maxBadLinks {
			errs = append(errs, errdef.Field(fmt.Sprintf("links[%d]", i), text, err, ""))
		}
	}
	if bad > maxBadLinks {
		errs = append(errs, fmt.Errorf("partnerkit: %d more bad links: %w", bad-maxBadLinks, ErrBadLink))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return targets, nil
}

// maxBadLinks bounds the bad links an error names one by one.
const maxBadLinks = 10

// checkPaste refuses more than productlist.MaxPastedLinks links before any
// is verified.
func checkPaste(links []string) error {
	if len(links) > productlist.MaxPastedLinks {
		return errdef.Field("links", fmt.Sprintf("%d links", len(links)), ErrLimit, "partnerkit: more links than productlist.MaxPastedLinks")
	}
	return nil
}

// follow adds creator c to the Followers of every list an offer came
// through.
func follow(tx storage.Tx, c productlist.CreatorID, offers []productlist.Offer) error {
	done := map[productlist.ListID]bool{}
	for _, o := range offers {
		if o.Via != productlist.LinkList || done[o.List] {
			continue
		}
		done[o.List] = true
		l, err := tx.Lists().Get(o.List)
		if err != nil {
			return err
		}
		if l, added := l.Follow(c); added {
			if err := tx.Lists().Update(l); err != nil {
				return err
			}
		}
	}
	return nil
}

// ResolveLinks shows a creator what pasted product or list links offer:
// each product with the agency's creator rate only, never the total or
// agency rate (P4). Each link is trimmed of the white space around it
// (spaces, tabs, line breaks: a creator pastes text) before it is
// verified. Links that resolve to nothing give ErrNoProducts; every link
// that is not one the agency signed (malformed, altered, its key unknown
// or retired) is a *FieldError for "links[i]" wrapping ErrBadLink, joined
// (the first ten; the rest are counted). An offer below a rate the creator already has
// for the product comes with a LowerRateNotice, also written to the outbox
// as "showcase.lower_rate", before the creator accepts (P5). More than
// productlist.MaxPastedLinks links is ErrLimit.
func (s *Service) ResolveLinks(ctx context.Context, c Creator, links []string) (productlist.Resolution, error) {
	if err := c.check(); err != nil {
		return productlist.Resolution{}, err
	}
	if err := checkPaste(links); err != nil {
		return productlist.Resolution{}, err
	}
	targets, err := s.parseLinks(links)
	if err != nil {
		return productlist.Resolution{}, err
	}
	now := s.now()
	var out productlist.Resolution
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		res, _, err := s.resolve(tx, c, targets, now)
		if err != nil {
			return err
		}
		for _, n := range res.Notices {
			if err := emit(tx, "showcase.lower_rate", string(c.ID), now, LowerRateOffered(n)); err != nil {
				return err
			}
		}
		out = res
		return nil
	})
	return out, err
}

// AcceptLinks accepts the terms of pasted links: their offers, resolved
// again from the current lists (never taken from the client), go into the
// creator's showcase at their creator rates (P4, P6). Links are read and
// refused as ResolveLinks reads and refuses them. The creator follows
// the lists it accepted through: an entry's later rate change reaches its
// showcase (SetCreatorRate). An offer accepted below a rate the creator had
// is recorded as "showcase.lower_rate_accepted" (P5: ResolveLinks told the
// creator before; the rate may have changed since, or the host skipped
// it). Accepting terms a product already has in force leaves its showcase
// entry as it is (productlist.Accept); the acceptance is still recorded as
// "showcase.accepted", and, the rate being the creator's own, never as a
// lower rate. Accepting that would give a product more than
// productlist.MaxTermsVersions terms is refused, and nothing is accepted:
// a *FieldError wrapping ErrLimit for "offers[i]", the i-th offer the
// links resolve to (as ResolveLinks lists them), whose Value is the
// product's id.
func (s *Service) AcceptLinks(ctx context.Context, c Creator, links []string) (productlist.Showcase, error) {
	if err := c.check(); err != nil {
		return productlist.Showcase{}, err
	}
	if err := checkPaste(links); err != nil {
		return productlist.Showcase{}, err
	}
	targets, err := s.parseLinks(links)
	if err != nil {
		return productlist.Showcase{}, err
	}
	var out productlist.Showcase
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		// The clock is read inside the transaction, as in changeList: an
		// acceptance stamped before it waited for the writer could date
		// itself before an order ingested meanwhile, which was
		// attributed without it (P6).
		now := s.now()
		res, sc, err := s.resolve(tx, c, targets, now)
		if err != nil {
			return err
		}
		// The creator accepts an offer below a rate it had: a record of
		// it, whatever ResolveLinks showed before (the rate may have
		// changed since), so a host can tell the creator (P5).
		for _, n := range res.Notices {
			if err := emit(tx, "showcase.lower_rate_accepted", string(c.ID), now, LowerRateOffered(n)); err != nil {
				return err
			}
		}
		if sc, err = productlist.Accept(sc, res.Offers, now); err != nil {
			return err
		}
		if err := tx.Showcases().Put(sc); err != nil {
			return err
		}
		// The creator follows the lists it accepted through: their later
		// rate changes reach its showcase (P6, SetCreatorRate).
		if err := follow(tx, c.ID, res.Offers); err != nil {
			return err
		}
		accepted := ShowcaseAccepted{Creator: c.ID}
		for _, o := range res.Offers {
			accepted.Products = append(accepted.Products, o.Product)
		}
		out = sc
		return emit(tx, "showcase.accepted", string(c.ID), now, accepted)
	})
	return out, err
}

// Showcase returns the creator's showcase.
func (s *Service) Showcase(ctx context.Context, c Creator) (productlist.Showcase, error) {
	if err := c.check(); err != nil {
		return productlist.Showcase{}, err
	}
	var out productlist.Showcase
	err := s.store.View(ctx, func(tx storage.Tx) error {
		var err error
		out, err = tx.Showcases().Get(c.ID)
		return err
	})
	return out, err
}
