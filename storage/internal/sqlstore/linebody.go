package sqlstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// An order line's body is JSON in one of two forms. Version 1 (schema
// versions 1 and 2) is encoding/json's form of attribution.Line: about
// 2.5 KB for a paid, refunded and settled line, most of it repeated (each
// event repeats its order, line, creator and entry, each ledger entry its
// terms, every amount its currency as an object). Bulk ingest writes lines
// by the thousand, and those bytes were most of its cost (PostgreSQL also
// compressed every body, being past its TOAST threshold), so lines are
// now written in version 2, which says each thing once:
//
//	{"v":2,                       version
//	 "k":["order","line"],        key
//	 "c":"creator",               creator, if not the terms' creator
//	 "t":{terms},                 attribution terms (short keys below)
//	 "r":"reason",                unattributed reason, if any
//	 "e":[event...] | null,       events:
//	    {"i":"id" | "-suffix" with "p":true when id = order + suffix,
//	     "k":"kind", "o"/"n"/"c"/"y": order, line, creator, entry when
//	     not the line's own (the terms' entry), "a":"amount", "t":"at",
//	     "pl":"placed" unless the previous event's}
//	 "l":{ledger}}                "s" status, "p" paid, "r" refunded,
//	                              "o" owed, "po" posted unless owed's,
//	                              "at" settled at, "en" entries: {"q" seq,
//	                              "k" kind, "at", "a" amounts, "t" terms
//	                              unless the line's, "e" event ids, "#n"
//	                              for the line's n-th event's id and "#"
//	                              before an id that starts with "#"}
//
// An amount is "" for the zero Money, else "<decimal> <currency code>",
// the decimal with its exponent (appendDecimal: "100.00", "15e2"; bodies
// written before dropped trailing zeros, and read back by value); times
// are RFC 3339 with nanoseconds, in UTC if their offset has seconds, ""
// for the zero time. Reads take
// both versions (a body starting with {"v":2 is version 2), so files and
// databases written before keep working; migration 0003 only records that
// a database may hold version 2, so an older partnerkit refuses it.

// lineV2 is version 2 of a line body, for decoding.
type lineV2 struct {
	V int       `json:"v"`
	K [2]string `json:"k"`
	C *string   `json:"c"`
	T termsV2   `json:"t"`
	R string    `json:"r"`
	E []eventV2 `json:"e"`
	L ledgerV2  `json:"l"`
}

type termsV2 struct {
	Campaign      string `json:"ca"`
	Agency        string `json:"ag"`
	Shop          string `json:"sh"`
	Registration  string `json:"rg"`
	Product       string `json:"pr"`
	List          string `json:"li"`
	Entry         string `json:"en"`
	Creator       string `json:"cr"`
	CreatorAgency string `json:"ca2"`
	RateVersion   int    `json:"rv"`
	Total         int32  `json:"st"`
	CreatorRate   int32  `json:"sc"`
	Window        int64  `json:"sw"`
}

type eventV2 struct {
	I  string  `json:"i"`
	P  bool    `json:"p"`
	K  string  `json:"k"`
	O  *string `json:"o"`
	N  *string `json:"n"`
	C  *string `json:"c"`
	Y  *string `json:"y"`
	A  string  `json:"a"`
	T  string  `json:"t"`
	Pl *string `json:"pl"`
}

type ledgerV2 struct {
	S  string     `json:"s"`
	P  string     `json:"p"`
	R  string     `json:"r"`
	O  [4]string  `json:"o"`
	Po *[4]string `json:"po"`
	At string     `json:"at"`
	En []entryV2  `json:"en"`
}

type entryV2 struct {
	Q  int       `json:"q"`
	K  string    `json:"k"`
	At string    `json:"at"`
	A  [4]string `json:"a"`
	T  *termsV2  `json:"t"`
	E  []string  `json:"e"`
}

// isLineV2 reports whether body is a version 2 line body.
func isLineV2(body string) bool { return strings.HasPrefix(body, `{"v":2,`) }

// amount appends m as a version 2 amount.
func (j *jsonBuf) amount(m commission.Money) error {
	if m.Currency.IsZero() && m.Amount.IsZero() {
		j.raw(`""`)
		return nil
	}
	c, err := m.Currency.MarshalText()
	if err != nil {
		return err
	}
	j.str(string(appendDecimal(nil, m.Amount)) + " " + string(c))
	return nil
}

// amounts4 appends l as a version 2 array of four amounts.
func (j *jsonBuf) amounts4(l commission.Line) error {
	for i, m := range [...]commission.Money{l.Base, l.Total, l.Creator, l.Agency} {
		if i == 0 {
			j.raw(`[`)
		} else {
			j.raw(`,`)
		}
		if err := j.amount(m); err != nil {
			return err
		}
	}
	j.raw(`]`)
	return nil
}

// timeV2 appends t, "" for the zero time.
func (j *jsonBuf) timeV2(t time.Time) error {
	if t.IsZero() {
		j.raw(`""`)
		return nil
	}
	return j.time(t)
}

func (j *jsonBuf) termsV2(t *attribution.Terms) {
	j.raw(`{"ca":`)
	j.str(string(t.Campaign))
	j.raw(`,"ag":`)
	j.str(string(t.Agency))
	j.raw(`,"sh":`)
	j.str(string(t.Shop))
	j.raw(`,"rg":`)
	j.str(string(t.Registration))
	j.raw(`,"pr":`)
	j.str(string(t.Product))
	j.raw(`,"li":`)
	j.str(string(t.List))
	j.raw(`,"en":`)
	j.str(string(t.Entry))
	j.raw(`,"cr":`)
	j.str(string(t.Creator))
	if t.CreatorAgency != "" {
		j.raw(`,"ca2":`)
		j.str(string(t.CreatorAgency))
	}
	j.raw(`,"rv":`)
	j.int(int64(t.RateVersion))
	j.raw(`,"st":`)
	j.int(int64(t.Split.Total))
	j.raw(`,"sc":`)
	j.int(int64(t.Split.Creator))
	j.raw(`,"sw":`)
	j.int(int64(t.SettlementWindow))
	j.raw(`}`)
}

// lineV2 appends l's version 2 body.
func (j *jsonBuf) lineV2(l *attribution.Line) error {
	terms := &l.Attribution.Terms
	j.raw(`{"v":2,"k":[`)
	j.str(string(l.Key.Order))
	j.raw(`,`)
	j.str(string(l.Key.Line))
	j.raw(`]`)
	if l.Creator != terms.Creator {
		j.raw(`,"c":`)
		j.str(string(l.Creator))
	}
	j.raw(`,"t":`)
	j.termsV2(terms)
	if l.Attribution.Reason != 0 {
		j.raw(`,"r":`)
		if err := j.text(l.Attribution.Reason); err != nil {
			return err
		}
	}
	j.raw(`,"e":`)
	if l.Events == nil {
		j.raw(`null`)
	} else {
		j.raw(`[`)
		for i := range l.Events {
			if i > 0 {
				j.raw(`,`)
			}
			e := &l.Events[i]
			order := string(l.Key.Order)
			if order != "" && strings.HasPrefix(string(e.ID), order) {
				j.raw(`{"p":true,"i":`)
				j.str(string(e.ID)[len(order):])
			} else {
				j.raw(`{"i":`)
				j.str(string(e.ID))
			}
			j.raw(`,"k":`)
			if err := j.text(e.Kind); err != nil {
				return err
			}
			for _, f := range [...]struct {
				name      string
				v, common string
			}{{`,"o":`, string(e.Order), string(l.Key.Order)}, {`,"n":`, string(e.Line), string(l.Key.Line)},
				{`,"c":`, string(e.Creator), string(l.Creator)}, {`,"y":`, string(e.Entry), string(terms.Entry)}} {
				if f.v != f.common {
					j.raw(f.name)
					j.str(f.v)
				}
			}
			j.raw(`,"a":`)
			if err := j.amount(e.Amount); err != nil {
				return err
			}
			j.raw(`,"t":`)
			if err := j.timeV2(e.At); err != nil {
				return err
			}
			if i == 0 || !e.Placed.Equal(l.Events[i-1].Placed) || e.Placed.Location() != l.Events[i-1].Placed.Location() {
				j.raw(`,"pl":`)
				if err := j.timeV2(e.Placed); err != nil {
					return err
				}
			}
			j.raw(`}`)
		}
		j.raw(`]`)
	}
	g := &l.Ledger
	j.raw(`,"l":{"s":`)
	if err := j.text(g.Status); err != nil {
		return err
	}
	j.raw(`,"p":`)
	if err := j.amount(g.Paid); err != nil {
		return err
	}
	j.raw(`,"r":`)
	if err := j.amount(g.Refunded); err != nil {
		return err
	}
	j.raw(`,"o":`)
	at := len(j.b)
	if err := j.amounts4(g.Owed); err != nil {
		return err
	}
	owed := string(j.b[at:])
	at = len(j.b) + len(`,"po":`)
	j.raw(`,"po":`)
	if err := j.amounts4(g.Posted); err != nil {
		return err
	}
	if string(j.b[at:]) == owed {
		j.b = j.b[:at-len(`,"po":`)]
	}
	j.raw(`,"at":`)
	if err := j.timeV2(g.SettledAt); err != nil {
		return err
	}
	j.raw(`,"en":`)
	refs := &eventPositions{events: l.Events}
	if g.Entries == nil {
		j.raw(`null`)
	} else {
		j.raw(`[`)
		for i := range g.Entries {
			if i > 0 {
				j.raw(`,`)
			}
			e := &g.Entries[i]
			j.raw(`{"q":`)
			j.int(int64(e.Seq))
			j.raw(`,"k":`)
			if err := j.text(e.Kind); err != nil {
				return err
			}
			j.raw(`,"at":`)
			if err := j.timeV2(e.At); err != nil {
				return err
			}
			j.raw(`,"a":`)
			if err := j.amounts4(e.Amounts); err != nil {
				return err
			}
			if e.Terms != *terms {
				j.raw(`,"t":`)
				j.termsV2(&e.Terms)
			}
			j.raw(`,"e":`)
			if e.Events == nil {
				j.raw(`null`)
			} else {
				j.raw(`[`)
				for k, id := range e.Events {
					if k > 0 {
						j.raw(`,`)
					}
					j.str(eventRef(refs, id))
				}
				j.raw(`]`)
			}
			j.raw(`}`)
		}
		j.raw(`]`)
	}
	j.raw(`}}`)
	return nil
}

// eventPositions finds a line's events by id: by a scan for a short line,
// by a map made on first use for a long one, so that encoding a line whose
// entries name its events costs time linear, not quadratic, in its events
// (up to MaxLineEvents).
type eventPositions struct {
	events []attribution.Event
	byID   map[attribution.EventID]int
}

// index returns the position of the event with id, or -1.
func (p *eventPositions) index(id attribution.EventID) int {
	const scan = 16
	if len(p.events) <= scan {
		for n := range p.events {
			if p.events[n].ID == id {
				return n
			}
		}
		return -1
	}
	if p.byID == nil {
		p.byID = make(map[attribution.EventID]int, len(p.events))
		for n := len(p.events) - 1; n >= 0; n-- {
			p.byID[p.events[n].ID] = n // the first of equal ids, as the scan
		}
	}
	if n, ok := p.byID[id]; ok {
		return n
	}
	return -1
}

// eventRef returns how an entry names event id: "#n" if it is the n-th
// event's, else id, with a "#" before it if it starts with one.
func eventRef(evs *eventPositions, id attribution.EventID) string {
	if n := evs.index(id); n >= 0 {
		return "#" + strconv.Itoa(n)
	}
	if strings.HasPrefix(string(id), "#") {
		return "#" + string(id)
	}
	return string(id)
}

var errBadBody = errors.New("malformed version 2 line body")

// decodeLine decodes a line body of either version.
func decodeLine(body string, l *attribution.Line) error {
	if !isLineV2(body) {
		return json.Unmarshal([]byte(body), l)
	}
	var b lineV2
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		return err
	}
	var err error
	setErr := func(e error) {
		if err == nil && e != nil {
			err = e
		}
	}
	text := func(v interface{ UnmarshalText([]byte) error }, s string) { setErr(v.UnmarshalText([]byte(s))) }
	tm := func(s string) time.Time {
		var t time.Time
		if s != "" {
			text(&t, s)
		}
		return t
	}
	money := func(s string) commission.Money {
		var m commission.Money
		if s == "" {
			return m
		}
		a, c, ok := strings.Cut(s, " ")
		if !ok {
			setErr(errBadBody)
			return m
		}
		d, e := decimal.NewFromString(a)
		setErr(e)
		m.Amount = d
		text(&m.Currency, c)
		return m
	}
	amounts := func(a [4]string) commission.Line {
		return commission.Line{Base: money(a[0]), Total: money(a[1]), Creator: money(a[2]), Agency: money(a[3])}
	}
	terms := func(t *termsV2) attribution.Terms {
		return attribution.Terms{
			Campaign: campaign.ID(t.Campaign), Agency: campaign.AgencyID(t.Agency), Shop: campaign.ShopCode(t.Shop),
			Registration: registration.ID(t.Registration), Product: registration.ProductID(t.Product),
			List: productlist.ListID(t.List), Entry: attribution.EntryID(t.Entry), Creator: productlist.CreatorID(t.Creator),
			CreatorAgency: campaign.AgencyID(t.CreatorAgency), RateVersion: t.RateVersion,
			Split:            commission.Split{Total: commission.Rate(t.Total), Creator: commission.Rate(t.CreatorRate)},
			SettlementWindow: time.Duration(t.Window),
		}
	}
	or := func(p *string, d string) string {
		if p != nil {
			return *p
		}
		return d
	}
	*l = attribution.Line{Key: attribution.LineKey{Order: attribution.OrderID(b.K[0]), Line: attribution.LineID(b.K[1])}}
	l.Attribution.Terms = terms(&b.T)
	if b.R != "" {
		text(&l.Attribution.Reason, b.R)
	}
	l.Creator = productlist.CreatorID(or(b.C, string(l.Attribution.Terms.Creator)))
	if b.E != nil {
		l.Events = make([]attribution.Event, len(b.E))
	}
	var placed time.Time
	for i := range b.E {
		e := &b.E[i]
		ev := &l.Events[i]
		ev.ID = attribution.EventID(e.I)
		if e.P {
			ev.ID = attribution.EventID(string(l.Key.Order) + e.I)
		}
		text(&ev.Kind, e.K)
		ev.Order = attribution.OrderID(or(e.O, string(l.Key.Order)))
		ev.Line = attribution.LineID(or(e.N, string(l.Key.Line)))
		ev.Creator = productlist.CreatorID(or(e.C, string(l.Creator)))
		ev.Entry = attribution.EntryID(or(e.Y, string(l.Attribution.Terms.Entry)))
		ev.Amount = money(e.A)
		ev.At = tm(e.T)
		if e.Pl != nil {
			placed = tm(*e.Pl)
		}
		ev.Placed = placed
	}
	g := &l.Ledger
	text(&g.Status, b.L.S)
	g.Paid, g.Refunded = money(b.L.P), money(b.L.R)
	g.Owed = amounts(b.L.O)
	g.Posted = g.Owed
	if b.L.Po != nil {
		g.Posted = amounts(*b.L.Po)
	}
	g.SettledAt = tm(b.L.At)
	if b.L.En != nil {
		g.Entries = make([]attribution.Entry, len(b.L.En))
	}
	for i := range b.L.En {
		e := &b.L.En[i]
		en := &g.Entries[i]
		en.Seq = e.Q
		text(&en.Kind, e.K)
		en.At = tm(e.At)
		en.Amounts = amounts(e.A)
		en.Terms = l.Attribution.Terms
		if e.T != nil {
			en.Terms = terms(e.T)
		}
		if e.E != nil {
			en.Events = make([]attribution.EventID, len(e.E))
		}
		for k, ref := range e.E {
			id := ref
			if rest, ok := strings.CutPrefix(ref, "#"); ok {
				id = rest
				if n, e := strconv.Atoi(rest); e == nil && n >= 0 && strconv.Itoa(n) == rest {
					if n >= len(l.Events) {
						setErr(errBadBody)
						continue
					}
					id = string(l.Events[n].ID)
				}
			}
			en.Events[k] = attribution.EventID(id)
		}
	}
	if err != nil {
		return fmt.Errorf("decoding a version 2 line body: %w", err)
	}
	return nil
}
