package attribution

import (
	"fmt"
	"strings"
	"time"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// Explanation is the chain that produced a ledger line's amounts (A6): the
// campaign, the registration and its total rate, the list entry and the
// creator rate version in force when the order was placed (P6), each event
// applied with what the line owed after it, and the entries posted. It is
// the agency's view: everything. [Explanation.ForCreator] and
// [Explanation.ForSeller] give the other parties' views (A4).
type Explanation struct {
	Key     LineKey
	Creator productlist.CreatorID
	// Attribution holds the terms (campaign, agency, shop, registration,
	// product, list, entry, rate version, split) or the reason the line
	// earns nothing.
	Attribution Attribution
	// Placed is when the order was placed: the instant the terms were
	// chosen at (P6). Zero if no event carries it and the line has none.
	Placed time.Time
	// RateEffective is when the terms that paid the line took effect on
	// the creator's showcase entry: when the creator accepted them, or
	// when a later rate version of its list entry took effect, if the
	// caller knows it (the Service looks it up); zero otherwise.
	RateEffective time.Time
	// Steps are the events in canonical order (A1), each with the line's
	// status and owed amounts once the events up to it are applied.
	Steps []Step
	// Ledger is the line's ledger, entries included.
	Ledger Ledger
}

// Step is one event of an Explanation and where it left the line.
type Step struct {
	Event  Event
	Status Status
	Owed   commission.Line
}

// Explain returns the explanation of l at now. Steps are derived again
// from the events with Derive at now, so a line whose settlement window
// has passed since it was stored shows as settled in its last step while
// its Ledger is as stored; otherwise the last step's Owed is Ledger.Owed.
//
// Explain returns Derive's errors for an inconsistent line.
func Explain(l Line, now time.Time) (Explanation, error) {
	e := Explanation{Key: l.Key, Creator: l.Creator, Attribution: l.Attribution, Ledger: l.Ledger}
	for i, ev := range l.Events {
		if !ev.Placed.IsZero() && e.Placed.IsZero() {
			e.Placed = ev.Placed
		}
		led, err := Derive(l.Attribution, l.Events[:i+1], now)
		if err != nil {
			return Explanation{}, fmt.Errorf("attribution: explaining line %v at event %v: %w", l.Key, ev.ID, err)
		}
		e.Steps = append(e.Steps, Step{Event: ev, Status: led.Status, Owed: led.Owed})
	}
	if e.Placed.IsZero() && len(l.Events) > 0 {
		e.Placed = l.Events[0].At // see Event.Placed
	}
	return e, nil
}

// String formats the explanation as indented text, one fact a line.
func (e Explanation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "line %v of creator %s: %v\n", e.Key, e.Creator, e.Ledger.Status)
	if !e.Attribution.OK() {
		fmt.Fprintf(&b, "  not attributed: %v\n", e.Attribution.Reason)
	} else {
		t := e.Attribution.Terms
		fmt.Fprintf(&b, "  campaign %s of agency %s, shop %s\n", t.Campaign, t.Agency, t.Shop)
		fmt.Fprintf(&b, "  registration %s of product %s: total rate %v\n", t.Registration, t.Product, t.Split.Total)
		fmt.Fprintf(&b, "  list %s, entry %s: creator rate %v (version %d%s), agency rate %v\n",
			orDash(string(t.List)), orDash(string(t.Entry)), t.Split.Creator, t.RateVersion, effective(e.RateEffective), t.Split.Agency())
		if t.CrossAgency() {
			fmt.Fprintf(&b, "  creator managed by agency %s (K4: the split is unchanged)\n", t.CreatorAgency)
		}
	}
	writePlaced(&b, e.Placed)
	b.WriteString("  events:\n")
	for _, s := range e.Steps {
		fmt.Fprintf(&b, "    %s %v%s (%s) -> %v, owed %s\n", stamp(s.Event.At), s.Event.Kind, amountOf(s.Event.Amount), s.Event.ID, s.Status, lineText(s.Owed))
	}
	writeEntries(&b, len(e.Ledger.Entries), func(i int) (Entry, string) {
		return e.Ledger.Entries[i], e.Ledger.Entries[i].Amounts.String()
	})
	fmt.Fprintf(&b, "  owed %s\n", lineText(e.Ledger.Owed))
	if len(e.Ledger.Entries) > 0 {
		fmt.Fprintf(&b, "  posted %s\n", lineText(e.Ledger.Posted))
	}
	return b.String()
}

// PartyStep is one event of a creator's or seller's explanation: what
// happened and the party's figure after it. Commission is the creator's
// commission in a CreatorExplanation and the total in a SellerExplanation.
// Like Explain's steps, each is derived at the explanation's now, not at
// the event's time: a delivery whose settlement window has passed since
// reads as settled.
type PartyStep struct {
	Event  EventID
	Kind   Kind
	At     time.Time
	Amount commission.Money // paid or refunded, else zero
	Status Status
	// Base is the net base owed on; Commission the party's figure.
	Base, Commission commission.Money
}

// PartyEntry is one ledger entry in a creator's or seller's explanation.
type PartyEntry struct {
	Seq              int
	Kind             EntryKind
	At               time.Time
	Base, Commission commission.Money
	Events           []EventID
}

// CreatorExplanation is a creator's view of the explanation of one of its
// own lines (A4, K1): its creator rate and commission only, never the
// total or agency rate or amounts, nor the shop or the registration.
type CreatorExplanation struct {
	Key      LineKey
	Campaign campaign.ID
	Product  registration.ProductID
	List     productlist.ListID
	Entry    EntryID
	// Reason says why the line earns nothing, or is zero.
	Reason        Reason
	Placed        time.Time
	Rate          commission.Rate
	RateVersion   int
	RateEffective time.Time
	Status        Status
	Steps         []PartyStep
	Entries       []PartyEntry
	// Base is the net base; Commission is owed now, Settled is posted.
	Base, Commission, Settled commission.Money
}

// ForCreator returns the creator's view of e.
func (e Explanation) ForCreator() CreatorExplanation {
	t := e.Attribution.Terms
	c := CreatorExplanation{Key: e.Key, Campaign: t.Campaign, Product: t.Product, List: t.List, Entry: t.Entry,
		Reason: e.Attribution.Reason, Placed: e.Placed, Rate: t.Split.Creator, RateVersion: t.RateVersion,
		RateEffective: e.RateEffective, Status: e.Ledger.Status,
		Base: e.Ledger.Owed.Base, Commission: e.Ledger.Owed.Creator, Settled: e.Ledger.Posted.Creator}
	for _, s := range e.Steps {
		c.Steps = append(c.Steps, partyStep(s, s.Owed.Creator))
	}
	c.Entries = partyEntries(e.Ledger.Entries, func(l commission.Line) commission.Money { return l.Creator })
	return c
}

// partyEntries is one party's view of ledger entries: the base and the
// party's commission, picked from each entry's amounts.
func partyEntries(entries []Entry, commissionOf func(commission.Line) commission.Money) []PartyEntry {
	var out []PartyEntry
	for _, en := range entries {
		out = append(out, PartyEntry{Seq: en.Seq, Kind: en.Kind, At: en.At, Base: en.Amounts.Base,
			Commission: commissionOf(en.Amounts), Events: en.Events})
	}
	return out
}

// String formats the creator's explanation as indented text.
func (c CreatorExplanation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "line %v: %v\n", c.Key, c.Status)
	if c.Reason != 0 {
		fmt.Fprintf(&b, "  not attributed: %v\n", c.Reason)
	} else {
		fmt.Fprintf(&b, "  campaign %s, product %s\n", c.Campaign, c.Product)
		fmt.Fprintf(&b, "  list %s, entry %s: your rate %v (version %d%s)\n", orDash(string(c.List)), orDash(string(c.Entry)), c.Rate, c.RateVersion, effective(c.RateEffective))
	}
	writePlaced(&b, c.Placed)
	writeSteps(&b, c.Steps, "commission")
	writeEntries(&b, len(c.Entries), func(i int) (Entry, string) {
		en := c.Entries[i]
		return Entry{Seq: en.Seq, Kind: en.Kind, At: en.At, Events: en.Events}, fmt.Sprintf("base %v: commission %v", en.Base, en.Commission)
	})
	fmt.Fprintf(&b, "  owed: base %s: commission %s\n", orNone(c.Base), orNone(c.Commission))
	if len(c.Entries) > 0 {
		fmt.Fprintf(&b, "  settled: commission %v\n", c.Settled)
	}
	return b.String()
}

// SellerExplanation is a seller's view of the explanation of a line of
// its shop (A4): product-level, with the total rate and the total
// commission it pays; no creator, list entry, creator rate or split.
type SellerExplanation struct {
	Key          LineKey
	Campaign     campaign.ID
	Registration registration.ID
	Product      registration.ProductID
	TotalRate    commission.Rate
	Placed       time.Time
	Status       Status
	Steps        []PartyStep
	Entries      []PartyEntry
	// Base is the net base; Commission the total owed now, Settled the
	// total posted.
	Base, Commission, Settled commission.Money
}

// ForSeller returns the seller's view of e. It is meant for attributed
// lines: an unattributed line is no seller's (SellerOrders leaves it out).
func (e Explanation) ForSeller() SellerExplanation {
	t := e.Attribution.Terms
	s := SellerExplanation{Key: e.Key, Campaign: t.Campaign, Registration: t.Registration, Product: t.Product,
		TotalRate: t.Split.Total, Placed: e.Placed, Status: e.Ledger.Status,
		Base: e.Ledger.Owed.Base, Commission: e.Ledger.Owed.Total, Settled: e.Ledger.Posted.Total}
	for _, st := range e.Steps {
		s.Steps = append(s.Steps, partyStep(st, st.Owed.Total))
	}
	s.Entries = partyEntries(e.Ledger.Entries, func(l commission.Line) commission.Money { return l.Total })
	return s
}

// String formats the seller's explanation as indented text.
func (s SellerExplanation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "line %v: %v\n", s.Key, s.Status)
	fmt.Fprintf(&b, "  campaign %s, registration %s of product %s: total rate %v\n", s.Campaign, s.Registration, s.Product, s.TotalRate)
	writePlaced(&b, s.Placed)
	writeSteps(&b, s.Steps, "commission")
	writeEntries(&b, len(s.Entries), func(i int) (Entry, string) {
		en := s.Entries[i]
		return Entry{Seq: en.Seq, Kind: en.Kind, At: en.At, Events: en.Events}, fmt.Sprintf("base %v: commission %v", en.Base, en.Commission)
	})
	fmt.Fprintf(&b, "  owed: base %s: commission %s\n", orNone(s.Base), orNone(s.Commission))
	if len(s.Entries) > 0 {
		fmt.Fprintf(&b, "  settled: commission %v\n", s.Settled)
	}
	return b.String()
}

func partyStep(s Step, figure commission.Money) PartyStep {
	return PartyStep{Event: s.Event.ID, Kind: s.Event.Kind, At: s.Event.At, Amount: s.Event.Amount, Status: s.Status,
		Base: s.Owed.Base, Commission: figure}
}

// lineText formats l, or "nothing" for the zero Line of an unpaid line.
func lineText(l commission.Line) string {
	if l.Base.Currency.IsZero() {
		return "nothing"
	}
	return l.String()
}

func writePlaced(b *strings.Builder, placed time.Time) {
	if !placed.IsZero() {
		fmt.Fprintf(b, "  placed %s\n", stamp(placed))
	}
}

func writeSteps(b *strings.Builder, steps []PartyStep, figure string) {
	b.WriteString("  events:\n")
	for _, s := range steps {
		fmt.Fprintf(b, "    %s %v%s (%s) -> %v, base %v: %s %v\n", stamp(s.At), s.Kind, amountOf(s.Amount), s.Event, s.Status, orNone(s.Base), figure, orNone(s.Commission))
	}
}

func writeEntries(b *strings.Builder, n int, entry func(int) (Entry, string)) {
	if n == 0 {
		b.WriteString("  entries: none\n")
		return
	}
	b.WriteString("  entries:\n")
	for i := range n {
		en, amounts := entry(i)
		ids := make([]string, len(en.Events))
		for j, id := range en.Events {
			ids[j] = string(id)
		}
		fmt.Fprintf(b, "    #%d %v %s from %s: %s\n", en.Seq, en.Kind, stamp(en.At), strings.Join(ids, ", "), amounts)
	}
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func amountOf(m commission.Money) string {
	if m.Currency.IsZero() {
		return ""
	}
	return " " + m.String()
}

func effective(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return ", effective " + stamp(t)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
