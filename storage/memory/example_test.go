package memory_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
)

// Example wires the memory store: one Update creates a product list and
// records the event in the outbox in the same transaction; a failed Update
// leaves no trace; a View reads both back.
func Example() {
	ctx := context.Background()
	store := memory.New()
	defer store.Close()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

	err := store.Update(ctx, func(tx storage.Tx) error {
		n, err := tx.Lists().Count("agency-1")
		if err != nil {
			return err
		}
		l, err := productlist.NewList("list-1", "agency-1", "Summer picks", n, now)
		if err != nil {
			return err
		}
		if err := tx.Lists().Create(l); err != nil {
			return err
		}
		_, err = tx.Outbox().Append(storage.Message{Kind: "list.created", Key: string(l.ID), At: now})
		return err
	})
	fmt.Println("create:", err)

	errNo := errors.New("changed my mind")
	err = store.Update(ctx, func(tx storage.Tx) error {
		if err := tx.Lists().Delete("list-1"); err != nil {
			return err
		}
		return errNo
	})
	fmt.Println("delete rolled back:", errors.Is(err, errNo))

	_ = store.View(ctx, func(tx storage.Tx) error {
		lists, next, err := tx.Lists().List(storage.ListQuery{Agency: "agency-1", Name: "summer"}, storage.Page{})
		if err != nil {
			return err
		}
		for _, l := range lists {
			fmt.Printf("list %s %q\n", l.ID, l.Name)
		}
		fmt.Printf("next cursor: %q\n", next)
		msgs, err := tx.Outbox().Read(0, 10)
		if err != nil {
			return err
		}
		for _, m := range msgs {
			fmt.Println("event", m.Seq, m.Kind, m.Key)
		}
		return nil
	})
	fmt.Println("after close:", store.Close(), errors.Is(store.View(ctx, func(storage.Tx) error { return nil }), storage.ErrClosed))
	// Output:
	// create: <nil>
	// delete rolled back: true
	// list list-1 "Summer picks"
	// next cursor: ""
	// event 1 list.created list-1
	// after close: <nil> true
}
