package productlist

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"unicode/utf8"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/registration"
)

// Link is a signed share link's text (P3): URL-safe base64 without padding
// of a small binary payload followed by its HMAC-SHA256 tag. It names the
// key id, the agency, and either a list or a product (campaign, product id,
// the registration that names exactly one shop's product, and the creator
// rate); never the total rate T or the agency rate A. The host may put it in
// a URL path or query as is.
type Link string

// MaxPastedLinks is the most links one paste may hold: ten full lists'
// worth. The service refuses more with ErrLimit before verifying any.
const MaxPastedLinks = 10 * MaxProducts

// MaxLinkLen is the longest link text ParseLink reads; longer text is
// refused before decoding. Links this package makes are far shorter.
const MaxLinkLen = 512

// Link formats: list links are format 1; product links are format 2, which
// added the registration id. Format 1 product links named campaign and
// product id only, which two shops may share, so they are refused.
const (
	listFormat    = 1
	productFormat = 2
	tagLen        = sha256.Size
)

// linkDomain separates link tags from any other use of the same secret.
const linkDomain = "partnerkit/productlist/link/v1\x00"

// The strict encoding refuses non-zero padding bits, so two texts never
// decode to the same bytes and every changed character is a changed link.
var linkEncoding = base64.RawURLEncoding.Strict()

// Target is what a verified link points at.
type Target struct {
	Kind   LinkKind
	KeyID  string
	Agency campaign.AgencyID
	// List is set for LinkList.
	List ListID
	// Campaign, Product, Registration and CreatorRate are set for
	// LinkProduct. Registration names the one shop's registration of
	// Product in Campaign that the link offers.
	Campaign     campaign.ID
	Product      registration.ProductID
	Registration registration.ID
	CreatorRate  commission.Rate
}

// ShareList returns the share link of l, signed with the active key of l's
// agency (P3). The link names the list only; creators get the list's
// current rates when they resolve it.
//
// ShareList returns an error if l's id or agency is malformed (a
// *FieldError wrapping [ErrInvalid]) or ks has no active key for the agency
// ([ErrNoKey]).
func ShareList(ks KeySet, l List) (Link, error) {
	if err := checkID("id", string(l.ID)); err != nil {
		return "", err
	}
	return sign(ks, Target{Kind: LinkList, Agency: l.Agency, List: l.ID})
}

// ShareProduct returns a share link for product p at creator rate rate,
// signed with the active key of p's agency (P3). The rate is inside the
// signed payload, so it cannot be altered.
//
// ShareProduct returns an error if p is malformed or not Available, or rate
// is outside 0..p.Total (a *FieldError wrapping [ErrInvalid]), or ks has no
// active key for the agency ([ErrNoKey]).
func ShareProduct(ks KeySet, p Product, rate commission.Rate) (Link, error) {
	if err := p.Validate(); err != nil {
		return "", err
	}
	if !p.Available {
		return "", errdef.Field("product", p.Registration, ErrInvalid, "productlist: product is not approved")
	}
	if err := checkCreatorRate("creator_rate", rate, p.Total); err != nil {
		return "", err
	}
	return sign(ks, Target{Kind: LinkProduct, Agency: p.Agency, Campaign: p.Campaign, Product: p.ID, Registration: p.Registration, CreatorRate: rate})
}

func sign(ks KeySet, t Target) (Link, error) {
	if err := checkID("agency", string(t.Agency)); err != nil {
		return "", err
	}
	k, err := ks.signer(t.Agency)
	if err != nil {
		return "", err
	}
	t.KeyID = k.ID
	payload := encodeTarget(t)
	raw := append(payload, tag(k.Secret, payload)...)
	return Link(linkEncoding.EncodeToString(raw)), nil
}

func tag(secret, payload []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(linkDomain))
	m.Write(payload)
	return m.Sum(nil)
}

// encodeTarget lays out: format, kind, then length-prefixed key id and
// agency, then the list id, or the campaign, product id, registration id and
// a 2-byte rate.
func encodeTarget(t Target) []byte {
	format := byte(listFormat)
	if t.Kind == LinkProduct {
		format = productFormat
	}
	b := []byte{format, byte(t.Kind)}
	str := func(s string) { b = append(append(b, byte(len(s))), s...) }
	str(t.KeyID)
	str(string(t.Agency))
	switch t.Kind {
	case LinkList:
		str(string(t.List))
	case LinkProduct:
		str(string(t.Campaign))
		str(string(t.Product))
		str(string(t.Registration))
		b = binary.BigEndian.AppendUint16(b, uint16(t.CreatorRate))
	}
	return b
}

// ParseLink verifies text against ks and returns what it points at (P3).
// Verification is constant time in the tag (hmac.Equal). Checking that the
// list or product still exists, and belongs to Target.Agency, is left to
// [Resolve].
//
// ParseLink returns an error wrapping [ErrBadLink], and nothing else, if
// text is longer than MaxLinkLen, is not a link, names a key ks does not
// hold or that is retired, names an agency other than its key's, or was
// altered in any byte.
func ParseLink(ks KeySet, text string) (Target, error) {
	bad := func() (Target, error) { return Target{}, ErrBadLink }
	// linkText also refuses '\r' and '\n', which encoding/base64 would
	// otherwise skip, letting an inserted byte pass as the same link.
	if !linkText(text) {
		return bad()
	}
	raw, err := linkEncoding.DecodeString(text)
	if err != nil || len(raw) < 3+tagLen {
		return bad()
	}
	payload, sum := raw[:len(raw)-tagLen], raw[len(raw)-tagLen:]
	d := decoder{b: payload}
	format, kind := d.byte(), LinkKind(d.byte())
	keyID := d.str()
	if d.bad || !(format == listFormat && kind == LinkList || format == productFormat && kind == LinkProduct) {
		return bad()
	}
	k, ok := ks.verifier(keyID)
	if !ok || !hmac.Equal(sum, tag(k.Secret, payload)) {
		return bad()
	}
	// The tag is genuine; the payload is still checked in full so a key
	// shared by mistake across agencies cannot vouch for another agency.
	t := Target{Kind: kind, KeyID: keyID, Agency: campaign.AgencyID(d.str())}
	switch kind {
	case LinkList:
		t.List = ListID(d.str())
	case LinkProduct:
		t.Campaign = campaign.ID(d.str())
		t.Product = registration.ProductID(d.str())
		t.Registration = registration.ID(d.str())
		t.CreatorRate = commission.Rate(d.uint16())
	default:
		return bad()
	}
	if d.bad || len(d.b) != 0 || t.Agency != k.Agency || t.CreatorRate > commission.MaxRate {
		return bad()
	}
	return t, nil
}

// String describes t for logs: "list L1 of agency A1 (key k1)".
func (t Target) String() string {
	if t.Kind == LinkProduct {
		return fmt.Sprintf("product %s (registration %s) in campaign %s at %v of agency %s (key %s)", t.Product, t.Registration, t.Campaign, t.CreatorRate, t.Agency, t.KeyID)
	}
	return fmt.Sprintf("%v %s of agency %s (key %s)", t.Kind, t.List, t.Agency, t.KeyID)
}

// decoder reads the payload; any short or malformed field sets bad.
type decoder struct {
	b   []byte
	bad bool
}

func (d *decoder) byte() byte {
	if len(d.b) < 1 {
		d.bad = true
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) str() string {
	n := int(d.byte())
	if d.bad || n == 0 || n > MaxIDLen || len(d.b) < n {
		d.bad = true
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	if !utf8.ValidString(s) {
		d.bad = true
	}
	return s
}

func (d *decoder) uint16() uint16 {
	if len(d.b) < 2 {
		d.bad = true
		return 0
	}
	v := binary.BigEndian.Uint16(d.b)
	d.b = d.b[2:]
	return v
}
