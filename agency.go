package partnerkit

import (
	"context"
	"log/slog"
	"reflect"
	"time"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/storage"
)

// Onboarding returns the agency's onboarding progress (C1); an agency that
// has not started has a new, empty one.
func (s *Service) Onboarding(ctx context.Context, a Agency) (campaign.Onboarding, error) {
	if err := a.check(); err != nil {
		return campaign.Onboarding{}, err
	}
	now := s.now()
	var o campaign.Onboarding
	err := s.store.View(ctx, func(tx storage.Tx) error {
		var err error
		o, err = loadOnboarding(tx, a.ID, now)
		return err
	})
	return o, err
}

func loadOnboarding(tx storage.Tx, id campaign.AgencyID, now time.Time) (campaign.Onboarding, error) {
	o, err := tx.Agencies().Get(id)
	if isNotFound(err) {
		return campaign.NewOnboarding(id, now), nil
	}
	return o, err
}

// onboard applies one onboarding step to agency id and emits
// "agency.onboarded" when it completes onboarding.
func (s *Service) onboard(ctx context.Context, id campaign.AgencyID, step func(campaign.Onboarding, time.Time) (campaign.Onboarding, error)) (campaign.Onboarding, error) {
	now := s.now()
	var out campaign.Onboarding
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		o, err := loadOnboarding(tx, id, now)
		if err != nil {
			return err
		}
		wasDone := o.Complete() == nil
		if o, err = step(o, now); err != nil {
			return err
		}
		if err := tx.Agencies().Put(o); err != nil {
			return err
		}
		if !wasDone && o.Complete() == nil {
			if err := emit(tx, "agency.onboarded", string(id), now, AgencyOnboarded{Agency: id}); err != nil {
				return err
			}
		}
		out = o
		return nil
	})
	return out, err
}

// ChooseCategory records the agency's partner-account category (C1). Only
// campaign.ContentManagement is taken; any other category is refused (a
// *FieldError "category" wrapping ErrInvalid) and nothing is recorded, as
// partner campaigns need that category.
func (s *Service) ChooseCategory(ctx context.Context, a Agency, c campaign.AccountCategory) (campaign.Onboarding, error) {
	if err := a.check(); err != nil {
		return campaign.Onboarding{}, err
	}
	return s.onboard(ctx, a.ID, func(o campaign.Onboarding, now time.Time) (campaign.Onboarding, error) {
		return o.ChooseCategory(c, now)
	})
}

// AddMatchUpCategory adds the "Affiliate partner > Seller and Scalable
// Creator Match-Up" category (C1).
func (s *Service) AddMatchUpCategory(ctx context.Context, a Agency) (campaign.Onboarding, error) {
	if err := a.check(); err != nil {
		return campaign.Onboarding{}, err
	}
	return s.onboard(ctx, a.ID, campaign.Onboarding.AddMatchUp)
}

// SubmitTaxInfo records that the agency submitted its US W-9 (C1).
func (s *Service) SubmitTaxInfo(ctx context.Context, a Agency) (campaign.Onboarding, error) {
	if err := a.check(); err != nil {
		return campaign.Onboarding{}, err
	}
	return s.onboard(ctx, a.ID, campaign.Onboarding.SubmitTax)
}

// ReviewTaxInfo is the platform's decision on an agency's W-9 (C1): the
// host approves or rejects it.
func (s *Service) ReviewTaxInfo(ctx context.Context, _ Host, agency campaign.AgencyID, approve bool) (campaign.Onboarding, error) {
	if err := (Agency{ID: agency}).check(); err != nil {
		return campaign.Onboarding{}, err
	}
	step := campaign.Onboarding.RejectTax
	if approve {
		step = campaign.Onboarding.ApproveTax
	}
	return s.onboard(ctx, agency, step)
}

// LinkBankAccount links the agency's bank account, the last step of
// onboarding (C1); it is refused before the tax info is approved.
func (s *Service) LinkBankAccount(ctx context.Context, a Agency) (campaign.Onboarding, error) {
	if err := a.check(); err != nil {
		return campaign.Onboarding{}, err
	}
	return s.onboard(ctx, a.ID, campaign.Onboarding.LinkBank)
}

// ValidateCampaign checks campaign details without storing anything (C2,
// C3) and returns every problem joined.
func (s *Service) ValidateCampaign(_ context.Context, a Agency, d campaign.Details) error {
	if err := a.check(); err != nil {
		return err
	}
	return campaign.Validate(d, s.policy)
}

// CreateCampaign creates a draft campaign (C2–C4). It returns an error
// wrapping campaign.ErrOnboarding, naming the missing step, until the
// agency's onboarding is complete (C1), and every validation problem of d
// joined.
func (s *Service) CreateCampaign(ctx context.Context, a Agency, d campaign.Details) (campaign.Campaign, error) {
	if err := a.check(); err != nil {
		return campaign.Campaign{}, err
	}
	now := s.now()
	id := campaign.ID(s.newID("campaign"))
	var out campaign.Campaign
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		o, err := loadOnboarding(tx, a.ID, now)
		if err != nil {
			return err
		}
		c, err := campaign.New(id, a.ID, o, d, s.policy, now)
		if err != nil {
			return err
		}
		if err := tx.Campaigns().Create(c); err != nil {
			return err
		}
		out = c
		return emit(tx, "campaign.created", string(c.ID), now, CampaignChanged{Campaign: c.ID, Agency: a.ID, Status: c.Status})
	})
	return out, err
}

// agencyCampaign loads a campaign of agency a, with any due pending edit
// applied (not stored: see applyDueEdit). Another agency's campaign is
// ErrNotFound.
func agencyCampaign(tx storage.Tx, a Agency, id campaign.ID, now time.Time) (campaign.Campaign, bool, error) {
	c, err := ownCampaign(tx, a, id)
	if err != nil {
		return campaign.Campaign{}, false, err
	}
	c, applied := c.ApplyPending(now)
	return c, applied, nil
}

// ownCampaign loads a campaign of agency a as stored. Another agency's
// campaign is ErrNotFound.
func ownCampaign(tx storage.Tx, a Agency, id campaign.ID) (campaign.Campaign, error) {
	c, err := tx.Campaigns().Get(id)
	if err != nil {
		if isNotFound(err) {
			return campaign.Campaign{}, notFound("campaign", id)
		}
		return campaign.Campaign{}, err
	}
	if !c.VisibleToAgency(a.ID) {
		return campaign.Campaign{}, notFound("campaign", id)
	}
	return c, nil
}

// applyDueEdit stores c with its pending edit applied if the edit is due
// at now (C5), and announces it in the same transaction as
// "campaign.edit_applied", dated when it applied. It returns c as in
// force at now; a campaign with no due edit is returned as it is, with no
// write.
func applyDueEdit(tx storage.Tx, c campaign.Campaign, now time.Time) (campaign.Campaign, error) {
	pending := c.Pending
	c, applied := c.ApplyPending(now)
	if !applied {
		return c, nil
	}
	if err := tx.Campaigns().Update(c); err != nil {
		return c, err
	}
	return c, emit(tx, "campaign.edit_applied", string(c.ID), pending.AppliesAt, CampaignChanged{Campaign: c.ID, Agency: c.Agency, Status: c.Status})
}

// ApplyDueEdits stores and announces ("campaign.edit_applied", dated when
// the edit applied) the pending campaign edits that are due (C5), one page
// of the campaigns with an edit due at a time, and returns the cursor of
// the next page ("" after the last). Reading or changing a campaign does
// it too when it finds the edit due; a host that wants every edit
// announced on time, whether anyone looks or not, calls ApplyDueEdits
// periodically, as it calls SettleDue. It reads only the campaigns the
// store lists as having an edit due (storage.CampaignQuery.EditDueBy), so
// a sweep costs the same however many campaigns the store holds.
func (s *Service) ApplyDueEdits(ctx context.Context, _ Host, p Page) (string, error) {
	now := s.now()
	var next string
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		cs, n, err := tx.Campaigns().List(storage.CampaignQuery{EditDueBy: now}, p)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if c.Pending == nil {
				// Stored before the store indexed pending edits, and
				// listed as due until put back: putting it back
				// indexes it, with no edit, and changes nothing else.
				if err := tx.Campaigns().Update(c); err != nil {
					return err
				}
				continue
			}
			if _, err := applyDueEdit(tx, c, now); err != nil {
				return err
			}
		}
		next = n
		return nil
	})
	return next, err
}

// hasDueEdit reports whether c has a pending edit due at now.
func hasDueEdit(c campaign.Campaign, now time.Time) bool {
	return c.Pending != nil && !now.Before(c.Pending.AppliesAt)
}

// storeDueEdits applies and announces the due pending edits of the
// campaigns ids at now (the read's clock), in one Update (applyDueEdit).
// A read that found one due calls it after its View, so an edit is stored
// and announced when it is first seen in force, even if the agency never
// acts on the campaign again. It is the read's side effect, not its
// answer: a failure is logged, and the edit is stored by the next read,
// change or ApplyDueEdits sweep.
func (s *Service) storeDueEdits(ctx context.Context, ids []campaign.ID, now time.Time) {
	if len(ids) == 0 {
		return
	}
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		for _, id := range ids {
			c, err := tx.Campaigns().Get(id)
			if err != nil {
				return err
			}
			if _, err := applyDueEdit(tx, c, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		s.log.LogAttrs(ctx, slog.LevelWarn, "partnerkit: storing due campaign edits", slog.Int("campaigns", len(ids)), slog.Any("err", err))
	}
}

// changeCampaign runs one lifecycle step on an agency's campaign, stores
// it, and emits kind (and "campaign.edit_applied" if a pending edit became
// due).
func (s *Service) changeCampaign(ctx context.Context, a Agency, id campaign.ID, kind string, step func(campaign.Campaign, time.Time) (campaign.Campaign, error)) (campaign.Campaign, error) {
	if err := a.check(); err != nil {
		return campaign.Campaign{}, err
	}
	var out campaign.Campaign
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		now := s.now() // inside the transaction: see changeList
		c, err := ownCampaign(tx, a, id)
		if err != nil {
			return err
		}
		if c, err = applyDueEdit(tx, c, now); err != nil {
			return err
		}
		next, err := step(c, now)
		if err != nil {
			return err
		}
		if out = next; reflect.DeepEqual(next, c) {
			return nil // nothing changed (an edit to the values in force): nothing to store or announce
		}
		if err := tx.Campaigns().Update(next); err != nil {
			return err
		}
		return emit(tx, kind, string(id), now, CampaignChanged{Campaign: id, Agency: a.ID, Status: next.Status})
	})
	return out, err
}

// SubmitCampaign submits a draft (C4).
func (s *Service) SubmitCampaign(ctx context.Context, a Agency, id campaign.ID) (campaign.Campaign, error) {
	return s.changeCampaign(ctx, a, id, "campaign.submitted", campaign.Campaign.Submit)
}

// PublishCampaign publishes a submitted or unpublished campaign (C4).
func (s *Service) PublishCampaign(ctx context.Context, a Agency, id campaign.ID) (campaign.Campaign, error) {
	return s.changeCampaign(ctx, a, id, "campaign.published", campaign.Campaign.Publish)
}

// UnpublishCampaign hides a published campaign from sellers (C4).
func (s *Service) UnpublishCampaign(ctx context.Context, a Agency, id campaign.ID) (campaign.Campaign, error) {
	return s.changeCampaign(ctx, a, id, "campaign.unpublished", campaign.Campaign.Unpublish)
}

// EditCampaign changes a campaign's details (C5). A draft changes at once;
// a published campaign's change applies campaign.EditDelay later, reads
// show the old values until then, and a further edit in that window is
// refused with a *campaign.EditLockedError (ErrEditLocked) saying when
// editing reopens. An edit to the values in force changes nothing and is
// neither stored nor announced. A published campaign cannot be edited
// once it has ended (campaign.ErrEnded), nor when it would end before the
// edit applies (ErrForbidden), so collaborations closed at its end (R2)
// stay closed.
func (s *Service) EditCampaign(ctx context.Context, a Agency, id campaign.ID, patch campaign.Patch) (campaign.Campaign, error) {
	return s.changeCampaign(ctx, a, id, "campaign.edited", func(c campaign.Campaign, now time.Time) (campaign.Campaign, error) {
		return c.Edit(patch, s.policy, now)
	})
}

// Campaign returns one of the agency's campaigns as in force now: a due
// pending edit is shown applied, one not yet due is not. The first read
// that finds an edit due also stores it and announces it
// ("campaign.edit_applied"; see ApplyDueEdits).
func (s *Service) Campaign(ctx context.Context, a Agency, id campaign.ID) (campaign.Campaign, error) {
	if err := a.check(); err != nil {
		return campaign.Campaign{}, err
	}
	now := s.now()
	var out campaign.Campaign
	due := false
	err := s.store.View(ctx, func(tx storage.Tx) error {
		c, err := ownCampaign(tx, a, id)
		due = hasDueEdit(c, now)
		out, _ = c.ApplyPending(now)
		return err
	})
	if err == nil && due {
		s.storeDueEdits(ctx, []campaign.ID{id}, now)
	}
	return out, err
}

// Campaigns returns a page of the agency's own campaigns, by id (A4).
func (s *Service) Campaigns(ctx context.Context, a Agency, p Page) ([]campaign.Campaign, string, error) {
	if err := a.check(); err != nil {
		return nil, "", err
	}
	now := s.now()
	var out []campaign.Campaign
	var next string
	var due []campaign.ID
	err := s.store.View(ctx, func(tx storage.Tx) error {
		cs, n, err := tx.Campaigns().List(storage.CampaignQuery{Agency: a.ID}, p)
		for i := range cs {
			if hasDueEdit(cs[i], now) {
				due = append(due, cs[i].ID)
			}
			cs[i], _ = cs[i].ApplyPending(now)
		}
		out, next = cs, n
		return err
	})
	if err == nil {
		s.storeDueEdits(ctx, due, now)
	}
	return out, next, err
}
