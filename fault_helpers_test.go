package partnerkit_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/partnerkit/partnerkit/commission"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/storage"
)

// allLines reads every order line in tx, by key.
func allLines(tx storage.Tx) ([]attribution.Line, error) {
	var lines []attribution.Line
	p := partnerkit.Page{Limit: storage.MaxLimit}
	for {
		ls, next, err := tx.Orders().List(storage.LineQuery{}, p)
		if err != nil {
			return nil, err
		}
		lines = append(lines, ls...)
		if next == "" {
			return lines, nil
		}
		p.After = next
	}
}

// ledgerMatchesRecompute checks, in tx, A2 against a from-scratch
// recomputation: every campaign's and product's kept metrics equal
// attribution.Recompute over all lines, and every ledger line reconciles
// (K2: creator + agency == total). It returns the lines it read.
func ledgerMatchesRecompute(tx storage.Tx, campaigns ...campaign.ID) ([]attribution.Line, error) {
	lines, err := allLines(tx)
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		m := l.Ledger.Owed
		if m.Total.Currency.IsZero() && m.Total.IsZero() {
			continue
		}
		sum, err := m.Creator.Add(m.Agency)
		if err != nil || !sum.Equal(m.Total) || m.Total.Sign() < 0 || m.Creator.Sign() < 0 || m.Agency.Sign() < 0 {
			return nil, fmt.Errorf("line %v owes creator %v + agency %v, total %v", l.Key, m.Creator, m.Agency, m.Total)
		}
	}
	totals, err := attribution.Recompute(lines)
	if err != nil {
		return nil, fmt.Errorf("Recompute: %w", err)
	}
	for _, id := range campaigns {
		kept, err := tx.Metrics().Campaign(id)
		if errors.Is(err, storage.ErrNotFound) {
			kept, err = attribution.CampaignMetrics{}, nil
		}
		if err != nil {
			return nil, err
		}
		if got, want := figures(kept.Metrics), figures(totals.Campaigns[id].Metrics); got != want {
			return nil, fmt.Errorf("campaign %s metrics %s, recomputed %s", id, got, want)
		}
		p := partnerkit.Page{Limit: storage.MaxLimit}
		for {
			ps, next, err := tx.Metrics().Products(id, p)
			if err != nil {
				return nil, err
			}
			for _, pm := range ps {
				if got, want := figures(pm.Metrics), figures(totals.Products[pm.Key()].Metrics); got != want {
					return nil, fmt.Errorf("product %v metrics %s, recomputed %s", pm.Key(), got, want)
				}
			}
			if next == "" {
				break
			}
			p.After = next
		}
	}
	return lines, nil
}

// cmpLines compares lines read from different backends: money by value,
// times by instant, nil and empty slices alike.
var cmpLines = []cmp.Option{
	cmp.Comparer(func(a, b commission.Money) bool { return a.Currency == b.Currency && a.Amount.Equal(b.Amount) }),
	cmp.Comparer(func(a, b commission.Currency) bool { return a == b }),
	cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
	cmpopts.EquateEmpty(),
}
