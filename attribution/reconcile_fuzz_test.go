package attribution_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/partnerkit/partnerkit/attribution"
)

// FuzzReconcileReport feeds arbitrary bytes to the report reader as a
// TikTok-style export. Whatever the input, Reconcile does not panic; it
// either refuses the report (ErrInvalid, or ErrCurrencyMismatch for a
// report in another currency than its ledger) or returns a Reconciliation
// whose counts add up, whose row errors name real rows (lines), in order, and wrap a
// sentinel, and whose kind totals count every discrepancy (A5).
// Seeds are in testdata/fuzz/FuzzReconcileReport.
func FuzzReconcileReport(f *testing.F) {
	f.Add([]byte(rcHeader + rcRow1 + rcRow2 + rcRow3))
	f.Add([]byte(rcHeader + "o2,1,ca\"p,bob,40.00,USD,20%,5%,8.00,2.00,6.00,,,,pending\n" + rcRow3))
	f.Add([]byte("\uFEFF\n\"Order ID\"" + rcHeader[len("Order ID"):] + "\n\n" + rcRow1 + "\r\n" + rcRow2 + "\"o3\n\"" + rcRow3[2:]))
	lines := rcCampaign()
	m := attribution.TikTokPartnerOrders()
	f.Fuzz(func(t *testing.T, report []byte) {
		rec, err := attribution.Reconcile(bytes.NewReader(report), m, attribution.SourceOf(lines), attribution.ReconcileOptions{})
		if err != nil {
			if !errors.Is(err, attribution.ErrInvalid) && !errors.Is(err, attribution.ErrCurrencyMismatch) {
				t.Fatalf("Reconcile() = %v, want nil, ErrInvalid or ErrCurrencyMismatch", err)
			}
			return
		}
		if rec.Agreed+rec.Malformed > rec.Rows || rec.Malformed > len(rec.RowErrors) {
			t.Fatalf("Reconcile() = %d rows, %d agreed, %d malformed, %d row errors", rec.Rows, rec.Agreed, rec.Malformed, len(rec.RowErrors))
		}
		// A row is numbered by the line it starts on: after the header's,
		// in report order, and no later than the report's last line.
		lines := bytes.Count(report, []byte("\n")) + 1
		prev := 2
		for _, e := range rec.RowErrors {
			if e.Row < prev || e.Row > lines || len(e.Value) > 64 {
				t.Fatalf("row error %v: row outside %d..%d or value longer than 64 bytes", e, prev, lines)
			}
			prev = e.Row
			if !errors.Is(e, attribution.ErrInvalid) && !errors.Is(e, attribution.ErrConflict) && !errors.Is(e, attribution.ErrCurrencyMismatch) {
				t.Fatalf("row error %v wraps no sentinel", e)
			}
		}
		n := 0
		for _, kt := range rec.Kinds {
			n += kt.Count
		}
		if n != len(rec.Discrepancies) {
			t.Fatalf("kind counts add up to %d, %d discrepancies listed", n, len(rec.Discrepancies))
		}
		for _, d := range rec.Discrepancies {
			if d.Kind.String() == "invalid" || d.Row < 0 || d.Row > lines || (d.Row == 0) != (d.Kind == attribution.InLedgerOnly) {
				t.Fatalf("discrepancy %v: bad kind or row", d)
			}
		}
	})
}
