package campaign_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"pgregory.net/rapid"
)

// genDetails draws valid details in market m.
func genDetails(t *rapid.T, m campaign.Market, label string) campaign.Details {
	loc := m.Location
	day := rapid.IntRange(0, 1000).Draw(t, label+".day")
	regStart := time.Date(2026, 1, 1+day, rapid.IntRange(0, 23).Draw(t, label+".regHour"), 0, 0, 0, loc)
	runStart := time.Date(2026, 1, 1+day, rapid.IntRange(0, 23).Draw(t, label+".runHour"), 0, 0, 0, loc)
	runEnd := runStart.AddDate(0, 0, rapid.IntRange(1, campaign.MaxPeriodDays).Draw(t, label+".runDays"))
	maxMin := int(runEnd.Sub(regStart) / time.Minute)
	regEnd := regStart.Add(time.Duration(rapid.IntRange(1, maxMin).Draw(t, label+".regMinutes")) * time.Minute)

	sellers := campaign.Sellers{Mode: campaign.Open}
	if rapid.Bool().Draw(t, label+".select") {
		ns := rapid.SliceOfNDistinct(rapid.IntRange(0, 1_000_000), 1, campaign.MaxShopCodes, rapid.ID[int]).Draw(t, label+".shops")
		sellers.Mode = campaign.Select
		for _, n := range ns {
			sellers.ShopCodes = append(sellers.ShopCodes, campaign.ShopCode(fmt.Sprintf("%sS%07d", m.Code, n)))
		}
	}
	return campaign.Details{
		Market:       m.Code,
		Name:         rapid.StringMatching(`[A-Za-zé日][A-Za-z0-9 é日]{0,49}`).Draw(t, label+".name"),
		Description:  rapid.StringMatching(`[a-z ü]{0,60}`).Draw(t, label+".description"),
		Requirements: rapid.StringMatching(`[a-z ]{0,20}`).Draw(t, label+".requirements"),
		MinRate:      commission.Rate(rapid.IntRange(0, int(commission.MaxRate)).Draw(t, label+".minRate")),
		Contact: campaign.Contact{
			Channel: rapid.SampledFrom(m.Channels).Draw(t, label+".channel"),
			Handle:  rapid.StringMatching(`[a-z0-9@.+]{1,20}`).Draw(t, label+".handle"),
		},
		Registration: campaign.Period{Start: regStart.UTC(), End: regEnd.UTC()},
		Period:       campaign.Period{Start: runStart.UTC(), End: runEnd.UTC()},
		Sellers:      sellers,
	}
}

// C2, C5: a valid campaign round-trips through every edit path (a draft's
// immediate edit; a published campaign's pending edit, read through Current
// and folded by ApplyPending) unchanged except for the edited fields, and
// the original value is never modified.
func TestEditRoundTripProperty(t *testing.T) {
	table := campaign.Markets()
	onb := onboarded(t, agency)
	rapid.Check(t, func(t *rapid.T) {
		code := rapid.SampledFrom(table.Codes()).Draw(t, "market")
		m, _ := table.Lookup(code)
		p := campaign.Policy{Markets: table}
		d := genDetails(t, m, "d")
		if err := campaign.Validate(d, p); err != nil {
			t.Fatalf("generated details invalid: %v", err)
		}
		src := genDetails(t, m, "src")

		// The patch, and independently the expected details.
		var patch campaign.Patch
		want := d
		if rapid.Bool().Draw(t, "edit.name") {
			patch.Name, want.Name = ptr(src.Name), src.Name
		}
		if rapid.Bool().Draw(t, "edit.description") {
			patch.Description, want.Description = ptr(src.Description), src.Description
		}
		if rapid.Bool().Draw(t, "edit.requirements") {
			patch.Requirements, want.Requirements = ptr(src.Requirements), src.Requirements
		}
		if rapid.Bool().Draw(t, "edit.minRate") {
			patch.MinRate, want.MinRate = ptr(src.MinRate), src.MinRate
		}
		if rapid.Bool().Draw(t, "edit.contact") {
			patch.Contact, want.Contact = ptr(src.Contact), src.Contact
		}
		if rapid.Bool().Draw(t, "edit.periods") {
			patch.Registration, want.Registration = ptr(src.Registration), src.Registration
			patch.Period, want.Period = ptr(src.Period), src.Period
		}
		if rapid.Bool().Draw(t, "edit.sellers") {
			s := src.Sellers
			s.ShopCodes = append([]campaign.ShopCode(nil), s.ShopCodes...)
			patch.Sellers, want.Sellers = &s, src.Sellers
		}

		c, err := campaign.New("c1", agency, onb, d, p, t0)
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		if diff := cmp.Diff(d, c.Current(t0)); diff != "" {
			t.Fatalf("New then Current (-want +got):\n%s", diff)
		}
		snapshot := c.Current(t0)
		now := t0.Add(time.Hour)

		// Draft: immediate.
		got, err := c.Edit(patch, p, now)
		if err != nil {
			t.Fatalf("draft Edit: %v", err)
		}
		if diff := cmp.Diff(want, got.Current(now)); diff != "" {
			t.Fatalf("draft Edit: Current (-want +got):\n%s", diff)
		}
		if got.ID != c.ID || got.Agency != c.Agency || got.Status != c.Status || !got.CreatedAt.Equal(c.CreatedAt) || got.Pending != nil {
			t.Fatalf("draft Edit changed more than details: %+v", got)
		}

		// Published: pending for 30 minutes, then applied.
		pub, _ := c.Submit(t0)
		pub, _ = pub.Publish(t0)
		got, err = pub.Edit(patch, p, now)
		applies := now.Add(campaign.EditDelay)
		switch {
		case !now.Before(d.Period.End): // R2: ended, so no more edits
			if !errors.Is(err, campaign.ErrEnded) || !errors.Is(err, campaign.ErrForbidden) {
				t.Fatalf("published Edit after the end = %v, want ErrEnded", err)
			}
			return
		case !cmp.Equal(d, want) && (!applies.Before(d.Period.End) || !applies.Before(want.Period.End)):
			if !errors.Is(err, campaign.ErrForbidden) || errors.Is(err, campaign.ErrEnded) {
				t.Fatalf("published Edit applying at the end = %v, want ErrForbidden", err)
			}
			return
		case err != nil:
			t.Fatalf("published Edit: %v", err)
		}
		if diff := cmp.Diff(d, got.Current(now.Add(campaign.EditDelay-time.Nanosecond))); diff != "" {
			t.Fatalf("published Edit: Current before the delay (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(want, got.Current(now.Add(campaign.EditDelay))); diff != "" {
			t.Fatalf("published Edit: Current at the delay (-want +got):\n%s", diff)
		}
		folded, _ := got.ApplyPending(now.Add(campaign.EditDelay))
		if diff := cmp.Diff(want, folded.Details); diff != "" {
			t.Fatalf("ApplyPending: Details (-want +got):\n%s", diff)
		}
		if folded.ID != pub.ID || folded.Status != pub.Status || !folded.PublishedAt.Equal(pub.PublishedAt) || folded.Pending != nil {
			t.Fatalf("published Edit changed more than details: %+v", folded)
		}

		// The original is untouched.
		if diff := cmp.Diff(snapshot, c.Current(t0)); diff != "" {
			t.Fatalf("Edit modified its receiver (-before +after):\n%s", diff)
		}
	})
}
