package storagetest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/storage"
)

// readAll reads the whole outbox after seq, page by page.
func readAll(t *testing.T, s storage.Store, after int64, limit int) []storage.Message {
	t.Helper()
	var all []storage.Message
	for {
		var got []storage.Message
		view(t, s, func(tx storage.Tx) error {
			var err error
			got, err = tx.Outbox().Read(after, limit)
			return err
		})
		if len(got) == 0 {
			return all
		}
		all = append(all, got...)
		after = got[len(got)-1].Seq
	}
}

// checkSeqs fails t unless msgs have strictly increasing Seqs.
func checkSeqs(t *testing.T, msgs []storage.Message) {
	t.Helper()
	for i := 1; i < len(msgs); i++ {
		if msgs[i].Seq <= msgs[i-1].Seq {
			t.Fatalf("Seq %d after Seq %d", msgs[i].Seq, msgs[i-1].Seq)
		}
	}
}

func outboxAppendRead(t *testing.T, s storage.Store) {
	var want []storage.Message
	for i := range 5 {
		update(t, s, func(tx storage.Tx) error {
			var batch []storage.Message
			for j := range i % 3 {
				batch = append(batch, storage.Message{Seq: 999, Kind: "registration.approved",
					Key: fmt.Sprintf("r-%d-%d", i, j), Payload: []byte(fmt.Sprintf(`{"n":%d}`, j)), At: now.Add(time.Duration(i) * time.Minute)})
			}
			got, err := tx.Outbox().Append(batch...)
			if err != nil {
				return err
			}
			if len(got) != len(batch) {
				t.Fatalf("Append returned %d messages, want %d", len(got), len(batch))
			}
			for j, m := range got {
				b := batch[j]
				b.Seq = m.Seq
				diff(t, "Append's message", b, m)
			}
			want = append(want, got...)
			return nil
		})
	}
	checkSeqs(t, want)
	if len(want) > 0 && want[0].Seq <= 0 {
		t.Errorf("first Seq = %d, want > 0", want[0].Seq)
	}
	for _, limit := range []int{0, 1, 2} {
		diff(t, fmt.Sprintf("Read by %d", limit), want, readAll(t, s, 0, limit))
	}
	view(t, s, func(tx storage.Tx) error {
		got, err := tx.Outbox().Read(want[2].Seq, 2)
		wantErr(t, "Read", err, nil)
		diff(t, "Read after the third", want[3:], got)
		got, err = tx.Outbox().Read(want[len(want)-1].Seq, 10)
		wantErr(t, "Read after the last", err, nil)
		if len(got) != 0 {
			t.Errorf("Read after the last = %v, want none", got)
		}
		return nil
	})
}

func outboxRollbackDropsMessages(t *testing.T, s storage.Store) {
	var first []storage.Message
	update(t, s, func(tx storage.Tx) error {
		var err error
		first, err = tx.Outbox().Append(storage.Message{Kind: "a", Key: "1", At: now})
		return err
	})
	err := s.Update(context.Background(), func(tx storage.Tx) error {
		if _, err := tx.Outbox().Append(storage.Message{Kind: "b", Key: "2", At: now}); err != nil {
			return err
		}
		return errBoom
	})
	wantErr(t, "Update", err, errBoom)
	var last []storage.Message
	update(t, s, func(tx storage.Tx) error {
		var err error
		last, err = tx.Outbox().Append(storage.Message{Kind: "c", Key: "3", At: now})
		return err
	})
	got := readAll(t, s, 0, 0)
	diff(t, "outbox after a rolled-back Append", append(first, last...), got)
	checkSeqs(t, got)
}

func outboxAck(t *testing.T, s storage.Store) {
	var msgs []storage.Message
	update(t, s, func(tx storage.Tx) error {
		n, err := tx.Outbox().Acked("mailer")
		if err != nil || n != 0 {
			t.Errorf("Acked before Ack = %d, %v; want 0, nil", n, err)
		}
		msgs, err = tx.Outbox().Append(
			storage.Message{Kind: "k", Key: "1", At: now},
			storage.Message{Kind: "k", Key: "2", At: now},
			storage.Message{Kind: "k", Key: "3", At: now})
		return err
	})
	update(t, s, func(tx storage.Tx) error { return tx.Outbox().Ack("mailer", msgs[1].Seq) })
	update(t, s, func(tx storage.Tx) error { return tx.Outbox().Ack("mailer", msgs[0].Seq) }) // backwards: ignored
	update(t, s, func(tx storage.Tx) error { return tx.Outbox().Ack("audit", msgs[2].Seq) })
	// A rolled-back Append may use up Seqs, but none is a message to ack.
	err := s.Update(context.Background(), func(tx storage.Tx) error {
		if _, err := tx.Outbox().Append(storage.Message{Kind: "k", Key: "4", At: now}); err != nil {
			return err
		}
		return errBoom
	})
	wantErr(t, "rolled-back Append", err, errBoom)
	for _, bad := range []int64{-1, msgs[2].Seq + 1, msgs[2].Seq + 1000} {
		err := s.Update(context.Background(), func(tx storage.Tx) error { return tx.Outbox().Ack("mailer", bad) })
		wantErr(t, fmt.Sprintf("Ack(%d)", bad), err, storage.ErrInvalid)
	}
	err = s.Update(context.Background(), func(tx storage.Tx) error {
		if err := tx.Outbox().Ack("mailer", msgs[2].Seq); err != nil {
			return err
		}
		return errBoom
	})
	wantErr(t, "rolled-back Ack", err, errBoom)
	view(t, s, func(tx storage.Tx) error {
		for reader, want := range map[string]int64{"mailer": msgs[1].Seq, "audit": msgs[2].Seq, "nobody": 0} {
			n, err := tx.Outbox().Acked(reader)
			if err != nil || n != want {
				t.Errorf("Acked(%s) = %d, %v; want %d", reader, n, err, want)
			}
		}
		// A reader resumes from its acknowledged position.
		got, err := tx.Outbox().Read(msgs[1].Seq, 0)
		wantErr(t, "Read from the acked position", err, nil)
		diff(t, "Read from the acked position", msgs[2:], got)
		return nil
	})
}

// outboxReaderNeverSkipsUnderRace: Racers writers append while a reader
// follows the outbox from its last Seq. Messages become visible in Seq
// order, so the reader, which never looks back, ends up with every message:
// none appeared behind its position.
func outboxReaderNeverSkipsUnderRace(t *testing.T, s storage.Store) {
	const perWriter = 3
	done := make(chan struct{})
	var followed []storage.Message
	var readerErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var after int64
		for {
			finished := false
			select {
			case <-done:
				finished = true // every writer is done: read to the end
			default:
			}
			var got []storage.Message
			err := s.View(context.Background(), func(tx storage.Tx) error {
				var err error
				got, err = tx.Outbox().Read(after, 0)
				return err
			})
			if err != nil {
				readerErr = err
				return
			}
			followed = append(followed, got...)
			if len(got) > 0 {
				after = got[len(got)-1].Seq
			} else if finished {
				return
			}
		}
	}()
	race(t, Racers, func(i int) error {
		for j := range perWriter {
			err := s.Update(context.Background(), func(tx storage.Tx) error {
				_, err := tx.Outbox().Append(
					storage.Message{Kind: "race", Key: fmt.Sprintf("%d-%d-a", i, j), At: now},
					storage.Message{Kind: "race", Key: fmt.Sprintf("%d-%d-b", i, j), At: now})
				return err
			})
			if err != nil {
				return err
			}
		}
		return nil
	}, func(i int, err error) {
		if err != nil {
			t.Errorf("writer %d: %v", i, err)
		}
	})
	close(done)
	wg.Wait()
	if readerErr != nil {
		t.Fatalf("reader: %v", readerErr)
	}
	all := readAll(t, s, 0, 0)
	if len(all) != Racers*perWriter*2 {
		t.Errorf("outbox holds %d messages, want %d", len(all), Racers*perWriter*2)
	}
	checkSeqs(t, all)
	diff(t, "messages the follower saw", all, followed)
	// Each Update's messages keep their order.
	seqOf := map[string]int64{}
	for _, m := range all {
		seqOf[m.Key] = m.Seq
	}
	for i := range Racers {
		for j := range perWriter {
			a, b := fmt.Sprintf("%d-%d-a", i, j), fmt.Sprintf("%d-%d-b", i, j)
			if seqOf[a] >= seqOf[b] {
				t.Errorf("message %s has Seq %d, not before %s's %d", a, seqOf[a], b, seqOf[b])
			}
		}
	}
}

// maxErrorLen is how long an error about a refused argument may be,
// whatever the argument's size (RELIABILITY.md).
const maxErrorLen = 4 << 10

// outboxReaderNameBounded: Ack and Acked refuse a reader name that
// storage.ValidateReader refuses (empty, longer than MaxReaderLen, not
// UTF-8, holding a control character) with a *FieldError for "reader"
// wrapping ErrInvalid, whose Value and message stay short however long
// the name; a refused Ack stores nothing. Names at the bound are kept.
func outboxReaderNameBounded(t *testing.T, s storage.Store) {
	var msgs []storage.Message
	update(t, s, func(tx storage.Tx) error {
		var err error
		msgs, err = tx.Outbox().Append(storage.Message{Kind: "k", Key: "1", At: now})
		return err
	})
	huge := strings.Repeat("r", 10<<20)
	bad := []struct{ name, reader string }{
		{"empty", ""},
		{"one byte too long", strings.Repeat("r", storage.MaxReaderLen+1)},
		{"10 MB", huge},
		{"10 MB after a good prefix", "mailer" + huge},
		{"newline", "mailer\nforged"},
		{"carriage return", "mailer\r"},
		{"tab", "mail\ter"},
		{"NUL", "mail\x00er"},
		{"DEL", "mailer\x7f"},
		{"C1 control", "mailer\u0085"},
		{"not UTF-8", "mailer\xff"},
	}
	refused := func(what string, err error) {
		t.Helper()
		var fe *storage.FieldError
		switch {
		case !errors.Is(err, storage.ErrInvalid) || !errors.As(err, &fe):
			t.Errorf("%s = %v, want a *storage.FieldError wrapping ErrInvalid", what, err)
		case fe.Field != "reader":
			t.Errorf("%s: FieldError.Field = %q, want reader", what, fe.Field)
		case len(fmt.Sprint(fe.Value)) > 2*storage.MaxReaderLen || len(err.Error()) > maxErrorLen:
			t.Errorf("%s: FieldError.Value of %d bytes, error of %d bytes; want at most %d and %d",
				what, len(fmt.Sprint(fe.Value)), len(err.Error()), 2*storage.MaxReaderLen, maxErrorLen)
		}
	}
	for _, b := range bad {
		refused("ValidateReader("+b.name+")", storage.ValidateReader(b.reader))
		refused("Ack("+b.name+")", s.Update(context.Background(), func(tx storage.Tx) error {
			return tx.Outbox().Ack(b.reader, msgs[0].Seq)
		}))
		refused("Acked("+b.name+")", s.View(context.Background(), func(tx storage.Tx) error {
			_, err := tx.Outbox().Acked(b.reader)
			return err
		}))
	}
	good := []string{"r", strings.Repeat("r", storage.MaxReaderLen), strings.Repeat("読", storage.MaxReaderLen/3), "mail sender", "'=mailer"}
	for _, reader := range good {
		wantErr(t, fmt.Sprintf("ValidateReader(%q)", reader), storage.ValidateReader(reader), nil)
		update(t, s, func(tx storage.Tx) error { return tx.Outbox().Ack(reader, msgs[0].Seq) })
	}
	view(t, s, func(tx storage.Tx) error {
		for _, reader := range good {
			n, err := tx.Outbox().Acked(reader)
			if err != nil || n != msgs[0].Seq {
				t.Errorf("Acked(%q) = %d, %v; want %d", reader, n, err, msgs[0].Seq)
			}
		}
		// A refused name stored nothing under a name it could be cut to.
		for _, reader := range []string{"mailer", "mail", strings.Repeat("r", storage.MaxReaderLen-1)} {
			if n, err := tx.Outbox().Acked(reader); err != nil || n != 0 {
				t.Errorf("Acked(%q) = %d, %v; want 0", reader, n, err)
			}
		}
		return nil
	})
}

// outboxBadSeqNamedByValue: a negative seq, or one past the last message,
// is a *FieldError for "seq" wrapping ErrInvalid whose Value is the seq
// given, and the message shows it as a number.
func outboxBadSeqNamedByValue(t *testing.T, s storage.Store) {
	var msgs []storage.Message
	update(t, s, func(tx storage.Tx) error {
		var err error
		msgs, err = tx.Outbox().Append(storage.Message{Kind: "k", Key: "1", At: now})
		return err
	})
	check := func(what string, err error, seq int64) {
		t.Helper()
		var fe *storage.FieldError
		if !errors.Is(err, storage.ErrInvalid) || !errors.As(err, &fe) {
			t.Errorf("%s = %v, want a *storage.FieldError wrapping ErrInvalid", what, err)
			return
		}
		if v, ok := fe.Value.(int64); fe.Field != "seq" || !ok || v != seq {
			t.Errorf("%s: FieldError{Field: %q, Value: %#v}, want seq int64(%d)", what, fe.Field, fe.Value, seq)
		}
		if want := strconv.FormatInt(seq, 10); !strings.Contains(err.Error(), want) || strings.ContainsRune(err.Error(), '\'') {
			t.Errorf("%s = %q, want the seq as the number %s", what, err, want)
		}
	}
	for _, seq := range []int64{-1, msgs[0].Seq + 15, msgs[0].Seq + 1000} {
		check(fmt.Sprintf("Ack(%d)", seq), s.Update(context.Background(), func(tx storage.Tx) error {
			return tx.Outbox().Ack("mailer", seq)
		}), seq)
	}
	check("Read(-16)", s.View(context.Background(), func(tx storage.Tx) error {
		_, err := tx.Outbox().Read(-16, 0)
		return err
	}), -16)
}
