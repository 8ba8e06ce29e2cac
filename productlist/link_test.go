package productlist_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/productlist"
)

// P3: a list link and a product link round-trip to their targets and never
// carry T or A.
func TestShareAndParse(t *testing.T) {
	ks := keys()
	l := newList(t, "list-1", agencyA, 1)
	ll, err := productlist.ShareList(ks, l)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := productlist.ShareProduct(ks, product(agencyA, 3), 1250)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		link productlist.Link
		want productlist.Target
	}{
		{ll, productlist.Target{Kind: productlist.LinkList, KeyID: "a2", Agency: agencyA, List: "list-1"}},
		{pl, productlist.Target{Kind: productlist.LinkProduct, KeyID: "a2", Agency: agencyA, Campaign: "camp-1", Product: "prod-3", Registration: "agency-a-reg-3", CreatorRate: 1250}},
	} {
		got, err := productlist.ParseLink(ks, string(tc.link))
		if err != nil {
			t.Fatalf("ParseLink(%s): %v", tc.link, err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("ParseLink(%s) (-want +got):\n%s", tc.link, diff)
		}
		if len(tc.link) > 200 || strings.ContainsAny(string(tc.link), "+/=") {
			t.Errorf("link %q is not compact URL-safe text", tc.link)
		}
	}
}

// P3: every single-byte change of a valid link, to any byte value, is
// refused with ErrBadLink; so is every single-byte insertion (newlines
// included, which encoding/base64 would skip), truncation and extension.
func TestTamperEveryByte(t *testing.T) {
	ks := keys()
	ll, _ := productlist.ShareList(ks, newList(t, "list-1", agencyA, 0))
	pl, _ := productlist.ShareProduct(ks, product(agencyA, 3), 1250)
	for _, link := range []string{string(ll), string(pl)} {
		for i := range len(link) {
			for c := range 256 {
				if byte(c) == link[i] {
					continue
				}
				b := []byte(link)
				b[i] = byte(c)
				if got, err := productlist.ParseLink(ks, string(b)); !isBadLink(err) {
					t.Fatalf("ParseLink(link with byte %d = %#x) = %v, %v; want ErrBadLink", i, c, got, err)
				}
				ins := link[:i] + string([]byte{byte(c)}) + link[i:]
				if got, err := productlist.ParseLink(ks, ins); !isBadLink(err) {
					t.Fatalf("ParseLink(link with %#x inserted at %d) = %v, %v; want ErrBadLink", c, i, got, err)
				}
			}
			if _, err := productlist.ParseLink(ks, link[:i]); !isBadLink(err) {
				t.Fatalf("ParseLink(truncated to %d) error = %v", i, err)
			}
		}
		for _, suffix := range []string{"A", "AA", "AAAA", "="} {
			if _, err := productlist.ParseLink(ks, link+suffix); !isBadLink(err) {
				t.Fatalf("ParseLink(link+%q) error = %v", suffix, err)
			}
		}
	}
}

func isBadLink(err error) bool { return err != nil && errorsIs(err, productlist.ErrBadLink) }

// P3: rotation: links signed with a verifying key still resolve; once the key
// is retired, or dropped from the set, they are refused.
func TestKeyRotation(t *testing.T) {
	old := productlist.KeySet{Keys: []productlist.Key{{ID: "a1", Agency: agencyA, Secret: secret('1'), State: productlist.KeyActive}}}
	link, err := productlist.ShareList(old, newList(t, "l", agencyA, 0))
	if err != nil {
		t.Fatal(err)
	}
	rotated := keys() // a1 verifying, a2 active
	if _, err := productlist.ParseLink(rotated, string(link)); err != nil {
		t.Errorf("link of a verifying key: %v", err)
	}
	retired := keys()
	retired.Keys[1].State = productlist.KeyRetired
	wantErr(t, "ParseLink(retired key)", second(productlist.ParseLink(retired, string(link))), productlist.ErrBadLink)
	dropped := productlist.KeySet{Keys: retired.Keys[:1]}
	wantErr(t, "ParseLink(dropped key)", second(productlist.ParseLink(dropped, string(link))), productlist.ErrBadLink)
	// New links are signed with the active key.
	fresh, _ := productlist.ShareList(rotated, newList(t, "l", agencyA, 0))
	if tg, err := productlist.ParseLink(rotated, string(fresh)); err != nil || tg.KeyID != "a2" {
		t.Errorf("fresh link = %v, %v; want key a2", tg, err)
	}
}

// P3: a link signed with another agency's key never resolves to this
// agency's list, even if its payload names this agency.
func TestOtherAgencyKey(t *testing.T) {
	ks := keys()
	// Agency B's key ids on a key set entry claiming agency A: the payload
	// names agency A but is signed with B's secret.
	forged := productlist.KeySet{Keys: []productlist.Key{{ID: "b1", Agency: agencyA, Secret: secret('b'), State: productlist.KeyActive}}}
	link, err := productlist.ShareList(forged, productlist.List{ID: "list-a", Agency: agencyA})
	if err != nil {
		t.Fatal(err)
	}
	wantErr(t, "ParseLink(B's key, agency A)", second(productlist.ParseLink(ks, string(link))), productlist.ErrBadLink)

	// B's genuine link to its own list, resolved against A's list of the same id.
	linkB, _ := productlist.ShareList(ks, productlist.List{ID: "list-a", Agency: agencyB})
	tg, err := productlist.ParseLink(ks, string(linkB))
	if err != nil {
		t.Fatal(err)
	}
	la := newList(t, "list-a", agencyA, 2)
	_, err = productlist.Resolve([]productlist.Target{tg}, map[productlist.ListID]productlist.List{"list-a": la},
		productlist.Catalog{product(agencyA, 0), product(agencyA, 1)}, productlist.Showcase{Creator: "c1"}, t0)
	wantErr(t, "Resolve(B's link, A's list)", err, productlist.ErrBadLink)

	// A key set with only B's keys does not verify A's links.
	onlyB := productlist.KeySet{Keys: ks.Keys[3:]}
	linkA, _ := productlist.ShareList(ks, la)
	wantErr(t, "ParseLink(A's link, B's keys)", second(productlist.ParseLink(onlyB, string(linkA))), productlist.ErrBadLink)
}

// P3: oversized and garbage input is refused.
func TestParseLinkGarbage(t *testing.T) {
	ks := keys()
	for _, s := range []string{"", "x", strings.Repeat("A", 64<<10), strings.Repeat("A", productlist.MaxLinkLen+1), "!!!!", "AAAA"} {
		wantErr(t, fmt.Sprintf("ParseLink(%.10q)", s), second(productlist.ParseLink(ks, s)), productlist.ErrBadLink)
	}
}

// P3: keys never appear in String, GoString or validation errors.
func TestKeysRedacted(t *testing.T) {
	ks := keys()
	ks.Keys = append(ks.Keys, productlist.Key{ID: "short", Agency: agencyA, Secret: []byte("0123456789abcdef-SECRET"), State: productlist.KeyVerifying})
	err := ks.Validate()
	wantErr(t, "Validate(short secret)", err, productlist.ErrInvalid)
	for _, s := range []string{ks.String(), fmt.Sprintf("%v %+v %#v %s", ks, ks, ks, ks.Keys[0]), fmt.Sprintf("%#v", ks.Keys[0]), err.Error()} {
		for _, k := range ks.Keys {
			if strings.Contains(s, string(k.Secret)) || strings.Contains(s, "SECRET") || strings.Contains(s, fmt.Sprint(k.Secret)) {
				t.Errorf("secret of %s leaked in %q", k.ID, s)
			}
		}
	}
	if err := keys().Validate(); err != nil {
		t.Errorf("Validate(keys()): %v", err)
	}
	two := keys()
	two.Keys[1].State = productlist.KeyActive
	wantErr(t, "Validate(two active)", two.Validate(), productlist.ErrInvalid)
	wantErr(t, "ShareList(no key)", second(productlist.ShareList(productlist.KeySet{}, newList(t, "l", agencyA, 0))), productlist.ErrNoKey)
}

// P3: a product link cannot offer more than the product's total.
func TestShareProductRate(t *testing.T) {
	wantErr(t, "ShareProduct(rate > T)", second(productlist.ShareProduct(keys(), product(agencyA, 1), 2001)), productlist.ErrInvalid)
}

// P3: an agency whose active key cannot sign (a short secret, a malformed
// id) is told which key and why, still as ErrNoKey, and never its secret.
func TestUnusableActiveKeyIsNamed(t *testing.T) {
	short := productlist.Key{ID: "k-short", Agency: agencyA, Secret: []byte("0123456789abcdef-SECRET"), State: productlist.KeyActive}
	badID := productlist.Key{ID: "k short", Agency: agencyA, Secret: []byte("0123456789abcdef0123456789abcdef-SECRET"), State: productlist.KeyActive}
	for _, tc := range []struct {
		key   productlist.Key
		field string
	}{{short, "keys[1].secret"}, {badID, "keys[1].id"}} {
		ks := productlist.KeySet{Keys: []productlist.Key{{ID: "other", Agency: agencyB, Secret: tc.key.Secret, State: productlist.KeyActive}, tc.key}}
		_, err := productlist.ShareList(ks, newList(t, "l", agencyA, 0))
		var fe *productlist.FieldError
		if !errors.Is(err, productlist.ErrNoKey) || !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("ShareList with %v = %v, want a FieldError for %s wrapping ErrNoKey", tc.key, err, tc.field)
			continue
		}
		if strings.Contains(err.Error(), "SECRET") {
			t.Errorf("the error shows the secret: %v", err)
		}
	}
}
