package partnerkit_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/partnerkit/partnerkit"
)

// A reader name the outbox cannot keep (10 MB, or holding a newline) is
// refused by Acknowledge and Acknowledged with ErrInvalid and an error of
// at most 4 KB, and acknowledges nothing (RELIABILITY.md).
func TestAcknowledgeRefusesBadReaderNames(t *testing.T) {
	w := newWorld(t)
	all, err := w.svc.Outbox(w.ctx, w.host, 0, 1)
	if err != nil || len(all) != 1 {
		t.Fatalf("Outbox = %v, %v", all, err)
	}
	for name, reader := range map[string]string{
		"10 MB":   strings.Repeat("r", 10<<20),
		"newline": "mailer\nforged",
	} {
		err := w.svc.Acknowledge(w.ctx, w.host, reader, all[0].Seq)
		if !errors.Is(err, partnerkit.ErrInvalid) || len(err.Error()) > 4<<10 {
			t.Errorf("Acknowledge(%s) = error of %d bytes (%.200v), want ErrInvalid in at most 4 KB", name, len(errString(err)), err)
		}
		_, err = w.svc.Acknowledged(w.ctx, w.host, reader)
		if !errors.Is(err, partnerkit.ErrInvalid) || len(err.Error()) > 4<<10 {
			t.Errorf("Acknowledged(%s) = error of %d bytes (%.200v), want ErrInvalid in at most 4 KB", name, len(errString(err)), err)
		}
	}
	if n, err := w.svc.Acknowledged(w.ctx, w.host, "mailer"); err != nil || n != 0 {
		t.Errorf("Acknowledged(mailer) = %d, %v; want 0, nil", n, err)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// Outbox and Acknowledge name the position they refuse, alike on every
// backend: a negative after or seq, or a seq past the last message, is a
// *FieldError ("after", "seq") wrapping ErrInvalid, and a bad reader name
// is one for "reader".
func TestOutboxPositionsRefusedByName(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			w := open(t)
			last := w.lastSeq()
			for _, tt := range []struct {
				what  string
				err   error
				field string
			}{
				{"Outbox(after -1)", func() error { _, err := w.svc.Outbox(w.ctx, w.host, -1, 0); return err }(), "after"},
				{"Acknowledge(seq -1)", w.svc.Acknowledge(w.ctx, w.host, "mailer", -1), "seq"},
				{"Acknowledge(last+1)", w.svc.Acknowledge(w.ctx, w.host, "mailer", last+1), "seq"},
				{"Acknowledge(reader \"\")", w.svc.Acknowledge(w.ctx, w.host, "", last), "reader"},
			} {
				var fe *partnerkit.FieldError
				if !errors.As(tt.err, &fe) || fe.Field != tt.field || !errors.Is(tt.err, partnerkit.ErrInvalid) {
					t.Errorf("%s = %v, want a *FieldError for %q wrapping ErrInvalid", tt.what, tt.err, tt.field)
				}
				if msg := errString(tt.err); strings.Contains(msg, name+":") {
					t.Errorf("%s = %q, which names the backend", tt.what, msg)
				}
			}
			if err := w.svc.Acknowledge(w.ctx, w.host, "mailer", last); err != nil {
				t.Errorf("Acknowledge(last) = %v", err)
			}
		})
	}
}
