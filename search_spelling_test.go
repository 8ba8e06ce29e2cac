package partnerkit_test

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// C4, R5, P1, P2: every search matches a text however its accents are
// typed: a query with combining accents (NFD, as macOS and some Vietnamese
// keyboards send) finds the text stored precomposed, and the other way
// round, on every backend. A list name of MaxNameLen characters typed
// decomposed is a query the search takes, not one it refuses as too long.
func TestSearchesIgnoreAccentSpelling(t *testing.T) {
	nfd := norm.NFD.String
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			w := open(t)
			d := springDetails(t)
			d.Name = "Ưu đãi mùa xuân" // precomposed
			c := w.publish(w.agency, d)
			cs, _, err := w.svc.FindCampaigns(w.ctx, w.glow, campaign.Filter{Text: nfd("ưu đãi")}, partnerkit.Page{})
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) != 1 || cs[0].ID != c.ID {
				t.Errorf("FindCampaigns(decomposed %q) = %d campaigns, want %s", "ưu đãi", len(cs), c.ID)
			}

			r := w.register(w.glow, c.ID, "kem-01", nfd("Kem dưỡng ẩm"), "15%") // stored decomposed
			rs, _, err := w.svc.Registrations(w.ctx, w.glow, registration.Filter{Text: "DƯỠNG"}, partnerkit.Page{})
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) != 1 || rs[0].ID != r.ID {
				t.Errorf("Registrations(precomposed %q) = %d registrations, want %s", "DƯỠNG", len(rs), r.ID)
			}
			w.approve(w.agency, r.ID)
			ps, _, err := w.svc.Products(w.ctx, w.agency, productlist.ProductFilter{Text: "dưỡng ẩm"}, partnerkit.Page{})
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) != 1 || ps[0].Registration != r.ID {
				t.Errorf("Products(precomposed %q) = %d products, want %s", "dưỡng ẩm", len(ps), r.ID)
			}

			long := strings.Repeat("ệ", productlist.MaxNameLen) // 100 characters, 500 bytes decomposed
			for _, n := range []string{"Khuyến mãi hè", nfd(long)} {
				if _, err := w.svc.CreateList(w.ctx, w.agency, n); err != nil {
					t.Fatalf("CreateList(%q): %v", n, err)
				}
			}
			for query, want := range map[string]string{nfd("khuyến MÃI"): "Khuyến mãi hè", long: nfd(long), nfd(long): nfd(long)} {
				ls, _, err := w.svc.Lists(w.ctx, w.agency, query, partnerkit.Page{})
				if err != nil {
					t.Fatalf("Lists(%d-byte query): %v", len(query), err)
				}
				if len(ls) != 1 || ls[0].Name != want {
					t.Errorf("Lists(%d-byte query) = %d lists, want the one named %d bytes", len(query), len(ls), len(want))
				}
			}
		})
	}
}

// P1, P2: a list or product search longer than any text it searches is
// refused, naming the field.
func TestSearchesRefuseTextLongerThanAnyField(t *testing.T) {
	w := newWorld(t)
	for _, q := range []string{strings.Repeat("é", 4*registration.MaxTitleLen+1), strings.Repeat("a", 1<<20)} {
		_, _, err := w.svc.Lists(w.ctx, w.agency, q, partnerkit.Page{})
		var fe *partnerkit.FieldError
		if !errors.As(err, &fe) || fe.Field != "query" || !errors.Is(err, partnerkit.ErrInvalid) {
			t.Errorf("Lists(%d-byte query) = %v, want a *FieldError for \"query\" wrapping ErrInvalid", len(q), err)
		}
		_, _, err = w.svc.Products(w.ctx, w.agency, productlist.ProductFilter{Text: q}, partnerkit.Page{})
		if !errors.As(err, &fe) || fe.Field != "text" || !errors.Is(err, partnerkit.ErrInvalid) {
			t.Errorf("Products(%d-byte text) = %v, want a *FieldError for \"text\" wrapping ErrInvalid", len(q), err)
		}
	}
}
