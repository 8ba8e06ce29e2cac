package attribution_test

import (
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"pgregory.net/rapid"
)

// rcProducts are the products rcGenLines draws from, with their total
// rates (fixed per product once approved, R3).
var rcProducts = []struct {
	id    registration.ProductID
	total commission.Rate
}{{"p1", 1250}, {"p2", 2000}, {"p3", 333}, {"p4", 10000}}

// rcGenLines draws 1 to 12 paid lines of campaign spring in one currency:
// pending, settled, refunded before or after settlement, or cancelled.
func rcGenLines(t *rapid.T) ([]attribution.Line, time.Time) { return rcGenLinesRates(t, nil) }

// rcGenLinesRates is rcGenLines; with rates not nil, every line of a
// product has the creator rate rates[product], drawn on first use.
func rcGenLinesRates(t *rapid.T, rates map[registration.ProductID]commission.Rate) ([]attribution.Line, time.Time) {
	cur := commission.MustParseCurrency(rapid.SampledFrom([]string{"USD", "JPY", "KWD"}).Draw(t, "currency"))
	now := rcAt(28)
	n := rapid.IntRange(1, 12).Draw(t, "lines")
	var out []attribution.Line
	for i := range n {
		p := rapid.SampledFrom(rcProducts).Draw(t, "product")
		creator := rapid.SampledFrom([]productlist.CreatorID{"alice", "bob", "carol"}).Draw(t, "creator")
		rate, ok := rates[p.id]
		if !ok {
			rate = commission.Rate(rapid.Int32Range(0, int32(p.total)).Draw(t, "creatorRate"))
			if rates != nil {
				rates[p.id] = rate
			}
		}
		tm := rcTerms(p.id, creator, p.total, rate)
		tm.RateVersion = rapid.IntRange(1, 3).Draw(t, "version")
		o := fmt.Sprintf("o%d", i)
		paid := rapid.Int64Range(0, 1_000_000).Draw(t, "paid")
		evs := []attribution.Event{rcEvent(tm, o+"-paid", o, attribution.Paid, rcAt(2), commission.FromMinor(paid, cur))}
		settle := rapid.Bool().Draw(t, "settle")
		if settle {
			evs = append(evs, rcEvent(tm, o+"-settled", o, attribution.Settled, rcAt(10), commission.Money{}))
		}
		if paid > 0 && rapid.Bool().Draw(t, "refund") {
			day := rapid.SampledFrom([]int{5, 15}).Draw(t, "refundDay")
			evs = append(evs, rcEvent(tm, o+"-refund", o, attribution.Refunded, rcAt(day), commission.FromMinor(rapid.Int64Range(1, paid).Draw(t, "refundAmount"), cur)))
		}
		if rapid.IntRange(0, 5).Draw(t, "cancel") == 0 {
			evs = append(evs, rcEvent(tm, o+"-cancel", o, attribution.Cancelled, rcAt(20), commission.Money{}))
		}
		out = append(out, rcLine(tm, now, evs...))
	}
	return out, now
}

// plant is one planted discrepancy: its kind and line.
type plant struct {
	Kind attribution.DiscrepancyKind
	Key  attribution.LineKey
}

// TestReconcileProperty: a report written from the ledger itself
// reconciles with no discrepancy; planting k discrepancies, each on its own
// line (or a new row), yields exactly those k with the right kinds (A5,
// K2: amounts compare exactly).
func TestReconcileProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lines, _ := rcGenLines(t)
		m := attribution.TikTokPartnerOrders()
		var b strings.Builder
		if err := attribution.WriteReport(&b, m, lines); err != nil {
			t.Fatal(err)
		}
		src := attribution.SourceOf(lines)
		rec, err := attribution.Reconcile(strings.NewReader(b.String()), m, src, attribution.ReconcileOptions{})
		if err != nil {
			t.Fatalf("Reconcile(own report) = %v", err)
		}
		if !rec.OK() || rec.Agreed != len(lines) || rec.Rows != len(lines) {
			t.Fatalf("Reconcile(own report) = %d rows, %d agreed, %v, want %d agreeing and none else", rec.Rows, rec.Agreed, rec.Discrepancies, len(lines))
		}

		rows, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		head, rows := rows[0], rows[1:]
		words := map[attribution.Status]string{attribution.StatusPending: "Pending", attribution.StatusSettled: "Settled",
			attribution.StatusVoid: "Cancelled", attribution.StatusUnpaid: "Unpaid"}
		var want []plant
		var drop []bool
		for i := range rows {
			l := lines[i]
			cur := l.Ledger.Paid.Currency
			bump := func(col int) {
				m, err := commission.NewMoney(rows[i][col], cur.Code())
				if err != nil {
					t.Fatal(err)
				}
				rows[i][col] = mustAdd(m, commission.FromMinor(1, cur)).Amount.StringFixed(cur.Scale())
			}
			kind := attribution.DiscrepancyKind(rapid.IntRange(0, int(attribution.AttributionDiffers)).Draw(t, "plant"))
			drop = append(drop, false)
			switch kind {
			case attribution.InLedgerOnly:
				drop[i] = true
			case attribution.BaseDiffers:
				bump(4)
			case attribution.RateDiffers:
				r := l.Attribution.Terms.Split.Creator
				rows[i][7] = (r + 1).String()
				if r == commission.MaxRate {
					rows[i][7] = (r - 1).String()
				}
			case attribution.AmountDiffers:
				if rows[i][12] != "" {
					bump(12) // actual creator
				} else {
					bump(9) // estimated creator
				}
			case attribution.StatusDiffers:
				other := rapid.SampledFrom([]attribution.Status{attribution.StatusPending, attribution.StatusSettled, attribution.StatusVoid, attribution.StatusUnpaid}).
					Filter(func(s attribution.Status) bool { return s != l.Ledger.Status }).Draw(t, "status")
				rows[i][14] = words[other]
			case attribution.AttributionDiffers:
				rows[i][3] = "mallory"
			case attribution.InReportOnly:
				extra := slices.Clone(rows[i])
				extra[0] = "new-" + extra[0]
				rows = append(rows, extra)
				drop = append(drop, false)
			default:
				continue
			}
			key := l.Key
			if kind == attribution.InReportOnly {
				key.Order = "new-" + key.Order
			}
			want = append(want, plant{kind, key})
		}
		var out strings.Builder
		w := csv.NewWriter(&out)
		_ = w.Write(head)
		for i, r := range rows {
			if i < len(drop) && drop[i] {
				continue
			}
			_ = w.Write(r)
		}
		w.Flush()
		rec, err = attribution.Reconcile(strings.NewReader(out.String()), m, src, attribution.ReconcileOptions{})
		if err != nil {
			t.Fatalf("Reconcile(planted) = %v", err)
		}
		var got []plant
		for _, d := range rec.Discrepancies {
			got = append(got, plant{d.Kind, d.Key})
		}
		sortPlants := func(ps []plant) {
			slices.SortFunc(ps, func(a, b plant) int {
				return strings.Compare(fmt.Sprint(a.Kind, a.Key), fmt.Sprint(b.Kind, b.Key))
			})
		}
		sortPlants(got)
		sortPlants(want)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("planted discrepancies (-want +got):\n%s\n%s", diff, out.String())
		}
		if rec.Malformed != 0 {
			t.Fatalf("Reconcile(planted) row errors %v", rec.RowErrors)
		}
		n := 0
		for _, kt := range rec.Kinds {
			n += kt.Count
		}
		if n != len(want) {
			t.Fatalf("kind counts add up to %d, want %d", n, len(want))
		}
	})
}

func mustAdd(a, b commission.Money) commission.Money {
	s, err := a.Add(b)
	if err != nil {
		panic(err)
	}
	return s
}
