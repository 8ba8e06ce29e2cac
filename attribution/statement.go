package attribution

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// StatementLine is one ledger entry in a statement. Its amounts reconcile:
// Creator + Agency == Total (A5).
type StatementLine struct {
	Key      LineKey
	Seq      int // the entry's position in its line's ledger
	Campaign campaign.ID
	Product  registration.ProductID
	Kind     EntryKind
	At       time.Time
	Amounts  commission.Line
}

// Statement is what an agency's campaigns pay out over a period: the
// ledger entries posted in [From, To) in one currency, each split between
// creator and agency. Totals equal the sum of Lines, component by
// component (A5). A seller gets a [SellerStatement] instead, without the
// split, which would tell it each line's creator rate (A4).
type Statement struct {
	Agency   campaign.AgencyID
	Currency commission.Currency
	From, To time.Time
	Lines    []StatementLine
	Totals   commission.Line
}

// SellerStatementLine is one ledger entry in a seller's statement: its base
// and the total commission the shop pays on it, with no creator and no
// split between creator and agency (A4).
type SellerStatementLine struct {
	Key      LineKey
	Seq      int // the entry's position in its line's ledger
	Campaign campaign.ID
	Product  registration.ProductID
	Kind     EntryKind
	At       time.Time
	// Base is the entry's base and Commission its total commission
	// (negative for a reversal).
	Base, Commission commission.Money
}

// SellerStatement is what a shop pays over a period: the ledger entries of
// its lines posted in [From, To) in one currency. Base and Commission equal
// the sums of its lines (A5); each line's Commission is its entry's total,
// which the agency's statement splits into creator + agency.
type SellerStatement struct {
	Shop             campaign.ShopCode
	Currency         commission.Currency
	From, To         time.Time
	Lines            []SellerStatementLine
	Base, Commission commission.Money
}

// CreatorStatementLine is one ledger entry in a creator's statement: the
// creator's rate and amounts only (K1).
type CreatorStatementLine struct {
	Key        LineKey
	Seq        int
	Campaign   campaign.ID
	Product    registration.ProductID
	Kind       EntryKind
	At         time.Time
	Rate       commission.Rate
	Base       commission.Money
	Commission commission.Money
}

// CreatorStatement is a creator's earnings posted in [From, To) in one
// currency. Base and Commission equal the sums of its lines (A5).
type CreatorStatement struct {
	Creator          productlist.CreatorID
	Currency         commission.Currency
	From, To         time.Time
	Lines            []CreatorStatementLine
	Base, Commission commission.Money
}

// checkPeriod returns a *FieldError for "to" wrapping ErrInvalid unless
// the period [from, to) holds an instant: to == from is an empty period,
// to before from one that ends before it starts.
func checkPeriod(from, to time.Time) error { return errdef.Period("attribution", from, to) }

// posted returns the entries of lines posted in [from, to) in cur that keep
// picks, as statement lines in time, key and sequence order, with each
// entry's creator rate and the lines' sums.
func posted(cur commission.Currency, from, to time.Time, lines []Line, keep func(Line) bool) ([]StatementLine, []commission.Rate, commission.Line, error) {
	var errs []error
	if cur.IsZero() {
		errs = append(errs, errdef.Field("currency", "", ErrInvalid, "attribution: no currency"))
	}
	if err := checkPeriod(from, to); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, nil, commission.Line{}, err
	}
	type withRate struct {
		StatementLine
		rate commission.Rate
	}
	var out []withRate
	for _, l := range lines {
		if !keep(l) {
			continue
		}
		for _, e := range l.Ledger.Entries {
			if e.At.Before(from) || !e.At.Before(to) || e.Amounts.Total.Currency != cur {
				continue
			}
			out = append(out, withRate{StatementLine{Key: l.Key, Seq: e.Seq, Campaign: e.Terms.Campaign, Product: e.Terms.Product,
				Kind: e.Kind, At: e.At, Amounts: e.Amounts}, e.Terms.Split.Creator})
		}
	}
	slices.SortFunc(out, func(a, b withRate) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Key.Order, b.Key.Order), cmp.Compare(a.Key.Line, b.Key.Line), cmp.Compare(a.Seq, b.Seq))
	})
	ls, rates := make([]StatementLine, len(out)), make([]commission.Rate, len(out))
	for i, o := range out {
		ls[i], rates[i] = o.StatementLine, o.rate
	}
	tot, err := sumLines(cur, ls)
	if err != nil {
		return nil, nil, commission.Line{}, err
	}
	return ls, rates, tot, nil
}

func sumLines(cur commission.Currency, ls []StatementLine) (commission.Line, error) {
	z := commission.Zero(cur)
	tot := commission.Line{Base: z, Total: z, Creator: z, Agency: z}
	var err error
	for _, l := range ls {
		for _, p := range []struct {
			dst *commission.Money
			v   commission.Money
		}{
			{&tot.Base, l.Amounts.Base}, {&tot.Total, l.Amounts.Total}, {&tot.Creator, l.Amounts.Creator}, {&tot.Agency, l.Amounts.Agency},
		} {
			if *p.dst, err = p.dst.Add(p.v); err != nil {
				return commission.Line{}, fmt.Errorf("attribution: statement totals: %w", err)
			}
		}
	}
	return tot, nil
}

// NewSellerStatement returns shop's statement for the entries posted in
// [from, to) in cur.
//
// It returns a *FieldError wrapping [ErrInvalid] if cur is the zero
// Currency or from is not before to.
func NewSellerStatement(shop campaign.ShopCode, cur commission.Currency, from, to time.Time, lines []Line) (SellerStatement, error) {
	ls, _, tot, err := posted(cur, from, to, lines, func(l Line) bool {
		return l.Attribution.OK() && l.Attribution.Terms.Shop == shop
	})
	if err != nil {
		return SellerStatement{}, err
	}
	st := SellerStatement{Shop: shop, Currency: cur, From: from, To: to, Base: tot.Base, Commission: tot.Total}
	for _, l := range ls {
		st.Lines = append(st.Lines, SellerStatementLine{Key: l.Key, Seq: l.Seq, Campaign: l.Campaign, Product: l.Product,
			Kind: l.Kind, At: l.At, Base: l.Amounts.Base, Commission: l.Amounts.Total})
	}
	return st, nil
}

// NewAgencyStatement returns the statement of agency's campaigns for the
// entries posted in [from, to) in cur. It returns the errors of
// [NewSellerStatement].
func NewAgencyStatement(agency campaign.AgencyID, cur commission.Currency, from, to time.Time, lines []Line) (Statement, error) {
	ls, _, tot, err := posted(cur, from, to, lines, func(l Line) bool {
		return l.Attribution.OK() && l.Attribution.Terms.Agency == agency
	})
	if err != nil {
		return Statement{}, err
	}
	return Statement{Agency: agency, Currency: cur, From: from, To: to, Lines: ls, Totals: tot}, nil
}

// NewCreatorStatement returns creator's statement for the entries posted in
// [from, to) in cur on its own lines. It returns the errors of
// [NewSellerStatement].
func NewCreatorStatement(creator productlist.CreatorID, cur commission.Currency, from, to time.Time, lines []Line) (CreatorStatement, error) {
	ls, rates, tot, err := posted(cur, from, to, lines, func(l Line) bool { return l.Attribution.OK() && l.Creator == creator })
	if err != nil {
		return CreatorStatement{}, err
	}
	st := CreatorStatement{Creator: creator, Currency: cur, From: from, To: to, Base: tot.Base, Commission: tot.Creator}
	for i, l := range ls {
		st.Lines = append(st.Lines, CreatorStatementLine{Key: l.Key, Seq: l.Seq, Campaign: l.Campaign, Product: l.Product,
			Kind: l.Kind, At: l.At, Rate: rates[i], Base: l.Amounts.Base, Commission: l.Amounts.Creator})
	}
	return st, nil
}
