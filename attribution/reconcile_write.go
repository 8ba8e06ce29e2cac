package attribution

import (
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/partnerkit/partnerkit/commission"
)

// WriteReport writes lines as CSV in the layout m describes, as the
// platform would report them if it agreed with the ledger: payment
// Ledger.Paid, rates from the terms' split, estimated commission
// Ledger.Owed, actual commission Ledger.Posted once the line has entries
// (empty before), and the status as the first of m.Statuses' words (in
// sorted order) for it, or its code. Lines without a payment are left
// out, as platforms list paid orders only. Reconcile reads what it writes
// with no discrepancy; hosts use it to test a mapping, and tests to plant
// discrepancies.
//
// WriteReport returns an error wrapping ErrInvalid if m is invalid, or
// ErrCurrencyMismatch if a line is not in m.FixedCurrency; otherwise the
// first error of w.
func WriteReport(w io.Writer, m ReportMapping, lines []Line) error {
	if err := m.Validate(); err != nil {
		return err
	}
	cols := m.columns()
	var head []string
	var which []int
	for i, c := range cols {
		if norm(c.name) != "" {
			head, which = append(head, c.name), append(which, i)
		}
	}
	words := map[Status]string{}
	for _, w := range slices.Sorted(maps.Keys(m.Statuses)) {
		if _, ok := words[m.Statuses[w]]; !ok {
			words[m.Statuses[w]] = w
		}
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(head); err != nil {
		return fmt.Errorf("attribution: writing report: %w", err)
	}
	rec := make([]string, len(head))
	for _, l := range lines {
		cur, ok := lineCurrency(l)
		if !ok || l.Ledger.Paid.Currency.IsZero() {
			continue
		}
		if !m.FixedCurrency.IsZero() && cur != m.FixedCurrency {
			return fmt.Errorf("attribution: writing report: line %v is in %v, the report in %v: %w", l.Key, cur, m.FixedCurrency, ErrCurrencyMismatch)
		}
		t := l.Attribution.Terms
		amount := func(x commission.Money) string { return fixed(orZero(x, cur)) }
		actual := func(x commission.Money) string {
			if len(l.Ledger.Entries) == 0 {
				return ""
			}
			return amount(x)
		}
		rate := func(r commission.Rate) string {
			if !l.Attribution.OK() {
				return ""
			}
			return r.String()
		}
		status, ok := words[l.Ledger.Status]
		if !ok {
			status = l.Ledger.Status.String()
		}
		all := [numCols]string{
			colOrder: string(l.Key.Order), colLine: string(l.Key.Line), colProduct: string(t.Product), colCreator: string(l.Creator),
			colPayment: amount(l.Ledger.Paid), colCurrency: cur.Code(),
			colTotalRate: rate(t.Split.Total), colCreatorRate: rate(t.Split.Creator),
			colEstTotal: amount(l.Ledger.Owed.Total), colEstCreator: amount(l.Ledger.Owed.Creator), colEstAgency: amount(l.Ledger.Owed.Agency),
			colActTotal: actual(l.Ledger.Posted.Total), colActCreator: actual(l.Ledger.Posted.Creator), colActAgency: actual(l.Ledger.Posted.Agency),
			colStatus: status,
		}
		for i, c := range which {
			rec[i] = all[c]
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("attribution: writing report: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("attribution: writing report: %w", err)
	}
	return nil
}
