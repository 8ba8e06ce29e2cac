package registration

import "github.com/partnerkit/partnerkit/internal/enum"

// Text encodings, so enums are stored as their lower-case codes (never as
// numbers) by encoding/json and other encoders. The zero value encodes as
// the empty string and back.

// MarshalText encodes s as its code; the zero State as "".
func (s State) MarshalText() ([]byte, error) { return enum.MarshalText(s, ParseState) }

// UnmarshalText decodes a code written by MarshalText.
func (s *State) UnmarshalText(b []byte) error { return enum.UnmarshalText(b, s, ParseState) }

// MarshalText encodes r as its code; the zero Reason as "".
func (r Reason) MarshalText() ([]byte, error) { return enum.MarshalText(r, ParseReason) }

// UnmarshalText decodes a code written by MarshalText.
func (r *Reason) UnmarshalText(b []byte) error { return enum.UnmarshalText(b, r, ParseReason) }
