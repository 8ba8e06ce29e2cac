package campaign_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/partnerkit/partnerkit/campaign"
)

func ptr[T any](v T) *T { return &v }

// C5: a published campaign's edit waits exactly 30 minutes: old values at
// 29:59, new at 30:00; a further edit before then is ErrEditLocked with the
// reopen time; afterwards editing is open again.
func TestEditLock(t *testing.T) {
	d := validDetails(t)
	c := published(t, d)
	at := t0.Add(time.Hour)
	edited, err := c.Edit(campaign.Patch{Name: ptr("Summer glow")}, campaign.Policy{}, at)
	if err != nil {
		t.Fatalf("Edit: %v", err)
	}
	if got := edited.Current(at.Add(29*time.Minute + 59*time.Second)).Name; got != "Spring glow" {
		t.Errorf("Current(+29:59).Name = %q, want the old name", got)
	}
	if got := edited.Current(at.Add(30 * time.Minute)).Name; got != "Summer glow" {
		t.Errorf("Current(+30:00).Name = %q, want the new name", got)
	}

	_, err = edited.Edit(campaign.Patch{Description: ptr("x")}, campaign.Policy{}, at.Add(29*time.Minute+59*time.Second))
	var locked *campaign.EditLockedError
	if !errors.As(err, &locked) || !errors.Is(err, campaign.ErrEditLocked) {
		t.Fatalf("second Edit at +29:59 = %v, want *EditLockedError", err)
	}
	if want := at.Add(30 * time.Minute); !locked.Until.Equal(want) {
		t.Errorf("EditLockedError.Until = %v, want %v", locked.Until, want)
	}

	again, err := edited.Edit(campaign.Patch{Description: ptr("x")}, campaign.Policy{}, at.Add(30*time.Minute))
	if err != nil {
		t.Fatalf("Edit at +30:00: %v", err)
	}
	if got := again.Current(at.Add(30 * time.Minute)); got.Name != "Summer glow" || got.Description != d.Description {
		t.Errorf("after second edit, Current = %q/%q, want applied name and old description until its own delay", got.Name, got.Description)
	}

	// Unpublishing does not dodge the lock.
	unpub, _ := c.Unpublish(at)
	unpubEdited, err := unpub.Edit(campaign.Patch{Name: ptr("Summer glow")}, campaign.Policy{}, at)
	if err != nil {
		t.Fatal(err)
	}
	if unpubEdited.Pending == nil {
		t.Errorf("edit of an unpublished (once published) campaign applied at once; want pending")
	}
}

// C5: drafts and submitted campaigns change at once.
func TestEditDraftImmediate(t *testing.T) {
	c := draft(t, validDetails(t))
	c, err := c.Edit(campaign.Patch{Name: ptr("New")}, campaign.Policy{}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if c.Pending != nil || c.Current(t0).Name != "New" {
		t.Errorf("draft edit: pending=%v name=%q, want applied at once", c.Pending, c.Current(t0).Name)
	}
}

// C5: the delay is 30 minutes of absolute time, also when the market's
// clocks change in between: the wall clock shows 30, -30 or 90 minutes
// later.
func TestEditLockAcrossDST(t *testing.T) {
	laLoc := la(t)
	london := mustLoc(t, "Europe/London")
	tests := []struct {
		name     string
		at       time.Time
		wantWall string // local wall clock when the edit applies
	}{
		{"LA spring forward", time.Date(2026, 3, 8, 1, 45, 0, 0, laLoc), "03:15 PDT"},
		{"LA fall back", time.Date(2026, 11, 1, 8, 45, 0, 0, time.UTC).In(laLoc), "01:15 PST"}, // 01:45 PDT, unambiguous,
		{"London spring forward", time.Date(2026, 3, 29, 0, 45, 0, 0, london), "02:15 BST"},
		{"London fall back", time.Date(2026, 10, 25, 0, 45, 0, 0, time.UTC).In(london), "01:15 GMT"}, // 01:45 BST,
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := validDetails(t)
			if tt.at.Location().String() == "Europe/London" {
				d = londonDetails(t)
			}
			d.Period.End = time.Date(2026, 12, 1, 0, 0, 0, 0, d.Period.End.Location()) // still running in November
			c := published(t, d)
			edited, err := c.Edit(campaign.Patch{Name: ptr("Changed")}, campaign.Policy{}, tt.at)
			if err != nil {
				t.Fatalf("Edit: %v", err)
			}
			until := edited.Pending.AppliesAt
			if got := until.In(tt.at.Location()).Format("15:04 MST"); got != tt.wantWall {
				t.Errorf("applies at %s local, want %s", got, tt.wantWall)
			}
			for _, probe := range []struct {
				after time.Duration
				want  string
			}{{30*time.Minute - time.Second, d.Name}, {30 * time.Minute, "Changed"}} {
				if got := edited.Current(tt.at.Add(probe.after)).Name; got != probe.want {
					t.Errorf("Current(+%v).Name = %q, want %q", probe.after, got, probe.want)
				}
			}
			_, err = edited.Edit(campaign.Patch{Name: ptr("Again")}, campaign.Policy{}, tt.at.Add(30*time.Minute-time.Second))
			var locked *campaign.EditLockedError
			if !errors.As(err, &locked) || !locked.Until.Equal(tt.at.Add(30*time.Minute)) {
				t.Errorf("Edit at +29:59 = %v, want locked until +30:00", err)
			}
		})
	}
}

// londonDetails is validDetails moved to the GB market.
func londonDetails(t *testing.T) campaign.Details {
	loc := mustLoc(t, "Europe/London")
	d := validDetails(t)
	d.Market = "GB"
	d.Registration = campaign.Period{Start: time.Date(2026, 3, 1, 9, 0, 0, 0, loc), End: time.Date(2026, 3, 15, 0, 0, 0, 0, loc)}
	d.Period = campaign.Period{Start: time.Date(2026, 3, 1, 0, 0, 0, 0, loc), End: time.Date(2026, 12, 1, 0, 0, 0, 0, loc)}
	return d
}

// C5: ApplyPending folds a due edit without changing what Current says.
func TestApplyPending(t *testing.T) {
	c := published(t, validDetails(t))
	at := t0.Add(time.Hour)
	edited, _ := c.Edit(campaign.Patch{Name: ptr("Changed")}, campaign.Policy{}, at)
	if _, applied := edited.ApplyPending(at.Add(30*time.Minute - 1)); applied {
		t.Errorf("ApplyPending before the delay applied")
	}
	done, applied := edited.ApplyPending(at.Add(30 * time.Minute))
	if !applied || done.Pending != nil {
		t.Fatalf("ApplyPending at +30:00: applied=%v pending=%v", applied, done.Pending)
	}
	later := at.Add(time.Hour)
	if diff := cmp.Diff(edited.Current(later), done.Current(later)); diff != "" {
		t.Errorf("Current after ApplyPending (-before +after):\n%s", diff)
	}
}

// C5: an edit that fails validation changes nothing; the original value is
// untouched by a successful one.
func TestEditInvalid(t *testing.T) {
	c := published(t, validDetails(t))
	_, err := c.Edit(campaign.Patch{Name: ptr(""), Sellers: &campaign.Sellers{Mode: campaign.Select, ShopCodes: codes(101)}}, campaign.Policy{}, t0)
	if !errors.Is(err, campaign.ErrInvalid) || !errors.Is(err, campaign.ErrLimit) {
		t.Errorf("Edit(bad) = %v, want ErrInvalid and ErrLimit", err)
	}
}

// C5, P6: applying an edit keeps the details it replaced, so DetailsAt
// answers for any past moment the same before and after the edit is folded
// in, and after a second edit too.
func TestDetailsAtSurvivesApplyPending(t *testing.T) {
	c := published(t, validDetails(t))
	first := t0.Add(time.Hour)
	e1, err := c.Edit(campaign.Patch{Name: ptr("Second name")}, campaign.Policy{}, first)
	if err != nil {
		t.Fatal(err)
	}
	applied1, _ := e1.ApplyPending(first.Add(campaign.EditDelay))
	second := first.Add(2 * time.Hour)
	e2, err := applied1.Edit(campaign.Patch{Name: ptr("Third name")}, campaign.Policy{}, second)
	if err != nil {
		t.Fatal(err)
	}
	applied2, _ := e2.ApplyPending(second.Add(campaign.EditDelay))
	for _, tt := range []struct {
		at   time.Time
		want string
	}{
		{first.Add(campaign.EditDelay - time.Nanosecond), c.Details.Name},
		{first.Add(campaign.EditDelay), "Second name"},
		{second.Add(campaign.EditDelay - time.Nanosecond), "Second name"},
		{second.Add(campaign.EditDelay), "Third name"},
	} {
		for name, cc := range map[string]campaign.Campaign{"pending": e1, "applied once": applied1, "applied twice": applied2} {
			if name == "pending" && !tt.at.Before(second) || name == "applied once" && !tt.at.Before(second) {
				continue // those values do not know the second edit yet
			}
			if got := cc.DetailsAt(tt.at).Name; got != tt.want {
				t.Errorf("%s: DetailsAt(%v).Name = %q, want %q", name, tt.at, got, tt.want)
			}
		}
	}
}

// C5, R2: a published campaign that has ended, or would end before an edit
// applies, cannot be edited, so its closed collaborations never reopen. A
// draft can still be fixed.
func TestEditRefusedWhenItWouldApplyAfterTheEnd(t *testing.T) {
	d := validDetails(t)
	end := d.Period.End
	later := d.Period
	later.End = end.AddDate(0, 0, 10)
	running := d.Registration.Start.AddDate(0, 0, 10)
	tests := []struct {
		name  string
		at    time.Time
		patch campaign.Patch
		ended bool
	}{
		{"ended, extended", end, campaign.Patch{Period: &later}, true},
		{"ended, renamed", end.Add(time.Hour), campaign.Patch{Name: ptr("Late")}, true},
		{"ends before the edit applies", end.Add(-campaign.EditDelay), campaign.Patch{Period: &later}, false},
		{"edit ends it before it applies", running, campaign.Patch{Period: &campaign.Period{Start: d.Period.Start, End: running.Add(campaign.EditDelay)},
			Registration: &campaign.Period{Start: d.Registration.Start, End: running.Add(time.Minute)}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range []campaign.Campaign{published(t, d), unpublished(t, d)} {
				_, err := c.Edit(tt.patch, campaign.Policy{}, tt.at)
				var fe *campaign.FieldError
				if !errors.Is(err, campaign.ErrForbidden) || errors.Is(err, campaign.ErrEnded) != tt.ended || !errors.As(err, &fe) || fe.Field != "period.end" {
					t.Errorf("%v campaign: Edit at %v = %v; want a period.end FieldError, ErrForbidden, ErrEnded %v", c.Status, tt.at, err, tt.ended)
				}
			}
		})
	}
	if _, err := published(t, d).Edit(campaign.Patch{Period: &later}, campaign.Policy{}, end.Add(-campaign.EditDelay-time.Nanosecond)); err != nil {
		t.Errorf("Edit applying a nanosecond before the end: %v", err)
	}
	if _, err := draft(t, d).Edit(campaign.Patch{Period: &later}, campaign.Policy{}, end.Add(time.Hour)); err != nil {
		t.Errorf("draft Edit after its dates: %v", err)
	}
}

// C5: the lock error names the exact instant editing reopens, to the
// nanosecond, so an edit at the time it names succeeds.
func TestEditLockedErrorNamesExactInstant(t *testing.T) {
	at := t0.Add(time.Hour + 900*time.Millisecond)
	c, err := published(t, validDetails(t)).Edit(campaign.Patch{Name: ptr("Summer glow")}, campaign.Policy{}, at)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Edit(campaign.Patch{Name: ptr("Autumn glow")}, campaign.Policy{}, at.Add(time.Minute))
	want := "campaign: edit locked until " + at.Add(campaign.EditDelay).UTC().Format(time.RFC3339Nano)
	if err == nil || err.Error() != want {
		t.Errorf("second Edit = %v, want %q", err, want)
	}
}

// C5: until an edit applies, a seller's view is exactly what it was before
// the edit, UpdatedAt included, so nothing shows that an edit is waiting;
// once it applies, UpdatedAt is when it applied.
func TestSellerViewHidesAWaitingEdit(t *testing.T) {
	c := published(t, validDetails(t))
	at := t0.Add(time.Hour)
	before := c.ForSeller("USSHOP0001", at)
	edited, err := c.Edit(campaign.Patch{Name: ptr("Summer glow")}, campaign.Policy{}, at)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, edited.ForSeller("USSHOP0001", at.Add(campaign.EditDelay-time.Nanosecond))); diff != "" {
		t.Errorf("seller view during the lock (-before +during):\n%s", diff)
	}
	after := edited.ForSeller("USSHOP0001", at.Add(campaign.EditDelay))
	if after.Details.Name != "Summer glow" || !after.UpdatedAt.Equal(edited.Pending.AppliesAt) {
		t.Errorf("seller view once applied: %q updated %v; want the new name, updated %v", after.Details.Name, after.UpdatedAt, edited.Pending.AppliesAt)
	}
}
