package attribution_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
)

// FuzzApply: random order events (any kind, amount, currency, time, id
// reuse, creator) applied to one line never panic; a refused event is one
// of the documented errors and leaves the line as it was; an applied one
// leaves a ledger where creator + agency == total in every amount, nothing
// but a reversal is negative, and the ledger is Derive of the event set
// (A1, K2, K5).
func FuzzApply(f *testing.F) {
	f.Add([]byte{0x12, 0x34, 2, 0x10, 0x27, 0})                                // paid 100.00
	f.Add([]byte{0x12, 0x34, 2, 0x10, 0x27, 0, 5, 0xe8, 0x03, 8, 7, 0, 0, 16}) // paid, refunded 10.00, settled
	f.Add([]byte{0xff, 0xff, 2, 0xff, 0xff, 1, 2, 0x01, 0x00, 1})              // paid twice under one id, other content
	f.Add([]byte{0, 0, 6, 0, 0, 0, 2, 1, 0, 4})                                // delivered before paid, JPY
	f.Add([]byte{0x10, 0x00, 5, 0xff, 0xff, 0, 2, 0x01, 0x00, 0})              // refund before payment, larger than it
	f.Fuzz(fuzzApplyBody)
}

func fuzzApplyBody(t *testing.T, in []byte) {
	{
		if len(in) < 2 {
			return
		}
		total := commission.Rate(int(in[0])<<8|int(in[1])) % (commission.MaxRate + 1)
		split := commission.Split{Total: total, Creator: total / 3}
		tm := terms()
		tm.Split = split
		if len(in)%2 == 1 {
			tm.SettlementWindow = 3 * 24 * time.Hour
		}
		attr := attribution.Attributed(tm)
		now := day(60)
		currencies := []commission.Currency{usd, commission.MustParseCurrency("JPY"), commission.MustParseCurrency("KWD")}
		var l attribution.Line
		in = in[2:]
		for i := 0; len(in) >= 4 && i < 24; i, in = i+1, in[4:] {
			kind := attribution.Kind(in[0] % 10)
			cents := int64(in[1]) | int64(in[2])<<8
			flags := in[3]
			id := fmt.Sprintf("ev-%d", i)
			if flags&1 != 0 && i > 0 {
				id = fmt.Sprintf("ev-%d", i-1) // reuse the previous id
			}
			if flags&2 != 0 {
				cents = -cents
			}
			ev := event(id, kind, "o1", day(int(flags>>4)), commission.Money{})
			if kind == attribution.Paid || kind == attribution.Refunded {
				ev.Amount = commission.FromMinor(cents, currencies[int(flags>>2)%len(currencies)])
			}
			if flags&8 != 0 && flags&2 != 0 {
				ev.Creator = "bob"
			}
			before := l
			next, _, err := attribution.Apply(l, ev, attr, now)
			if err != nil {
				if !knownRefusal(err) {
					t.Fatalf("Apply(%+v) = %v, not a documented error", ev, err)
				}
				if diff := cmp.Diff(before, l, cmpOpts); diff != "" {
					t.Fatalf("a refused Apply changed the line:\n%s", diff)
				}
				continue
			}
			l = next
			checkLedger(t, l)
			again, err := attribution.Derive(l.Attribution, l.Events, now)
			if err != nil {
				t.Fatalf("Derive of an applied line: %v", err)
			}
			if diff := cmp.Diff(l.Ledger, again, cmpOpts); diff != "" {
				t.Fatalf("ledger is not Derive of its events (-kept +derived):\n%s", diff)
			}
		}
		if adv, _, err := attribution.Advance(l, day(400)); err == nil {
			checkLedger(t, adv)
		} else if !knownRefusal(err) {
			t.Fatalf("Advance = %v", err)
		}
	}
}

func knownRefusal(err error) bool {
	for _, e := range []error{attribution.ErrInvalid, attribution.ErrConflict, attribution.ErrCurrencyMismatch} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// checkLedger checks K2 and K5 on every amount of l's ledger.
func checkLedger(t *testing.T, l attribution.Line) {
	t.Helper()
	check := func(what string, m commission.Line, signed bool) {
		if m.Total.Currency.IsZero() && m.Total.IsZero() && m.Creator.IsZero() && m.Agency.IsZero() {
			return
		}
		sum, err := m.Creator.Add(m.Agency)
		if err != nil || !sum.Equal(m.Total) {
			t.Fatalf("%s: creator %v + agency %v != total %v (%v)", what, m.Creator, m.Agency, m.Total, err)
		}
		if signed {
			return
		}
		for _, x := range []commission.Money{m.Base, m.Total, m.Creator, m.Agency} {
			if x.Sign() < 0 {
				t.Fatalf("%s: negative amount %v in %+v", what, x, m)
			}
		}
	}
	check("owed", l.Ledger.Owed, false)
	check("posted", l.Ledger.Posted, false)
	for _, e := range l.Ledger.Entries {
		check(fmt.Sprintf("entry %d", e.Seq), e.Amounts, e.Kind == attribution.Reversal)
	}
	if l.Ledger.Refunded.Sign() < 0 || l.Ledger.Paid.Sign() < 0 {
		t.Fatalf("paid %v refunded %v", l.Ledger.Paid, l.Ledger.Refunded)
	}
}
