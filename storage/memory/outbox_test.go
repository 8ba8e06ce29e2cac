package memory_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
)

// TestOutboxReadsAcrossChunks appends messages whose records fill the
// store's 64 KiB chunks unevenly (one alone bigger than a chunk), over
// several Updates, and reads them all back in pages from every position.
func TestOutboxReadsAcrossChunks(t *testing.T) {
	s := memory.New()
	defer s.Close()
	ctx := context.Background()
	at := time.Date(2026, 4, 2, 10, 0, 0, 0, time.UTC)
	sizes := []int{0, 1, 30_000, 40_000, 70_000, 10, 65_400, 200, 64 << 10, 5}
	var want []storage.Message
	for i, n := range sizes {
		m := storage.Message{Kind: "order.attributed", Key: fmt.Sprintf("o-%d/1", i), Payload: bytes.Repeat([]byte{byte(i)}, n), At: at}
		err := s.Update(ctx, func(tx storage.Tx) error {
			got, err := tx.Outbox().Append(m)
			if err == nil {
				want = append(want, got...)
			}
			return err
		})
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
	}
	err := s.View(ctx, func(tx storage.Tx) error {
		for after := range int64(len(want)) {
			var got []storage.Message
			for from := after; ; {
				page, err := tx.Outbox().Read(from, 3)
				if err != nil {
					return err
				}
				if len(page) == 0 {
					break
				}
				got = append(got, page...)
				from = page[len(page)-1].Seq
			}
			if len(got) != len(want)-int(after) {
				t.Fatalf("Read after %d gave %d messages, want %d", after, len(got), len(want)-int(after))
			}
			for i, m := range got {
				w := want[int(after)+i]
				if m.Seq != w.Seq || m.Key != w.Key || !bytes.Equal(m.Payload, w.Payload) || !m.At.Equal(w.At) {
					t.Fatalf("Read after %d: message %d = seq %d key %q %d bytes, want seq %d key %q %d bytes",
						after, i, m.Seq, m.Key, len(m.Payload), w.Seq, w.Key, len(w.Payload))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
