package campaign_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/campaign"
)

// C2, C3: each field's limits, with the boundary values on both sides. Each
// case names the fields it expects errors for and the sentinel they wrap.
func TestValidate(t *testing.T) {
	loc := la(t)
	london := mustLoc(t, "Europe/London")
	tests := []struct {
		rule   string
		name   string
		edit   func(*campaign.Details)
		fields []string // nil: valid
		want   error
	}{
		{"C2", "valid", func(*campaign.Details) {}, nil, nil},
		{"C2", "name 50 characters", func(d *campaign.Details) { d.Name = strings.Repeat("x", 50) }, nil, nil},
		{"C2", "name 50 multibyte characters", func(d *campaign.Details) { d.Name = strings.Repeat("é", 50) }, nil, nil},
		{"C2", "name 1 character", func(d *campaign.Details) { d.Name = "x" }, nil, nil},
		// Characters, not code points: "ệ" typed decomposed (e, U+0323,
		// U+0302: three code points, five bytes) is one character.
		{"C2", "name 50 decomposed characters", func(d *campaign.Details) { d.Name = strings.Repeat("e\u0323\u0302", 50) }, nil, nil},
		{"C2", "name 51 decomposed characters", func(d *campaign.Details) { d.Name = strings.Repeat("e\u0323\u0302", 51) }, []string{"name"}, campaign.ErrInvalid},
		{"C2", "description 1000 decomposed characters", func(d *campaign.Details) { d.Description = strings.Repeat("e\u0323\u0302", 1000) }, nil, nil},
		{"C2", "name 51 characters", func(d *campaign.Details) { d.Name = strings.Repeat("x", 51) }, []string{"name"}, campaign.ErrInvalid},
		{"C2", "name 51 multibyte characters", func(d *campaign.Details) { d.Name = strings.Repeat("日", 51) }, []string{"name"}, campaign.ErrInvalid},
		{"C2", "name empty", func(d *campaign.Details) { d.Name = "" }, []string{"name"}, campaign.ErrInvalid},
		{"C2", "name blank", func(d *campaign.Details) { d.Name = "   " }, []string{"name"}, campaign.ErrInvalid},
		{"C2", "name not UTF-8", func(d *campaign.Details) { d.Name = "a\xffb" }, []string{"name"}, campaign.ErrInvalid},
		{"C2", "name 10 MB", func(d *campaign.Details) { d.Name = strings.Repeat("x", 10<<20) }, []string{"name"}, campaign.ErrInvalid},
		{"C2", "name with NUL", func(d *campaign.Details) { d.Name = "Spring\x00glow" }, []string{"name"}, campaign.ErrInvalid},
		{"C2", "name with a line break", func(d *campaign.Details) { d.Name = "Spring\r\nglow" }, []string{"name"}, campaign.ErrInvalid},
		{"C2", "handle with DEL", func(d *campaign.Details) { d.Contact.Handle = "+1 555\x7f" }, []string{"contact.handle"}, campaign.ErrInvalid},
		{"C2", "description with line breaks and tabs", func(d *campaign.Details) { d.Description = "Line one\r\nLine two\tend" }, nil, nil},
		{"C2", "description with NUL", func(d *campaign.Details) { d.Description = "a\x00b" }, []string{"description"}, campaign.ErrInvalid},
		{"C2", "requirements with ESC", func(d *campaign.Details) { d.Requirements = "\x1b[31m" }, []string{"requirements"}, campaign.ErrInvalid},
		{"C2", "description empty", func(d *campaign.Details) { d.Description = "" }, nil, nil},
		{"C2", "description 1000", func(d *campaign.Details) { d.Description = strings.Repeat("ü", 1000) }, nil, nil},
		{"C2", "description 1001", func(d *campaign.Details) { d.Description = strings.Repeat("u", 1001) }, []string{"description"}, campaign.ErrInvalid},
		{"C2", "requirements 1001", func(d *campaign.Details) { d.Requirements = strings.Repeat("u", 1001) }, []string{"requirements"}, campaign.ErrInvalid},
		{"C2", "min rate above 100%", func(d *campaign.Details) { d.MinRate = 10001 }, []string{"min_rate"}, campaign.ErrInvalid},
		{"C2", "unknown market", func(d *campaign.Details) { d.Market = "ZZ" }, []string{"market"}, campaign.ErrNotFound},
		{"C2", "unknown market is bad input", func(d *campaign.Details) { d.Market = "ZZ" }, []string{"market"}, campaign.ErrInvalid},
		{"C2", "LINE not used in US", func(d *campaign.Details) { d.Contact.Channel = campaign.LINE }, []string{"contact.channel"}, campaign.ErrInvalid},
		{"C2", "no channel", func(d *campaign.Details) { d.Contact.Channel = 0 }, []string{"contact.channel"}, campaign.ErrInvalid},
		{"C2", "LINE in TH", func(d *campaign.Details) {
			bkk := mustLoc(t, "Asia/Bangkok")
			d.Market, d.Contact.Channel = "TH", campaign.LINE
			d.Registration = campaign.Period{Start: time.Date(2026, 3, 1, 9, 0, 0, 0, bkk), End: time.Date(2026, 3, 15, 0, 0, 0, 0, bkk)}
			d.Period = campaign.Period{Start: time.Date(2026, 3, 1, 0, 0, 0, 0, bkk), End: time.Date(2026, 5, 1, 0, 0, 0, 0, bkk)}
		}, nil, nil},
		{"C2", "handle blank", func(d *campaign.Details) { d.Contact.Handle = " " }, []string{"contact.handle"}, campaign.ErrInvalid},
		{"C2", "periods missing", func(d *campaign.Details) { d.Registration, d.Period = campaign.Period{}, campaign.Period{} },
			[]string{"registration.start", "registration.end", "period.start", "period.end"}, campaign.ErrInvalid},
		{"C2", "registration ends at its start", func(d *campaign.Details) { d.Registration.End = d.Registration.Start }, []string{"registration.end"}, campaign.ErrInvalid},
		{"C2", "campaign ends before its start", func(d *campaign.Details) { d.Period.End = d.Period.Start.Add(-time.Second) },
			[]string{"period.end", "registration.end"}, campaign.ErrInvalid},
		{"C2", "registration ends with the campaign", func(d *campaign.Details) { d.Registration.End = d.Period.End }, nil, nil},
		// Every backend stores what RFC 3339 holds: a period ending on 31
		// December 9999 in Los Angeles ends in year 10000 in UTC.
		{"C2", "campaign ends in year 10000 UTC", func(d *campaign.Details) {
			d.Registration = campaign.Period{Start: time.Date(9999, 6, 1, 9, 0, 0, 0, loc), End: time.Date(9999, 6, 10, 0, 0, 0, 0, loc)}
			d.Period = campaign.Period{Start: time.Date(9999, 6, 1, 0, 0, 0, 0, loc), End: time.Date(9999, 12, 31, 20, 0, 0, 0, loc)}
		}, []string{"period.end"}, campaign.ErrInvalid},
		{"C2", "campaign ends at the last instant of 9999 UTC", func(d *campaign.Details) {
			d.Registration = campaign.Period{Start: time.Date(9999, 6, 1, 9, 0, 0, 0, loc), End: time.Date(9999, 6, 10, 0, 0, 0, 0, loc)}
			d.Period = campaign.Period{Start: time.Date(9999, 6, 1, 0, 0, 0, 0, loc), End: time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)}
		}, nil, nil},
		{"C2", "registration ends 1ns after the campaign", func(d *campaign.Details) { d.Registration.End = d.Period.End.Add(time.Nanosecond) }, []string{"registration.end"}, campaign.ErrInvalid},
		{"C2", "same local date, different UTC dates", func(d *campaign.Details) {
			d.Registration.Start = time.Date(2026, 3, 1, 23, 30, 0, 0, loc) // 2 March in UTC
		}, nil, nil},
		{"C2", "different local dates", func(d *campaign.Details) {
			d.Registration.Start = time.Date(2026, 3, 2, 0, 0, 0, 0, loc)
		}, []string{"registration.start"}, campaign.ErrInvalid},
		{"C2", "same UTC date, different local dates", func(d *campaign.Details) {
			d.Registration.Start = time.Date(2026, 3, 1, 7, 0, 0, 0, time.UTC) // 28 Feb 23:00 in LA
			d.Period.Start = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		}, []string{"registration.start"}, campaign.ErrInvalid},
		{"C2", "campaign exactly 360 days across DST", func(d *campaign.Details) { d.Period.End = d.Period.Start.AddDate(0, 0, 360) }, nil, nil},
		{"C2", "campaign 360 days and 1s", func(d *campaign.Details) { d.Period.End = d.Period.Start.AddDate(0, 0, 360).Add(time.Second) }, []string{"period.end"}, campaign.ErrInvalid},
		{"C2", "campaign 360 days in London zone given", func(d *campaign.Details) {
			// Times may come in any zone; the market's zone counts.
			d.Period.End = d.Period.Start.In(london).Add(360*24*time.Hour - time.Hour)
		}, nil, nil},
		{"C3", "select with 1 code", func(d *campaign.Details) { d.Sellers = campaign.Sellers{Mode: campaign.Select, ShopCodes: codes(1)} }, nil, nil},
		{"C3", "select with 100 codes", func(d *campaign.Details) { d.Sellers = campaign.Sellers{Mode: campaign.Select, ShopCodes: codes(100)} }, nil, nil},
		{"C3", "select with 101 codes", func(d *campaign.Details) { d.Sellers = campaign.Sellers{Mode: campaign.Select, ShopCodes: codes(101)} },
			[]string{"sellers.shop_codes"}, campaign.ErrLimit},
		{"C3", "select with 1e6 codes", func(d *campaign.Details) {
			d.Sellers = campaign.Sellers{Mode: campaign.Select, ShopCodes: make([]campaign.ShopCode, 1e6)}
		},
			[]string{"sellers.shop_codes"}, campaign.ErrLimit},
		{"C3", "select with no codes", func(d *campaign.Details) { d.Sellers = campaign.Sellers{Mode: campaign.Select} }, []string{"sellers.shop_codes"}, campaign.ErrInvalid},
		{"C3", "open with codes", func(d *campaign.Details) { d.Sellers.ShopCodes = codes(1) }, []string{"sellers.shop_codes"}, campaign.ErrInvalid},
		{"C3", "no mode", func(d *campaign.Details) { d.Sellers.Mode = 0 }, []string{"sellers.mode"}, campaign.ErrInvalid},
		{"C3", "duplicates and malformed named", func(d *campaign.Details) {
			c := codes(5)
			c[1], c[3], c[4] = c[0], "usshop1234", "GBSHOP0001" // duplicate, lower case, other market
			d.Sellers = campaign.Sellers{Mode: campaign.Select, ShopCodes: c}
		}, []string{"sellers.shop_codes[1]", "sellers.shop_codes[3]", "sellers.shop_codes[4]"}, campaign.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := validDetails(t)
			tt.edit(&d)
			err := campaign.Validate(d, campaign.Policy{})
			got, want := fieldNames(err), slices.Sorted(slices.Values(tt.fields))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("%s: Validate fields (-want +got):\n%s\nerr: %.500v", tt.rule, diff, err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("%s: Validate = %.500v, want %v", tt.rule, err, tt.want)
			}
		})
	}
}

func fieldNames(err error) []string {
	var names []string
	for f := range fieldErrors(err) {
		names = append(names, f)
	}
	slices.Sort(names)
	return names
}

// C2, C3: every problem is reported at once.
func TestValidateAllProblems(t *testing.T) {
	d := campaign.Details{
		Market:       "US",
		Description:  strings.Repeat("d", 1001),
		MinRate:      -1,
		Contact:      campaign.Contact{Channel: campaign.Zalo},
		Registration: campaign.Period{Start: t0, End: t0},
		Period:       campaign.Period{Start: t0.Add(48 * time.Hour), End: t0.Add(400 * 24 * time.Hour)},
		Sellers:      campaign.Sellers{Mode: campaign.Select, ShopCodes: []campaign.ShopCode{"USSHOP0001", "bad", "USSHOP0001"}},
	}
	want := []string{"contact.channel", "contact.handle", "description", "min_rate", "name", "period.end",
		"registration.end", "registration.start", "sellers.shop_codes[1]", "sellers.shop_codes[2]"}
	if diff := cmp.Diff(want, fieldNames(campaign.Validate(d, campaign.Policy{}))); diff != "" {
		t.Errorf("Validate fields (-want +got):\n%s", diff)
	}
}

// C3: a host's shop code validator replaces the default format.
func TestHostShopCodeValidator(t *testing.T) {
	p := campaign.Policy{ShopCode: func(m campaign.Market, code campaign.ShopCode) error {
		if strings.HasPrefix(string(code), "shop-") {
			return nil
		}
		return campaign.ErrInvalid
	}}
	d := validDetails(t)
	d.Sellers = campaign.Sellers{Mode: campaign.Select, ShopCodes: []campaign.ShopCode{"shop-1", "USSHOP0001"}}
	err := campaign.Validate(d, p)
	if diff := cmp.Diff([]string{"sellers.shop_codes[1]"}, fieldNames(err)); diff != "" {
		t.Errorf("Validate fields (-want +got):\n%s", diff)
	}
	if !errors.Is(err, campaign.ErrInvalid) {
		t.Errorf("Validate = %v, want ErrInvalid", err)
	}
}

// C3: the default shop code format, at its length bounds.
func TestParseShopCode(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"USABC123", true},
		{"US" + strings.Repeat("9", 16), true},
		{"US12345", false},
		{"US" + strings.Repeat("9", 17), false},
		{"usABC123", false},
		{"U1ABC123", false},
		{"USabc123", false},
		{"US ABC123", false},
		{"USÄBC123", false},
		{"", false},
	}
	for _, tt := range tests {
		_, err := campaign.ParseShopCode(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseShopCode(%q) = %v, want ok=%v", tt.in, err, tt.ok)
		}
		if err != nil && !errors.Is(err, campaign.ErrInvalid) {
			t.Errorf("ParseShopCode(%q) = %v, want ErrInvalid", tt.in, err)
		}
	}
	us, _ := campaign.Markets().Lookup("US")
	if err := campaign.DefaultShopCode(us, "GBABC123"); !errors.Is(err, campaign.ErrInvalid) {
		t.Errorf("DefaultShopCode(US, GB...) = %v, want ErrInvalid", err)
	}
}
