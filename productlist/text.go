package productlist

// Text encodings, so enums are stored as their lower-case codes (never as
// numbers) by encoding/json and other encoders. The zero value encodes as
// the empty string and back.

// MarshalText encodes l as its code; the zero LinkKind as "".
func (l LinkKind) MarshalText() ([]byte, error) {
	if l == 0 {
		return nil, nil
	}
	return []byte(l.String()), nil
}

// UnmarshalText decodes a code written by MarshalText.
func (l *LinkKind) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*l = 0
		return nil
	}
	v, err := ParseLinkKind(string(b))
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// MarshalText encodes k as its code; the zero KeyState as "".
func (k KeyState) MarshalText() ([]byte, error) {
	if k == 0 {
		return nil, nil
	}
	return []byte(k.String()), nil
}

// UnmarshalText decodes a code written by MarshalText.
func (k *KeyState) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*k = 0
		return nil
	}
	v, err := ParseKeyState(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// MarshalText encodes f as its code; the zero BookmarkFilter as "".
func (f BookmarkFilter) MarshalText() ([]byte, error) {
	if f == 0 {
		return nil, nil
	}
	return []byte(f.String()), nil
}

// UnmarshalText decodes a code written by MarshalText.
func (f *BookmarkFilter) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*f = 0
		return nil
	}
	v, err := ParseBookmarkFilter(string(b))
	if err != nil {
		return err
	}
	*f = v
	return nil
}
