package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/benchwork"
	"github.com/partnerkit/partnerkit/storage"
)

// Config sizes a run.
type Config struct {
	Lines int     // order lines to make up
	Hosts int     // goroutines ingesting at once
	Batch int     // events per IngestEvents call; 1 uses IngestEvent
	Dup   float64 // share of events sent twice
	Seed  uint64  // seed of the events and their order

	// beforeVerify, if set, runs between the load and the checks: tests
	// tamper with the store there to see the checks catch it.
	beforeVerify func(context.Context, *benchwork.World) error
}

// Report is what a run did and what its checks found.
type Report struct {
	Config                                         Config
	Lines, Sent, Distinct, Duplicates, Refused     int
	Sweeps                                         int
	Elapsed                                        time.Duration
	Status                                         map[string]int
	PaidOrders, GMV, SettledCreator, SettledAgency string
	Checks                                         []Check
}

// Check is one verification: how many things it checked, how many were
// wrong, and the first wrong one.
type Check struct {
	Name            string
	Checked, Failed int
	First           string
}

// OK reports whether every check passed and checked something, and no
// event was refused (every event made up is valid).
func (r Report) OK() bool {
	if r.Refused > 0 || len(r.Checks) == 0 {
		return false
	}
	for _, c := range r.Checks {
		if c.Failed > 0 || c.Checked == 0 {
			return false
		}
	}
	return true
}

func (c *Check) see(ok bool, what string, args ...any) {
	c.Checked++
	if !ok {
		c.Failed++
		if c.First == "" {
			c.First = fmt.Sprintf(what, args...)
		}
	}
}

// The events are dated from April on; the clock runs from April 20 (some
// settlement windows have passed by then, most have not) to July, past
// the last one, while the events come in.
var (
	eventsFrom = time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)
	clockFrom  = time.Date(2027, 4, 20, 0, 0, 0, 0, time.UTC)
	clockTo    = time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC)
)

// check returns an error naming the first field of cfg out of range.
func (cfg Config) check() error {
	for _, f := range []struct {
		name string
		n    int
	}{{"lines", cfg.Lines}, {"hosts", cfg.Hosts}, {"batch", cfg.Batch}} {
		if f.n <= 0 {
			return fmt.Errorf("-%s %d: want a positive number", f.name, f.n)
		}
	}
	if !(cfg.Dup >= 0 && cfg.Dup <= 1) { // NaN too
		return fmt.Errorf("-dup %v: want a share from 0 to 1", cfg.Dup)
	}
	return nil
}

// Run sets up a campaign on store, ingests the made-up events of
// cfg.Lines order lines from cfg.Hosts goroutines while SettleDue sweeps
// run, and checks the result.
func Run(ctx context.Context, store storage.Store, cfg Config) (Report, error) {
	if err := cfg.check(); err != nil {
		return Report{}, err
	}
	w, err := benchwork.NewWorld(ctx, store, partnerkit.Options{}, "", 40, 25)
	if err != nil {
		return Report{}, err
	}
	w.Clock.Set(clockFrom)
	sent := makeEvents(w, cfg)
	stream := shuffle(sent, cfg)
	rep := Report{Config: cfg, Lines: cfg.Lines, Sent: len(stream), Distinct: len(sent)}

	// The hosts take batches off one queue; the sweeper moves the clock
	// on and sweeps until they are done.
	queue := make(chan []attribution.Event)
	var dups, refused atomic.Int64
	errs := make(chan error, cfg.Hosts+1)
	var hosts sync.WaitGroup
	start := time.Now()
	for range cfg.Hosts {
		hosts.Go(func() {
			for batch := range queue {
				d, r, err := ingest(ctx, w.Svc, batch)
				dups.Add(d)
				refused.Add(r)
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	done := make(chan struct{})
	var sweeper sync.WaitGroup
	sweeper.Go(func() {
		step := clockTo.Sub(clockFrom) / 40
		for now := clockFrom; ; now = now.Add(step) {
			if now.After(clockTo) {
				now = clockTo
			}
			w.Clock.Set(now)
			if err := sweep(ctx, w.Svc); err != nil {
				errs <- err
				return
			}
			rep.Sweeps++
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	})
	var failed error
feed:
	for from := 0; from < len(stream); from += cfg.Batch {
		select {
		case queue <- stream[from:min(from+cfg.Batch, len(stream))]:
		case failed = <-errs:
			break feed
		}
	}
	close(queue)
	hosts.Wait()
	close(done)
	sweeper.Wait()
	if failed != nil {
		return Report{}, failed
	}
	select {
	case err := <-errs:
		return Report{}, err
	default:
	}
	w.Clock.Set(clockTo)
	if err := sweep(ctx, w.Svc); err != nil {
		return Report{}, err
	}
	rep.Elapsed = time.Since(start)
	rep.Duplicates, rep.Refused = int(dups.Load()), int(refused.Load())
	if cfg.beforeVerify != nil {
		if err := cfg.beforeVerify(ctx, w); err != nil {
			return Report{}, err
		}
	}
	return rep, verify(ctx, w, sent, &rep)
}

// ingest hands batch to svc, one event at a time for a batch of one, and
// counts the duplicates and refusals. An error is a failed call, not a
// refused event.
func ingest(ctx context.Context, svc *partnerkit.Service, batch []attribution.Event) (dups, refused int64, err error) {
	if len(batch) == 1 {
		_, err := svc.IngestEvent(ctx, partnerkit.Host{}, batch[0])
		switch {
		case errors.Is(err, partnerkit.ErrInvalid) || errors.Is(err, partnerkit.ErrConflict):
			return 0, 1, nil
		case err != nil:
			return 0, 0, err
		}
		return 0, 0, nil // IngestEvent does not say whether it was a repeat
	}
	rs, err := svc.IngestEvents(ctx, partnerkit.Host{}, batch)
	if err != nil {
		return 0, 0, err
	}
	for _, r := range rs {
		switch {
		case r.Err != nil:
			refused++
		case r.Duplicate:
			dups++
		}
	}
	return dups, refused, nil
}

// sweep runs SettleDue over every page.
func sweep(ctx context.Context, svc *partnerkit.Service) error {
	return benchwork.SettleAll(ctx, svc, 200)
}

// makeEvents makes up the events of cfg.Lines order lines of w: each paid,
// most shipped and delivered, some refunded (now and then above the
// payment, as when shipping is refunded too), a few cancelled, some
// settled by the platform; the rest wait for the settlement window.
func makeEvents(w *benchwork.World, cfg Config) []attribution.Event {
	usd := commission.MustParseCurrency("USD")
	var evs []attribution.Event
	for i := range cfg.Lines {
		rng := rand.New(rand.NewPCG(cfg.Seed, uint64(i)))
		reg := w.Regs[i%len(w.Regs)]
		creator := w.Creators[rng.IntN(len(w.Creators))]
		order := attribution.OrderID(w.Prefix + "-o" + strconv.Itoa(i))
		placed := eventsFrom.Add(time.Duration(rng.IntN(30*24*60)) * time.Minute)
		n := 0
		add := func(k attribution.Kind, at time.Time, minor int64) {
			n++
			ev := attribution.Event{ID: attribution.EventID(fmt.Sprintf("%s-%d", order, n)), Kind: k, Order: order, Line: "1",
				Creator: creator.ID, Entry: partnerkit.EntryOf(reg.Shop, reg.Product), At: at, Placed: placed}
			if minor > 0 {
				ev.Amount = commission.FromMinor(minor, usd)
			}
			evs = append(evs, ev)
		}
		paid := 100 + rng.Int64N(50000)
		add(attribution.Paid, placed.Add(time.Minute), paid)
		if rng.IntN(10) < 8 {
			shipped := placed.Add(time.Duration(1+rng.IntN(48)) * time.Hour)
			add(attribution.Shipped, shipped, 0)
			if rng.IntN(10) < 8 {
				add(attribution.Delivered, shipped.Add(time.Duration(24+rng.IntN(96))*time.Hour), 0)
			}
		}
		left := paid
		for range [...]int{0, 0, 0, 1, 1, 2}[rng.IntN(6)] { // most lines none or one, some two
			r := 1 + rng.Int64N(max(1, left))
			if rng.IntN(8) == 0 {
				r = paid + 1 + rng.Int64N(999) // above the payment: shipping refunded too
			}
			left = max(0, left-r)
			add(attribution.Refunded, placed.Add(time.Duration(1+rng.IntN(40*24))*time.Hour), r)
		}
		if rng.IntN(30) == 0 {
			add(attribution.Cancelled, placed.Add(time.Duration(1+rng.IntN(30*24))*time.Hour), 0)
		}
		if rng.IntN(10) < 4 {
			add(attribution.Settled, placed.Add(time.Duration(18*24+rng.IntN(20*24))*time.Hour), 0)
		}
	}
	return evs
}

// shuffle returns evs with a share cfg.Dup of them repeated, in a random
// order.
func shuffle(evs []attribution.Event, cfg Config) []attribution.Event {
	rng := rand.New(rand.NewPCG(cfg.Seed, 1<<63))
	out := append([]attribution.Event(nil), evs...)
	for range int(float64(len(evs)) * cfg.Dup) {
		out = append(out, evs[rng.IntN(len(evs))])
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// verify reads everything back and fills rep's figures and checks.
func verify(ctx context.Context, w *benchwork.World, sent []attribution.Event, rep *Report) error {
	now := w.Clock.Now()
	var lines []attribution.Line
	err := w.Store.View(ctx, func(tx storage.Tx) error {
		for p := (storage.Page{Limit: 1000}); ; {
			ls, next, err := tx.Orders().List(storage.LineQuery{Campaign: w.Campaign}, p)
			if err != nil {
				return err
			}
			lines = append(lines, ls...)
			if next == "" {
				return nil
			}
			p.After = next
		}
	})
	if err != nil {
		return err
	}
	rep.Status = map[string]int{}
	byLine := map[attribution.LineKey]map[attribution.EventID]attribution.Event{}
	for _, e := range sent {
		if byLine[e.Key()] == nil {
			byLine[e.Key()] = map[attribution.EventID]attribution.Event{}
		}
		byLine[e.Key()][e.ID] = e
	}

	stored := Check{Name: "A1: every line made up is stored, and no other"}
	storedKeys := make(map[attribution.LineKey]bool, len(lines))
	for _, l := range lines {
		storedKeys[l.Key] = true
		if _, ok := byLine[l.Key]; !ok {
			stored.see(false, "%v is stored, but no event was sent for it", l.Key)
		}
	}
	for k := range byLine {
		stored.see(storedKeys[k], "%v was sent, but is not stored", k)
	}
	events := Check{Name: "A1: each line holds exactly the events sent for it, once"}
	ledgers := Check{Name: "A1 A6 K5: each ledger is the one its events derive now"}
	for _, l := range lines {
		rep.Status[l.Ledger.Status.String()]++
		want := byLine[l.Key]
		same := len(l.Events) == len(want)
		for _, e := range l.Events {
			sentAs, ok := want[e.ID]
			same = same && ok && sentAs.Equal(e)
		}
		events.see(same, "%v holds %d events, %d were sent, or one is not as sent", l.Key, len(l.Events), len(want))
		derived, err := attribution.Derive(l.Attribution, l.Events, now)
		ledgers.see(err == nil && sameJSON(derived, l.Ledger), "%v: stored %s, derived %s (%v)",
			l.Key, jsonOf(l.Ledger), jsonOf(derived), err)
	}

	metrics := Check{Name: "A2: campaign and product metrics equal a recomputation"}
	m, err := w.Svc.CampaignMetrics(ctx, w.Agency, w.Campaign)
	if err != nil {
		return err
	}
	tot, err := attribution.Recompute(lines)
	if err != nil {
		return err
	}
	metrics.see(sameJSON(tot.Campaigns[w.Campaign], m), "campaign: kept %+v, recomputed %+v", m.Metrics, tot.Campaigns[w.Campaign].Metrics)
	for p := (partnerkit.Page{Limit: 100}); ; {
		ps, next, err := w.Svc.ProductMetrics(ctx, w.Agency, w.Campaign, 0, p)
		if err != nil {
			return err
		}
		for _, pm := range ps {
			want, ok := tot.Products[attribution.ProductKey{Campaign: pm.Campaign, Product: pm.Product}]
			if !ok {
				// No line of the product: Recompute has no row, and the
				// kept one must say nothing happened.
				m := pm.Metrics
				metrics.see(m.PaidOrders == 0 && m.Creators == 0 && m.GMV.IsZero() && m.EstimatedCreator.IsZero() && m.EstimatedAgency.IsZero() &&
					m.SettledCreator.IsZero() && m.SettledAgency.IsZero(), "product %s: no lines, kept %+v", pm.Product, m)
				continue
			}
			metrics.see(sameJSON(want.Metrics, pm.Metrics), "product %s: kept %+v, recomputed %+v", pm.Product, pm.Metrics, want.Metrics)
		}
		if next == "" {
			break
		}
		p.After = next
	}
	rep.PaidOrders, rep.GMV = strconv.FormatInt(m.PaidOrders, 10), m.GMV.String()
	rep.SettledCreator, rep.SettledAgency = m.SettledCreator.String(), m.SettledAgency.String()

	statement := Check{Name: "A5: the agency's statement reconciles, and totals what was posted"}
	st, err := w.Svc.AgencyStatement(ctx, w.Agency, commission.MustParseCurrency("USD"), eventsFrom.AddDate(-1, 0, 0), clockTo.AddDate(1, 0, 0))
	if err != nil {
		return err
	}
	sum := commission.Line{}
	for i, sl := range st.Lines {
		a := sl.Amounts
		statement.see(a.Creator.Amount.Add(a.Agency.Amount).Equal(a.Total.Amount), "statement line %d: %v", i, a)
		sum = addLine(sum, a)
	}
	statement.see(sum.Total.Amount.Equal(st.Totals.Total.Amount) && sum.Creator.Amount.Equal(st.Totals.Creator.Amount) &&
		sum.Agency.Amount.Equal(st.Totals.Agency.Amount), "totals %v, lines sum to %v", st.Totals, sum)
	statement.see(st.Totals.Creator.Equal(m.SettledCreator) && st.Totals.Agency.Equal(m.SettledAgency),
		"statement totals %v, settled metrics %v / %v", st.Totals, m.SettledCreator, m.SettledAgency)

	outbox, err := lastMessages(ctx, w.Svc)
	if err != nil {
		return err
	}
	announced := Check{Name: "outbox: each line's last message says its status and amounts"}
	for _, l := range lines {
		msg, ok := outbox[l.Key]
		owes := l.Ledger.Status == attribution.StatusPending || l.Ledger.Status == attribution.StatusSettled
		switch {
		case ok:
			announced.see(msg.Status == l.Ledger.Status && msg.Owed.Equal(l.Ledger.Owed), "%v: last said %v owing %v, is %v owing %v",
				l.Key, msg.Status, msg.Owed, l.Ledger.Status, l.Ledger.Owed)
		case owes:
			announced.see(false, "%v is %v and was never announced", l.Key, l.Ledger.Status)
		}
	}
	refusals := Check{Name: "A1: no event refused (every one made up is valid)", Checked: rep.Sent, Failed: rep.Refused}
	if rep.Refused > 0 {
		refusals.First = fmt.Sprintf("%d of %d events refused", rep.Refused, rep.Sent)
	}
	rep.Checks = []Check{refusals, stored, events, ledgers, metrics, statement, announced}
	return nil
}

// lastMessages reads the whole outbox and keeps the last order message of
// each line.
func lastMessages(ctx context.Context, svc *partnerkit.Service) (map[attribution.LineKey]partnerkit.OrderLineChanged, error) {
	out := map[attribution.LineKey]partnerkit.OrderLineChanged{}
	for after := int64(0); ; {
		ms, err := svc.Outbox(ctx, partnerkit.Host{}, after, 1000)
		if err != nil {
			return nil, err
		}
		if len(ms) == 0 {
			return out, nil
		}
		for _, m := range ms {
			after = m.Seq
			if len(m.Kind) < 6 || m.Kind[:6] != "order." {
				continue
			}
			var c partnerkit.OrderLineChanged
			if err := json.Unmarshal(m.Payload, &c); err != nil {
				return nil, fmt.Errorf("outbox message %d (%s): %w", m.Seq, m.Kind, err)
			}
			out[c.Line] = c
		}
	}
}

// jsonOf returns v's JSON, for a message.
func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// sameJSON reports whether a and b encode alike: every field, amounts
// with their exponents.
func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

// addLine returns a + b, amount by amount (the zero Line takes b's
// currency).
func addLine(a, b commission.Line) commission.Line {
	add := func(x, y commission.Money) commission.Money {
		if x.Currency.IsZero() {
			return y
		}
		x.Amount = x.Amount.Add(y.Amount)
		return x
	}
	return commission.Line{Base: add(a.Base, b.Base), Total: add(a.Total, b.Total), Creator: add(a.Creator, b.Creator), Agency: add(a.Agency, b.Agency)}
}
