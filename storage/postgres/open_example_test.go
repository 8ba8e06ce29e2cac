package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/postgres"
)

// Open connects with a DSN from the environment and migrates the tables
// into their own schema; each Update is one SERIALIZABLE transaction, so
// the P2 limit of 1000 lists per agency, checked by counting, holds across
// processes. It has no Output: it is compiled but not run, as it needs a
// database; locally, eval "$(scripts/postgres-up)" starts PostgreSQL and
// sets PARTNERKIT_POSTGRES_DSN.
func ExampleOpen() {
	ctx := context.Background()
	dsn := os.Getenv("PARTNERKIT_POSTGRES_DSN") // postgres://user:pass@host:5432/db?sslmode=disable
	if dsn == "" {
		log.Fatal("PARTNERKIT_POSTGRES_DSN is not set")
	}
	store, err := postgres.Open(ctx, dsn, postgres.Options{Schema: "partnerkit", MaxConns: 20})
	if errors.Is(err, postgres.ErrSchemaTooNew) {
		log.Fatalf("a newer partnerkit migrated this database; upgrade before opening it: %v", err)
	}
	if err != nil {
		log.Fatal(err) // a malformed DSN, an unreachable server, a failed migration
	}
	defer store.Close()

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
	switch {
	case errors.Is(err, storage.ErrConflict):
		fmt.Println("list-1 exists already")
	case errors.Is(err, storage.ErrLimit):
		fmt.Println("agency-1 has 1000 lists")
	case err != nil:
		log.Fatal(err)
	}
}
