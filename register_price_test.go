package partnerkit_test

import (
	"errors"
	"fmt"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// exactPrice shows a price with its exponent, which Money.Equal (and so
// cmp) ignores: 24.50 USD is "2450e-2 USD", not "245e-1 USD".
func exactPrice(m commission.Money) string {
	if m.Currency.IsZero() && m.IsZero() {
		return "none"
	}
	return m.Amount.Coefficient().String() + "e" + strconv.Itoa(int(m.Amount.Exponent())) + " " + m.Currency.String()
}

// R1, P1, P4: the price a seller states when registering is the price the
// agency sees on the product (listed, bookmarked, in a list) and creators
// see on their offers, exactly; a product registered without one has none.
// On every backend, so the price survives storage.
func TestRegisterProductPriceReachesProductsAndOffers(t *testing.T) {
	for name, newW := range backends() {
		t.Run(name, func(t *testing.T) {
			w := newW(t)
			toner, err := w.svc.RegisterProduct(w.ctx, w.glow, partnerkit.RegisterInput{
				Campaign: w.camp.ID, Product: "toner-200ml", ProductTitle: "Glow toner 200ml",
				Price: money(t, "24.50"), Rate: rate(t, "15%")})
			if err != nil {
				t.Fatalf("RegisterProduct(toner, 24.50 USD): %v", err)
			}
			if got := exactPrice(toner.Price); got != "2450e-2 USD" {
				t.Fatalf("RegisterProduct(toner).Price = %s, want 2450e-2 USD", got)
			}
			w.approve(w.agency, toner.ID)
			want := map[registration.ID]string{toner.ID: "2450e-2 USD", w.serum.ID: "none", w.mask.ID: "none"}

			if err := w.svc.Bookmark(w.ctx, w.agency, toner.ID); err != nil {
				t.Fatalf("Bookmark(toner): %v", err)
			}
			if err := w.svc.Bookmark(w.ctx, w.agency, w.serum.ID); err != nil {
				t.Fatalf("Bookmark(serum): %v", err)
			}
			for _, f := range []productlist.ProductFilter{
				{Bookmark: productlist.AllProducts, Campaign: w.camp.ID},
				{Bookmark: productlist.Bookmarked},
			} {
				ps, _, err := w.svc.Products(w.ctx, w.agency, f, partnerkit.Page{Limit: 100})
				if err != nil {
					t.Fatalf("Products(%+v): %v", f, err)
				}
				got := map[registration.ID]string{}
				for _, p := range ps {
					got[p.Registration] = exactPrice(p.Price)
				}
				wantF := map[registration.ID]string{toner.ID: want[toner.ID], w.serum.ID: want[w.serum.ID]}
				if f.Bookmark == productlist.AllProducts {
					wantF = want
				}
				if diff := cmp.Diff(wantF, got); diff != "" {
					t.Errorf("Products(%+v) prices (-want +got):\n%s", f, diff)
				}
			}

			if _, err := w.svc.AddToList(w.ctx, w.agency, w.list.ID, toner.ID, rate(t, "10%")); err != nil {
				t.Fatalf("AddToList(toner): %v", err)
			}
			l, err := w.svc.List(w.ctx, w.agency, w.list.ID)
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			got := map[registration.ID]string{}
			for _, e := range l.Entries {
				got[e.Product.Registration] = exactPrice(e.Product.Price)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("List entries' prices (-want +got):\n%s", diff)
			}

			// The list's share link, made before the toner joined, offers
			// it now, with its price.
			res, err := w.svc.ResolveLinks(w.ctx, w.maya, []string{string(w.listLink)})
			if err != nil {
				t.Fatalf("ResolveLinks: %v", err)
			}
			got = map[registration.ID]string{}
			for _, o := range res.Offers {
				got[o.Registration] = exactPrice(o.Price)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ResolveLinks offers' prices (-want +got):\n%s", diff)
			}
		})
	}
}

// R1: a bad price is refused by the Service as registration.Register
// refuses it: a *FieldError "price" wrapping ErrInvalid, nothing stored.
func TestRegisterProductRefusesBadPrice(t *testing.T) {
	w := newWorld(t)
	eur, err := commission.NewMoney("24.50", "EUR")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		price commission.Money
	}{
		{"negative", money(t, "-1.00")},
		{"zero", money(t, "0.00")},
		{"currency not the market's", eur},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := w.svc.RegisterProduct(w.ctx, w.glow, partnerkit.RegisterInput{
				Campaign: w.camp.ID, Product: "toner-200ml", ProductTitle: "Glow toner 200ml", Price: tt.price, Rate: rate(t, "15%")})
			var fe *registration.FieldError
			if !errors.Is(err, partnerkit.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "price" {
				t.Fatalf("RegisterProduct(price %v) = %v, want a *FieldError \"price\" wrapping ErrInvalid", tt.price, err)
			}
		})
	}
	rs, _, err := w.svc.Registrations(w.ctx, w.glow, registration.Filter{Product: "toner-200ml"}, partnerkit.Page{Limit: 10})
	if err != nil || len(rs) != 0 {
		t.Errorf("Registrations(toner) = %v, %v; want none stored", rs, err)
	}
}

// A seller may state the product's price when registering (R1); the
// agency sees it on the approved product, and creators on their offers.
func ExampleService_RegisterProduct_price() {
	w := exampleWorld()
	r, err := w.svc.RegisterProduct(w.ctx, w.trail, partnerkit.RegisterInput{
		Campaign: w.camp.ID, Product: "tent", ProductTitle: "Two-person tent",
		Price: money(mustT{}, "189.00"), Rate: rate(mustT{}, "11%"),
	})
	check(err)
	_, err = w.svc.ApproveRegistration(w.ctx, w.agency, r.ID)
	check(err)
	ps, _, err := w.svc.Products(w.ctx, w.agency, productlist.ProductFilter{Bookmark: productlist.AllProducts, Text: "tent"}, partnerkit.Page{Limit: 10})
	check(err)
	for _, p := range ps {
		fmt.Println(p.ID, p.Price)
	}
	// Output:
	// tent 189.00 USD
}
