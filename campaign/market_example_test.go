package campaign_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
)

// The shipped markets (C2): each has its currency (with its minor-unit
// scale), the zone its campaign dates are calendar dates in, the contact
// channels its campaigns may use, and a 15-day settlement window (A6).
func ExampleMarkets() {
	markets := campaign.Markets() // build once and keep: it loads every zone
	fmt.Println(len(markets.Codes()), "markets")
	for _, code := range []campaign.MarketCode{"US", "TH", "JP"} {
		m, _ := markets.Lookup(code)
		// A campaign day starts at midnight in the market's zone.
		start := time.Date(2026, 3, 1, 0, 0, 0, 0, m.Location)
		fmt.Printf("%s %s %s scale %d, %v, settles after %d days, 1 March starts %s\n",
			m.Code, m.Region, m.Currency.Code(), m.Currency.Scale(), m.Channels,
			m.SettlementWindow, start.UTC().Format(time.RFC3339))
	}
	_, err := markets.Lookup("CA")
	fmt.Println("CA not shipped:", errors.Is(err, campaign.ErrNotFound))
	// Output:
	// 16 markets
	// US north_america USD scale 2, [whatsapp], settles after 15 days, 1 March starts 2026-03-01T08:00:00Z
	// TH southeast_asia THB scale 2, [line], settles after 15 days, 1 March starts 2026-02-28T17:00:00Z
	// JP east_asia JPY scale 0, [line], settles after 15 days, 1 March starts 2026-02-28T15:00:00Z
	// CA not shipped: true
}

// A host with other terms builds its own table: here the US with a 30-day
// settlement window and Canada, which the shipped table lacks. Every
// problem of a bad table is reported at once; campaigns use the table
// through Policy.Markets.
func ExampleNewMarketTable() {
	la, _ := time.LoadLocation("America/Los_Angeles")
	toronto, _ := time.LoadLocation("America/Toronto")
	us := campaign.Market{
		Code: "US", Region: campaign.NorthAmerica, Currency: commission.MustParseCurrency("USD"),
		Location: la, Channels: []campaign.Channel{campaign.WhatsApp}, SettlementWindow: 30,
	}
	ca := campaign.Market{
		Code: "CA", Region: campaign.NorthAmerica, Currency: commission.MustParseCurrency("CAD"),
		Location: toronto, Channels: []campaign.Channel{campaign.WhatsApp}, SettlementWindow: 30,
	}

	_, err := campaign.NewMarketTable(us, campaign.Market{Code: "ca"}, us)
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *campaign.FieldError
		if errors.As(e, &fe) {
			fmt.Println("problem:", fe.Field, errors.Is(e, campaign.ErrConflict))
		}
	}

	table, err := campaign.NewMarketTable(us, ca)
	fmt.Println(table.Codes(), err)
	m, _ := table.Lookup("US")
	fmt.Println("US settles after", m.SettlementWindow, "days")

	// Campaigns look their market up in Policy.Markets: a Canadian campaign
	// is valid, its dates in Toronto time; GB is no longer a market.
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, toronto) }
	d := campaign.Details{
		Market:       "CA",
		Name:         "Spring glow",
		Contact:      campaign.Contact{Channel: campaign.WhatsApp, Handle: "+1 555 0100"},
		Registration: campaign.Period{Start: day(1), End: day(15)},
		Period:       campaign.Period{Start: day(1), End: day(31)},
		Sellers:      campaign.Sellers{Mode: campaign.Open},
	}
	policy := campaign.Policy{Markets: table}
	fmt.Println("CA campaign:", campaign.Validate(d, policy))
	d.Market = "GB"
	fmt.Println("GB campaign unknown:", errors.Is(campaign.Validate(d, policy), campaign.ErrNotFound))
	// Output:
	// problem: markets[1].code false
	// problem: markets[1].region false
	// problem: markets[1].currency false
	// problem: markets[1].location false
	// problem: markets[1].channels false
	// problem: markets[2].code true
	// [CA US] <nil>
	// US settles after 30 days
	// CA campaign: <nil>
	// GB campaign unknown: true
}
