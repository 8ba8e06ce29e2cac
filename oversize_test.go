package partnerkit_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// Oversized outside input is refused with a sentinel, changes nothing, and
// the error does not echo the input back (a few hundred bytes at most).
func TestOversizedInputRefused(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	const mb10 = 10 << 20
	big := strings.Repeat("n", mb10)
	id64k := strings.Repeat("x", 64<<10)
	codes := make([]campaign.ShopCode, 1_000_000)
	for i := range codes {
		codes[i] = campaign.ShopCode(fmt.Sprintf("US%08d", i))
	}
	manyLinks := make([]string, 1_000_000)
	for i := range manyLinks {
		manyLinks[i] = string(w.listLink)
	}
	details := func(edit func(*campaign.Details)) campaign.Details {
		d := springDetails(t)
		edit(&d)
		return d
	}
	cases := []struct {
		name string
		want []error // any of
		do   func() error
	}{
		{"CreateList 10 MB name", []error{partnerkit.ErrInvalid}, func() error { _, err := w.svc.CreateList(w.ctx, w.agency, big); return err }},
		{"RenameList 10 MB name", []error{partnerkit.ErrInvalid}, func() error { _, err := w.svc.RenameList(w.ctx, w.agency, w.list.ID, big); return err }},
		{"CreateCampaign 10 MB name", []error{partnerkit.ErrInvalid}, func() error {
			_, err := w.svc.CreateCampaign(w.ctx, w.agency, details(func(d *campaign.Details) { d.Name = big }))
			return err
		}},
		{"CreateCampaign 10 MB description", []error{partnerkit.ErrInvalid}, func() error {
			_, err := w.svc.CreateCampaign(w.ctx, w.agency, details(func(d *campaign.Details) { d.Description = big }))
			return err
		}},
		{"ValidateCampaign 1e6 shop codes", []error{partnerkit.ErrInvalid, partnerkit.ErrLimit}, func() error {
			return w.svc.ValidateCampaign(w.ctx, w.agency, details(func(d *campaign.Details) { d.Sellers.ShopCodes = codes }))
		}},
		{"EditCampaign 1e6 shop codes", []error{partnerkit.ErrInvalid, partnerkit.ErrLimit}, func() error {
			s := campaign.Sellers{Mode: campaign.Select, ShopCodes: codes}
			_, err := w.svc.EditCampaign(w.ctx, w.agency, w.camp.ID, campaign.Patch{Sellers: &s})
			return err
		}},
		{"RegisterProduct 10 MB title", []error{partnerkit.ErrInvalid}, func() error {
			_, err := w.svc.RegisterProduct(w.ctx, w.glow, partnerkit.RegisterInput{Campaign: w.camp.ID, Product: "p-big", ProductTitle: big, Rate: 2000})
			return err
		}},
		{"RegisterProduct 64 KB product id", []error{partnerkit.ErrInvalid}, func() error {
			_, err := w.svc.RegisterProduct(w.ctx, w.glow, partnerkit.RegisterInput{Campaign: w.camp.ID, Product: registration.ProductID(id64k), ProductTitle: "Big", Rate: 2000})
			return err
		}},
		{"List 64 KB list id", []error{partnerkit.ErrInvalid, partnerkit.ErrNotFound}, func() error { _, err := w.svc.List(w.ctx, w.agency, productlist.ListID(id64k)); return err }},
		{"AddToList 64 KB list id", []error{partnerkit.ErrInvalid, partnerkit.ErrNotFound}, func() error {
			_, err := w.svc.AddToList(w.ctx, w.agency, productlist.ListID(id64k), w.serum.ID, 100)
			return err
		}},
		{"ResolveLinks 64 KB link", []error{partnerkit.ErrBadLink}, func() error { _, err := w.svc.ResolveLinks(w.ctx, w.maya, []string{id64k}); return err }},
		{"AcceptLinks 64 KB link", []error{partnerkit.ErrBadLink}, func() error { _, err := w.svc.AcceptLinks(w.ctx, w.maya, []string{id64k}); return err }},
		{"ResolveLinks 1e6 links", []error{partnerkit.ErrLimit, partnerkit.ErrInvalid}, func() error { _, err := w.svc.ResolveLinks(w.ctx, w.maya, manyLinks); return err }},
		{"IngestEvent 64 KB event id", []error{partnerkit.ErrInvalid}, func() error {
			ev := w.event(id64k, attribution.Paid, "o-big", w.maya, w.serum, "10.00", start, start)
			_, err := w.svc.IngestEvent(w.ctx, w.host, ev)
			return err
		}},
		{"IngestEvent 10 MB event id", []error{partnerkit.ErrInvalid}, func() error {
			ev := w.event(big, attribution.Paid, "o-big", w.maya, w.serum, "10.00", start, start)
			_, err := w.svc.IngestEvent(w.ctx, w.host, ev)
			return err
		}},
		{"IngestEvent 64 KB order id", []error{partnerkit.ErrInvalid}, func() error {
			ev := w.event("e-big", attribution.Paid, id64k, w.maya, w.serum, "10.00", start, start)
			_, err := w.svc.IngestEvent(w.ctx, w.host, ev)
			return err
		}},
		{"Lists 10 MB query", []error{partnerkit.ErrInvalid}, func() error { _, _, err := w.svc.Lists(w.ctx, w.agency, big, partnerkit.Page{}); return err }},
		{"Campaigns 64 KB cursor", []error{partnerkit.ErrInvalid}, func() error {
			_, _, err := w.svc.Campaigns(w.ctx, w.agency, partnerkit.Page{After: id64k})
			return err
		}},
		{"Reconcile 10 MB field", []error{partnerkit.ErrInvalid, partnerkit.ErrLimit}, func() error {
			_, err := w.svc.Reconcile(w.ctx, w.agency, w.camp.ID, strings.NewReader("Order ID\n"+big+"\n"), attribution.TikTokPartnerOrders())
			return err
		}},
	}
	seq := w.lastSeq()
	for _, c := range cases {
		fail := t.Errorf
		err := c.do()
		ok := false
		for _, want := range c.want {
			ok = ok || errors.Is(err, want)
		}
		if !ok {
			fail("%s = %.200s, want one of %v", c.name, fmt.Sprint(err), c.want)
			continue
		}
		if n := len(err.Error()); n > 4096 {
			fail("%s: the error is %d bytes long: it echoes the input", c.name, n)
		}
	}
	if kinds := w.outbox(seq); len(kinds) != 0 {
		t.Errorf("refused calls wrote outbox events %v", kinds)
	}
}
