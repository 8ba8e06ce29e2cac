package sqlstore

import (
	"encoding"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/storage"
)

// The bodies bulk ingest writes most (order lines and outbox messages)
// are encoded by hand, without reflection: byte for byte what
// encoding/json writes for them (a test compares the two, and checks the
// types still have the fields written here), so every stored body reads
// back with json.Unmarshal as before. encoding/json's reflection was a
// fifth of a batch's write time.

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

// time appends t as encoding/json does (RFC 3339 with nanoseconds).
func (j *jsonBuf) time(t time.Time) error {
	if y := t.Year(); y < 0 || y > 9999 {
		_, err := t.MarshalJSON() // out of range: its error
		return err
	}
	j.b = append(j.b, '"')
	j.b = t.AppendFormat(j.b, time.RFC3339Nano)
	j.b = append(j.b, '"')
	return nil
}

// decimal appends d as its MarshalJSON does.
func (j *jsonBuf) decimal(d decimal.Decimal) {
	if decimal.MarshalJSONWithoutQuotes {
		j.raw(d.String())
		return
	}
	j.b = append(j.b, '"')
	j.raw(d.String())
	j.b = append(j.b, '"')
}

func (j *jsonBuf) money(m commission.Money) error {
	j.raw(`{"Amount":`)
	j.decimal(m.Amount)
	j.raw(`,"Currency":`)
	if err := j.text(m.Currency); err != nil {
		return err
	}
	j.raw(`}`)
	return nil
}

func (j *jsonBuf) amounts(l commission.Line) error {
	for _, f := range [...]struct {
		name string
		m    commission.Money
	}{{`{"Base":`, l.Base}, {`,"Total":`, l.Total}, {`,"Creator":`, l.Creator}, {`,"Agency":`, l.Agency}} {
		j.raw(f.name)
		if err := j.money(f.m); err != nil {
			return err
		}
	}
	j.raw(`}`)
	return nil
}

func (j *jsonBuf) terms(t attribution.Terms) {
	j.raw(`{"Campaign":`)
	j.str(string(t.Campaign))
	j.raw(`,"Agency":`)
	j.str(string(t.Agency))
	j.raw(`,"Shop":`)
	j.str(string(t.Shop))
	j.raw(`,"Registration":`)
	j.str(string(t.Registration))
	j.raw(`,"Product":`)
	j.str(string(t.Product))
	j.raw(`,"List":`)
	j.str(string(t.List))
	j.raw(`,"Entry":`)
	j.str(string(t.Entry))
	j.raw(`,"Creator":`)
	j.str(string(t.Creator))
	j.raw(`,"CreatorAgency":`)
	j.str(string(t.CreatorAgency))
	j.raw(`,"RateVersion":`)
	j.int(int64(t.RateVersion))
	j.raw(`,"Split":{"Total":`)
	j.int(int64(t.Split.Total))
	j.raw(`,"Creator":`)
	j.int(int64(t.Split.Creator))
	j.raw(`},"SettlementWindow":`)
	j.int(int64(t.SettlementWindow))
	j.raw(`}`)
}

func (j *jsonBuf) event(e *attribution.Event) error {
	j.raw(`{"ID":`)
	j.str(string(e.ID))
	j.raw(`,"Kind":`)
	if err := j.text(e.Kind); err != nil {
		return err
	}
	j.raw(`,"Order":`)
	j.str(string(e.Order))
	j.raw(`,"Line":`)
	j.str(string(e.Line))
	j.raw(`,"Creator":`)
	j.str(string(e.Creator))
	j.raw(`,"Entry":`)
	j.str(string(e.Entry))
	j.raw(`,"Amount":`)
	if err := j.money(e.Amount); err != nil {
		return err
	}
	j.raw(`,"At":`)
	if err := j.time(e.At); err != nil {
		return err
	}
	j.raw(`,"Placed":`)
	if err := j.time(e.Placed); err != nil {
		return err
	}
	j.raw(`}`)
	return nil
}

func (j *jsonBuf) entry(e *attribution.Entry) error {
	j.raw(`{"Seq":`)
	j.int(int64(e.Seq))
	j.raw(`,"Kind":`)
	if err := j.text(e.Kind); err != nil {
		return err
	}
	j.raw(`,"At":`)
	if err := j.time(e.At); err != nil {
		return err
	}
	j.raw(`,"Amounts":`)
	if err := j.amounts(e.Amounts); err != nil {
		return err
	}
	j.raw(`,"Terms":`)
	j.terms(e.Terms)
	j.raw(`,"Events":`)
	if e.Events == nil {
		j.raw(`null`)
	} else {
		j.raw(`[`)
		for i, id := range e.Events {
			if i > 0 {
				j.raw(`,`)
			}
			j.str(string(id))
		}
		j.raw(`]`)
	}
	j.raw(`}`)
	return nil
}

// line appends l as encoding/json does.
func (j *jsonBuf) line(l *attribution.Line) error {
	j.raw(`{"Key":{"Order":`)
	j.str(string(l.Key.Order))
	j.raw(`,"Line":`)
	j.str(string(l.Key.Line))
	j.raw(`},"Creator":`)
	j.str(string(l.Creator))
	j.raw(`,"Attribution":{"Terms":`)
	j.terms(l.Attribution.Terms)
	j.raw(`,"Reason":`)
	if err := j.text(l.Attribution.Reason); err != nil {
		return err
	}
	j.raw(`},"Events":`)
	if l.Events == nil {
		j.raw(`null`)
	} else {
		j.raw(`[`)
		for i := range l.Events {
			if i > 0 {
				j.raw(`,`)
			}
			if err := j.event(&l.Events[i]); err != nil {
				return err
			}
		}
		j.raw(`]`)
	}
	g := &l.Ledger
	j.raw(`,"Ledger":{"Status":`)
	if err := j.text(g.Status); err != nil {
		return err
	}
	j.raw(`,"Paid":`)
	if err := j.money(g.Paid); err != nil {
		return err
	}
	j.raw(`,"Refunded":`)
	if err := j.money(g.Refunded); err != nil {
		return err
	}
	j.raw(`,"Owed":`)
	if err := j.amounts(g.Owed); err != nil {
		return err
	}
	j.raw(`,"Posted":`)
	if err := j.amounts(g.Posted); err != nil {
		return err
	}
	j.raw(`,"SettledAt":`)
	if err := j.time(g.SettledAt); err != nil {
		return err
	}
	j.raw(`,"Entries":`)
	if g.Entries == nil {
		j.raw(`null`)
	} else {
		j.raw(`[`)
		for i := range g.Entries {
			if i > 0 {
				j.raw(`,`)
			}
			if err := j.entry(&g.Entries[i]); err != nil {
				return err
			}
		}
		j.raw(`]`)
	}
	j.raw(`}}`)
	return nil
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
