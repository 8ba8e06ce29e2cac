package postgres_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/postgres"
)

// When every attempt an Update may make ends in a serialization failure,
// its error wraps storage.ErrBusy, so a host can tell "try again" from a
// refusal, and the 40001 itself; nothing of the Update is written.
func TestUpdateThatKeepsConflictingIsErrBusy(t *testing.T) {
	dsn(t)
	ctx := context.Background()
	schema := freshSchema(t)
	a := openSchema(t, schema, postgres.Options{MaxAttempts: 1})
	b := openSchema(t, schema, postgres.Options{})
	put := func(s storage.Store, agency campaign.AgencyID) error {
		return s.Update(ctx, func(tx storage.Tx) error {
			return tx.Showcases().Put(productlist.Showcase{Creator: "maya", Agency: agency})
		})
	}
	if err := put(b, "agency-first"); err != nil {
		t.Fatal(err)
	}

	// a reads maya's showcase; b changes it and commits; a writes it: a
	// SERIALIZABLE transaction cannot commit that, and a has one attempt.
	read, written := make(chan struct{}), make(chan struct{})
	errc := make(chan error, 1)
	go func() {
		errc <- a.Update(ctx, func(tx storage.Tx) error {
			if _, err := tx.Showcases().Get("maya"); err != nil {
				return err
			}
			close(read)
			<-written
			return tx.Showcases().Put(productlist.Showcase{Creator: "maya", Agency: "agency-a"})
		})
	}()
	<-read
	if err := put(b, "agency-b"); err != nil {
		t.Fatal(err)
	}
	close(written)
	err := <-errc
	var pe *pgconn.PgError
	if !errors.Is(err, storage.ErrBusy) || !errors.As(err, &pe) || pe.Code != "40001" {
		t.Fatalf("Update that met a serialization failure on its one attempt = %v; want storage.ErrBusy wrapping the 40001", err)
	}
	for _, sentinel := range []error{storage.ErrConflict, storage.ErrInvalid, storage.ErrNotFound, storage.ErrLimit} {
		if errors.Is(err, sentinel) {
			t.Errorf("ErrBusy error %v matches %v too", err, sentinel)
		}
	}
	err = b.View(ctx, func(tx storage.Tx) error {
		sc, err := tx.Showcases().Get("maya")
		if err == nil && sc.Agency != "agency-b" {
			err = errors.New("maya's showcase names " + string(sc.Agency) + ", want agency-b: the failed Update wrote")
		}
		return err
	})
	if err != nil {
		t.Error(err)
	}
}
