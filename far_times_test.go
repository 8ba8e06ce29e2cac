package partnerkit_test

import (
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
)

// A1: an event at the last instant events may carry (9999-12-31 in UTC)
// is taken alike on every backend, whatever its zone: east of Greenwich
// it is already year 10000 on its own clock, which the SQL line bodies
// once failed to write, failing the whole batch.
func TestEventAtTheEndOf9999OnEveryBackend(t *testing.T) {
	at := time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).In(time.FixedZone("IST", 5*3600+30*60))
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			w := open(t)
			w.accept(w.maya, w.listLink)
			ev := w.event("ev-y10k", attribution.Shipped, "o-y10k", w.maya, w.serum, "", at, time.Time{})
			rs := w.ingest(ev)
			if rs[0].Err != nil {
				t.Fatalf("IngestEvents: %v", rs[0].Err)
			}
			exp, err := w.svc.CreatorExplanation(w.ctx, w.maya, ev.Key())
			if err != nil {
				t.Fatalf("CreatorExplanation: %v", err)
			}
			if len(exp.Steps) != 1 || !exp.Steps[0].At.Equal(at) {
				t.Errorf("stored event at %v, want %v", exp.Steps, at)
			}
		})
	}
}
