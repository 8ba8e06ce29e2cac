package partnerkit_test

import (
	"errors"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/registration"
)

// A1: an order event refused for its amount (in another currency than the
// line's) matches its own sentinel and, being bad input, ErrInvalid too, so
// a host that only tells bad input from the rest needs no case for it; it
// matches no other shared sentinel. commission.ComputeNet's refusal of
// refunds above the payment is a kind of ErrInvalid as well.
func TestAmountRefusalsAreInvalidInput(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	h := func(n int) time.Time { return start.Add(time.Duration(n) * time.Hour) }
	w.clock.Set(h(100))
	w.ingest(w.event("paid", attribution.Paid, "o-1", w.maya, w.serum, "10.00", h(1), h(1)))
	yen := w.event("yen", attribution.Refunded, "o-1", w.maya, w.serum, "", h(2), h(1))
	var err error
	if yen.Amount, err = commission.NewMoney("1", "JPY"); err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		ev   attribution.Event
		kind error
	}{
		"refund in another currency": {yen, partnerkit.ErrCurrencyMismatch},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := w.svc.IngestEvent(w.ctx, w.host, tc.ev)
			if !errors.Is(err, tc.kind) || !errors.Is(err, partnerkit.ErrInvalid) {
				t.Fatalf("IngestEvent = %v; want both %v and ErrInvalid", err, tc.kind)
			}
			for _, other := range []error{partnerkit.ErrConflict, partnerkit.ErrNotFound, partnerkit.ErrLimit, partnerkit.ErrForbidden} {
				if errors.Is(err, other) {
					t.Errorf("IngestEvent = %v; also matches %v", err, other)
				}
			}
		})
	}
	// The kinds stay apart: one is not the other, nor ErrInvalid itself.
	if errors.Is(commission.ErrRefundExceedsPaid, commission.ErrCurrencyMismatch) || errors.Is(commission.ErrInvalid, commission.ErrRefundExceedsPaid) ||
		!errors.Is(commission.ErrRefundExceedsPaid, commission.ErrInvalid) {
		t.Error("ErrRefundExceedsPaid and ErrCurrencyMismatch are not two distinct kinds of ErrInvalid")
	}
}

// A1, K3: an event whose Entry is not "SHOP/PRODUCT" (a host that put the
// product id alone there) is refused, naming the field, rather than taken
// as an unattributed line that the same order's later, well-formed events
// could never attribute.
func TestMalformedEntryIsRefused(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	h := func(n int) time.Time { return start.Add(time.Duration(n) * time.Hour) }
	w.clock.Set(h(100))
	for _, entry := range []attribution.EntryID{attribution.EntryID(w.serum.Product), "/" + attribution.EntryID(w.serum.Product), attribution.EntryID(w.serum.Shop) + "/"} {
		bad := w.event("bad-"+string(entry), attribution.Paid, "o-1", w.maya, w.serum, "10.00", h(1), h(1))
		bad.Entry = entry
		rs, err := w.svc.IngestEvents(w.ctx, w.host, []attribution.Event{bad})
		if err != nil {
			t.Fatal(err)
		}
		var fe *partnerkit.FieldError
		if !errors.Is(rs[0].Err, partnerkit.ErrInvalid) || !errors.As(rs[0].Err, &fe) || fe.Field != "entry" || fe.Value != string(entry) {
			t.Errorf("entry %q: Err = %v; want a FieldError \"entry\" with the value, wrapping ErrInvalid", entry, rs[0].Err)
		}
	}
	rs := w.ingest(w.event("good", attribution.Paid, "o-1", w.maya, w.serum, "10.00", h(1), h(1)))
	if l := rs[0].Line; !l.Attribution.OK() || l.Ledger.Status != attribution.StatusPending {
		t.Errorf("well-formed event after the refused ones: %v, %v; want attributed and pending", l.Attribution.Reason, l.Ledger.Status)
	}
}

// C1, C5, P3: the Service's own sentinels are kinds of the shared ones, so
// a host that maps only ErrInvalid, ErrForbidden … to its responses maps
// them too: a tampered link is bad input; an agency not yet onboarded, or
// a campaign whose edit has not applied yet, may not do this now.
func TestOwnSentinelsAreKindsOfShared(t *testing.T) {
	w := newWorld(t)
	_, err := w.svc.ResolveLinks(w.ctx, w.maya, []string{string(w.listLink) + "x"})
	if !errors.Is(err, partnerkit.ErrBadLink) || !errors.Is(err, partnerkit.ErrInvalid) {
		t.Errorf("tampered link: %v; want ErrBadLink and ErrInvalid", err)
	}
	for _, tc := range []struct {
		err        error
		own, share error
	}{
		{&campaign.OnboardingError{Missing: campaign.StepBankLink}, partnerkit.ErrOnboarding, partnerkit.ErrForbidden},
		{&campaign.EditLockedError{Until: start}, partnerkit.ErrEditLocked, partnerkit.ErrForbidden},
	} {
		if !errors.Is(tc.err, tc.own) || !errors.Is(tc.err, tc.share) || errors.Is(tc.err, partnerkit.ErrInvalid) {
			t.Errorf("%T: want it to match %v and %v, not ErrInvalid", tc.err, tc.own, tc.share)
		}
	}
	// P4: a link with no products to add is a kind of ErrNotFound.
	empty, err := w.svc.CreateList(w.ctx, w.agency, "Empty")
	if err != nil {
		t.Fatal(err)
	}
	link, err := w.svc.ShareList(w.ctx, w.agency, empty.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, err = w.svc.ResolveLinks(w.ctx, w.maya, []string{string(link)})
	if !errors.Is(err, partnerkit.ErrNoProducts) || !errors.Is(err, partnerkit.ErrNotFound) {
		t.Errorf("empty list's link: %v; want ErrNoProducts and ErrNotFound", err)
	}
	// ErrNoKey is the host's configuration: none of the shared kinds.
	_, err = partnerkit.New(w.store, partnerkit.Options{}).ShareList(w.ctx, w.agency, w.list.ID)
	if !errors.Is(err, partnerkit.ErrNoKey) {
		t.Errorf("ShareList with no keys: %v, want ErrNoKey", err)
	}
	for _, shared := range []error{partnerkit.ErrInvalid, partnerkit.ErrNotFound, partnerkit.ErrForbidden, partnerkit.ErrLimit, partnerkit.ErrConflict} {
		if errors.Is(err, shared) {
			t.Errorf("ShareList with no keys: %v, also matches %v", err, shared)
		}
	}
}

// Every narrower sentinel matches the shared one its errors match, as
// value, so a host can test either: errors.Is(ErrEditLocked, ErrForbidden)
// agrees with errors.Is(err, ErrForbidden) for an err that is
// ErrEditLocked (C1, C4, C5, R2, R1, P3, P4).
func TestNarrowSentinelsMatchTheirKind(t *testing.T) {
	for _, tt := range []struct {
		name      string
		err, kind error
	}{
		{"ErrEditLocked", partnerkit.ErrEditLocked, partnerkit.ErrForbidden},
		{"ErrOnboarding", partnerkit.ErrOnboarding, partnerkit.ErrForbidden},
		{"campaign.ErrTransition", campaign.ErrTransition, partnerkit.ErrForbidden},
		{"registration.ErrTransition", registration.ErrTransition, partnerkit.ErrForbidden},
		{"registration.ErrNotEligible", registration.ErrNotEligible, partnerkit.ErrForbidden},
		{"ErrNoProducts", partnerkit.ErrNoProducts, partnerkit.ErrNotFound},
		{"ErrBadLink", partnerkit.ErrBadLink, partnerkit.ErrInvalid},
		{"ErrCurrencyMismatch", partnerkit.ErrCurrencyMismatch, partnerkit.ErrInvalid},
	} {
		if !errors.Is(tt.err, tt.kind) {
			t.Errorf("errors.Is(%s, %v) = false", tt.name, tt.kind)
		}
	}
	// The typed errors still match their own sentinel.
	if err := error(&campaign.EditLockedError{Until: start}); !errors.Is(err, partnerkit.ErrEditLocked) || !errors.Is(err, partnerkit.ErrForbidden) {
		t.Errorf("EditLockedError matches ErrEditLocked %v, ErrForbidden %v", errors.Is(err, partnerkit.ErrEditLocked), errors.Is(err, partnerkit.ErrForbidden))
	}
}
