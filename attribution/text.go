package attribution

import "github.com/partnerkit/partnerkit/internal/enum"

// Text encodings, so enums are stored as their lower-case codes (never as
// numbers) by encoding/json and other encoders. The zero value encodes as
// the empty string and back.

// ParseEntryKind returns the EntryKind whose code is s ("settlement",
// "reversal"), or a *FieldError wrapping [ErrInvalid].
func ParseEntryKind(s string) (EntryKind, error) {
	return enum.Parse(s, Settlement, Reversal, "attribution", "entry_kind")
}

// ParseSampleStatus returns the SampleStatus whose code is s ("requested",
// "approved", "rejected", "shipped", "delivered"), or a *FieldError
// wrapping [ErrInvalid].
func ParseSampleStatus(s string) (SampleStatus, error) {
	return enum.Parse(s, SampleRequested, SampleDelivered, "attribution", "sample_status")
}

// ParseContentKind returns the ContentKind whose code is s ("video",
// "live"), or a *FieldError wrapping [ErrInvalid].
func ParseContentKind(s string) (ContentKind, error) {
	return enum.Parse(s, Video, Live, "attribution", "content_kind")
}

// MarshalText encodes k as its code; the zero Kind as "".
func (k Kind) MarshalText() ([]byte, error) { return enum.MarshalText(k, ParseKind) }

// UnmarshalText decodes a code written by MarshalText.
func (k *Kind) UnmarshalText(b []byte) error { return enum.UnmarshalText(b, k, ParseKind) }

// MarshalText encodes s as its code; the zero Status as "".
func (s Status) MarshalText() ([]byte, error) { return enum.MarshalText(s, ParseStatus) }

// UnmarshalText decodes a code written by MarshalText.
func (s *Status) UnmarshalText(b []byte) error { return enum.UnmarshalText(b, s, ParseStatus) }

// MarshalText encodes k as its code; the zero EntryKind as "".
func (k EntryKind) MarshalText() ([]byte, error) { return enum.MarshalText(k, ParseEntryKind) }

// UnmarshalText decodes a code written by MarshalText.
func (k *EntryKind) UnmarshalText(b []byte) error { return enum.UnmarshalText(b, k, ParseEntryKind) }

// MarshalText encodes r as its code; the zero Reason as "".
func (r Reason) MarshalText() ([]byte, error) { return enum.MarshalText(r, ParseReason) }

// UnmarshalText decodes a code written by MarshalText.
func (r *Reason) UnmarshalText(b []byte) error { return enum.UnmarshalText(b, r, ParseReason) }

// MarshalText encodes s as its code; the zero SampleStatus as "".
func (s SampleStatus) MarshalText() ([]byte, error) { return enum.MarshalText(s, ParseSampleStatus) }

// UnmarshalText decodes a code written by MarshalText.
func (s *SampleStatus) UnmarshalText(b []byte) error {
	return enum.UnmarshalText(b, s, ParseSampleStatus)
}

// MarshalText encodes k as its code; the zero ContentKind as "".
func (k ContentKind) MarshalText() ([]byte, error) { return enum.MarshalText(k, ParseContentKind) }

// UnmarshalText decodes a code written by MarshalText.
func (k *ContentKind) UnmarshalText(b []byte) error {
	return enum.UnmarshalText(b, k, ParseContentKind)
}

// MarshalText encodes s as its code; the zero ContentStatus as "".
func (s ContentStatus) MarshalText() ([]byte, error) { return enum.MarshalText(s, ParseContentStatus) }

// UnmarshalText decodes a code written by MarshalText; "" is the zero
// ContentStatus.
func (s *ContentStatus) UnmarshalText(b []byte) error {
	return enum.UnmarshalText(b, s, ParseContentStatus)
}

// MarshalText encodes k as its code; the zero DiscrepancyKind as "".
func (k DiscrepancyKind) MarshalText() ([]byte, error) {
	return enum.MarshalText(k, ParseDiscrepancyKind)
}

// UnmarshalText decodes a code written by MarshalText.
func (k *DiscrepancyKind) UnmarshalText(b []byte) error {
	return enum.UnmarshalText(b, k, ParseDiscrepancyKind)
}
