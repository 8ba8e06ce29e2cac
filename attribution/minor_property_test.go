package attribution_test

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// The int64 hot paths of Apply, Derive, Advance and the metrics must give
// exactly what the decimal code gives: the same values with the same
// exponents, and the same errors. The reference here is the decimal
// implementation the hot paths replaced, kept verbatim below (it uses
// commission.ComputeNet and Reversal, whose own hot paths package
// commission checks against its exact paths).

// strictOpts compare money by currency, value and exponent: a hot path
// must be invisible, even in how an amount prints.
var strictOpts = cmp.Options{
	cmp.Comparer(func(a, b commission.Money) bool {
		return a.Currency == b.Currency && a.Amount.Exponent() == b.Amount.Exponent() && a.Amount.Equal(b.Amount)
	}),
	cmp.Comparer(func(a, b commission.Currency) bool { return a == b }),
}

var hotCurrencies = []string{"USD", "JPY", "KWD"}

// genHotUnits draws an amount in minor units: small, around the int64
// kernel's limits (2^63/10000, 10^18) or beyond int64.
func genHotUnits(t *rapid.T, label string) *big.Int {
	switch rapid.IntRange(0, 5).Draw(t, label+"Size") {
	case 0:
		v, _ := new(big.Int).SetString(rapid.SampledFrom([]string{"922337203685477", "999999999999999999", "1000000000000000000", "9223372036854775807", "100000000000000000000000"}).Draw(t, label+"Edge"), 10)
		return v.Add(v, big.NewInt(rapid.Int64Range(-2, 2).Draw(t, label+"Off")))
	case 1:
		return big.NewInt(rapid.Int64Range(0, 1<<62).Draw(t, label))
	default:
		return big.NewInt(rapid.Int64Range(0, 100_000).Draw(t, label))
	}
}

// genHotMoney returns units minor units of cur, at the currency's scale or
// at another exponent with the same value (19.990 or 20 USD).
func genHotMoney(t *rapid.T, units *big.Int, cur commission.Currency, label string) commission.Money {
	shift := rapid.SampledFrom([]int32{0, 0, 0, 0, 1, 2, -1}).Draw(t, label+"Shift")
	coef := new(big.Int).Set(units)
	switch {
	case shift > 0:
		coef.Mul(coef, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(shift)), nil))
	case shift < 0 && new(big.Int).Rem(coef, big.NewInt(10)).Sign() == 0:
		coef.Quo(coef, big.NewInt(10))
	default:
		shift = 0
	}
	return commission.Money{Amount: decimal.NewFromBigInt(coef, -cur.Scale()-shift), Currency: cur}
}

// genHotLine draws the events of order line o/1 and its attribution:
// amounts of any size and representation, refunds that sometimes exceed
// the payment or come in another currency, a second payment now and then.
func genHotLine(t *rapid.T) ([]attribution.Event, attribution.Attribution) {
	cur := commission.MustParseCurrency(rapid.SampledFrom(hotCurrencies).Draw(t, "currency"))
	tm := terms()
	total := commission.Rate(rapid.SampledFrom([]int32{0, 1, 333, 1250, 5000, 10000}).Draw(t, "total"))
	tm.Split = commission.Split{Total: total, Creator: commission.Rate(rapid.Int32Range(0, int32(total)).Draw(t, "creatorRate"))}
	if rapid.Bool().Draw(t, "window") {
		tm.SettlementWindow = time.Duration(rapid.IntRange(1, 10*24).Draw(t, "windowHours")) * time.Hour
	}
	attr := attribution.Attributed(tm)
	if rapid.IntRange(0, 9).Draw(t, "unattributed") == 0 {
		attr = attribution.Unattributed(attribution.NoRate)
	}
	var evs []attribution.Event
	at := func() time.Time {
		return day0.Add(time.Duration(rapid.IntRange(0, 20*24).Draw(t, "atHours")) * time.Hour)
	}
	add := func(k attribution.Kind, m commission.Money) {
		evs = append(evs, event(fmt.Sprintf("e%d", len(evs)), k, "o", at(), m))
	}
	paid := genHotUnits(t, "paid")
	if rapid.IntRange(0, 5).Draw(t, "unpaid") > 0 {
		add(attribution.Paid, genHotMoney(t, paid, cur, "paid"))
	}
	left := new(big.Int).Set(paid)
	for range rapid.IntRange(0, 4).Draw(t, "refunds") {
		var u *big.Int
		if left.IsInt64() && left.Sign() > 0 && rapid.IntRange(0, 7).Draw(t, "wildRefund") > 0 {
			u = big.NewInt(rapid.Int64Range(1, left.Int64()).Draw(t, "refund"))
		} else {
			u = genHotUnits(t, "refundUnits")
			if u.Sign() == 0 {
				u.SetInt64(1)
			}
		}
		left.Sub(left, u)
		rc := cur
		if rapid.IntRange(0, 29).Draw(t, "otherCurrency") == 0 {
			rc = commission.MustParseCurrency("EUR")
		}
		add(attribution.Refunded, genHotMoney(t, u, rc, "refund"))
	}
	if rapid.IntRange(0, 19).Draw(t, "secondPayment") == 0 {
		add(attribution.Paid, genHotMoney(t, genHotUnits(t, "paid2"), cur, "paid2"))
	}
	for _, k := range []attribution.Kind{attribution.Placed, attribution.Shipped, attribution.Delivered, attribution.Settled, attribution.Cancelled} {
		if rapid.IntRange(0, 2).Draw(t, "has"+k.String()) == 0 {
			add(k, commission.Money{})
		}
	}
	return evs, attr
}

// A1 K2 K5 A6: applying any events of a line, in any order with
// duplicates, gives after each step exactly the reference decimal ledger
// of the events applied and the reference delta, and refuses exactly the
// events the reference refuses, with the same kind of error; Advance then
// gives the reference ledger at a later time.
func TestPropertyApplyHotPathIsExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		evs, attr := genHotLine(t)
		for range rapid.IntRange(0, min(2, len(evs))).Draw(t, "dups") {
			evs = append(evs, rapid.SampledFrom(evs).Draw(t, "dup"))
		}
		evs = rapid.Permutation(evs).Draw(t, "order")
		now := day0.Add(time.Duration(rapid.IntRange(0, 30*24).Draw(t, "nowHours")) * time.Hour)
		var l attribution.Line
		for _, e := range evs {
			if rapid.IntRange(0, 3).Draw(t, "tamper") == 0 {
				// Apply reuses the previous ledger's amounts only when they
				// are exactly right: a stored ledger is checked, not trusted.
				l.Ledger = tamper(t, l.Ledger)
			}
			next, c, err := attribution.Apply(l, e, attr, now)
			if slices.ContainsFunc(l.Events, func(o attribution.Event) bool { return o.ID == e.ID }) {
				if err != nil || !c.Duplicate {
					t.Fatalf("Apply(%v) again = %+v, %v", e.ID, c, err)
				}
				continue
			}
			wantErr := refCheckAmounts(l.Events, e)
			if wantErr != nil {
				for _, sentinel := range []error{attribution.ErrConflict, attribution.ErrCurrencyMismatch} {
					if errors.Is(err, sentinel) != errors.Is(wantErr, sentinel) {
						t.Fatalf("Apply(%v %v %v) error = %v, reference %v", e.ID, e.Kind, e.Amount, err, wantErr)
					}
				}
				continue
			}
			if err != nil {
				t.Fatalf("Apply(%v %v %v) error = %v, reference accepts it", e.ID, e.Kind, e.Amount, err)
			}
			want, err := refDerive(attr, next.Events, now)
			if err != nil {
				t.Fatalf("reference Derive: %v", err)
			}
			if diff := cmp.Diff(want, next.Ledger, strictOpts); diff != "" {
				t.Fatalf("Apply(%v %v): ledger differs from the reference (-want +got):\n%s", e.ID, e.Kind, diff)
			}
			if diff := cmp.Diff(refDiff(l, next), c.Delta, strictOpts); diff != "" {
				t.Fatalf("Apply(%v %v): delta differs from the reference (-want +got):\n%s", e.ID, e.Kind, diff)
			}
			if got, err := attribution.Derive(attr, next.Events, now); err != nil || cmp.Diff(want, got, strictOpts) != "" {
				t.Fatalf("Derive differs from the reference: %v\n%s", err, cmp.Diff(want, got, strictOpts))
			}
			l = next
		}
		later := now.Add(time.Duration(rapid.IntRange(0, 30*24).Draw(t, "laterHours")) * time.Hour)
		adv, c, err := attribution.Advance(l, later)
		if err != nil {
			t.Fatal(err)
		}
		want := l.Ledger
		if len(l.Events) > 0 {
			if want, err = refDerive(l.Attribution, l.Events, later); err != nil {
				t.Fatal(err)
			}
		}
		if diff := cmp.Diff(want, adv.Ledger, strictOpts); diff != "" {
			t.Fatalf("Advance: ledger differs from the reference (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(refDiff(l, adv), c.Delta, strictOpts); diff != "" {
			t.Fatalf("Advance: delta differs from the reference (-want +got):\n%s", diff)
		}
	})
}

// tamper returns led with one amount off by one minor unit, or led itself
// if it has no amounts. The ledger's slices are copied, not modified.
func tamper(t *rapid.T, led attribution.Ledger) attribution.Ledger {
	lines := []*commission.Line{&led.Owed, &led.Posted}
	led.Entries = slices.Clone(led.Entries)
	for i := range led.Entries {
		lines = append(lines, &led.Entries[i].Amounts)
	}
	l := lines[rapid.IntRange(0, len(lines)-1).Draw(t, "tamperLine")]
	m := []*commission.Money{&l.Base, &l.Total, &l.Creator, &l.Agency, &led.Refunded}[rapid.IntRange(0, 4).Draw(t, "tamperAmount")]
	if m.Currency.IsZero() {
		return led
	}
	m.Amount = m.Amount.Add(decimal.New(1, -m.Currency.Scale()))
	return led
}

// A2: the metrics' hot-path addition and subtraction give exactly what
// decimal arithmetic gives, for amounts of any size and exponent and the
// zero Money.
func TestPropertyMetricsHotPathIsExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cur := commission.MustParseCurrency(rapid.SampledFrom(hotCurrencies).Draw(t, "currency"))
		gen := func(label string) commission.Money {
			if rapid.IntRange(0, 5).Draw(t, label+"Zero") == 0 {
				return commission.Money{}
			}
			u := genHotUnits(t, label)
			if rapid.Bool().Draw(t, label+"Neg") {
				u.Neg(u)
			}
			if rapid.IntRange(0, 3).Draw(t, label+"IsZero") == 0 {
				u.SetInt64(0)
			}
			return genHotMoney(t, u, cur, label)
		}
		a, b := gen("a"), gen("b")
		if rapid.IntRange(0, 5).Draw(t, "shared") == 0 {
			b = a
		}
		wantPlus, wantPlusErr := refPlus(a, b)
		gotPlus, gotPlusErr := attribution.Plus(a, b)
		if (gotPlusErr == nil) != (wantPlusErr == nil) || cmp.Diff(wantPlus, gotPlus, strictOpts) != "" {
			t.Fatalf("plus(%v, %v) = %v (exp %d), %v; reference %v (exp %d), %v", a, b, gotPlus, gotPlus.Amount.Exponent(), gotPlusErr,
				wantPlus, wantPlus.Amount.Exponent(), wantPlusErr)
		}
		if b.Currency.IsZero() || b.Currency == a.Currency {
			want, got := refMinus(a, b), attribution.Minus(a, b)
			if diff := cmp.Diff(want, got, strictOpts); diff != "" {
				t.Fatalf("minus(%v, %v) = %v (exp %d), reference %v (exp %d)", a, b, got, got.Amount.Exponent(), want, want.Amount.Exponent())
			}
		}
	})
}

// refPlus and refMinus are the metrics arithmetic in decimals.
func refPlus(a, b commission.Money) (commission.Money, error) {
	switch {
	case b.Currency.IsZero():
		return a, nil
	case a.Currency.IsZero():
		a = commission.Zero(b.Currency)
	}
	return a.Add(b)
}

func refMinus(a, b commission.Money) commission.Money {
	if b.Currency.IsZero() {
		return a
	}
	d, _ := a.Sub(b)
	return d
}

// refContribution and refDiff are the reference Delta of a step.
func refContribution(l attribution.Line) attribution.Delta {
	led := l.Ledger
	if !l.Attribution.OK() || led.Paid.Currency.IsZero() || len(l.Events) == 0 {
		return attribution.Delta{}
	}
	tm := l.Attribution.Terms
	d := attribution.Delta{
		Campaign: tm.Campaign, Agency: tm.Agency, Shop: tm.Shop, Product: tm.Product, Creator: tm.Creator, TotalRate: tm.Split.Total,
		GMV: led.Owed.Base, EstimatedCreator: led.Owed.Creator, EstimatedAgency: led.Owed.Agency,
		SettledCreator: led.Posted.Creator, SettledAgency: led.Posted.Agency,
	}
	if led.Status == attribution.StatusPending || led.Status == attribution.StatusSettled {
		d.PaidOrders, d.CreatorLines = 1, 1
	}
	return d
}

func refDiff(a, b attribution.Line) attribution.Delta {
	ca, cb := refContribution(a), refContribution(b)
	if cb.Campaign == "" {
		return attribution.Delta{}
	}
	cb.PaidOrders -= ca.PaidOrders
	cb.CreatorLines -= ca.CreatorLines
	cb.GMV = refMinus(cb.GMV, ca.GMV)
	cb.EstimatedCreator = refMinus(cb.EstimatedCreator, ca.EstimatedCreator)
	cb.EstimatedAgency = refMinus(cb.EstimatedAgency, ca.EstimatedAgency)
	cb.SettledCreator = refMinus(cb.SettledCreator, ca.SettledCreator)
	cb.SettledAgency = refMinus(cb.SettledAgency, ca.SettledAgency)
	return cb
}

// refComputeNet is commission.ComputeNet with each refund cut to what the
// earlier ones left of the payment, so the net base stops at zero (K5).
func refComputeNet(paid commission.Money, refunds []commission.Money, s commission.Split) (commission.Line, error) {
	capped := make([]commission.Money, len(refunds))
	left := paid.Amount
	for i, r := range refunds {
		r.Amount = decimal.Min(r.Amount, left)
		left = left.Sub(r.Amount)
		capped[i] = r
	}
	return commission.ComputeNet(paid, capped, s)
}

func refHasAmount(k attribution.Kind) bool { return k == attribution.Paid || k == attribution.Refunded }

func refFirst(a, b *attribution.Event) *attribution.Event {
	if a != nil {
		return a
	}
	return b
}

// refCheckAmounts and refDerive are checkAmounts and Derive as they were
// before the int64 hot paths, in decimal arithmetic, with refunds above the
// payment taking the net base to zero (K5).
func refCheckAmounts(events []attribution.Event, ev attribution.Event) error {
	if !refHasAmount(ev.Kind) {
		return nil
	}
	var paid *attribution.Event
	refunded := commission.Zero(ev.Amount.Currency)
	add := func(e attribution.Event) error {
		if e.Amount.Currency != ev.Amount.Currency {
			return fmt.Errorf("attribution: event %q amount %v on a line in %v: %w", ev.ID, ev.Amount, e.Amount.Currency, attribution.ErrCurrencyMismatch)
		}
		switch e.Kind {
		case attribution.Paid:
			if paid != nil {
				return fmt.Errorf("attribution: line %v already paid by event %q, not %q: %w", ev.Key(), paid.ID, e.ID, attribution.ErrConflict)
			}
			paid = &e
		case attribution.Refunded:
			refunded.Amount = refunded.Amount.Add(e.Amount.Amount)
		}
		return nil
	}
	for _, e := range events {
		if !refHasAmount(e.Kind) {
			continue
		}
		if err := add(e); err != nil {
			return err
		}
	}
	if err := add(ev); err != nil {
		return err
	}
	return nil
}
func refDerive(attr attribution.Attribution, events []attribution.Event, now time.Time) (attribution.Ledger, error) {
	var paid, cancel, settled, delivered *attribution.Event
	var refunded commission.Money
	for i := range events {
		e := &events[i]
		switch e.Kind {
		case attribution.Paid:
			paid = e
		case attribution.Refunded:
			if refunded.Currency.IsZero() {
				refunded = commission.Zero(e.Amount.Currency)
			}
			refunded.Amount = refunded.Amount.Add(e.Amount.Amount)
		case attribution.Cancelled:
			cancel = refFirst(cancel, e)
		case attribution.Settled:
			settled = refFirst(settled, e)
		case attribution.Delivered:
			delivered = refFirst(delivered, e)
		}
	}
	led := attribution.Ledger{Status: attribution.StatusUnpaid, Refunded: refunded}
	if paid == nil {
		if cancel != nil {
			led.Status = attribution.StatusVoid
		}
		return led, nil
	}
	cur := paid.Amount.Currency
	zero := commission.Line{Base: commission.Zero(cur), Total: commission.Zero(cur), Creator: commission.Zero(cur), Agency: commission.Zero(cur)}
	led.Paid, led.Owed, led.Posted = paid.Amount, zero, zero
	if led.Refunded.Currency.IsZero() {
		led.Refunded = commission.Zero(cur)
	}
	if !attr.OK() {
		led.Status = attribution.StatusUnattributed
		return led, nil
	}
	terms := attr.Terms

	settleBy := settled
	var settleAt time.Time
	if settled != nil {
		settleAt = settled.At
	}
	if w := terms.SettlementWindow; w > 0 && delivered != nil {
		if due := delivered.At.Add(w); !now.Before(due) && (settleBy == nil || !due.After(settleAt)) {
			settleBy, settleAt = delivered, due
		}
	}

	var refunds []commission.Money
	if settleBy == nil {
		if cancel != nil {
			led.Status = attribution.StatusVoid
			return led, nil
		}
		for _, e := range events {
			if e.Kind == attribution.Refunded {
				refunds = append(refunds, e.Amount)
			}
		}
		owed, err := refComputeNet(paid.Amount, refunds, terms.Split)
		if err != nil {
			return attribution.Ledger{}, fmt.Errorf("attribution: estimating line %v: %w", paid.Key(), err)
		}
		led.Status, led.Owed = attribution.StatusPending, owed
		if len(refunds) > 0 && owed.Base.Amount.IsZero() {
			led.Status = attribution.StatusVoid
		}
		return led, nil
	}

	led.SettledAt = settleAt
	if cancel != nil && cancel.At.Before(settleAt) {
		led.Status = attribution.StatusVoid
		return led, nil
	}
	ids := []attribution.EventID{paid.ID}
	for _, e := range events {
		if e.Kind == attribution.Refunded && e.At.Before(settleAt) {
			refunds = append(refunds, e.Amount)
			ids = append(ids, e.ID)
		}
	}
	ids = append(ids, settleBy.ID)
	current, err := refComputeNet(paid.Amount, refunds, terms.Split)
	if err != nil {
		return attribution.Ledger{}, fmt.Errorf("attribution: settling line %v: %w", paid.Key(), err)
	}
	if len(refunds) > 0 && current.Base.Amount.IsZero() {
		led.Status = attribution.StatusVoid
		return led, nil
	}
	led.Status = attribution.StatusSettled
	led.Entries = []attribution.Entry{{Seq: 1, Kind: attribution.Settlement, At: settleAt, Amounts: current, Terms: terms, Events: ids}}
	for _, e := range events {
		if e.At.Before(settleAt) || (e.Kind != attribution.Refunded && (cancel == nil || e.ID != cancel.ID)) {
			continue
		}
		owed := zero
		if e.Kind == attribution.Refunded {
			refunds = append(refunds, e.Amount)
			if owed, err = refComputeNet(paid.Amount, refunds, terms.Split); err != nil {
				return attribution.Ledger{}, fmt.Errorf("attribution: refund %q on line %v: %w", e.ID, paid.Key(), err)
			}
		}
		rev, err := commission.Reversal(current, owed)
		if err != nil {
			return attribution.Ledger{}, fmt.Errorf("attribution: reversing line %v: %w", paid.Key(), err)
		}
		led.Entries = append(led.Entries, attribution.Entry{Seq: len(led.Entries) + 1, Kind: attribution.Reversal, At: e.At, Amounts: rev, Terms: terms, Events: []attribution.EventID{e.ID}})
		current = owed
		if e.Kind == attribution.Cancelled {
			led.Status = attribution.StatusVoid
			break
		}
	}
	led.Owed, led.Posted = current, current
	return led, nil
}

// A2: CampaignSum and ProductSum, which add in int64 minor units, give
// after every delta exactly what CampaignMetrics.Add and
// ProductMetrics.Add give one delta at a time (values, exponents, tallies
// and errors), from any stored metrics, for amounts of any size and
// exponent, other currencies and deltas for another scope.
func TestPropertyMetricsSumIsExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cur := commission.MustParseCurrency(rapid.SampledFrom(hotCurrencies).Draw(t, "currency"))
		amount := func(label string) commission.Money {
			switch rapid.IntRange(0, 9).Draw(t, label+"Kind") {
			case 0, 1:
				return commission.Money{}
			case 2:
				return genHotMoney(t, genHotUnits(t, label), commission.MustParseCurrency("EUR"), label)
			}
			u := genHotUnits(t, label)
			if rapid.Bool().Draw(t, label+"Neg") {
				u.Neg(u)
			}
			return genHotMoney(t, u, cur, label)
		}
		var start attribution.Metrics
		if rapid.Bool().Draw(t, "stored") {
			start = attribution.Metrics{PaidOrders: rapid.Int64Range(0, 9).Draw(t, "paidOrders"), Creators: rapid.Int64Range(0, 9).Draw(t, "creators"),
				GMV: amount("gmv0"), EstimatedCreator: amount("ec0"), EstimatedAgency: amount("ea0"), SettledCreator: amount("sc0"), SettledAgency: amount("sa0")}
		}
		cm := attribution.CampaignMetrics{Campaign: "c1", Agency: "ag1", Metrics: start}
		pm := attribution.ProductMetrics{Campaign: "c1", Agency: "ag1", Shop: "s", Product: "p1", TotalRate: 1250, Metrics: start,
			Content: attribution.ContentCounts{Videos: 3}}
		if rapid.IntRange(0, 4).Draw(t, "fresh") == 0 {
			cm, pm = attribution.CampaignMetrics{}, attribution.ProductMetrics{}
		}
		cs, ps := cm.Sum(), pm.Sum()
		var cn, pn int64
		for range rapid.IntRange(1, 12).Draw(t, "deltas") {
			d := attribution.Delta{Campaign: "c1", Agency: "ag1", Shop: "s", Product: "p1", Creator: "alice", TotalRate: 1250,
				GMV: amount("gmv"), EstimatedCreator: amount("ec"), EstimatedAgency: amount("ea"), SettledCreator: amount("sc"), SettledAgency: amount("sa")}
			d.PaidOrders = rapid.Int64Range(-1, 1).Draw(t, "paid")
			d.CreatorLines = d.PaidOrders
			switch rapid.IntRange(0, 19).Draw(t, "scope") {
			case 0:
				d.Campaign = "c2"
			case 1:
				d.Product = "p2"
			}
			wantCM, wantCN, wantCErr := cm.Add(d, cn)
			gotCN, gotCErr := cs.Add(d, cn)
			if (gotCErr == nil) != (wantCErr == nil) || gotCN != wantCN {
				t.Fatalf("CampaignSum.Add(%+v, %d) = %d, %v; CampaignMetrics.Add = %d, %v", d, cn, gotCN, gotCErr, wantCN, wantCErr)
			}
			if diff := cmp.Diff(wantCM, cs.Metrics(), strictOpts); diff != "" {
				t.Fatalf("CampaignSum differs from CampaignMetrics.Add (-want +got):\n%s", diff)
			}
			wantPM, wantPN, wantPErr := pm.Add(d, pn)
			gotPN, gotPErr := ps.Add(d, pn)
			if (gotPErr == nil) != (wantPErr == nil) || gotPN != wantPN {
				t.Fatalf("ProductSum.Add(%+v, %d) = %d, %v; ProductMetrics.Add = %d, %v", d, pn, gotPN, gotPErr, wantPN, wantPErr)
			}
			if diff := cmp.Diff(wantPM, ps.Metrics(), strictOpts); diff != "" {
				t.Fatalf("ProductSum differs from ProductMetrics.Add (-want +got):\n%s", diff)
			}
			cm, cn, pm, pn = wantCM, wantCN, wantPM, wantPN
		}
	})
}

// A1: the id check of Event.Validate accepts exactly the ids the plain
// definition accepts: 1 to 128 bytes of valid UTF-8, no control character
// (C0 or DEL), nothing that strings.TrimSpace would trim.
func TestPropertyCleanIDIsExact(t *testing.T) {
	pieces := []string{"a", "Z", "9", "-", "_", " ", "\t", "\n", "\v", "\f", "\r", "\x00", "\x01", "\x1f", "\x7f", "\u0080", "\u00a0", "\u0085", "\u2003", "\u3000",
		"é", "日", "\xff", "\xe2\x80", "\U0001F600"}
	rapid.Check(t, func(t *rapid.T) {
		var s string
		if rapid.IntRange(0, 9).Draw(t, "long") == 0 {
			s = strings.Repeat("x", rapid.IntRange(120, 140).Draw(t, "n"))
		}
		for range rapid.IntRange(0, 6).Draw(t, "pieces") {
			s += rapid.SampledFrom(pieces).Draw(t, "piece")
		}
		control := strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
		want := s != "" && len(s) <= 128 && strings.TrimSpace(s) == s && utf8.ValidString(s) && !control
		if got := attribution.CleanID(s); got != want {
			t.Fatalf("cleanID(%q) = %v, want %v", s, got, want)
		}
	})
}
