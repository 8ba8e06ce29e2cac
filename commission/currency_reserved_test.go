package commission_test

import (
	"errors"
	"testing"

	"github.com/partnerkit/partnerkit/commission"
)

// K2: money is in a currency with a minor unit. ISO 4217's XXX (no
// currency) and XTS (testing) have none of their own, so ParseCurrency,
// and NewMoney and UnmarshalText through it, refuse them in either case
// with a *FieldError for "currency" wrapping ErrInvalid.
func TestParseCurrencyRefusesNoCurrencyCodes(t *testing.T) {
	for _, code := range []string{"XXX", "xxx", "XTS", "Xts"} {
		c, err := commission.ParseCurrency(code)
		var fe *commission.FieldError
		if !errors.Is(err, commission.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "currency" || c != (commission.Currency{}) {
			t.Errorf("ParseCurrency(%q) = %v, %v; want a FieldError for currency wrapping ErrInvalid", code, c, err)
		}
		if m, err := commission.NewMoney("1.00", code); !errors.Is(err, commission.ErrInvalid) {
			t.Errorf("NewMoney(1.00, %q) = %v, %v; want ErrInvalid", code, m, err)
		}
		if err := new(commission.Currency).UnmarshalText([]byte(code)); !errors.Is(err, commission.ErrInvalid) {
			t.Errorf("UnmarshalText(%q) = %v, want ErrInvalid", code, err)
		}
	}
	for _, code := range []string{"USD", "XAF", "XOF", "XCD"} {
		if _, err := commission.ParseCurrency(code); err != nil {
			t.Errorf("ParseCurrency(%q) = %v, want nil", code, err)
		}
	}
}
