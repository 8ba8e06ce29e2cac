package campaign

import "github.com/partnerkit/partnerkit/internal/enum"

// Text encodings, so enums are stored as their lower-case codes (never as
// numbers) by encoding/json and other encoders. The zero value encodes as
// the empty string and back.

// MarshalText encodes s as its code; the zero Status as "".
func (s Status) MarshalText() ([]byte, error) { return enum.MarshalText(s, ParseStatus) }

// UnmarshalText decodes a code written by MarshalText.
func (s *Status) UnmarshalText(b []byte) error { return enum.UnmarshalText(b, s, ParseStatus) }

// MarshalText encodes p as its code; the zero Phase as "".
func (p Phase) MarshalText() ([]byte, error) { return enum.MarshalText(p, ParsePhase) }

// UnmarshalText decodes a code written by MarshalText.
func (p *Phase) UnmarshalText(b []byte) error { return enum.UnmarshalText(b, p, ParsePhase) }

// MarshalText encodes m as its code; the zero SellerMode as "".
func (m SellerMode) MarshalText() ([]byte, error) { return enum.MarshalText(m, ParseSellerMode) }

// UnmarshalText decodes a code written by MarshalText.
func (m *SellerMode) UnmarshalText(b []byte) error { return enum.UnmarshalText(b, m, ParseSellerMode) }

// MarshalText encodes c as its code; the zero Channel as "".
func (c Channel) MarshalText() ([]byte, error) { return enum.MarshalText(c, ParseChannel) }

// UnmarshalText decodes a code written by MarshalText.
func (c *Channel) UnmarshalText(b []byte) error { return enum.UnmarshalText(b, c, ParseChannel) }

// MarshalText encodes r as its code; the zero Region as "".
func (r Region) MarshalText() ([]byte, error) { return enum.MarshalText(r, ParseRegion) }

// UnmarshalText decodes a code written by MarshalText.
func (r *Region) UnmarshalText(b []byte) error { return enum.UnmarshalText(b, r, ParseRegion) }

// MarshalText encodes s as its code; the zero Stage as "".
func (s Stage) MarshalText() ([]byte, error) { return enum.MarshalText(s, ParseStage) }

// UnmarshalText decodes a code written by MarshalText.
func (s *Stage) UnmarshalText(b []byte) error { return enum.UnmarshalText(b, s, ParseStage) }

// MarshalText encodes s as its code; the zero Step as "".
func (s Step) MarshalText() ([]byte, error) { return enum.MarshalText(s, ParseStep) }

// UnmarshalText decodes a code written by MarshalText.
func (s *Step) UnmarshalText(b []byte) error { return enum.UnmarshalText(b, s, ParseStep) }

// MarshalText encodes c as its code; the zero AccountCategory as "".
func (c AccountCategory) MarshalText() ([]byte, error) {
	return enum.MarshalText(c, ParseAccountCategory)
}

// UnmarshalText decodes a code written by MarshalText.
func (c *AccountCategory) UnmarshalText(b []byte) error {
	return enum.UnmarshalText(b, c, ParseAccountCategory)
}
