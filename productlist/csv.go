package productlist

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/internal/text"
	"github.com/partnerkit/partnerkit/registration"
)

// LinkRow is one line of an exported CSV of product links (P3): what a
// creator needs, with the creator rate only.
type LinkRow struct {
	Campaign    campaign.ID
	Shop        campaign.ShopCode
	Product     registration.ProductID
	Title       string
	CreatorRate commission.Rate
	Link        Link
}

// csvHeader is the first record of every export; ParseCSV requires it.
var csvHeader = []string{"campaign_id", "shop_code", "product_id", "title", "creator_rate", "link"}

// MaxCSVRows bounds how many rows ParseCSV reads.
const MaxCSVRows = 10 * MaxProducts * MaxLists

// ExportLinks returns one row per product of l that creators can see now,
// each with a product link at the entry's current creator rate (P3).
//
// ExportLinks returns an error if a link cannot be signed (see
// [ShareProduct]).
func ExportLinks(ks KeySet, l List, cat Catalog, now time.Time) ([]LinkRow, error) {
	var rows []LinkRow
	for _, e := range l.Visible(cat) {
		v, err := e.Rates.At(now)
		if err != nil {
			continue
		}
		p, _ := cat.Registration(e.Product.Registration)
		link, err := ShareProduct(ks, p, v.Rate)
		if err != nil {
			return nil, fmt.Errorf("productlist: exporting %q: %w", p.Registration, err)
		}
		rows = append(rows, LinkRow{Campaign: p.Campaign, Shop: p.Shop, Product: p.ID, Title: p.Title, CreatorRate: v.Rate, Link: link})
	}
	return rows, nil
}

// MarshalCSV returns rows as CSV (RFC 4180, via encoding/csv) with a header
// line. A text cell (ids, title, link) that a spreadsheet would read as a
// formula (starting with = + - @, a tab or a carriage return) is prefixed
// with an apostrophe, as is one already starting with an apostrophe:
// sellers choose product ids and titles, and an exported file must not run
// their formulas (P3). ParseCSV removes it, so every cell survives a round
// trip, commas, quotes and newlines included.
//
// MarshalCSV returns every problem joined, each a *FieldError wrapping
// [ErrInvalid], if a row has an empty, overlong or control-character id, a
// title that is not a valid product title (see [Product]), an invalid rate,
// or link text outside the base64url alphabet.
func MarshalCSV(rows []LinkRow) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(csvHeader) // a bytes.Buffer does not fail
	for i, r := range rows {
		if err := r.validate(fmt.Sprintf("rows[%d]", i)); err != nil {
			return nil, err
		}
		_ = w.Write([]string{text.EscapeCSVCell(string(r.Campaign)), text.EscapeCSVCell(string(r.Shop)), text.EscapeCSVCell(string(r.Product)),
			text.EscapeCSVCell(r.Title), r.CreatorRate.String(), text.EscapeCSVCell(string(r.Link))})
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// ParseCSV reads what MarshalCSV wrote. It checks the shape and rates, not
// the links: a creator's [ParseLink] verifies those.
//
// ParseCSV returns an error wrapping [ErrInvalid] if the text is not CSV,
// the header differs, a record has the wrong number of fields, or has more
// than MaxCSVRows rows; and every bad field of the rows joined, each a
// *FieldError wrapping [ErrInvalid] ("rows[2].creator_rate").
func ParseCSV(data []byte) ([]LinkRow, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = len(csvHeader)
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("productlist: reading CSV header: %w: %w", ErrInvalid, err)
	}
	if strings.Join(head, ",") != strings.Join(csvHeader, ",") {
		return nil, errdef.Field("header", strings.Join(head, ","), ErrInvalid, "productlist: unexpected CSV header")
	}
	var rows []LinkRow
	var errs []error
	for i := 0; ; i++ {
		rec, err := r.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, fmt.Errorf("productlist: reading CSV: %w: %w", ErrInvalid, err)
		}
		if i >= MaxCSVRows {
			return nil, errdef.Field("rows", i+1, ErrInvalid, "productlist: too many rows")
		}
		f := fmt.Sprintf("rows[%d]", i)
		row := LinkRow{
			Campaign: campaign.ID(text.UnescapeCSVCell(rec[0])), Shop: campaign.ShopCode(text.UnescapeCSVCell(rec[1])),
			Product: registration.ProductID(text.UnescapeCSVCell(rec[2])), Title: text.UnescapeCSVCell(rec[3]), Link: Link(text.UnescapeCSVCell(rec[5])),
		}
		row.CreatorRate, err = commission.ParseRate(rec[4])
		if err != nil {
			errs = append(errs, errdef.Field(f+".creator_rate", rec[4], ErrInvalid, "productlist: bad rate"))
		}
		if err := row.validate(f); err != nil {
			errs = append(errs, err)
		}
		rows = append(rows, row)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return rows, nil
}

// validate checks what both directions need: ids, title and link text that
// encoding/csv carries unchanged, and a valid rate.
func (r LinkRow) validate(f string) error {
	var errs []error
	errs = appendIDErr(errs, f+".campaign_id", string(r.Campaign))
	errs = appendIDErr(errs, f+".shop_code", string(r.Shop))
	errs = appendIDErr(errs, f+".product_id", string(r.Product))
	if err := checkTitle(r.Title); err != nil {
		errs = append(errs, errdef.Field(f+".title", r.Title, ErrInvalid, "productlist: bad title"))
	}
	if err := r.CreatorRate.Validate(); err != nil {
		errs = append(errs, errdef.Field(f+".creator_rate", r.CreatorRate, ErrInvalid, "productlist: not a rate"))
	}
	if !linkText(string(r.Link)) {
		errs = append(errs, errdef.Field(f+".link", string(r.Link), ErrInvalid, "productlist: not link text"))
	}
	return errors.Join(errs...)
}

// linkText reports whether s has the shape of a link: 1 to MaxLinkLen
// characters of the base64url alphabet.
func linkText(s string) bool {
	if s == "" || len(s) > MaxLinkLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
