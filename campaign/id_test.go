package campaign_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/partnerkit/partnerkit/campaign"
)

// A campaign id may not hold "/": metrics key a product by campaign + "/" +
// product, so campaign "spring/serum-30ml" would share the figures of
// product "serum-30ml" of campaign "spring" (A2).
func TestNewRefusesAmbiguousIDs(t *testing.T) {
	for _, id := range []campaign.ID{
		"spring",
		campaign.ID(strings.Repeat("c", campaign.MaxIDLen)),
		"printemps-été",
	} {
		if _, err := campaign.New(id, agency, onboarded(t, agency), validDetails(t), campaign.Policy{}, t0); err != nil {
			t.Errorf("New(%q) = %v, want nil", id, err)
		}
	}
	for _, id := range []campaign.ID{
		"",
		"spring/serum-30ml",
		"/",
		campaign.ID(strings.Repeat("c", campaign.MaxIDLen+1)),
		"spring\x00",
		"spring\n",
		"spring\u0085",
		"spring\xff",
	} {
		_, err := campaign.New(id, agency, onboarded(t, agency), validDetails(t), campaign.Policy{}, t0)
		var fe *campaign.FieldError
		if !errors.As(err, &fe) || fe.Field != "id" || !errors.Is(err, campaign.ErrInvalid) {
			t.Errorf("New(%q) = %v, want a *FieldError for \"id\" wrapping ErrInvalid", id, err)
		}
	}
}
