package memory

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
)

// Store is the in-memory storage.Store. The zero value is not usable; call
// New.
type Store struct {
	// writer is a one-slot semaphore held for the whole of an Update, so
	// Updates run one at a time: serializable by construction. (A channel,
	// not a Mutex, so an Update waiting for it can give up when its ctx
	// ends.)
	writer chan struct{}
	// rw guards the committed state: Views hold it for reading while they
	// run, a commit holds it for writing while it applies an overlay.
	rw     sync.RWMutex
	closed atomic.Bool
	data   *state
	// seq is the last outbox Seq handed out; guarded by writer. It is never
	// rolled back, so a Seq is never reused.
	seq int64
	// codec encodes order lines and outbox messages (see codec.go); its
	// tables outlive Close, which is harmless.
	codec *codec
}

var _ storage.Store = (*Store)(nil)

// state is the committed data: one map per table. Only a commit, holding
// both locks, changes it.
type state struct {
	onboardings     map[campaign.AgencyID]campaign.Onboarding
	campaigns       map[campaign.ID]campaign.Campaign
	registrations   map[registration.ID]registration.Registration
	regKeys         map[string]registration.ID // campaign, shop, product
	lists           map[productlist.ListID]productlist.List
	listCounts      map[campaign.AgencyID]int
	bookmarks       map[campaign.AgencyID]productlist.Bookmarks
	showcases       map[productlist.CreatorID]productlist.Showcase
	orders          *orderState
	campaignMetrics map[campaign.ID]attribution.CampaignMetrics
	productMetrics  map[string]attribution.ProductMetrics // campaign, product
	creatorLines    map[string]int64                      // scope, creator
	progress        map[string]attribution.Progress       // campaign, product, creator
	outbox          *outboxLog
	acks            map[string]int64
	// The key order of the tables listed in pages (see keyIndex).
	campaignKeys, registrationKeys, listKeys, productMetricKeys, progressKeys keyIndex
	// The key order of each scope those listings select on (see
	// scopeIndex).
	campaignScopes, registrationScopes, listScopes scopeIndex
	// editsDue holds when each campaign's pending edit applies, for
	// CampaignQuery.EditDueBy (C5).
	editsDue dueIndex[campaign.ID]
}

// New returns an empty store.
func New() *Store {
	return &Store{writer: make(chan struct{}, 1), codec: newCodec(), data: &state{
		onboardings:     map[campaign.AgencyID]campaign.Onboarding{},
		campaigns:       map[campaign.ID]campaign.Campaign{},
		registrations:   map[registration.ID]registration.Registration{},
		regKeys:         map[string]registration.ID{},
		lists:           map[productlist.ListID]productlist.List{},
		listCounts:      map[campaign.AgencyID]int{},
		bookmarks:       map[campaign.AgencyID]productlist.Bookmarks{},
		showcases:       map[productlist.CreatorID]productlist.Showcase{},
		orders:          newOrderState(),
		outbox:          &outboxLog{},
		campaignMetrics: map[campaign.ID]attribution.CampaignMetrics{},
		productMetrics:  map[string]attribution.ProductMetrics{},
		creatorLines:    map[string]int64{},
		progress:        map[string]attribution.Progress{},
		acks:            map[string]int64{},
	}}
}

// Update runs fn in a read-write transaction; see storage.Store. Updates
// run one at a time. fn's writes go to an overlay that is applied at once
// when fn returns nil and ctx is not done, and dropped otherwise; a panic
// in fn drops them too and is re-raised. The memory store never needs to
// re-run fn. An Update whose ctx ends while it waits for the one before
// returns ctx's error without running fn.
func (s *Store) Update(ctx context.Context, fn func(storage.Tx) error) error {
	if s.closed.Load() {
		return storage.ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case s.writer <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.writer }()
	if s.closed.Load() {
		return storage.ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	t := s.begin(true)
	// A panic leaves through here with t uncommitted: the overlay is
	// simply dropped, and the deferred unlock keeps the store usable.
	defer t.end()
	if err := fn(t); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.rw.Lock()
	t.commit()
	s.rw.Unlock()
	return nil
}

// View runs fn in a read-only transaction over the committed state; see
// storage.Store. A commit waits for the Views in flight, so a View never
// sees half of one.
func (s *Store) View(ctx context.Context, fn func(storage.Tx) error) error {
	if s.closed.Load() {
		return storage.ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.rw.RLock()
	defer s.rw.RUnlock()
	if s.closed.Load() {
		return storage.ErrClosed
	}
	t := s.begin(false)
	defer t.end()
	return fn(t)
}

// Close waits for the transactions in flight and releases the data. Every
// later call returns storage.ErrClosed.
func (s *Store) Close() error {
	s.writer <- struct{}{}
	defer func() { <-s.writer }()
	s.rw.Lock()
	defer s.rw.Unlock()
	if s.closed.Swap(true) {
		return storage.ErrClosed
	}
	s.data = nil
	return nil
}

// tx is one transaction: tables over the committed state, with an overlay
// when writable.
type tx struct {
	s        *Store
	writable bool
	done     bool

	onboardings     *table[campaign.AgencyID, campaign.Onboarding]
	campaigns       *table[campaign.ID, campaign.Campaign]
	editsDue        *dueIndex[campaign.ID] // the committed campaigns'; read-only here
	registrations   *table[registration.ID, registration.Registration]
	regKeys         *table[string, registration.ID]
	lists           *table[productlist.ListID, productlist.List]
	listCounts      *table[campaign.AgencyID, int]
	bookmarks       *table[campaign.AgencyID, productlist.Bookmarks]
	showcases       *table[productlist.CreatorID, productlist.Showcase]
	orders          *orderTx
	campaignMetrics *table[campaign.ID, attribution.CampaignMetrics]
	productMetrics  *table[string, attribution.ProductMetrics]
	creatorLines    *table[string, int64]
	progress        *table[string, attribution.Progress]
	outbox          *outboxTx
	acks            *table[string, int64]
}

var _ storage.Tx = (*tx)(nil)

func (s *Store) begin(writable bool) *tx {
	d := s.data
	return &tx{
		s: s, writable: writable,
		onboardings:     newTable(d.onboardings, writable, deepClone),
		campaigns:       newTable(d.campaigns, writable, deepClone).indexed(&d.campaignKeys).scoped(&d.campaignScopes, campaignScopes),
		editsDue:        &d.editsDue,
		registrations:   newTable(d.registrations, writable, deepClone).indexed(&d.registrationKeys).scoped(&d.registrationScopes, registrationScopes),
		regKeys:         newTable(d.regKeys, writable, flat),
		lists:           newTable(d.lists, writable, deepClone).indexed(&d.listKeys).scoped(&d.listScopes, listScopes),
		listCounts:      newTable(d.listCounts, writable, flat),
		bookmarks:       newTable(d.bookmarks, writable, deepClone),
		showcases:       newTable(d.showcases, writable, deepClone),
		orders:          newOrderTx(d.orders, writable),
		campaignMetrics: newTable(d.campaignMetrics, writable, flat),
		productMetrics:  newTable(d.productMetrics, writable, flat).indexed(&d.productMetricKeys),
		creatorLines:    newTable(d.creatorLines, writable, flat),
		progress:        newTable(d.progress, writable, deepClone).indexed(&d.progressKeys),
		outbox:          &outboxTx{base: d.outbox},
		acks:            newTable(d.acks, writable, flat),
	}
}

func (t *tx) commit() {
	t.onboardings.commit()
	for id, c := range t.campaigns.writes {
		if c.deleted || c.v.Pending == nil {
			t.editsDue.set(id, time.Time{}, false)
		} else {
			t.editsDue.set(id, c.v.Pending.AppliesAt, true)
		}
	}
	t.campaigns.commit()
	t.registrations.commit()
	t.regKeys.commit()
	t.lists.commit()
	t.listCounts.commit()
	t.bookmarks.commit()
	t.showcases.commit()
	v := t.s.codec.view()
	t.orders.commit(&v)
	t.campaignMetrics.commit()
	t.productMetrics.commit()
	t.creatorLines.commit()
	t.progress.commit()
	t.outbox.commit()
	t.acks.commit()
}

// end marks t finished: a Tx kept past its fn fails from then on.
func (t *tx) end() { t.done = true }

// errTxDone is returned by a Tx used after its fn returned.
var errTxDone = fmt.Errorf("memory: transaction finished: %w", storage.ErrClosed)

// read checks that t may still be used.
func (t *tx) read() error {
	if t.done {
		return errTxDone
	}
	return nil
}

// write checks that t may still be used, and for writing.
func (t *tx) write() error {
	if t.done {
		return errTxDone
	}
	if !t.writable {
		return storage.ErrReadOnly
	}
	return nil
}

func (t *tx) Agencies() storage.Agencies           { return agencies{t} }
func (t *tx) Campaigns() storage.Campaigns         { return campaigns{t} }
func (t *tx) Registrations() storage.Registrations { return registrations{t} }
func (t *tx) Lists() storage.Lists                 { return lists{t} }
func (t *tx) Bookmarks() storage.Bookmarks         { return bookmarks{t} }
func (t *tx) Showcases() storage.Showcases         { return showcases{t} }
func (t *tx) Orders() storage.Orders               { return orders{t} }
func (t *tx) Metrics() storage.Metrics             { return metrics{t} }
func (t *tx) Progress() storage.Progress           { return progress{t} }
func (t *tx) Outbox() storage.Outbox               { return outbox{t} }

// invalid returns a *storage.FieldError wrapping storage.ErrInvalid about
// what, whose value v is cut short if long.
func invalid(what string, v any) error {
	return fmt.Errorf("memory: %w", &storage.FieldError{Field: what, Value: bounded(v), Err: storage.ErrInvalid})
}

// notFound returns an error wrapping storage.ErrNotFound about what.
func notFound(what string, v any) error {
	return fmt.Errorf("memory: %s %q: %w", what, errdef.Shown(v), storage.ErrNotFound)
}

// conflict returns an error wrapping storage.ErrConflict about what.
func conflict(what string, v any) error {
	return fmt.Errorf("memory: %s %q: %w", what, errdef.Shown(v), storage.ErrConflict)
}

// bounded returns v, or if it prints longer than an error may repeat, its
// shortened rendering.
func bounded(v any) any {
	if s := errdef.Shown(v); s != fmt.Sprint(v) {
		return s
	}
	return v
}

// key checks that every part of a key is set, valid UTF-8 and free of sep
// (NUL), as the SQL backends require, and returns them joined.
func key(what string, parts ...string) (string, error) {
	for _, p := range parts {
		if !validKey(p) {
			return "", invalid(what, join(parts...))
		}
	}
	return join(parts...), nil
}

// checkQuery returns ErrInvalid for the first set query field that could
// be no part of a key (not valid UTF-8, or holding a NUL byte), as the SQL
// backends do; an empty field selects everything. fields alternate a
// field's name and its value.
func checkQuery(fields ...string) error {
	for i := 0; i+1 < len(fields); i += 2 {
		if v := fields[i+1]; v != "" && !validKey(v) {
			return invalid(fields[i], v)
		}
	}
	return nil
}

// validKey reports whether p may be (a part of) a key: set, valid UTF-8
// and free of sep (NUL).
func validKey(p string) bool { return p != "" && !containsSep(p) && utf8.ValidString(p) }

func containsSep(s string) bool {
	for i := range len(s) {
		if s[i] == sep[0] {
			return true
		}
	}
	return false
}
