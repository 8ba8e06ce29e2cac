package partnerkit

import (
	"context"
	"strings"
	"time"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
)

// productOf is the productlist view of a registration at now: available
// while approved (or waiting for a cancellation decision) and its campaign
// has not ended.
func productOf(tx storage.Tx, r registration.Registration, now time.Time) (productlist.Product, error) {
	r, err := closedIfEnded(tx, r, now)
	if err != nil {
		return productlist.Product{}, err
	}
	return productlist.Product{
		Registration: r.ID, Campaign: r.Campaign, Agency: r.Agency, Shop: r.Shop,
		ID: r.Product, Title: r.ProductTitle, Price: r.Price, Total: r.Rate,
		Available: r.State == registration.Approved || r.State == registration.PendingClose,
	}, nil
}

// agencyProduct loads one of the agency's registrations as a product;
// another agency's is ErrNotFound.
func agencyProduct(tx storage.Tx, a Agency, id registration.ID, now time.Time) (productlist.Product, error) {
	r, err := tx.Registrations().Get(id)
	if isNotFound(err) || (err == nil && r.Agency != a.ID) {
		return productlist.Product{}, notFound("product", id)
	}
	if err != nil {
		return productlist.Product{}, err
	}
	return productOf(tx, r, now)
}

// catalog loads the products of the given registrations; missing ones are
// left out (creators simply do not see them).
func catalog(tx storage.Tx, ids []registration.ID, now time.Time) (productlist.Catalog, error) {
	var cat productlist.Catalog
	for _, id := range ids {
		r, err := tx.Registrations().Get(id)
		if isNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		p, err := productOf(tx, r, now)
		if err != nil {
			return nil, err
		}
		cat = append(cat, p)
	}
	return cat, nil
}

func entryIDs(l productlist.List) []registration.ID {
	ids := make([]registration.ID, len(l.Entries))
	for i, e := range l.Entries {
		ids[i] = e.Product.Registration
	}
	return ids
}

// Products returns a page of the agency's approved products matching f,
// including its bookmark filter (P1). Pages are by registration id and
// full: a page short of its limit is the last. A Text that no title, shop
// code or product id could hold however it is spelled is a *FieldError
// for "text" wrapping ErrInvalid, as for CampaignRegistrations.
func (s *Service) Products(ctx context.Context, a Agency, f productlist.ProductFilter, p Page) ([]productlist.Product, string, error) {
	if err := a.check(); err != nil {
		return nil, "", err
	}
	if err := checkSearchText("text", strings.TrimSpace(f.Text), max(registration.MaxTitleLen, registration.MaxProductIDLen)); err != nil {
		return nil, "", err
	}
	now := s.now()
	var out []productlist.Product
	var next string
	err := s.store.View(ctx, func(tx storage.Tx) error {
		b, err := tx.Bookmarks().Get(a.ID)
		if err != nil {
			return err
		}
		out, next, err = fullPage(p, func(p Page) ([]registration.Registration, string, error) {
			return tx.Registrations().List(storage.RegistrationQuery{Agency: a.ID, Campaign: f.Campaign}, p)
		}, func(rs []registration.Registration) ([]productlist.Product, error) {
			products := make([]productlist.Product, 0, len(rs))
			for _, r := range rs {
				pr, err := productOf(tx, r, now)
				if err != nil {
					return nil, err
				}
				products = append(products, pr)
			}
			return productlist.FilterProducts(products, b, f)
		}, func(pr productlist.Product) string { return string(pr.Registration) })
		return err
	})
	return out, next, err
}

// Bookmark bookmarks one of the agency's approved products (P1); doing it
// twice is a no-op.
func (s *Service) Bookmark(ctx context.Context, a Agency, id registration.ID) error {
	return s.bookmarks(ctx, a, id, func(b productlist.Bookmarks, p productlist.Product) (productlist.Bookmarks, error) {
		return b.Add(p)
	})
}

// Unbookmark removes a bookmark (P1).
func (s *Service) Unbookmark(ctx context.Context, a Agency, id registration.ID) error {
	return s.bookmarks(ctx, a, id, func(b productlist.Bookmarks, p productlist.Product) (productlist.Bookmarks, error) {
		return b.Remove(p.Registration)
	})
}

func (s *Service) bookmarks(ctx context.Context, a Agency, id registration.ID, step func(productlist.Bookmarks, productlist.Product) (productlist.Bookmarks, error)) error {
	if err := a.check(); err != nil {
		return err
	}
	now := s.now()
	return s.store.Update(ctx, func(tx storage.Tx) error {
		p, err := agencyProduct(tx, a, id, now)
		if err != nil {
			return err
		}
		b, err := tx.Bookmarks().Get(a.ID)
		if err != nil {
			return err
		}
		if b.Agency == "" {
			b.Agency = a.ID
		}
		if b, err = step(b, p); err != nil {
			return err
		}
		return tx.Bookmarks().Put(b)
	})
}

// CreateList creates an empty product list (P2); an agency has at most
// productlist.MaxLists lists (ErrLimit).
func (s *Service) CreateList(ctx context.Context, a Agency, name string) (productlist.List, error) {
	if err := a.check(); err != nil {
		return productlist.List{}, err
	}
	now := s.now()
	id := productlist.ListID(s.newID("list"))
	var out productlist.List
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		n, err := tx.Lists().Count(a.ID)
		if err != nil {
			return err
		}
		l, err := productlist.NewList(id, a.ID, name, n, now)
		if err != nil {
			return err
		}
		out = l
		return tx.Lists().Create(l)
	})
	return out, err
}

func agencyList(tx storage.Tx, a Agency, id productlist.ListID) (productlist.List, error) {
	l, err := tx.Lists().Get(id)
	if isNotFound(err) || (err == nil && l.CheckOwner(a.ID) != nil) {
		return productlist.List{}, notFound("list", id)
	}
	return l, err
}

// List returns one of the agency's product lists (P2).
func (s *Service) List(ctx context.Context, a Agency, id productlist.ListID) (productlist.List, error) {
	if err := a.check(); err != nil {
		return productlist.List{}, err
	}
	var out productlist.List
	err := s.store.View(ctx, func(tx storage.Tx) error {
		var err error
		out, err = agencyList(tx, a, id)
		return err
	})
	return out, err
}

// Lists returns a page of the agency's lists whose name contains query,
// ignoring case, the query's surrounding spaces and how accents are typed,
// as productlist.SearchLists does ("" for all) (P2). A query that no list
// name could hold however it is spelled (more code points than 4×, or
// bytes than 16×, productlist.MaxNameLen) is a *FieldError for "query"
// wrapping ErrInvalid.
func (s *Service) Lists(ctx context.Context, a Agency, query string, p Page) ([]productlist.List, string, error) {
	if err := a.check(); err != nil {
		return nil, "", err
	}
	query = strings.TrimSpace(query)
	// A query longer than any list name can match nothing; refuse it
	// before it reaches the store.
	if err := checkSearchText("query", query, productlist.MaxNameLen); err != nil {
		return nil, "", err
	}
	var out []productlist.List
	var next string
	err := s.store.View(ctx, func(tx storage.Tx) error {
		var err error
		out, next, err = tx.Lists().List(storage.ListQuery{Agency: a.ID, Name: query}, p)
		return err
	})
	return out, next, err
}

// changeList applies step to one of the agency's lists and stores it.
func (s *Service) changeList(ctx context.Context, a Agency, id productlist.ListID, step func(storage.Tx, productlist.List, time.Time) (productlist.List, error)) (productlist.List, error) {
	if err := a.check(); err != nil {
		return productlist.List{}, err
	}
	var out productlist.List
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		// The clock is read inside the transaction, on every attempt: a
		// rate change stamped "now" before it waited for the writer
		// (another host's transaction, a retry) could take effect before
		// an order ingested meanwhile at the old rate, and the history
		// would then say the order was owed the new one (P6).
		now := s.now()
		l, err := agencyList(tx, a, id)
		if err != nil {
			return err
		}
		if l, err = step(tx, l, now); err != nil {
			return err
		}
		out = l
		return tx.Lists().Update(l)
	})
	return out, err
}

// RenameList renames one of the agency's lists (P2).
func (s *Service) RenameList(ctx context.Context, a Agency, id productlist.ListID, name string) (productlist.List, error) {
	return s.changeList(ctx, a, id, func(_ storage.Tx, l productlist.List, now time.Time) (productlist.List, error) {
		return l.Rename(name, now)
	})
}

// AddToList adds one of the agency's approved products to a list at a
// creator rate, 0 <= rate <= the product's total (P2). A list holds at most
// productlist.MaxProducts products (ErrLimit).
func (s *Service) AddToList(ctx context.Context, a Agency, id productlist.ListID, product registration.ID, rate commission.Rate) (productlist.List, error) {
	return s.changeList(ctx, a, id, func(tx storage.Tx, l productlist.List, now time.Time) (productlist.List, error) {
		p, err := agencyProduct(tx, a, product, now)
		if err != nil {
			return l, err
		}
		return l.Add(p, rate, now)
	})
}

// RemoveFromList removes a product from a list (P2).
func (s *Service) RemoveFromList(ctx context.Context, a Agency, id productlist.ListID, product registration.ID) (productlist.List, error) {
	return s.changeList(ctx, a, id, func(_ storage.Tx, l productlist.List, now time.Time) (productlist.List, error) {
		return l.Remove(product, now)
	})
}

// SetCreatorRate changes a list entry's creator rate from effective on
// (P6): orders placed from then on through the entry pay the new rate,
// whether their creator accepted the list before the change or after it;
// earlier versions keep paying orders placed before it. The new version
// goes into the showcase of every creator following the list whose latest
// terms for the product came through this entry, in the same transaction
// (productlist.Showcase.FollowRateChange); a creator who has since
// accepted the product through another link keeps those terms. The change
// is announced in the outbox ("list.rate_changed"), and each follower
// whose rate it lowers is told in a message of its own
// ("showcase.rate_lowered", RateLowered: P5): an effective time in the
// future gives creators notice before the lower rate pays.
//
// effective is when the new rate takes effect; the zero time means now, by
// the Service's clock. A change never reaches back to orders already
// placed: an effective time before now, or before the entry's newest
// version, is refused with a *FieldError for "effective" wrapping
// ErrInvalid (pass the zero time, not time.Now(), for "now": the Service
// reads its clock inside the call's transaction, so a change that waited
// for the writer is not dated before an order ingested meanwhile), and so
// is one after the end of year 9999 (UTC). An entry with
// productlist.MaxRateVersions versions takes no more: a *FieldError for
// "rates" wrapping ErrLimit.
//
// "Already placed" is by the Service's clock: a line is attributed when
// its first event arrives, by the terms in force then at its placing
// time. An order placed after that clock (a platform clock running ahead
// of the host's), or ingested on another host while the change commits
// on PostgreSQL, can be paid at the rate a change made just after would
// have replaced. Keep the hosts' clocks in step with the platform's, or
// give a change an effective time ahead of now.
//
// It writes one showcase per follower of the list: on a list followed by
// very many creators, a rate change is a large transaction.
func (s *Service) SetCreatorRate(ctx context.Context, a Agency, id productlist.ListID, product registration.ID, rate commission.Rate, effective time.Time) (productlist.List, error) {
	return s.changeList(ctx, a, id, func(tx storage.Tx, l productlist.List, now time.Time) (productlist.List, error) {
		at := effective
		if at.IsZero() {
			at = now
		}
		l, v, err := l.SetCreatorRate(product, rate, at, now)
		if err != nil {
			return l, err
		}
		e, _ := l.Entry(product)
		for _, c := range l.Followers {
			sc, err := tx.Showcases().Get(c)
			if err != nil {
				return l, err
			}
			// The terms that would pay the creator at v.Effective without
			// this change.
			before, err := sc.RateAt(e.Product.Shop, e.Product.ID, v.Effective)
			lowered := err == nil && v.Rate < before.Rate
			sc, n := sc.FollowRateChange(l.ID, e, v)
			if n == 0 {
				continue
			}
			if err := tx.Showcases().Put(sc); err != nil {
				return l, err
			}
			if lowered {
				// P5: a creator is told when its rate goes down.
				if err := emit(tx, "showcase.rate_lowered", string(c), now, RateLowered{
					Creator: c, List: l.ID, Agency: l.Agency, Shop: e.Product.Shop, Product: e.Product.ID,
					Rate: v.Rate, Previous: before.Rate, Effective: v.Effective.UTC(),
				}); err != nil {
					return l, err
				}
			}
		}
		return l, emit(tx, "list.rate_changed", string(l.ID), now, ListRateChanged{
			List: l.ID, Agency: l.Agency, Registration: product, Product: e.Product.ID,
			Version: v.Version, Rate: v.Rate, Effective: v.Effective.UTC(),
		})
	})
}

// DuplicateList copies one of the agency's lists under a new name (P2); the
// copy obeys the same limits.
func (s *Service) DuplicateList(ctx context.Context, a Agency, id productlist.ListID, name string) (productlist.List, error) {
	if err := a.check(); err != nil {
		return productlist.List{}, err
	}
	now := s.now()
	newID := productlist.ListID(s.newID("list"))
	var out productlist.List
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		l, err := agencyList(tx, a, id)
		if err != nil {
			return err
		}
		n, err := tx.Lists().Count(a.ID)
		if err != nil {
			return err
		}
		if out, err = l.Duplicate(newID, name, n, now); err != nil {
			return err
		}
		return tx.Lists().Create(out)
	})
	return out, err
}

// DeleteList deletes one of the agency's lists (P2).
func (s *Service) DeleteList(ctx context.Context, a Agency, id productlist.ListID) error {
	if err := a.check(); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx storage.Tx) error {
		if _, err := agencyList(tx, a, id); err != nil {
			return err
		}
		return tx.Lists().Delete(id)
	})
}

// ExportLinks returns a CSV of product links, one row per product of the
// list creators can see now, each with its creator rate only (P3).
func (s *Service) ExportLinks(ctx context.Context, a Agency, id productlist.ListID) ([]byte, error) {
	if err := a.check(); err != nil {
		return nil, err
	}
	now := s.now()
	var rows []productlist.LinkRow
	err := s.store.View(ctx, func(tx storage.Tx) error {
		l, err := agencyList(tx, a, id)
		if err != nil {
			return err
		}
		cat, err := catalog(tx, entryIDs(l), now)
		if err != nil {
			return err
		}
		rows, err = productlist.ExportLinks(s.opts.Keys, l, cat, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	return productlist.MarshalCSV(rows)
}

// ShareList returns the share link of one of the agency's lists (P3),
// signed with the agency's active key from Options.Keys.
func (s *Service) ShareList(ctx context.Context, a Agency, id productlist.ListID) (productlist.Link, error) {
	l, err := s.List(ctx, a, id)
	if err != nil {
		return "", err
	}
	return productlist.ShareList(s.opts.Keys, l)
}

// ShareProduct returns a product link for one of the agency's approved
// products at a creator rate, 0 <= rate <= its total (P3).
func (s *Service) ShareProduct(ctx context.Context, a Agency, id registration.ID, rate commission.Rate) (productlist.Link, error) {
	if err := a.check(); err != nil {
		return "", err
	}
	now := s.now()
	var p productlist.Product
	err := s.store.View(ctx, func(tx storage.Tx) error {
		var err error
		p, err = agencyProduct(tx, a, id, now)
		return err
	})
	if err != nil {
		return "", err
	}
	return productlist.ShareProduct(s.opts.Keys, p, rate)
}
