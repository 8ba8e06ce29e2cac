package productlist

import "github.com/partnerkit/partnerkit/internal/enum"

// Text encodings, so enums are stored as their lower-case codes (never as
// numbers) by encoding/json and other encoders. The zero value encodes as
// the empty string and back.

// MarshalText encodes k as its code; the zero LinkKind as "".
func (k LinkKind) MarshalText() ([]byte, error) { return enum.MarshalText(k, ParseLinkKind) }

// UnmarshalText decodes a code written by MarshalText.
func (k *LinkKind) UnmarshalText(b []byte) error { return enum.UnmarshalText(b, k, ParseLinkKind) }

// MarshalText encodes s as its code; the zero KeyState as "".
func (s KeyState) MarshalText() ([]byte, error) { return enum.MarshalText(s, ParseKeyState) }

// UnmarshalText decodes a code written by MarshalText.
func (s *KeyState) UnmarshalText(b []byte) error { return enum.UnmarshalText(b, s, ParseKeyState) }

// MarshalText encodes f as its code; the zero BookmarkFilter as "".
func (f BookmarkFilter) MarshalText() ([]byte, error) {
	return enum.MarshalText(f, ParseBookmarkFilter)
}

// UnmarshalText decodes a code written by MarshalText.
func (f *BookmarkFilter) UnmarshalText(b []byte) error {
	return enum.UnmarshalText(b, f, ParseBookmarkFilter)
}
