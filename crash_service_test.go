package partnerkit_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/internal/crashtest"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

// The Service crash test re-executes the test binary as a child
// (serviceCrashEnv carries its database and round) that drives the Service
// over a SQLite file: event ingest, list edits and registration approvals.
// Before each call it prints "begin OP", after the call returns nil
// "done"; the parent SIGKILLs it at a random moment, reopens the file and
// checks that the state is exactly the reported operations, plus at most the
// one in flight, whole. PARTNERKIT_CRASH_KILLS sets the kills (default 10).
const serviceCrashEnv = "PARTNERKIT_SERVICE_CRASH_CHILD"

// The world's ids, fixed by its counted NewID.
const (
	crashCampaign = "campaign-1"
	crashSerum    = "registration-1"
	crashMask     = "registration-2"
)

// crashClock is the children's clock: inside the registration period, after
// maya accepted the world's list.
var crashClock = start.Add(time.Hour)

func TestServiceCrashChild(t *testing.T) {
	arg := os.Getenv(serviceCrashEnv)
	if arg == "" {
		t.Skip("run by TestServiceCrashLosesNothing")
	}
	path, r, _ := strings.Cut(arg, "|")
	round, _ := strconv.Atoi(r)
	ctx := context.Background()
	fail := func(what string, err error) {
		fmt.Fprintf(os.Stderr, "child: %s: %v\n", what, err)
		os.Exit(2)
	}
	store, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		fail("open", err)
	}
	var nextID string
	svc := partnerkit.New(store, partnerkit.Options{
		Clock: func() time.Time { return crashClock },
		Keys:  productlist.KeySet{Keys: []productlist.Key{keyAurora, keyRival}},
		NewID: func(string) string { return nextID },
	})
	aurora, glow, maya := partnerkit.Agency{ID: "agency-aurora"}, partnerkit.Seller{Shop: "USGLOW001"}, partnerkit.Creator{ID: "creator-maya"}
	rng := rand.New(rand.NewPCG(uint64(round), 11))
	var lists []string                                        // this round's lists
	var pending []string                                      // this round's registrations awaiting approval
	var paid []string                                         // this round's paid orders
	say := func(s string) { os.Stdout.WriteString(s + "\n") } // unbuffered
	usdCents := func(n int) commission.Money { return commission.FromMinor(int64(n), usd) }
	for i := 0; ; i++ {
		var op string
		var call func() error
		switch k := rng.IntN(10); {
		case k < 4: // a batch of events: new paid orders, and a refund or delivery of an earlier one
			var evs []attribution.Event
			var ids []string
			for j := range 1 + rng.IntN(4) {
				order := fmt.Sprintf("o-r%d-%d-%d", round, i, j)
				reg := registration.ProductID("serum-30ml")
				if rng.IntN(2) == 0 {
					reg = "mask-5pk"
				}
				ev := attribution.Event{
					ID: attribution.EventID("p-" + order), Kind: attribution.Paid, Order: attribution.OrderID(order), Line: "1",
					Creator: maya.ID, Entry: partnerkit.EntryOf(glow.Shop, reg), Amount: usdCents(500 + rng.IntN(10000)),
					At: crashClock, Placed: crashClock,
				}
				evs, ids = append(evs, ev), append(ids, string(ev.ID))
				paid = append(paid, order+"|"+string(reg))
			}
			if len(paid) > len(evs) {
				o, reg, _ := strings.Cut(paid[rng.IntN(len(paid)-len(evs))], "|")
				ev := attribution.Event{
					ID: attribution.EventID(fmt.Sprintf("x-%s-%d", o, i)), Order: attribution.OrderID(o), Line: "1",
					Creator: maya.ID, Entry: partnerkit.EntryOf(glow.Shop, registration.ProductID(reg)), At: crashClock.Add(time.Minute), Placed: crashClock,
				}
				if rng.IntN(2) == 0 {
					ev.Kind, ev.Amount = attribution.Refunded, usdCents(1)
				} else {
					ev.Kind = attribution.Delivered
				}
				evs, ids = append(evs, ev), append(ids, string(ev.ID))
			}
			op = "ingest " + strings.Join(ids, ",")
			call = func() error {
				rs, err := svc.IngestEvents(ctx, partnerkit.Host{}, evs)
				for _, r := range rs {
					if err == nil && r.Err != nil {
						err = fmt.Errorf("event %s: %w", r.Event, r.Err)
					}
				}
				return err
			}
		case k < 5 && len(lists) > 0: // delete one of this round's lists
			j := rng.IntN(len(lists))
			id := lists[j]
			lists = slices.Delete(lists, j, j+1)
			op = "delete " + id
			call = func() error { return svc.DeleteList(ctx, aurora, productlist.ListID(id)) }
		case k < 7: // create a list and add a product to it, two transactions
			nextID = fmt.Sprintf("list-r%d-%d", round, i)
			id := nextID
			say("begin create " + id)
			if _, err := svc.CreateList(ctx, aurora, "Crash "+id); err != nil {
				if errors.Is(err, partnerkit.ErrLimit) {
					say("refused")
					continue
				}
				fail("CreateList", err)
			}
			say("done")
			lists = append(lists, id)
			reg := []string{crashSerum, crashMask}[rng.IntN(2)]
			op = "add " + id + " " + reg
			call = func() error {
				_, err := svc.AddToList(ctx, aurora, productlist.ListID(id), registration.ID(reg), commission.Rate(100+rng.IntN(700)))
				return err
			}
		case k < 9 || len(pending) == 0: // a seller registers a product
			nextID = fmt.Sprintf("reg-r%d-%d", round, i)
			id := nextID
			pending = append(pending, id)
			op = "register " + id
			call = func() error {
				_, err := svc.RegisterProduct(ctx, glow, partnerkit.RegisterInput{
					Campaign: crashCampaign, Product: registration.ProductID("crash-" + id), ProductTitle: "Crash " + id, Rate: 1500,
				})
				return err
			}
		default: // the agency approves one
			id := pending[0]
			pending = pending[1:]
			op = "approve " + id
			call = func() error { _, err := svc.ApproveRegistration(ctx, aurora, registration.ID(id)); return err }
		}
		say("begin " + op)
		if err := call(); err != nil {
			fail(op, err)
		}
		say("done")
	}
}

// crashModel is the state the reported operations made.
type crashModel struct {
	Events map[string]bool               // event ids
	Lists  map[string]map[string]bool    // list -> registrations in it
	Regs   map[string]registration.State // registrations the children made
}

func newCrashModel() crashModel {
	return crashModel{Events: map[string]bool{}, Lists: map[string]map[string]bool{}, Regs: map[string]registration.State{}}
}

func (m crashModel) clone() crashModel {
	c := newCrashModel()
	for k := range m.Events {
		c.Events[k] = true
	}
	for k, v := range m.Lists {
		c.Lists[k] = map[string]bool{}
		for r := range v {
			c.Lists[k][r] = true
		}
	}
	for k, v := range m.Regs {
		c.Regs[k] = v
	}
	return c
}

// apply returns m after op.
func (m crashModel) apply(op string) crashModel {
	m = m.clone()
	f := strings.Fields(op)
	switch f[0] {
	case "ingest":
		for _, id := range strings.Split(f[1], ",") {
			m.Events[id] = true
		}
	case "create":
		m.Lists[f[1]] = map[string]bool{}
	case "add":
		m.Lists[f[1]][f[2]] = true
	case "delete":
		delete(m.Lists, f[1])
	case "register":
		m.Regs[f[1]] = registration.Pending
	case "approve":
		m.Regs[f[1]] = registration.Approved
	}
	return m
}

func TestServiceCrashLosesNothing(t *testing.T) {
	if os.Getenv(serviceCrashEnv) != "" {
		t.Skip("child")
	}
	kills := crashtest.Kills(t, 10, 3)
	path := filepath.Join(t.TempDir(), "service.db")
	ctx := context.Background()
	store, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w := newWorldOn(t, store, partnerkit.Options{})
	w.accept(w.maya, w.listLink)
	if w.camp.ID != crashCampaign || w.serum.ID != crashSerum || w.mask.ID != crashMask {
		t.Fatalf("world ids %s %s %s, want %s %s %s", w.camp.ID, w.serum.ID, w.mask.ID, crashCampaign, crashSerum, crashMask)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}

	model := newCrashModel()
	ops, inflight := 0, 0
	for round := range kills {
		done, next := runServiceChild(t, path, round)
		for _, op := range done {
			model = model.apply(op)
		}
		ops += len(done)
		if next != "" {
			inflight++
		}
		checkServiceAfterCrash(t, path, model, next)
		if next != "" {
			// Whichever way the in-flight operation went, the next round
			// starts from the stored state: adopt it.
			model = storedCrashModel(t, path, model, next)
		}
	}
	events := replayCrashEvents(t, path)
	t.Logf("%d kills survived: %d reported operations all present, %d killed in flight (never half-written), integrity ok; %d stored events replayed into a fresh store give the same ledger and metrics",
		kills, ops, inflight, events)
}

// runServiceChild runs one child until a random moment after its first
// reported operation, kills it, and returns the operations it reported
// done and the one it had begun and not reported ("" if none).
func runServiceChild(t *testing.T, path string, round int) (done []string, next string) {
	t.Helper()
	cmd, lines := crashtest.Start(t, "TestServiceCrashChild", serviceCrashEnv, path+"|"+strconv.Itoa(round))
	var kill <-chan time.Time
	timeout := time.After(60 * time.Second)
	killed := false
	for {
		select {
		case s, ok := <-lines:
			if !ok {
				if err := cmd.Wait(); err == nil || !killed {
					t.Fatalf("round %d: child ended by itself: %v", round, err)
				}
				return done, next
			}
			switch {
			case strings.HasPrefix(s, "begin "):
				next = strings.TrimPrefix(s, "begin ")
			case s == "done":
				done, next = append(done, next), ""
				if kill == nil && !killed {
					kill = time.After(time.Duration(rand.IntN(60_000)) * time.Microsecond)
				}
			case s == "refused":
				next = ""
			case strings.HasPrefix(s, "ok") || strings.HasPrefix(s, "PASS") || s == "":
			default:
				t.Logf("round %d: child says %q", round, s)
			}
		case <-kill:
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed, kill = true, nil
		case <-timeout:
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("round %d: no progress from the child within 60s", round)
		}
	}
}

// storedCrashModel reads the children's records from the file.
func storedCrashModel(t *testing.T, path string, model crashModel, next string) crashModel {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatalf("reopening after a kill: %v", err)
	}
	defer s.Close()
	got := newCrashModel()
	err = s.View(ctx, func(tx storage.Tx) error {
		lines, err := ledgerMatchesRecompute(tx, crashCampaign)
		if err != nil {
			return err
		}
		for _, l := range lines {
			for _, e := range l.Events {
				got.Events[string(e.ID)] = true
			}
		}
		ls, _, err := tx.Lists().List(storage.ListQuery{Agency: "agency-aurora"}, partnerkit.Page{Limit: storage.MaxLimit})
		if err != nil {
			return err
		}
		for _, l := range ls {
			if !strings.HasPrefix(string(l.ID), "list-r") {
				continue
			}
			if err := l.Validate(); err != nil {
				return fmt.Errorf("list %s: %w", l.ID, err)
			}
			got.Lists[string(l.ID)] = map[string]bool{}
			for _, e := range l.Entries {
				got.Lists[string(l.ID)][string(e.Product.Registration)] = true
			}
		}
		p := partnerkit.Page{Limit: storage.MaxLimit}
		for {
			rs, after, err := tx.Registrations().List(storage.RegistrationQuery{Campaign: crashCampaign}, p)
			if err != nil {
				return err
			}
			for _, r := range rs {
				if strings.HasPrefix(string(r.ID), "reg-r") {
					got.Regs[string(r.ID)] = r.State
				}
			}
			if after == "" {
				return nil
			}
			p.After = after
		}
	})
	if err != nil {
		t.Fatalf("reading the file after a kill: %v", err)
	}
	return got
}

// checkServiceAfterCrash reopens the file and checks that it holds exactly
// the reported operations, or those and the one in flight, whole; that the
// ledger and metrics match a recomputation; and PRAGMA integrity_check.
func checkServiceAfterCrash(t *testing.T, path string, model crashModel, next string) {
	t.Helper()
	got := storedCrashModel(t, path, model, next)
	if !cmp.Equal(got, model) {
		if next == "" || !cmp.Equal(got, model.apply(next)) {
			t.Fatalf("after a kill with %q in flight, the file holds neither the reported state nor it plus that operation (-reported +stored):\n%s",
				next, cmp.Diff(model, got))
		}
	}
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil {
		t.Fatal(err)
	}
	if res != "ok" {
		t.Fatalf("PRAGMA integrity_check = %q, want ok", res)
	}
}

// replayCrashEvents applies every stored event, shuffled, to a fresh world
// over the memory store and checks it derives the same lines (A1).
func replayCrashEvents(t *testing.T, path string) int {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var stored []attribution.Line
	if err := s.View(ctx, func(tx storage.Tx) error { stored, err = allLines(tx); return err }); err != nil {
		t.Fatal(err)
	}
	var evs []attribution.Event
	for _, l := range stored {
		evs = append(evs, l.Events...)
	}
	rand.Shuffle(len(evs), func(i, j int) { evs[i], evs[j] = evs[j], evs[i] })
	fresh := newWorld(t)
	fresh.accept(fresh.maya, fresh.listLink)
	fresh.clock.Set(crashClock)
	for chunk := range slices.Chunk(evs, 500) {
		fresh.ingest(chunk...)
	}
	err = fresh.store.View(ctx, func(tx storage.Tx) error {
		replayed, err := ledgerMatchesRecompute(tx, crashCampaign)
		if err != nil {
			return err
		}
		if diff := cmp.Diff(stored, replayed, cmpLines...); diff != "" {
			return fmt.Errorf("replayed lines differ (-sqlite +replayed):\n%s", diff)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return len(evs)
}
