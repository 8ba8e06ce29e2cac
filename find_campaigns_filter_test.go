package partnerkit_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/registration"
)

// C4, K1: a seller's filter with a phase or seller mode that is none of
// their constants, or a minimum rate outside 0%..100%, is no filter (it
// silently matched nothing, or everything); FindCampaigns refuses it with
// a *FieldError wrapping ErrInvalid per bad field, as ProductMetrics
// refuses a bad status.
func TestFindCampaignsRefusesOutOfRangeFilter(t *testing.T) {
	w := newWorld(t)
	over, under := commission.MaxRate+1, commission.Rate(-1)
	for _, tc := range []struct {
		name   string
		f      campaign.Filter
		fields []string
	}{
		{"phase 9", campaign.Filter{Phase: 9}, []string{"phase"}},
		{"sellers 7", campaign.Filter{Sellers: 7}, []string{"sellers"}},
		{"rate above 100%", campaign.Filter{MaxMinRate: &over}, []string{"max_min_rate"}},
		{"rate below 0%", campaign.Filter{MaxMinRate: &under}, []string{"max_min_rate"}},
		{"all three", campaign.Filter{Phase: campaign.Ended + 1, Sellers: campaign.Select + 1, MaxMinRate: &over}, []string{"max_min_rate", "phase", "sellers"}},
		// A text longer than any description matches nothing and would be
		// lower-cased again for every campaign scanned. A description of
		// 1000 characters holds at most 4000 code points, however spelled.
		{"text of 4001 code points", campaign.Filter{Text: strings.Repeat("é", 4*campaign.MaxDescriptionLen+1)}, []string{"text"}},
		{"text of 10 MB", campaign.Filter{Text: strings.Repeat("a", 10<<20)}, []string{"text"}},
	} {
		cs, _, err := w.svc.FindCampaigns(w.ctx, w.glow, tc.f, partnerkit.Page{})
		if !errors.Is(err, partnerkit.ErrInvalid) || cs != nil {
			t.Errorf("FindCampaigns(%s) = %d campaigns, %v; want ErrInvalid", tc.name, len(cs), err)
			continue
		}
		if diff := cmp.Diff(tc.fields, fieldsOf(err)); diff != "" {
			t.Errorf("FindCampaigns(%s) = %v; fields (-want +got):\n%s", tc.name, err, diff)
		}
	}
	full := commission.MaxRate
	longest := strings.Repeat("e\u0323\u0302", campaign.MaxDescriptionLen) // 1000 characters, 3000 code points
	for _, f := range []campaign.Filter{{}, {Phase: campaign.Ended}, {Sellers: campaign.Select}, {MaxMinRate: &full}, {Text: longest}} {
		if _, _, err := w.svc.FindCampaigns(w.ctx, w.glow, f, partnerkit.Page{}); err != nil {
			t.Errorf("FindCampaigns(%+v) = %v, want nil", f, err)
		}
	}
}

// R5: a registration filter whose status is none of the states, or whose
// text is longer than any product title, matched nothing without a word;
// CampaignRegistrations and Registrations refuse it with a *FieldError
// wrapping ErrInvalid per bad field, as FindCampaigns does.
func TestRegistrationFilterRefusesOutOfRange(t *testing.T) {
	w := newWorld(t)
	for _, tc := range []struct {
		name   string
		f      registration.Filter
		fields []string
	}{
		{"status 99", registration.Filter{Status: 99}, []string{"status"}},
		{"status just past Closed", registration.Filter{Status: registration.Closed + 1}, []string{"status"}},
		{"text of 1021 code points", registration.Filter{Text: strings.Repeat("ü", 4*registration.MaxTitleLen+1)}, []string{"text"}},
		{"both", registration.Filter{Status: 99, Text: strings.Repeat("a", 10<<20)}, []string{"status", "text"}},
	} {
		rs, _, err := w.svc.CampaignRegistrations(w.ctx, w.agency, w.camp.ID, tc.f, partnerkit.Page{})
		if !errors.Is(err, partnerkit.ErrInvalid) || rs != nil {
			t.Errorf("CampaignRegistrations(%s) = %d registrations, %.100v; want ErrInvalid", tc.name, len(rs), err)
		} else if diff := cmp.Diff(tc.fields, fieldsOf(err)); diff != "" {
			t.Errorf("CampaignRegistrations(%s): fields (-want +got):\n%s", tc.name, diff)
		}
		rs, _, err = w.svc.Registrations(w.ctx, w.glow, tc.f, partnerkit.Page{})
		if !errors.Is(err, partnerkit.ErrInvalid) || rs != nil {
			t.Errorf("Registrations(%s) = %d registrations, %.100v; want ErrInvalid", tc.name, len(rs), err)
		} else if diff := cmp.Diff(tc.fields, fieldsOf(err)); diff != "" {
			t.Errorf("Registrations(%s): fields (-want +got):\n%s", tc.name, diff)
		}
	}
	// The longest title, and every state, still search.
	title := w.serum.ProductTitle + strings.Repeat("x", registration.MaxTitleLen-len([]rune(w.serum.ProductTitle)))
	for _, f := range []registration.Filter{{Status: registration.Closed}, {Status: registration.Approved}, {Text: title}, {Text: w.serum.ProductTitle}} {
		if _, _, err := w.svc.CampaignRegistrations(w.ctx, w.agency, w.camp.ID, f, partnerkit.Page{}); err != nil {
			t.Errorf("CampaignRegistrations(%+.60v) = %v, want nil", f, err)
		}
	}
	rs, _, err := w.svc.CampaignRegistrations(w.ctx, w.agency, w.camp.ID, registration.Filter{Text: strings.ToUpper(w.serum.ProductTitle)}, partnerkit.Page{})
	if err != nil || len(rs) != 1 || rs[0].ID != w.serum.ID {
		t.Errorf("CampaignRegistrations(text %q) = %d registrations, %v; want the serum", strings.ToUpper(w.serum.ProductTitle), len(rs), err)
	}
}
