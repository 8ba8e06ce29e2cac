package attribution_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
)

var (
	sinkLine   attribution.Line
	sinkChange attribution.Change
	sinkCM     attribution.CampaignMetrics
	sinkPM     attribution.ProductMetrics
)

// benchEvents are the per-line work of an ingest: a payment, a partial
// refund while pending and the platform's settlement, on order o.
func benchEvents(b *testing.B, o string) []attribution.Event {
	return []attribution.Event{
		event(o+"-paid", attribution.Paid, o, day(1), money(b, "39.98")),
		event(o+"-refund", attribution.Refunded, o, day(2), money(b, "10.01")),
		event(o+"-settled", attribution.Settled, o, day(3), commission.Money{}),
	}
}

// BenchmarkApply applies paid, refunded and settled to a fresh line, the
// domain work the Service does per ingested event (ns/event is per Apply).
func BenchmarkApply(b *testing.B) {
	evs := benchEvents(b, "o1")
	attr := attribution.Attributed(terms())
	now := day(10)
	var l attribution.Line
	var c attribution.Change
	b.ReportAllocs()
	for b.Loop() {
		l = attribution.Line{}
		for _, e := range evs {
			var err error
			if l, c, err = attribution.Apply(l, e, attr, now); err != nil {
				b.Fatal(err)
			}
		}
	}
	sinkLine, sinkChange = l, c // results stay local in the loop: no write barriers on globals
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(evs)), "ns/event")
}

// BenchmarkApplyEach applies each event of the paid → refund → settled
// sequence alone, to a line holding the events before it.
func BenchmarkApplyEach(b *testing.B) {
	evs := benchEvents(b, "o1")
	attr := attribution.Attributed(terms())
	now := day(10)
	var l attribution.Line
	for i, e := range evs {
		before := l
		b.Run(e.Kind.String(), func(b *testing.B) {
			var next attribution.Line
			var c attribution.Change
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if next, c, err = attribution.Apply(before, e, attr, now); err != nil {
					b.Fatal(err)
				}
			}
			sinkLine, sinkChange = next, c
		})
		var err error
		if l, _, err = attribution.Apply(l, evs[i], attr, now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkApplyDuplicate is the cost of a redelivered event.
func BenchmarkApplyDuplicate(b *testing.B) {
	evs := benchEvents(b, "o1")
	attr := attribution.Attributed(terms())
	l := applyAll(b, func(attribution.Event) attribution.Attribution { return attr }, day(10), evs...)[evs[0].Key()]
	var next attribution.Line
	var c attribution.Change
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if next, c, err = attribution.Apply(l, evs[1], attr, day(10)); err != nil {
			b.Fatal(err)
		}
	}
	sinkLine, sinkChange = next, c
}

// BenchmarkAdvance re-derives a delivered line whose settlement window has
// passed.
func BenchmarkAdvance(b *testing.B) {
	tm := terms()
	tm.SettlementWindow = 7 * 24 * time.Hour
	attr := attribution.Attributed(tm)
	evs := []attribution.Event{
		event("p", attribution.Paid, "o1", day(1), money(b, "39.98")),
		event("d", attribution.Delivered, "o1", day(2), commission.Money{}),
	}
	l := applyAll(b, func(attribution.Event) attribution.Attribution { return attr }, day(3), evs...)[evs[0].Key()]
	var next attribution.Line
	var c attribution.Change
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if next, c, err = attribution.Advance(l, day(20)); err != nil {
			b.Fatal(err)
		}
	}
	sinkLine, sinkChange = next, c
}

// benchDeltas returns the deltas of paid → refund → settled on n lines.
func benchDeltas(b *testing.B, n int) []attribution.Delta {
	attr := attribution.Attributed(terms())
	var ds []attribution.Delta
	for i := range n {
		var l attribution.Line
		for _, e := range benchEvents(b, "o"+string(rune('a'+i%26))) {
			var c attribution.Change
			var err error
			if l, c, err = attribution.Apply(l, e, attr, day(10)); err != nil {
				b.Fatal(err)
			}
			ds = append(ds, c.Delta)
		}
	}
	return ds
}

// BenchmarkMetricsAdd adds the deltas of paid → refund → settled to a
// campaign's and a product's metrics, as the Service does per event
// (ns/event is per delta, both scopes).
func BenchmarkMetricsAdd(b *testing.B) {
	ds := benchDeltas(b, 1)
	var cm attribution.CampaignMetrics
	var pm attribution.ProductMetrics
	var cn, pn int64
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range ds {
			var err error
			if cm, cn, err = cm.Add(d, cn); err != nil {
				b.Fatal(err)
			}
			if pm, pn, err = pm.Add(d, pn); err != nil {
				b.Fatal(err)
			}
		}
	}
	sinkCM, sinkPM = cm, pm
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ds)), "ns/event")
}

// BenchmarkMetricsSum adds the same deltas as BenchmarkMetricsAdd through
// CampaignSum and ProductSum, reading the metrics out once per 1000
// events as a batch would (ns/event is per delta, both scopes).
func BenchmarkMetricsSum(b *testing.B) {
	ds := benchDeltas(b, 1)
	cs := attribution.CampaignMetrics{}.Sum()
	ps := attribution.ProductMetrics{}.Sum()
	var cn, pn int64
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range ds {
			var err error
			if cn, err = cs.Add(d, cn); err != nil {
				b.Fatal(err)
			}
			if pn, err = ps.Add(d, pn); err != nil {
				b.Fatal(err)
			}
			if n++; n%1000 == 0 {
				sinkCM, sinkPM = cs.Metrics(), ps.Metrics()
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ds)), "ns/event")
}

// BenchmarkApplyLifecycle applies a line's usual life, placed → paid →
// shipped → delivered → settled, to a fresh line (ns/event is per Apply).
func BenchmarkApplyLifecycle(b *testing.B) {
	evs := []attribution.Event{
		event("o1-placed", attribution.Placed, "o1", day(1), commission.Money{}),
		event("o1-paid", attribution.Paid, "o1", day(1).Add(time.Minute), money(b, "39.98")),
		event("o1-shipped", attribution.Shipped, "o1", day(2), commission.Money{}),
		event("o1-delivered", attribution.Delivered, "o1", day(4), commission.Money{}),
		event("o1-settled", attribution.Settled, "o1", day(12), commission.Money{}),
	}
	attr := attribution.Attributed(terms())
	var l attribution.Line
	var c attribution.Change
	b.ReportAllocs()
	for b.Loop() {
		l = attribution.Line{}
		for _, e := range evs {
			var err error
			if l, c, err = attribution.Apply(l, e, attr, day(20)); err != nil {
				b.Fatal(err)
			}
		}
	}
	sinkLine, sinkChange = l, c
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(evs)), "ns/event")
}

// BenchmarkApplyLongLine applies the last refund to a settled line of n
// events, each refund after the settlement posting a reversal entry: its
// cost should grow linearly with n, on the int64 path and on the exact
// decimal one (a payment of 25 digits), up to MaxLineEvents.
func BenchmarkApplyLongLine(b *testing.B) {
	for _, c := range []struct{ name, paid string }{{"int64", "9999999.99"}, {"decimal", "99999999999999999999999.99"}} {
		for _, n := range []int{250, 1000} {
			b.Run(fmt.Sprintf("%s/events=%d", c.name, n), func(b *testing.B) {
				attr := attribution.Attributed(terms())
				now := day(10)
				apply := func(l attribution.Line, e attribution.Event) attribution.Line {
					l, _, err := attribution.Apply(l, e, attr, now)
					if err != nil {
						b.Fatal(err)
					}
					return l
				}
				var l attribution.Line
				l = apply(l, event("paid", attribution.Paid, "o1", day(1), money(b, c.paid)))
				l = apply(l, event("settled", attribution.Settled, "o1", day(2), commission.Money{}))
				for i := range n - 3 {
					l = apply(l, event(fmt.Sprintf("r%04d", i), attribution.Refunded, "o1", day(3), money(b, "0.01")))
				}
				last := event("rlast", attribution.Refunded, "o1", day(3), money(b, "0.01"))
				b.ReportAllocs()
				for b.Loop() {
					apply(l, last)
				}
			})
		}
	}
}
