package attribution_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
)

// twoAgencies returns lines of alice in c1 (ag1, shop USSHOP01) and of bob
// in c9 (ag2, shop USSHOP02), both settled.
func twoAgencies(t *testing.T) []attribution.Line {
	t.Helper()
	t9 := terms()
	t9.Campaign, t9.Agency, t9.Shop, t9.Product, t9.Creator, t9.Entry = "c9", "ag2", "USSHOP02", "p9", "bob", "e9"
	attr := func(e attribution.Event) attribution.Attribution {
		if e.Creator == "bob" {
			return attribution.Attributed(t9)
		}
		return attribution.Attributed(terms())
	}
	b := func(e attribution.Event) attribution.Event { e = by(e, "bob"); e.Entry = "e9"; return e }
	m := applyAll(t, attr, day(20),
		event("a-paid", attribution.Paid, "o1", day(1), money(t, "10.00")),
		event("a-settled", attribution.Settled, "o1", day(2), none),
		b(event("b-paid", attribution.Paid, "o2", day(1), money(t, "20.00"))),
		b(event("b-settled", attribution.Settled, "o2", day(2), none)),
	)
	return []attribution.Line{m[attribution.LineKey{Order: "o1", Line: "1"}], m[attribution.LineKey{Order: "o2", Line: "1"}]}
}

// A4: seller types have no field that could carry a creator or a creator's
// figure; the creator type has no total or agency figure.
func TestViewTypesHideWhatTheyMust(t *testing.T) {
	creatorType := reflect.TypeFor[productlist.CreatorID]()
	for _, typ := range []reflect.Type{reflect.TypeFor[attribution.SellerOrder](), reflect.TypeFor[attribution.SellerProduct](),
		reflect.TypeFor[attribution.Statement](), reflect.TypeFor[attribution.StatementLine]()} {
		for f := range typ.Fields() {
			// A count of creators is product-level; an id or an amount is not.
			if f.Type == creatorType || (strings.Contains(f.Name, "Creator") && f.Type != reflect.TypeFor[int64]()) {
				t.Errorf("A4: %v has field %s %v", typ, f.Name, f.Type)
			}
		}
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[attribution.CreatorOrder](), reflect.TypeFor[attribution.CreatorStatementLine](), reflect.TypeFor[attribution.CreatorStatement]()} {
		for f := range typ.Fields() {
			if strings.Contains(f.Name, "Total") || strings.Contains(f.Name, "Agency") || f.Type == reflect.TypeFor[commission.Split]() ||
				f.Type == reflect.TypeFor[commission.Line]() || f.Type == reflect.TypeFor[attribution.Terms]() {
				t.Errorf("A4 K1: %v has field %s %v", typ, f.Name, f.Type)
			}
		}
	}
}

// A4: each party sees only its own lines and campaigns.
func TestViewsFilterByParty(t *testing.T) {
	lines := twoAgencies(t)
	keys := func(n int, key func(int) attribution.LineKey) []string {
		var out []string
		for i := range n {
			out = append(out, key(i).String())
		}
		return out
	}
	so := attribution.SellerOrders("USSHOP01", lines)
	if diff := cmp.Diff([]string{"o1/1"}, keys(len(so), func(i int) attribution.LineKey { return so[i].Key })); diff != "" {
		t.Errorf("SellerOrders(USSHOP01) (-want +got):\n%s", diff)
	}
	if !so[0].Commission.Equal(money(t, "1.25")) {
		t.Errorf("seller commission = %v, want the total 1.25 USD", so[0].Commission)
	}
	co := attribution.CreatorOrders("bob", lines)
	if diff := cmp.Diff([]string{"o2/1"}, keys(len(co), func(i int) attribution.LineKey { return co[i].Key })); diff != "" {
		t.Errorf("CreatorOrders(bob) (-want +got):\n%s", diff)
	}
	if co[0].Rate != 1000 || !co[0].Commission.Equal(money(t, "2.00")) {
		t.Errorf("bob sees rate %v commission %v, want 10%% and 2.00 USD", co[0].Rate, co[0].Commission)
	}
	ao := attribution.AgencyOrders("ag2", lines)
	if diff := cmp.Diff([]string{"o2/1"}, keys(len(ao), func(i int) attribution.LineKey { return ao[i].Key })); diff != "" {
		t.Errorf("AgencyOrders(ag2) (-want +got):\n%s", diff)
	}
	tot, err := attribution.Recompute(lines)
	if err != nil {
		t.Fatal(err)
	}
	var cms []attribution.CampaignMetrics
	for _, id := range []campaign.ID{"c1", "c9"} {
		cms = append(cms, tot.Campaigns[id])
	}
	if got := attribution.AgencyCampaigns("ag1", cms); len(got) != 1 || got[0].Campaign != "c1" {
		t.Errorf("AgencyCampaigns(ag1) = %+v, want c1 only", got)
	}
	var pms []attribution.ProductMetrics
	for _, p := range tot.Products {
		pms = append(pms, p)
	}
	if got := attribution.AgencyProducts("ag2", pms); len(got) != 1 || got[0].Product != "p9" {
		t.Errorf("AgencyProducts(ag2) = %+v, want p9 only", got)
	}
	sp := attribution.SellerProducts("USSHOP02", pms)
	if len(sp) != 1 || !sp[0].SettledCommission.Equal(money(t, "2.50")) || sp[0].PaidOrders != 1 {
		t.Errorf("SellerProducts(USSHOP02) = %+v, want p9 with 2.50 USD settled", sp)
	}
}

// A5: the seller CSV has one row per line, no creator, amounts at scale.
func TestWriteSellerCSV(t *testing.T) {
	var b strings.Builder
	if err := attribution.WriteSellerCSV(&b, attribution.SellerOrders("USSHOP01", twoAgencies(t))); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		attribution.SellerCSVHeader(),
		{"o1", "1", "c1", "p1", "settled", "2026-03-02T00:00:00Z", "10.00", "1.25", "USD"},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("seller CSV (-want +got):\n%s", diff)
	}
}

// A5: statements reconcile per line and in total, and refuse a bad period.
func TestStatementsReconcile(t *testing.T) {
	lines := twoAgencies(t)
	st, err := attribution.NewSellerStatement("USSHOP02", usd, day(0), day(10), lines)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Lines) != 1 || st.Lines[0].Key.Order != "o2" {
		t.Fatalf("seller statement lines = %+v, want o2 only", st.Lines)
	}
	// A4: a seller sees the base and the total commission it pays, not
	// the split, which would tell it the creator's rate.
	if l := st.Lines[0]; l.Base.String() != "20.00 USD" || l.Commission.String() != "2.50 USD" {
		t.Errorf("seller statement line = base %v commission %v, want 20.00 and 2.50", l.Base, l.Commission)
	}
	if st.Base.String() != "20.00 USD" || st.Commission.String() != "2.50 USD" {
		t.Errorf("seller statement totals = base %v commission %v, want 20.00 and 2.50", st.Base, st.Commission)
	}
	if b, err := json.Marshal(st); err != nil || bytes.Contains(b, []byte("Creator")) || bytes.Contains(b, []byte("Agency")) || bytes.Contains(b, []byte(`"2.00"`)) {
		t.Errorf("A4: the seller statement shows the split: %s, %v", b, err)
	}
	empty, err := attribution.NewAgencyStatement("ag1", usd, day(3), day(10), lines)
	if err != nil || len(empty.Lines) != 0 || !empty.Totals.Total.IsZero() {
		t.Errorf("statement for a period with no entries = %+v, %v", empty, err)
	}
	if _, err := attribution.NewAgencyStatement("ag1", usd, day(10), day(10), lines); !errors.Is(err, attribution.ErrInvalid) {
		t.Errorf("empty period: %v, want ErrInvalid", err)
	}
	if _, err := attribution.NewCreatorStatement("bob", commission.Currency{}, day(0), day(10), lines); !errors.Is(err, attribution.ErrInvalid) {
		t.Errorf("no currency: %v, want ErrInvalid", err)
	}
}

// A3: sample quantities may be raised, never lowered once approved; the
// logistics status moves forward only; content counts note samples.
func TestProgress(t *testing.T) {
	p := attribution.Progress{Campaign: "c1", Product: "p1", Creator: "alice"}
	p, err := p.RequestSample("s1", 2)
	if err != nil {
		t.Fatal(err)
	}
	if p, err = p.SetSampleQuantity("s1", 1); err != nil {
		t.Fatalf("lowering before approval: %v", err)
	}
	if p, err = p.SetSampleStatus("s1", attribution.SampleApproved); err != nil {
		t.Fatal(err)
	}
	if _, err := p.SetSampleQuantity("s1", 0); !errors.Is(err, attribution.ErrInvalid) {
		t.Errorf("quantity 0: %v, want ErrInvalid", err)
	}
	if p, err = p.SetSampleQuantity("s1", 3); err != nil {
		t.Fatalf("raising after approval: %v", err)
	}
	if _, err := p.SetSampleQuantity("s1", 2); !errors.Is(err, attribution.ErrInvalid) {
		t.Errorf("A3: lowering after approval: %v, want ErrInvalid", err)
	}
	if _, err := p.SetSampleQuantity("nope", 5); !errors.Is(err, attribution.ErrNotFound) {
		t.Errorf("unknown sample: %v, want ErrNotFound", err)
	}
	if _, err := p.RequestSample("s1", 1); !errors.Is(err, attribution.ErrConflict) {
		t.Errorf("sample id reused: %v, want ErrConflict", err)
	}
	if _, err := p.SetSampleStatus("s1", attribution.SampleDelivered); !errors.Is(err, attribution.ErrInvalid) {
		t.Errorf("approved -> delivered: %v, want ErrInvalid", err)
	}
	p, d1, err := p.AddContent("v1", attribution.Video)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []attribution.SampleStatus{attribution.SampleShipped, attribution.SampleDelivered} {
		if p, err = p.SetSampleStatus("s1", s); err != nil {
			t.Fatal(err)
		}
	}
	p, d2, err := p.AddContent("l1", attribution.Live)
	if err != nil {
		t.Fatal(err)
	}
	p, d3, err := p.AddContent("l1", attribution.Live) // duplicate: no change
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := p.AddContent("l1", attribution.Video); !errors.Is(err, attribution.ErrConflict) {
		t.Errorf("content id reused as another kind: %v, want ErrConflict", err)
	}
	want := attribution.ContentCounts{Videos: 1, Lives: 1, LivesWithSample: 1}
	if diff := cmp.Diff(want, d1.Add(d2).Add(d3)); diff != "" {
		t.Errorf("content deltas (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, p.Counts()); diff != "" {
		t.Errorf("Counts (-want +got):\n%s", diff)
	}
	// A2: products filter by posted-content status.
	ps := []attribution.ProductMetrics{{Product: "p1", Content: want}, {Product: "p2"}}
	if got := attribution.FilterProducts(ps, attribution.ContentPosted); len(got) != 1 || got[0].Product != "p1" {
		t.Errorf("FilterProducts(posted) = %+v", got)
	}
	if got := attribution.FilterProducts(ps, attribution.NoContent); len(got) != 1 || got[0].Product != "p2" {
		t.Errorf("FilterProducts(no content) = %+v", got)
	}
	// The zero status is no filter; a status that is no constant keeps
	// nothing rather than passing for one of them.
	if got := attribution.FilterProducts(ps, 0); len(got) != 2 {
		t.Errorf("FilterProducts(0) = %+v, want both", got)
	}
	if got := attribution.FilterProducts(ps, attribution.NoContent+1); len(got) != 0 {
		t.Errorf("FilterProducts(%d) = %+v, want none", attribution.NoContent+1, got)
	}
}

// A2: metrics refuse a delta of another scope and a creator tally going
// negative.
func TestMetricsAddErrors(t *testing.T) {
	m := attribution.CampaignMetrics{Campaign: "c1"}
	if _, _, err := m.Add(attribution.Delta{Campaign: "c2"}, 0); !errors.Is(err, attribution.ErrInvalid) {
		t.Errorf("delta of another campaign: %v, want ErrInvalid", err)
	}
	if _, _, err := m.Add(attribution.Delta{Campaign: "c1", CreatorLines: -1}, 0); !errors.Is(err, attribution.ErrInvalid) {
		t.Errorf("negative tally: %v, want ErrInvalid", err)
	}
	p := attribution.ProductMetrics{Campaign: "c1", Product: "p1"}
	if _, _, err := p.Add(attribution.Delta{Campaign: "c1", Product: "p2"}, 0); !errors.Is(err, attribution.ErrInvalid) {
		t.Errorf("delta of another product: %v, want ErrInvalid", err)
	}
	jpy := commission.FromMinor(1, commission.MustParseCurrency("JPY"))
	m1, _, err := m.Add(attribution.Delta{Campaign: "c1", GMV: money(t, "1.00")}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := m1.Add(attribution.Delta{Campaign: "c1", GMV: jpy}, 0); !errors.Is(err, attribution.ErrCurrencyMismatch) {
		t.Errorf("delta in another currency: %v, want ErrCurrencyMismatch", err)
	}
}
