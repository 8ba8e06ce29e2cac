package partnerkit_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
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
	for _, f := range []campaign.Filter{{}, {Phase: campaign.Ended}, {Sellers: campaign.Select}, {MaxMinRate: &full}} {
		if _, _, err := w.svc.FindCampaigns(w.ctx, w.glow, f, partnerkit.Page{}); err != nil {
			t.Errorf("FindCampaigns(%+v) = %v, want nil", f, err)
		}
	}
}
