package storagetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/storage"
)

// C5: Campaigns().List with EditDueBy selects exactly the campaigns whose
// pending edit applies at or before it, in id order and by pages, with
// the other fields of the query; a campaign updated with its edit applied
// leaves the selection, and one written in the same Update is selected
// in it.
func campaignListEditDue(t *testing.T, s storage.Store) {
	due := func(i int) time.Time { return now.Add(campaign.EditDelay + time.Duration(i)*time.Minute) }
	var all []campaign.Campaign
	update(t, s, func(tx storage.Tx) error {
		for i := range 14 {
			c := newCampaign(campaign.ID(fmt.Sprintf("c-%02d", (i*5)%14)), campaign.AgencyID(fmt.Sprintf("ag-%d", i%2)), 0)
			if i%3 != 0 { // every third has no edit pending
				c = withPending(c, 1)
				c.Pending.AppliesAt = due(i)
			}
			all = append(all, c)
			if err := tx.Campaigns().Create(c); err != nil {
				return err
			}
		}
		return nil
	})
	slices.SortFunc(all, func(a, b campaign.Campaign) int { return compareStrings(string(a.ID), string(b.ID)) })
	selected := func(q storage.CampaignQuery) []campaign.Campaign {
		var want []campaign.Campaign
		for _, c := range all {
			if c.Pending != nil && !c.Pending.AppliesAt.After(q.EditDueBy) && (q.Agency == "" || c.Agency == q.Agency) {
				want = append(want, c)
			}
		}
		return want
	}
	check := func(q storage.CampaignQuery, wantN int) {
		t.Helper()
		want := selected(q)
		if len(want) != wantN {
			t.Fatalf("%d of the campaigns have an edit due by %v, want %d: the fixture is off", len(want), q.EditDueBy, wantN)
		}
		for _, limit := range []int{0, 1, 3} {
			got := pages(t, s, fmt.Sprintf("Campaigns().List(%+v)", q), limit, func(tx storage.Tx, p storage.Page) ([]campaign.Campaign, string, error) {
				return tx.Campaigns().List(q, p)
			})
			diff(t, fmt.Sprintf("Campaigns().List(EditDueBy %v, agency %q) by %d", q.EditDueBy, q.Agency, limit), want, got)
		}
	}
	check(storage.CampaignQuery{EditDueBy: due(1).Add(-time.Nanosecond)}, 0)
	check(storage.CampaignQuery{EditDueBy: due(1)}, 1)                 // i = 1
	check(storage.CampaignQuery{EditDueBy: due(4)}, 3)                 // and 2, 4
	check(storage.CampaignQuery{EditDueBy: due(4), Agency: "ag-0"}, 2) // 2, 4
	check(storage.CampaignQuery{EditDueBy: due(100)}, 9)               // every one with an edit
	check(storage.CampaignQuery{EditDueBy: due(100), Agency: "nobody"}, 0)

	// Applied, an edit is due no more; one edited in the same Update is
	// listed in it.
	first := selected(storage.CampaignQuery{EditDueBy: due(100)})[0]
	applied, ok := first.ApplyPending(due(100))
	if !ok {
		t.Fatalf("ApplyPending(%s) applied nothing", first.ID)
	}
	edited := withPending(newCampaign("c-edited", "ag-0", 0), 1)
	edited.Pending.AppliesAt = due(0)
	update(t, s, func(tx storage.Tx) error {
		wantErr(t, "Update with the edit applied", tx.Campaigns().Update(applied), nil)
		wantErr(t, "Create with an edit due", tx.Campaigns().Create(edited), nil)
		got, _, err := tx.Campaigns().List(storage.CampaignQuery{EditDueBy: due(1)}, storage.Page{})
		wantErr(t, "Campaigns().List(EditDueBy) in the Update", err, nil)
		var ids []campaign.ID
		for _, c := range got {
			ids = append(ids, c.ID)
		}
		want := []campaign.ID{"c-edited"}
		if first.ID != "c-05" { // i = 1, due at due(1), unless it was the one applied
			want = append([]campaign.ID{"c-05"}, want...)
		}
		diff(t, "Campaigns().List(EditDueBy) in the Update that applied "+string(first.ID)+" and created c-edited", want, ids)
		return nil
	})
	for i, c := range all {
		if c.ID == first.ID {
			all[i] = applied
		}
	}
	all = append(all, edited)
	slices.SortFunc(all, func(a, b campaign.Campaign) int { return compareStrings(string(a.ID), string(b.ID)) })
	check(storage.CampaignQuery{EditDueBy: due(100)}, 9) // one applied, one added
}

// C5: List with EditDueBy is exact to the nanosecond, whatever the backend
// keeps of a time (Postgres: microseconds), up to the last instant of year
// 9999.
func campaignListEditDueEdges(t *testing.T, s storage.Store) {
	edit := func(id campaign.ID, at time.Time) campaign.Campaign {
		c := withPending(newCampaign(id, "ag-1", 0), 1)
		c.Pending.AppliesAt = at
		return c
	}
	ns := edit("c-edge-ns", now.Add(time.Hour+999*time.Nanosecond))
	far := edit("c-edge-far", time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC))
	update(t, s, func(tx storage.Tx) error {
		wantErr(t, "Create ns", tx.Campaigns().Create(ns), nil)
		wantErr(t, "Create far", tx.Campaigns().Create(far), nil)
		return nil
	})
	for _, c := range []struct {
		by   time.Time
		want []campaign.Campaign
	}{
		{ns.Pending.AppliesAt.Add(-time.Nanosecond), nil},
		{ns.Pending.AppliesAt.Add(-998 * time.Nanosecond), nil},
		{ns.Pending.AppliesAt, []campaign.Campaign{ns}},
		{far.Pending.AppliesAt.Add(-time.Nanosecond), []campaign.Campaign{ns}},
		{far.Pending.AppliesAt.Add(-999 * time.Nanosecond), []campaign.Campaign{ns}},
		{far.Pending.AppliesAt, []campaign.Campaign{far, ns}},
	} {
		view(t, s, func(tx storage.Tx) error {
			got, _, err := tx.Campaigns().List(storage.CampaignQuery{EditDueBy: c.by}, storage.Page{})
			wantErr(t, "Campaigns().List(EditDueBy)", err, nil)
			diff(t, fmt.Sprintf("Campaigns().List(EditDueBy %s)", c.by.Format(time.RFC3339Nano)), c.want, got)
			return nil
		})
	}
}
