package partnerkit_test

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/storage/memory"
)

// A host's NewID that returns "spring/serum-30ml" after "spring" would make
// that campaign share the distinct-creator tally of product serum-30ml of
// campaign "spring" (both are stored under the scope "spring/serum-30ml"),
// so creator counts go wrong and a valid cancel is refused (A2).
// CreateCampaign refuses such an id instead.
func TestCreateCampaignRefusesIDWithSlash(t *testing.T) {
	var mu sync.Mutex
	campaigns := []string{"spring", "rival", "spring/serum-30ml"}
	ids := counter()
	newID := func(kind string) string {
		mu.Lock()
		defer mu.Unlock()
		if kind == "campaign" {
			id := campaigns[0]
			campaigns = campaigns[1:]
			return id
		}
		return ids(kind)
	}
	w := newWorldOn(t, memory.New(), partnerkit.Options{NewID: newID})
	if w.camp.ID != "spring" {
		t.Fatalf("first campaign is %q, want spring", w.camp.ID)
	}
	c, err := w.svc.CreateCampaign(w.ctx, w.agency, springDetails(t))
	var fe *partnerkit.FieldError
	if !errors.As(err, &fe) || fe.Field != "id" || !errors.Is(err, partnerkit.ErrInvalid) {
		t.Fatalf("CreateCampaign with id spring/serum-30ml = %+v, %v; want a *FieldError for \"id\" wrapping ErrInvalid", c, err)
	}
	if _, err := w.svc.CampaignMetrics(w.ctx, w.agency, "spring/serum-30ml"); !errors.Is(err, partnerkit.ErrNotFound) {
		t.Errorf("CampaignMetrics(spring/serum-30ml) after refusal = %v, want ErrNotFound", err)
	}
}

// Options.NewID: an id the records cannot hold (over 64 bytes, or with a
// control character) is refused as Options.NewID's doc says, a
// *FieldError for "id" wrapping ErrInvalid, for every kind of record; a
// registration's id is checked as a list's, since it goes into lists.
func TestBadGeneratedIDsAreRefused(t *testing.T) {
	for name, bad := range map[string]string{"65 bytes": strings.Repeat("r", 65), "control": "r\x01x"} {
		for _, kind := range []string{"campaign", "registration", "list"} {
			t.Run(name+"/"+kind, func(t *testing.T) {
				var mu sync.Mutex
				armed := false
				ids := counter()
				w := newWorldOn(t, memory.New(), partnerkit.Options{NewID: func(k string) string {
					mu.Lock()
					defer mu.Unlock()
					if armed && k == kind {
						return bad
					}
					return ids(k)
				}})
				mu.Lock()
				armed = true
				mu.Unlock()
				var err error
				switch kind {
				case "campaign":
					_, err = w.svc.CreateCampaign(w.ctx, w.agency, springDetails(t))
				case "registration":
					_, err = w.svc.RegisterProduct(w.ctx, w.glow, partnerkit.RegisterInput{Campaign: w.camp.ID, Product: "p-new", ProductTitle: "New", Rate: rate(t, "15%")})
				case "list":
					_, err = w.svc.CreateList(w.ctx, w.agency, "New list")
				}
				var fe *partnerkit.FieldError
				if !errors.As(err, &fe) || fe.Field != "id" || !errors.Is(err, partnerkit.ErrInvalid) {
					t.Errorf("%s with id %q = %v, want a *FieldError for \"id\" wrapping ErrInvalid", kind, bad, err)
				}
			})
		}
	}
}
