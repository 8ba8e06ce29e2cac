package partnerkit_test

// The differential test of the storage backends: memory, the reference,
// against SQLite and PostgreSQL, through the Service.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
	"github.com/partnerkit/partnerkit/storage/postgres"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

// diffSentinels are the exported sentinels whose errors.Is answers must agree.
var diffSentinels = []error{
	partnerkit.ErrInvalid, partnerkit.ErrNotFound, partnerkit.ErrForbidden, partnerkit.ErrLimit,
	partnerkit.ErrConflict, partnerkit.ErrEditLocked, partnerkit.ErrNoProducts, partnerkit.ErrBadLink,
	partnerkit.ErrOnboarding, partnerkit.ErrNoKey, partnerkit.ErrCurrencyMismatch, partnerkit.ErrBusy,
	registration.ErrTransition, campaign.ErrTransition, storage.ErrClosed, storage.ErrReadOnly,
	context.Canceled, context.DeadlineExceeded,
}

// diffKinds renders which sentinels err matches, and its FieldError's
// field ("nil" for no error at all): errors compare by kind, never by text.
func diffKinds(err error) string {
	if err == nil {
		return "nil"
	}
	s := "err["
	for i, k := range diffSentinels {
		if errors.Is(err, k) {
			s += strconv.Itoa(i) + ","
		}
	}
	var fe *partnerkit.FieldError
	if errors.As(err, &fe) {
		s += "field:" + fe.Field
	}
	return s + "]"
}

// diffOpts compare results field by field. A decimal must keep its
// exponent ("20.00" is not "20"). Times compare by instant only: the SQL
// stores keep a time's instant and its offset, not its zone's name, by
// design, so a time read back may carry another *time.Location.
var diffOpts = cmp.Options{
	cmp.Exporter(func(reflect.Type) bool { return true }),
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) && a.Exponent() == b.Exponent() }),
	cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b error) bool { return diffKinds(a) == diffKinds(b) }),
}

// diffResult is one call's outcome.
type diffResult struct {
	V   any
	Err error
}

// diffBackend is one store under comparison and the Service over it.
type diffBackend struct {
	name  string
	store storage.Store
	svc   *partnerkit.Service
	newID func(string) string
}

// diffSuffixes make ids that differ only in case, trailing space, accent
// composition or collation-sensitive letters.
var diffSuffixes = []string{"a", "B", "é", "A", "b", "É", "e\u0301", "a ", "ß", "SS", "z", "Z", "ǆ", "İ", "a  ", "~", " ", "ä"}

// diffNewID numbers ids per kind with the odd suffixes: deterministic, so
// every backend's Service draws the same ids for the same calls.
func diffNewID() func(string) string {
	var mu sync.Mutex
	n := map[string]int{}
	return func(kind string) string {
		mu.Lock()
		defer mu.Unlock()
		i := n[kind]
		n[kind]++
		s := kind + "-" + diffSuffixes[i%len(diffSuffixes)]
		if i >= len(diffSuffixes) {
			s += strconv.Itoa(i / len(diffSuffixes))
		}
		return s
	}
}

// The actors and words the calls draw from, alike but for case, accents,
// composition, collation-sensitive letters, LIKE wildcards and spaces.
var (
	diffAgencies = []partnerkit.Agency{{ID: "agency-a"}, {ID: "agency-B"}, {ID: "agency-é"}}
	diffSellers  = []partnerkit.Seller{{Shop: "USGLOW001"}, {Shop: "USTRAIL02"}, {Shop: "USAAA0003"}, {Shop: "USGLOW0010"}}
	diffCreators = []partnerkit.Creator{{ID: "creator-a"}, {ID: "creator-A"}, {ID: "creator-é", Agency: "agency-northstar"}, {ID: "creator-e\u0301"}}
	diffTexts    = []string{"", "a", "A", "é", "É", "e\u0301", "ss", "SS", "ß", "straße", "STRASSE", "İ", "i", "glow", "GLOW", " ", "%", "_", "\\", "'", "picks"}
	diffNames    = []string{"a", "B", "é", "É", "Straße", "STRASSE", "İstanbul picks", "istanbul", "glow%_", "e\u0301clair", "Éclair", "zz", "Spring picks", "ǅemal"}
	diffProducts = []string{"p-a", "p-A", "p-é", "P-b", "p-e\u0301", "p-ß", "p-SS", "p-z"}
	diffOrders   = []string{"o-a", "o-A", "o-é", "o-e\u0301", "O-a", "o-b", "o-a ", "o-ß"}
)

// diffKeys signs each agency's links with a key of its own.
func diffKeys() productlist.KeySet {
	var ks []productlist.Key
	for i, a := range diffAgencies {
		ks = append(ks, productlist.Key{ID: fmt.Sprintf("k-%d", i), Agency: a.ID,
			Secret: []byte(fmt.Sprintf("diff-secret-%d-0123456789abcdefghijklmnop", i)), State: productlist.KeyActive})
	}
	return productlist.KeySet{Keys: ks}
}

// diffSQL makes, for one check, a fresh SQLite file or PostgreSQL schema
// and returns open, which opens a store on it (called again after a
// Close, on the same file or schema). The stores are closed and the file
// or schema removed when the check ends.
type diffSQL func(t *rapid.T) (open func() storage.Store)

// diffSQLBackends are the SQL backends compared with memory, each with a
// maker that skips t when the backend is unavailable, as backends() does.
func diffSQLBackends() []struct {
	name string
	make func(t *testing.T) diffSQL
} {
	return []struct {
		name string
		make func(t *testing.T) diffSQL
	}{
		{"sqlite", func(t *testing.T) diffSQL {
			dir := t.TempDir()
			n := 0
			return func(rt *rapid.T) func() storage.Store {
				n++
				path := filepath.Join(dir, fmt.Sprintf("check-%d.db", n))
				var opened []storage.Store
				rt.Cleanup(func() {
					for _, s := range opened {
						s.Close() // a store the check closed already answers ErrClosed
					}
					for _, suffix := range []string{"", "-wal", "-shm"} {
						os.Remove(path + suffix)
					}
				})
				return func() storage.Store {
					s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
					if err != nil {
						rt.Fatalf("sqlite.Open: %v", err)
					}
					opened = append(opened, s)
					return s
				}
			}
		}},
		{"postgres", func(t *testing.T) diffSQL {
			dsn := os.Getenv("PARTNERKIT_POSTGRES_DSN")
			if dsn == "" {
				t.Skip(`PARTNERKIT_POSTGRES_DSN is unset; run eval "$(scripts/postgres-up)" (as root) to start PostgreSQL and export it`)
			}
			return func(rt *rapid.T) func() storage.Store {
				schema := schemaName("partnerkit_agree_")
				var opened []storage.Store
				rt.Cleanup(func() {
					for _, s := range opened {
						s.Close()
					}
					// Reported on t: a rapid.T cannot fail once the check is over.
					dropSchema(t, dsn, schema)
				})
				return func() storage.Store {
					s, err := postgres.Open(context.Background(), dsn, postgres.Options{Schema: schema})
					if err != nil {
						rt.Fatalf("postgres.Open: %v", err)
					}
					opened = append(opened, s)
					return s
				}
			}
		}},
	}
}

// diffCounts tallies what the checks exercised, logged at the end so a
// reader can see the calls reached the interesting paths.
type diffCounts struct {
	checks, calls, errs, events, regs, lists, links int
	ingestOK, ingestRefused, attributed             int
}

// diffWorld is the backends plus the model state learned from the
// reference's results.
type diffWorld struct {
	t      *rapid.T
	ctx    context.Context
	clock  *clock
	bs     []*diffBackend
	counts *diffCounts

	campaigns []campaign.Campaign
	regs      []registration.Registration
	lists     []productlist.List
	links     []productlist.Link
	lineKeys  []attribution.LineKey
	sent      []attribution.Event
	evN       int
}

// do runs f on every backend and fails t unless every result equals the
// reference's; it returns the reference's.
func (w *diffWorld) do(what string, f func(b *diffBackend) diffResult) diffResult {
	w.t.Helper()
	w.counts.calls++
	var ref diffResult
	for i, b := range w.bs {
		r := f(b)
		if i == 0 {
			ref = r
			w.count(r)
			continue
		}
		if d := cmp.Diff(ref, r, diffOpts); d != "" {
			w.t.Fatalf("%s: %s differs from memory (-memory +%s):\n%s\nmemory err: %v\n%s err: %v", what, b.name, b.name, d, ref.Err, b.name, r.Err)
		}
	}
	return ref
}

// count tallies the reference's result r.
func (w *diffWorld) count(r diffResult) {
	if r.Err != nil {
		w.counts.errs++
	}
	rs, _ := r.V.([]partnerkit.IngestResult)
	for _, x := range rs {
		switch {
		case x.Err != nil:
			w.counts.ingestRefused++
		case x.Line.Attribution.OK():
			w.counts.attributed++
			w.counts.ingestOK++
		default:
			w.counts.ingestOK++
		}
	}
}

// must is do for a setup call, which no backend may refuse.
func (w *diffWorld) must(what string, f func(b *diffBackend) diffResult) any {
	w.t.Helper()
	r := w.do(what, f)
	if r.Err != nil {
		w.t.Fatalf("%s: %v", what, r.Err)
	}
	return r.V
}

// newDiffWorld puts a Service over each store and, through do, onboards
// the agencies, publishes two campaigns each, registers, approves, lists
// and shares products and has creators accept them, so that orders can be
// attributed from the first random call.
func newDiffWorld(t *rapid.T, stores []storage.Store, names []string, counts *diffCounts) *diffWorld {
	ck := &clock{now: start}
	w := &diffWorld{t: t, ctx: context.Background(), clock: ck, counts: counts}
	for i, s := range stores {
		id := diffNewID()
		w.bs = append(w.bs, &diffBackend{name: names[i], store: s, newID: id,
			svc: partnerkit.New(s, partnerkit.Options{Clock: ck.Now, NewID: id, Keys: diffKeys()})})
	}
	for _, a := range diffAgencies {
		for i, step := range []func(s *partnerkit.Service) (campaign.Onboarding, error){
			func(s *partnerkit.Service) (campaign.Onboarding, error) {
				return s.ChooseCategory(w.ctx, a, campaign.ContentManagement)
			},
			func(s *partnerkit.Service) (campaign.Onboarding, error) { return s.AddMatchUpCategory(w.ctx, a) },
			func(s *partnerkit.Service) (campaign.Onboarding, error) { return s.SubmitTaxInfo(w.ctx, a) },
			func(s *partnerkit.Service) (campaign.Onboarding, error) {
				return s.ReviewTaxInfo(w.ctx, partnerkit.Host{}, a.ID, true)
			},
			func(s *partnerkit.Service) (campaign.Onboarding, error) { return s.LinkBankAccount(w.ctx, a) },
		} {
			w.must(fmt.Sprintf("onboarding %s step %d", a.ID, i), func(b *diffBackend) diffResult {
				v, err := step(b.svc)
				return diffResult{v, err}
			})
		}
	}
	// Two campaigns per agency: one open, one select, with odd names.
	for i, a := range diffAgencies {
		for j := range 2 {
			d := campaign.Details{
				Market: "US", Name: diffNames[(2*i+j)%len(diffNames)], Description: "Desc " + diffNames[(2*i+j+3)%len(diffNames)],
				Requirements: "None.", MinRate: commission.Rate(500 * (j + 1)),
				Contact:      campaign.Contact{Channel: campaign.WhatsApp, Handle: "+1 555 0100"},
				Registration: campaign.Period{Start: day(3, 1), End: day(3, 15)},
				Period:       campaign.Period{Start: day(3, 1), End: day(6, 1)},
				Sellers:      campaign.Sellers{Mode: campaign.Open},
			}
			if j == 1 {
				d.Sellers = campaign.Sellers{Mode: campaign.Select, ShopCodes: []campaign.ShopCode{diffSellers[i%4].Shop, diffSellers[(i+1)%4].Shop}}
			}
			c := w.must("setup CreateCampaign", func(b *diffBackend) diffResult {
				v, err := b.svc.CreateCampaign(w.ctx, a, d)
				return diffResult{v, err}
			}).(campaign.Campaign)
			w.must("setup SubmitCampaign", func(b *diffBackend) diffResult {
				v, err := b.svc.SubmitCampaign(w.ctx, a, c.ID)
				return diffResult{v, err}
			})
			c = w.must("setup PublishCampaign", func(b *diffBackend) diffResult {
				v, err := b.svc.PublishCampaign(w.ctx, a, c.ID)
				return diffResult{v, err}
			}).(campaign.Campaign)
			w.campaigns = append(w.campaigns, c)
		}
	}
	// Products registered, approved, listed and accepted, so orders can
	// be attributed.
	for ci, c := range w.campaigns {
		a := partnerkit.Agency{ID: c.Agency}
		var listed []registration.Registration
		for pi, product := range diffProducts[:4] {
			sl := diffSellers[(ci+pi)%len(diffSellers)]
			if c.Details.Sellers.Mode == campaign.Select {
				sl = partnerkit.Seller{Shop: c.Details.Sellers.ShopCodes[pi%2]}
			}
			in := partnerkit.RegisterInput{Campaign: c.ID, Product: registration.ProductID(product),
				ProductTitle: diffNames[(ci+pi)%len(diffNames)], Rate: commission.Rate(1500 + 7*pi)}
			g := w.must("setup RegisterProduct", func(b *diffBackend) diffResult {
				v, err := b.svc.RegisterProduct(w.ctx, sl, in)
				return diffResult{v, err}
			}).(registration.Registration)
			if pi != 3 { // the fourth stays pending
				g = w.must("setup ApproveRegistration", func(b *diffBackend) diffResult {
					v, err := b.svc.ApproveRegistration(w.ctx, a, g.ID)
					return diffResult{v, err}
				}).(registration.Registration)
				listed = append(listed, g)
			}
			w.regs = append(w.regs, g)
		}
		l := w.must("setup CreateList", func(b *diffBackend) diffResult {
			v, err := b.svc.CreateList(w.ctx, a, diffNames[ci])
			return diffResult{v, err}
		}).(productlist.List)
		for gi, g := range listed {
			l = w.must("setup AddToList", func(b *diffBackend) diffResult {
				v, err := b.svc.AddToList(w.ctx, a, l.ID, g.ID, commission.Rate(333*(gi+1)))
				return diffResult{v, err}
			}).(productlist.List)
		}
		w.lists = append(w.lists, l)
		link := w.must("setup ShareList", func(b *diffBackend) diffResult {
			v, err := b.svc.ShareList(w.ctx, a, l.ID)
			return diffResult{v, err}
		}).(productlist.Link)
		w.links = append(w.links, link)
		for _, cr := range diffCreators[:3] {
			if (ci+len(cr.ID))%3 == 0 {
				continue
			}
			w.must("setup AcceptLinks", func(b *diffBackend) diffResult {
				v, err := b.svc.AcceptLinks(w.ctx, cr, []string{string(link)})
				return diffResult{v, err}
			})
		}
	}
	ck.Advance(time.Hour)
	return w
}

// diffAgency draws an agency, or one that differs from an agency only in
// case and has no campaigns.
func diffAgency(t *rapid.T) partnerkit.Agency {
	return rapid.SampledFrom(append(diffAgencies, partnerkit.Agency{ID: "agency-A"})).Draw(t, "agency")
}

// diffPage draws a page size: the default, small ones that make cursors,
// and one past the maximum.
func diffPage(t *rapid.T) partnerkit.Page {
	return partnerkit.Page{Limit: rapid.SampledFrom([]int{0, 1, 2, 3, 1001}).Draw(t, "limit")}
}

// diffTime draws an odd time: in the campaign, far past, far future,
// sub-microsecond, in several zones, named and fixed, one with seconds in
// its offset.
func diffTime(t *rapid.T, label string) time.Time {
	var tm time.Time
	switch rapid.IntRange(0, 9).Draw(t, label+"-kind") {
	case 0:
		tm = time.Date(1, 1, 1, 0, 0, 0, rapid.IntRange(0, 999).Draw(t, label+"-ns"), time.UTC)
	case 1:
		tm = time.Date(9999, 12, 31, 23, 59, 59, 999999000+rapid.IntRange(0, 999).Draw(t, label+"-ns"), time.UTC)
	case 2:
		tm = time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC)
	case 3, 4:
		tm = start.Add(time.Duration(rapid.Int64Range(-3*24, 120*24).Draw(t, label+"-h")) * time.Hour).
			Add(time.Duration(rapid.IntRange(0, 2999).Draw(t, label+"-sub")))
	default:
		tm = start.Add(time.Duration(rapid.Int64Range(2, 60*24).Draw(t, label+"-h")) * time.Hour).
			Add(time.Duration(rapid.IntRange(0, 2999).Draw(t, label+"-sub")))
	}
	zones := []*time.Location{time.UTC, la, time.FixedZone("", 5*3600+30*60), time.FixedZone("X", -(3600 + 30)), time.FixedZone("", 14*3600)}
	// East of UTC the end of 9999 is already year 10000 on its own clock
	// (TestEventAtTheEndOf9999OnEveryBackend).
	return tm.In(rapid.SampledFrom(zones).Draw(t, label+"-zone"))
}

// diffMoney draws an amount, valid or not: zero at two scales, more
// decimals than the currency has, negative, huge, an exponent.
func diffMoney(t *rapid.T) commission.Money {
	amt := rapid.SampledFrom([]string{"0", "0.00", "0.01", "19.99", "20", "20.00", "1000000.00", "0.5", "12345678901234.56",
		"99999999999999999999.99", "-1.00", "0.005", "1e3", "3"}).Draw(t, "amount")
	cur := rapid.SampledFrom([]string{"USD", "USD", "USD", "USD", "USD", "USD", "USD", "JPY", "KWD", "EUR"}).Draw(t, "currency")
	if m, err := commission.NewMoney(amt, cur); err == nil {
		return m
	}
	d, err := decimal.NewFromString(amt)
	if err != nil {
		d = decimal.New(1, -7)
	}
	return commission.Money{Amount: d, Currency: commission.MustParseCurrency(cur)}
}

// drawEvent draws an order event, a new one or one sent before (as it was
// or changed), for an entry that exists or not.
func (w *diffWorld) drawEvent(t *rapid.T) attribution.Event {
	if len(w.sent) > 0 && rapid.IntRange(0, 5).Draw(t, "resend") == 0 {
		ev := rapid.SampledFrom(w.sent).Draw(t, "old")
		if rapid.Bool().Draw(t, "alter") {
			ev.At = ev.At.Add(time.Nanosecond) // same id, different content
		}
		return ev
	}
	w.evN++
	kind := attribution.Kind(rapid.IntRange(0, 8).Draw(t, "kind"))
	if rapid.IntRange(0, 2).Draw(t, "paid-bias") == 0 {
		kind = attribution.Paid
	}
	ev := attribution.Event{
		ID:      attribution.EventID(fmt.Sprintf("ev-%d-%s", w.evN, rapid.SampledFrom(diffSuffixes).Draw(t, "evsfx"))),
		Kind:    kind,
		Order:   attribution.OrderID(rapid.SampledFrom(diffOrders).Draw(t, "order")),
		Line:    attribution.LineID(rapid.SampledFrom([]string{"1", "2", "L"}).Draw(t, "line")),
		Creator: rapid.SampledFrom(diffCreators).Draw(t, "creator").ID,
		At:      diffTime(t, "at"),
	}
	if len(w.regs) > 0 && rapid.IntRange(0, 4).Draw(t, "entry-kind") > 0 {
		r := rapid.SampledFrom(w.regs).Draw(t, "entry-reg")
		ev.Entry = partnerkit.EntryOf(r.Shop, r.Product)
	} else {
		ev.Entry = attribution.EntryID(rapid.SampledFrom([]string{"", "bogus", "USGLOW001/p-zz"}).Draw(t, "entry"))
	}
	if kind == attribution.Paid || kind == attribution.Refunded || rapid.IntRange(0, 9).Draw(t, "stray-amount") == 0 {
		ev.Amount = diffMoney(t)
	}
	switch rapid.IntRange(0, 4).Draw(t, "placed-kind") {
	case 0:
	case 1:
		ev.Placed = ev.At.Add(time.Duration(rapid.IntRange(1, 5000).Draw(t, "placed-after")))
	default:
		ev.Placed = ev.At.Add(-time.Duration(rapid.Int64Range(0, int64(time.Hour)).Draw(t, "placed-before")))
	}
	return ev
}

// A1, A2, A3, A4, A5, A6, C4, C5, K2, K3, K5, P1, P2, P3, P4, P6, R1, R2,
// R5: the same random sequence of Service calls, run on the memory store
// and on a SQLite file (subtest sqlite) or a PostgreSQL schema (subtest
// postgres, skipped when PARTNERKIT_POSTGRES_DSN is unset), gets the same
// answers: values, error kinds, pages and cursors, CSV bytes, statements,
// explanations and outbox messages. The calls use ids, names and search
// texts that differ only in case, accents, composition or trailing
// spaces, amounts at the edges of currencies' scales and times from year
// 1 to the end of 9999 in several zones, where SQL collations, numeric
// types and time encodings could part from Go's. After the random calls
// the whole visible state is compared, again once the SQL store is closed
// and opened anew, and again after more calls on the reopened store.
//
// It runs 5 checks per backend; -rapid.checks=N runs N.
func TestBackendsAgree(t *testing.T) {
	diffDefaultChecks(t, 5)
	for _, b := range diffSQLBackends() {
		t.Run(b.name, func(t *testing.T) {
			sql := b.make(t)
			counts := &diffCounts{}
			rapid.Check(t, func(t *rapid.T) {
				open := sql(t)
				stores := []storage.Store{memory.New(), open()}
				w := newDiffWorld(t, stores, []string{"memory", b.name}, counts)
				t.Repeat(w.actions())
				w.compareAll("final")

				// Reopening the file or schema keeps everything.
				sq := w.bs[1]
				if err := sq.store.Close(); err != nil {
					t.Fatalf("%s: Close: %v", b.name, err)
				}
				sq.store = open()
				sq.svc = partnerkit.New(sq.store, partnerkit.Options{Clock: w.clock.Now, NewID: sq.newID, Keys: diffKeys()})
				w.compareAll("reopened")
				acts := w.actions()
				for range 10 {
					for _, name := range []string{"Ingest", "SettleDue", "Clock", "ChangeList", "RegisterProduct"} {
						acts[name](t)
					}
				}
				w.compareAll("after reopening")

				counts.checks++
				counts.events += len(w.sent)
				counts.regs += len(w.regs)
				counts.lists += len(w.lists)
				counts.links += len(w.links)
			})
			t.Logf("exercised: %+v", *counts)
		})
	}
}

// diffDefaultChecks makes rapid.Check run n checks in t unless
// -rapid.checks or RAPID_CHECKS asks for a number. A check here is some
// 2,000 calls on two stores, a few seconds under -race, so rapid's default
// of 100 would take minutes; -short still divides n by 5. t must not run
// in parallel: rapid's flags are the package's.
func diffDefaultChecks(t *testing.T, n int) {
	t.Helper()
	if os.Getenv("RAPID_CHECKS") != "" {
		return
	}
	asked := false
	flag.Visit(func(f *flag.Flag) { asked = asked || f.Name == "rapid.checks" })
	f := flag.Lookup("rapid.checks")
	if asked || f == nil {
		return
	}
	// Value.Set, not flag.Set, so the flag still reads as not given.
	old := f.Value.String()
	if err := f.Value.Set(strconv.Itoa(n)); err != nil {
		t.Fatalf("setting -rapid.checks: %v", err)
	}
	t.Cleanup(func() { f.Value.Set(old) })
}

// actions are the random calls, for rapid's Repeat.
func (w *diffWorld) actions() map[string]func(*rapid.T) {
	acts := map[string]func(*rapid.T){
		"RegisterProduct": func(t *rapid.T) {
			sl := rapid.SampledFrom(diffSellers).Draw(t, "seller")
			c := rapid.SampledFrom(w.campaigns).Draw(t, "campaign")
			in := partnerkit.RegisterInput{
				Campaign:     c.ID,
				Product:      registration.ProductID(rapid.SampledFrom(diffProducts).Draw(t, "product")),
				ProductTitle: rapid.SampledFrom(diffNames).Draw(t, "title"),
				Rate:         commission.Rate(rapid.IntRange(0, 10001).Draw(t, "rate")),
			}
			if rapid.Bool().Draw(t, "price") {
				in.Price = diffMoney(t)
			}
			r := w.do("RegisterProduct", func(b *diffBackend) diffResult {
				v, err := b.svc.RegisterProduct(w.ctx, sl, in)
				return diffResult{v, err}
			})
			if r.Err == nil {
				w.regs = append(w.regs, r.V.(registration.Registration))
			}
		},
		"DecideRegistration": func(t *rapid.T) {
			if len(w.regs) == 0 {
				t.Skip()
			}
			g := rapid.SampledFrom(w.regs).Draw(t, "reg")
			a := partnerkit.Agency{ID: g.Agency}
			if rapid.IntRange(0, 5).Draw(t, "wrong-agency") == 0 {
				a = diffAgency(t)
			}
			approve := rapid.IntRange(0, 3).Draw(t, "approve") > 0
			w.do("Approve/Reject", func(b *diffBackend) diffResult {
				if approve {
					v, err := b.svc.ApproveRegistration(w.ctx, a, g.ID)
					return diffResult{v, err}
				}
				v, err := b.svc.RejectRegistration(w.ctx, a, g.ID, registration.Rejection{Reason: registration.CommissionTooLow})
				return diffResult{v, err}
			})
		},
		"CreateList": func(t *rapid.T) {
			a := diffAgency(t)
			name := rapid.SampledFrom(diffNames).Draw(t, "name")
			r := w.do("CreateList", func(b *diffBackend) diffResult { v, err := b.svc.CreateList(w.ctx, a, name); return diffResult{v, err} })
			if r.Err == nil {
				w.lists = append(w.lists, r.V.(productlist.List))
			}
		},
		"ChangeList": func(t *rapid.T) {
			if len(w.lists) == 0 {
				t.Skip()
			}
			l := rapid.SampledFrom(w.lists).Draw(t, "list")
			a := partnerkit.Agency{ID: l.Agency}
			var reg registration.Registration
			if len(w.regs) > 0 {
				reg = rapid.SampledFrom(w.regs).Draw(t, "reg")
			}
			rt := commission.Rate(rapid.IntRange(0, 3000).Draw(t, "crate"))
			op := rapid.IntRange(0, 6).Draw(t, "op")
			name := rapid.SampledFrom(diffNames).Draw(t, "name")
			eff := w.clock.Now().Add(time.Duration(rapid.Int64Range(-int64(time.Hour), int64(72*time.Hour)).Draw(t, "eff")))
			r := w.do(fmt.Sprintf("ChangeList op %d", op), func(b *diffBackend) diffResult {
				switch op {
				case 0:
					v, err := b.svc.RenameList(w.ctx, a, l.ID, name)
					return diffResult{v, err}
				case 1, 2:
					v, err := b.svc.AddToList(w.ctx, a, l.ID, reg.ID, rt)
					return diffResult{v, err}
				case 3:
					v, err := b.svc.RemoveFromList(w.ctx, a, l.ID, reg.ID)
					return diffResult{v, err}
				case 4:
					v, err := b.svc.DuplicateList(w.ctx, a, l.ID, name)
					return diffResult{v, err}
				case 5:
					v, err := b.svc.SetCreatorRate(w.ctx, a, l.ID, reg.ID, rt, eff)
					return diffResult{v, err}
				default:
					err := b.svc.DeleteList(w.ctx, a, l.ID)
					return diffResult{nil, err}
				}
			})
			if op == 4 && r.Err == nil {
				w.lists = append(w.lists, r.V.(productlist.List))
			}
		},
		"ShareAndAccept": func(t *rapid.T) {
			if len(w.lists) == 0 {
				t.Skip()
			}
			l := rapid.SampledFrom(w.lists).Draw(t, "list")
			r := w.do("ShareList", func(b *diffBackend) diffResult {
				v, err := b.svc.ShareList(w.ctx, partnerkit.Agency{ID: l.Agency}, l.ID)
				return diffResult{v, err}
			})
			if r.Err == nil {
				w.links = append(w.links, r.V.(productlist.Link))
			}
			if len(w.links) == 0 {
				return
			}
			c := rapid.SampledFrom(diffCreators).Draw(t, "creator")
			link := string(rapid.SampledFrom(w.links).Draw(t, "link"))
			w.do("ResolveLinks", func(b *diffBackend) diffResult {
				v, err := b.svc.ResolveLinks(w.ctx, c, []string{link})
				return diffResult{v, err}
			})
			w.do("AcceptLinks", func(b *diffBackend) diffResult {
				v, err := b.svc.AcceptLinks(w.ctx, c, []string{link})
				return diffResult{v, err}
			})
		},
		"Bookmark": func(t *rapid.T) {
			if len(w.regs) == 0 {
				t.Skip()
			}
			g := rapid.SampledFrom(w.regs).Draw(t, "reg")
			on := rapid.Bool().Draw(t, "on")
			w.do("Bookmark", func(b *diffBackend) diffResult {
				if on {
					return diffResult{nil, b.svc.Bookmark(w.ctx, partnerkit.Agency{ID: g.Agency}, g.ID)}
				}
				return diffResult{nil, b.svc.Unbookmark(w.ctx, partnerkit.Agency{ID: g.Agency}, g.ID)}
			})
		},
		"Ingest": func(t *rapid.T) {
			n := rapid.IntRange(1, 8).Draw(t, "batch")
			evs := make([]attribution.Event, n)
			for i := range evs {
				evs[i] = w.drawEvent(t)
			}
			single := rapid.IntRange(0, 3).Draw(t, "single") == 0
			if single {
				r := w.do("IngestEvent", func(b *diffBackend) diffResult {
					v, err := b.svc.IngestEvent(w.ctx, partnerkit.Host{}, evs[0])
					return diffResult{v, err}
				})
				if r.Err == nil {
					w.sent = append(w.sent, evs[0])
					w.lineKeys = append(w.lineKeys, evs[0].Key())
				}
				return
			}
			r := w.do("IngestEvents", func(b *diffBackend) diffResult {
				v, err := b.svc.IngestEvents(w.ctx, partnerkit.Host{}, evs)
				return diffResult{v, err}
			})
			if r.Err == nil {
				for i, res := range r.V.([]partnerkit.IngestResult) {
					if res.Err == nil {
						w.sent = append(w.sent, evs[i])
						w.lineKeys = append(w.lineKeys, evs[i].Key())
					}
				}
			}
		},
		"Clock": func(t *rapid.T) {
			d := rapid.SampledFrom([]time.Duration{time.Nanosecond, 999 * time.Nanosecond, time.Hour, 31 * time.Minute,
				16 * 24 * time.Hour, 40 * 24 * time.Hour, 400 * 24 * time.Hour}).Draw(t, "advance")
			w.clock.Advance(d)
		},
		"SettleDue": func(t *rapid.T) {
			p := partnerkit.Page{Limit: rapid.IntRange(1, 3).Draw(t, "limit")}
			for i := 0; ; i++ {
				r := w.do(fmt.Sprintf("SettleDue page %d", i), func(b *diffBackend) diffResult {
					v, err := b.svc.SettleDue(w.ctx, partnerkit.Host{}, p)
					return diffResult{v, err}
				})
				if r.Err != nil || r.V.(string) == "" || i > 200 {
					break
				}
				p.After = r.V.(string)
			}
		},
		"EditAndApply": func(t *rapid.T) {
			c := rapid.SampledFrom(w.campaigns).Draw(t, "campaign")
			name := rapid.SampledFrom(diffNames).Draw(t, "name")
			w.do("EditCampaign", func(b *diffBackend) diffResult {
				v, err := b.svc.EditCampaign(w.ctx, partnerkit.Agency{ID: c.Agency}, c.ID, campaign.Patch{Name: &name})
				return diffResult{v, err}
			})
			p := partnerkit.Page{Limit: 1}
			for i := 0; ; i++ {
				r := w.do("ApplyDueEdits", func(b *diffBackend) diffResult {
					v, err := b.svc.ApplyDueEdits(w.ctx, partnerkit.Host{}, p)
					return diffResult{v, err}
				})
				if r.Err != nil || r.V.(string) == "" || i > 50 {
					break
				}
				p.After = r.V.(string)
			}
		},
		"Progress": func(t *rapid.T) {
			if len(w.regs) == 0 {
				t.Skip()
			}
			g := rapid.SampledFrom(w.regs).Draw(t, "reg")
			c := rapid.SampledFrom(diffCreators).Draw(t, "creator")
			k := partnerkit.Collaboration{Campaign: g.Campaign, Product: g.Product, Creator: c.ID}
			op := rapid.IntRange(0, 2).Draw(t, "op")
			sample := attribution.SampleID(rapid.SampledFrom([]string{"s-a", "s-A"}).Draw(t, "sample"))
			w.do("Progress", func(b *diffBackend) diffResult {
				switch op {
				case 0:
					v, err := b.svc.RequestSample(w.ctx, c, k, sample, 2)
					return diffResult{v, err}
				case 1:
					v, err := b.svc.SetSampleStatus(w.ctx, partnerkit.Agency{ID: g.Agency}, k, sample, attribution.SampleApproved)
					return diffResult{v, err}
				default:
					v, err := b.svc.RecordContent(w.ctx, c, k, attribution.ContentID("v-"+string(sample)), attribution.Video)
					return diffResult{v, err}
				}
			})
		},
		"Reads": func(t *rapid.T) { w.reads(t) },
	}
	// Ingesting and reading more often than the rest.
	acts["Ingest2"] = acts["Ingest"]
	acts["Ingest3"] = acts["Ingest"]
	acts["Reads2"] = acts["Reads"]
	return acts
}

// pages reads every page of a listing, comparing each page and cursor.
func (w *diffWorld) pages(what string, p partnerkit.Page, f func(b *diffBackend, p partnerkit.Page) (any, string, error)) {
	for i := 0; i < 300; i++ {
		type pageOut struct {
			V    any
			Next string
		}
		r := w.do(fmt.Sprintf("%s page %d (after %q)", what, i, p.After), func(b *diffBackend) diffResult {
			v, next, err := f(b, p)
			return diffResult{pageOut{v, next}, err}
		})
		if r.Err != nil || r.V.(pageOut).Next == "" {
			return
		}
		p.After = r.V.(pageOut).Next
	}
}

// reads compares a random sample of the read use cases.
func (w *diffWorld) reads(t *rapid.T) {
	a := diffAgency(t)
	sl := rapid.SampledFrom(diffSellers).Draw(t, "seller")
	cr := rapid.SampledFrom(diffCreators).Draw(t, "creator")
	text := rapid.SampledFrom(diffTexts).Draw(t, "text")
	c := rapid.SampledFrom(w.campaigns).Draw(t, "campaign")
	p := diffPage(t)
	from, to := diffTime(t, "from"), diffTime(t, "to")
	if rapid.Bool().Draw(t, "open-from") {
		from = time.Time{}
	}
	if rapid.Bool().Draw(t, "open-to") {
		to = time.Time{}
	}
	if len(w.sent) > 0 && rapid.Bool().Draw(t, "near-event") {
		// Bounds a few nanoseconds around an event's time.
		ev := rapid.SampledFrom(w.sent).Draw(t, "near")
		from = ev.At.Add(time.Duration(rapid.IntRange(-1500, 1500).Draw(t, "from-ns")))
		to = from.Add(time.Duration(rapid.IntRange(1, 3000).Draw(t, "to-ns")))
	}
	switch rapid.IntRange(0, 14).Draw(t, "read") {
	case 0:
		w.pages("Lists", p, func(b *diffBackend, p partnerkit.Page) (any, string, error) { return b.svc.Lists(w.ctx, a, text, p) })
	case 1:
		f := registration.Filter{Text: text, Status: registration.State(rapid.IntRange(0, 3).Draw(t, "status"))}
		w.pages("CampaignRegistrations", p, func(b *diffBackend, p partnerkit.Page) (any, string, error) {
			return b.svc.CampaignRegistrations(w.ctx, partnerkit.Agency{ID: c.Agency}, c.ID, f, p)
		})
	case 2:
		f := registration.Filter{Text: text, Product: registration.ProductID(rapid.SampledFrom(append([]string{""}, diffProducts...)).Draw(t, "fproduct"))}
		w.pages("Registrations", p, func(b *diffBackend, p partnerkit.Page) (any, string, error) {
			return b.svc.Registrations(w.ctx, sl, f, p)
		})
	case 3:
		f := campaign.Filter{Text: text, Phase: campaign.Phase(rapid.IntRange(0, 4).Draw(t, "phase"))}
		w.pages("FindCampaigns", p, func(b *diffBackend, p partnerkit.Page) (any, string, error) {
			return b.svc.FindCampaigns(w.ctx, sl, f, p)
		})
	case 4:
		w.pages("Campaigns", p, func(b *diffBackend, p partnerkit.Page) (any, string, error) { return b.svc.Campaigns(w.ctx, a, p) })
	case 5:
		f := productlist.ProductFilter{Text: text, Bookmark: productlist.BookmarkFilter(rapid.IntRange(0, 2).Draw(t, "bm"))}
		w.pages("Products", p, func(b *diffBackend, p partnerkit.Page) (any, string, error) { return b.svc.Products(w.ctx, a, f, p) })
	case 6:
		w.do("CampaignMetrics", func(b *diffBackend) diffResult {
			v, err := b.svc.CampaignMetrics(w.ctx, partnerkit.Agency{ID: c.Agency}, c.ID)
			return diffResult{v, err}
		})
		w.pages("ProductMetrics", p, func(b *diffBackend, p partnerkit.Page) (any, string, error) {
			return b.svc.ProductMetrics(w.ctx, partnerkit.Agency{ID: c.Agency}, c.ID, 0, p)
		})
	case 7:
		w.do("SellerOrdersCSV", func(b *diffBackend) diffResult {
			v, err := b.svc.SellerOrdersCSV(w.ctx, sl, from, to)
			return diffResult{string(v), err}
		})
		w.do("SellerProducts", func(b *diffBackend) diffResult {
			v, err := b.svc.SellerProducts(w.ctx, sl, c.ID)
			return diffResult{v, err}
		})
	case 8:
		w.do("CreatorOrders", func(b *diffBackend) diffResult {
			v, err := b.svc.CreatorOrders(w.ctx, cr, from, to)
			return diffResult{v, err}
		})
		w.do("Showcase", func(b *diffBackend) diffResult { v, err := b.svc.Showcase(w.ctx, cr); return diffResult{v, err} })
	case 9:
		w.do("CampaignOrders", func(b *diffBackend) diffResult {
			v, err := b.svc.CampaignOrders(w.ctx, partnerkit.Agency{ID: c.Agency}, c.ID, from, to)
			return diffResult{v, err}
		})
	case 10:
		cur := commission.MustParseCurrency(rapid.SampledFrom([]string{"USD", "JPY"}).Draw(t, "cur"))
		w.do("Statements", func(b *diffBackend) diffResult {
			s1, e1 := b.svc.CreatorStatement(w.ctx, cr, cur, from, to)
			s2, e2 := b.svc.SellerStatement(w.ctx, sl, cur, from, to)
			s3, e3 := b.svc.AgencyStatement(w.ctx, a, cur, from, to)
			return diffResult{[]any{s1, diffKinds(e1), s2, diffKinds(e2), s3, diffKinds(e3)}, nil}
		})
	case 11:
		if len(w.lineKeys) == 0 {
			return
		}
		k := rapid.SampledFrom(w.lineKeys).Draw(t, "key")
		w.do("Explain", func(b *diffBackend) diffResult {
			e1, err1 := b.svc.Explain(w.ctx, a, k)
			e2, err2 := b.svc.CreatorExplanation(w.ctx, cr, k)
			e3, err3 := b.svc.SellerExplanation(w.ctx, sl, k)
			return diffResult{[]any{e1, diffKinds(err1), e2, diffKinds(err2), e3, diffKinds(err3)}, nil}
		})
	case 12:
		w.pages("CollaborationProgress", p, func(b *diffBackend, p partnerkit.Page) (any, string, error) {
			return b.svc.CollaborationProgress(w.ctx, partnerkit.Agency{ID: c.Agency}, c.ID, p)
		})
	case 13:
		w.outbox()
	default:
		if len(w.lists) == 0 {
			return
		}
		l := rapid.SampledFrom(w.lists).Draw(t, "list")
		w.do("ExportLinks", func(b *diffBackend) diffResult {
			v, err := b.svc.ExportLinks(w.ctx, partnerkit.Agency{ID: l.Agency}, l.ID)
			return diffResult{string(v), err}
		})
		w.do("List", func(b *diffBackend) diffResult { v, err := b.svc.List(w.ctx, a, l.ID); return diffResult{v, err} })
	}
}

// outbox compares every message (kind, key, payload, at) in order. Seqs
// are left out: the contract lets them have gaps, and the memory store
// uses Seqs up on a rolled-back Append where the SQL ones may not. Each
// backend is read following its own Seqs, 7 at a time, and Seqs must
// increase.
func (w *diffWorld) outbox() {
	w.do("Outbox", func(b *diffBackend) diffResult {
		var all []storage.Message
		var after int64
		for i := 0; i < 1000; i++ {
			ms, err := b.svc.Outbox(w.ctx, partnerkit.Host{}, after, 7)
			if err != nil {
				return diffResult{all, err}
			}
			if len(ms) == 0 {
				break
			}
			for _, m := range ms {
				if m.Seq <= after {
					w.t.Fatalf("%s: outbox Seq %d after %d", b.name, m.Seq, after)
				}
				after = m.Seq
				m.Seq = 0
				all = append(all, m)
			}
		}
		return diffResult{all, nil}
	})
}

// compareAll compares the whole visible state.
func (w *diffWorld) compareAll(when string) {
	wide := partnerkit.Page{Limit: 2}
	for _, a := range append(diffAgencies, partnerkit.Agency{ID: "agency-A"}) {
		w.pages(when+" Campaigns "+string(a.ID), wide, func(b *diffBackend, p partnerkit.Page) (any, string, error) {
			return b.svc.Campaigns(w.ctx, a, p)
		})
		for _, text := range diffTexts {
			w.pages(when+" Lists "+string(a.ID)+" "+text, wide, func(b *diffBackend, p partnerkit.Page) (any, string, error) {
				return b.svc.Lists(w.ctx, a, text, p)
			})
			f := productlist.ProductFilter{Text: text}
			w.pages(when+" Products "+text, wide, func(b *diffBackend, p partnerkit.Page) (any, string, error) {
				return b.svc.Products(w.ctx, a, f, p)
			})
		}
		w.do(when+" AgencyStatement", func(b *diffBackend) diffResult {
			v, err := b.svc.AgencyStatement(w.ctx, a, commission.MustParseCurrency("USD"), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC))
			return diffResult{v, err}
		})
	}
	for _, c := range w.campaigns {
		a := partnerkit.Agency{ID: c.Agency}
		for _, text := range diffTexts {
			f := registration.Filter{Text: text}
			w.pages(when+" CampaignRegistrations "+text, wide, func(b *diffBackend, p partnerkit.Page) (any, string, error) {
				return b.svc.CampaignRegistrations(w.ctx, a, c.ID, f, p)
			})
		}
		w.do(when+" CampaignMetrics", func(b *diffBackend) diffResult {
			v, err := b.svc.CampaignMetrics(w.ctx, a, c.ID)
			return diffResult{v, err}
		})
		w.pages(when+" ProductMetrics", wide, func(b *diffBackend, p partnerkit.Page) (any, string, error) {
			return b.svc.ProductMetrics(w.ctx, a, c.ID, 0, p)
		})
		w.do(when+" CampaignOrders", func(b *diffBackend) diffResult {
			v, err := b.svc.CampaignOrders(w.ctx, a, c.ID, time.Time{}, time.Time{})
			return diffResult{v, err}
		})
		w.pages(when+" CollaborationProgress", wide, func(b *diffBackend, p partnerkit.Page) (any, string, error) {
			return b.svc.CollaborationProgress(w.ctx, a, c.ID, p)
		})
		w.do(when+" Campaign", func(b *diffBackend) diffResult { v, err := b.svc.Campaign(w.ctx, a, c.ID); return diffResult{v, err} })
	}
	for _, sl := range diffSellers {
		for _, text := range diffTexts {
			f := registration.Filter{Text: text}
			w.pages(when+" Registrations "+text, wide, func(b *diffBackend, p partnerkit.Page) (any, string, error) {
				return b.svc.Registrations(w.ctx, sl, f, p)
			})
			cf := campaign.Filter{Text: text}
			w.pages(when+" FindCampaigns "+text, wide, func(b *diffBackend, p partnerkit.Page) (any, string, error) {
				return b.svc.FindCampaigns(w.ctx, sl, cf, p)
			})
		}
		w.do(when+" SellerOrdersCSV", func(b *diffBackend) diffResult {
			v, err := b.svc.SellerOrdersCSV(w.ctx, sl, time.Time{}, time.Time{})
			return diffResult{string(v), err}
		})
	}
	for _, cr := range diffCreators {
		w.do(when+" CreatorOrders", func(b *diffBackend) diffResult {
			v, err := b.svc.CreatorOrders(w.ctx, cr, time.Time{}, time.Time{})
			return diffResult{v, err}
		})
		w.do(when+" Showcase", func(b *diffBackend) diffResult { v, err := b.svc.Showcase(w.ctx, cr); return diffResult{v, err} })
	}
	for _, k := range w.lineKeys {
		for _, c := range w.campaigns {
			w.do(when+" Explain", func(b *diffBackend) diffResult {
				v, err := b.svc.Explain(w.ctx, partnerkit.Agency{ID: c.Agency}, k)
				return diffResult{v, err}
			})
		}
	}
	w.outbox()
}
