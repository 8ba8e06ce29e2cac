package sqlstore

import (
	"fmt"
	"strings"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	ptext "github.com/partnerkit/partnerkit/internal/text"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
)

// code returns the stored code of an enum: its String, "" for the zero
// value.
func code[T interface {
	comparable
	String() string
}](v T) string {
	var zero T
	if v == zero {
		return ""
	}
	return v.String()
}

// money returns the amount and currency columns of m: NULLs for the zero
// Money, else the exact decimal text (NUMERIC in Postgres, TEXT in SQLite),
// fixed-point with the amount's own digits after the point (100.00, not
// String's 100) and no exponent notation, whatever shopspring's package
// settings.
func money(m commission.Money) (amount, currency any) {
	if m.Currency.IsZero() {
		return nil, nil
	}
	return m.Amount.StringFixed(max(0, -m.Amount.Exponent())), m.Currency.Code()
}

// agencies is the Agencies repository of a Tx.
type agencies struct{ t *Tx }

// Get returns the agency's onboarding, or ErrNotFound.
func (r agencies) Get(id campaign.AgencyID) (campaign.Onboarding, error) {
	var o campaign.Onboarding
	if err := r.t.read(); err != nil {
		return o, err
	}
	if err := r.t.key("agency", string(id)); err != nil {
		return o, err
	}
	ok, err := getBody(r.t, "get agency", `SELECT body FROM agencies WHERE id = $1`, []any{string(id)}, &o)
	if err == nil && !ok {
		err = r.t.notFound("agency", id)
	}
	return o, err
}

// Put creates or replaces the onboarding of o.Agency.
func (r agencies) Put(o campaign.Onboarding) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if err := r.t.key("agency", string(o.Agency)); err != nil {
		return err
	}
	body, err := r.t.encode("put agency", o)
	if err != nil {
		return err
	}
	_, err = r.t.exec("put agency", `INSERT INTO agencies (id, stage, updated_at, body) VALUES ($1, $2, $3, $4)
		ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, updated_at = excluded.updated_at, body = excluded.body`,
		string(o.Agency), code(o.Stage), r.t.time(o.UpdatedAt), body)
	return err
}

// campaigns is the Campaigns repository of a Tx.
type campaigns struct{ t *Tx }

// Get returns the campaign, or ErrNotFound.
func (r campaigns) Get(id campaign.ID) (campaign.Campaign, error) {
	var c campaign.Campaign
	if err := r.t.read(); err != nil {
		return c, err
	}
	if err := r.t.key("campaign", string(id)); err != nil {
		return c, err
	}
	ok, err := getBody(r.t, "get campaign", `SELECT body FROM campaigns WHERE id = $1`, []any{string(id)}, &c)
	if err == nil && !ok {
		err = r.t.notFound("campaign", id)
	}
	return c, err
}

// checkShopCodes returns ErrLimit if c's details or pending edit list more
// than campaign.MaxShopCodes shop codes (C3).
func (t *Tx) checkShopCodes(c campaign.Campaign) error {
	n := len(c.Details.Sellers.ShopCodes)
	if c.Pending != nil {
		n = max(n, len(c.Pending.Details.Sellers.ShopCodes))
	}
	if n > campaign.MaxShopCodes {
		return fmt.Errorf("%s: campaign %q has %d shop codes, more than %d: %w",
			t.d.Name, c.ID, n, campaign.MaxShopCodes, storage.ErrLimit)
	}
	return nil
}

// exists reports whether sql finds a row.
func (t *Tx) exists(op, sql string, args ...any) (bool, error) {
	var one int64
	return t.one(op, sql, args, &one)
}

// Create stores a new campaign: ErrConflict if the id is taken, ErrLimit
// past campaign.MaxShopCodes shop codes.
func (r campaigns) Create(c campaign.Campaign) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if err := r.t.key("campaign", string(c.ID)); err != nil {
		return err
	}
	if ok, err := r.t.exists("create campaign", `SELECT 1 FROM campaigns WHERE id = $1`, string(c.ID)); err != nil {
		return err
	} else if ok {
		return r.t.conflict("campaign", c.ID)
	}
	if err := r.t.checkShopCodes(c); err != nil {
		return err
	}
	body, err := r.t.encode("create campaign", c)
	if err != nil {
		return err
	}
	n, err := r.t.exec("create campaign", `INSERT INTO campaigns (id, agency, status, created_at, updated_at, body, edit_due_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
		string(c.ID), string(c.Agency), code(c.Status), r.t.time(c.CreatedAt), r.t.time(c.UpdatedAt), body, r.t.editDueAt(c))
	if err == nil && n == 0 {
		err = r.t.conflict("campaign", c.ID)
	}
	return err
}

// Update replaces a stored campaign: ErrNotFound, ErrLimit as Create.
func (r campaigns) Update(c campaign.Campaign) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if err := r.t.key("campaign", string(c.ID)); err != nil {
		return err
	}
	if ok, err := r.t.exists("update campaign", `SELECT 1 FROM campaigns WHERE id = $1`, string(c.ID)); err != nil {
		return err
	} else if !ok {
		return r.t.notFound("campaign", c.ID)
	}
	if err := r.t.checkShopCodes(c); err != nil {
		return err
	}
	body, err := r.t.encode("update campaign", c)
	if err != nil {
		return err
	}
	n, err := r.t.exec("update campaign", `UPDATE campaigns SET agency = $2, status = $3, created_at = $4, updated_at = $5, body = $6,
		edit_due_at = $7 WHERE id = $1`,
		string(c.ID), string(c.Agency), code(c.Status), r.t.time(c.CreatedAt), r.t.time(c.UpdatedAt), body, r.t.editDueAt(c))
	if err == nil && n == 0 {
		err = r.t.notFound("campaign", c.ID)
	}
	return err
}

// List returns the campaigns q selects, by id.
func (r campaigns) List(q storage.CampaignQuery, p storage.Page) ([]campaign.Campaign, string, error) {
	if err := r.t.read(); err != nil {
		return nil, "", err
	}
	if err := r.t.checkQuery("agency", string(q.Agency)); err != nil {
		return nil, "", err
	}
	l := listing[campaign.Campaign]{table: "campaigns", keys: []string{"id"}}
	if q.Agency != "" {
		l.eq("agency", string(q.Agency))
	}
	if q.Status != 0 {
		l.eq("status", code(q.Status))
	}
	if !q.EditDueBy.IsZero() {
		// As orders' due_at: the column's rounding keeps order, so SQL
		// leaves out no campaign due by then, and Go drops those due
		// within the rounding after it. One with no pending edit was
		// stored before the column (see CampaignQuery): it stays, for the
		// caller to put back.
		l.where = append(l.where, "edit_due_at IS NOT NULL", "edit_due_at <= "+l.arg(r.t.d.Time(columnTime(q.EditDueBy))))
		l.index = "campaigns_edit_due"
		l.keep = func(c campaign.Campaign) bool {
			return c.Pending == nil || !c.Pending.AppliesAt.After(q.EditDueBy)
		}
	}
	return page(r.t, "list campaigns", l, p)
}

// editDueAt returns the edit_due_at column of c: when its pending edit
// applies, or NULL for none.
func (t *Tx) editDueAt(c campaign.Campaign) any {
	if c.Pending == nil {
		return nil
	}
	return t.d.Time(columnTime(c.Pending.AppliesAt))
}

// registrations is the Registrations repository of a Tx.
type registrations struct{ t *Tx }

// Get returns the registration, or ErrNotFound.
func (r registrations) Get(id registration.ID) (registration.Registration, error) {
	var g registration.Registration
	if err := r.t.read(); err != nil {
		return g, err
	}
	if err := r.t.key("registration", string(id)); err != nil {
		return g, err
	}
	ok, err := getBody(r.t, "get registration", `SELECT body FROM registrations WHERE id = $1`, []any{string(id)}, &g)
	if err == nil && !ok {
		err = r.t.notFound("registration", id)
	}
	return g, err
}

// Create stores a new registration: ErrConflict if the id or the
// (campaign, shop, product) is taken.
func (r registrations) Create(g registration.Registration) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if err := r.t.key("registration", string(g.ID)); err != nil {
		return err
	}
	if err := r.t.key("registration campaign/shop/product", string(g.Campaign), string(g.Shop), string(g.Product)); err != nil {
		return err
	}
	if ok, err := r.t.exists("create registration", `SELECT 1 FROM registrations WHERE id = $1`, string(g.ID)); err != nil {
		return err
	} else if ok {
		return r.t.conflict("registration", g.ID)
	}
	body, err := r.t.encode("create registration", g)
	if err != nil {
		return err
	}
	// DO NOTHING covers the (campaign, shop, product) constraint too, and
	// unlike a failed INSERT leaves a Postgres transaction usable.
	n, err := r.t.exec("create registration", `INSERT INTO registrations
		(id, campaign, agency, shop, product, state, created_at, updated_at, body)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
		string(g.ID), string(g.Campaign), string(g.Agency), string(g.Shop), string(g.Product), code(g.State),
		r.t.time(g.CreatedAt), r.t.time(g.UpdatedAt), body)
	if err == nil && n == 0 {
		err = r.t.conflict("registration of campaign/shop/product", string(g.Campaign)+"/"+string(g.Shop)+"/"+string(g.Product))
	}
	return err
}

// Update replaces a stored registration: ErrNotFound, or ErrInvalid if it
// would change the campaign, shop or product.
func (r registrations) Update(g registration.Registration) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if err := r.t.key("registration", string(g.ID)); err != nil {
		return err
	}
	var c, s, pr string
	ok, err := r.t.one("update registration", `SELECT campaign, shop, product FROM registrations WHERE id = $1`,
		[]any{string(g.ID)}, &c, &s, &pr)
	switch {
	case err != nil:
		return err
	case !ok:
		return r.t.notFound("registration", g.ID)
	case c != string(g.Campaign) || s != string(g.Shop) || pr != string(g.Product):
		return r.t.invalid("registration campaign/shop/product change", g.ID)
	}
	body, err := r.t.encode("update registration", g)
	if err != nil {
		return err
	}
	_, err = r.t.exec("update registration", `UPDATE registrations SET agency = $2, state = $3, created_at = $4, updated_at = $5, body = $6
		WHERE id = $1`,
		string(g.ID), string(g.Agency), code(g.State), r.t.time(g.CreatedAt), r.t.time(g.UpdatedAt), body)
	return err
}

// List returns the registrations q selects, by id.
func (r registrations) List(q storage.RegistrationQuery, p storage.Page) ([]registration.Registration, string, error) {
	if err := r.t.read(); err != nil {
		return nil, "", err
	}
	if err := r.t.checkQuery("campaign", string(q.Campaign), "agency", string(q.Agency),
		"shop", string(q.Filter.Shop), "product", string(q.Filter.Product)); err != nil {
		return nil, "", err
	}
	l := listing[registration.Registration]{table: "registrations", keys: []string{"id"}}
	if q.Campaign != "" {
		l.eq("campaign", string(q.Campaign))
	}
	if q.Agency != "" {
		l.eq("agency", string(q.Agency))
	}
	f := q.Filter
	if f.Status != 0 {
		l.eq("state", code(f.Status))
	}
	if f.Shop != "" {
		l.eq("shop", string(f.Shop))
	}
	if f.Product != "" {
		l.eq("product", string(f.Product))
	}
	if f.Text != "" {
		// Case folding is Go's (text.Fold), not the engine's.
		l.keep = f.Match
	}
	return page(r.t, "list registrations", l, p)
}

// lists is the Lists repository of a Tx.
type lists struct{ t *Tx }

// Get returns the list, or ErrNotFound.
func (r lists) Get(id productlist.ListID) (productlist.List, error) {
	var l productlist.List
	if err := r.t.read(); err != nil {
		return l, err
	}
	if err := r.t.key("list", string(id)); err != nil {
		return l, err
	}
	ok, err := getBody(r.t, "get list", `SELECT body FROM lists WHERE id = $1`, []any{string(id)}, &l)
	if err == nil && !ok {
		err = r.t.notFound("list", id)
	}
	return l, err
}

// checkProducts returns ErrLimit if l holds more than
// productlist.MaxProducts products (P2).
func (t *Tx) checkProducts(l productlist.List) error {
	if n := len(l.Entries); n > productlist.MaxProducts {
		return fmt.Errorf("%s: list %q has %d products, more than %d: %w",
			t.d.Name, l.ID, n, productlist.MaxProducts, storage.ErrLimit)
	}
	return nil
}

// Create stores a new list: ErrConflict if the id is taken, ErrLimit past
// productlist.MaxLists lists for the agency or productlist.MaxProducts
// products. The count and the insert share the transaction, so the limit
// holds under concurrent writers as far as its isolation is serializable.
func (r lists) Create(l productlist.List) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if err := r.t.key("list", string(l.ID)); err != nil {
		return err
	}
	if err := r.t.key("list agency", string(l.Agency)); err != nil {
		return err
	}
	if ok, err := r.t.exists("create list", `SELECT 1 FROM lists WHERE id = $1`, string(l.ID)); err != nil {
		return err
	} else if ok {
		return r.t.conflict("list", l.ID)
	}
	if err := r.t.checkProducts(l); err != nil {
		return err
	}
	n, err := r.count(l.Agency)
	if err != nil {
		return err
	}
	if n >= productlist.MaxLists {
		return fmt.Errorf("%s: agency %q has %d lists already: %w", r.t.d.Name, l.Agency, n, storage.ErrLimit)
	}
	body, err := r.t.encode("create list", l)
	if err != nil {
		return err
	}
	k, err := r.t.exec("create list", `INSERT INTO lists (id, agency, name, created_at, updated_at, body)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
		string(l.ID), string(l.Agency), l.Name, r.t.time(l.Created), r.t.time(l.Updated), body)
	if err == nil && k == 0 {
		err = r.t.conflict("list", l.ID)
	}
	return err
}

// Update replaces a stored list: ErrNotFound, ErrInvalid if the agency
// changes, ErrLimit past productlist.MaxProducts products.
func (r lists) Update(l productlist.List) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if err := r.t.key("list", string(l.ID)); err != nil {
		return err
	}
	var agency string
	ok, err := r.t.one("update list", `SELECT agency FROM lists WHERE id = $1`, []any{string(l.ID)}, &agency)
	switch {
	case err != nil:
		return err
	case !ok:
		return r.t.notFound("list", l.ID)
	case agency != string(l.Agency):
		return r.t.invalid("list agency change", l.ID)
	}
	if err := r.t.checkProducts(l); err != nil {
		return err
	}
	body, err := r.t.encode("update list", l)
	if err != nil {
		return err
	}
	_, err = r.t.exec("update list", `UPDATE lists SET name = $2, created_at = $3, updated_at = $4, body = $5 WHERE id = $1`,
		string(l.ID), l.Name, r.t.time(l.Created), r.t.time(l.Updated), body)
	return err
}

// Delete removes a list, or returns ErrNotFound.
func (r lists) Delete(id productlist.ListID) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if err := r.t.key("list", string(id)); err != nil {
		return err
	}
	n, err := r.t.exec("delete list", `DELETE FROM lists WHERE id = $1`, string(id))
	if err == nil && n == 0 {
		err = r.t.notFound("list", id)
	}
	return err
}

// Count returns how many lists the agency has.
func (r lists) Count(agency campaign.AgencyID) (int, error) {
	if err := r.t.read(); err != nil {
		return 0, err
	}
	if err := r.t.key("agency", string(agency)); err != nil {
		return 0, err
	}
	return r.count(agency)
}

func (r lists) count(agency campaign.AgencyID) (int, error) {
	var n int64
	_, err := r.t.one("count lists", `SELECT count(*) FROM lists WHERE agency = $1`, []any{string(agency)}, &n)
	return int(n), err
}

// List returns the lists q selects, by id.
func (r lists) List(q storage.ListQuery, p storage.Page) ([]productlist.List, string, error) {
	if err := r.t.read(); err != nil {
		return nil, "", err
	}
	if err := r.t.checkQuery("agency", string(q.Agency)); err != nil {
		return nil, "", err
	}
	l := listing[productlist.List]{table: "lists", keys: []string{"id"}}
	if q.Agency != "" {
		l.eq("agency", string(q.Agency))
	}
	if q.Name != "" {
		name := ptext.Fold(q.Name)
		l.keep = func(v productlist.List) bool { return strings.Contains(ptext.Fold(v.Name), name) }
	}
	return page(r.t, "list lists", l, p)
}

// bookmarks is the Bookmarks repository of a Tx.
type bookmarks struct{ t *Tx }

// Get returns the agency's bookmarks, or an empty value for it.
func (r bookmarks) Get(agency campaign.AgencyID) (productlist.Bookmarks, error) {
	b := productlist.Bookmarks{Agency: agency}
	if err := r.t.read(); err != nil {
		return productlist.Bookmarks{}, err
	}
	if err := r.t.key("agency", string(agency)); err != nil {
		return productlist.Bookmarks{}, err
	}
	if _, err := getBody(r.t, "get bookmarks", `SELECT body FROM bookmarks WHERE agency = $1`, []any{string(agency)}, &b); err != nil {
		return productlist.Bookmarks{}, err
	}
	return b, nil
}

// Put replaces the bookmarks of b.Agency.
func (r bookmarks) Put(b productlist.Bookmarks) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if err := r.t.key("agency", string(b.Agency)); err != nil {
		return err
	}
	body, err := r.t.encode("put bookmarks", b)
	if err != nil {
		return err
	}
	_, err = r.t.exec("put bookmarks", `INSERT INTO bookmarks (agency, body) VALUES ($1, $2)
		ON CONFLICT (agency) DO UPDATE SET body = excluded.body`, string(b.Agency), body)
	return err
}

// showcases is the Showcases repository of a Tx.
type showcases struct{ t *Tx }

// Get returns the creator's showcase, or an empty value for it.
func (r showcases) Get(creator productlist.CreatorID) (productlist.Showcase, error) {
	s := productlist.Showcase{Creator: creator}
	if err := r.t.read(); err != nil {
		return productlist.Showcase{}, err
	}
	if err := r.t.key("creator", string(creator)); err != nil {
		return productlist.Showcase{}, err
	}
	if _, err := getBody(r.t, "get showcase", `SELECT body FROM showcases WHERE creator = $1`, []any{string(creator)}, &s); err != nil {
		return productlist.Showcase{}, err
	}
	return s, nil
}

// Put replaces the showcase of s.Creator.
func (r showcases) Put(s productlist.Showcase) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if err := r.t.key("creator", string(s.Creator)); err != nil {
		return err
	}
	body, err := r.t.encode("put showcase", s)
	if err != nil {
		return err
	}
	_, err = r.t.exec("put showcase", `INSERT INTO showcases (creator, body) VALUES ($1, $2)
		ON CONFLICT (creator) DO UPDATE SET body = excluded.body`, string(s.Creator), body)
	return err
}

// orders is the Orders repository of a Tx.
type orders struct{ t *Tx }

// Get returns the line, or ErrNotFound.
func (r orders) Get(k attribution.LineKey) (attribution.Line, error) {
	var l attribution.Line
	if err := r.t.read(); err != nil {
		return l, err
	}
	if err := r.t.key("order line", string(k.Order), string(k.Line)); err != nil {
		return l, err
	}
	ok, err := getBody(r.t, "get order line", `SELECT body FROM order_lines WHERE order_id = $1 AND line_id = $2`,
		[]any{string(k.Order), string(k.Line)}, &l)
	if err == nil && !ok {
		err = r.t.notFound("order line", k)
	}
	return l, err
}

// Put creates or replaces the line: ErrConflict if one of its event ids
// lives on another line (A1). The event index is a table keyed by event
// id, so two transactions putting the same id on two lines collide.
func (r orders) Put(l attribution.Line) error { return r.PutMany([]attribution.Line{l}) }

// LineOf returns the key of the line that holds the event, or ErrNotFound.
func (r orders) LineOf(id attribution.EventID) (attribution.LineKey, error) {
	var k attribution.LineKey
	if err := r.t.read(); err != nil {
		return k, err
	}
	if err := r.t.key("event", string(id)); err != nil {
		return k, err
	}
	var o, l string
	ok, err := r.t.one("line of event", `SELECT order_id, line_id FROM order_events WHERE event_id = $1`, []any{string(id)}, &o, &l)
	if err != nil {
		return k, err
	}
	if !ok {
		return k, r.t.notFound("event", id)
	}
	return attribution.LineKey{Order: attribution.OrderID(o), Line: attribution.LineID(l)}, nil
}

// List returns the lines q selects, by key.
func (r orders) List(q storage.LineQuery, p storage.Page) ([]attribution.Line, string, error) {
	if err := r.t.read(); err != nil {
		return nil, "", err
	}
	if err := r.t.checkQuery("campaign", string(q.Campaign), "agency", string(q.Agency),
		"shop", string(q.Shop), "creator", string(q.Creator)); err != nil {
		return nil, "", err
	}
	l := listing[attribution.Line]{table: "order_lines", keys: []string{"order_id", "line_id"}}
	if q.Campaign != "" {
		l.eq("campaign", string(q.Campaign))
	}
	if q.Agency != "" {
		l.eq("agency", string(q.Agency))
	}
	if q.Shop != "" {
		l.eq("shop", string(q.Shop))
	}
	if q.Creator != "" {
		l.eq("creator", string(q.Creator))
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		// The column may be rounded (Postgres keeps microseconds), so SQL
		// selects with a margin and Go applies the exact bounds.
		if !q.From.IsZero() {
			l.where = append(l.where, "paid_at >= "+l.arg(r.t.d.Time(columnTime(q.From.Add(-time.Microsecond)))))
		} else {
			l.where = append(l.where, "paid_at IS NOT NULL")
		}
		if !q.To.IsZero() {
			l.where = append(l.where, "paid_at <= "+l.arg(r.t.d.Time(columnTime(q.To.Add(time.Microsecond)))))
		}
		l.keep = func(v attribution.Line) bool {
			at, ok := storage.FirstPaid(v)
			return ok && (q.From.IsZero() || !at.Before(q.From)) && (q.To.IsZero() || at.Before(q.To))
		}
	}
	if !q.DueBy.IsZero() {
		// The column's rounding (Postgres: to the microsecond) keeps
		// order, so SQL leaves out no line due by then, and Go drops
		// those due within the rounding after it. A line that is not due
		// at all was stored before the column (see LineQuery): it stays,
		// for the caller to put back.
		l.where = append(l.where, "due_at IS NOT NULL", "due_at <= "+l.arg(r.t.d.Time(columnTime(q.DueBy))))
		if q.Campaign == "" && q.Agency == "" && q.Shop == "" && q.Creator == "" {
			// A settlement sweep: past a page's cursor SQLite would
			// otherwise walk the key index from it, past every line after.
			l.index = "order_lines_due"
		}
		inPeriod := l.keep
		l.keep = func(v attribution.Line) bool {
			due, ok := v.DueAt()
			return (!ok || !due.After(q.DueBy)) && (inPeriod == nil || inPeriod(v))
		}
	}
	return page(r.t, "list order lines", l, p)
}

// metrics is the Metrics repository of a Tx.
type metrics struct{ t *Tx }

// Campaign returns the campaign's metrics, or ErrNotFound.
func (r metrics) Campaign(id campaign.ID) (attribution.CampaignMetrics, error) {
	var m attribution.CampaignMetrics
	if err := r.t.read(); err != nil {
		return m, err
	}
	if err := r.t.key("campaign", string(id)); err != nil {
		return m, err
	}
	ok, err := getBody(r.t, "get campaign metrics", `SELECT body FROM campaign_metrics WHERE campaign = $1`, []any{string(id)}, &m)
	if err == nil && !ok {
		err = r.t.notFound("campaign metrics", id)
	}
	return m, err
}

// PutCampaign creates or replaces m.Campaign's metrics.
func (r metrics) PutCampaign(m attribution.CampaignMetrics) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if err := r.t.key("campaign", string(m.Campaign)); err != nil {
		return err
	}
	body, err := r.t.encode("put campaign metrics", m)
	if err != nil {
		return err
	}
	gmv, currency := money(m.GMV)
	_, err = r.t.exec("put campaign metrics", `INSERT INTO campaign_metrics (campaign, agency, paid_orders, gmv, currency, body)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (campaign) DO UPDATE SET agency = excluded.agency, paid_orders = excluded.paid_orders,
		gmv = excluded.gmv, currency = excluded.currency, body = excluded.body`,
		string(m.Campaign), string(m.Agency), m.PaidOrders, gmv, currency, body)
	return err
}

// Product returns a product's metrics in a campaign, or ErrNotFound.
func (r metrics) Product(k attribution.ProductKey) (attribution.ProductMetrics, error) {
	var m attribution.ProductMetrics
	if err := r.t.read(); err != nil {
		return m, err
	}
	if err := r.t.key("product key", string(k.Campaign), string(k.Product)); err != nil {
		return m, err
	}
	ok, err := getBody(r.t, "get product metrics", `SELECT body FROM product_metrics WHERE campaign = $1 AND product = $2`,
		[]any{string(k.Campaign), string(k.Product)}, &m)
	if err == nil && !ok {
		err = r.t.notFound("product metrics", k)
	}
	return m, err
}

// PutProduct creates or replaces m.Key()'s metrics.
func (r metrics) PutProduct(m attribution.ProductMetrics) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if err := r.t.key("product key", string(m.Campaign), string(m.Product)); err != nil {
		return err
	}
	body, err := r.t.encode("put product metrics", m)
	if err != nil {
		return err
	}
	gmv, currency := money(m.GMV)
	_, err = r.t.exec("put product metrics", `INSERT INTO product_metrics (campaign, product, agency, shop, paid_orders, gmv, currency, body)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (campaign, product) DO UPDATE SET agency = excluded.agency, shop = excluded.shop,
		paid_orders = excluded.paid_orders, gmv = excluded.gmv, currency = excluded.currency, body = excluded.body`,
		string(m.Campaign), string(m.Product), string(m.Agency), string(m.Shop), m.PaidOrders, gmv, currency, body)
	return err
}

// Products returns a campaign's product metrics, by product id.
func (r metrics) Products(id campaign.ID, p storage.Page) ([]attribution.ProductMetrics, string, error) {
	if err := r.t.read(); err != nil {
		return nil, "", err
	}
	if err := r.t.key("campaign", string(id)); err != nil {
		return nil, "", err
	}
	l := listing[attribution.ProductMetrics]{table: "product_metrics", keys: []string{"product"}}
	l.eq("campaign", string(id))
	return page(r.t, "list product metrics", l, p)
}

// CreatorLines returns the creator's tally in scope, 0 if none.
func (r metrics) CreatorLines(scope string, creator productlist.CreatorID) (int64, error) {
	if err := r.t.read(); err != nil {
		return 0, err
	}
	if err := r.t.key("creator tally", scope, string(creator)); err != nil {
		return 0, err
	}
	var n int64
	_, err := r.t.one("get creator lines", `SELECT n FROM creator_lines WHERE scope = $1 AND creator = $2`,
		[]any{scope, string(creator)}, &n)
	return n, err
}

// SetCreatorLines records the tally; 0 removes it, a negative one is
// ErrInvalid.
func (r metrics) SetCreatorLines(scope string, creator productlist.CreatorID, n int64) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if err := r.t.key("creator tally", scope, string(creator)); err != nil {
		return err
	}
	var err error
	switch {
	case n < 0:
		return r.t.invalid("creator tally", n)
	case n == 0:
		_, err = r.t.exec("set creator lines", `DELETE FROM creator_lines WHERE scope = $1 AND creator = $2`, scope, string(creator))
	default:
		_, err = r.t.exec("set creator lines", `INSERT INTO creator_lines (scope, creator, n) VALUES ($1, $2, $3)
			ON CONFLICT (scope, creator) DO UPDATE SET n = excluded.n`, scope, string(creator), n)
	}
	return err
}

// progress is the Progress repository of a Tx.
type progress struct{ t *Tx }

// Get returns the progress, or an empty value for the key.
func (r progress) Get(c campaign.ID, product registration.ProductID, creator productlist.CreatorID) (attribution.Progress, error) {
	p := attribution.Progress{Campaign: c, Product: product, Creator: creator}
	if err := r.t.read(); err != nil {
		return attribution.Progress{}, err
	}
	if err := r.t.key("progress", string(c), string(product), string(creator)); err != nil {
		return attribution.Progress{}, err
	}
	if _, err := getBody(r.t, "get progress", `SELECT body FROM progress WHERE campaign = $1 AND product = $2 AND creator = $3`,
		[]any{string(c), string(product), string(creator)}, &p); err != nil {
		return attribution.Progress{}, err
	}
	return p, nil
}

// Put creates or replaces the progress.
func (r progress) Put(p attribution.Progress) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if err := r.t.key("progress", string(p.Campaign), string(p.Product), string(p.Creator)); err != nil {
		return err
	}
	body, err := r.t.encode("put progress", p)
	if err != nil {
		return err
	}
	_, err = r.t.exec("put progress", `INSERT INTO progress (campaign, product, creator, body) VALUES ($1, $2, $3, $4)
		ON CONFLICT (campaign, product, creator) DO UPDATE SET body = excluded.body`,
		string(p.Campaign), string(p.Product), string(p.Creator), body)
	return err
}

// List returns a campaign's progress records, by product then creator.
func (r progress) List(c campaign.ID, p storage.Page) ([]attribution.Progress, string, error) {
	if err := r.t.read(); err != nil {
		return nil, "", err
	}
	if err := r.t.key("campaign", string(c)); err != nil {
		return nil, "", err
	}
	l := listing[attribution.Progress]{table: "progress", keys: []string{"product", "creator"}}
	l.eq("campaign", string(c))
	return page(r.t, "list progress", l, p)
}

// outbox is the Outbox repository of a Tx.
type outbox struct{ t *Tx }

// Append adds messages, assigning each the next Seq. Every Append moves
// the one outbox_head row, so concurrent appenders conflict on it and Seq
// order is commit order.
func (r outbox) Append(msgs ...storage.Message) ([]storage.Message, error) {
	if err := r.t.write(); err != nil {
		return nil, err
	}
	for _, m := range msgs {
		if m.Kind == "" {
			return nil, r.t.invalid("message kind", m.Kind)
		}
	}
	if len(msgs) == 0 {
		return nil, nil
	}
	var last int64
	ok, err := r.t.one("append to outbox", `UPDATE outbox_head SET seq = seq + $1 WHERE id = 1 RETURNING seq`,
		[]any{int64(len(msgs))}, &last)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%s: append to outbox: the outbox_head row is missing", r.t.d.Name)
	}
	out := make([]storage.Message, len(msgs))
	vals := make([]any, 0, len(msgs)*len(outboxCols))
	for i, m := range msgs {
		m.Seq = last - int64(len(msgs)-1-i)
		if m.Payload != nil {
			m.Payload = append([]byte{}, m.Payload...)
		}
		body, err := r.t.encode("append to outbox", m)
		if err != nil {
			return nil, err
		}
		vals = append(vals, m.Seq, m.Kind, m.Key, r.t.time(m.At), body)
		out[i] = m
	}
	if err := r.t.insertNew("append to outbox", "outbox", outboxCols, vals); err != nil {
		return nil, err
	}
	return out, nil
}

// outboxCols are the columns of the outbox table.
var outboxCols = []col{{name: "seq", cast: "bigint"}, {name: "kind"}, {name: "msg_key"},
	{name: "at", cast: "timestamptz", null: true}, {name: "body"}}

// Read returns up to limit messages after Seq after, by Seq.
func (r outbox) Read(after int64, limit int) ([]storage.Message, error) {
	if err := r.t.read(); err != nil {
		return nil, err
	}
	if after < 0 {
		return nil, r.t.invalid("seq", after)
	}
	rows, err := r.t.q.Query(r.t.ctx, `SELECT body FROM outbox WHERE seq > $1 ORDER BY seq LIMIT $2`,
		after, int64(storage.Page{Limit: limit}.Size()))
	if err != nil {
		return nil, r.t.fail("read outbox", err)
	}
	defer rows.Close()
	var out []storage.Message
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, r.t.fail("read outbox", err)
		}
		var m storage.Message
		if err := decode(body, &m); err != nil {
			return nil, fmt.Errorf("%s: read outbox: decoding body: %w", r.t.d.Name, err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, r.t.fail("read outbox", err)
	}
	return out, nil
}

// Ack records that reader handled every message up to seq.
func (r outbox) Ack(reader string, seq int64) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if err := storage.ValidateReader(reader); err != nil {
		return fmt.Errorf("%s: %w", r.t.d.Name, err)
	}
	var head int64
	if _, err := r.t.one("ack outbox", `SELECT seq FROM outbox_head WHERE id = 1`, nil, &head); err != nil {
		return err
	}
	if seq < 0 || seq > head {
		return r.t.invalid("seq", seq)
	}
	_, err := r.t.exec("ack outbox", `INSERT INTO outbox_acks (reader, seq) VALUES ($1, $2)
		ON CONFLICT (reader) DO UPDATE SET seq = CASE WHEN excluded.seq > outbox_acks.seq THEN excluded.seq ELSE outbox_acks.seq END`,
		reader, seq)
	return err
}

// Acked returns the reader's acknowledged position, 0 if none.
func (r outbox) Acked(reader string) (int64, error) {
	if err := r.t.read(); err != nil {
		return 0, err
	}
	if err := storage.ValidateReader(reader); err != nil {
		return 0, fmt.Errorf("%s: %w", r.t.d.Name, err)
	}
	var n int64
	_, err := r.t.one("acked", `SELECT seq FROM outbox_acks WHERE reader = $1`, []any{reader}, &n)
	return n, err
}
