package partnerkit_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage/memory"
)

// C1, P2, P4: an actor whose id its records cannot hold is refused on its
// first call. An agency with a 128-byte id used to onboard, publish and
// approve products, and be refused only at its first product list; a
// creator with one, only when accepting links.
func TestActorIDsTheirRecordsCannotHoldAreRefusedAtOnce(t *testing.T) {
	w := newWorld(t)
	long := strings.Repeat("x", partnerkit.MaxActorIDLen+1)
	for _, bad := range []string{long, "id\twith tab", "id\nwith newline", "id\u0085c1", "id\x7fdel"} {
		wantActor := func(what string, err error, field string) {
			t.Helper()
			var fe *partnerkit.FieldError
			if !errors.Is(err, partnerkit.ErrInvalid) || !errors.As(err, &fe) || fe.Field != field {
				t.Errorf("%s with id %.20q = %.200v, want a %q FieldError wrapping ErrInvalid", what, bad, err, field)
			}
		}
		_, err := w.svc.ChooseCategory(w.ctx, partnerkit.Agency{ID: campaign.AgencyID(bad)}, campaign.ContentManagement)
		wantActor("ChooseCategory", err, "agency")
		_, _, err = w.svc.Registrations(w.ctx, partnerkit.Seller{Shop: campaign.ShopCode(bad)}, registration.Filter{}, partnerkit.Page{})
		wantActor("Registrations", err, "seller")
		_, err = w.svc.Showcase(w.ctx, partnerkit.Creator{ID: productlist.CreatorID(bad)})
		wantActor("Showcase", err, "creator")
		_, err = w.svc.Showcase(w.ctx, partnerkit.Creator{ID: "creator-ok", Agency: campaign.AgencyID(bad)})
		wantActor("Showcase(Creator.Agency)", err, "creator.agency")
	}
	// A shop code with "/" can never register (a list entry is
	// "shop/product").
	_, _, err := w.svc.Registrations(w.ctx, partnerkit.Seller{Shop: "US/SHOP01"}, registration.Filter{}, partnerkit.Page{})
	if !errors.Is(err, partnerkit.ErrInvalid) {
		t.Errorf(`Registrations(Seller "US/SHOP01") = %v, want ErrInvalid`, err)
	}
}

// C1…A5: ids of MaxActorIDLen bytes, the longest an actor may have, go
// through the whole story: onboarding, a campaign, a registration, a list,
// accepted links and a paid order on the creator's statement.
func TestLongestActorIDsGoThroughTheStory(t *testing.T) {
	a := partnerkit.Agency{ID: campaign.AgencyID("agency-" + strings.Repeat("a", partnerkit.MaxActorIDLen-7))}
	key := productlist.Key{ID: "k-long", Agency: a.ID, Secret: []byte("long-secret-0123456789abcdefghijklmn"), State: productlist.KeyActive}
	w := newWorldOn(t, memory.New(), partnerkit.Options{Keys: productlist.KeySet{Keys: []productlist.Key{keyAurora, keyRival, key}}})
	c := partnerkit.Creator{
		ID:     productlist.CreatorID("creator-" + strings.Repeat("c", partnerkit.MaxActorIDLen-8)),
		Agency: campaign.AgencyID("managing-" + strings.Repeat("m", partnerkit.MaxActorIDLen-9)),
	}
	sl := partnerkit.Seller{Shop: campaign.ShopCode("US" + strings.Repeat("S", partnerkit.MaxActorIDLen-2))}
	w.onboard(a)
	d := springDetails(t)
	d.Sellers = campaign.Sellers{Mode: campaign.Open}
	camp := w.publish(a, d)
	r := w.approve(a, w.register(sl, camp.ID, "long-story", "Long story", "20%").ID)
	_, link := w.shareList(a, "Long picks", map[registration.ID]string{r.ID: "10%"}, r.ID)
	w.accept(c, link)
	w.ingest(w.event("ev-long-actors", attribution.Paid, "o-long-actors", c, r, "10.00", start, start))
	os, err := w.svc.CreatorOrders(w.ctx, c, start.AddDate(0, 0, -1), start.AddDate(0, 0, 1))
	if err != nil {
		t.Fatalf("CreatorOrders: %v", err)
	}
	if len(os) != 1 || os[0].Status == attribution.StatusUnattributed || os[0].Commission.Amount.String() != "1" {
		t.Errorf("creator orders = %+v, want one attributed line earning 1.00 USD (10%% of 10.00)", os)
	}
}
