package campaign

import (
	"errors"
	"fmt"
	"slices"
	"time"
	_ "time/tzdata" // market zones resolve without host zoneinfo (C2)

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
)

// MarketCode is a market's ISO 3166-1 alpha-2 code, such as "US".
type MarketCode string

// DefaultSettlementWindow is the settlement window, in days, of every market
// in the shipped table: commission on a delivered order settles this many days
// after delivery when the platform sends no settled event (A6). Hosts with
// other terms pass their own table.
const DefaultSettlementWindow = 15

// MaxSettlementWindow is the longest settlement window a market may have,
// in days (100 years); Market.Validate refuses a longer one, which a
// time.Duration could not hold once past 106,751 days.
const MaxSettlementWindow = 36500

// Market is a country where campaigns run (C2).
type Market struct {
	Code     MarketCode
	Region   Region
	Currency commission.Currency
	// Location is the market's IANA time zone; campaign dates are calendar
	// dates in it.
	Location *time.Location
	// Channels are the contact channels campaigns in this market may use.
	Channels []Channel
	// SettlementWindow is the number of days after delivery after which
	// commission settles without a platform event (A6). Host-configurable.
	// A day is 24 hours from the delivery instant (not a calendar day of
	// the market's zone, which a daylight-saving change would stretch or
	// shrink). 0 means the market has no window: only the platform's
	// settled event settles a line. At most MaxSettlementWindow.
	SettlementWindow int
}

// Uses reports whether campaigns in m may use contact channel c.
func (m Market) Uses(c Channel) bool { return slices.Contains(m.Channels, c) }

// Validate returns nil if m is complete, and otherwise every problem joined,
// each a *FieldError wrapping ErrInvalid.
func (m Market) Validate() error { return errors.Join(m.problems("")...) }

// problems lists what is wrong with m, naming fields under prefix.
func (m Market) problems(prefix string) []error {
	var errs []error
	if !twoUpper(string(m.Code)) {
		errs = append(errs, errdef.Field(prefix+"code", string(m.Code), ErrInvalid, "campaign: want two upper-case letters"))
	}
	if m.Region < NorthAmerica || m.Region > EastAsia {
		errs = append(errs, errdef.Field(prefix+"region", m.Region, ErrInvalid, "campaign: unknown region"))
	}
	if m.Currency.IsZero() {
		errs = append(errs, errdef.Field(prefix+"currency", m.Currency, ErrInvalid, "campaign: no currency"))
	}
	if m.Location == nil {
		errs = append(errs, errdef.Field(prefix+"location", nil, ErrInvalid, "campaign: no time zone"))
	}
	if len(m.Channels) == 0 {
		errs = append(errs, errdef.Field(prefix+"channels", m.Channels, ErrInvalid, "campaign: no contact channel"))
	}
	for i, c := range m.Channels {
		if c < WhatsApp || c > Viber {
			errs = append(errs, errdef.Field(prefix+fmt.Sprintf("channels[%d]", i), c, ErrInvalid, "campaign: unknown channel"))
		}
	}
	if m.SettlementWindow < 0 || m.SettlementWindow > MaxSettlementWindow {
		errs = append(errs, errdef.Field(prefix+"settlement_window", m.SettlementWindow, ErrInvalid,
			fmt.Sprintf("campaign: not between 0 and %d days", MaxSettlementWindow)))
	}
	return errs
}

func twoUpper(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// MarketTable is an immutable set of markets keyed by code. The zero
// MarketTable stands for the shipped table (Markets). Lookup returns copies,
// so nothing a caller does changes the table.
type MarketTable struct {
	markets map[MarketCode]Market
}

// marketSpec is one row of the shipped table before its zone is loaded.
type marketSpec struct {
	code     MarketCode
	region   Region
	currency string
	zone     string
	channels []Channel
}

// shipped returns the TikTok Shop markets the package knows. It is a
// function, not a variable, so no caller can change it.
func shipped() []marketSpec {
	wa := []Channel{WhatsApp}
	return []marketSpec{
		{"US", NorthAmerica, "USD", "America/Los_Angeles", wa},
		{"MX", LatinAmerica, "MXN", "America/Mexico_City", wa},
		{"BR", LatinAmerica, "BRL", "America/Sao_Paulo", wa},
		{"GB", Europe, "GBP", "Europe/London", wa},
		{"IE", Europe, "EUR", "Europe/Dublin", wa},
		{"ES", Europe, "EUR", "Europe/Madrid", wa},
		{"DE", Europe, "EUR", "Europe/Berlin", wa},
		{"FR", Europe, "EUR", "Europe/Paris", wa},
		{"IT", Europe, "EUR", "Europe/Rome", wa},
		{"ID", SoutheastAsia, "IDR", "Asia/Jakarta", wa},
		{"MY", SoutheastAsia, "MYR", "Asia/Kuala_Lumpur", wa},
		{"SG", SoutheastAsia, "SGD", "Asia/Singapore", wa},
		{"TH", SoutheastAsia, "THB", "Asia/Bangkok", []Channel{LINE}},
		{"VN", SoutheastAsia, "VND", "Asia/Ho_Chi_Minh", []Channel{Zalo}},
		{"PH", SoutheastAsia, "PHP", "Asia/Manila", []Channel{Viber}},
		{"JP", EastAsia, "JPY", "Asia/Tokyo", []Channel{LINE}},
	}
}

// build turns a spec into a Market. The zones and currencies are fixed and
// embedded (time/tzdata), so an error here is a bug in the table.
func (s marketSpec) build() Market {
	loc, err := time.LoadLocation(s.zone)
	if err != nil {
		panic(fmt.Sprintf("campaign: shipped market %s: %v", s.code, err))
	}
	return Market{
		Code:             s.code,
		Region:           s.region,
		Currency:         commission.MustParseCurrency(s.currency),
		Location:         loc,
		Channels:         slices.Clone(s.channels),
		SettlementWindow: DefaultSettlementWindow,
	}
}

// Markets returns a fresh copy of the shipped table of TikTok Shop markets:
// US, MX, BR, GB, IE, ES, DE, FR, IT, ID, MY, SG, TH, VN, PH, JP. Each has
// a settlement window of DefaultSettlementWindow days. Build it once and
// keep it: it loads every zone.
func Markets() MarketTable {
	specs := shipped()
	t := MarketTable{markets: make(map[MarketCode]Market, len(specs))}
	for _, s := range specs {
		t.markets[s.code] = s.build()
	}
	return t
}

// NewMarketTable returns a host's own table of markets.
//
// NewMarketTable returns every problem joined if:
//   - a market is incomplete (see Market.Validate; fields "markets[i]...");
//   - two markets have the same code (a *FieldError wrapping ErrConflict).
func NewMarketTable(markets ...Market) (MarketTable, error) {
	t := MarketTable{markets: make(map[MarketCode]Market, len(markets))}
	var errs []error
	for i, m := range markets {
		if bad := m.problems(fmt.Sprintf("markets[%d].", i)); bad != nil {
			errs = append(errs, bad...)
			continue
		}
		if _, dup := t.markets[m.Code]; dup {
			errs = append(errs, errdef.Field(fmt.Sprintf("markets[%d].code", i), string(m.Code), ErrConflict, "campaign: duplicate market"))
			continue
		}
		m.Channels = slices.Clone(m.Channels)
		t.markets[m.Code] = m
	}
	if err := errors.Join(errs...); err != nil {
		return MarketTable{}, err
	}
	return t, nil
}

// Lookup returns the market with code. It returns a *FieldError for
// "market" wrapping ErrNotFound if the table has none.
func (t MarketTable) Lookup(code MarketCode) (Market, error) {
	if t.markets == nil {
		for _, s := range shipped() {
			if s.code == code {
				return s.build(), nil
			}
		}
	} else if m, ok := t.markets[code]; ok {
		m.Channels = slices.Clone(m.Channels)
		return m, nil
	}
	return Market{}, errdef.Field("market", string(code), ErrNotFound, "campaign: unknown market")
}

// Codes returns the codes of the table's markets, sorted.
func (t MarketTable) Codes() []MarketCode {
	var codes []MarketCode
	if t.markets == nil {
		for _, s := range shipped() {
			codes = append(codes, s.code)
		}
	} else {
		for c := range t.markets {
			codes = append(codes, c)
		}
	}
	slices.Sort(codes)
	return codes
}
