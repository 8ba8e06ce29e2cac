package productlist

import (
	"github.com/partnerkit/partnerkit/internal/errdef"
)

// LinkKind says what a share link points at. The zero LinkKind is invalid.
type LinkKind uint8

// The kinds of share link (P3).
const (
	// LinkList points at one of an agency's product lists.
	LinkList LinkKind = iota + 1
	// LinkProduct points at one approved product with a creator rate.
	LinkProduct
)

var linkKindCodes = [...]string{LinkList: "list", LinkProduct: "product"}

// String returns the kind's code, "list" or "product", or "invalid".
func (k LinkKind) String() string { return code(linkKindCodes[:], int(k)) }

// ParseLinkKind parses a code returned by [LinkKind.String]. It returns a
// *FieldError wrapping [ErrInvalid] for any other text.
func ParseLinkKind(s string) (LinkKind, error) {
	v, err := parseCode(linkKindCodes[:], "link_kind", s)
	return LinkKind(v), err
}

// KeyState says what a share-link key may do. The zero KeyState is invalid.
type KeyState uint8

// The states of a share-link key; a key moves from active to verifying to
// retired as the host rotates it.
const (
	// KeyActive signs new links and verifies links. An agency has at most one.
	KeyActive KeyState = iota + 1
	// KeyVerifying no longer signs but still verifies the links it signed.
	KeyVerifying
	// KeyRetired verifies nothing: links it signed are refused.
	KeyRetired
)

var keyStateCodes = [...]string{KeyActive: "active", KeyVerifying: "verifying", KeyRetired: "retired"}

// String returns the state's code, such as "active", or "invalid".
func (s KeyState) String() string { return code(keyStateCodes[:], int(s)) }

// ParseKeyState parses a code returned by [KeyState.String]. It returns a
// *FieldError wrapping [ErrInvalid] for any other text.
func ParseKeyState(s string) (KeyState, error) {
	v, err := parseCode(keyStateCodes[:], "key_state", s)
	return KeyState(v), err
}

// BookmarkFilter selects products by whether the agency bookmarked them (P1).
// The zero BookmarkFilter has no code (String says "invalid"); a
// ProductFilter reads it as AllProducts.
type BookmarkFilter uint8

// The bookmark filters (P1).
const (
	// AllProducts ignores bookmarks.
	AllProducts BookmarkFilter = iota + 1
	// Bookmarked keeps only bookmarked products.
	Bookmarked
	// NotBookmarked keeps only products that are not bookmarked.
	NotBookmarked
)

var bookmarkFilterCodes = [...]string{AllProducts: "all", Bookmarked: "bookmarked", NotBookmarked: "not_bookmarked"}

// String returns the filter's code, such as "bookmarked", or "invalid".
func (f BookmarkFilter) String() string { return code(bookmarkFilterCodes[:], int(f)) }

// ParseBookmarkFilter parses a code returned by [BookmarkFilter.String]. It
// returns a *FieldError wrapping [ErrInvalid] for any other text.
func ParseBookmarkFilter(s string) (BookmarkFilter, error) {
	v, err := parseCode(bookmarkFilterCodes[:], "bookmark_filter", s)
	return BookmarkFilter(v), err
}

func code(codes []string, v int) string {
	if v <= 0 || v >= len(codes) {
		return "invalid"
	}
	return codes[v]
}

func parseCode(codes []string, field, s string) (int, error) {
	for i, c := range codes {
		if i > 0 && c == s {
			return i, nil
		}
	}
	return 0, errdef.Field(field, s, ErrInvalid, "productlist: unknown code")
}
