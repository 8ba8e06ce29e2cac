package registration

// Text encodings, so enums are stored as their lower-case codes (never as
// numbers) by encoding/json and other encoders. The zero value encodes as
// the empty string and back.

// MarshalText encodes s as its code; the zero State as "".
func (s State) MarshalText() ([]byte, error) {
	if s == 0 {
		return nil, nil
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes a code written by MarshalText.
func (s *State) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*s = 0
		return nil
	}
	v, err := ParseState(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// MarshalText encodes r as its code; the zero Reason as "".
func (r Reason) MarshalText() ([]byte, error) {
	if r == 0 {
		return nil, nil
	}
	return []byte(r.String()), nil
}

// UnmarshalText decodes a code written by MarshalText.
func (r *Reason) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*r = 0
		return nil
	}
	v, err := ParseReason(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}
