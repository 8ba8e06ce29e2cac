package commission_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
)

// K1: rates are exact basis points, parsed from percentages, never floats.
func TestParseRate(t *testing.T) {
	tests := []struct {
		in   string
		want commission.Rate
	}{
		{"0%", 0},
		{"0.01%", 1},
		{"0.05%", 5},
		{"0.5%", 50},
		{"12%", 1200},
		{"12.5%", 1250},
		{"12.50%", 1250},
		{"12.34%", 1234},
		{"12.340%", 1234},
		{"100%", 10000},
		{"100.00%", 10000},
		{"007%", 700},
	}
	for _, tt := range tests {
		got, err := commission.ParseRate(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseRate(%q) = %d, %v; want %d, nil", tt.in, got, err, tt.want)
		}
	}
}

// K1: anything that is not an exact rate between 0% and 100% is refused
// with a FieldError naming the value.
func TestParseRateErrors(t *testing.T) {
	for _, in := range []string{
		"", "%", "12.345%", "12.5", "-1%", "101%", "100.01%", "1e2%", " 12%",
		"12 %", "12.%", ".5%", "+5%", "abc%", "12,5%", "1000000000000%",
		strings.Repeat("9", 1<<16) + "%",
	} {
		_, err := commission.ParseRate(in)
		if !errors.Is(err, commission.ErrInvalid) {
			t.Errorf("ParseRate(%.20q) error = %v, want ErrInvalid", in, err)
			continue
		}
		var fe *commission.FieldError
		if !errors.As(err, &fe) || fe.Field != "rate" || fe.Value != in {
			t.Errorf("ParseRate(%.20q) error = %#v, want FieldError{Field: rate, Value: input}", in, err)
		}
	}
}

func TestRateStringRoundTrip(t *testing.T) {
	for r := commission.Rate(0); r <= commission.MaxRate; r++ {
		got, err := commission.ParseRate(r.String())
		if err != nil || got != r {
			t.Fatalf("ParseRate(%d.String() = %q) = %d, %v", r, r.String(), got, err)
		}
	}
	for r, want := range map[commission.Rate]string{0: "0%", 5: "0.05%", 50: "0.5%", 1250: "12.5%", 1234: "12.34%", 10000: "100%", -5: "-0.05%"} {
		if got := r.String(); got != want {
			t.Errorf("Rate(%d).String() = %q, want %q", r, got, want)
		}
	}
}

// K1: 0 <= C <= T <= 100%, and A = T - C.
func TestNewSplit(t *testing.T) {
	s, err := commission.NewSplit(1500, 1000)
	if err != nil {
		t.Fatalf("NewSplit(15%%, 10%%) error = %v", err)
	}
	if got := s.Agency(); got != 500 {
		t.Errorf("Agency() = %v, want 5%%", got)
	}
	if _, err := commission.NewSplit(1000, 1000); err != nil {
		t.Errorf("NewSplit(10%%, 10%%) error = %v, want nil (creator may take all)", err)
	}
	if _, err := commission.NewSplit(0, 0); err != nil {
		t.Errorf("NewSplit(0, 0) error = %v, want nil", err)
	}
}

func TestNewSplitErrors(t *testing.T) {
	tests := []struct {
		name           string
		total, creator commission.Rate
		fields         []string
	}{
		{"creator above total", 1000, 1001, []string{"creator"}},
		{"negative creator", 1000, -1, []string{"creator"}},
		{"total above 100%", 10001, 0, []string{"total"}},
		{"negative total", -1, 0, []string{"total", "creator"}},
		{"both out of range", 20000, -5, []string{"total", "creator"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := commission.NewSplit(tt.total, tt.creator)
			if !errors.Is(err, commission.ErrInvalid) {
				t.Fatalf("NewSplit(%d, %d) error = %v, want ErrInvalid", tt.total, tt.creator, err)
			}
			if got := errdef.Fields(err); !equalStrings(got, tt.fields) {
				t.Errorf("NewSplit(%d, %d) fields = %v, want %v", tt.total, tt.creator, got, tt.fields)
			}
		})
	}
}

func equalStrings(a, b []string) bool {
	return strings.Join(a, ",") == strings.Join(b, ",")
}
