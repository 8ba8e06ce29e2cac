package campaign_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
)

// C2: the shipped table has every required market with its currency, zone
// and channels.
func TestMarkets(t *testing.T) {
	tests := []struct {
		code     campaign.MarketCode
		region   campaign.Region
		currency string
		zone     string
		channels []campaign.Channel
	}{
		{"US", campaign.NorthAmerica, "USD", "America/Los_Angeles", []campaign.Channel{campaign.WhatsApp}},
		{"GB", campaign.Europe, "GBP", "Europe/London", []campaign.Channel{campaign.WhatsApp}},
		{"ID", campaign.SoutheastAsia, "IDR", "Asia/Jakarta", []campaign.Channel{campaign.WhatsApp}},
		{"TH", campaign.SoutheastAsia, "THB", "Asia/Bangkok", []campaign.Channel{campaign.LINE}},
		{"VN", campaign.SoutheastAsia, "VND", "Asia/Ho_Chi_Minh", []campaign.Channel{campaign.Zalo}},
		{"MY", campaign.SoutheastAsia, "MYR", "Asia/Kuala_Lumpur", []campaign.Channel{campaign.WhatsApp}},
		{"PH", campaign.SoutheastAsia, "PHP", "Asia/Manila", []campaign.Channel{campaign.Viber}},
		{"SG", campaign.SoutheastAsia, "SGD", "Asia/Singapore", []campaign.Channel{campaign.WhatsApp}},
		{"MX", campaign.LatinAmerica, "MXN", "America/Mexico_City", []campaign.Channel{campaign.WhatsApp}},
		{"ES", campaign.Europe, "EUR", "Europe/Madrid", []campaign.Channel{campaign.WhatsApp}},
		{"DE", campaign.Europe, "EUR", "Europe/Berlin", []campaign.Channel{campaign.WhatsApp}},
		{"FR", campaign.Europe, "EUR", "Europe/Paris", []campaign.Channel{campaign.WhatsApp}},
		{"IT", campaign.Europe, "EUR", "Europe/Rome", []campaign.Channel{campaign.WhatsApp}},
		{"IE", campaign.Europe, "EUR", "Europe/Dublin", []campaign.Channel{campaign.WhatsApp}},
		{"BR", campaign.LatinAmerica, "BRL", "America/Sao_Paulo", []campaign.Channel{campaign.WhatsApp}},
		{"JP", campaign.EastAsia, "JPY", "Asia/Tokyo", []campaign.Channel{campaign.LINE}},
	}
	table := campaign.Markets()
	if diff := cmp.Diff(len(tests), len(table.Codes())); diff != "" {
		t.Errorf("len(Codes()) (-want +got):\n%s", diff)
	}
	for _, tt := range tests {
		for name, tbl := range map[string]campaign.MarketTable{"Markets()": table, "zero table": {}} {
			m, err := tbl.Lookup(tt.code)
			if err != nil {
				t.Fatalf("%s.Lookup(%s): %v", name, tt.code, err)
			}
			type row struct {
				Code     campaign.MarketCode
				Region   campaign.Region
				Currency string
				Zone     string
				Channels []campaign.Channel
				Window   int
			}
			want := row{tt.code, tt.region, tt.currency, tt.zone, tt.channels, campaign.DefaultSettlementWindow}
			got := row{m.Code, m.Region, m.Currency.Code(), m.Location.String(), m.Channels, m.SettlementWindow}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s.Lookup(%s) (-want +got):\n%s", name, tt.code, diff)
			}
		}
	}
	if _, err := table.Lookup("ZZ"); !errors.Is(err, campaign.ErrNotFound) {
		t.Errorf("Lookup(ZZ) = %v, want ErrNotFound", err)
	}
}

// C2: a caller cannot change the table through a looked-up market.
func TestMarketTableImmutable(t *testing.T) {
	table := campaign.Markets()
	m, _ := table.Lookup("TH")
	m.Channels[0] = campaign.WhatsApp
	again, _ := table.Lookup("TH")
	if diff := cmp.Diff([]campaign.Channel{campaign.LINE}, again.Channels); diff != "" {
		t.Errorf("TH channels after caller's change (-want +got):\n%s", diff)
	}
}

// C2: a host supplies its own table, with its own settlement window; the
// campaign rules use it.
func TestHostMarketTable(t *testing.T) {
	utc := time.UTC
	kw := campaign.Market{Code: "KW", Region: campaign.EastAsia, Currency: commission.MustParseCurrency("KWD"),
		Location: utc, Channels: []campaign.Channel{campaign.WhatsApp}, SettlementWindow: 30}
	table, err := campaign.NewMarketTable(kw)
	if err != nil {
		t.Fatalf("NewMarketTable: %v", err)
	}
	got, _ := table.Lookup("KW")
	if got.SettlementWindow != 30 {
		t.Errorf("KW settlement window = %d, want 30", got.SettlementWindow)
	}
	d := validDetails(t)
	if err := campaign.Validate(d, campaign.Policy{Markets: table}); !errors.Is(err, campaign.ErrNotFound) {
		t.Errorf("Validate(US) with host table = %v, want ErrNotFound", err)
	}
	d.Market = "KW"
	d.Registration = campaign.Period{Start: d.Period.Start, End: d.Registration.End}
	if err := campaign.Validate(d, campaign.Policy{Markets: table}); err != nil {
		t.Errorf("Validate(KW) with host table: %v", err)
	}

	// A6: a window past what a time.Duration holds used to wrap (213,504
	// days settled after 25 minutes; math.MaxInt days was -24h).
	for _, days := range []int{-1, campaign.MaxSettlementWindow + 1, 213504, math.MaxInt} {
		long := kw
		long.SettlementWindow = days
		_, err := campaign.NewMarketTable(long)
		if _, ok := fieldErrors(err)["markets[0].settlement_window"]; !ok || !errors.Is(err, campaign.ErrInvalid) {
			t.Errorf("NewMarketTable(window %d days) = %v, want a settlement_window ErrInvalid", days, err)
		}
	}
	longest := kw
	longest.SettlementWindow = campaign.MaxSettlementWindow
	if _, err := campaign.NewMarketTable(longest); err != nil {
		t.Errorf("NewMarketTable(window MaxSettlementWindow): %v", err)
	}

	_, err = campaign.NewMarketTable(kw, kw, campaign.Market{Code: "x"})
	got2 := fieldErrors(err)
	for _, f := range []string{"markets[1].code", "markets[2].code", "markets[2].region", "markets[2].currency", "markets[2].location", "markets[2].channels"} {
		if _, ok := got2[f]; !ok {
			t.Errorf("NewMarketTable(bad) has no error for %q: %v", f, err)
		}
	}
	if !errors.Is(err, campaign.ErrConflict) || !errors.Is(err, campaign.ErrInvalid) {
		t.Errorf("NewMarketTable(bad) = %v, want ErrConflict and ErrInvalid", err)
	}
}

// Enums: every value round-trips through its code; the zero value and
// unknown codes are invalid.
func TestEnums(t *testing.T) {
	check := func(name string, n int, str func(int) string, parse func(string) (int, error)) {
		t.Helper()
		for v := 1; v <= n; v++ {
			got, err := parse(str(v))
			if err != nil || got != v {
				t.Errorf("%s: Parse(%q) = %d, %v, want %d", name, str(v), got, err, v)
			}
		}
		for _, s := range []string{str(0), "", "DRAFT", str(n + 1)} {
			if _, err := parse(s); !errors.Is(err, campaign.ErrInvalid) {
				t.Errorf("%s: Parse(%q) = %v, want ErrInvalid", name, s, err)
			}
		}
	}
	check("Status", 4, func(v int) string { return campaign.Status(v).String() }, func(s string) (int, error) { v, err := campaign.ParseStatus(s); return int(v), err })
	check("Phase", 4, func(v int) string { return campaign.Phase(v).String() }, func(s string) (int, error) { v, err := campaign.ParsePhase(s); return int(v), err })
	check("SellerMode", 2, func(v int) string { return campaign.SellerMode(v).String() }, func(s string) (int, error) { v, err := campaign.ParseSellerMode(s); return int(v), err })
	check("Channel", 4, func(v int) string { return campaign.Channel(v).String() }, func(s string) (int, error) { v, err := campaign.ParseChannel(s); return int(v), err })
	check("Region", 5, func(v int) string { return campaign.Region(v).String() }, func(s string) (int, error) { v, err := campaign.ParseRegion(s); return int(v), err })
	check("Stage", 7, func(v int) string { return campaign.Stage(v).String() }, func(s string) (int, error) { v, err := campaign.ParseStage(s); return int(v), err })
	check("Step", 5, func(v int) string { return campaign.Step(v).String() }, func(s string) (int, error) { v, err := campaign.ParseStep(s); return int(v), err })
	check("AccountCategory", 2, func(v int) string { return campaign.AccountCategory(v).String() }, func(s string) (int, error) { v, err := campaign.ParseAccountCategory(s); return int(v), err })
}
