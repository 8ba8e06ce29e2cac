package partnerkit_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
)

// A3: a creator requests samples of a product in its showcase, the agency
// approves and ships them (quantity raised, never lowered once approved),
// and content made after delivery counts as made with a sample in the
// product's metrics (A2).
func TestCollaborationProgress(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	k := partnerkit.Collaboration{Campaign: w.camp.ID, Product: w.serum.Product}

	if _, err := w.svc.RequestSample(w.ctx, w.leo, k, "s1", 2); !errors.Is(err, partnerkit.ErrNotFound) {
		t.Errorf("RequestSample by a creator without the product = %v, want ErrNotFound", err)
	}
	if _, err := w.svc.RequestSample(w.ctx, w.maya, k, "s1", 2); err != nil {
		t.Fatalf("RequestSample: %v", err)
	}
	k.Creator = w.maya.ID
	if _, err := w.svc.SetSampleStatus(w.ctx, w.rival, k, "s1", attribution.SampleApproved); !errors.Is(err, partnerkit.ErrNotFound) {
		t.Errorf("SetSampleStatus by another agency = %v, want ErrNotFound", err)
	}
	if _, err := w.svc.SetSampleStatus(w.ctx, w.agency, k, "s1", attribution.SampleApproved); err != nil {
		t.Fatalf("approve sample: %v", err)
	}
	if _, err := w.svc.SetSampleQuantity(w.ctx, w.agency, k, "s1", 1); !errors.Is(err, partnerkit.ErrInvalid) {
		t.Errorf("lowering an approved sample = %v, want ErrInvalid", err)
	}
	if _, err := w.svc.SetSampleQuantity(w.ctx, w.agency, k, "s1", 3); err != nil {
		t.Errorf("raising an approved sample: %v", err)
	}
	if _, err := w.svc.RecordContent(w.ctx, w.maya, k, "v0", attribution.Video); err != nil {
		t.Fatalf("RecordContent before delivery: %v", err)
	}
	for _, st := range []attribution.SampleStatus{attribution.SampleShipped, attribution.SampleDelivered} {
		if _, err := w.svc.SetSampleStatus(w.ctx, w.agency, k, "s1", st); err != nil {
			t.Fatalf("SetSampleStatus(%v): %v", st, err)
		}
	}
	if _, err := w.svc.RecordContent(w.ctx, w.maya, k, "live1", attribution.Live); err != nil {
		t.Fatalf("RecordContent: %v", err)
	}
	ps, _, err := w.svc.CollaborationProgress(w.ctx, w.agency, w.camp.ID, partnerkit.Page{})
	if err != nil || len(ps) != 1 || len(ps[0].Samples) != 1 || ps[0].Samples[0].Quantity != 3 || len(ps[0].Content) != 2 {
		t.Fatalf("CollaborationProgress = %+v, %v; want one collaboration, 3 samples delivered, 2 contents", ps, err)
	}
	pms, _, err := w.svc.ProductMetrics(w.ctx, w.agency, w.camp.ID, attribution.ContentPosted, partnerkit.Page{})
	if err != nil || len(pms) != 1 {
		t.Fatalf("ProductMetrics(posted) = %+v, %v; want the serum", pms, err)
	}
	want := attribution.ContentCounts{Videos: 1, Lives: 1, LivesWithSample: 1}
	if got := pms[0].Content; got != want {
		t.Errorf("serum content counts = %+v, want %+v", got, want)
	}
	if _, _, err := w.svc.CollaborationProgress(w.ctx, w.rival, w.camp.ID, partnerkit.Page{}); !errors.Is(err, partnerkit.ErrNotFound) {
		t.Errorf("CollaborationProgress by another agency = %v, want ErrNotFound", err)
	}
}

// A3, R4: a collaboration waiting on a cancellation is still in force: a
// creator records content for its product, with or without an order yet,
// and the product's content counts move.
func TestRecordContentWhileCancellationPending(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	if _, err := w.svc.RequestCancellation(w.ctx, w.glow, w.mask.ID); err != nil {
		t.Fatal(err)
	}
	k := partnerkit.Collaboration{Campaign: w.camp.ID, Product: w.mask.Product}
	if _, err := w.svc.RecordContent(w.ctx, w.maya, k, "v1", attribution.Video); err != nil {
		t.Fatalf("RecordContent while the cancellation is pending = %v, want it recorded", err)
	}
	ps, _, err := w.svc.ProductMetrics(w.ctx, w.agency, w.camp.ID, attribution.ContentPosted, partnerkit.Page{})
	if err != nil || len(ps) != 1 || ps[0].Product != w.mask.Product || ps[0].Content.Videos != 1 {
		t.Errorf("products with content = %+v, %v; want the mask with 1 video", ps, err)
	}
}

// A2: products filter by posted content over every product in force, an
// approved one with no order and no content yet included (at zero
// figures), page by page.
func TestProductMetricsByContentStatus(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	k := partnerkit.Collaboration{Campaign: w.camp.ID, Product: w.serum.Product}
	if _, err := w.svc.RecordContent(w.ctx, w.maya, k, "v1", attribution.Video); err != nil {
		t.Fatal(err)
	}
	list := func(status attribution.ContentStatus) []string {
		t.Helper()
		var got []string
		p := partnerkit.Page{Limit: 1}
		for {
			ps, next, err := w.svc.ProductMetrics(w.ctx, w.agency, w.camp.ID, status, p)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ps {
				got = append(got, fmt.Sprintf("%s %v %d", m.Product, m.TotalRate, m.PaidOrders))
			}
			if next == "" {
				return got
			}
			p.After = next
		}
	}
	// The shoe was never approved: not a product of the campaign yet.
	for _, tc := range []struct {
		status attribution.ContentStatus
		want   []string
	}{
		{0, []string{"mask-5pk 12% 0", "serum-30ml 15% 0"}},
		{attribution.ContentPosted, []string{"serum-30ml 15% 0"}},
		{attribution.NoContent, []string{"mask-5pk 12% 0"}},
	} {
		if diff := cmp.Diff(tc.want, list(tc.status)); diff != "" {
			t.Errorf("ProductMetrics(status %d) (-want +got):\n%s", tc.status, diff)
		}
	}
	// After the campaign ends, the products it had are listed all the
	// same, and zero figures are in the market's currency: they add up.
	w.clock.Set(springDetails(t).Period.End.Add(24 * time.Hour))
	if diff := cmp.Diff([]string{"mask-5pk 12% 0"}, list(attribution.NoContent)); diff != "" {
		t.Errorf("ProductMetrics(NoContent) after the end (-want +got):\n%s", diff)
	}
	ps, _, err := w.svc.ProductMetrics(w.ctx, w.agency, w.camp.ID, 0, partnerkit.Page{})
	if err != nil {
		t.Fatal(err)
	}
	cm, err := w.svc.CampaignMetrics(w.ctx, w.agency, w.camp.ID) // no order yet
	if err != nil {
		t.Fatal(err)
	}
	total := cm.GMV
	for _, m := range ps {
		if total, err = total.Add(m.GMV); err != nil {
			t.Errorf("adding %s's GMV %v to the campaign's %v: %v", m.Product, m.GMV, cm.GMV, err)
		}
	}
}

// A2: a content status filter that is not one is refused, not read as
// "no content".
func TestProductMetricsRefusesUnknownStatus(t *testing.T) {
	w := newWorld(t)
	_, _, err := w.svc.ProductMetrics(w.ctx, w.agency, w.camp.ID, attribution.ContentStatus(7), partnerkit.Page{})
	var fe *partnerkit.FieldError
	if !errors.Is(err, partnerkit.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "status" {
		t.Errorf("ProductMetrics(status 7) = %v, want a FieldError for status wrapping ErrInvalid", err)
	}
}
