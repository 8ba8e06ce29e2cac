package attribution_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
)

const rcHeader = "Order ID,SKU Order ID,Product ID,Creator ID,Payment Amount,Currency,Total Commission Rate,Creator Commission Rate," +
	"Est. Total Commission,Est. Creator Commission,Est. Partner Commission,Actual Total Commission,Actual Creator Commission,Actual Partner Commission,Settlement Status\n"

// rcGood are the rows of rcCampaign's report, as WriteReport writes them.
const (
	rcRow1 = "o1,1,mug,alice,19.99,USD,12.5%,10%,2.50,2.00,0.50,2.50,2.00,0.50,settled\n"
	rcRow2 = "o2,1,cap,bob,40.00,USD,20%,5%,8.00,2.00,6.00,,,,pending\n"
	rcRow3 = "o3,1,mug,alice,100.00,USD,12.5%,10%,9.38,7.50,1.88,9.38,7.50,1.88,settled\n"
)

func reconcileString(t *testing.T, report string) attribution.Reconciliation {
	t.Helper()
	rec, err := attribution.Reconcile(strings.NewReader(report), attribution.TikTokPartnerOrders(), attribution.SourceOf(rcCampaign()), attribution.ReconcileOptions{})
	if err != nil {
		t.Fatalf("Reconcile() = %v", err)
	}
	return rec
}

// A5, K2: WriteReport writes the ledger's exact amounts.
func TestWriteReportMatchesRows(t *testing.T) {
	var b strings.Builder
	if err := attribution.WriteReport(&b, attribution.TikTokPartnerOrders(), rcCampaign()); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(rcHeader+rcRow1+rcRow2+rcRow3, b.String()); diff != "" {
		t.Fatalf("WriteReport (-want +got):\n%s", diff)
	}
}

// TestReconcileDiscrepancies: each kind of discrepancy, with both values
// and the difference (K2 amounts, K3 attribution, A6 status).
func TestReconcileDiscrepancies(t *testing.T) {
	usd := func(s string) commission.Money { return rcUSD(s) }
	key := func(o string) attribution.LineKey {
		return attribution.LineKey{Order: attribution.OrderID(o), Line: "1"}
	}
	tests := []struct {
		name   string
		report string
		want   attribution.Discrepancy
	}{
		{"payment", rcRow1 + strings.Replace(rcRow2, "40.00", "41.00", 1) + rcRow3, attribution.Discrepancy{
			Kind: attribution.BaseDiffers, Key: key("o2"), Row: 3, Field: "payment",
			Report: attribution.Figures{Amounts: attribution.Amounts{Paid: usd("41.00")}}, Ledger: attribution.Figures{Amounts: attribution.Amounts{Paid: usd("40.00")}},
			Difference: attribution.Amounts{Paid: usd("1.00")}}},
		{"creator rate", rcRow1 + strings.Replace(rcRow2, ",5%,", ",4.5%,", 1) + rcRow3, attribution.Discrepancy{
			Kind: attribution.RateDiffers, Key: key("o2"), Row: 3, Field: "creator_rate",
			Report: attribution.Figures{Rate: 450}, Ledger: attribution.Figures{Rate: 500}, RateDifference: -50}},
		{"total rate without percent sign", rcRow1 + strings.Replace(rcRow2, ",20%,", ",21,", 1) + rcRow3, attribution.Discrepancy{
			Kind: attribution.RateDiffers, Key: key("o2"), Row: 3, Field: "total_rate",
			Report: attribution.Figures{Rate: 2100}, Ledger: attribution.Figures{Rate: 2000}, RateDifference: 100}},
		{"actual agency", rcRow1 + rcRow2 + strings.Replace(rcRow3, "9.38,7.50,1.88,settled", "9.38,7.50,1.87,settled", 1), attribution.Discrepancy{
			Kind: attribution.AmountDiffers, Key: key("o3"), Row: 4, Field: "actual",
			Report:     attribution.Figures{Amounts: attribution.Amounts{Total: usd("9.38"), Creator: usd("7.50"), Agency: usd("1.87")}},
			Ledger:     attribution.Figures{Amounts: attribution.Amounts{Total: usd("9.38"), Creator: usd("7.50"), Agency: usd("1.88")}},
			Difference: attribution.Amounts{Total: usd("0"), Creator: usd("0"), Agency: usd("-0.01")}}},
		{"status", rcRow1 + strings.Replace(rcRow2, "pending", "Settled", 1) + rcRow3, attribution.Discrepancy{
			Kind: attribution.StatusDiffers, Key: key("o2"), Row: 3, Field: "status",
			Report: attribution.Figures{Status: attribution.StatusSettled}, Ledger: attribution.Figures{Status: attribution.StatusPending}}},
		{"creator", rcRow1 + strings.Replace(rcRow2, ",bob,", ",mallory,", 1) + rcRow3, attribution.Discrepancy{
			Kind: attribution.AttributionDiffers, Key: key("o2"), Row: 3, Field: "creator",
			Report: attribution.Figures{Creator: "mallory"}, Ledger: attribution.Figures{Creator: "bob"}}},
		{"in ledger only", rcRow1 + rcRow3, attribution.Discrepancy{
			Kind: attribution.InLedgerOnly, Key: key("o2"),
			Ledger: attribution.Figures{Product: "cap", Creator: "bob", Rate: 500, Status: attribution.StatusPending,
				Amounts: attribution.Amounts{Paid: usd("40.00"), Total: usd("8.00"), Creator: usd("2.00"), Agency: usd("6.00")}},
			Difference: attribution.Amounts{Paid: usd("-40.00"), Total: usd("-8.00"), Creator: usd("-2.00"), Agency: usd("-6.00")}}},
		{"in report only", rcRow1 + rcRow2 + rcRow3 + strings.Replace(rcRow2, "o2,", "o4,", 1), attribution.Discrepancy{
			Kind: attribution.InReportOnly, Key: key("o4"), Row: 5,
			Report: attribution.Figures{Product: "cap", Creator: "bob", Rate: 500, Status: attribution.StatusPending,
				Amounts: attribution.Amounts{Paid: usd("40.00"), Total: usd("8.00"), Creator: usd("2.00"), Agency: usd("6.00")}},
			Difference: attribution.Amounts{Paid: usd("40.00"), Total: usd("8.00"), Creator: usd("2.00"), Agency: usd("6.00")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := reconcileString(t, rcHeader+tt.report)
			if diff := cmp.Diff([]attribution.Discrepancy{tt.want}, rec.Discrepancies, rcOpts); diff != "" {
				t.Fatalf("Reconcile discrepancies (-want +got):\n%s", diff)
			}
			wantKinds := map[attribution.DiscrepancyKind]attribution.KindTotal{tt.want.Kind: {Count: 1, Difference: tt.want.Difference}}
			if diff := cmp.Diff(wantKinds, rec.Kinds, rcOpts); diff != "" {
				t.Errorf("Reconcile kinds (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want.Difference, rec.Difference, rcOpts); diff != "" {
				t.Errorf("Reconcile difference (-want +got):\n%s", diff)
			}
			if rec.Malformed != 0 || rec.Currency.Code() != "USD" {
				t.Errorf("Reconcile malformed %d currency %v, want 0 USD", rec.Malformed, rec.Currency)
			}
		})
	}
}

var rcOpts = cmp.Options{
	cmp.Comparer(func(a, b commission.Money) bool { return a.Currency == b.Currency && a.Amount.Equal(b.Amount) }),
	cmp.Comparer(func(a, b commission.Currency) bool { return a == b }),
}

// TestReconcileMalformedRows (A5): a malformed row is reported with its row
// and column and the run goes on (the good rows still reconcile).
func TestReconcileMalformedRows(t *testing.T) {
	type rowErr struct {
		Row    int
		Column string
		Is     error
	}
	tests := []struct {
		name string
		bad  string
		want []rowErr
	}{
		{"money finer than the currency", strings.Replace(rcRow2, "40.00", "40.001", 1), []rowErr{{3, "Payment Amount", attribution.ErrInvalid}}},
		{"negative money", strings.Replace(rcRow2, "8.00", "-8.00", 1), []rowErr{{3, "Est. Total Commission", attribution.ErrInvalid}}},
		{"bad rate", strings.Replace(rcRow2, "20%", "twenty", 1), []rowErr{{3, "Total Commission Rate", attribution.ErrInvalid}}},
		{"unknown status", strings.Replace(rcRow2, "pending", "limbo", 1), []rowErr{{3, "Settlement Status", attribution.ErrInvalid}}},
		{"unknown currency", strings.Replace(rcRow2, "USD", "XYZ", 1), []rowErr{{3, "Currency", attribution.ErrInvalid}}},
		{"other currency", strings.Replace(rcRow2, "USD", "EUR", 1), []rowErr{{3, "Currency", attribution.ErrCurrencyMismatch}}},
		{"empty order id", strings.Replace(rcRow2, "o2,", ",", 1), []rowErr{{3, "Order ID", attribution.ErrInvalid}}},
		{"missing payment", strings.Replace(rcRow2, "40.00", "", 1), []rowErr{{3, "Payment Amount", attribution.ErrInvalid}}},
		{"short row", "o2,1,cap\n", []rowErr{{3, "", attribution.ErrInvalid}}},
		{"bare quote", "o2,1,ca\"p,bob,40.00,USD,20%,5%,8.00,2.00,6.00,,,,pending\n", []rowErr{{3, "", attribution.ErrInvalid}}},
		{"oversized cell", strings.Replace(rcRow2, "cap", strings.Repeat("x", attribution.MaxReportFieldBytes+1), 1), []rowErr{{3, "Product ID", attribution.ErrInvalid}}},
		{"two problems", strings.Replace(strings.Replace(rcRow2, "40.00", "x", 1), "pending", "limbo", 1),
			[]rowErr{{3, "Payment Amount", attribution.ErrInvalid}, {3, "Settlement Status", attribution.ErrInvalid}}},
		{"listed twice", rcRow2 + rcRow2, []rowErr{{4, "Order ID", attribution.ErrConflict}}},
		// Ids the ledger cannot hold name no line: the row's error, not
		// the run's (a store refuses to look up an id with NUL).
		{"NUL in the order id", strings.Replace(rcRow2, "o2,", "o\x002,", 1), []rowErr{{3, "Order ID", attribution.ErrInvalid}}},
		{"control character in the line id", strings.Replace(rcRow2, "o2,1,", "o2,1\x01,", 1), []rowErr{{3, "SKU Order ID", attribution.ErrInvalid}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := reconcileString(t, rcHeader+rcRow1+tt.bad+rcRow3)
			var got []rowErr
			for _, e := range rec.RowErrors {
				var is error
				for _, s := range []error{attribution.ErrConflict, attribution.ErrCurrencyMismatch, attribution.ErrInvalid} {
					if errors.Is(e, s) {
						is = s
						break
					}
				}
				got = append(got, rowErr{e.Row, e.Column, is})
			}
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
				t.Fatalf("Reconcile row errors (-want +got):\n%s", diff)
			}
			if rec.Malformed != 1 || rec.Agreed < 2 {
				t.Errorf("Reconcile malformed %d agreed %d, want 1 and the good rows (>= 2)", rec.Malformed, rec.Agreed)
			}
			var re *attribution.RowError
			if !errors.As(rec.RowErrors[0], &re) || len(re.Value) > 64 {
				t.Errorf("RowError value %q, want at most 64 bytes", re.Value)
			}
		})
	}
}

// A5: a row for a line the ledger does not hold, listed twice, is counted
// once as in the report only and flagged the second time.
func TestReconcileReportOnlyListedTwice(t *testing.T) {
	stray := "o9,1,mug,alice,19.99,USD,12.5%,10%,2.50,2.00,0.50,,,,pending\n"
	rec := reconcileString(t, rcHeader+rcRow1+rcRow2+rcRow3+stray+stray)
	if got := rec.Kinds[attribution.InReportOnly]; got.Count != 1 {
		t.Errorf("in report only: %+v, want 1 line", got)
	}
	if len(rec.RowErrors) != 1 || !errors.Is(rec.RowErrors[0], attribution.ErrConflict) || rec.RowErrors[0].Row != 6 || rec.Malformed != 1 {
		t.Errorf("row errors %v (malformed %d), want row 6 listed twice (ErrConflict)", rec.RowErrors, rec.Malformed)
	}
}

// A5: given the ledger's currency, a stray first row in another is that
// row's error; the rest of the report is compared as usual.
func TestReconcileLedgerCurrency(t *testing.T) {
	stray := "o9,1,mug,alice,19.99,EUR,12.5%,10%,2.50,2.00,0.50,,,,pending\n"
	rec, err := attribution.Reconcile(strings.NewReader(rcHeader+stray+rcRow1+rcRow2+rcRow3), attribution.TikTokPartnerOrders(),
		attribution.SourceOf(rcCampaign()), attribution.ReconcileOptions{Currency: commission.MustParseCurrency("USD")})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Currency.Code() != "USD" || rec.Agreed != 3 || rec.Malformed != 1 || !errors.Is(rec.RowErrors[0], attribution.ErrCurrencyMismatch) {
		t.Errorf("currency %v, agreed %d, malformed %d, errors %v; want USD, 3, 1, the EUR row", rec.Currency, rec.Agreed, rec.Malformed, rec.RowErrors)
	}
}

// TestReconcileRefuses (A5): errors that stop the run, matched by value;
// an endless row is refused after about MaxReportRowBytes.
func TestReconcileRefuses(t *testing.T) {
	m := attribution.TikTokPartnerOrders()
	noCurrency := m
	noCurrency.Currency = ""
	both := m
	both.FixedCurrency = commission.MustParseCurrency("USD")
	dup := m
	dup.Status = "Order ID"
	badStatus := m
	badStatus.Statuses = map[string]attribution.Status{"x": 0}
	tests := []struct {
		name   string
		m      attribution.ReportMapping
		report io.Reader
		field  string
	}{
		{"mapping without currency", noCurrency, strings.NewReader(rcHeader), "mapping.currency"},
		{"mapping with both currencies", both, strings.NewReader(rcHeader), "mapping.currency"},
		{"mapping naming a column twice", dup, strings.NewReader(rcHeader), "mapping.status"},
		{"mapping with an invalid status", badStatus, strings.NewReader(rcHeader), "mapping.statuses[x]"},
		{"empty report", m, strings.NewReader(""), "header"},
		{"header lacks a column", m, strings.NewReader(strings.Replace(rcHeader, "Settlement Status", "State", 1)), "header"},
		{"header has a column twice", m, strings.NewReader(strings.Replace(rcHeader, "Product ID", "Order ID", 1)), "header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := attribution.Reconcile(tt.report, tt.m, attribution.SourceOf(nil), attribution.ReconcileOptions{})
			var fe *attribution.FieldError
			if !errors.Is(err, attribution.ErrInvalid) || !errors.As(err, &fe) || fe.Field != tt.field {
				t.Fatalf("Reconcile() = %v, want a *FieldError for %q wrapping ErrInvalid", err, tt.field)
			}
		})
	}

	t.Run("oversized row", func(t *testing.T) {
		// An endless quoted cell: refused after about MaxReportRowBytes,
		// never read to its end.
		r := io.MultiReader(strings.NewReader(rcHeader+rcRow1+"\""), endless{})
		_, err := attribution.Reconcile(r, m, attribution.SourceOf(rcCampaign()), attribution.ReconcileOptions{})
		if !errors.Is(err, attribution.ErrInvalid) {
			t.Fatalf("Reconcile(endless row) = %v, want ErrInvalid", err)
		}
	})
	t.Run("source finds a key it does not list", func(t *testing.T) {
		_, err := attribution.Reconcile(strings.NewReader(rcHeader+rcRow1), m, leaky{attribution.SourceOf(rcCampaign())}, attribution.ReconcileOptions{})
		if !errors.Is(err, attribution.ErrInvalid) {
			t.Fatalf("Reconcile(leaky source) = %v, want ErrInvalid", err)
		}
	})
}

// endless is an unending stream of 'x'.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

// leaky lists no keys but finds lines: it breaks LedgerSource's contract.
type leaky struct{ attribution.LedgerSource }

func (leaky) Keys(func(attribution.LineKey) bool) error { return nil }

// TestReconcileLimit (A5): only Limit discrepancies are listed; counts cover all.
func TestReconcileLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString(rcHeader + rcRow1 + rcRow2 + rcRow3)
	for i := range 5 {
		fmt.Fprintf(&b, "x%d,1,mug,alice,1.00,USD,12.5%%,10%%,0.12,0.10,0.02,,,,pending\n", i)
		fmt.Fprintf(&b, "y%d,1,mug,alice,oops,USD,12.5%%,10%%,0.12,0.10,0.02,,,,pending\n", i)
	}
	rec, err := attribution.Reconcile(strings.NewReader(b.String()), attribution.TikTokPartnerOrders(), attribution.SourceOf(rcCampaign()), attribution.ReconcileOptions{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Discrepancies) != 2 || len(rec.RowErrors) != 2 || !rec.Truncated || rec.Kinds[attribution.InReportOnly].Count != 5 || rec.Malformed != 5 {
		t.Fatalf("Reconcile(Limit 2) = %d listed, %d row errors, truncated %v, kinds %v, malformed %d; want 2, 2, true, 5 in report only, 5",
			len(rec.Discrepancies), len(rec.RowErrors), rec.Truncated, rec.Kinds, rec.Malformed)
	}
	if got := rec.Kinds[attribution.InReportOnly].Difference.Creator; !got.Equal(rcUSD("0.50")) {
		t.Errorf("in report only creator difference = %v, want 0.50 USD", got)
	}
}

// A5: a minimal mapping with a fixed currency reads its own report.
func TestReconcileFixedCurrencyNoStatus(t *testing.T) {
	m := attribution.ReportMapping{Order: "order", Line: "line", Payment: "paid", FixedCurrency: commission.MustParseCurrency("USD"),
		Estimated: attribution.AmountColumns{Creator: "creator"}}
	var b strings.Builder
	if err := attribution.WriteReport(&b, m, rcCampaign()); err != nil {
		t.Fatal(err)
	}
	rec, err := attribution.Reconcile(strings.NewReader(b.String()), m, attribution.SourceOf(rcCampaign()), attribution.ReconcileOptions{})
	if err != nil || !rec.OK() || rec.Agreed != 3 {
		t.Fatalf("Reconcile(own minimal report) = %+v, %v; want 3 agreeing", rec, err)
	}
}

func TestDiscrepancyKindCodes(t *testing.T) {
	for k := attribution.InReportOnly; k <= attribution.AttributionDiffers; k++ {
		got, err := attribution.ParseDiscrepancyKind(k.String())
		if err != nil || got != k {
			t.Errorf("ParseDiscrepancyKind(%q) = %v, %v; want %v", k.String(), got, err, k)
		}
	}
	if _, err := attribution.ParseDiscrepancyKind("invalid"); !errors.Is(err, attribution.ErrInvalid) {
		t.Errorf("ParseDiscrepancyKind(invalid) = %v, want ErrInvalid", err)
	}
}

// synthSource is a ledger of n lines computed from their index, so that
// measuring Reconcile's memory does not measure the ledger's.
type synthSource struct {
	n    int
	mug  attribution.Terms
	sink func()
}

func synthKey(i int) attribution.LineKey {
	return attribution.LineKey{Order: attribution.OrderID("o" + strconv.Itoa(i)), Line: "1"}
}

func (s synthSource) line(i int) attribution.Line {
	paid := commission.FromMinor(int64(100+i%10_000), commission.MustParseCurrency("USD"))
	split := s.mug.Split
	total, _ := commission.Compute(paid, split)
	return attribution.Line{Key: synthKey(i), Creator: s.mug.Creator, Attribution: attribution.Attributed(s.mug),
		Ledger: attribution.Ledger{Status: attribution.StatusPending, Paid: paid, Owed: total}}
}

func (s synthSource) Line(k attribution.LineKey) (attribution.Line, bool, error) {
	i, err := strconv.Atoi(strings.TrimPrefix(string(k.Order), "o"))
	if err != nil || i < 0 || i >= s.n || k.Line != "1" {
		return attribution.Line{}, false, nil
	}
	if s.sink != nil {
		s.sink()
	}
	return s.line(i), true, nil
}

func (s synthSource) Keys(yield func(attribution.LineKey) bool) error {
	for i := range s.n {
		if s.sink != nil {
			s.sink()
		}
		if !yield(synthKey(i)) {
			break
		}
	}
	return nil
}

// synthReport streams the report of s row by row, never holding it.
type synthReport struct {
	s   synthSource
	i   int
	buf []byte
}

func (r *synthReport) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		if r.i > r.s.n {
			return 0, io.EOF
		}
		if r.i == 0 {
			r.buf = []byte(rcHeader)
		} else {
			l := r.s.line(r.i - 1)
			r.buf = fmt.Appendf(r.buf[:0], "%s,1,mug,alice,%s,USD,12.5%%,10%%,%s,%s,%s,,,,pending\n", l.Key.Order,
				l.Ledger.Paid.Amount.StringFixed(2), l.Ledger.Owed.Total.Amount.StringFixed(2), l.Ledger.Owed.Creator.Amount.StringFixed(2), l.Ledger.Owed.Agency.Amount.StringFixed(2))
		}
		r.i++
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// TestReconcileMillionLines reconciles a generated 1,000,000-line report
// against 1,000,000 in-scope ledger lines and logs the peak heap, sampled
// with runtime.ReadMemStats every 10,000 lookups and keys listed. It runs only with
// PARTNERKIT_RECONCILE_1E6=1 (a few seconds), so the default go test
// stays fast.
func TestReconcileMillionLines(t *testing.T) {
	if os.Getenv("PARTNERKIT_RECONCILE_1E6") == "" {
		t.Skip("set PARTNERKIT_RECONCILE_1E6=1 to reconcile a 1,000,000-line report and measure its memory")
	}
	const n = 1_000_000
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak uint64
	calls := 0
	src := synthSource{n: n, mug: rcTerms("mug", "alice", 1250, 1000)}
	src.sink = func() {
		if calls++; calls%10_000 == 0 {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}
	rec, err := attribution.Reconcile(&synthReport{s: src}, attribution.TikTokPartnerOrders(), src, attribution.ReconcileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Rows != n || rec.Agreed != n || !rec.OK() {
		t.Fatalf("Reconcile(1e6) = %d rows, %d agreed, kinds %v, malformed %d; want all agreeing", rec.Rows, rec.Agreed, rec.Kinds, rec.Malformed)
	}
	t.Logf("1e6 rows: peak HeapAlloc %.1f MiB (baseline %.1f MiB, growth %.1f MiB)",
		float64(peak)/(1<<20), float64(base.HeapAlloc)/(1<<20), float64(peak-min(peak, base.HeapAlloc))/(1<<20))
}

// BenchmarkReconcile reconciles a 10,000-line report per op.
func BenchmarkReconcile(b *testing.B) {
	src := synthSource{n: 10_000, mug: rcTerms("mug", "alice", 1250, 1000)}
	m := attribution.TikTokPartnerOrders()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := attribution.Reconcile(&synthReport{s: src}, m, src, attribution.ReconcileOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(src.n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// A5: past the bound on remembered stray keys, a repeat is counted again
// and the Reconciliation says the check stopped; below it, it is flagged.
func TestReconcileRepeatsUncheckedPastTheBound(t *testing.T) {
	if testing.Short() {
		t.Skip("a report of 262,145 rows")
	}
	var b strings.Builder
	b.WriteString(rcHeader)
	stray := func(i int) string {
		return fmt.Sprintf("s%d,1,mug,alice,1.00,USD,12.5%%,10%%,0.13,0.10,0.03,,,,pending\n", i)
	}
	n := attribution.MaxReportOnlyTracked + 1
	for i := range n {
		b.WriteString(stray(i))
	}
	b.WriteString(stray(0))     // remembered: flagged
	b.WriteString(stray(n - 1)) // past the bound: counted again
	rec := reconcileString(t, b.String())
	if !rec.RepeatsUnchecked || rec.Kinds[attribution.InReportOnly].Count != n+1 || rec.Malformed != 1 {
		t.Errorf("RepeatsUnchecked %v, in report only %d, malformed %d; want true, %d, 1",
			rec.RepeatsUnchecked, rec.Kinds[attribution.InReportOnly].Count, rec.Malformed, n+1)
	}
	if small := reconcileString(t, rcHeader+stray(1)+stray(1)); small.RepeatsUnchecked {
		t.Error("RepeatsUnchecked for a small report")
	}
}
