package attribution

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// Reconciliation compares a platform's commission or settlement report
// with the ledger, line by line ([Reconcile]). The report is CSV whose
// columns a [ReportMapping] names, so any platform's export can be read
// without code; [TikTokPartnerOrders] is a ready mapping.

// ReportMapping names the report columns that hold each figure, by their
// header text (compared ignoring case and surrounding space). Order, Line
// and Payment are required, and exactly one of Currency and FixedCurrency;
// every other column is optional, and an empty name means the report does
// not have it. In a row, an empty cell of an optional column means the
// report does not state that figure, and it is not compared.
type ReportMapping struct {
	// Order and Line hold the order id and the line (SKU order) id: the
	// line's LineKey.
	Order, Line string
	// Product and Creator hold the product id and the creator id the
	// platform attributed the line to (compared with the line's terms and
	// creator: AttributionDiffers).
	Product, Creator string
	// Payment holds what the buyer paid for the line, a plain decimal such
	// as "19.99" (compared with Ledger.Paid: BaseDiffers).
	Payment string
	// Currency holds the ISO 4217 code of the row's amounts; or, for a
	// report without such a column, FixedCurrency is every row's currency.
	Currency      string
	FixedCurrency commission.Currency
	// TotalRate and CreatorRate hold the rates, as "12.5%" or "12.5"
	// (compared with the terms' split: RateDiffers).
	TotalRate, CreatorRate string
	// Estimated holds the estimated commission per party, compared with
	// Ledger.Owed; Actual the settled commission, compared with
	// Ledger.Posted. A row that states any actual figure is compared on
	// its actual figures only (AmountDiffers).
	Estimated, Actual AmountColumns
	// Status holds the settlement status (StatusDiffers). Statuses maps
	// the platform's words (compared ignoring case and surrounding space)
	// to ledger statuses; nil means the ledger's own codes (ParseStatus).
	Status   string
	Statuses map[string]Status
}

// AmountColumns name the columns of one commission figure per party.
type AmountColumns struct {
	Total, Creator, Agency string
}

// TikTokPartnerOrders returns the mapping of a TikTok Shop style "partner
// orders" export, as an agency downloads it from its partner center. Its
// header names are:
//
//	Order ID, SKU Order ID, Product ID, Creator ID, Payment Amount, Currency,
//	Total Commission Rate, Creator Commission Rate,
//	Est. Total Commission, Est. Creator Commission, Est. Partner Commission,
//	Actual Total Commission, Actual Creator Commission, Actual Partner Commission,
//	Settlement Status
//
// "Partner" is the agency. Settlement Status is one of Unpaid, Pending,
// Settled, Cancelled (or Canceled) and Ineligible (unattributed). Each
// call returns a fresh value, so a host may adapt it.
func TikTokPartnerOrders() ReportMapping {
	return ReportMapping{
		Order: "Order ID", Line: "SKU Order ID", Product: "Product ID", Creator: "Creator ID",
		Payment: "Payment Amount", Currency: "Currency",
		TotalRate: "Total Commission Rate", CreatorRate: "Creator Commission Rate",
		Estimated: AmountColumns{Total: "Est. Total Commission", Creator: "Est. Creator Commission", Agency: "Est. Partner Commission"},
		Actual:    AmountColumns{Total: "Actual Total Commission", Creator: "Actual Creator Commission", Agency: "Actual Partner Commission"},
		Status:    "Settlement Status",
		Statuses: map[string]Status{
			"unpaid": StatusUnpaid, "pending": StatusPending, "settled": StatusSettled,
			"cancelled": StatusVoid, "canceled": StatusVoid, "ineligible": StatusUnattributed,
		},
	}
}

// Validate returns nil if m can read a report, and otherwise every problem
// joined, each a *FieldError wrapping [ErrInvalid]: Order, Line or Payment
// unnamed; neither or both of Currency and FixedCurrency; a column named
// twice; a Statuses word that is empty or maps to an invalid Status.
func (m ReportMapping) Validate() error {
	var errs []error
	for _, f := range []struct{ field, name string }{{"order", m.Order}, {"line", m.Line}, {"payment", m.Payment}} {
		if norm(f.name) == "" {
			errs = append(errs, errdef.Field("mapping."+f.field, f.name, ErrInvalid, "attribution: required"))
		}
	}
	if (norm(m.Currency) == "") == m.FixedCurrency.IsZero() {
		errs = append(errs, errdef.Field("mapping.currency", m.Currency, ErrInvalid, "attribution: want a currency column or a fixed currency, not both"))
	}
	seen := map[string]string{}
	for _, c := range m.columns() {
		n := norm(c.name)
		if n == "" {
			continue
		}
		if other, dup := seen[n]; dup {
			errs = append(errs, errdef.Field("mapping."+c.field, c.name, ErrInvalid, "attribution: column also mapped to "+other))
			continue
		}
		seen[n] = c.field
	}
	for _, w := range slices.Sorted(maps.Keys(m.Statuses)) {
		if st := m.Statuses[w]; norm(w) == "" || st < StatusUnpaid || st > StatusUnattributed {
			errs = append(errs, errdef.Field("mapping.statuses["+w+"]", int(st), ErrInvalid, "attribution: want a word and a valid status"))
		}
	}
	return errors.Join(errs...)
}

// The report's fields, indexes into reportReader.col.
const (
	colOrder = iota
	colLine
	colProduct
	colCreator
	colPayment
	colCurrency
	colTotalRate
	colCreatorRate
	colEstTotal
	colEstCreator
	colEstAgency
	colActTotal
	colActCreator
	colActAgency
	colStatus
	numCols
)

type mappedColumn struct{ field, name string }

// columns lists m's columns in the order of the col constants.
func (m ReportMapping) columns() [numCols]mappedColumn {
	return [numCols]mappedColumn{
		{"order", m.Order}, {"line", m.Line}, {"product", m.Product}, {"creator", m.Creator},
		{"payment", m.Payment}, {"currency", m.Currency}, {"total_rate", m.TotalRate}, {"creator_rate", m.CreatorRate},
		{"estimated.total", m.Estimated.Total}, {"estimated.creator", m.Estimated.Creator}, {"estimated.agency", m.Estimated.Agency},
		{"actual.total", m.Actual.Total}, {"actual.creator", m.Actual.Creator}, {"actual.agency", m.Actual.Agency},
		{"status", m.Status},
	}
}

func norm(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Size limits of a report, so that hostile or broken input is refused
// before it is held in memory.
const (
	// MaxReportFieldBytes bounds one cell: a longer cell is a RowError and
	// the row is not compared.
	MaxReportFieldBytes = 256
	// MaxReportRowBytes bounds one row (record). A longer row stops the run
	// with an error wrapping ErrInvalid once about that many bytes have been
	// read past the previous row, so memory stays bounded by it.
	MaxReportRowBytes = 64 << 10
	// DefaultReconcileLimit is how many discrepancies and row errors a
	// Reconciliation lists when ReconcileOptions.Limit is zero.
	DefaultReconcileLimit = 1000
)

// DiscrepancyKind says how a report line and its ledger line disagree. The
// zero DiscrepancyKind is invalid.
type DiscrepancyKind int

// The discrepancy kinds.
const (
	// InReportOnly: the report has a line the ledger does not (in scope).
	InReportOnly DiscrepancyKind = iota + 1
	// InLedgerOnly: the ledger has a line in scope the report does not.
	InLedgerOnly
	// BaseDiffers: the payment differs from what the ledger's line was paid.
	BaseDiffers
	// RateDiffers: the total or the creator rate differs from the terms'.
	RateDiffers
	// AmountDiffers: the estimated or actual commission of a party differs.
	AmountDiffers
	// StatusDiffers: the settlement status differs.
	StatusDiffers
	// AttributionDiffers: the report names another product or creator than
	// the line's (K3).
	AttributionDiffers
)

var discrepancyNames = [...]string{InReportOnly: "in_report_only", InLedgerOnly: "in_ledger_only", BaseDiffers: "base_differs",
	RateDiffers: "rate_differs", AmountDiffers: "amount_differs", StatusDiffers: "status_differs", AttributionDiffers: "attribution_differs"}

// String returns the kind's code, such as "amount_differs", or "invalid".
func (k DiscrepancyKind) String() string {
	if k < InReportOnly || k > AttributionDiffers {
		return "invalid"
	}
	return discrepancyNames[k]
}

// ParseDiscrepancyKind returns the kind whose code is s. It returns a
// *FieldError wrapping [ErrInvalid] for an unknown code.
func ParseDiscrepancyKind(s string) (DiscrepancyKind, error) {
	for k := InReportOnly; k <= AttributionDiffers; k++ {
		if discrepancyNames[k] == s {
			return k, nil
		}
	}
	return 0, errdef.Field("kind", s, ErrInvalid, "attribution: unknown discrepancy kind")
}

// Amounts are a line's money as one side states it: what the buyer paid
// and the commission per party. A zero Money (no currency) is a figure
// that side does not state.
type Amounts struct {
	Paid, Total, Creator, Agency commission.Money
}

// Figures are what one side, the report or the ledger, says about the
// figure a Discrepancy is about; only the fields of that figure are set.
type Figures struct {
	Product registration.ProductID
	Creator productlist.CreatorID
	Rate    commission.Rate
	Status  Status
	Amounts Amounts
}

// Discrepancy is one way a report line and its ledger line disagree.
type Discrepancy struct {
	Kind DiscrepancyKind
	Key  LineKey
	// Row is the report line the row starts on, or 0 for InLedgerOnly
	// (see RowError.Row).
	Row int
	// Field is the mapping field compared: "product", "creator",
	// "payment", "total_rate", "creator_rate", "estimated", "actual" or
	// "status"; "" for InReportOnly and InLedgerOnly.
	Field string
	// Report and Ledger are both sides' values. For InReportOnly, Report
	// has the row's payment and commission (actual if stated, else
	// estimated), product, creator, creator rate and status; for
	// InLedgerOnly, Ledger has the line's paid base, owed commission,
	// product, creator, creator rate and status.
	Report, Ledger Figures
	// Difference is Report - Ledger for each money figure both sides (or,
	// for InReportOnly and InLedgerOnly, either side) state; a missing
	// side counts as zero.
	Difference Amounts
	// RateDifference is Report.Rate - Ledger.Rate for RateDiffers, in
	// basis points (negative when the report's rate is lower).
	RateDifference commission.Rate
}

// String formats d on one line, such as
// "row 3 o1/1 amount_differs estimated: creator report 10.00 USD, ledger 9.00 USD, difference 1.00 USD".
func (d Discrepancy) String() string {
	var b strings.Builder
	if d.Row > 0 {
		fmt.Fprintf(&b, "row %d ", d.Row)
	}
	fmt.Fprintf(&b, "%v %v", d.Key, d.Kind)
	if d.Field != "" {
		fmt.Fprintf(&b, " %s", d.Field)
	}
	b.WriteString(":")
	switch d.Kind {
	case AttributionDiffers:
		if d.Field == "product" {
			fmt.Fprintf(&b, " report %q, ledger %q", d.Report.Product, d.Ledger.Product)
		} else {
			fmt.Fprintf(&b, " report %q, ledger %q", d.Report.Creator, d.Ledger.Creator)
		}
	case RateDiffers:
		fmt.Fprintf(&b, " report %v, ledger %v, difference %+d bp", d.Report.Rate, d.Ledger.Rate, d.RateDifference)
	case StatusDiffers:
		fmt.Fprintf(&b, " report %v, ledger %v", d.Report.Status, d.Ledger.Status)
	default:
		sep := " "
		for _, p := range partyFigures(d.Report.Amounts, d.Ledger.Amounts, d.Difference) {
			if p.diff.Currency.IsZero() || (p.diff.IsZero() && !p.report.Currency.IsZero() && !p.ledger.Currency.IsZero()) {
				continue // not stated, or stated alike
			}
			fmt.Fprintf(&b, "%s%s report %s, ledger %s, difference %s", sep, p.name, orNone(p.report), orNone(p.ledger), p.diff)
			sep = "; "
		}
	}
	return b.String()
}

func orNone(m commission.Money) string {
	if m.Currency.IsZero() {
		return "none"
	}
	return m.String()
}

type partyFigure struct {
	name                 string
	report, ledger, diff commission.Money
}

func partyFigures(r, l, d Amounts) [4]partyFigure {
	return [4]partyFigure{{"paid", r.Paid, l.Paid, d.Paid}, {"total", r.Total, l.Total, d.Total},
		{"creator", r.Creator, l.Creator, d.Creator}, {"agency", r.Agency, l.Agency, d.Agency}}
}

// RowError is a report row that could not be read or compared. The run
// goes on; the row is not compared.
type RowError struct {
	// Row is the report line the row starts on, counted from 1 as a text
	// editor does: blank lines count (a header on the first line is row
	// 1), and a row whose quoted cell spans lines is numbered by its first
	// line, so rows after it number higher than a spreadsheet shows them.
	Row int
	// Column is the header of the offending column, or "" for the whole row.
	Column string
	// Value is the offending cell, cut to 64 bytes.
	Value string
	// Err wraps ErrInvalid; ErrCurrencyMismatch (a kind of ErrInvalid)
	// for a row in another currency than the report's or its ledger
	// line's; or ErrConflict for a line the report lists twice.
	Err error
}

// Error formats the row, column, value and cause.
func (e *RowError) Error() string {
	return fmt.Sprintf("attribution: report row %d column %q value %q: %v", e.Row, e.Column, e.Value, e.Err)
}

// Unwrap returns the cause, so errors.Is sees the sentinel.
func (e *RowError) Unwrap() error { return e.Err }

// KindTotal is the count and the summed Difference of one kind of
// discrepancy.
type KindTotal struct {
	Count      int
	Difference Amounts
}

// Reconciliation is the outcome of [Reconcile].
type Reconciliation struct {
	// Currency is the report's currency.
	Currency commission.Currency
	// Rows is how many data rows the report has; Agreed how many of them
	// match their ledger line in every figure stated; Malformed how many
	// could not be compared (each has at least one RowError).
	Rows, Agreed, Malformed int
	// Discrepancies and RowErrors list the first Limit of each, in report
	// order and then, for InLedgerOnly, in the ledger's key order;
	// Truncated says some were left out. Counts and totals cover all.
	Discrepancies []Discrepancy
	RowErrors     []*RowError
	Truncated     bool
	// RepeatsUnchecked says more than 262,144 distinct rows named lines
	// not in the ledger: repeats among the later ones were counted again,
	// not flagged (the check's memory is bounded).
	RepeatsUnchecked bool
	// Kinds has the count and summed difference of each kind found.
	Kinds map[DiscrepancyKind]KindTotal
	// Difference is the sum of every discrepancy's Difference: per party,
	// how much more the report states than the ledger.
	Difference Amounts
}

// OK reports whether the report and the ledger agree entirely.
func (r Reconciliation) OK() bool { return len(r.Kinds) == 0 && r.Malformed == 0 }

// LedgerSource is the ledger a report is reconciled against: the lines in
// scope, such as one campaign's paid lines.
type LedgerSource interface {
	// Line returns the line with key and true if it is in scope, or false
	// if it is not (whether or not it exists elsewhere). An error stops
	// the run.
	Line(key LineKey) (Line, bool, error)
	// Keys calls yield with the key of every line in scope, in a stable
	// order, until yield returns false. Reconcile calls it twice and
	// requires the same keys both times: exactly those Line finds.
	Keys(yield func(LineKey) bool) error
}

// SourceOf returns a LedgerSource whose scope is lines, keyed in the order
// given. It holds lines in memory; a storage-backed source reads them as
// asked instead.
func SourceOf(lines []Line) LedgerSource {
	s := sliceSource{lines: lines, index: make(map[LineKey]int, len(lines))}
	for i, l := range lines {
		s.index[l.Key] = i
	}
	return s
}

type sliceSource struct {
	lines []Line
	index map[LineKey]int
}

func (s sliceSource) Line(k LineKey) (Line, bool, error) {
	i, ok := s.index[k]
	if !ok {
		return Line{}, false, nil
	}
	return s.lines[i], true, nil
}

func (s sliceSource) Keys(yield func(LineKey) bool) error {
	for _, l := range s.lines {
		if !yield(l.Key) {
			break
		}
	}
	return nil
}

// ReconcileOptions tune [Reconcile]. The zero value is the default.
type ReconcileOptions struct {
	// Limit is how many discrepancies and row errors are listed; 0 means
	// DefaultReconcileLimit.
	Limit int
	// Currency, if set, is the ledger's currency (a campaign's market's):
	// the report's is taken to be it, and a row in another is a RowError
	// wrapping ErrCurrencyMismatch. Unset, the report's currency is the
	// first well-formed row's, so one stray row first would set it. A
	// mapping's FixedCurrency, naming the report's currency outright,
	// comes first.
	Currency commission.Currency
}

// maxReportOnlyTracked bounds how many keys of rows not in the ledger
// Reconcile remembers, by 64-bit hash, to find them listed twice: beyond
// it, a repeat of such a row is counted again, not flagged, and
// Reconciliation.RepeatsUnchecked says so (memory would grow with the
// report otherwise: about 10 MiB at the bound).
const maxReportOnlyTracked = 1 << 18

// Reconcile reads report, a CSV platform report whose columns m names,
// row by row, and compares each row with its ledger line from ledger.
//
// A row is looked up by its key; a key Line does not find is InReportOnly,
// and every key of ledger.Keys that no row named is InLedgerOnly. A found
// line is compared on each figure the row states: product and creator
// (AttributionDiffers), payment with Ledger.Paid (BaseDiffers), total and
// creator rate with the terms' split (RateDiffers), commission per party
// (AmountDiffers: actual figures with Ledger.Posted if the row states any,
// else estimated figures with Ledger.Owed) and status (StatusDiffers).
// Amounts are compared exactly, by value; the report is in one currency.
//
// A malformed row (a missing or overlong cell, a cell that does not parse,
// a row in another currency than the report's or its line's, or a line
// listed twice) is a RowError naming its row and column; the run goes on
// and the row is not compared.
//
// # Memory
//
// The report is streamed: one row is held at a time, never the report.
// The lines seen are tracked by a sorted array of 64-bit hashes of the
// in-scope keys and a bitset, about 8 bytes per key in scope (keys whose
// hashes collide are tracked exactly, in a small map); the hashes of the
// keys of rows not in the ledger are kept, to find one listed twice, up to
// 262,144 of them (about 10 MiB); nothing else grows with the number of
// rows except the counts. With the listed
// discrepancies capped by Limit, memory is O(keys in scope) and
// independent of the report's size.
// Measured (TestReconcileMillionLines): a 1,000,000-row report against
// 1,000,000 in-scope lines peaks at about 27 MiB of heap, garbage included.
//
// Reconcile returns an error, and no Reconciliation, if m is invalid, the
// report has no header or lacks a mapped column (a *FieldError wrapping
// ErrInvalid), a row is longer than MaxReportRowBytes (ErrInvalid), a
// ledger line no row named is in another currency than the report's
// (ErrCurrencyMismatch), or report or ledger fails.
func Reconcile(report io.Reader, m ReportMapping, ledger LedgerSource, opts ReconcileOptions) (Reconciliation, error) {
	if err := m.Validate(); err != nil {
		return Reconciliation{}, err
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = DefaultReconcileLimit
	}
	seen, err := newKeySet(ledger)
	if err != nil {
		return Reconciliation{}, err
	}
	rr, err := newReportReader(report, m)
	if err != nil {
		return Reconciliation{}, err
	}
	rec := Reconciliation{Currency: m.FixedCurrency, Kinds: map[DiscrepancyKind]KindTotal{}}
	if rec.Currency.IsZero() {
		rec.Currency = opts.Currency
	}
	// Hashes of the keys of rows not in the ledger, up to
	// maxReportOnlyTracked: hashes, not keys, as a key's strings would
	// hold on to their whole row.
	reportOnly := map[uint64]bool{}
	r := reconciler{rec: &rec, limit: limit}
	for {
		row, rowErrs, err := rr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Reconciliation{}, err
		}
		rec.Rows++
		if row.keyOK {
			l, found, err := ledger.Line(row.key)
			if err != nil {
				return Reconciliation{}, fmt.Errorf("attribution: reconciling row %d %v: %w", row.row, row.key, err)
			}
			first := true
			if found {
				if first, err = seen.mark(row.key); err != nil {
					return Reconciliation{}, err
				}
			} else if h := hashKey(row.key); reportOnly[h] {
				first = false
			} else if len(reportOnly) < maxReportOnlyTracked {
				reportOnly[h] = true
			} else {
				rec.RepeatsUnchecked = true
			}
			if !first {
				rowErrs = append(rowErrs, rr.cellError(row.row, colOrder, string(row.key.Order), ErrConflict, "line listed twice"))
			}
			if len(rowErrs) == 0 {
				rowErrs = r.row(rr, row, l, found)
			}
		}
		if len(rowErrs) > 0 {
			rec.Malformed++
			for _, e := range rowErrs {
				r.rowError(e)
			}
		}
	}
	var lerr error
	err = ledger.Keys(func(k LineKey) bool {
		if first, err := seen.mark(k); err != nil || !first {
			lerr = err
			return err == nil
		}
		l, found, err := ledger.Line(k)
		if err != nil || !found {
			lerr = err
			if err == nil {
				lerr = fmt.Errorf("attribution: ledger source lists %v but does not find it: %w", k, ErrInvalid)
			}
			return false
		}
		lerr = r.ledgerOnly(l)
		return lerr == nil
	})
	if err = errors.Join(err, lerr); err != nil {
		return Reconciliation{}, err
	}
	if len(rec.Kinds) == 0 {
		rec.Kinds = nil
	}
	return rec, nil
}

// reconciler accumulates a Reconciliation.
type reconciler struct {
	rec   *Reconciliation
	limit int
}

func (r reconciler) rowError(e *RowError) {
	if len(r.rec.RowErrors) < r.limit {
		r.rec.RowErrors = append(r.rec.RowErrors, e)
	} else {
		r.rec.Truncated = true
	}
}

func (r reconciler) add(d Discrepancy) {
	kt := r.rec.Kinds[d.Kind]
	kt.Count++
	kt.Difference = addAmounts(kt.Difference, d.Difference)
	r.rec.Kinds[d.Kind] = kt
	r.rec.Difference = addAmounts(r.rec.Difference, d.Difference)
	if len(r.rec.Discrepancies) < r.limit {
		r.rec.Discrepancies = append(r.rec.Discrepancies, d)
	} else {
		r.rec.Truncated = true
	}
}

// row compares one well-formed row with its line, or returns why it cannot.
func (r reconciler) row(rr *reportReader, row reportRow, l Line, found bool) []*RowError {
	cur := row.currency
	if !r.rec.Currency.IsZero() && cur != r.rec.Currency {
		return []*RowError{rr.cellError(row.row, colCurrency, cur.Code(), ErrCurrencyMismatch, "report is in "+r.rec.Currency.Code())}
	}
	if lc, ok := lineCurrency(l); found && ok && lc != cur {
		return []*RowError{rr.cellError(row.row, colCurrency, cur.Code(), ErrCurrencyMismatch, "ledger line is in "+lc.Code())}
	}
	r.rec.Currency = cur // the first well-formed row's
	if !found {
		rep := row.commission()
		rep.Paid = row.payment
		r.add(Discrepancy{Kind: InReportOnly, Key: row.key, Row: row.row,
			Report:     Figures{Product: row.product, Creator: row.creator, Rate: row.creatorRate.rate, Status: row.status, Amounts: rep},
			Difference: rep})
		return nil
	}
	terms := l.Attribution.Terms
	var ds []Discrepancy
	at := func(kind DiscrepancyKind, field string, rep, led Figures) {
		ds = append(ds, Discrepancy{Kind: kind, Key: row.key, Row: row.row, Field: field, Report: rep, Ledger: led})
	}
	if row.product != "" && row.product != terms.Product {
		at(AttributionDiffers, "product", Figures{Product: row.product}, Figures{Product: terms.Product})
	}
	if row.creator != "" && row.creator != l.Creator {
		at(AttributionDiffers, "creator", Figures{Creator: row.creator}, Figures{Creator: l.Creator})
	}
	if paid := orZero(l.Ledger.Paid, cur); !row.payment.Equal(paid) {
		at(BaseDiffers, "payment", Figures{Amounts: Amounts{Paid: row.payment}}, Figures{Amounts: Amounts{Paid: paid}})
	}
	for _, rc := range []struct {
		field string
		cell  rateCell
		led   commission.Rate
	}{{"total_rate", row.totalRate, terms.Split.Total}, {"creator_rate", row.creatorRate, terms.Split.Creator}} {
		if rc.cell.ok && rc.cell.rate != rc.led {
			at(RateDiffers, rc.field, Figures{Rate: rc.cell.rate}, Figures{Rate: rc.led})
			ds[len(ds)-1].RateDifference = rc.cell.rate - rc.led
		}
	}
	field, rep, led := "estimated", row.estimated, l.Ledger.Owed
	if row.actual.stated() {
		field, rep, led = "actual", row.actual, l.Ledger.Posted
	}
	if ledA, differs := rep.compare(led, cur); differs {
		at(AmountDiffers, field, Figures{Amounts: rep.amounts()}, Figures{Amounts: ledA})
	}
	if row.status != 0 && row.status != l.Ledger.Status {
		at(StatusDiffers, "status", Figures{Status: row.status}, Figures{Status: l.Ledger.Status})
	}
	if len(ds) == 0 {
		r.rec.Agreed++
	}
	for _, d := range ds {
		d.Difference = subAmounts(d.Report.Amounts, d.Ledger.Amounts)
		r.add(d)
	}
	return nil
}

// ledgerOnly records l, which no row named.
func (r reconciler) ledgerOnly(l Line) error {
	cur, ok := lineCurrency(l)
	if !ok {
		cur = r.rec.Currency
	}
	var led Amounts
	if !cur.IsZero() {
		led = Amounts{Paid: orZero(l.Ledger.Paid, cur), Total: orZero(l.Ledger.Owed.Total, cur),
			Creator: orZero(l.Ledger.Owed.Creator, cur), Agency: orZero(l.Ledger.Owed.Agency, cur)}
	}
	if !r.rec.Currency.IsZero() && !cur.IsZero() && cur != r.rec.Currency {
		return fmt.Errorf("attribution: ledger line %v is in %v, the report in %v: %w", l.Key, cur, r.rec.Currency, ErrCurrencyMismatch)
	}
	r.add(Discrepancy{Kind: InLedgerOnly, Key: l.Key,
		Ledger: Figures{Product: l.Attribution.Terms.Product, Creator: l.Creator, Rate: l.Attribution.Terms.Split.Creator,
			Status: l.Ledger.Status, Amounts: led},
		Difference: subAmounts(Amounts{}, led)})
	return nil
}

// lineCurrency returns the currency of l's money, if it has any.
func lineCurrency(l Line) (commission.Currency, bool) {
	for _, m := range []commission.Money{l.Ledger.Paid, l.Ledger.Owed.Total, l.Ledger.Posted.Total} {
		if !m.Currency.IsZero() {
			return m.Currency, true
		}
	}
	for _, e := range l.Events {
		if !e.Amount.Currency.IsZero() {
			return e.Amount.Currency, true
		}
	}
	return commission.Currency{}, false
}

// orZero returns m, or zero in cur if m is the zero Money (a ledger's
// "nothing yet").
func orZero(m commission.Money, cur commission.Currency) commission.Money {
	if m.Currency.IsZero() {
		return commission.Zero(cur)
	}
	return m
}

// addAmounts adds b to a component by component; a component missing on
// one side (no currency) counts as zero. Callers ensure one currency.
func addAmounts(a, b Amounts) Amounts {
	add := func(x, y commission.Money) commission.Money {
		switch {
		case y.Currency.IsZero():
			return x
		case x.Currency.IsZero():
			return y
		}
		s, _ := x.Add(y) // same currency: checked per row
		return s
	}
	return Amounts{Paid: add(a.Paid, b.Paid), Total: add(a.Total, b.Total), Creator: add(a.Creator, b.Creator), Agency: add(a.Agency, b.Agency)}
}

// subAmounts returns a - b where either side states the component.
func subAmounts(a, b Amounts) Amounts {
	sub := func(x, y commission.Money) commission.Money {
		switch {
		case x.Currency.IsZero() && y.Currency.IsZero():
			return commission.Money{}
		case x.Currency.IsZero():
			x = commission.Zero(y.Currency)
		case y.Currency.IsZero():
			y = commission.Zero(x.Currency)
		}
		d, _ := x.Sub(y) // same currency: checked per row
		return d
	}
	return Amounts{Paid: sub(a.Paid, b.Paid), Total: sub(a.Total, b.Total), Creator: sub(a.Creator, b.Creator), Agency: sub(a.Agency, b.Agency)}
}

// reportRow is one parsed row. Zero Money and a rateCell without ok are
// figures the row does not state.
type reportRow struct {
	row                    int
	key                    LineKey
	keyOK                  bool
	product                registration.ProductID
	creator                productlist.CreatorID
	currency               commission.Currency
	payment                commission.Money
	totalRate, creatorRate rateCell
	estimated, actual      partyCells
	status                 Status
}

type rateCell struct {
	rate commission.Rate
	ok   bool
}

type partyCells struct{ total, creator, agency commission.Money }

func (p partyCells) stated() bool {
	return !p.total.Currency.IsZero() || !p.creator.Currency.IsZero() || !p.agency.Currency.IsZero()
}

func (p partyCells) amounts() Amounts {
	return Amounts{Total: p.total, Creator: p.creator, Agency: p.agency}
}

// compare returns the ledger's figures for the parties p states, and
// whether any of them differs.
func (p partyCells) compare(l commission.Line, cur commission.Currency) (Amounts, bool) {
	var out Amounts
	differs := false
	for _, c := range []struct {
		rep commission.Money
		led commission.Money
		dst *commission.Money
	}{{p.total, l.Total, &out.Total}, {p.creator, l.Creator, &out.Creator}, {p.agency, l.Agency, &out.Agency}} {
		if c.rep.Currency.IsZero() {
			continue
		}
		*c.dst = orZero(c.led, cur)
		if !c.rep.Equal(*c.dst) {
			differs = true
		}
	}
	return out, differs
}

// commission returns the row's commission as InReportOnly states it:
// actual if stated, else estimated.
func (r reportRow) commission() Amounts {
	if r.actual.stated() {
		return r.actual.amounts()
	}
	return r.estimated.amounts()
}

// reportReader reads a report's rows through a bounded reader.
type reportReader struct {
	cr      *csv.Reader
	in      *boundedReader
	m       ReportMapping
	col     [numCols]int // index in the record, -1 if unmapped
	headers [numCols]string
	width   int
	// row is the line the last record read starts on; skipped is the
	// length of the byte order mark read before cr's input.
	row     int
	skipped int64
	// statuses is m.Statuses keyed by normalised word.
	statuses map[string]Status
}

// boundedReader fails once more than max bytes have been read past mark,
// the end of the last record, so an endless row is refused cheaply.
type boundedReader struct {
	r         io.Reader
	n, mark   int64
	max       int64
	overGrown bool
}

// readAhead is encoding/csv's bufio buffer: how far past a record the
// reader may have read.
const readAhead = 4096

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.n-b.mark > b.max+readAhead {
		b.overGrown = true
		return 0, errRowTooLong
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	return n, err
}

var errRowTooLong = fmt.Errorf("attribution: report row longer than %d bytes: %w", MaxReportRowBytes, ErrInvalid)

// utf8BOM starts the CSV of many spreadsheet exports.
const utf8BOM = "\uFEFF"

func newReportReader(r io.Reader, m ReportMapping) (*reportReader, error) {
	in := &boundedReader{r: r, max: MaxReportRowBytes}
	// The BOM goes before encoding/csv sees it: glued to a quoted first
	// cell, it would make the header a bare quote. csv.NewReader keeps br,
	// being a *bufio.Reader of its own default size, so the input is
	// buffered once.
	br := bufio.NewReaderSize(in, readAhead)
	var skipped int64
	if head, _ := br.Peek(len(utf8BOM)); string(head) == utf8BOM {
		n, _ := br.Discard(len(utf8BOM))
		skipped = int64(n)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // a short row is a RowError, not the end
	cr.ReuseRecord = true
	rr := &reportReader{cr: cr, in: in, m: m, skipped: skipped}
	if m.Statuses != nil {
		rr.statuses = make(map[string]Status, len(m.Statuses))
		for w, st := range m.Statuses {
			rr.statuses[norm(w)] = st
		}
	}
	head, err := cr.Read()
	if err != nil {
		if in.overGrown {
			return nil, errRowTooLong
		}
		return nil, errdef.Field("header", "", ErrInvalid, "attribution: reading report header: "+err.Error())
	}
	rr.mark()
	rr.row, _ = cr.FieldPos(0)
	index := map[string]int{}
	for i, h := range head {
		n := norm(h)
		if _, dup := index[n]; dup {
			index[n] = -2 // ambiguous
			continue
		}
		index[n] = i
	}
	rr.width = len(head)
	var errs []error
	for i, c := range m.columns() {
		rr.col[i], rr.headers[i] = -1, c.name
		if norm(c.name) == "" {
			continue
		}
		switch j, ok := index[norm(c.name)]; {
		case !ok:
			errs = append(errs, errdef.Field("header", c.name, ErrInvalid, "attribution: report lacks the "+c.field+" column"))
		case j < 0:
			errs = append(errs, errdef.Field("header", c.name, ErrInvalid, "attribution: report has the "+c.field+" column twice"))
		default:
			rr.col[i] = j
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return rr, nil
}

// mark tells the bounded reader that a record ended where cr's input is.
func (rr *reportReader) mark() { rr.in.mark = rr.skipped + rr.cr.InputOffset() }

// next reads one row. It returns io.EOF after the last row, another error
// if reading cannot go on, and the row's problems as RowErrors.
func (rr *reportReader) next() (reportRow, []*RowError, error) {
	rec, err := rr.cr.Read()
	if rr.in.overGrown {
		return reportRow{}, nil, fmt.Errorf("attribution: report row after row %d: %w", rr.row, errRowTooLong)
	}
	if err == io.EOF {
		return reportRow{}, nil, io.EOF
	}
	rr.mark()
	// A row is numbered by the line it starts on, not by counting records:
	// encoding/csv skips blank lines and reads a quoted cell across lines.
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		rr.row = pe.StartLine
		// encoding/csv resumes at the next line after a syntax error.
		return reportRow{row: rr.row}, []*RowError{{Row: rr.row, Err: fmt.Errorf("%v: %w", pe.Err, ErrInvalid)}}, nil
	}
	if err != nil {
		return reportRow{}, nil, fmt.Errorf("attribution: reading the report after row %d: %w", rr.row, err)
	}
	rr.row, _ = rr.cr.FieldPos(0) // a record has at least one field
	row := reportRow{row: rr.row}
	if len(rec) != rr.width {
		return row, []*RowError{{Row: rr.row, Value: fmt.Sprint(len(rec)),
			Err: fmt.Errorf("attribution: %d cells, want %d: %w", len(rec), rr.width, ErrInvalid)}}, nil
	}
	var errs []*RowError
	cell := func(c int) (string, bool) {
		if rr.col[c] < 0 {
			return "", false
		}
		v := rec[rr.col[c]]
		if len(v) > MaxReportFieldBytes {
			errs = append(errs, rr.cellError(rr.row, c, v, ErrInvalid, fmt.Sprintf("longer than %d bytes", MaxReportFieldBytes)))
			return "", false
		}
		v = strings.TrimSpace(v)
		return v, v != ""
	}
	id := func(c int) string {
		v, ok := cell(c)
		// The ledger's own rule (Event.Validate): an id that breaks it
		// names no ledger line, and the store would refuse to look it up.
		if ok && (len(v) > maxIDLen || !cleanText(v)) {
			errs = append(errs, rr.cellError(rr.row, c, v, ErrInvalid, "want an id of at most 128 bytes of UTF-8, no control character"))
		}
		return v
	}
	order, line := id(colOrder), id(colLine)
	row.key = LineKey{Order: OrderID(order), Line: LineID(line)}
	for _, c := range []int{colOrder, colLine} {
		if strings.TrimSpace(rec[rr.col[c]]) == "" {
			errs = append(errs, rr.cellError(rr.row, c, "", ErrInvalid, "required"))
		}
	}
	row.keyOK = len(errs) == 0
	row.product = registration.ProductID(id(colProduct))
	row.creator = productlist.CreatorID(id(colCreator))

	row.currency = rr.m.FixedCurrency
	if code, ok := cell(colCurrency); ok {
		c, err := commission.ParseCurrency(code)
		if err != nil {
			errs = append(errs, rr.cellError(rr.row, colCurrency, code, ErrInvalid, "not an ISO 4217 code"))
		}
		row.currency = c
	} else if rr.col[colCurrency] >= 0 {
		errs = append(errs, rr.cellError(rr.row, colCurrency, "", ErrInvalid, "required"))
	}
	money := func(c int, required bool) commission.Money {
		v, ok := cell(c)
		if !ok {
			if required && rr.col[c] >= 0 && len(rec[rr.col[c]]) <= MaxReportFieldBytes {
				errs = append(errs, rr.cellError(rr.row, c, v, ErrInvalid, "required"))
			}
			return commission.Money{}
		}
		if row.currency.IsZero() {
			return commission.Money{}
		}
		m, err := commission.NewMoney(v, row.currency.Code())
		if err != nil || m.Sign() < 0 {
			errs = append(errs, rr.cellError(rr.row, c, v, ErrInvalid, "want a plain decimal >= 0 in "+row.currency.Code()))
			return commission.Money{}
		}
		return m
	}
	row.payment = money(colPayment, true)
	rate := func(c int) rateCell {
		v, ok := cell(c)
		if !ok {
			return rateCell{}
		}
		if !strings.HasSuffix(v, "%") {
			v += "%"
		}
		r, err := commission.ParseRate(v)
		if err != nil {
			errs = append(errs, rr.cellError(rr.row, c, v, ErrInvalid, "want a rate such as 12.5%"))
			return rateCell{}
		}
		return rateCell{rate: r, ok: true}
	}
	row.totalRate, row.creatorRate = rate(colTotalRate), rate(colCreatorRate)
	row.estimated = partyCells{money(colEstTotal, false), money(colEstCreator, false), money(colEstAgency, false)}
	row.actual = partyCells{money(colActTotal, false), money(colActCreator, false), money(colActAgency, false)}
	if v, ok := cell(colStatus); ok {
		st, err := rr.status(v)
		if err != nil {
			errs = append(errs, rr.cellError(rr.row, colStatus, v, ErrInvalid, "unknown status"))
		}
		row.status = st
	}
	return row, errs, nil
}

func (rr *reportReader) status(v string) (Status, error) {
	if rr.statuses == nil {
		return ParseStatus(norm(v))
	}
	if st, ok := rr.statuses[norm(v)]; ok {
		return st, nil
	}
	return 0, ErrInvalid
}

// cellError returns the RowError for column c of row.
func (rr *reportReader) cellError(row, c int, v string, sentinel error, reason string) *RowError {
	if len(v) > 64 {
		cut := 64
		for cut > 0 && !utf8.RuneStart(v[cut]) {
			cut--
		}
		v = v[:cut]
	}
	return &RowError{Row: row, Column: rr.headers[c], Value: v, Err: fmt.Errorf("attribution: %s: %w", reason, sentinel)}
}
