package benchwork

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
)

// ReplayResult is one round of the replay pair.
type ReplayResult struct {
	// Shuffled and Sorted are how long the two streams took to ingest.
	Shuffled, Sorted time.Duration
	// Events is how many distinct events each stream holds; the shuffled
	// one holds Events+Dups.
	Events, Dups int
	// Identical reports whether both stores hold the same lines, ledgers
	// included.
	Identical bool
}

// Replay ingests the events of lines order lines (paid, refunds, settled)
// twice, each into a fresh memory-store world set up alike: once shuffled
// with 10% of the events repeated, once sorted by time and de-duplicated
// (the ceiling), both in batches of batch events. It compares the two
// stores' lines.
func Replay(ctx context.Context, lines, batch int, seed uint64) (ReplayResult, error) {
	var res ReplayResult
	mk := func() (*World, error) {
		return NewWorld(ctx, memory.New(), partnerkit.Options{NewID: Counter()}, "replay", 20, 8)
	}
	a, err := mk()
	if err != nil {
		return res, err
	}
	b, err := mk()
	if err != nil {
		return res, err
	}
	evs := a.Lines(lines, PaidRefundSettle)
	b.Lines(lines, PaidRefundSettle) // keep the worlds' counters alike
	res.Events = len(evs)

	sorted := slices.Clone(evs)
	slices.SortStableFunc(sorted, func(x, y attribution.Event) int { return x.At.Compare(y.At) })
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	shuffled := slices.Clone(evs)
	for range len(evs) / 10 {
		shuffled = append(shuffled, evs[rng.IntN(len(evs))])
	}
	rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	res.Dups = len(shuffled) - len(evs)

	if res.Shuffled, err = Ingest(ctx, a, shuffled, batch); err != nil {
		return res, fmt.Errorf("shuffled: %w", err)
	}
	if res.Sorted, err = Ingest(ctx, b, sorted, batch); err != nil {
		return res, fmt.Errorf("sorted: %w", err)
	}
	ja, err := dumpLines(ctx, a.Store)
	if err != nil {
		return res, err
	}
	jb, err := dumpLines(ctx, b.Store)
	if err != nil {
		return res, err
	}
	res.Identical = string(ja) == string(jb)
	return res, nil
}

// dumpLines returns every stored line, encoded.
func dumpLines(ctx context.Context, st storage.Store) ([]byte, error) {
	var all []attribution.Line
	err := st.View(ctx, func(tx storage.Tx) error {
		p := storage.Page{Limit: storage.MaxLimit}
		for {
			ls, next, err := tx.Orders().List(storage.LineQuery{}, p)
			if err != nil {
				return err
			}
			all = append(all, ls...)
			if next == "" {
				return nil
			}
			p.After = next
		}
	})
	if err != nil {
		return nil, err
	}
	return json.Marshal(all)
}
