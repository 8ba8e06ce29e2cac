package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/postgres"
)

func TestSmoke(t *testing.T) {
	ctx := context.Background()
	s := openSchema(t, freshSchema(t), postgres.Options{})
	err := s.Update(ctx, func(tx storage.Tx) error {
		for i := range 5 {
			l := productlist.List{ID: productlist.ListID(fmt.Sprintf("l%d", i)), Agency: "a1", Name: fmt.Sprintf("List %d", i)}
			if err := tx.Lists().Create(l); err != nil {
				return err
			}
		}
		if err := tx.Lists().Create(productlist.List{ID: "l1", Agency: "a1", Name: "x"}); !errors.Is(err, storage.ErrConflict) {
			return fmt.Errorf("dup: %v", err)
		}
		if _, err := tx.Outbox().Append(storage.Message{Kind: "k", Key: "x"}, storage.Message{Kind: "k2"}); err != nil {
			return err
		}
		return tx.Agencies().Put(campaign.Onboarding{Agency: "a1", Stage: campaign.Started})
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.View(ctx, func(tx storage.Tx) error {
		n, err := tx.Lists().Count("a1")
		if err != nil || n != 5 {
			return fmt.Errorf("count %d %v", n, err)
		}
		ls, next, err := tx.Lists().List(storage.ListQuery{Agency: "a1", Name: "LIST"}, storage.Page{Limit: 2})
		if err != nil || len(ls) != 2 || next == "" {
			return fmt.Errorf("page %v %q %v", ls, next, err)
		}
		ls, next, err = tx.Lists().List(storage.ListQuery{Agency: "a1"}, storage.Page{Limit: 3, After: next})
		if err != nil || len(ls) != 3 || next != "" || ls[0].ID != "l2" {
			return fmt.Errorf("page2 %v %q %v", ls, next, err)
		}
		ms, err := tx.Outbox().Read(0, 0)
		if err != nil || len(ms) != 2 || ms[1].Seq != 2 {
			return fmt.Errorf("outbox %v %v", ms, err)
		}
		if err := tx.Agencies().Put(campaign.Onboarding{Agency: "a2"}); !errors.Is(err, storage.ErrReadOnly) {
			return fmt.Errorf("ro %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
