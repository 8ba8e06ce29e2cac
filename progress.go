package partnerkit

import (
	"context"
	"errors"
	"slices"
	"unicode/utf8"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/internal/text"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
)

// Collaboration names one creator's collaboration on one product of a
// campaign (A3). A creator may leave Creator empty to mean itself; an
// agency names all three.
type Collaboration struct {
	Campaign campaign.ID
	Product  registration.ProductID
	Creator  productlist.CreatorID
}

// changeProgress loads the collaboration's progress, applies step, stores
// it and adds any content change to the product's metrics (A2, A3), in one
// transaction. allowed says whether the actor may touch it.
func (s *Service) changeProgress(ctx context.Context, k Collaboration, allowed func(storage.Tx) error,
	step func(attribution.Progress) (attribution.Progress, attribution.ContentCounts, error)) (attribution.Progress, error) {
	var out attribution.Progress
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		if err := allowed(tx); err != nil {
			return err
		}
		p, err := tx.Progress().Get(k.Campaign, k.Product, k.Creator)
		if err != nil {
			return err
		}
		p.Campaign, p.Product, p.Creator = k.Campaign, k.Product, k.Creator
		p, delta, err := step(p)
		if err != nil {
			return err
		}
		if err := tx.Progress().Put(p); err != nil {
			return err
		}
		out = p
		if delta == (attribution.ContentCounts{}) {
			return nil
		}
		key := attribution.ProductKey{Campaign: k.Campaign, Product: k.Product}
		pm, err := tx.Metrics().Product(key)
		if isNotFound(err) {
			// No order yet: start the product's metrics from its
			// registration, approved or waiting on a cancellation (R4: in
			// force until the agency approves it).
			rs, _, lerr := tx.Registrations().List(storage.RegistrationQuery{
				Campaign: k.Campaign, Filter: registration.Filter{Product: k.Product},
			}, Page{Limit: storage.MaxLimit})
			if lerr != nil {
				return lerr
			}
			i := slices.IndexFunc(rs, func(r registration.Registration) bool {
				return r.State == registration.Approved || r.State == registration.PendingClose
			})
			if i < 0 {
				return notFound("product", k.Product)
			}
			r := rs[i]
			pm, err = attribution.ProductMetrics{Campaign: k.Campaign, Agency: r.Agency, Shop: r.Shop, Product: k.Product, TotalRate: r.Rate}, nil
		}
		if err != nil {
			return err
		}
		pm.Content = pm.Content.Add(delta)
		return tx.Metrics().PutProduct(pm)
	})
	return out, err
}

// ownCollaboration returns k with c as its creator. k.Creator may be
// empty or c's id; another creator's collaboration is another party's
// record, so it is ErrNotFound, the very error of a product not in c's
// showcase (see Service, Authorisation): it is refused before anything is
// read and tells nothing of the other creator, not even its id.
func ownCollaboration(c Creator, k Collaboration) (Collaboration, error) {
	if k.Creator != "" && k.Creator != c.ID {
		return k, notFound("collaboration", k.Campaign+"/"+campaign.ID(k.Product))
	}
	k.Creator = c.ID
	return k, nil
}

// creatorCollaborates checks that the product is in the creator's showcase
// through the campaign; otherwise the collaboration is ErrNotFound.
func creatorCollaborates(c Creator, k Collaboration) func(storage.Tx) error {
	return func(tx storage.Tx) error {
		sc, err := tx.Showcases().Get(c.ID)
		if err != nil {
			return err
		}
		for _, e := range sc.Entries {
			if e.Product != k.Product {
				continue
			}
			for _, t := range e.Terms {
				if t.Campaign == k.Campaign {
					return nil
				}
			}
		}
		return notFound("collaboration", k.Campaign+"/"+campaign.ID(k.Product))
	}
}

// checkAgencyCollaboration refuses a collaboration an agency names
// without its product or creator: unlike a creator, an agency has no id
// to stand for an empty one.
func checkAgencyCollaboration(k Collaboration) error {
	var errs []error
	switch p := string(k.Product); {
	case p == "":
		errs = append(errs, errdef.Field("product", p, ErrInvalid, "partnerkit: an agency names the collaboration's product"))
	case len(p) > registration.MaxProductIDLen || !utf8.ValidString(p) || text.HasControl(p, ""):
		errs = append(errs, errdef.Field("product", p, ErrInvalid, "partnerkit: no product has such an id"))
	}
	if k.Creator == "" {
		errs = append(errs, errdef.Field("creator", k.Creator, ErrInvalid, "partnerkit: an agency names the collaboration's creator"))
	} else if err := checkActor("creator", string(k.Creator)); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// agencyCollaboration checks that the campaign is the agency's.
func (s *Service) agencyCollaboration(a Agency, k Collaboration) func(storage.Tx) error {
	return func(tx storage.Tx) error {
		_, _, err := agencyCampaign(tx, a, k.Campaign, s.now())
		return err
	}
}

// RequestSample is a creator asking for qty samples of a product in its
// showcase (A3).
//
// RequestSample returns an error if:
//   - k.Creator names another creator than c (empty means c), or the
//     product is not in c's showcase through k.Campaign (ErrNotFound);
//   - sample is empty, longer than attribution.MaxProgressIDLen bytes, not
//     UTF-8 or holds a control character, or qty is not 1 to
//     attribution.MaxSampleQuantity (a *FieldError wrapping ErrInvalid);
//   - the collaboration has a request with that id (ErrConflict);
//   - the collaboration already has attribution.MaxSamples requests (a
//     *FieldError wrapping ErrLimit).
func (s *Service) RequestSample(ctx context.Context, c Creator, k Collaboration, sample attribution.SampleID, qty int) (attribution.Progress, error) {
	if err := c.check(); err != nil {
		return attribution.Progress{}, err
	}
	k, err := ownCollaboration(c, k)
	if err != nil {
		return attribution.Progress{}, err
	}
	return s.changeProgress(ctx, k, creatorCollaborates(c, k), func(p attribution.Progress) (attribution.Progress, attribution.ContentCounts, error) {
		p, err := p.RequestSample(sample, qty)
		return p, attribution.ContentCounts{}, err
	})
}

// SetSampleQuantity changes a sample request's quantity (A3): once
// approved it may be raised, never lowered.
//
// SetSampleQuantity returns an error if:
//   - k.Product or k.Creator is empty or malformed (a *FieldError for
//     "product" or "creator" wrapping ErrInvalid);
//   - the campaign is not a's or the request does not exist (ErrNotFound);
//   - qty is not 1 to attribution.MaxSampleQuantity, the request was
//     rejected, or qty lowers an approved request (a *FieldError wrapping
//     ErrInvalid).
func (s *Service) SetSampleQuantity(ctx context.Context, a Agency, k Collaboration, sample attribution.SampleID, qty int) (attribution.Progress, error) {
	if err := a.check(); err != nil {
		return attribution.Progress{}, err
	}
	if err := checkAgencyCollaboration(k); err != nil {
		return attribution.Progress{}, err
	}
	return s.changeProgress(ctx, k, s.agencyCollaboration(a, k), func(p attribution.Progress) (attribution.Progress, attribution.ContentCounts, error) {
		p, err := p.SetSampleQuantity(sample, qty)
		return p, attribution.ContentCounts{}, err
	})
}

// SetSampleStatus records a sample request's decision or logistics status
// (A3): requested -> approved | rejected, approved -> shipped -> delivered.
// Setting the current status again is a no-op.
//
// SetSampleStatus returns an error if:
//   - k.Product or k.Creator is empty or malformed (a *FieldError for
//     "product" or "creator" wrapping ErrInvalid);
//   - the campaign is not a's or the request does not exist (ErrNotFound);
//   - the move is not one of those above (a *FieldError wrapping
//     ErrInvalid).
func (s *Service) SetSampleStatus(ctx context.Context, a Agency, k Collaboration, sample attribution.SampleID, status attribution.SampleStatus) (attribution.Progress, error) {
	if err := a.check(); err != nil {
		return attribution.Progress{}, err
	}
	if err := checkAgencyCollaboration(k); err != nil {
		return attribution.Progress{}, err
	}
	return s.changeProgress(ctx, k, s.agencyCollaboration(a, k), func(p attribution.Progress) (attribution.Progress, attribution.ContentCounts, error) {
		p, err := p.SetSampleStatus(sample, status)
		return p, attribution.ContentCounts{}, err
	})
}

// RecordContent records a video or LIVE the creator made for a product in
// its showcase (A3); it counts as made with a sample when one was
// delivered, and moves the product's content counts (A2). Recording the
// same content and kind again is a no-op.
//
// RecordContent returns an error if:
//   - k.Creator names another creator than c (empty means c), or the
//     product is not in c's showcase through k.Campaign (ErrNotFound);
//   - content is empty, longer than attribution.MaxProgressIDLen bytes,
//     not UTF-8 or holds a control character, or kind is not a content
//     kind (a *FieldError wrapping ErrInvalid);
//   - content was recorded with another kind (ErrConflict);
//   - the collaboration already has attribution.MaxContent pieces of
//     content (a *FieldError wrapping ErrLimit).
func (s *Service) RecordContent(ctx context.Context, c Creator, k Collaboration, content attribution.ContentID, kind attribution.ContentKind) (attribution.Progress, error) {
	if err := c.check(); err != nil {
		return attribution.Progress{}, err
	}
	k, err := ownCollaboration(c, k)
	if err != nil {
		return attribution.Progress{}, err
	}
	return s.changeProgress(ctx, k, creatorCollaborates(c, k), func(p attribution.Progress) (attribution.Progress, attribution.ContentCounts, error) {
		return p.AddContent(content, kind)
	})
}

// CollaborationProgress returns a page of the progress of every creator
// on one of the agency's campaigns (A3), by product then creator.
func (s *Service) CollaborationProgress(ctx context.Context, a Agency, id campaign.ID, p Page) ([]attribution.Progress, string, error) {
	if err := a.check(); err != nil {
		return nil, "", err
	}
	now := s.now()
	var out []attribution.Progress
	var next string
	err := s.store.View(ctx, func(tx storage.Tx) error {
		if _, _, err := agencyCampaign(tx, a, id, now); err != nil {
			return err
		}
		var err error
		out, next, err = tx.Progress().List(id, p)
		return err
	})
	return out, next, err
}
