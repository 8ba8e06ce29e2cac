package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

// Open creates and migrates a database file; an Update counts the agency's
// lists and creates one in the same transaction, so the P2 limit of 1000
// lists holds under concurrent writers. Once Update returns nil the list is
// on disk: a store opened again on the file reads it back.
func ExampleOpen() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "partnerkit-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "partnerkit.db")

	store, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		panic(err)
	}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	err = store.Update(ctx, func(tx storage.Tx) error {
		n, err := tx.Lists().Count("agency-1")
		if err != nil {
			return err
		}
		l, err := productlist.NewList("list-1", "agency-1", "Summer picks", n, now)
		if err != nil {
			return err
		}
		return tx.Lists().Create(l)
	})
	fmt.Println("create:", err)
	fmt.Println("close:", store.Close())

	store, err = sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		panic(err)
	}
	defer store.Close()
	err = store.View(ctx, func(tx storage.Tx) error {
		l, err := tx.Lists().Get("list-1")
		if err != nil {
			return err
		}
		fmt.Printf("reopened: %s %q of %s\n", l.ID, l.Name, l.Agency)
		return nil
	})
	fmt.Println("view:", err)
	// Output:
	// create: <nil>
	// close: <nil>
	// reopened: list-1 "Summer picks" of agency-1
	// view: <nil>
}
