package partnerkit_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
)

// A3: a collaboration's progress is one record rewritten on every change,
// so the service refuses oversized or control-character ids, absurd
// quantities and more than MaxSamples requests or MaxContent pieces of
// content: one creator cannot make every later change of the record slow.
func TestProgressBounds(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	k := partnerkit.Collaboration{Campaign: w.camp.ID, Product: w.serum.Product}
	invalid := func(field string, err error) bool {
		var fe *partnerkit.FieldError
		return errors.As(err, &fe) && fe.Field == field && errors.Is(err, partnerkit.ErrInvalid)
	}

	for name, id := range map[string]string{
		"too long": strings.Repeat("s", attribution.MaxProgressIDLen+1),
		"1 MiB":    strings.Repeat("s", 1<<20),
		"NUL":      "nul\x00id",
	} {
		if _, err := w.svc.RequestSample(w.ctx, w.maya, k, attribution.SampleID(id), 1); !invalid("sample", err) {
			t.Errorf("RequestSample(%s id) = %v, want a *FieldError for \"sample\" wrapping ErrInvalid", name, err)
		}
		if _, err := w.svc.RecordContent(w.ctx, w.maya, k, attribution.ContentID(id), attribution.Video); !invalid("content", err) {
			t.Errorf("RecordContent(%s id) = %v, want a *FieldError for \"content\" wrapping ErrInvalid", name, err)
		}
	}
	for _, qty := range []int{attribution.MaxSampleQuantity + 1, math.MaxInt} {
		if _, err := w.svc.RequestSample(w.ctx, w.maya, k, "huge", qty); !invalid("quantity", err) {
			t.Errorf("RequestSample(huge, %d) = %v, want a *FieldError for \"quantity\" wrapping ErrInvalid", qty, err)
		}
	}

	long := strings.Repeat("s", attribution.MaxProgressIDLen)
	if _, err := w.svc.RequestSample(w.ctx, w.maya, k, attribution.SampleID(long), attribution.MaxSampleQuantity); err != nil {
		t.Fatalf("RequestSample(%d-byte id, MaxSampleQuantity): %v", len(long), err)
	}
	ka := k
	ka.Creator = w.maya.ID
	if _, err := w.svc.SetSampleQuantity(w.ctx, w.agency, ka, attribution.SampleID(long), attribution.MaxSampleQuantity+1); !invalid("quantity", err) {
		t.Errorf("SetSampleQuantity(MaxSampleQuantity+1) = %v, want a *FieldError for \"quantity\" wrapping ErrInvalid", err)
	}
	for i := 1; i < attribution.MaxSamples; i++ {
		if _, err := w.svc.RequestSample(w.ctx, w.maya, k, attribution.SampleID(fmt.Sprintf("s-%d", i)), 1); err != nil {
			t.Fatalf("RequestSample %d of %d: %v", i+1, attribution.MaxSamples, err)
		}
	}
	if _, err := w.svc.RequestSample(w.ctx, w.maya, k, "one-more", 1); !errors.Is(err, partnerkit.ErrLimit) {
		t.Errorf("RequestSample %d = %v, want ErrLimit", attribution.MaxSamples+1, err)
	}

	if _, err := w.svc.RecordContent(w.ctx, w.maya, k, attribution.ContentID(long), attribution.Live); err != nil {
		t.Fatalf("RecordContent(%d-byte id): %v", len(long), err)
	}
	for i := 1; i < attribution.MaxContent; i++ {
		if _, err := w.svc.RecordContent(w.ctx, w.maya, k, attribution.ContentID(fmt.Sprintf("v-%d", i)), attribution.Video); err != nil {
			t.Fatalf("RecordContent %d of %d: %v", i+1, attribution.MaxContent, err)
		}
	}
	if _, err := w.svc.RecordContent(w.ctx, w.maya, k, "one-more", attribution.Video); !errors.Is(err, partnerkit.ErrLimit) {
		t.Errorf("RecordContent %d = %v, want ErrLimit", attribution.MaxContent+1, err)
	}

	ps, _, err := w.svc.CollaborationProgress(w.ctx, w.agency, w.camp.ID, partnerkit.Page{})
	if err != nil || len(ps) != 1 || len(ps[0].Samples) != attribution.MaxSamples || len(ps[0].Content) != attribution.MaxContent {
		t.Fatalf("CollaborationProgress = %d records, %v; want one with MaxSamples requests and MaxContent pieces", len(ps), err)
	}
	pms, _, err := w.svc.ProductMetrics(w.ctx, w.agency, w.camp.ID, attribution.ContentPosted, partnerkit.Page{})
	if err != nil || len(pms) != 1 {
		t.Fatalf("ProductMetrics(posted) = %+v, %v; want the serum", pms, err)
	}
	if got, want := pms[0].Content, (attribution.ContentCounts{Videos: attribution.MaxContent - 1, Lives: 1}); got != want {
		t.Errorf("serum content counts = %+v, want %+v (refused content not counted)", got, want)
	}
}
