package attribution

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/internal/text"
	"github.com/partnerkit/partnerkit/productlist"
)

// sellerCSVHeader is the header row of WriteSellerCSV.
var sellerCSVHeader = []string{"order_id", "line_id", "campaign_id", "product_id", "status", "paid_at", "base", "commission", "currency"}

// SellerCSVHeader returns the header row of [WriteSellerCSV], a copy the
// caller may keep or change.
func SellerCSVHeader() []string { return slices.Clone(sellerCSVHeader) }

// WriteSellerCSV writes orders as CSV (RFC 4180) with [SellerCSVHeader]
// first (A5): one row per order line, times in RFC 3339 UTC, amounts as
// plain decimals at the currency's scale. It has no creator column (A4).
// A text cell (ids, status, currency) that a spreadsheet would read as a
// formula (starting with = + - @, a tab or a carriage return), or that
// starts with an apostrophe, is written with an apostrophe before it:
// sellers choose product ids, and their export must not run formulas.
// Amounts are written as they are, a negative one as -5.00.
// It returns the first error of w.
func WriteSellerCSV(w io.Writer, orders []SellerOrder) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(sellerCSVHeader); err != nil {
		return fmt.Errorf("attribution: writing seller csv: %w", err)
	}
	for _, o := range orders {
		rec := []string{cell(string(o.Key.Order)), cell(string(o.Key.Line)), cell(string(o.Campaign)), cell(string(o.Product)),
			cell(o.Status.String()), o.PaidAt.UTC().Format(time.RFC3339Nano), fixed(o.Base), fixed(o.Commission), cell(o.Base.Currency.Code())}
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

// cell is a text cell of an export: see [text.EscapeCSVCell].
func cell(s string) string { return text.EscapeCSVCell(s) }

// fixed formats m's amount at its currency's scale, without the code.
func fixed(m commission.Money) string { return m.Amount.StringFixed(m.Currency.Scale()) }

// eventsCSVHeader is the header row of ReadEventsCSV and WriteEventsCSV.
var eventsCSVHeader = []string{"id", "kind", "order_id", "line_id", "creator_id", "entry_id", "amount", "currency", "at", "placed_at"}

// EventsCSVHeader returns the header row of [ReadEventsCSV] and
// [WriteEventsCSV], a copy the caller may keep or change.
func EventsCSVHeader() []string { return slices.Clone(eventsCSVHeader) }

// MaxEventsCSVRows bounds how many events [ReadEventsCSV] reads, so
// oversized input is refused rather than held in memory.
const MaxEventsCSVRows = 100_000

// ReadEventsCSV decodes order events from CSV with [EventsCSVHeader] as its
// first row: kind a code of [ParseKind], amount a plain decimal with its
// currency (both empty for kinds without an amount), at in RFC 3339, and
// placed_at in RFC 3339 or empty. A text cell (id, kind, the ids, currency)
// that starts with an apostrophe followed by = + - @, a tab, a carriage
// return or another apostrophe is read without that first apostrophe,
// undoing the escape of [WriteEventsCSV]; any other cell is read as it is,
// so files written before cells were escaped read the same. Every event
// is checked with [Event.Validate].
//
// ReadEventsCSV returns the events and nil, or nil and an error: a
// malformed CSV or header, more than [MaxEventsCSVRows] rows, or the first
// row whose cells are invalid, with every problem of that row joined in
// column order, each a *FieldError wrapping [ErrInvalid] and naming
// "rows[i].column", i from 0 for the first row after the header and column
// one of [EventsCSVHeader] ("rows[3].order_id").
func ReadEventsCSV(r io.Reader) ([]Event, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(eventsCSVHeader)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, errdef.Field("header", "", ErrInvalid, "attribution: reading events csv: "+err.Error())
	}
	if !slices.Equal(head, eventsCSVHeader) {
		return nil, errdef.Field("header", strings.Join(head, ","), ErrInvalid, "attribution: want "+strings.Join(eventsCSVHeader, ","))
	}
	var out []Event
	for i := 0; ; i++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, errdef.Field(fmt.Sprintf("rows[%d]", i), "", ErrInvalid, "attribution: reading events csv: "+err.Error())
		}
		if i >= MaxEventsCSVRows {
			return nil, errdef.Field("rows", i, ErrInvalid, fmt.Sprintf("attribution: more than %d events", MaxEventsCSVRows))
		}
		ev, err := parseEventRecord(rec)
		if err != nil {
			return nil, fmt.Errorf("attribution: events csv: %w", errdef.Under(fmt.Sprintf("rows[%d]", i), err))
		}
		out = append(out, ev)
	}
}

// eventTextCells are the indexes of eventsCSVHeader's text cells, those
// WriteEventsCSV escapes: all but amount, at and placed_at.
var eventTextCells = []int{0, 1, 2, 3, 4, 5, 7}

// eventColumns maps the fields Event.Validate names to the columns of
// eventsCSVHeader they come from.
var eventColumns = map[string]string{"order": "order_id", "line": "line_id", "creator": "creator_id", "entry": "entry_id", "placed": "placed_at"}

// parseEventRecord decodes one row. It returns every problem of the row
// joined, each a *FieldError naming its column: the cells that do not
// parse, and what Event.Validate finds in the others.
func parseEventRecord(rec []string) (Event, error) {
	for _, i := range eventTextCells {
		rec[i] = text.UnescapeCSVCell(rec[i])
	}
	var errs []error
	// unparsed holds the columns already reported: Validate, seeing their
	// zero values, would report them again.
	unparsed := map[string]bool{}
	kind, err := ParseKind(rec[1])
	if err != nil {
		errs, unparsed["kind"] = append(errs, err), true
	}
	ev := Event{ID: EventID(rec[0]), Kind: kind, Order: OrderID(rec[2]), Line: LineID(rec[3]),
		Creator: productlist.CreatorID(rec[4]), Entry: EntryID(rec[5])}
	if rec[6] != "" || rec[7] != "" {
		if ev.Amount, err = commission.NewMoney(rec[6], rec[7]); err != nil {
			// NewMoney names its fields "amount" and "currency", the
			// columns they come from: its errors are the row's as they are.
			errs, unparsed["amount"] = append(errs, err), true
		}
	}
	if ev.At, err = time.Parse(time.RFC3339Nano, rec[8]); err != nil {
		errs, unparsed["at"] = append(errs, errdef.Field("at", rec[8], ErrInvalid, "attribution: want RFC 3339")), true
	}
	if rec[9] != "" {
		if ev.Placed, err = time.Parse(time.RFC3339Nano, rec[9]); err != nil {
			errs, unparsed["placed_at"] = append(errs, errdef.Field("placed_at", rec[9], ErrInvalid, "attribution: want RFC 3339 or empty")), true
		}
	}
	for _, err := range joined(ev.Validate()) {
		var fe *errdef.FieldError
		if !errors.As(err, &fe) {
			errs = append(errs, err)
			continue
		}
		col := cmp.Or(eventColumns[fe.Field], fe.Field)
		if !unparsed[col] {
			errs = append(errs, &errdef.FieldError{Field: col, Value: fe.Value, Err: fe.Err})
		}
	}
	if len(errs) == 0 {
		return ev, nil
	}
	// In the row's column order, as a reader fixes it.
	var flat []error
	for _, err := range errs {
		flat = append(flat, joined(err)...)
	}
	slices.SortStableFunc(flat, func(a, b error) int { return cmp.Compare(columnOf(a), columnOf(b)) })
	return ev, errors.Join(flat...)
}

// columnOf returns the index in eventsCSVHeader of the column err names,
// or the number of columns if it names none.
func columnOf(err error) int {
	var fe *errdef.FieldError
	if errors.As(err, &fe) {
		if i := slices.Index(eventsCSVHeader, fe.Field); i >= 0 {
			return i
		}
	}
	return len(eventsCSVHeader)
}

// joined returns the errors joined in err, or err alone, or none for nil.
func joined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err != nil {
		return []error{err}
	}
	return nil
}

// WriteEventsCSV writes events as CSV with [EventsCSVHeader] first, in the
// form [ReadEventsCSV] reads. Times are written in UTC, so every instant
// reads back the same (an offset with seconds has no RFC 3339 form). A
// text cell is escaped as [WriteSellerCSV] escapes it, as platforms and
// creators choose ids (a handle such as @alice), so the file is safe to
// open in a spreadsheet; ReadEventsCSV undoes it. It returns the first
// error of w.
func WriteEventsCSV(w io.Writer, events []Event) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(eventsCSVHeader); err != nil {
		return fmt.Errorf("attribution: writing events csv: %w", err)
	}
	for _, e := range events {
		amount, code := "", ""
		if !e.Amount.Currency.IsZero() {
			amount, code = fixed(e.Amount), e.Amount.Currency.Code()
		}
		placed := ""
		if !e.Placed.IsZero() {
			placed = e.Placed.UTC().Format(time.RFC3339Nano)
		}
		rec := []string{cell(string(e.ID)), cell(e.Kind.String()), cell(string(e.Order)), cell(string(e.Line)), cell(string(e.Creator)),
			cell(string(e.Entry)), amount, cell(code), e.At.UTC().Format(time.RFC3339Nano), placed}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("attribution: writing events csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("attribution: writing events csv: %w", err)
	}
	return nil
}
