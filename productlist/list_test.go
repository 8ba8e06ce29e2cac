package productlist_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
)

// P2: at most 100 products per list.
func TestAddProductLimit(t *testing.T) {
	for _, tc := range []struct {
		have int
		want error
	}{{98, nil}, {99, nil}, {100, productlist.ErrLimit}} {
		l := newList(t, "l1", agencyA, tc.have)
		got, err := l.Add(product(agencyA, 1000), 100, t0)
		wantErr(t, "Add", err, tc.want)
		if tc.want == nil && len(got.Entries) != tc.have+1 {
			t.Errorf("Add to %d: got %d entries", tc.have, len(got.Entries))
		}
		if len(l.Entries) != tc.have {
			t.Errorf("Add changed its receiver")
		}
	}
}

// P2: at most 1000 lists per agency, for a new list and for a duplicate.
func TestListLimit(t *testing.T) {
	src := newList(t, "src", agencyA, 3)
	for _, tc := range []struct {
		existing int
		want     error
	}{{0, nil}, {998, nil}, {999, nil}, {1000, productlist.ErrLimit}, {1001, productlist.ErrLimit}} {
		_, err := productlist.NewList("l", agencyA, "n", tc.existing, t0)
		wantErr(t, "NewList", err, tc.want)
		_, err = src.Duplicate("dup", "copy", tc.existing, t0)
		wantErr(t, "Duplicate", err, tc.want)
		wantErr(t, "CheckListLimit", productlist.CheckListLimit(tc.existing), tc.want)
	}
}

// P2: a duplicate obeys the product limit: a 100-product list duplicates, a
// (corrupt) 101-product list does not.
func TestDuplicateProductLimit(t *testing.T) {
	full := newList(t, "full", agencyA, 100)
	dup, err := full.Duplicate("dup", "copy", 1, t0.Add(1))
	if err != nil {
		t.Fatalf("Duplicate(100 products): %v", err)
	}
	if diff := cmp.Diff(full.Entries, dup.Entries); diff != "" {
		t.Errorf("Duplicate entries (-want +got):\n%s", diff)
	}
	if dup.ID != "dup" || dup.Name != "copy" || dup.Agency != agencyA {
		t.Errorf("Duplicate = %+v", dup)
	}
	over := full
	over.Entries = append(over.Entries[:100:100], productlist.Entry{Product: product(agencyA, 500), Rates: productlist.NewRateHistory(1, t0)})
	_, err = over.Duplicate("dup2", "copy", 1, t0)
	wantErr(t, "Duplicate(101 products)", err, productlist.ErrLimit)
	wantErr(t, "Validate(101 products)", over.Validate(), productlist.ErrLimit)
}

// P2 (K1): the creator rate of an entry is 0 <= C <= T; the error names the
// entry and the value.
func TestAddCreatorRate(t *testing.T) {
	p := product(agencyA, 1) // T = 20%
	for _, tc := range []struct {
		rate commission.Rate
		want error
	}{{0, nil}, {1999, nil}, {2000, nil}, {2001, productlist.ErrInvalid}, {-1, productlist.ErrInvalid}, {10001, productlist.ErrInvalid}} {
		_, err := newList(t, "l", agencyA, 0).Add(p, tc.rate, t0)
		wantErr(t, "Add", err, tc.want)
		if tc.want != nil {
			var fe *productlist.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Add(rate %d) error %v is not a FieldError", tc.rate, err)
			}
			if diff := cmp.Diff("entries["+string(p.Registration)+"].creator_rate", fe.Field); diff != "" {
				t.Errorf("field (-want +got):\n%s", diff)
			}
			if fe.Value != tc.rate {
				t.Errorf("value = %v, want %v", fe.Value, tc.rate)
			}
		}
	}
}

// P2: operations refuse bad input with the right sentinel.
func TestListOperationErrors(t *testing.T) {
	l := newList(t, "l", agencyA, 2)
	closed := product(agencyA, 7)
	closed.Available = false
	for name, tc := range map[string]struct {
		err  error
		want error
	}{
		"add twice":        {second(l.Add(product(agencyA, 0), 1, t0)), productlist.ErrConflict},
		"add other agency": {second(l.Add(product(agencyB, 9), 1, t0)), productlist.ErrForbidden},
		"add closed":       {second(l.Add(closed, 1, t0)), productlist.ErrInvalid},
		"remove missing":   {second(l.Remove("nope", t0)), productlist.ErrNotFound},
		"rename empty":     {second(l.Rename("  ", t0)), productlist.ErrInvalid},
		"rename too long":  {second(l.Rename(strings.Repeat("é", 101), t0)), productlist.ErrInvalid},
		"rename control":   {second(l.Rename("a\x00b", t0)), productlist.ErrInvalid},
		"rename DEL":       {second(l.Rename("a\x7fb", t0)), productlist.ErrInvalid},
		// C1 controls, as campaign names and product titles refuse them:
		// U+009B is a terminal's escape, U+0085 a line break.
		"rename C1 CSI":   {second(l.Rename("a\u009bb", t0)), productlist.ErrInvalid},
		"new list C1 NEL": {second(productlist.NewList("x", agencyA, "a\u0085b", 0, t0)), productlist.ErrInvalid},
		"rename after C1": {second(l.Rename("a\u00a0b", t0)), nil},
		// Characters, not code points: a decomposed "ệ" is one.
		"rename 100 decomposed": {second(l.Rename(strings.Repeat("e\u0323\u0302", productlist.MaxNameLen), t0)), nil},
		"rename 101 decomposed": {second(l.Rename(strings.Repeat("e\u0323\u0302", productlist.MaxNameLen+1), t0)), productlist.ErrInvalid},
		"new list empty name":   {second(productlist.NewList("x", agencyA, "", 0, t0)), productlist.ErrInvalid},
		"new list no agency":    {second(productlist.NewList("x", "", "n", 0, t0)), productlist.ErrInvalid},
		"owner":                 {l.CheckOwner(agencyB), productlist.ErrForbidden},
		"rate of missing item":  {third(l.SetCreatorRate("nope", 1, t0, t0)), productlist.ErrNotFound},
		"rate above total":      {third(l.SetCreatorRate(l.Entries[0].Product.Registration, 2001, t0, t0)), productlist.ErrInvalid},
		"rate in the past":      {third(l.SetCreatorRate(l.Entries[0].Product.Registration, 1, t0.Add(-1), t0)), productlist.ErrInvalid},
	} {
		t.Run(name, func(t *testing.T) { wantErr(t, name, tc.err, tc.want) })
	}
	wantErr(t, "CheckOwner(own)", l.CheckOwner(agencyA), nil)
}

func second[T any](_ T, err error) error { return err }

func third[T, U any](_ T, _ U, err error) error { return err }

// P2: rename, remove and search by name.
func TestRenameRemoveSearch(t *testing.T) {
	l := newList(t, "l", agencyA, 3)
	r, err := l.Rename("  Winter, best of  ", t0.Add(1))
	if err != nil {
		t.Fatal(err)
	}
	if r.Name != "Winter, best of" || l.Name != "Summer picks" {
		t.Errorf("Rename: got %q, receiver %q", r.Name, l.Name)
	}
	rm, err := l.Remove(l.Entries[1].Product.Registration, t0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]productlist.Entry{l.Entries[0], l.Entries[2]}, rm.Entries); diff != "" {
		t.Errorf("Remove (-want +got):\n%s", diff)
	}
	if len(l.Entries) != 3 {
		t.Errorf("Remove changed its receiver")
	}
	got := productlist.SearchLists([]productlist.List{l, r}, "WINTER")
	if diff := cmp.Diff([]productlist.List{r}, got); diff != "" {
		t.Errorf("SearchLists (-want +got):\n%s", diff)
	}
	if n := len(productlist.SearchLists([]productlist.List{l, r}, "")); n != 2 {
		t.Errorf("SearchLists(\"\") = %d lists, want 2", n)
	}
	if err := r.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

// P2: a closed product stays in the list but creators no longer see it.
func TestVisibleHidesClosed(t *testing.T) {
	l := newList(t, "l", agencyA, 3)
	cat := productlist.Catalog{product(agencyA, 0), product(agencyA, 1), product(agencyA, 2)}
	cat[1].Available = false
	got := l.Visible(cat[:2]) // product 2 missing, product 1 closed
	if diff := cmp.Diff([]productlist.Entry{l.Entries[0]}, got); diff != "" {
		t.Errorf("Visible (-want +got):\n%s", diff)
	}
	if err := l.Validate(); err != nil {
		t.Errorf("list with a closed product is invalid: %v", err)
	}
}
