package memory_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
)

// New returns an empty store, ready for partnerkit.New. What it stores is
// kept exactly and apart from the caller: a read returns a copy, so
// changing it changes nothing stored, and money keeps its exponent (a
// price of 20.00 reads back as 20.00, not 20). Outbox Seqs are never
// reused, even by an Append whose Update rolled back.
func ExampleNew() {
	ctx := context.Background()
	store := memory.New()
	defer store.Close()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	price, _ := commission.NewMoney("20.00", "USD")
	mug := productlist.Product{
		Registration: "reg-1", Campaign: "camp-1", Agency: "agency-1", Shop: "USSHOP1",
		ID: "prod-1", Title: "Travel mug", Price: price, Total: 2000, Available: true,
	}

	err := store.Update(ctx, func(tx storage.Tx) error {
		l, _ := productlist.NewList("list-1", "agency-1", "Summer picks", 0, now)
		l, _ = l.Add(mug, 1500, now)
		return tx.Lists().Create(l)
	})
	fmt.Println("create:", err)

	get := func() productlist.List {
		var l productlist.List
		if err := store.View(ctx, func(tx storage.Tx) (err error) { l, err = tx.Lists().Get("list-1"); return err }); err != nil {
			panic(err)
		}
		return l
	}
	read := get()
	read.Entries[0].Product.Title = "Changed by the caller"
	again := get().Entries[0]
	fmt.Println(again.Product.Title, again.Product.Price, again.Rates[0].Rate)

	rollback := errors.New("rolled back")
	_ = store.Update(ctx, func(tx storage.Tx) error {
		_, _ = tx.Outbox().Append(storage.Message{Kind: "list.created", Key: "list-1", At: now})
		return rollback
	})
	_ = store.Update(ctx, func(tx storage.Tx) error {
		_, err := tx.Outbox().Append(storage.Message{Kind: "list.created", Key: "list-1", At: now})
		return err
	})
	_ = store.View(ctx, func(tx storage.Tx) error {
		msgs, err := tx.Outbox().Read(0, 10)
		for _, m := range msgs {
			fmt.Println("outbox", m.Seq, m.Kind, m.Key)
		}
		return err
	})
	// Output:
	// create: <nil>
	// Travel mug 20.00 USD 15%
	// outbox 2 list.created list-1
}
