package partnerkit_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
)

// ordersWorld is newWorld with three paid lines: o-1 (maya, serum 39.98,
// settled), o-2 (leo, mask 24.50, pending) in agency-aurora's campaign,
// and o-3 (maya, the rival's night cream 50.00) in the rival's.
func ordersWorld(t *testing.T) *world {
	t.Helper()
	w := newWorld(t)
	w.accept(w.maya, w.listLink, w.rivalLink)
	w.accept(w.leo, w.listLink)
	h := func(n int) time.Time { return start.Add(time.Duration(n) * time.Hour) }
	w.clock.Set(h(100))
	w.ingest(
		w.event("o1-paid", attribution.Paid, "o-1", w.maya, w.serum, "39.98", h(1), h(1)),
		w.event("o1-settled", attribution.Settled, "o-1", w.maya, w.serum, "", h(50), h(1)),
		w.event("o2-paid", attribution.Paid, "o-2", w.leo, w.mask, "24.50", h(2), h(2)),
		w.event("o3-paid", attribution.Paid, "o-3", w.maya, w.cream, "50.00", h(3), h(3)),
	)
	return w
}

// storedLines returns every stored line, read straight from the store.
func storedLines(t *testing.T, w *world) []attribution.Line {
	t.Helper()
	var out []attribution.Line
	err := w.store.View(w.ctx, func(tx storage.Tx) error {
		ls, _, err := tx.Orders().List(storage.LineQuery{}, storage.Page{Limit: storage.MaxLimit})
		out = ls
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A5 (reconciling), A4 (an agency sees only its own campaigns)
func TestServiceReconcile(t *testing.T) {
	w := ordersWorld(t)
	m := attribution.TikTokPartnerOrders()
	var report strings.Builder
	// The platform's export lists all three lines, the rival's too, and
	// pays leo 0.01 more than the rules say.
	if err := attribution.WriteReport(&report, m, storedLines(t, w)); err != nil {
		t.Fatal(err)
	}
	csv := strings.Replace(report.String(), "24.50,USD,12%,8%,2.94,1.96,0.98", "24.50,USD,12%,8%,2.94,1.97,0.97", 1)
	if csv == report.String() {
		t.Fatalf("report has no o-2 row to plant in:\n%s", csv)
	}
	rec, err := w.svc.Reconcile(w.ctx, w.agency, w.camp.ID, strings.NewReader(csv), m)
	if err != nil {
		t.Fatalf("Reconcile() = %v", err)
	}
	var got []string
	for _, d := range rec.Discrepancies {
		got = append(got, d.Kind.String()+" "+d.Key.String())
	}
	// The rival's line is not in scope: in report only, its ledger figures
	// never shown.
	if diff := cmp.Diff([]string{"amount_differs o-2/1", "in_report_only o-3/1"}, got); diff != "" {
		t.Fatalf("Reconcile() discrepancies (-want +got):\n%s", diff)
	}
	if rec.Agreed != 1 || rec.Rows != 3 || !rec.Kinds[attribution.AmountDiffers].Difference.Creator.Equal(money(t, "0.01")) {
		t.Errorf("Reconcile() = %d rows, %d agreed, amount difference %+v; want 3, 1, creator 0.01 USD", rec.Rows, rec.Agreed, rec.Kinds[attribution.AmountDiffers])
	}
	if d := rec.Discrepancies[1]; d.Ledger != (attribution.Figures{}) {
		t.Errorf("in report only o-3 shows ledger figures %+v", d.Ledger)
	}

	// Without the o-2 row, the ledger's o-2 is in ledger only.
	var short strings.Builder
	for _, row := range strings.SplitAfter(report.String(), "\n") {
		if !strings.HasPrefix(row, "o-2,") {
			short.WriteString(row)
		}
	}
	rec, err = w.svc.Reconcile(w.ctx, w.agency, w.camp.ID, strings.NewReader(short.String()), m)
	if err != nil || rec.Kinds[attribution.InLedgerOnly].Count != 1 || rec.Agreed != 1 {
		t.Fatalf("Reconcile(without o-2) = %+v, %v; want o-2 in ledger only", rec.Kinds, err)
	}

	for name, call := range map[string]func() error{
		"another agency's campaign": func() error {
			_, err := w.svc.Reconcile(w.ctx, w.agency, w.rivalCamp.ID, strings.NewReader(csv), m)
			return err
		},
		"by the rival": func() error {
			_, err := w.svc.Reconcile(w.ctx, w.rival, w.camp.ID, strings.NewReader(csv), m)
			return err
		},
	} {
		if err := call(); !errors.Is(err, partnerkit.ErrNotFound) {
			t.Errorf("Reconcile(%s) = %v, want ErrNotFound", name, err)
		}
	}
	if _, err := w.svc.Reconcile(w.ctx, partnerkit.Agency{}, w.camp.ID, strings.NewReader(csv), m); !errors.Is(err, partnerkit.ErrForbidden) {
		t.Errorf("Reconcile(no agency) = %v, want ErrForbidden", err)
	}
}

// K1, K2: a what-if moves money between creator and agency only.
func TestServiceWhatIf(t *testing.T) {
	w := ordersWorld(t)
	sc, err := w.svc.WhatIf(w.ctx, w.agency, w.camp.ID, map[registration.ProductID]commission.Rate{w.serum.Product: 1500})
	if err != nil {
		t.Fatalf("WhatIf(serum 15%%) = %v", err)
	}
	got := map[registration.ProductID]string{}
	for _, p := range sc.Products {
		got[p.Product] = p.Difference.Creator.String() + " / " + p.Difference.Agency.String()
	}
	// serum 39.98 at 15%: creator 4.00 -> 6.00, agency 2.00 -> 0.00.
	want := map[registration.ProductID]string{w.serum.Product: "2.00 USD / -2.00 USD", w.mask.Product: "0.00 USD / 0.00 USD"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("WhatIf(serum 15%%) differences (-want +got):\n%s", diff)
	}
	byList, err := w.svc.WhatIfList(w.ctx, w.agency, w.list.ID, map[registration.ProductID]commission.Rate{w.serum.Product: 1500})
	if err != nil || !byList.Difference.Creator.Equal(sc.Difference.Creator) || byList.Lines != 2 {
		t.Errorf("WhatIfList(Spring picks) = %+v, %v; want the campaign's figures", byList, err)
	}

	var fe *partnerkit.FieldError
	if _, err := w.svc.WhatIf(w.ctx, w.agency, w.camp.ID, map[registration.ProductID]commission.Rate{w.serum.Product: 1501}); !errors.Is(err, partnerkit.ErrInvalid) || !errors.As(err, &fe) {
		t.Errorf("WhatIf(serum 15.01%% > total 15%%) = %v, want a *FieldError wrapping ErrInvalid", err)
	}
	if _, err := w.svc.WhatIf(w.ctx, w.rival, w.camp.ID, nil); !errors.Is(err, partnerkit.ErrNotFound) {
		t.Errorf("WhatIf(by the rival) = %v, want ErrNotFound", err)
	}
	if _, err := w.svc.WhatIfList(w.ctx, w.agency, w.rivalList.ID, nil); !errors.Is(err, partnerkit.ErrNotFound) {
		t.Errorf("WhatIfList(the rival's list) = %v, want ErrNotFound", err)
	}
}

// A6 (every line explains itself), A4 (each party its own view), P6.
func TestServiceExplain(t *testing.T) {
	w := ordersWorld(t)
	o1 := attribution.LineKey{Order: "o-1", Line: "1"}
	e, err := w.svc.Explain(w.ctx, w.agency, o1)
	if err != nil {
		t.Fatalf("Explain(o-1) = %v", err)
	}
	tm := e.Attribution.Terms
	if tm.Campaign != w.camp.ID || tm.Registration != w.serum.ID || tm.List != w.list.ID || tm.RateVersion != 1 ||
		tm.Split != (commission.Split{Total: 1500, Creator: 1000}) || e.RateEffective.IsZero() || len(e.Steps) != 2 || len(e.Ledger.Entries) != 1 {
		t.Fatalf("Explain(o-1) =\n%s\n%+v", e, e)
	}
	c, err := w.svc.CreatorExplanation(w.ctx, w.maya, o1)
	if err != nil || c.Rate != 1000 || !c.Commission.Equal(money(t, "4.00")) || c.RateEffective.IsZero() {
		t.Errorf("CreatorExplanation(maya, o-1) = %+v, %v; want 10%%, 4.00 USD", c, err)
	}
	s, err := w.svc.SellerExplanation(w.ctx, w.glow, o1)
	if err != nil || s.TotalRate != 1500 || !s.Commission.Equal(money(t, "6.00")) || strings.Contains(s.String(), string(w.maya.ID)) {
		t.Errorf("SellerExplanation(glow, o-1) = %+v, %v; want 15%%, 6.00 USD, no creator", s, err)
	}

	o3 := attribution.LineKey{Order: "o-3", Line: "1"}
	for name, call := range map[string]func() error{
		"agency, another's campaign": func() error { _, err := w.svc.Explain(w.ctx, w.agency, o3); return err },
		"rival, agency's line":       func() error { _, err := w.svc.Explain(w.ctx, w.rival, o1); return err },
		"agency, unknown line": func() error {
			_, err := w.svc.Explain(w.ctx, w.agency, attribution.LineKey{Order: "nope", Line: "1"})
			return err
		},
		"agency, empty key":       func() error { _, err := w.svc.Explain(w.ctx, w.agency, attribution.LineKey{}); return err },
		"creator, another's line": func() error { _, err := w.svc.CreatorExplanation(w.ctx, w.leo, o1); return err },
		"seller, another shop's":  func() error { _, err := w.svc.SellerExplanation(w.ctx, w.trail, o1); return err },
	} {
		if err := call(); !errors.Is(err, partnerkit.ErrNotFound) {
			t.Errorf("%s = %v, want ErrNotFound", name, err)
		}
	}
	if _, err := w.svc.Explain(w.ctx, w.rival, o3); err != nil {
		t.Errorf("Explain(rival, its own o-3) = %v", err)
	}
}
