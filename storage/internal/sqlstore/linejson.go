package sqlstore

import (
	"encoding"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/partnerkit/partnerkit/storage"
)

// The bodies bulk ingest writes most are encoded by hand, without
// reflection (encoding/json's was a fifth of a batch's write time): outbox
// messages byte for byte as encoding/json writes them (a test compares the
// two) but for a time RFC 3339 cannot write (see time), order lines in
// their compact version 2 form (linebody.go); the others by value
// (bodyjson.go). A test checks the types still have the fields written
// here.

// jsonBuf appends JSON to b.
type jsonBuf struct{ b []byte }

// raw appends s as is.
func (j *jsonBuf) raw(s string) { j.b = append(j.b, s...) }

// str appends s as a JSON string, escaped as encoding/json does.
func (j *jsonBuf) str(s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always marshals
			j.b = append(j.b, q...)
			return
		}
	}
	j.b = append(j.b, '"')
	j.b = append(j.b, s...)
	j.b = append(j.b, '"')
}

// int appends n.
func (j *jsonBuf) int(n int64) { j.b = strconv.AppendInt(j.b, n, 10) }

// text appends v's MarshalText as a JSON string.
func (j *jsonBuf) text(v encoding.TextMarshaler) error {
	t, err := v.MarshalText()
	if err != nil {
		return err
	}
	j.str(string(t))
	return nil
}

// time appends t as encoding/json does (RFC 3339 with nanoseconds), but in
// UTC when RFC 3339 cannot write t's offset (one with seconds, or of a day
// or more): encoding/json drops an offset's seconds, which moves the
// instant, and an event sent again unchanged would then differ from its
// stored self (A1). It is in UTC too when t's year on its own clock is
// outside 0 to 9999 but not in UTC, as for the last hours of 9999 east of
// Greenwich, which events may carry.
func (j *jsonBuf) time(t time.Time) error {
	if _, off := t.Zone(); off%60 != 0 || off <= -24*3600 || off >= 24*3600 {
		t = t.UTC()
	}
	if y := t.Year(); y < 0 || y > 9999 {
		// Out of RFC 3339's range on its own clock (9999-12-31T23:00Z is
		// year 10000 at +05:30): in UTC, if that is in range.
		t = t.UTC()
	}
	if y := t.Year(); y < 0 || y > 9999 {
		_, err := t.MarshalJSON() // out of range: its error
		return err
	}
	j.b = append(j.b, '"')
	j.b = t.AppendFormat(j.b, time.RFC3339Nano)
	j.b = append(j.b, '"')
	return nil
}

// decimal appends d as a JSON string that reads back (decimal.NewFromString,
// Decimal.UnmarshalJSON) with d's coefficient and exponent, whatever
// shopspring's package settings: String drops trailing zeros, so USD 100.00
// would read back as 100 and lose the currency's scale, which the int64
// fast path (internal/minor) needs.
func (j *jsonBuf) decimal(d decimal.Decimal) {
	j.b = append(j.b, '"')
	j.b = appendDecimal(j.b, d)
	j.b = append(j.b, '"')
}

// appendDecimal appends d's exact text: fixed-point with -exponent digits
// after the point, or for a positive exponent the coefficient then "e" and
// the exponent (1500 as 15e2 stays 15e2).
func appendDecimal(b []byte, d decimal.Decimal) []byte {
	e := d.Exponent()
	if e <= 0 {
		return append(b, d.StringFixed(-e)...)
	}
	b = d.Coefficient().Append(b, 10)
	b = append(b, 'e')
	return strconv.AppendInt(b, int64(e), 10)
}

// message appends m as encoding/json does.
func (j *jsonBuf) message(m *storage.Message) error {
	j.raw(`{"Seq":`)
	j.int(m.Seq)
	j.raw(`,"Kind":`)
	j.str(m.Kind)
	j.raw(`,"Key":`)
	j.str(m.Key)
	j.raw(`,"Payload":`)
	if m.Payload == nil {
		j.raw(`null`)
	} else {
		j.b = append(j.b, '"')
		j.b = base64.StdEncoding.AppendEncode(j.b, m.Payload)
		j.b = append(j.b, '"')
	}
	j.raw(`,"At":`)
	if err := j.time(m.At); err != nil {
		return err
	}
	j.raw(`}`)
	return nil
}
