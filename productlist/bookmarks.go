package productlist

import (
	"fmt"
	"slices"
	"strings"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/internal/text"
	"github.com/partnerkit/partnerkit/registration"
)

// Bookmarks are the approved products an agency bookmarked (P1), by
// registration, in the order bookmarked. It is a plain value a store
// persists as is.
type Bookmarks struct {
	Agency        campaign.AgencyID
	Registrations []registration.ID
}

// Add returns b with p bookmarked; bookmarking twice is a no-op.
//
// Add returns an error if p is malformed or not Available (a *FieldError
// wrapping [ErrInvalid]), or belongs to another agency ([ErrForbidden]).
func (b Bookmarks) Add(p Product) (Bookmarks, error) {
	if err := p.Validate(); err != nil {
		return b, err
	}
	if !p.Available {
		return b, errdef.Field("product", p.Registration, ErrInvalid, "productlist: only approved products can be bookmarked")
	}
	if p.Agency != b.Agency {
		return b, fmt.Errorf("productlist: product %q belongs to another agency: %w", p.Registration, ErrForbidden)
	}
	if b.Has(p.Registration) {
		return b, nil
	}
	out := b
	out.Registrations = append(slices.Clip(b.Registrations), p.Registration)
	return out, nil
}

// Remove returns b without registration id. It returns an error wrapping
// [ErrNotFound] if id is not bookmarked.
func (b Bookmarks) Remove(id registration.ID) (Bookmarks, error) {
	i := slices.Index(b.Registrations, id)
	if i < 0 {
		return b, fmt.Errorf("productlist: %q is not bookmarked: %w", id, ErrNotFound)
	}
	out := b
	out.Registrations = slices.Delete(slices.Clone(b.Registrations), i, i+1)
	return out, nil
}

// Has reports whether registration id is bookmarked.
func (b Bookmarks) Has(id registration.ID) bool { return slices.Contains(b.Registrations, id) }

// ProductFilter selects an agency's approved products (P1).
type ProductFilter struct {
	// Bookmark is AllProducts, Bookmarked or NotBookmarked; zero means
	// AllProducts, so the zero ProductFilter keeps every product.
	Bookmark BookmarkFilter
	// Campaign, if set, keeps only that campaign's products.
	Campaign campaign.ID
	// Text, if set, keeps products whose title, shop or product id contains
	// it, ignoring case, surrounding spaces and how accents are typed.
	Text string
}

// FilterProducts returns the products of b's agency that are Available and
// match f, in their given order (P1).
//
// FilterProducts returns a *FieldError wrapping [ErrInvalid] if f.Bookmark
// is neither zero nor a BookmarkFilter constant.
func FilterProducts(products []Product, b Bookmarks, f ProductFilter) ([]Product, error) {
	if f.Bookmark > NotBookmarked {
		return nil, errdef.Field("bookmark", f.Bookmark, ErrInvalid, "productlist: unknown bookmark filter")
	}
	q := text.Fold(strings.TrimSpace(f.Text))
	var out []Product
	for _, p := range products {
		if p.Agency != b.Agency || !p.Available {
			continue
		}
		if f.Campaign != "" && p.Campaign != f.Campaign {
			continue
		}
		switch has := b.Has(p.Registration); {
		case f.Bookmark == Bookmarked && !has, f.Bookmark == NotBookmarked && has:
			continue
		}
		if q != "" && !strings.Contains(text.Fold(p.Title), q) &&
			!strings.Contains(text.Fold(string(p.Shop)), q) &&
			!strings.Contains(text.Fold(string(p.ID)), q) {
			continue
		}
		out = append(out, p)
	}
	return out, nil
}
