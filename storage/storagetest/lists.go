package storagetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/internal/text"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
)

func listCreateGet(t *testing.T, s storage.Store) {
	empty := newList("l-empty", "ag-1", "Empty", 0)
	full := newList("l-full", "ag-1", "Full", productlist.MaxProducts) // P2: 100 is allowed
	full.Entries[3].Rates, _, _ = full.Entries[3].Rates.Change(900, now.Add(48*time.Hour), now)
	update(t, s, func(tx storage.Tx) error {
		_, err := tx.Lists().Get("l-empty")
		wantErr(t, "Get before Create", err, storage.ErrNotFound)
		wantErr(t, "Create empty", tx.Lists().Create(empty), nil)
		wantErr(t, "Create with 100 products", tx.Lists().Create(full), nil)
		return nil
	})
	view(t, s, func(tx storage.Tx) error {
		for _, want := range []productlist.List{empty, full} {
			got, err := tx.Lists().Get(want.ID)
			wantErr(t, "Get "+string(want.ID), err, nil)
			diff(t, "Get "+string(want.ID), want, got)
		}
		return nil
	})
}

func listCreateConflict(t *testing.T, s storage.Store) {
	first := newList("l-1", "ag-1", "First", 1)
	update(t, s, func(tx storage.Tx) error { return tx.Lists().Create(first) })
	err := s.Update(context.Background(), func(tx storage.Tx) error {
		return tx.Lists().Create(newList("l-1", "ag-2", "Second", 2))
	})
	wantErr(t, "Create with a taken id", err, storage.ErrConflict)
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Lists().Get("l-1")
		wantErr(t, "Get", err, nil)
		diff(t, "the first list stands", first, got)
		for _, ag := range []campaign.AgencyID{"ag-1", "ag-2"} {
			n, err := tx.Lists().Count(ag)
			wantErr(t, "Count", err, nil)
			if want := map[campaign.AgencyID]int{"ag-1": 1, "ag-2": 0}[ag]; n != want {
				t.Errorf("Count(%s) = %d, want %d", ag, n, want)
			}
		}
		return nil
	})
}

// listProductLimit: P2, a list of 101 products is ErrLimit on Create and
// Update.
func listProductLimit(t *testing.T, s storage.Store) {
	ok := newList("l-ok", "ag-1", "OK", productlist.MaxProducts)
	update(t, s, func(tx storage.Tx) error { return tx.Lists().Create(ok) })
	err := s.Update(context.Background(), func(tx storage.Tx) error {
		return tx.Lists().Create(newList("l-101", "ag-1", "Too many", productlist.MaxProducts+1))
	})
	wantErr(t, "Create with 101 products", err, storage.ErrLimit) // P2
	err = s.Update(context.Background(), func(tx storage.Tx) error {
		return tx.Lists().Update(newList("l-ok", "ag-1", "OK", productlist.MaxProducts+1))
	})
	wantErr(t, "Update to 101 products", err, storage.ErrLimit) // P2
	view(t, s, func(tx storage.Tx) error {
		_, err := tx.Lists().Get("l-101")
		wantErr(t, "Get of the refused list", err, storage.ErrNotFound)
		got, err := tx.Lists().Get("l-ok")
		wantErr(t, "Get", err, nil)
		diff(t, "list after refused Update", ok, got)
		n, err := tx.Lists().Count("ag-1")
		if err != nil || n != 1 {
			t.Errorf("Count = %d, %v; want 1", n, err)
		}
		return nil
	})
}

// listPerAgencyLimit: P2, an agency's 1001st list is ErrLimit; deleting one
// makes room; another agency is not affected.
func listPerAgencyLimit(t *testing.T, s storage.Store) {
	update(t, s, func(tx storage.Tx) error {
		for i := range productlist.MaxLists {
			if err := tx.Lists().Create(newList(productlist.ListID(fmt.Sprintf("l-%04d", i)), "ag-1", "L", 0)); err != nil {
				return fmt.Errorf("list %d: %w", i, err)
			}
		}
		return nil
	})
	err := s.Update(context.Background(), func(tx storage.Tx) error {
		return tx.Lists().Create(newList("l-1001", "ag-1", "One too many", 0))
	})
	wantErr(t, "Create of the 1001st list", err, storage.ErrLimit) // P2
	update(t, s, func(tx storage.Tx) error {
		if err := tx.Lists().Create(newList("l-other", "ag-2", "Other agency", 0)); err != nil {
			return err
		}
		if err := tx.Lists().Delete("l-0500"); err != nil {
			return err
		}
		return tx.Lists().Create(newList("l-1001", "ag-1", "Room again", 0))
	})
	view(t, s, func(tx storage.Tx) error {
		n, err := tx.Lists().Count("ag-1")
		if err != nil || n != productlist.MaxLists {
			t.Errorf("Count = %d, %v; want %d", n, err, productlist.MaxLists)
		}
		return nil
	})
}

func listUpdateDeleteCount(t *testing.T, s storage.Store) {
	l := newList("l-1", "ag-1", "Summer", 3)
	err := s.Update(context.Background(), func(tx storage.Tx) error { return tx.Lists().Update(l) })
	wantErr(t, "Update of a missing list", err, storage.ErrNotFound)
	err = s.Update(context.Background(), func(tx storage.Tx) error { return tx.Lists().Delete("l-1") })
	wantErr(t, "Delete of a missing list", err, storage.ErrNotFound)
	update(t, s, func(tx storage.Tx) error {
		if err := tx.Lists().Create(l); err != nil {
			return err
		}
		return tx.Lists().Create(newList("l-2", "ag-1", "Winter", 0))
	})
	renamed, err := l.Rename("Summer picks", now.Add(7))
	if err != nil {
		t.Fatalf("Rename: %v", err)
	}
	renamed, err = renamed.Remove(l.Entries[1].Product.Registration, now.Add(8))
	if err != nil {
		t.Fatalf("Remove: %v", err)
	}
	update(t, s, func(tx storage.Tx) error { return tx.Lists().Update(renamed) })
	moved := renamed
	moved.Agency = "ag-2"
	err = s.Update(context.Background(), func(tx storage.Tx) error { return tx.Lists().Update(moved) })
	wantErr(t, "Update changing the agency", err, storage.ErrInvalid)
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Lists().Get("l-1")
		wantErr(t, "Get after Update", err, nil)
		diff(t, "Get after Update", renamed, got)
		n, err := tx.Lists().Count("ag-1")
		if err != nil || n != 2 {
			t.Errorf("Count = %d, %v; want 2", n, err)
		}
		n, err = tx.Lists().Count("ag-2")
		if err != nil || n != 0 {
			t.Errorf("Count(ag-2) = %d, %v; want 0", n, err)
		}
		return nil
	})
	update(t, s, func(tx storage.Tx) error { return tx.Lists().Delete("l-1") })
	view(t, s, func(tx storage.Tx) error {
		_, err := tx.Lists().Get("l-1")
		wantErr(t, "Get after Delete", err, storage.ErrNotFound)
		n, err := tx.Lists().Count("ag-1")
		if err != nil || n != 1 {
			t.Errorf("Count after Delete = %d, %v; want 1", n, err)
		}
		return nil
	})
}

// listSearchAndPages: P2 search by name, ignoring case and how accents
// are typed (precomposed or combining), within an agency.
func listSearchAndPages(t *testing.T, s storage.Store) {
	names := []string{"Summer Glow", "summer sale", "Winter", "SUMMER", "Autumn summery", "Spring",
		"Khuyến mãi hè", norm.NFD.String("KHUYẾN MÃI")}
	accented := 0 // lists named either of the last two
	var all []productlist.List
	update(t, s, func(tx storage.Tx) error {
		for i := range 24 {
			l := newList(productlist.ListID(fmt.Sprintf("l-%02d", (i*5)%24)), campaign.AgencyID(fmt.Sprintf("ag-%d", i%2)), names[i%len(names)], i%3)
			all = append(all, l)
			if i%len(names) >= len(names)-2 {
				accented++
			}
			if err := tx.Lists().Create(l); err != nil {
				return err
			}
		}
		return nil
	})
	slices.SortFunc(all, func(a, b productlist.List) int { return compareStrings(string(a.ID), string(b.ID)) })
	for _, q := range []storage.ListQuery{
		{Agency: "ag-0"}, {Agency: "ag-1", Name: "summer"}, {Agency: "ag-0", Name: "SUMMER"}, {Agency: "ag-1", Name: "nothing"}, {},
		{Name: "khuyến mãi"}, {Name: norm.NFD.String("Khuyến")},
	} {
		var want []productlist.List
		for _, l := range all {
			if (q.Agency == "" || l.Agency == q.Agency) && text.Contains(l.Name, q.Name) {
				want = append(want, l)
			}
		}
		if strings.HasPrefix(norm.NFC.String(strings.ToLower(q.Name)), "khuyến") && len(want) != accented {
			t.Fatalf("model: %q finds %d lists, want the %d named in either spelling", q.Name, len(want), accented)
		}
		for _, limit := range []int{0, 3} {
			got := pages(t, s, fmt.Sprintf("Lists().List(%+v)", q), limit, func(tx storage.Tx, p storage.Page) ([]productlist.List, string, error) {
				return tx.Lists().List(q, p)
			})
			diff(t, fmt.Sprintf("Lists().List(%+v) by %d", q, limit), want, got)
		}
	}
}

// listProductLimitHoldsUnderRace: P2 under concurrent writers. Racers
// goroutines each add products to one list, one per Update (read, add,
// write), until ErrLimit: exactly MaxProducts are stored, each once.
func listProductLimitHoldsUnderRace(t *testing.T, s storage.Store) {
	update(t, s, func(tx storage.Tx) error { return tx.Lists().Create(newList("l-race", "ag-1", "Race", 0)) })
	var added, next atomic.Int64
	race(t, Racers, func(int) error {
		for {
			e := entry("ag-1", int(next.Add(1)))
			err := s.Update(context.Background(), func(tx storage.Tx) error {
				l, err := tx.Lists().Get("l-race")
				if err != nil {
					return err
				}
				if n := len(l.Entries); n > productlist.MaxProducts {
					return fmt.Errorf("read %d products, over the limit", n) // P2
				}
				l.Entries = append(l.Entries, e) // past the domain's own check: the store must refuse
				return tx.Lists().Update(l)
			})
			if err != nil {
				return err
			}
			added.Add(1)
		}
	}, func(i int, err error) {
		if !errors.Is(err, storage.ErrLimit) {
			t.Errorf("racer %d ended with %v, want ErrLimit", i, err) // P2
		}
	})
	if added.Load() != productlist.MaxProducts {
		t.Errorf("%d products added under race, want %d", added.Load(), productlist.MaxProducts) // P2
	}
	view(t, s, func(tx storage.Tx) error {
		l, err := tx.Lists().Get("l-race")
		wantErr(t, "Get", err, nil)
		if len(l.Entries) != productlist.MaxProducts {
			t.Errorf("stored %d products, want %d", len(l.Entries), productlist.MaxProducts) // P2
		}
		seen := map[registration.ID]bool{}
		for _, e := range l.Entries {
			if seen[e.Product.Registration] {
				t.Errorf("product %s stored twice", e.Product.Registration)
			}
			seen[e.Product.Registration] = true
		}
		return nil
	})
	t.Logf("P2 products race: %d racers, %d products added, %d refused with ErrLimit", Racers, added.Load(), Racers)
}

// listPerAgencyLimitHoldsUnderRace: P2 under concurrent writers. Racers
// goroutines each create lists for one agency, one per Update (count,
// create), until ErrLimit: exactly MaxLists exist.
func listPerAgencyLimitHoldsUnderRace(t *testing.T, s storage.Store) {
	var created, next atomic.Int64
	race(t, Racers, func(int) error {
		for {
			id := productlist.ListID(fmt.Sprintf("l-%05d", next.Add(1)))
			err := s.Update(context.Background(), func(tx storage.Tx) error {
				n, err := tx.Lists().Count("ag-race")
				if err != nil {
					return err
				}
				if n > productlist.MaxLists {
					return fmt.Errorf("counted %d lists, over the limit", n) // P2
				}
				// No domain check first: the store must refuse the 1001st.
				return tx.Lists().Create(newList(id, "ag-race", "Race", 0))
			})
			if err != nil {
				return err
			}
			created.Add(1)
		}
	}, func(i int, err error) {
		if !errors.Is(err, storage.ErrLimit) {
			t.Errorf("racer %d ended with %v, want ErrLimit", i, err) // P2
		}
	})
	if created.Load() != productlist.MaxLists {
		t.Errorf("%d lists created under race, want %d", created.Load(), productlist.MaxLists) // P2
	}
	view(t, s, func(tx storage.Tx) error {
		n, err := tx.Lists().Count("ag-race")
		if err != nil || n != productlist.MaxLists {
			t.Errorf("Count = %d, %v; want %d", n, err, productlist.MaxLists) // P2
		}
		return nil
	})
	got := pages(t, s, "Lists().List", storage.MaxLimit, func(tx storage.Tx, p storage.Page) ([]productlist.List, string, error) {
		return tx.Lists().List(storage.ListQuery{Agency: "ag-race"}, p)
	})
	if len(got) != productlist.MaxLists {
		t.Errorf("Lists().List = %d lists, want %d", len(got), productlist.MaxLists) // P2
	}
	t.Logf("P2 lists race: %d racers, %d lists created, %d refused with ErrLimit", Racers, created.Load(), Racers)
}
