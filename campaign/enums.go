package campaign

import (
	"fmt"

	"github.com/partnerkit/partnerkit/internal/enum"
)

// invalid renders an out-of-range enum value.
func invalid(kind string, v uint8) string { return fmt.Sprintf("%s(%d)", kind, v) }

// Status is where a campaign is in its lifecycle (C4). The zero Status is
// invalid.
type Status uint8

// The statuses of a campaign: Draft -> Submitted -> Published <-> Unpublished.
const (
	Draft Status = iota + 1
	Submitted
	Published
	Unpublished
)

// String returns the stored code: "draft", "submitted", "published",
// "unpublished".
func (s Status) String() string {
	switch s {
	case Draft:
		return "draft"
	case Submitted:
		return "submitted"
	case Published:
		return "published"
	case Unpublished:
		return "unpublished"
	}
	return invalid("status", uint8(s))
}

// ParseStatus returns the Status whose code is s, or a *FieldError wrapping
// ErrInvalid.
func ParseStatus(s string) (Status, error) {
	return enum.Parse(s, 1, Unpublished, "campaign", "status")
}

// Phase is where a campaign is in time, derived from the clock (C4). The zero
// Phase is invalid.
type Phase uint8

// The phases, in order. Each period's start is inclusive and its end
// exclusive.
const (
	// Upcoming: before registration starts, or after it has ended while
	// the campaign period has not started.
	Upcoming Phase = iota + 1
	// RegistrationOpen: registration has started and not yet ended.
	RegistrationOpen
	// Ongoing: registration has ended; the campaign period has started
	// and not ended.
	Ongoing
	// Ended: the campaign period is over.
	Ended
)

// String returns the stored code: "upcoming", "registration_open",
// "ongoing", "ended".
func (p Phase) String() string {
	switch p {
	case Upcoming:
		return "upcoming"
	case RegistrationOpen:
		return "registration_open"
	case Ongoing:
		return "ongoing"
	case Ended:
		return "ended"
	}
	return invalid("phase", uint8(p))
}

// ParsePhase returns the Phase whose code is s, or a *FieldError wrapping
// ErrInvalid.
func ParsePhase(s string) (Phase, error) { return enum.Parse(s, 1, Ended, "campaign", "phase") }

// SellerMode says which sellers may register (C3). The zero SellerMode is
// invalid.
type SellerMode uint8

// The seller modes.
const (
	// Open: any shop may register.
	Open SellerMode = iota + 1
	// Select: only the listed shop codes may register.
	Select
)

// String returns the stored code: "open" or "select".
func (m SellerMode) String() string {
	switch m {
	case Open:
		return "open"
	case Select:
		return "select"
	}
	return invalid("seller_mode", uint8(m))
}

// ParseSellerMode returns the SellerMode whose code is s, or a *FieldError
// wrapping ErrInvalid.
func ParseSellerMode(s string) (SellerMode, error) {
	return enum.Parse(s, 1, Select, "campaign", "seller_mode")
}

// Channel is a contact channel sellers use to reach the agency (C2). The
// zero Channel is invalid.
type Channel uint8

// The contact channels. Which ones a market uses is in its Market.Channels.
const (
	WhatsApp Channel = iota + 1
	LINE
	Zalo
	Viber
)

// String returns the stored code: "whatsapp", "line", "zalo", "viber".
func (c Channel) String() string {
	switch c {
	case WhatsApp:
		return "whatsapp"
	case LINE:
		return "line"
	case Zalo:
		return "zalo"
	case Viber:
		return "viber"
	}
	return invalid("channel", uint8(c))
}

// ParseChannel returns the Channel whose code is s, or a *FieldError wrapping
// ErrInvalid.
func ParseChannel(s string) (Channel, error) { return enum.Parse(s, 1, Viber, "campaign", "channel") }

// Region groups markets (C2). The zero Region is invalid.
type Region uint8

// The regions of the shipped market table.
const (
	NorthAmerica Region = iota + 1
	LatinAmerica
	Europe
	SoutheastAsia
	EastAsia
)

// String returns the stored code: "north_america", "latin_america",
// "europe", "southeast_asia", "east_asia".
func (r Region) String() string {
	switch r {
	case NorthAmerica:
		return "north_america"
	case LatinAmerica:
		return "latin_america"
	case Europe:
		return "europe"
	case SoutheastAsia:
		return "southeast_asia"
	case EastAsia:
		return "east_asia"
	}
	return invalid("region", uint8(r))
}

// ParseRegion returns the Region whose code is s, or a *FieldError wrapping
// ErrInvalid.
func ParseRegion(s string) (Region, error) { return enum.Parse(s, 1, EastAsia, "campaign", "region") }
