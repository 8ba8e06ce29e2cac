package attribution

import "github.com/partnerkit/partnerkit/internal/errdef"

// Text encodings, so the enums a backend stores are kept as their codes
// (never as numbers) by encoding/json and other encoders. The zero value
// encodes as the empty string and back.

// parseCode returns the value in first..last whose String is s.
func parseCode[E interface {
	~int
	String() string
}](s string, first, last E, field string) (E, error) {
	if len(s) <= 32 {
		for v := first; v <= last; v++ {
			if v.String() == s {
				return v, nil
			}
		}
	}
	return 0, errdef.Field(field, s, ErrInvalid, "attribution: unknown "+field)
}

// ParseEntryKind returns the EntryKind whose code is s ("settlement",
// "reversal"), or a *FieldError wrapping [ErrInvalid].
func ParseEntryKind(s string) (EntryKind, error) {
	return parseCode(s, Settlement, Reversal, "entry_kind")
}

// ParseSampleStatus returns the SampleStatus whose code is s ("requested",
// "approved", "rejected", "shipped", "delivered"), or a *FieldError
// wrapping [ErrInvalid].
func ParseSampleStatus(s string) (SampleStatus, error) {
	return parseCode(s, SampleRequested, SampleDelivered, "sample_status")
}

// ParseContentKind returns the ContentKind whose code is s ("video",
// "live"), or a *FieldError wrapping [ErrInvalid].
func ParseContentKind(s string) (ContentKind, error) {
	return parseCode(s, Video, Live, "content_kind")
}

// MarshalText encodes k as its code; the zero Kind as "".
func (k Kind) MarshalText() ([]byte, error) {
	if k == 0 {
		return nil, nil
	}
	return []byte(k.String()), nil
}

// UnmarshalText decodes a code written by MarshalText.
func (k *Kind) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*k = 0
		return nil
	}
	v, err := ParseKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

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

// MarshalText encodes k as its code; the zero EntryKind as "".
func (k EntryKind) MarshalText() ([]byte, error) {
	if k == 0 {
		return nil, nil
	}
	return []byte(k.String()), nil
}

// UnmarshalText decodes a code written by MarshalText.
func (k *EntryKind) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*k = 0
		return nil
	}
	v, err := ParseEntryKind(string(b))
	if err != nil {
		return err
	}
	*k = v
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

// MarshalText encodes s as its code; the zero SampleStatus as "".
func (s SampleStatus) MarshalText() ([]byte, error) {
	if s == 0 {
		return nil, nil
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes a code written by MarshalText.
func (s *SampleStatus) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*s = 0
		return nil
	}
	v, err := ParseSampleStatus(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// MarshalText encodes k as its code; the zero ContentKind as "".
func (k ContentKind) MarshalText() ([]byte, error) {
	if k == 0 {
		return nil, nil
	}
	return []byte(k.String()), nil
}

// UnmarshalText decodes a code written by MarshalText.
func (k *ContentKind) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*k = 0
		return nil
	}
	v, err := ParseContentKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}
