package partnerkit_test

import (
	"testing"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage/memory"
)

// P3: Options.Keys are fixed for the Service's life. New used to keep the
// host's slice and secrets, so a host preparing the next Service's set in
// place, or clearing a secret it no longer wanted in memory, broke the
// links of the Service it had already made.
func TestNewCopiesTheKeys(t *testing.T) {
	keys := []productlist.Key{keyAurora, keyRival}
	keys[0].Secret = append([]byte(nil), keyAurora.Secret...)
	w := newWorldOn(t, memory.New(), partnerkit.Options{Keys: productlist.KeySet{Keys: keys}})
	link, err := w.svc.ShareList(w.ctx, w.agency, w.list.ID)
	if err != nil {
		t.Fatal(err)
	}

	// The host prepares the next Service's set in its own slice.
	keys[0].State = productlist.KeyVerifying
	if _, err := w.svc.ShareList(w.ctx, w.agency, w.list.ID); err != nil {
		t.Errorf("ShareList after the host changed its key slice = %v, want the Service's own keys in force", err)
	}
	// And clears the old secret.
	clear(keys[0].Secret)
	if _, err := w.svc.ResolveLinks(w.ctx, w.maya, []string{string(link)}); err != nil {
		t.Errorf("ResolveLinks of the Service's own link after the host cleared its secret = %v", err)
	}
}
