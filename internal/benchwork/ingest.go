package benchwork

import (
	"context"
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
)

// Ingest hands evs to w's Service in batches of batch events (IngestEvents)
// and returns how long it took. A refused event is an error: every event
// a World makes up is valid.
func Ingest(ctx context.Context, w *World, evs []attribution.Event, batch int) (time.Duration, error) {
	start := time.Now()
	for from := 0; from < len(evs); from += batch {
		rs, err := w.Svc.IngestEvents(ctx, partnerkit.Host{}, evs[from:min(from+batch, len(evs))])
		if err != nil {
			return 0, err
		}
		for _, r := range rs {
			if r.Err != nil {
				return 0, fmt.Errorf("event %s refused: %w", r.Event, r.Err)
			}
		}
	}
	return time.Since(start), nil
}

// MapSink is the ceiling of memory-store ingest: a bare map insert and a
// counter increment per event, nothing else.
type MapSink struct {
	Events map[attribution.EventID]attribution.LineKey
	Count  [8]int64
}

// NewMapSink returns an empty MapSink.
func NewMapSink() *MapSink {
	return &MapSink{Events: map[attribution.EventID]attribution.LineKey{}}
}

// Ingest inserts evs and returns how long it took.
func (m *MapSink) Ingest(evs []attribution.Event) time.Duration {
	start := time.Now()
	for _, ev := range evs {
		m.Events[ev.ID] = ev.Key()
		m.Count[ev.Kind&7]++
	}
	return time.Since(start)
}

// SettleAll runs one whole SettleDue sweep, limit lines a page, following
// the cursor to the end.
func SettleAll(ctx context.Context, svc *partnerkit.Service, limit int) error {
	for p := (partnerkit.Page{Limit: limit}); ; {
		next, err := svc.SettleDue(ctx, partnerkit.Host{}, p)
		if err != nil || next == "" {
			return err
		}
		p.After = next
	}
}
