package productlist_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/partnerkit/partnerkit/productlist"
)

// Enums are stored as their codes, and the zero value as "".
func TestEnumsEncodeAsCodes(t *testing.T) {
	type rec struct {
		Via  productlist.LinkKind
		Zero productlist.BookmarkFilter
	}
	in := rec{Via: productlist.LinkList}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var back rec
	if err := json.Unmarshal(b, &back); err != nil || back != in {
		t.Errorf("round trip of %s = %+v, %v; want %+v", b, back, err, in)
	}
	if err := json.Unmarshal([]byte(`{"Via":"bogus"}`), &back); !errors.Is(err, productlist.ErrInvalid) {
		t.Errorf("unknown code error = %v, want ErrInvalid", err)
	}
}
