package campaign_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
)

// C4: draft -> submitted -> published <-> unpublished; every other move is
// a *TransitionError naming from and to.
func TestLifecycle(t *testing.T) {
	type move struct {
		name string
		to   campaign.Status
		do   func(campaign.Campaign) (campaign.Campaign, error)
	}
	moves := []move{
		{"Submit", campaign.Submitted, func(c campaign.Campaign) (campaign.Campaign, error) { return c.Submit(t0) }},
		{"Publish", campaign.Published, func(c campaign.Campaign) (campaign.Campaign, error) { return c.Publish(t0) }},
		{"Unpublish", campaign.Unpublished, func(c campaign.Campaign) (campaign.Campaign, error) { return c.Unpublish(t0) }},
	}
	allowed := map[campaign.Status][]campaign.Status{
		campaign.Draft:       {campaign.Submitted},
		campaign.Submitted:   {campaign.Published},
		campaign.Published:   {campaign.Unpublished},
		campaign.Unpublished: {campaign.Published},
	}
	base := draft(t, validDetails(t))
	for from, tos := range allowed {
		for _, m := range moves {
			c := base
			c.Status = from
			got, err := m.do(c)
			ok := false
			for _, to := range tos {
				ok = ok || to == m.to
			}
			if ok {
				if err != nil || got.Status != m.to {
					t.Errorf("%s from %v = %v, %v; want %v", m.name, from, got.Status, err, m.to)
				}
				continue
			}
			var te *campaign.TransitionError
			if !errors.As(err, &te) || !errors.Is(err, campaign.ErrTransition) || !errors.Is(err, campaign.ErrForbidden) {
				t.Fatalf("%s from %v = %v, want a *TransitionError matching ErrTransition and ErrForbidden", m.name, from, err)
			}
			if diff := cmp.Diff(campaign.TransitionError{From: from, To: m.to}, *te); diff != "" {
				t.Errorf("%s from %v (-want +got):\n%s", m.name, from, diff)
			}
		}
	}
}

// C4: PublishedAt records the first publication only.
func TestPublishedAt(t *testing.T) {
	c := published(t, validDetails(t))
	later := t0.Add(time.Hour)
	c, _ = c.Unpublish(later)
	c, _ = c.Publish(later)
	if !c.PublishedAt.Equal(t0) {
		t.Errorf("PublishedAt = %v, want %v", c.PublishedAt, t0)
	}
}

// C4: the phase is derived from the clock, starts inclusive, ends exclusive.
func TestPhase(t *testing.T) {
	d := validDetails(t)
	c := published(t, d)
	// Registration and campaign start on the same date, not always at
	// the same time. Between a registration that has ended and a campaign
	// that has not started, the campaign is not Ongoing (orders then are
	// not attributed): it is Upcoming.
	g := validDetails(t)
	day := g.Period.Start
	g.Registration = campaign.Period{Start: day, End: day.Add(time.Hour)}
	g.Period.Start = day.Add(20 * time.Hour)
	gap := published(t, g)
	tests := []struct {
		c    campaign.Campaign
		at   time.Time
		want campaign.Phase
	}{
		{c, d.Registration.Start.Add(-time.Nanosecond), campaign.Upcoming},
		{c, d.Registration.Start, campaign.RegistrationOpen},
		{c, d.Registration.End.Add(-time.Nanosecond), campaign.RegistrationOpen},
		{c, d.Registration.End, campaign.Ongoing},
		{c, d.Period.End.Add(-time.Nanosecond), campaign.Ongoing},
		{c, d.Period.End, campaign.Ended},
		{gap, g.Registration.Start, campaign.RegistrationOpen},
		{gap, g.Registration.End, campaign.Upcoming},
		{gap, g.Period.Start.Add(-time.Nanosecond), campaign.Upcoming},
		{gap, g.Period.Start, campaign.Ongoing},
		{gap, g.Period.End, campaign.Ended},
	}
	for _, tt := range tests {
		if got := tt.c.Phase(tt.at); got != tt.want {
			t.Errorf("registration ending %v: Phase(%v) = %v, want %v", tt.c.Details.Registration.End, tt.at, got, tt.want)
		}
	}
}

// C4: sellers see only published campaigns they are eligible for, and
// filter them by market, phase, minimum rate, seller mode and text.
func TestFilterMatch(t *testing.T) {
	d := validDetails(t)
	open := published(t, d)
	sel := d
	sel.Sellers = campaign.Sellers{Mode: campaign.Select, ShopCodes: []campaign.ShopCode{"USLISTED01"}}
	selC := published(t, sel)
	unpub, _ := open.Unpublish(t0)
	submitted, _ := draft(t, d).Submit(t0)
	during := d.Registration.Start
	rate := func(r commission.Rate) *commission.Rate { return &r }

	tests := []struct {
		name string
		c    campaign.Campaign
		shop campaign.ShopCode
		f    campaign.Filter
		want bool
	}{
		{"open, published", open, "USANYONE01", campaign.Filter{}, true},
		{"unpublished hidden", unpub, "USANYONE01", campaign.Filter{}, false},
		{"submitted hidden", submitted, "USANYONE01", campaign.Filter{}, false},
		{"select, listed", selC, "USLISTED01", campaign.Filter{}, true},
		{"select, not listed", selC, "USANYONE01", campaign.Filter{}, false},
		{"market match", open, "USANYONE01", campaign.Filter{Market: "US"}, true},
		{"market mismatch", open, "USANYONE01", campaign.Filter{Market: "GB"}, false},
		{"phase match", open, "USANYONE01", campaign.Filter{Phase: campaign.RegistrationOpen}, true},
		{"phase mismatch", open, "USANYONE01", campaign.Filter{Phase: campaign.Ended}, false},
		{"min rate at most, equal", open, "USANYONE01", campaign.Filter{MaxMinRate: rate(1000)}, true},
		{"min rate at most, below", open, "USANYONE01", campaign.Filter{MaxMinRate: rate(999)}, false},
		{"mode match", selC, "USLISTED01", campaign.Filter{Sellers: campaign.Select}, true},
		{"mode mismatch", open, "USANYONE01", campaign.Filter{Sellers: campaign.Select}, false},
		{"text in name, any case", open, "USANYONE01", campaign.Filter{Text: "GLOW"}, true},
		{"text in description", open, "USANYONE01", campaign.Filter{Text: "skincare"}, true},
		{"text absent", open, "USANYONE01", campaign.Filter{Text: "winter"}, false},
	}
	for _, tt := range tests {
		if got := tt.f.Match(tt.c, tt.shop, during); got != tt.want {
			t.Errorf("%s: Match = %v, want %v", tt.name, got, tt.want)
		}
	}
	if !open.VisibleToAgency(agency) || open.VisibleToAgency("agency-2") {
		t.Errorf("VisibleToAgency: want own only")
	}
}
