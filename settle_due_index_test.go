package partnerkit_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	_ "modernc.org/sqlite"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

// A6: SettleDue reads the lines the store lists as due. A database
// upgraded to the due index has every older line marked due (the
// migration cannot know their windows): the store lists those that are
// not due at all, and the first sweep puts them back, which changes no
// money, metric or outbox; the line due later is listed, and settled, when
// its time comes, and only it.
func TestSettleDueAfterTheUpgradeMarkedEveryLine(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "upgraded.db")
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	w := newWorldOn(t, s, partnerkit.Options{})
	w.accept(w.maya, w.listLink)
	h := func(n int) time.Time { return start.Add(time.Duration(n) * time.Hour) }
	w.ingest(
		w.event("o1-paid", attribution.Paid, "o-1", w.maya, w.serum, "39.98", h(0), h(0)),
		w.event("o1-delivered", attribution.Delivered, "o-1", w.maya, w.serum, "", h(24), h(0)),
		w.event("o2-paid", attribution.Paid, "o-2", w.maya, w.mask, "24.50", h(0), h(0)),
		w.event("o2-settled", attribution.Settled, "o-2", w.maya, w.mask, "", h(30), h(0)),
		w.event("o3-paid", attribution.Paid, "o-3", w.maya, w.serum, "10.00", h(0), h(0)),
	)
	due, ok := w.lineOf("o-1").DueAt()
	if !ok {
		t.Fatal("o-1, delivered in a market with a settlement window, is not due")
	}
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// What the migration to the due index does to the lines before it.
	if _, err := db.Exec(`UPDATE order_lines SET due_at = '0001-01-01T00:00:00.000000000Z'`); err != nil {
		t.Fatal(err)
	}
	marked := func() (n int) {
		t.Helper()
		if err := db.QueryRow(`SELECT count(*) FROM order_lines WHERE due_at < '1000'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := marked(); n != 3 {
		t.Fatalf("%d lines marked due, want 3", n)
	}
	before := map[string]attribution.Line{}
	for _, o := range []string{"o-1", "o-2", "o-3"} {
		before[o] = w.lineOf(o)
	}
	metrics, err := w.svc.CampaignMetrics(w.ctx, w.agency, w.camp.ID)
	if err != nil {
		t.Fatal(err)
	}
	seq := w.lastSeq()
	sweep := func() { w.settleDue(1) }

	w.clock.Set(due.Add(-time.Second))
	sweep()
	if n := marked(); n != 1 {
		t.Errorf("after a sweep, %d lines still marked, want 1 (o-1, due later)", n)
	}
	for o, l := range before {
		if diff := cmp.Diff(l, w.lineOf(o)); diff != "" {
			t.Errorf("a sweep before the window changed %s (-before +after):\n%s", o, diff)
		}
	}
	if got, err := w.svc.CampaignMetrics(w.ctx, w.agency, w.camp.ID); err != nil || cmp.Diff(metrics, got) != "" {
		t.Errorf("a sweep before the window changed the metrics: %v\n%s", err, cmp.Diff(metrics, got))
	}
	if got := w.outbox(seq); len(got) != 0 {
		t.Errorf("a sweep before the window announced %v", got)
	}

	w.clock.Set(due)
	sweep()
	if l := w.lineOf("o-1"); l.Ledger.Status != attribution.StatusSettled {
		t.Errorf("at the window: o-1 is %v, want settled", l.Ledger.Status)
	}
	if n := marked(); n != 0 {
		t.Errorf("after the sweep at the window, %d lines still marked", n)
	}
	for _, o := range []string{"o-2", "o-3"} {
		if diff := cmp.Diff(before[o], w.lineOf(o)); diff != "" {
			t.Errorf("the sweep at the window changed %s (-before +after):\n%s", o, diff)
		}
	}
	if diff := cmp.Diff([]string{"order.settled"}, w.outbox(seq)); diff != "" {
		t.Errorf("outbox after the sweeps (-want +got):\n%s", diff)
	}
}
