package attribution_test

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/attribution"
)

// A5: a spreadsheet export starts with a UTF-8 byte order mark, before an
// unquoted or a quoted header, and the report reads as without it, even
// when the reader hands it over a byte at a time.
func TestReconcileReportWithBOM(t *testing.T) {
	quoted := `"` + strings.ReplaceAll(strings.TrimSuffix(rcHeader, "\n"), ",", `","`) + "\"\n"
	tests := []struct{ name, report string }{
		{"unquoted header", "\uFEFF" + rcHeader},
		{"quoted header", "\uFEFF" + quoted},
		{"quoted header, CRLF", "\uFEFF" + strings.TrimSuffix(quoted, "\n") + "\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			report := tt.report + rcRow1 + rcRow2 + rcRow3
			for _, one := range []bool{false, true} {
				rec, err := attribution.Reconcile(reader(report, one), attribution.TikTokPartnerOrders(), attribution.SourceOf(rcCampaign()), attribution.ReconcileOptions{})
				if err != nil || !rec.OK() || rec.Agreed != 3 {
					t.Fatalf("Reconcile(%q…, byte at a time %v) = %d agreed, errors %v, %v; want 3 agreeing", report[:20], one, rec.Agreed, rec.RowErrors, err)
				}
			}
		})
	}
}

// reader reads s, a byte at a time if oneByte.
func reader(s string, oneByte bool) io.Reader {
	if oneByte {
		return iotest.OneByteReader(strings.NewReader(s))
	}
	return strings.NewReader(s)
}

// A5: a row is numbered by the report line it starts on: blank lines
// count, and a row whose quoted cell spans lines is numbered by its first
// line (the rows after it by their own).
func TestReconcileRowIsTheLineTheRowStartsOn(t *testing.T) {
	badPayment := strings.Replace(rcRow2, "40.00", "41.00", 1)
	badStatus := strings.Replace(rcRow2, "pending", "limbo", 1)
	note := func(row, cell string) string { return strings.TrimSuffix(row, "\n") + "," + cell + "\n" }
	noteHeader := note(rcHeader, "Note")
	tests := []struct {
		name    string
		report  string
		rows    int // discrepancy's row, or 0 for none
		errRows []int
	}{
		{"no blank line", rcHeader + rcRow1 + badPayment + rcRow3, 3, nil},
		{"blank lines before the row", rcHeader + rcRow1 + "\n\n" + badPayment + rcRow3, 5, nil},
		{"blank CRLF lines before the row", rcHeader + rcRow1 + "\r\n\r\n" + badPayment + rcRow3, 5, nil},
		{"blank lines before the header", "\n\n" + rcHeader + rcRow1 + badPayment + rcRow3, 5, nil},
		{"BOM and a blank line before the header", "\uFEFF\n" + rcHeader + rcRow1 + badPayment + rcRow3, 4, nil},
		{"row error after blank lines", rcHeader + rcRow1 + "\n\n\n" + badStatus + rcRow3, 0, []int{6}},
		{"syntax error after blank lines", rcHeader + rcRow1 + "\n\n" + `o2,1,ca"p,bob` + "\n" + rcRow3, 0, []int{5}},
		{"quoted cell spanning lines", noteHeader + note(rcRow1, "\"two\nlines\"") + note(badPayment, "") + note(rcRow3, ""), 4, nil},
		{"row error on a row spanning lines", noteHeader + note(rcRow1, "") + note(badStatus, "\"three\r\nlines\n\"") + note(rcRow3, ""), 0, []int{3}},
		{"row after a row spanning lines", noteHeader + note(rcRow1, "\"two\nlines\"") + note(rcRow3, "") + "\n" + note(badStatus, ""), 0, []int{6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := reconcileString(t, tt.report)
			var rows []int
			for _, d := range rec.Discrepancies {
				if d.Kind != attribution.InLedgerOnly {
					rows = append(rows, d.Row)
				}
			}
			var want []int
			if tt.rows != 0 {
				want = []int{tt.rows}
			}
			if diff := cmp.Diff(want, rows); diff != "" {
				t.Errorf("discrepancy rows (-want +got):\n%s\n%v", diff, rec.Discrepancies)
			}
			var errRows []int
			for _, e := range rec.RowErrors {
				if !errors.Is(e, attribution.ErrInvalid) {
					t.Errorf("row error %v, want ErrInvalid", e)
				}
				errRows = append(errRows, e.Row)
			}
			if diff := cmp.Diff(tt.errRows, errRows); diff != "" {
				t.Errorf("row error rows (-want +got):\n%s\n%v", diff, rec.RowErrors)
			}
			if rec.Rows != 3 {
				t.Errorf("Rows = %d, want 3 (blank lines are no rows)", rec.Rows)
			}
		})
	}
}
