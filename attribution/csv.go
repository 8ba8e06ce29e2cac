package attribution

import (
	"encoding/csv"
	"fmt"
	"io"
	"time"

	"github.com/partnerkit/partnerkit/commission"
)

// SellerCSVHeader is the header row of [WriteSellerCSV].
var SellerCSVHeader = []string{"order_id", "line_id", "campaign_id", "product_id", "status", "paid_at", "base", "commission", "currency"}

// WriteSellerCSV writes orders as CSV (RFC 4180) with [SellerCSVHeader]
// first (A5): one row per order line, times in RFC 3339 UTC, amounts as
// plain decimals at the currency's scale. It has no creator column (A4).
// It returns the first error of w.
func WriteSellerCSV(w io.Writer, orders []SellerOrder) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(SellerCSVHeader); err != nil {
		return fmt.Errorf("attribution: writing seller csv: %w", err)
	}
	for _, o := range orders {
		rec := []string{string(o.Key.Order), string(o.Key.Line), string(o.Campaign), string(o.Product), o.Status.String(),
			o.PaidAt.UTC().Format(time.RFC3339Nano), fixed(o.Base), fixed(o.Commission), o.Base.Currency.Code()}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("attribution: writing seller csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("attribution: writing seller csv: %w", err)
	}
	return nil
}

// fixed formats m's amount at its currency's scale, without the code.
func fixed(m commission.Money) string { return m.Amount.StringFixed(m.Currency.Scale()) }
