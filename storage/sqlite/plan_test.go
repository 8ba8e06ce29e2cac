package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

// R5, C5, A6: the listings whose scope is a small part of a growing table
// read that part through an index, on the first page and past a cursor,
// not the whole table (nor the table from the cursor on): a seller's
// registrations (a shop's, by id), the campaigns with an edit due (the
// sweep of ApplyDueEdits) and the lines due to settle (SettleDue's). The plans are those of the statements the
// store ran.
func TestListingPlansReadOnlyTheirScope(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "plan.db")
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	t0 := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	err = s.Update(ctx, func(tx storage.Tx) error {
		for i := range 3 {
			d := campaign.Details{Market: "US", Name: "Spring", MinRate: 1000, Sellers: campaign.Sellers{Mode: campaign.Open}}
			c := campaign.Campaign{ID: campaign.ID(fmt.Sprintf("c-%d", i)), Agency: "ag-1", Status: campaign.Published, Details: d,
				Pending: &campaign.PendingEdit{Details: d, RequestedAt: t0, AppliesAt: t0.Add(campaign.EditDelay)}}
			if err := tx.Campaigns().Create(c); err != nil {
				return err
			}
			if err := tx.Registrations().Create(registration.Registration{ID: registration.ID(fmt.Sprintf("r-%d", i)),
				Campaign: "c-0", Agency: "ag-1", Shop: "USSHOP01", Product: registration.ProductID(fmt.Sprintf("p-%d", i)),
				Rate: 1500, State: registration.Pending}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Every page, in an Update, so the writer prepares (and keeps) each
	// statement.
	walk := func(list func(tx storage.Tx, p storage.Page) (int, string, error)) {
		t.Helper()
		for p := (storage.Page{Limit: 1}); ; {
			var next string
			if err := s.Update(ctx, func(tx storage.Tx) error {
				var err error
				_, next, err = list(tx, p)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			if next == "" {
				return
			}
			p.After = next
		}
	}
	walk(func(tx storage.Tx, p storage.Page) (int, string, error) {
		cs, next, err := tx.Campaigns().List(storage.CampaignQuery{EditDueBy: t0.Add(time.Hour)}, p)
		return len(cs), next, err
	})
	walk(func(tx storage.Tx, p storage.Page) (int, string, error) {
		rs, next, err := tx.Registrations().List(storage.RegistrationQuery{Filter: registration.Filter{Shop: "USSHOP01"}}, p)
		return len(rs), next, err
	})
	// No line is stored: a first page and one past a cursor run the
	// statements.
	for _, p := range []storage.Page{{Limit: 1}, {Limit: 1, After: storage.EncodeCursor("o-1", "1")}} {
		if err := s.Update(ctx, func(tx storage.Tx) error {
			_, _, err := tx.Orders().List(storage.LineQuery{DueBy: t0.Add(time.Hour)}, p)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}

	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	plan := func(text string) string {
		t.Helper()
		args := make([]any, strings.Count(text, "$"))
		for i := range args {
			args[i] = "x"
		}
		rows, err := db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+text, args...)
		if err != nil {
			t.Fatalf("EXPLAIN QUERY PLAN %s: %v", text, err)
		}
		defer rows.Close()
		var steps []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			steps = append(steps, detail)
		}
		return strings.Join(steps, "; ")
	}
	texts := s.Statements()
	slices.Sort(texts)
	for _, c := range []struct {
		rule, listing, index string
	}{
		{"C5", "SELECT id, body FROM campaigns ", "campaigns_edit_due"},
		{"R5", "SELECT id, body FROM registrations WHERE shop = ", "registrations_shop"},
		{"A6", "SELECT order_id, line_id, body FROM order_lines ", "order_lines_due"},
	} {
		var first, cursor bool
		for _, text := range texts {
			if !strings.HasPrefix(text, c.listing) {
				continue
			}
			if strings.Contains(text, ") > (") {
				cursor = true
			} else {
				first = true
			}
			got := plan(text)
			if !strings.Contains(got, "USING INDEX "+c.index) || strings.Contains(got, "SCAN ") {
				t.Errorf("%s: %s\n  plan %q, want a search of %s", c.rule, text, got, c.index)
			}
		}
		if !first || !cursor {
			t.Errorf("%s: the store ran no listing %q (first page %v, past a cursor %v)", c.rule, c.listing, first, cursor)
		}
	}
}
