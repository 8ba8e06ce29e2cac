package partnerkit_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

// K2, A1: the longest shop code and product id a registration takes make
// an entry an order event can carry, so a product that can be
// registered, approved and accepted can be paid.
func TestLongestRegistrableProductIsPayable(t *testing.T) {
	w := newWorld(t)
	shop := partnerkit.Seller{Shop: campaign.ShopCode("US" + strings.Repeat("S", registration.MaxProductIDLen-2))}
	r := w.register(shop, w.rivalCamp.ID, strings.Repeat("p", registration.MaxProductIDLen), "Long product", "20%")
	r = w.approve(w.rival, r.ID)
	_, link := w.shareList(w.rival, "Long picks", map[registration.ID]string{r.ID: "10%"}, r.ID)
	w.accept(w.maya, link)
	ev := w.event("ev-long", attribution.Paid, "o-long", w.maya, r, "10.00", start, start)
	line, err := w.svc.IngestEvent(w.ctx, w.host, ev)
	if err != nil {
		t.Fatalf("IngestEvent(entry of %d bytes): %v", len(ev.Entry), err)
	}
	if line.Attribution.Terms.Campaign != w.rivalCamp.ID {
		t.Errorf("line not attributed: %+v", line.Attribution)
	}
}

// A cursor whose part no key can hold (a NUL byte) is ErrInvalid
// on every backend; PostgreSQL used to fail on it with a driver error,
// memory and SQLite to answer an empty page.
func TestCursorNoKeyCanHoldIsInvalid(t *testing.T) {
	stores := map[string]func(t *testing.T) storage.Store{
		"memory": func(*testing.T) storage.Store { return memory.New() },
		"sqlite": func(t *testing.T) storage.Store {
			s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "c.db"), sqlite.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
	}
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			w := newWorldOn(t, open(t), partnerkit.Options{})
			for _, part := range []string{"list-1\x00", "\x00"} {
				cursor := storage.EncodeCursor(part)
				if _, _, err := w.svc.Lists(w.ctx, w.agency, "", partnerkit.Page{After: cursor}); !errors.Is(err, partnerkit.ErrInvalid) {
					t.Errorf("Lists(After: cursor of %q) = %v, want ErrInvalid", part, err)
				}
				if _, _, err := w.svc.Campaigns(w.ctx, w.agency, partnerkit.Page{After: cursor}); !errors.Is(err, partnerkit.ErrInvalid) {
					t.Errorf("Campaigns(After: cursor of %q) = %v, want ErrInvalid", part, err)
				}
			}
		})
	}
}

// K4: a creator's managing agency is stored on its showcase and on every
// line attributed through it, so it is held to an id's shape: SQL
// backends read back invalid UTF-8 otherwise than memory.
func TestCreatorAgencyIsCheckedLikeAnID(t *testing.T) {
	w := newWorld(t)
	for _, bad := range []string{"agency-\xff", "agency-\x00", strings.Repeat("a", 1<<20)} {
		c := partnerkit.Creator{ID: "creator-zed", Agency: campaign.AgencyID(bad)}
		_, err := w.svc.AcceptLinks(w.ctx, c, []string{string(w.listLink)})
		var fe *partnerkit.FieldError
		if !errors.Is(err, partnerkit.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "creator.agency" {
			t.Errorf("AcceptLinks(Creator{Agency: %.20q}) = %.200v, want a creator.agency FieldError wrapping ErrInvalid", bad, err)
		}
	}
}

// An id a host passes on from outside is never echoed back whole: a
// megabyte id makes a bounded error.
func TestErrorsDoNotEchoAHugeID(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	big := strings.Repeat("q", 1<<20)
	c := partnerkit.Collaboration{Campaign: w.camp.ID, Product: w.serum.Product, Creator: w.maya.ID}
	for name, call := range map[string]func() error{
		"RemoveFromList": func() error {
			_, err := w.svc.RemoveFromList(w.ctx, w.agency, w.list.ID, registration.ID(big))
			return err
		},
		"SetCreatorRate": func() error {
			_, err := w.svc.SetCreatorRate(w.ctx, w.agency, w.list.ID, registration.ID(big), 500, time.Time{})
			return err
		},
		"SetSampleStatus": func() error {
			_, err := w.svc.SetSampleStatus(w.ctx, w.agency, c, attribution.SampleID(big), attribution.SampleApproved)
			return err
		},
		"SetSampleQuantity": func() error {
			_, err := w.svc.SetSampleQuantity(w.ctx, w.agency, c, attribution.SampleID(big), 3)
			return err
		},
	} {
		err := call()
		if err == nil {
			t.Errorf("%s(1 MB id) = nil", name)
		} else if n := len(err.Error()); n > 4096 {
			t.Errorf("%s(1 MB id): the error is %d bytes long", name, n)
		}
	}
}
