package partnerkit_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit"
)

// OrderLineChanged payloads come back from the outbox, which a host may
// store and replay: whatever UnmarshalJSON takes, MarshalJSON writes, and
// reading that back gives the same event; well-formed JSON it refuses is
// ErrInvalid.
func FuzzOrderLineChangedJSON(f *testing.F) {
	f.Add(`{"Line":{"Order":"o-1","Line":"1"},"Campaign":"c-1","Status":"pending","Currency":"USD","Owed":{"Base":"39.98","Total":"6.00","Creator":"4.00","Agency":"2.00"}}`)
	f.Add(`{"Line":{"Order":"o-9","Line":"1"},"Campaign":"c-1","Status":"void","Currency":"","Owed":{"Base":"0","Total":"0","Creator":"0","Agency":"0"}}`)
	f.Add(`{"Line":{"Order":"o-1","Line":"1"},"Status":"settled","Owed":{"Base":{"Amount":"39.98","Currency":"USD"},"Total":{"Amount":"6","Currency":"USD"},"Creator":{"Amount":"4","Currency":"USD"},"Agency":{"Amount":"2","Currency":"USD"}}}`)
	f.Add(`{"Owed":{"Agency":{"Currency":"BAD"}}}`)
	f.Add(`{"Status":"pending","Owed":{"Base":"5.00"}}`)
	f.Add(`{"Status":"pending","Owed":{"Base":{"Amount":"19.999","Currency":"USD"}}}`)
	f.Fuzz(func(t *testing.T, in string) {
		var ev partnerkit.OrderLineChanged
		if err := json.Unmarshal([]byte(in), &ev); err != nil {
			// encoding/json refuses malformed JSON before UnmarshalJSON runs.
			if json.Valid([]byte(in)) && !errors.Is(err, partnerkit.ErrInvalid) {
				t.Fatalf("Unmarshal(%q) = %v, want ErrInvalid", in, err)
			}
			return
		}
		out, err := json.Marshal(ev)
		if err != nil {
			t.Fatalf("Unmarshal(%q) took %+v, which Marshal refuses: %v", in, ev, err)
		}
		var back partnerkit.OrderLineChanged
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("Unmarshal(Marshal(%+v) = %s) = %v", ev, out, err)
		}
		if diff := cmp.Diff(ev, back); diff != "" {
			t.Fatalf("round trip of %q (-first +second):\n%s", in, diff)
		}
	})
}
