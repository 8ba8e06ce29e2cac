package storage

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/internal/text"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// The errors of the contract. They are the same values as the domain
// packages' sentinels, so errors.Is(err, storage.ErrLimit) and
// errors.Is(err, productlist.ErrLimit) agree.
var (
	// ErrNotFound: the record does not exist.
	ErrNotFound = errdef.ErrNotFound
	// ErrConflict: a record with the same identity or unique key exists.
	ErrConflict = errdef.ErrConflict
	// ErrLimit: the write would take a record past one of the product's
	// limits (100 shop codes per campaign, 100 products per list, 1000 lists
	// per agency). Nothing is written.
	ErrLimit = errdef.ErrLimit
	// ErrInvalid: the argument is malformed (an empty id, a bad cursor).
	ErrInvalid = errdef.ErrInvalid
	// ErrClosed is returned by every method of a Store after Close.
	ErrClosed = errors.New("storage: store closed")
	// ErrReadOnly is returned by every write through the Tx of a View.
	ErrReadOnly = errors.New("storage: write in a read-only transaction")
	// ErrBusy: other writers kept the store busy through every attempt
	// its options allow (SQLite: another process held the file past the
	// busy timeout; PostgreSQL: each of MaxAttempts attempts ended in a
	// serialization failure or deadlock). Nothing of the transaction was
	// written, so the call may be made again; the backend's own error is
	// wrapped too.
	ErrBusy = errors.New("storage: busy: other writers kept the transaction from committing")
)

// Store runs transactions. Implementations are safe for concurrent use.
//
// Update runs fn in one serializable read-write transaction: fn sees a
// consistent snapshot, its writes become visible to others all at once
// when it returns nil, and none of them if it returns an error or panics
// (the panic is re-raised after rollback). On a serialization conflict the
// backend rolls back and runs fn again, a bounded number of times, so fn
// must be safe to re-run and must not keep state across runs. Update
// returns fn's error unchanged (wrapped errors keep their identity), or a
// backend error; ctx cancellation aborts and rolls back, and an error
// returned once ctx is done may also wrap ctx.Err(), as the SQL backends
// do, since a cancelled driver fails in its own words.
//
// View runs fn in a read-only transaction over a consistent snapshot; any
// write through its Tx fails with ErrReadOnly and changes nothing.
//
// fn must not call Update or View of the same store (a backend may
// deadlock).
//
// Close releases the store; Updates and Views in flight finish first.
// After Close, Update, View and Close return ErrClosed.
//
// Every repository method returns ErrInvalid for an empty id or key
// field (including Get and List scopes' required fields), for a key that
// is not valid UTF-8 or holds a NUL byte, for a List query field that is
// set but could be no stored key for the same reason (an empty one selects
// everything), and the sentinels its doc names; backends wrap them, so
// match with errors.Is.
type Store interface {
	Update(ctx context.Context, fn func(Tx) error) error
	View(ctx context.Context, fn func(Tx) error) error
	Close() error
}

// Tx is one transaction: one small repository per aggregate. A Tx and its
// repositories are valid only inside the fn they were passed to, and only
// on that goroutine. Repositories check the limits and unique keys their
// docs name and nothing else: they do not validate values (the domain
// packages do) nor check references between aggregates (a registration's
// campaign need not be stored), so a backend has no foreign keys. Text
// values must be valid UTF-8 without NUL, as the domain packages' checks
// make them: PostgreSQL refuses NUL and SQLite replaces invalid bytes, so
// a backend may fail or change a value that is not.
type Tx interface {
	Agencies() Agencies
	Campaigns() Campaigns
	Registrations() Registrations
	Lists() Lists
	Bookmarks() Bookmarks
	Showcases() Showcases
	Orders() Orders
	Metrics() Metrics
	Progress() Progress
	Outbox() Outbox
}

// Page asks for one page of a listing. Listings have a stable order (by
// the record's id, ascending, unless the method says otherwise; ids are
// compared as bytes, Go's string order, so SQL backends sort with a binary
// collation such as COLLATE "C") and are paged by cursor, never by offset.
// A page holds the records strictly after the cursor's record, so a record
// created or deleted between pages neither repeats nor shifts the others.
type Page struct {
	// After is the cursor returned with the previous page, or "" for the
	// first page. Cursors are opaque; one that does not decode (see
	// DecodeCursor) is ErrInvalid. Backends make them with EncodeCursor.
	After string
	// Limit is the most records to return: 0 (or less) means
	// DefaultLimit; above MaxLimit is clamped to MaxLimit.
	Limit int
}

// Page sizes.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// Size returns the page size p asks for, after defaults and clamping.
func (p Page) Size() int {
	switch {
	case p.Limit <= 0:
		return DefaultLimit
	case p.Limit > MaxLimit:
		return MaxLimit
	}
	return p.Limit
}

// EncodeCursor returns the opaque cursor of a listing's last record, given
// the parts of its sort key (an id, or an order id and a line id). Every
// backend uses it, so cursors look alike everywhere.
func EncodeCursor(parts ...string) string {
	b, _ := json.Marshal(parts) // a []string always marshals
	return base64.RawURLEncoding.EncodeToString(b)
}

// maxCursor bounds the cursors DecodeCursor reads: far beyond any cursor
// EncodeCursor makes from ids, small enough to refuse junk cheaply.
const maxCursor = 4096

// DecodeCursor returns the sort key parts of a cursor made by EncodeCursor.
// It returns an error wrapping ErrInvalid if c is not such a cursor or does
// not have n parts.
func DecodeCursor(c string, n int) ([]string, error) {
	if len(c) > maxCursor {
		return nil, fmt.Errorf("storage: bad cursor %q: %w", errdef.Shown(c), ErrInvalid)
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	var parts []string
	if err == nil {
		err = json.Unmarshal(b, &parts)
	}
	if err != nil || len(parts) != n {
		return nil, fmt.Errorf("storage: bad cursor %q: %w", errdef.Shown(c), ErrInvalid)
	}
	for _, p := range parts {
		// No key holds these, and a SQL engine refuses them outright.
		if !utf8.ValidString(p) || strings.IndexByte(p, 0) >= 0 {
			return nil, fmt.Errorf("storage: bad cursor %q: %w", errdef.Shown(c), ErrInvalid)
		}
	}
	return parts, nil
}

// Agencies stores each agency's onboarding (C1).
type Agencies interface {
	// Get returns the agency's onboarding, or ErrNotFound.
	Get(id campaign.AgencyID) (campaign.Onboarding, error)
	// Put creates or replaces the onboarding of o.Agency.
	Put(o campaign.Onboarding) error
}

// CampaignQuery selects campaigns. Zero fields select everything.
//
// EditDueBy, if not zero, selects the campaigns with a pending edit that
// applies at or before it (campaign.Campaign.Pending.AppliesAt, C5). A
// backend indexes that time when it creates or updates a campaign (SQL
// backends in a column), so a sweep of due edits reads the campaigns with
// an edit due, not every campaign stored. It may also select campaigns
// with no pending edit at all that were stored before it kept the time (a
// database upgraded from an older version): the caller updates those
// with themselves, which indexes them.
type CampaignQuery struct {
	Agency    campaign.AgencyID
	Status    campaign.Status
	EditDueBy time.Time
}

// Campaigns stores campaigns.
type Campaigns interface {
	// Get returns the campaign, or ErrNotFound.
	Get(id campaign.ID) (campaign.Campaign, error)
	// Create stores a new campaign. It returns ErrConflict if the id is
	// taken, and ErrLimit if its details (or its pending edit) list more
	// than campaign.MaxShopCodes shop codes.
	Create(c campaign.Campaign) error
	// Update replaces a stored campaign. It returns ErrNotFound if there is
	// none with c.ID, and ErrLimit as Create does.
	Update(c campaign.Campaign) error
	// List returns the campaigns q selects, by id, and the cursor of the
	// next page ("" after the last).
	List(q CampaignQuery, p Page) ([]campaign.Campaign, string, error)
}

// RegistrationQuery selects registrations: the scope fields, then Filter
// (R5). Zero fields select everything.
type RegistrationQuery struct {
	Campaign campaign.ID
	Agency   campaign.AgencyID
	Filter   registration.Filter
}

// Registrations stores sellers' product registrations.
type Registrations interface {
	// Get returns the registration, or ErrNotFound.
	Get(id registration.ID) (registration.Registration, error)
	// Create stores a new registration. It returns ErrConflict if the id is
	// taken or the same shop already registered the same product in the
	// same campaign.
	Create(r registration.Registration) error
	// Update replaces a stored registration, or returns ErrNotFound. The
	// campaign, shop and product of a registration never change: an r that
	// changes them is ErrInvalid.
	Update(r registration.Registration) error
	// List returns the registrations q selects, by id.
	List(q RegistrationQuery, p Page) ([]registration.Registration, string, error)
}

// ListQuery selects product lists: an agency's, optionally those whose
// name contains Name, ignoring case and how accents are typed (as
// productlist.SearchLists compares).
type ListQuery struct {
	Agency campaign.AgencyID
	Name   string
}

// Lists stores agencies' product lists (P2).
type Lists interface {
	// Get returns the list, or ErrNotFound.
	Get(id productlist.ListID) (productlist.List, error)
	// Create stores a new list. It returns ErrConflict if the id is taken,
	// and ErrLimit if the agency already has productlist.MaxLists lists or
	// l has more than productlist.MaxProducts entries.
	Create(l productlist.List) error
	// Update replaces a stored list, or returns ErrNotFound; ErrLimit if l
	// has more than productlist.MaxProducts entries. A list's agency never
	// changes: an l that changes it is ErrInvalid.
	Update(l productlist.List) error
	// Delete removes a list, or returns ErrNotFound.
	Delete(id productlist.ListID) error
	// Count returns how many lists the agency has.
	Count(agency campaign.AgencyID) (int, error)
	// List returns the lists q selects, by id.
	List(q ListQuery, p Page) ([]productlist.List, string, error)
}

// Bookmarks stores each agency's bookmarks (P1).
type Bookmarks interface {
	// Get returns the agency's bookmarks; an agency with none gets an empty
	// value for it, not an error.
	Get(agency campaign.AgencyID) (productlist.Bookmarks, error)
	// Put replaces the bookmarks of b.Agency.
	Put(b productlist.Bookmarks) error
}

// Showcases stores each creator's showcase (P4, P6).
type Showcases interface {
	// Get returns the creator's showcase; a creator with none gets an empty
	// value for it, not an error.
	Get(creator productlist.CreatorID) (productlist.Showcase, error)
	// Put replaces the showcase of s.Creator.
	Put(s productlist.Showcase) error
}

// LineQuery selects order lines. Zero fields select everything; a zero
// From or To leaves that end open. From and To bound the time the line was
// first paid (inclusive, exclusive), as FirstPaid says; a line without one
// is selected only when From and To are both zero. Campaign, Agency and
// Shop match the line's attribution terms.
//
// DueBy, if not zero, selects the lines whose settlement window changes
// them by then: those whose attribution.Line.DueAt is at or before DueBy.
// A backend indexes that time when it puts a line (SQL backends in a
// column), so a settlement sweep reads the due lines only, not every line
// stored. It may also select lines that are not due at all but were
// stored before it kept the time (a database upgraded from an older
// version): the caller re-checks DueAt and puts those back, which indexes
// them.
type LineQuery struct {
	Campaign campaign.ID
	Agency   campaign.AgencyID
	Shop     campaign.ShopCode
	Creator  productlist.CreatorID
	From, To time.Time
	DueBy    time.Time
}

// FirstPaid returns the time l was first paid: the earliest At of its Paid
// events, and false if it has none. It is the time LineQuery's From and To
// bound; SQL backends store it in a column when they Put l.
func FirstPaid(l attribution.Line) (time.Time, bool) {
	var first time.Time
	found := false
	for _, e := range l.Events {
		if e.Kind == attribution.Paid && (!found || e.At.Before(first)) {
			first, found = e.At, true
		}
	}
	return first, found
}

// Orders stores order lines: their events, attribution and ledger (A1).
type Orders interface {
	// Get returns the line, or ErrNotFound.
	Get(key attribution.LineKey) (attribution.Line, error)
	// Put creates or replaces the line l.Key. It returns ErrConflict if one
	// of l's event ids is already stored on another line; a refused Put
	// changes nothing, and the transaction may go on.
	Put(l attribution.Line) error
	// LineOf returns the key of the line that holds the event id, or
	// ErrNotFound.
	LineOf(id attribution.EventID) (attribution.LineKey, error)
	// List returns the lines q selects, ordered by key (order, then line).
	List(q LineQuery, p Page) ([]attribution.Line, string, error)
}

// Metrics stores the incrementally kept metrics (A2). Counters are read
// and written in the same transaction as the events that move them.
type Metrics interface {
	// Campaign returns the campaign's metrics, or ErrNotFound if no event
	// moved them yet.
	Campaign(id campaign.ID) (attribution.CampaignMetrics, error)
	// PutCampaign creates or replaces m.Campaign's metrics.
	PutCampaign(m attribution.CampaignMetrics) error
	// Product returns a product's metrics in a campaign, or ErrNotFound.
	Product(key attribution.ProductKey) (attribution.ProductMetrics, error)
	// PutProduct creates or replaces m.Key()'s metrics.
	PutProduct(m attribution.ProductMetrics) error
	// Products returns a campaign's product metrics, by product id.
	Products(id campaign.ID, p Page) ([]attribution.ProductMetrics, string, error)
	// CreatorLines returns how many counted lines the creator has in scope
	// (a campaign id, or a campaign/product key string), 0 if none.
	CreatorLines(scope string, creator productlist.CreatorID) (int64, error)
	// SetCreatorLines records that count; 0 removes it.
	SetCreatorLines(scope string, creator productlist.CreatorID, n int64) error
}

// Progress stores collaboration progress per creator and product (A3).
type Progress interface {
	// Get returns the progress, or an empty value for the key.
	Get(c campaign.ID, product registration.ProductID, creator productlist.CreatorID) (attribution.Progress, error)
	// Put creates or replaces it.
	Put(p attribution.Progress) error
	// List returns a campaign's progress records, by product then creator.
	List(c campaign.ID, p Page) ([]attribution.Progress, string, error)
}

// Message is one domain event in the outbox.
type Message struct {
	// Seq is the message's position: assigned by Append, increasing in
	// commit order, never reused.
	Seq int64
	// Kind names the event ("registration.approved").
	Kind string
	// Key is the id of the record it is about.
	Key string
	// Payload is the event, encoded by the writer.
	Payload []byte
	// At is when the change happened.
	At time.Time
}

// Outbox holds domain events written in the same transaction as the change
// that caused them, so none is lost. Readers read in Seq order from their
// acknowledged position; a message is visible to readers only once its
// transaction commits, and never after one with a higher Seq.
type Outbox interface {
	// Append adds messages in order, assigning each its Seq (ignoring any
	// Seq given) and returning them as stored.
	Append(msgs ...Message) ([]Message, error)
	// Read returns up to limit messages with Seq greater than after, by Seq
	// (limit as Page.Limit: 0 means DefaultLimit, clamped to MaxLimit). Seqs
	// may have gaps (a rolled-back Append may use some up).
	Read(after int64, limit int) ([]Message, error)
	// Ack records that reader has handled every message up to seq. Acking
	// backwards is ignored. A reader name that ValidateReader refuses is
	// its *FieldError (wrapped), and a negative seq or one past the last
	// appended message is ErrInvalid.
	Ack(reader string, seq int64) error
	// Acked returns the reader's acknowledged position, 0 if none. A
	// reader name that ValidateReader refuses is its *FieldError (wrapped).
	Acked(reader string) (int64, error)
}

// FieldError is a malformed argument, named by Field. A backend that
// returns one cuts a long Value short (as errdef.Shown does), so that an
// oversized argument never makes an oversized error.
type FieldError = errdef.FieldError

// MaxReaderLen bounds the name of an outbox reader, in bytes.
const MaxReaderLen = 128

// ValidateReader returns nil if reader may name an outbox reader: 1 to
// MaxReaderLen bytes of valid UTF-8 without a control character.
// Otherwise it returns a *FieldError for "reader" wrapping ErrInvalid,
// whose Value is reader cut to a bounded length. Backends check every
// reader name with it, so all of them refuse the same names.
func ValidateReader(reader string) error {
	if reader == "" || len(reader) > MaxReaderLen || !utf8.ValidString(reader) || text.HasControl(reader, "") {
		return errdef.Field("reader", errdef.Shown(reader), ErrInvalid,
			fmt.Sprintf("want 1 to %d bytes of UTF-8, no control character", MaxReaderLen))
	}
	return nil
}

// BulkOrders is an Orders repository that also reads and writes many lines
// in one call: on a SQL backend a few set-based statements for a whole
// batch instead of several per event. It is optional (found by type
// assertion, as fs.ReadFileFS is): the functions GetMany, LinesOf and
// PutMany use it when a backend's Orders implements it, and fall back to
// the single forms otherwise. Bulk ingest goes through them.
type BulkOrders interface {
	Orders
	// GetMany returns the stored lines among keys, by key; a key with no
	// line is absent from the map. Keys may repeat.
	GetMany(keys []attribution.LineKey) (map[attribution.LineKey]attribution.Line, error)
	// LinesOf returns the keys of the lines that hold the event ids, by
	// event id; an id no line holds is absent from the map. Ids may repeat.
	LinesOf(ids []attribution.EventID) (map[attribution.EventID]attribution.LineKey, error)
	// PutMany creates or replaces each line, as Put does for each in
	// order: an event id may move to a line from one put before it in the
	// same call that no longer holds it. Two lines with the same key are
	// ErrInvalid. It returns ErrConflict if an event id is given for two
	// lines of the call, or is stored on another line when its line is put.
	// After an error the transaction may hold some of the lines: the
	// caller abandons it (returns the error from fn).
	PutMany(lines []attribution.Line) error
}

// GetMany returns the stored lines among keys, by key (see BulkOrders),
// with o's GetMany if it has one, else with Get per key.
func GetMany(o Orders, keys []attribution.LineKey) (map[attribution.LineKey]attribution.Line, error) {
	if b, ok := o.(BulkOrders); ok {
		return b.GetMany(keys)
	}
	out := make(map[attribution.LineKey]attribution.Line, len(keys))
	for _, k := range keys {
		if _, ok := out[k]; ok {
			continue
		}
		l, err := o.Get(k)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[k] = l
	}
	return out, nil
}

// LinesOf returns the keys of the lines that hold the event ids, by id
// (see BulkOrders), with o's LinesOf if it has one, else with LineOf per id.
func LinesOf(o Orders, ids []attribution.EventID) (map[attribution.EventID]attribution.LineKey, error) {
	if b, ok := o.(BulkOrders); ok {
		return b.LinesOf(ids)
	}
	out := make(map[attribution.EventID]attribution.LineKey, len(ids))
	for _, id := range ids {
		k, err := o.LineOf(id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[id] = k
	}
	return out, nil
}

// PutMany creates or replaces each line (see BulkOrders), with o's PutMany
// if it has one, else with Put per line.
func PutMany(o Orders, lines []attribution.Line) error {
	if b, ok := o.(BulkOrders); ok {
		return b.PutMany(lines)
	}
	seen := make(map[attribution.LineKey]bool, len(lines))
	for _, l := range lines {
		if seen[l.Key] {
			return fmt.Errorf("storage: order line %v given twice: %w", l.Key, ErrInvalid)
		}
		seen[l.Key] = true
	}
	for _, l := range lines {
		if err := o.Put(l); err != nil {
			return err
		}
	}
	return nil
}

// CreatorTally names one creator's count of counted lines in a scope (see
// Metrics.CreatorLines).
type CreatorTally struct {
	Scope   string
	Creator productlist.CreatorID
}

// MetricsKeys names the metrics records GetMetrics reads.
type MetricsKeys struct {
	Campaigns    []campaign.ID
	Products     []attribution.ProductKey
	CreatorLines []CreatorTally
}

// MetricsSet is a batch of metrics records, as GetMetrics reads them and
// PutMetrics writes them.
type MetricsSet struct {
	Campaigns    map[campaign.ID]attribution.CampaignMetrics
	Products     map[attribution.ProductKey]attribution.ProductMetrics
	CreatorLines map[CreatorTally]int64
}

// BulkMetrics is a Metrics repository that also reads and writes a batch's
// metrics records in one call each (a few statements on a SQL backend, not
// one per record). Like BulkOrders it is optional: GetMetrics and
// PutMetrics use it when a backend's Metrics implements it.
type BulkMetrics interface {
	Metrics
	// GetMany returns the stored records among keys. A campaign or product
	// with no metrics is absent from its map; a tally is absent when it is
	// 0. Keys may repeat.
	GetMany(keys MetricsKeys) (MetricsSet, error)
	// PutMany writes every record of set, as PutCampaign, PutProduct and
	// SetCreatorLines do (a tally of 0 removes it). A record under another
	// key than its own is ErrInvalid. After an error the transaction may
	// hold some of them: the caller abandons it.
	PutMany(set MetricsSet) error
}

// GetMetrics returns the stored records among keys (see BulkMetrics), with
// m's GetMany if it has one, else one record at a time.
func GetMetrics(m Metrics, keys MetricsKeys) (MetricsSet, error) {
	if b, ok := m.(BulkMetrics); ok {
		return b.GetMany(keys)
	}
	set := MetricsSet{
		Campaigns:    make(map[campaign.ID]attribution.CampaignMetrics, len(keys.Campaigns)),
		Products:     make(map[attribution.ProductKey]attribution.ProductMetrics, len(keys.Products)),
		CreatorLines: make(map[CreatorTally]int64, len(keys.CreatorLines)),
	}
	for _, id := range keys.Campaigns {
		c, err := m.Campaign(id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return MetricsSet{}, err
		}
		set.Campaigns[id] = c
	}
	for _, k := range keys.Products {
		p, err := m.Product(k)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return MetricsSet{}, err
		}
		set.Products[k] = p
	}
	for _, k := range keys.CreatorLines {
		n, err := m.CreatorLines(k.Scope, k.Creator)
		if err != nil {
			return MetricsSet{}, err
		}
		if n != 0 {
			set.CreatorLines[k] = n
		}
	}
	return set, nil
}

// PutMetrics writes every record of set (see BulkMetrics), with m's
// PutMany if it has one, else one record at a time, in key order.
func PutMetrics(m Metrics, set MetricsSet) error {
	if b, ok := m.(BulkMetrics); ok {
		return b.PutMany(set)
	}
	for id, c := range set.Campaigns {
		if c.Campaign != id {
			return fmt.Errorf("storage: campaign metrics of %q under key %q: %w", c.Campaign, id, ErrInvalid)
		}
	}
	for k, p := range set.Products {
		if p.Key() != k {
			return fmt.Errorf("storage: product metrics of %v under key %v: %w", p.Key(), k, ErrInvalid)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(set.Campaigns)) {
		if err := m.PutCampaign(set.Campaigns[id]); err != nil {
			return err
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(set.Products), compareProductKeys) {
		if err := m.PutProduct(set.Products[k]); err != nil {
			return err
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(set.CreatorLines), compareTallies) {
		if err := m.SetCreatorLines(k.Scope, k.Creator, set.CreatorLines[k]); err != nil {
			return err
		}
	}
	return nil
}

// compareProductKeys orders product keys by campaign, then product: the
// order in which writers take the rows' locks.
func compareProductKeys(a, b attribution.ProductKey) int {
	return cmp.Or(strings.Compare(string(a.Campaign), string(b.Campaign)), strings.Compare(string(a.Product), string(b.Product)))
}

// compareTallies orders tallies by scope, then creator.
func compareTallies(a, b CreatorTally) int {
	return cmp.Or(strings.Compare(a.Scope, b.Scope), strings.Compare(string(a.Creator), string(b.Creator)))
}
