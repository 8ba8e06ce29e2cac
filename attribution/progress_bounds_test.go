package attribution_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/partnerkit/partnerkit/attribution"
)

// badProgressIDs are ids a sample request or a piece of content may not
// have: a Progress is one record rewritten on every change, and its ids are
// shown in views and exports.
var badProgressIDs = map[string]string{
	"empty":     "",
	"too long":  strings.Repeat("x", attribution.MaxProgressIDLen+1),
	"1 MiB":     strings.Repeat("x", 1<<20),
	"NUL":       "nul\x00id",
	"newline":   "a\nb",
	"C1":        "a\u0085b",
	"not UTF-8": "a\xffb",
}

func maxLenID(prefix string) string {
	return prefix + strings.Repeat("x", attribution.MaxProgressIDLen-len(prefix))
}

func TestRequestSampleBounds(t *testing.T) {
	var p attribution.Progress
	for _, id := range []attribution.SampleID{attribution.SampleID(maxLenID("s")), "échantillon-1"} {
		if _, err := p.RequestSample(id, 1); err != nil {
			t.Errorf("RequestSample(%q, 1) = %v, want nil", id, err)
		}
	}
	for name, id := range badProgressIDs {
		if _, err := p.RequestSample(attribution.SampleID(id), 1); !isFieldError(err, "sample", attribution.ErrInvalid) {
			t.Errorf("RequestSample(%s id) = %v, want a *FieldError for \"sample\" wrapping ErrInvalid", name, err)
		}
	}
	if q, err := p.RequestSample("s", attribution.MaxSampleQuantity); err != nil || q.Samples[0].Quantity != attribution.MaxSampleQuantity {
		t.Errorf("RequestSample(s, MaxSampleQuantity) = %+v, %v, want it requested", q.Samples, err)
	}
	for _, qty := range []int{0, -1, attribution.MaxSampleQuantity + 1, math.MaxInt, math.MinInt} {
		if _, err := p.RequestSample("s", qty); !isFieldError(err, "quantity", attribution.ErrInvalid) {
			t.Errorf("RequestSample(s, %d) = %v, want a *FieldError for \"quantity\" wrapping ErrInvalid", qty, err)
		}
	}
	// Every problem is reported.
	_, err := p.RequestSample("", 0)
	if !isFieldError(err, "sample", attribution.ErrInvalid) || !isFieldError(err, "quantity", attribution.ErrInvalid) {
		t.Errorf("RequestSample(\"\", 0) = %v, want both problems", err)
	}
}

func TestRequestSampleLimit(t *testing.T) {
	var p attribution.Progress
	var err error
	for i := range attribution.MaxSamples {
		if p, err = p.RequestSample(attribution.SampleID(fmt.Sprintf("s-%d", i)), 1); err != nil {
			t.Fatalf("request %d of %d: %v", i+1, attribution.MaxSamples, err)
		}
	}
	q, err := p.RequestSample("one-more", 1)
	if !isFieldError(err, "samples", attribution.ErrLimit) {
		t.Errorf("request %d = %v, want a *FieldError wrapping ErrLimit", attribution.MaxSamples+1, err)
	}
	if len(q.Samples) != attribution.MaxSamples {
		t.Errorf("refused request left %d samples, want %d", len(q.Samples), attribution.MaxSamples)
	}
	// A reused id is still a conflict, not a limit.
	if _, err := p.RequestSample("s-0", 1); !errors.Is(err, attribution.ErrConflict) {
		t.Errorf("reused id when full = %v, want ErrConflict", err)
	}
}

func TestSetSampleQuantityBounds(t *testing.T) {
	p, err := attribution.Progress{}.RequestSample("s", 1)
	if err != nil {
		t.Fatal(err)
	}
	if p, err = p.SetSampleStatus("s", attribution.SampleApproved); err != nil {
		t.Fatal(err)
	}
	if q, err := p.SetSampleQuantity("s", attribution.MaxSampleQuantity); err != nil || q.Samples[0].Quantity != attribution.MaxSampleQuantity {
		t.Errorf("SetSampleQuantity(s, MaxSampleQuantity) = %+v, %v, want it raised", q.Samples, err)
	}
	for _, qty := range []int{attribution.MaxSampleQuantity + 1, math.MaxInt} {
		if _, err := p.SetSampleQuantity("s", qty); !isFieldError(err, "quantity", attribution.ErrInvalid) {
			t.Errorf("SetSampleQuantity(s, %d) = %v, want a *FieldError for \"quantity\" wrapping ErrInvalid", qty, err)
		}
	}
}

func TestAddContentBounds(t *testing.T) {
	var p attribution.Progress
	for _, id := range []attribution.ContentID{attribution.ContentID(maxLenID("v")), "vidéo-1"} {
		if _, _, err := p.AddContent(id, attribution.Video); err != nil {
			t.Errorf("AddContent(%q) = %v, want nil", id, err)
		}
	}
	for name, id := range badProgressIDs {
		if _, _, err := p.AddContent(attribution.ContentID(id), attribution.Video); !isFieldError(err, "content", attribution.ErrInvalid) {
			t.Errorf("AddContent(%s id) = %v, want a *FieldError for \"content\" wrapping ErrInvalid", name, err)
		}
	}
	_, _, err := p.AddContent("", 0)
	if !isFieldError(err, "content", attribution.ErrInvalid) || !isFieldError(err, "kind", attribution.ErrInvalid) {
		t.Errorf("AddContent(\"\", 0) = %v, want both problems", err)
	}
}

func TestAddContentLimit(t *testing.T) {
	var p attribution.Progress
	var err error
	for i := range attribution.MaxContent {
		if p, _, err = p.AddContent(attribution.ContentID(fmt.Sprintf("v-%d", i)), attribution.Video); err != nil {
			t.Fatalf("content %d of %d: %v", i+1, attribution.MaxContent, err)
		}
	}
	q, d, err := p.AddContent("one-more", attribution.Live)
	if !isFieldError(err, "content", attribution.ErrLimit) {
		t.Errorf("content %d = %v, want a *FieldError wrapping ErrLimit", attribution.MaxContent+1, err)
	}
	if len(q.Content) != attribution.MaxContent || d != (attribution.ContentCounts{}) {
		t.Errorf("refused content left %d pieces and change %+v, want %d and none", len(q.Content), d, attribution.MaxContent)
	}
	// Recording a piece again stays a no-op when full.
	if _, d, err := p.AddContent("v-0", attribution.Video); err != nil || d != (attribution.ContentCounts{}) {
		t.Errorf("AddContent(v-0) again when full = %+v, %v, want a no-op", d, err)
	}
}

// isFieldError reports whether err holds a *FieldError for field that
// wraps sentinel.
func isFieldError(err error, field string, sentinel error) bool {
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	for _, e := range errs {
		var fe *attribution.FieldError
		if errors.As(e, &fe) && fe.Field == field && errors.Is(fe, sentinel) {
			return true
		}
	}
	return false
}

// A3: content recorded before the id bound (or under a looser one) is
// still found: recording it again is the documented no-op, not ErrInvalid.
func TestAddContentAgainOverTheBound(t *testing.T) {
	long := attribution.ContentID(strings.Repeat("v", attribution.MaxProgressIDLen+10))
	p := attribution.Progress{Content: []attribution.Content{{ID: long, Kind: attribution.Video}}}
	again, d, err := p.AddContent(long, attribution.Video)
	if err != nil || d != (attribution.ContentCounts{}) || len(again.Content) != 1 {
		t.Errorf("AddContent(the stored %d-byte id again) = %d pieces, %+v, %v; want a no-op", len(long), len(again.Content), d, err)
	}
	url := attribution.ContentID("https://www.tiktok.com/@a_creator_handle_24chr/video/7301234567890123456")
	if _, _, err := p.AddContent(url, attribution.Video); err != nil {
		t.Errorf("AddContent(a video URL as its id) = %v, want it taken", err)
	}
}
