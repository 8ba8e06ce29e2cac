package storagetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
)

// writeSome writes one record to several repositories, the same way every
// rollback test does, and returns them for checks.
func writeSome(tx storage.Tx) error {
	if err := tx.Campaigns().Create(newCampaign("c-rb", "ag-rb", 3)); err != nil {
		return err
	}
	if err := tx.Lists().Create(newList("l-rb", "ag-rb", "Rollback", 2)); err != nil {
		return err
	}
	if err := tx.Agencies().Put(campaign.NewOnboarding("ag-rb", now)); err != nil {
		return err
	}
	if _, err := tx.Outbox().Append(storage.Message{Kind: "rollback.test", Key: "c-rb", At: now}); err != nil {
		return err
	}
	return tx.Metrics().SetCreatorLines("c-rb", "alice", 1)
}

// checkNothingWritten fails t if any write of writeSome is visible.
func checkNothingWritten(t *testing.T, s storage.Store) {
	t.Helper()
	view(t, s, func(tx storage.Tx) error {
		_, err := tx.Campaigns().Get("c-rb")
		wantErr(t, "Campaigns().Get after rollback", err, storage.ErrNotFound)
		_, err = tx.Lists().Get("l-rb")
		wantErr(t, "Lists().Get after rollback", err, storage.ErrNotFound)
		if n, err := tx.Lists().Count("ag-rb"); err != nil || n != 0 {
			t.Errorf("Lists().Count after rollback = %d, %v; want 0, nil", n, err)
		}
		_, err = tx.Agencies().Get("ag-rb")
		wantErr(t, "Agencies().Get after rollback", err, storage.ErrNotFound)
		if msgs, err := tx.Outbox().Read(0, 0); err != nil || len(msgs) != 0 {
			t.Errorf("Outbox().Read after rollback = %v, %v; want none", msgs, err)
		}
		if n, err := tx.Metrics().CreatorLines("c-rb", "alice"); err != nil || n != 0 {
			t.Errorf("CreatorLines after rollback = %d, %v; want 0, nil", n, err)
		}
		return nil
	})
}

func updateCommits(t *testing.T, s storage.Store) {
	update(t, s, writeSome)
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Campaigns().Get("c-rb")
		wantErr(t, "Campaigns().Get", err, nil)
		diff(t, "Campaigns().Get", newCampaign("c-rb", "ag-rb", 3), got)
		if n, err := tx.Lists().Count("ag-rb"); err != nil || n != 1 {
			t.Errorf("Lists().Count = %d, %v; want 1, nil", n, err)
		}
		return nil
	})
}

func updateErrorRollsBack(t *testing.T, s storage.Store) {
	wrapped := fmt.Errorf("service: %w", errBoom)
	err := s.Update(context.Background(), func(tx storage.Tx) error {
		if err := writeSome(tx); err != nil {
			t.Fatalf("writeSome: %v", err)
		}
		return wrapped
	})
	if !errors.Is(err, errBoom) {
		t.Fatalf("Update = %v, want fn's error %v", err, wrapped)
	}
	checkNothingWritten(t, s)
	// The store is usable afterwards, and the same writes now succeed.
	update(t, s, writeSome)
}

func updatePanicRollsBack(t *testing.T, s storage.Store) {
	func() {
		defer func() {
			if r := recover(); r != errBoom {
				t.Fatalf("recover() = %v, want the panic value %v re-raised", r, errBoom)
			}
		}()
		_ = s.Update(context.Background(), func(tx storage.Tx) error {
			if err := writeSome(tx); err != nil {
				t.Fatalf("writeSome: %v", err)
			}
			panic(errBoom)
		})
		t.Fatal("Update returned after fn panicked")
	}()
	checkNothingWritten(t, s)
	update(t, s, writeSome)
}

func updateCanceledContextRollsBack(t *testing.T, s storage.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	err := s.Update(ctx, func(tx storage.Tx) error { ran = true; return writeSome(tx) })
	if err == nil {
		t.Errorf("Update(canceled ctx) = nil, want an error")
	}
	checkNothingWritten(t, s)
	err = s.View(ctx, func(tx storage.Tx) error { return nil })
	if err == nil {
		t.Errorf("View(canceled ctx) = nil, want an error")
	}
	_ = ran // a backend may or may not run fn before noticing

	// Canceled while fn runs: whatever fn wrote is dropped.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	err = s.Update(ctx, func(tx storage.Tx) error {
		if err := writeSome(tx); err != nil {
			return err
		}
		cancel()
		return nil
	})
	if err == nil {
		t.Errorf("Update(ctx canceled inside fn) = nil, want an error")
	}
	checkNothingWritten(t, s)
}

func updateSeesOwnWrites(t *testing.T, s storage.Store) {
	update(t, s, func(tx storage.Tx) error {
		c := newCampaign("c-own", "ag-own", 2)
		wantErr(t, "Create", tx.Campaigns().Create(c), nil)
		got, err := tx.Campaigns().Get("c-own")
		wantErr(t, "Get in the same tx", err, nil)
		diff(t, "Get in the same tx", c, got)
		cs, _, err := tx.Campaigns().List(storage.CampaignQuery{Agency: "ag-own"}, storage.Page{})
		wantErr(t, "List in the same tx", err, nil)
		diff(t, "List in the same tx", []campaign.Campaign{c}, cs)

		wantErr(t, "Lists().Create", tx.Lists().Create(newList("l-own", "ag-own", "Own", 1)), nil)
		wantErr(t, "Lists().Delete", tx.Lists().Delete("l-own"), nil)
		_, err = tx.Lists().Get("l-own")
		wantErr(t, "Lists().Get after Delete in the same tx", err, storage.ErrNotFound)
		if n, err := tx.Lists().Count("ag-own"); err != nil || n != 0 {
			t.Errorf("Count after Delete in the same tx = %d, %v; want 0", n, err)
		}
		msgs, err := tx.Outbox().Append(storage.Message{Kind: "k", Key: "c-own", At: now})
		wantErr(t, "Append", err, nil)
		read, err := tx.Outbox().Read(0, 10)
		wantErr(t, "Read in the same tx", err, nil)
		diff(t, "Read in the same tx", msgs, read)
		return nil
	})
}

func viewIsReadOnly(t *testing.T, s storage.Store) {
	update(t, s, func(tx storage.Tx) error {
		if err := tx.Lists().Create(newList("l-ro", "ag-ro", "Read only", 1)); err != nil {
			return err
		}
		return tx.Registrations().Create(newRegistration("r-ro", "c-ro", "ag-ro", shopCode(1), "p"))
	})
	line := newLine(t, terms("c-ro", "ag-ro", shopCode(1), "alice"),
		paid("ev-ro", attribution.LineKey{Order: "o-ro", Line: "1"}, "alice", now, "10.00"))
	view(t, s, func(tx storage.Tx) error {
		writes := []struct {
			name string
			err  error
		}{
			{"Agencies().Put", tx.Agencies().Put(campaign.NewOnboarding("ag-ro", now))},
			{"Campaigns().Create", tx.Campaigns().Create(newCampaign("c-ro", "ag-ro", 1))},
			{"Campaigns().Update", tx.Campaigns().Update(newCampaign("c-ro", "ag-ro", 1))},
			{"Registrations().Create", tx.Registrations().Create(newRegistration("r-ro2", "c-ro", "ag-ro", shopCode(2), "p"))},
			{"Registrations().Update", tx.Registrations().Update(newRegistration("r-ro", "c-ro", "ag-ro", shopCode(1), "p"))},
			{"Lists().Create", tx.Lists().Create(newList("l-ro2", "ag-ro", "Two", 1))},
			{"Lists().Update", tx.Lists().Update(newList("l-ro", "ag-ro", "Renamed", 1))},
			{"Lists().Delete", tx.Lists().Delete("l-ro")},
			{"Bookmarks().Put", tx.Bookmarks().Put(productlist.Bookmarks{Agency: "ag-ro", Registrations: nil})},
			{"Showcases().Put", tx.Showcases().Put(productlist.Showcase{Creator: "alice"})},
			{"Orders().Put", tx.Orders().Put(line)},
			{"Metrics().PutCampaign", tx.Metrics().PutCampaign(attribution.CampaignMetrics{Campaign: "c-ro", Agency: "ag-ro"})},
			{"Metrics().PutProduct", tx.Metrics().PutProduct(attribution.ProductMetrics{Campaign: "c-ro", Agency: "ag-ro", Product: "p"})},
			{"Metrics().SetCreatorLines", tx.Metrics().SetCreatorLines("c-ro", "alice", 1)},
			{"Progress().Put", tx.Progress().Put(attribution.Progress{Campaign: "c-ro", Product: "p", Creator: "alice"})},
			{"Outbox().Ack", tx.Outbox().Ack("reader", 0)},
		}
		for _, w := range writes {
			wantErr(t, w.name+" in a View", w.err, storage.ErrReadOnly)
		}
		_, err := tx.Outbox().Append(storage.Message{Kind: "k", At: now})
		wantErr(t, "Outbox().Append in a View", err, storage.ErrReadOnly)
		return nil
	})
	view(t, s, func(tx storage.Tx) error {
		l, err := tx.Lists().Get("l-ro")
		wantErr(t, "Lists().Get", err, nil)
		diff(t, "list after writes in a View", newList("l-ro", "ag-ro", "Read only", 1), l)
		_, err = tx.Campaigns().Get("c-ro")
		wantErr(t, "Campaigns().Get", err, storage.ErrNotFound)
		_, err = tx.Orders().LineOf("ev-ro")
		wantErr(t, "Orders().LineOf", err, storage.ErrNotFound)
		if msgs, err := tx.Outbox().Read(0, 0); err != nil || len(msgs) != 0 {
			t.Errorf("Outbox().Read = %v, %v; want none", msgs, err)
		}
		return nil
	})
}

// viewSeesSnapshot opens a View, reads a campaign, lets an Update change
// it, and reads it again in the same View: the View still sees its
// snapshot. The Update may commit before the View ends (SQL backends) or
// wait for it (the memory store); either way fn runs while the View is
// open, which the View waits for on a channel.
func viewSeesSnapshot(t *testing.T, s storage.Store) {
	orig := newCampaign("c-snap", "ag", 1)
	update(t, s, func(tx storage.Tx) error { return tx.Campaigns().Create(orig) })
	changed := orig
	changed.Details.Name = "changed"
	fnRan := make(chan struct{}, 1) // buffered: fn never waits for the View
	updated := make(chan error, 1)
	view(t, s, func(tx storage.Tx) error {
		first, err := tx.Campaigns().Get("c-snap")
		if err != nil {
			return err
		}
		go func() {
			updated <- s.Update(context.Background(), func(tx storage.Tx) error {
				err := tx.Campaigns().Update(changed)
				select {
				case fnRan <- struct{}{}:
				default: // a re-run: the signal is already there
				}
				return err
			})
		}()
		select {
		case <-fnRan:
		case <-time.After(watchdog):
			t.Fatalf("an Update could not run while a View was open")
		}
		again, err := tx.Campaigns().Get("c-snap")
		if err != nil {
			return err
		}
		diff(t, "second read in one View", first, again)
		diff(t, "first read in the View", orig, first)
		return nil
	})
	if err := <-updated; err != nil {
		t.Fatalf("Update: %v", err)
	}
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Campaigns().Get("c-snap")
		wantErr(t, "Get after the View", err, nil)
		diff(t, "Get after the View", changed, got)
		return nil
	})
}

// watchdog bounds how long a test waits for a step that should happen at
// once; it only turns a deadlock into a failure, never orders events.
const watchdog = 30 * time.Second

// viewNeverSeesPartialUpdate races Views against Updates that change two
// records together: every View sees both old or both new.
func viewNeverSeesPartialUpdate(t *testing.T, s storage.Store) {
	const rounds = 50
	set := func(tx storage.Tx, i int) error {
		for _, id := range []campaign.ID{"c-a", "c-b"} {
			c := newCampaign(id, "ag", 1)
			c.Details.Name = fmt.Sprintf("round %d", i)
			var err error
			if i == 0 {
				err = tx.Campaigns().Create(c)
			} else {
				err = tx.Campaigns().Update(c)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	update(t, s, func(tx storage.Tx) error { return set(tx, 0) })

	start := make(chan struct{})
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		defer close(done)
		<-start
		for i := 1; i <= rounds; i++ {
			if err := s.Update(context.Background(), func(tx storage.Tx) error { return set(tx, i) }); err != nil {
				t.Errorf("Update round %d: %v", i, err)
				return
			}
		}
	}()
	go func() {
		defer wg.Done()
		<-start
		for stop := false; !stop; {
			select {
			case <-done:
				stop = true // one more View after the last commit
			default:
			}
			err := s.View(context.Background(), func(tx storage.Tx) error {
				a, err := tx.Campaigns().Get("c-a")
				if err != nil {
					return err
				}
				b, err := tx.Campaigns().Get("c-b")
				if err != nil {
					return err
				}
				if a.Details.Name != b.Details.Name {
					t.Errorf("View saw half an Update: %q and %q", a.Details.Name, b.Details.Name)
				}
				return nil
			})
			if err != nil {
				t.Errorf("View: %v", err)
				return
			}
		}
	}()
	close(start)
	wg.Wait()
}

// updatesDoNotLoseWritesUnderRace has Racers goroutines increment one
// counter by read-modify-write: serializable Updates lose none.
func updatesDoNotLoseWritesUnderRace(t *testing.T, s storage.Store) {
	race(t, Racers, func(int) error {
		return s.Update(context.Background(), func(tx storage.Tx) error {
			n, err := tx.Metrics().CreatorLines("c-count", "alice")
			if err != nil {
				return err
			}
			return tx.Metrics().SetCreatorLines("c-count", "alice", n+1)
		})
	}, func(i int, err error) {
		if err != nil {
			t.Errorf("racer %d: %v", i, err)
		}
	})
	view(t, s, func(tx storage.Tx) error {
		if n, err := tx.Metrics().CreatorLines("c-count", "alice"); err != nil || n != Racers {
			t.Errorf("CreatorLines after %d increments = %d, %v", Racers, n, err)
		}
		return nil
	})
}

// race runs fn(i) for i in [0, n) on n goroutines released together by a
// barrier, then calls check(i, err) for each, in order.
func race(t *testing.T, n int, fn func(i int) error, check func(i int, err error)) {
	t.Helper()
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn(i)
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		check(i, err)
	}
}

func valuesDoNotAlias(t *testing.T, s storage.Store) {
	l := newList("l-alias", "ag", "Alias", 2)
	c := withPending(newCampaign("c-alias", "ag", 2), 3)
	update(t, s, func(tx storage.Tx) error {
		if err := tx.Lists().Create(l); err != nil {
			return err
		}
		if err := tx.Campaigns().Create(c); err != nil {
			return err
		}
		// Changing the caller's values after the write changes nothing
		// stored, even before commit.
		l.Entries[0].Product.Title = "changed"
		l.Entries[0].Rates[0].Rate = 1
		c.Details.Sellers.ShopCodes[0] = "USCHANGED1"
		c.Pending.Details.Name = "changed"
		got, err := tx.Lists().Get("l-alias")
		if err != nil {
			return err
		}
		got.Entries[1].Product.Title = "changed too"
		return nil
	})
	view(t, s, func(tx storage.Tx) error {
		gotL, err := tx.Lists().Get("l-alias")
		wantErr(t, "Lists().Get", err, nil)
		diff(t, "list after caller changed its copy", newList("l-alias", "ag", "Alias", 2), gotL)
		gotC, err := tx.Campaigns().Get("c-alias")
		wantErr(t, "Campaigns().Get", err, nil)
		diff(t, "campaign after caller changed its copy", withPending(newCampaign("c-alias", "ag", 2), 3), gotC)
		// Changing a value read in a View changes nothing either.
		gotC.Pending.Details.Sellers.ShopCodes[0] = "USCHANGED2"
		again, _ := tx.Campaigns().Get("c-alias")
		diff(t, "campaign after reader changed its copy", withPending(newCampaign("c-alias", "ag", 2), 3), again)
		return nil
	})
}

// badKeys are the keys the Store doc makes ErrInvalid for every method:
// empty, not valid UTF-8, holding a NUL byte.
var badKeys = []struct{ name, key string }{
	{"empty", ""},
	{"not UTF-8", "k-\xff"},
	{"NUL", "k-\x00"},
}

// keyedCalls call every repository method that takes an id or key, with
// k in one part of it and well-formed values elsewhere.
var keyedCalls = []struct {
	name string
	call func(tx storage.Tx, k string) error
}{
	{"Agencies().Get", func(tx storage.Tx, k string) error { return lastErr(tx.Agencies().Get(campaign.AgencyID(k))) }},
	{"Agencies().Put", func(tx storage.Tx, k string) error {
		return tx.Agencies().Put(campaign.Onboarding{Agency: campaign.AgencyID(k)})
	}},
	{"Campaigns().Get", func(tx storage.Tx, k string) error { return lastErr(tx.Campaigns().Get(campaign.ID(k))) }},
	{"Campaigns().Create", func(tx storage.Tx, k string) error {
		return tx.Campaigns().Create(newCampaign(campaign.ID(k), "ag", 1))
	}},
	{"Campaigns().Update", func(tx storage.Tx, k string) error {
		return tx.Campaigns().Update(newCampaign(campaign.ID(k), "ag", 1))
	}},
	{"Registrations().Get", func(tx storage.Tx, k string) error {
		return lastErr(tx.Registrations().Get(registration.ID(k)))
	}},
	{"Registrations().Create", func(tx storage.Tx, k string) error {
		return tx.Registrations().Create(newRegistration(registration.ID(k), "c", "ag", shopCode(1), "p"))
	}},
	{"Registrations().Create, campaign", func(tx storage.Tx, k string) error {
		return tx.Registrations().Create(newRegistration("reg", campaign.ID(k), "ag", shopCode(1), "p"))
	}},
	{"Registrations().Create, shop", func(tx storage.Tx, k string) error {
		return tx.Registrations().Create(newRegistration("reg", "c", "ag", campaign.ShopCode(k), "p"))
	}},
	{"Registrations().Create, product", func(tx storage.Tx, k string) error {
		return tx.Registrations().Create(newRegistration("reg", "c", "ag", shopCode(1), registration.ProductID(k)))
	}},
	{"Registrations().Update", func(tx storage.Tx, k string) error {
		return tx.Registrations().Update(newRegistration(registration.ID(k), "c", "ag", shopCode(1), "p"))
	}},
	{"Lists().Get", func(tx storage.Tx, k string) error { return lastErr(tx.Lists().Get(productlist.ListID(k))) }},
	{"Lists().Create", func(tx storage.Tx, k string) error {
		return tx.Lists().Create(newList(productlist.ListID(k), "ag", "x", 0))
	}},
	{"Lists().Create, agency", func(tx storage.Tx, k string) error {
		return tx.Lists().Create(newList("list", campaign.AgencyID(k), "x", 0))
	}},
	{"Lists().Update", func(tx storage.Tx, k string) error {
		return tx.Lists().Update(newList(productlist.ListID(k), "ag", "x", 0))
	}},
	{"Lists().Delete", func(tx storage.Tx, k string) error { return tx.Lists().Delete(productlist.ListID(k)) }},
	{"Lists().Count", func(tx storage.Tx, k string) error { return lastErr(tx.Lists().Count(campaign.AgencyID(k))) }},
	{"Bookmarks().Get", func(tx storage.Tx, k string) error {
		return lastErr(tx.Bookmarks().Get(campaign.AgencyID(k)))
	}},
	{"Bookmarks().Put", func(tx storage.Tx, k string) error {
		return tx.Bookmarks().Put(productlist.Bookmarks{Agency: campaign.AgencyID(k)})
	}},
	{"Showcases().Get", func(tx storage.Tx, k string) error {
		return lastErr(tx.Showcases().Get(productlist.CreatorID(k)))
	}},
	{"Showcases().Put", func(tx storage.Tx, k string) error {
		return tx.Showcases().Put(productlist.Showcase{Creator: productlist.CreatorID(k)})
	}},
	{"Orders().Get, order", func(tx storage.Tx, k string) error {
		return lastErr(tx.Orders().Get(attribution.LineKey{Order: attribution.OrderID(k), Line: "1"}))
	}},
	{"Orders().Get, line", func(tx storage.Tx, k string) error {
		return lastErr(tx.Orders().Get(attribution.LineKey{Order: "o", Line: attribution.LineID(k)}))
	}},
	{"Orders().Put, order", func(tx storage.Tx, k string) error {
		return tx.Orders().Put(attribution.Line{Key: attribution.LineKey{Order: attribution.OrderID(k), Line: "1"}})
	}},
	{"Orders().Put, line", func(tx storage.Tx, k string) error {
		return tx.Orders().Put(attribution.Line{Key: attribution.LineKey{Order: "o", Line: attribution.LineID(k)}})
	}},
	{"Orders().Put, event", func(tx storage.Tx, k string) error { return tx.Orders().Put(lineWithEvent(k)) }},
	{"Orders().LineOf", func(tx storage.Tx, k string) error { return lastErr(tx.Orders().LineOf(attribution.EventID(k))) }},
	{"GetMany, order", func(tx storage.Tx, k string) error {
		return lastErr(storage.GetMany(tx.Orders(), []attribution.LineKey{{Order: attribution.OrderID(k), Line: "1"}}))
	}},
	{"GetMany, line", func(tx storage.Tx, k string) error {
		return lastErr(storage.GetMany(tx.Orders(), []attribution.LineKey{{Order: "o", Line: attribution.LineID(k)}}))
	}},
	{"LinesOf", func(tx storage.Tx, k string) error {
		return lastErr(storage.LinesOf(tx.Orders(), []attribution.EventID{"ev-ok", attribution.EventID(k)}))
	}},
	{"PutMany, line", func(tx storage.Tx, k string) error {
		return storage.PutMany(tx.Orders(), []attribution.Line{{Key: attribution.LineKey{Order: "o", Line: attribution.LineID(k)}}})
	}},
	{"PutMany, event", func(tx storage.Tx, k string) error {
		return storage.PutMany(tx.Orders(), []attribution.Line{lineWithEvent(k)})
	}},
	{"GetMetrics, campaign", func(tx storage.Tx, k string) error {
		return lastErr(storage.GetMetrics(tx.Metrics(), storage.MetricsKeys{Campaigns: []campaign.ID{campaign.ID(k)}}))
	}},
	{"GetMetrics, product", func(tx storage.Tx, k string) error {
		return lastErr(storage.GetMetrics(tx.Metrics(), storage.MetricsKeys{
			Products: []attribution.ProductKey{{Campaign: "c", Product: registration.ProductID(k)}}}))
	}},
	{"GetMetrics, creator tally", func(tx storage.Tx, k string) error {
		return lastErr(storage.GetMetrics(tx.Metrics(), storage.MetricsKeys{
			CreatorLines: []storage.CreatorTally{{Scope: "c", Creator: productlist.CreatorID(k)}}}))
	}},
	{"PutMetrics, campaign", func(tx storage.Tx, k string) error {
		return storage.PutMetrics(tx.Metrics(), storage.MetricsSet{Campaigns: map[campaign.ID]attribution.CampaignMetrics{
			campaign.ID(k): {Campaign: campaign.ID(k)}}})
	}},
	{"PutMetrics, creator tally", func(tx storage.Tx, k string) error {
		return storage.PutMetrics(tx.Metrics(), storage.MetricsSet{CreatorLines: map[storage.CreatorTally]int64{{Scope: k, Creator: "alice"}: 1}})
	}},
	{"Metrics().Campaign", func(tx storage.Tx, k string) error { return lastErr(tx.Metrics().Campaign(campaign.ID(k))) }},
	{"Metrics().PutCampaign", func(tx storage.Tx, k string) error {
		return tx.Metrics().PutCampaign(attribution.CampaignMetrics{Campaign: campaign.ID(k)})
	}},
	{"Metrics().Product, campaign", func(tx storage.Tx, k string) error {
		return lastErr(tx.Metrics().Product(attribution.ProductKey{Campaign: campaign.ID(k), Product: "p"}))
	}},
	{"Metrics().Product, product", func(tx storage.Tx, k string) error {
		return lastErr(tx.Metrics().Product(attribution.ProductKey{Campaign: "c", Product: registration.ProductID(k)}))
	}},
	{"Metrics().PutProduct", func(tx storage.Tx, k string) error {
		return tx.Metrics().PutProduct(attribution.ProductMetrics{Campaign: "c", Product: registration.ProductID(k)})
	}},
	{"Metrics().Products", func(tx storage.Tx, k string) error {
		return lastErr3(tx.Metrics().Products(campaign.ID(k), storage.Page{}))
	}},
	{"Metrics().CreatorLines, scope", func(tx storage.Tx, k string) error { return lastErr(tx.Metrics().CreatorLines(k, "alice")) }},
	{"Metrics().CreatorLines, creator", func(tx storage.Tx, k string) error {
		return lastErr(tx.Metrics().CreatorLines("c", productlist.CreatorID(k)))
	}},
	{"Metrics().SetCreatorLines", func(tx storage.Tx, k string) error {
		return tx.Metrics().SetCreatorLines("c", productlist.CreatorID(k), 1)
	}},
	{"Progress().Get, campaign", func(tx storage.Tx, k string) error { return lastErr(tx.Progress().Get(campaign.ID(k), "p", "alice")) }},
	{"Progress().Get, product", func(tx storage.Tx, k string) error {
		return lastErr(tx.Progress().Get("c", registration.ProductID(k), "alice"))
	}},
	{"Progress().Get, creator", func(tx storage.Tx, k string) error {
		return lastErr(tx.Progress().Get("c", "p", productlist.CreatorID(k)))
	}},
	{"Progress().Put", func(tx storage.Tx, k string) error {
		return tx.Progress().Put(attribution.Progress{Campaign: "c", Product: "p", Creator: productlist.CreatorID(k)})
	}},
	{"Progress().List", func(tx storage.Tx, k string) error {
		return lastErr3(tx.Progress().List(campaign.ID(k), storage.Page{}))
	}},
	{"Outbox().Ack", func(tx storage.Tx, k string) error { return tx.Outbox().Ack(k, 0) }},
	{"Outbox().Acked", func(tx storage.Tx, k string) error { return lastErr(tx.Outbox().Acked(k)) }},
}

func lastErr(_ any, err error) error     { return err }
func lastErr3(_, _ any, err error) error { return err }

// lineWithEvent returns line o/1 holding one event, with id k.
func lineWithEvent(k string) attribution.Line {
	key := attribution.LineKey{Order: "o", Line: "1"}
	return attribution.Line{Key: key, Events: []attribution.Event{
		{ID: attribution.EventID(k), Kind: attribution.Shipped, Order: key.Order, Line: key.Line, Creator: "alice", Entry: "entry-1", At: now}}}
}

// emptyKeysInvalid: every method taking an id or key refuses an empty,
// non-UTF-8 or NUL-holding one with ErrInvalid, on every backend.
func emptyKeysInvalid(t *testing.T, s storage.Store) {
	update(t, s, func(tx storage.Tx) error {
		for _, c := range keyedCalls {
			for _, k := range badKeys {
				wantErr(t, fmt.Sprintf("%s with a key %s (%q)", c.name, k.name, k.key), c.call(tx, k.key), storage.ErrInvalid)
			}
		}
		return nil
	})
}

// badQueryFieldsInvalid: a List query field that is set but not valid
// UTF-8 or holding a NUL byte is ErrInvalid on every backend (no stored key
// could match it; PostgreSQL would refuse the parameter), while an empty
// one selects everything.
func badQueryFieldsInvalid(t *testing.T, s storage.Store) {
	update(t, s, writeSome)
	for _, k := range badKeys[1:] {
		view(t, s, func(tx storage.Tx) error {
			errOf := func(_ any, _ string, err error) error { return err }
			a, c := campaign.AgencyID(k.key), campaign.ID(k.key)
			calls := []struct {
				name string
				err  error
			}{
				{"Campaigns().List, agency", errOf(tx.Campaigns().List(storage.CampaignQuery{Agency: a}, storage.Page{}))},
				{"Registrations().List, campaign", errOf(tx.Registrations().List(storage.RegistrationQuery{Campaign: c}, storage.Page{}))},
				{"Registrations().List, agency", errOf(tx.Registrations().List(storage.RegistrationQuery{Agency: a}, storage.Page{}))},
				{"Registrations().List, shop", errOf(tx.Registrations().List(storage.RegistrationQuery{
					Filter: registration.Filter{Shop: campaign.ShopCode(k.key)}}, storage.Page{}))},
				{"Registrations().List, product", errOf(tx.Registrations().List(storage.RegistrationQuery{
					Filter: registration.Filter{Product: registration.ProductID(k.key)}}, storage.Page{}))},
				{"Lists().List, agency", errOf(tx.Lists().List(storage.ListQuery{Agency: a}, storage.Page{}))},
				{"Orders().List, campaign", errOf(tx.Orders().List(storage.LineQuery{Campaign: c}, storage.Page{}))},
				{"Orders().List, agency", errOf(tx.Orders().List(storage.LineQuery{Agency: a}, storage.Page{}))},
				{"Orders().List, shop", errOf(tx.Orders().List(storage.LineQuery{Shop: campaign.ShopCode(k.key)}, storage.Page{}))},
				{"Orders().List, creator", errOf(tx.Orders().List(storage.LineQuery{Creator: productlist.CreatorID(k.key)}, storage.Page{}))},
			}
			for _, c := range calls {
				wantErr(t, fmt.Sprintf("%s %s (%q)", c.name, k.name, k.key), c.err, storage.ErrInvalid)
			}
			// Text searches are matched in Go: any text is a query.
			if _, _, err := tx.Lists().List(storage.ListQuery{Name: k.key}, storage.Page{}); err != nil {
				t.Errorf("Lists().List, name %s (%q) = %v, want no error", k.name, k.key, err)
			}
			return nil
		})
	}
}

func badCursorInvalid(t *testing.T, s storage.Store) {
	// Not the output of storage.EncodeCursor, nor of any reasonable
	// encoding: "!" and " " are outside base64url and hex.
	bad := storage.Page{After: "!not a cursor!"}
	view(t, s, func(tx storage.Tx) error {
		errOf := func(_ any, _ string, err error) error { return err }
		calls := []struct {
			name string
			err  error
		}{
			{"Campaigns().List", errOf(tx.Campaigns().List(storage.CampaignQuery{}, bad))},
			{"Registrations().List", errOf(tx.Registrations().List(storage.RegistrationQuery{}, bad))},
			{"Lists().List", errOf(tx.Lists().List(storage.ListQuery{}, bad))},
			{"Orders().List", errOf(tx.Orders().List(storage.LineQuery{}, bad))},
			{"Metrics().Products", errOf(tx.Metrics().Products("c", bad))},
			{"Progress().List", errOf(tx.Progress().List("c", bad))},
		}
		for _, c := range calls {
			wantErr(t, c.name+" with a bad cursor", c.err, storage.ErrInvalid)
		}
		return nil
	})
}

func closeThenErrClosed(t *testing.T, s storage.Store) {
	update(t, s, writeSome)
	if err := s.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	ran := false
	wantErr(t, "Update after Close", s.Update(context.Background(), func(storage.Tx) error { ran = true; return nil }), storage.ErrClosed)
	wantErr(t, "View after Close", s.View(context.Background(), func(storage.Tx) error { ran = true; return nil }), storage.ErrClosed)
	wantErr(t, "Close after Close", s.Close(), storage.ErrClosed)
	if ran {
		t.Errorf("fn ran on a closed store")
	}
}
