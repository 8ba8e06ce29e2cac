package productlist

import (
	"errors"
	"fmt"

	"github.com/partnerkit/partnerkit/internal/errdef"
)

// ErrInvalid is wrapped by every error about malformed or out-of-range input.
// It is the same value in every partnerkit package.
var ErrInvalid = errdef.ErrInvalid

// ErrNotFound is wrapped when a named list entry, bookmark or rate version
// does not exist. It is the same value in every partnerkit package.
var ErrNotFound = errdef.ErrNotFound

// ErrForbidden is wrapped when an agency acts on another agency's list or
// product. It is the same value in every partnerkit package.
var ErrForbidden = errdef.ErrForbidden

// ErrLimit is wrapped when an operation would exceed [MaxProducts] products in
// a list or [MaxLists] lists for an agency (P2). It is the same value in every
// partnerkit package.
var ErrLimit = errdef.ErrLimit

// ErrConflict is wrapped when an operation contradicts the current state, such
// as adding a product a list already holds. It is the same value in every
// partnerkit package.
var ErrConflict = errdef.ErrConflict

// ErrBadLink is returned for every share link that is not exactly one this
// package signed with a live key of the agency it names (P3): malformed,
// oversized, altered, signed with an unknown, retired or other agency's key.
// It deliberately does not say which, so a forger learns nothing. It is a
// kind of ErrInvalid: errors.Is(ErrBadLink, ErrInvalid) holds.
var ErrBadLink = fmt.Errorf("productlist: bad or tampered link: %w", ErrInvalid)

// ErrNoProducts is returned when pasted links resolve to no product a creator
// can add: the list is empty or deleted, or its products were removed or
// their registrations closed or cancelled (P4). It is a kind of
// ErrNotFound: errors.Is(ErrNoProducts, ErrNotFound) holds.
var ErrNoProducts = fmt.Errorf("productlist: the link has no products to add: %w", ErrNotFound)

// ErrNoKey is returned when the key set holds no active signing key for the
// agency that wants to share a link, or its active key cannot sign (the
// error then names it). It is the host's configuration, not the caller's
// input, so it is a kind of none of the shared sentinels.
var ErrNoKey = errors.New("productlist: no active signing key for the agency")

// FieldError reports a problem with one named field of an input. It is the
// same type in every partnerkit package.
type FieldError = errdef.FieldError
