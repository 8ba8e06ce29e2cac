package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

// When another Store (another process, in production) holds the file's
// write lock through every attempt, Update's error wraps storage.ErrBusy,
// so a host can tell "try again" from a refusal; nothing of it is
// written, and once the lock is gone the same Update succeeds.
func TestUpdateOfABusyFileIsErrBusy(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "busy.db")
	holder, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	waiter, err := sqlite.Open(ctx, path, sqlite.Options{BusyTimeout: 20 * time.Millisecond, MaxAttempts: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer waiter.Close()

	put := func(tx storage.Tx) error {
		return tx.Showcases().Put(productlist.Showcase{Creator: "maya", Agency: "agency-waiter"})
	}
	locked, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- holder.Update(ctx, func(tx storage.Tx) error {
			close(locked)
			<-release
			return nil
		})
	}()
	<-locked
	err = waiter.Update(ctx, put)
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("holder's Update: %v", err)
	}
	if !errors.Is(err, storage.ErrBusy) {
		t.Fatalf("Update while another Store holds the file = %v; want storage.ErrBusy", err)
	}
	for _, sentinel := range []error{storage.ErrConflict, storage.ErrInvalid, storage.ErrNotFound, storage.ErrLimit} {
		if errors.Is(err, sentinel) {
			t.Errorf("ErrBusy error %v matches %v too", err, sentinel)
		}
	}
	err = waiter.View(ctx, func(tx storage.Tx) error {
		sc, err := tx.Showcases().Get("maya")
		if err == nil && sc.Agency != "" {
			err = errors.New("the busy Update wrote maya's showcase")
		}
		return err
	})
	if err != nil {
		t.Error(err)
	}
	if err := waiter.Update(ctx, put); err != nil {
		t.Errorf("the same Update once the file is free: %v", err)
	}
}
