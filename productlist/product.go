package productlist

import (
	"errors"
	"unicode/utf8"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/internal/text"
	"github.com/partnerkit/partnerkit/registration"
)

// MaxIDLen bounds every id this package stores or puts in a link, in bytes.
const MaxIDLen = 64

// MaxTitleLen bounds a product title, in characters.
const MaxTitleLen = 255

// Product is an approved product as this package sees it: one shop's product
// registered into one agency's campaign. The service layer builds it from a
// registration. Total is the seller's total rate T (fixed once approved, R3).
type Product struct {
	Registration registration.ID
	Campaign     campaign.ID
	Agency       campaign.AgencyID
	Shop         campaign.ShopCode
	ID           registration.ProductID
	// Title is the product's name: valid UTF-8, 1 to MaxTitleLen characters,
	// no control characters other than newline and tab.
	Title string
	// Price is optional; the zero Money means unknown.
	Price commission.Money
	// Total is the seller's total commission rate T.
	Total commission.Rate
	// Available is true while the registration is approved; it is false once
	// the registration is closed or cancelled, and then creators no longer
	// see the product (P4).
	Available bool
}

// Validate returns nil if p is well formed, and otherwise every problem
// joined, each a *FieldError wrapping [ErrInvalid].
func (p Product) Validate() error {
	var errs []error
	errs = appendIDErr(errs, "registration", string(p.Registration))
	errs = appendIDErr(errs, "campaign", string(p.Campaign))
	errs = appendIDErr(errs, "agency", string(p.Agency))
	errs = appendIDErr(errs, "shop", string(p.Shop))
	errs = appendIDErr(errs, "product", string(p.ID))
	if err := checkTitle(p.Title); err != nil {
		errs = append(errs, err)
	}
	// Unknown is no currency and a zero amount, however the amount is
	// represented: a zero Money that went through JSON no longer == Money{}.
	if !p.Price.Currency.IsZero() || !p.Price.IsZero() {
		if err := p.Price.Validate(); err != nil {
			errs = append(errs, errdef.Field("price", p.Price, ErrInvalid, "productlist: bad price"))
		}
	}
	if err := p.Total.Validate(); err != nil {
		errs = append(errs, errdef.Field("total", p.Total, ErrInvalid, "productlist: not a rate"))
	}
	return errors.Join(errs...)
}

type productKey struct {
	shop campaign.ShopCode
	id   registration.ProductID
}

func appendIDErr(errs []error, field, v string) []error {
	if err := checkID(field, v); err != nil {
		errs = append(errs, err)
	}
	return errs
}

func checkID(field, v string) error {
	switch {
	case v == "":
		return errdef.Field(field, v, ErrInvalid, "productlist: empty")
	case len(v) > MaxIDLen:
		return errdef.Field(field, v, ErrInvalid, "productlist: too long")
	case !utf8.ValidString(v):
		return errdef.Field(field, v, ErrInvalid, "productlist: not UTF-8")
	}
	for _, r := range v {
		if r < 0x20 || r == 0x7f {
			return errdef.Field(field, v, ErrInvalid, "productlist: control character")
		}
	}
	return nil
}

func checkTitle(s string) error {
	bad := func(reason string) error { return errdef.Field("title", s, ErrInvalid, "productlist: "+reason) }
	if s == "" {
		return bad("empty")
	}
	if !utf8.ValidString(s) {
		return bad("not UTF-8")
	}
	if len(s) > MaxTitleLen*text.MaxCharBytes || text.Len(s) > MaxTitleLen {
		return bad("too long")
	}
	for _, r := range s {
		// A carriage return would not survive a CSV round trip (encoding/csv
		// reads "\r\n" inside a quoted field as "\n"), so it is refused here.
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f {
			return bad("control character")
		}
	}
	return nil
}

// Catalog is the current state of the approved products a call needs, built
// by the service from registrations. A list entry whose product is missing
// from the catalog or not Available is hidden from creators.
type Catalog []Product

// Registration returns the product with registration id, if present.
func (c Catalog) Registration(id registration.ID) (Product, bool) {
	for _, p := range c {
		if p.Registration == id {
			return p, true
		}
	}
	return Product{}, false
}
