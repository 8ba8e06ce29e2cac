package partnerkit

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/storage"
)

// MarshalJSON encodes the event compactly, the owed amounts' currency
// (which all four share) written once and each amount as a plain decimal
// at the currency's scale:
//
//	{"Line":{"Order":"o-1","Line":"1"},"Campaign":"c-1","Status":"pending",
//	 "Currency":"USD","Owed":{"Base":"39.98","Total":"6.00","Creator":"4.00","Agency":"2.00"}}
//
// An order line changes with nearly every order event, so this payload is
// written far more often than any other; it is encoded without reflection.
// UnmarshalJSON reads it back.
//
// It replaces the form encoding/json gives the struct
// ("Owed":{"Base":{"Amount":"39.98","Currency":"USD"},…}), which earlier
// versions wrote: UnmarshalJSON reads both, but a consumer that decodes the
// payload with its own types must read the new form.
func (e OrderLineChanged) MarshalJSON() ([]byte, error) {
	return e.appendJSON(make([]byte, 0, 192))
}

func (e OrderLineChanged) appendJSON(b []byte) ([]byte, error) {
	o := e.Owed
	cur := o.Base.Currency
	if o.Total.Currency != cur || o.Creator.Currency != cur || o.Agency.Currency != cur {
		return nil, fmt.Errorf("partnerkit: order line %v owes amounts in several currencies: %w", e.Line, ErrInvalid)
	}
	b = append(b, `{"Line":{"Order":`...)
	b = appendJSONString(b, string(e.Line.Order))
	b = append(b, `,"Line":`...)
	b = appendJSONString(b, string(e.Line.Line))
	b = append(b, `},"Campaign":`...)
	b = appendJSONString(b, string(e.Campaign))
	status, err := e.Status.MarshalText()
	if err != nil {
		return nil, err
	}
	b = append(b, `,"Status":`...)
	b = appendJSONString(b, string(status))
	b = append(b, `,"Currency":`...)
	b = appendJSONString(b, cur.Code())
	for i, m := range [4]commission.Money{o.Base, o.Total, o.Creator, o.Agency} {
		b = append(b, [4]string{`,"Owed":{"Base":"`, `","Total":"`, `","Creator":"`, `","Agency":"`}[i]...)
		b = appendAmount(b, m)
	}
	return append(b, `"}}`...), nil
}

// UnmarshalJSON reads the encoding MarshalJSON writes, and the one written
// before it (encoding/json of the struct, each amount an object
// {"Amount":"6.00","Currency":"USD"}), so messages stored by an earlier
// version still decode.
func (e *OrderLineChanged) UnmarshalJSON(data []byte) error {
	var v struct {
		Line     attribution.LineKey
		Campaign campaign.ID
		Status   attribution.Status
		Currency string
		Owed     struct{ Base, Total, Creator, Agency json.RawMessage }
	}
	bad := func(err error) error {
		return fmt.Errorf("partnerkit: decoding an order line event: %w: %w", ErrInvalid, err)
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return bad(err)
	}
	if v.Status.String() == "invalid" {
		return bad(fmt.Errorf("no status"))
	}
	out := OrderLineChanged{Line: v.Line, Campaign: v.Campaign, Status: v.Status}
	for _, f := range []struct {
		dst *commission.Money
		raw json.RawMessage
	}{{&out.Owed.Base, v.Owed.Base}, {&out.Owed.Total, v.Owed.Total}, {&out.Owed.Creator, v.Owed.Creator}, {&out.Owed.Agency, v.Owed.Agency}} {
		switch {
		case len(f.raw) == 0 || string(f.raw) == "null":
		case f.raw[0] == '{': // the earlier form
			if err := json.Unmarshal(f.raw, f.dst); err != nil {
				return bad(err)
			}
			if f.dst.Currency.IsZero() {
				if !f.dst.Amount.IsZero() {
					return bad(fmt.Errorf("amount %v without a currency", f.dst.Amount))
				}
			} else if err := f.dst.Validate(); err != nil {
				return bad(err)
			}
		default:
			var amount string
			if err := json.Unmarshal(f.raw, &amount); err != nil {
				return bad(err)
			}
			if v.Currency == "" {
				if amount != "0" {
					return bad(fmt.Errorf("amount %s without a currency", errdef.Shown(amount)))
				}
				continue
			}
			m, err := commission.NewMoney(amount, v.Currency)
			if err != nil {
				return bad(err)
			}
			*f.dst = m
		}
	}
	if o := out.Owed; o.Total.Currency != o.Base.Currency || o.Creator.Currency != o.Base.Currency || o.Agency.Currency != o.Base.Currency {
		return bad(fmt.Errorf("owed amounts in several currencies, or some missing"))
	}
	*e = out
	return nil
}

// appendAmount appends m's amount as a plain decimal at its currency's
// scale ("6.00"), or "0" for the zero Money.
func appendAmount(b []byte, m commission.Money) []byte {
	if m.Currency.IsZero() {
		return append(b, m.Amount.String()...)
	}
	scale := int(m.Currency.Scale())
	units, ok := m.Minor()
	if !ok || units == -1<<63 {
		return append(b, m.Amount.StringFixed(int32(scale))...)
	}
	if units < 0 {
		b, units = append(b, '-'), -units
	}
	var buf [24]byte
	digits := strconv.AppendInt(buf[:0], units, 10)
	for len(digits) <= scale { // at least one digit before the point
		digits = append([]byte{'0'}, digits...)
	}
	whole := len(digits) - scale
	b = append(b, digits[:whole]...)
	if scale > 0 {
		b = append(append(b, '.'), digits[whole:]...)
	}
	return b
}

// appendJSONString appends s as a JSON string: plain ASCII directly, any
// other string through encoding/json (escaping as it does).
func appendJSONString(b []byte, s string) []byte {
	for i := range len(s) {
		if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always marshals
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// orderMessage returns the outbox message of kind about an order line.
func orderMessage(kind string, at time.Time, ev OrderLineChanged) (storage.Message, error) {
	p, err := ev.appendJSON(make([]byte, 0, 192))
	if err != nil {
		return storage.Message{}, err
	}
	return storage.Message{Kind: kind, Key: lineMessageKey(ev.Line), Payload: p, At: at}, nil
}

// keyPart escapes "%" and "/" in an id of a line message's key.
var keyPart = strings.NewReplacer("%", "%25", "/", "%2F")

// lineMessageKey returns the key of the messages about line k: "order/line",
// with "%" and "/" in either id escaped (%25, %2F), so that no two lines
// share a key (order "o/x" line "1" is "o%2Fx/1", order "o" line "x/1"
// is "o/x%2F1"). Ids without either character read as they are.
func lineMessageKey(k attribution.LineKey) string {
	return keyPart.Replace(string(k.Order)) + "/" + keyPart.Replace(string(k.Line))
}
