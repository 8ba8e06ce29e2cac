package partnerkit_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit"
)

// P3, P4: a creator pastes text. Each pasted link is trimmed of the white
// space around it before it is verified; a link that still does not verify
// is a *FieldError for "links[i]" wrapping ErrBadLink, every bad one named
// (the first ten; the rest counted), so the creator knows which to fix.
func TestPastedLinksTrimmedAndBadOnesNamed(t *testing.T) {
	w := newWorld(t)
	good := string(w.listLink)
	padded := " \t\r\n" + good + "\n\t \u00a0"
	if res, err := w.svc.ResolveLinks(w.ctx, w.maya, []string{padded}); err != nil || len(res.Offers) != 2 {
		t.Errorf("ResolveLinks(link with white space around it) = %d offers, %v; want the list's 2 products", len(res.Offers), err)
	}

	inner := good[:10] + " " + good[10:]
	for _, tc := range []struct {
		name   string
		links  []string
		fields []string
	}{
		{"one bad among good", []string{good, padded, "not-a-link", good}, []string{"links[2]"}},
		{"space inside", []string{padded, inner}, []string{"links[1]"}},
		{"two bad", []string{"x", good, good + "x"}, []string{"links[0]", "links[2]"}},
	} {
		for _, call := range []struct {
			name string
			do   func([]string) error
		}{
			{"ResolveLinks", func(ls []string) error { _, err := w.svc.ResolveLinks(w.ctx, w.maya, ls); return err }},
			{"AcceptLinks", func(ls []string) error { _, err := w.svc.AcceptLinks(w.ctx, w.maya, ls); return err }},
		} {
			err := call.do(tc.links)
			if !errors.Is(err, partnerkit.ErrBadLink) {
				t.Errorf("%s(%s) = %v, want ErrBadLink", call.name, tc.name, err)
				continue
			}
			if diff := cmp.Diff(tc.fields, fieldsOf(err)); diff != "" {
				t.Errorf("%s(%s) = %v, fields (-want +got):\n%s", call.name, tc.name, err, diff)
			}
		}
	}

	many := make([]string, 25)
	for i := range many {
		many[i] = fmt.Sprintf("garbage-%d-%s", i, strings.Repeat("x", 500))
	}
	_, err := w.svc.ResolveLinks(w.ctx, w.maya, many)
	if got := fieldsOf(err); !errors.Is(err, partnerkit.ErrBadLink) || len(got) != 10 || len(err.Error()) > 4096 {
		t.Errorf("ResolveLinks(25 bad links) = %d bytes, fields %v; want ErrBadLink naming the first 10 in at most 4096 bytes", len(fmt.Sprint(err)), got)
	}
	if sc, err := w.svc.AcceptLinks(w.ctx, w.maya, []string{padded}); err != nil || len(sc.Entries) != 2 {
		t.Errorf("AcceptLinks(link with white space around it) = %d entries, %v; want the list's 2 products", len(sc.Entries), err)
	}
}
