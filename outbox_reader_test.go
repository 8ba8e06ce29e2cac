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
