package campaign

// Text encodings, so enums are stored as their lower-case codes (never as
// numbers) by encoding/json and other encoders. The zero value encodes as
// the empty string and back.

// MarshalText encodes s as its code; the zero Status as "".
func (s Status) MarshalText() ([]byte, error) {
	if s == 0 {
		return nil, nil
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes a code written by MarshalText.
func (s *Status) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*s = 0
		return nil
	}
	v, err := ParseStatus(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// MarshalText encodes p as its code; the zero Phase as "".
func (p Phase) MarshalText() ([]byte, error) {
	if p == 0 {
		return nil, nil
	}
	return []byte(p.String()), nil
}

// UnmarshalText decodes a code written by MarshalText.
func (p *Phase) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*p = 0
		return nil
	}
	v, err := ParsePhase(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// MarshalText encodes s as its code; the zero SellerMode as "".
func (s SellerMode) MarshalText() ([]byte, error) {
	if s == 0 {
		return nil, nil
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes a code written by MarshalText.
func (s *SellerMode) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*s = 0
		return nil
	}
	v, err := ParseSellerMode(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// MarshalText encodes c as its code; the zero Channel as "".
func (c Channel) MarshalText() ([]byte, error) {
	if c == 0 {
		return nil, nil
	}
	return []byte(c.String()), nil
}

// UnmarshalText decodes a code written by MarshalText.
func (c *Channel) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*c = 0
		return nil
	}
	v, err := ParseChannel(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// MarshalText encodes r as its code; the zero Region as "".
func (r Region) MarshalText() ([]byte, error) {
	if r == 0 {
		return nil, nil
	}
	return []byte(r.String()), nil
}

// UnmarshalText decodes a code written by MarshalText.
func (r *Region) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*r = 0
		return nil
	}
	v, err := ParseRegion(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// MarshalText encodes s as its code; the zero Stage as "".
func (s Stage) MarshalText() ([]byte, error) {
	if s == 0 {
		return nil, nil
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes a code written by MarshalText.
func (s *Stage) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*s = 0
		return nil
	}
	v, err := ParseStage(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// MarshalText encodes s as its code; the zero Step as "".
func (s Step) MarshalText() ([]byte, error) {
	if s == 0 {
		return nil, nil
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes a code written by MarshalText.
func (s *Step) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*s = 0
		return nil
	}
	v, err := ParseStep(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// MarshalText encodes a as its code; the zero AccountCategory as "".
func (a AccountCategory) MarshalText() ([]byte, error) {
	if a == 0 {
		return nil, nil
	}
	return []byte(a.String()), nil
}

// UnmarshalText decodes a code written by MarshalText.
func (a *AccountCategory) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*a = 0
		return nil
	}
	v, err := ParseAccountCategory(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}
