package attribution_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"
)

// A1, P6: the order's placed time is part of an event's content and
// survives the CSV round trip; a placed time after the event is refused.
func TestEventPlaced(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	amount, _ := commission.NewMoney("10", "USD")
	ev := attribution.Event{ID: "e1", Kind: attribution.Paid, Order: "o1", Line: "l1", Creator: "c1",
		Entry: "SHOP/P1", Amount: amount, At: at, Placed: at.Add(-time.Minute)}
	if err := ev.Validate(); err != nil {
		t.Fatalf("Validate() = %v", err)
	}
	moved := ev
	moved.Placed = at.Add(-2 * time.Minute)
	if ev.Equal(moved) {
		t.Error("events differing only in Placed are Equal, want not")
	}
	late := ev
	late.Placed = at.Add(time.Second)
	if err := late.Validate(); !errors.Is(err, attribution.ErrInvalid) {
		t.Errorf("Validate(placed after at) = %v, want ErrInvalid", err)
	}
	var buf bytes.Buffer
	if err := attribution.WriteEventsCSV(&buf, []attribution.Event{ev}); err != nil {
		t.Fatal(err)
	}
	back, err := attribution.ReadEventsCSV(&buf)
	if err != nil || len(back) != 1 || !back[0].Equal(ev) {
		t.Errorf("CSV round trip = %+v, %v; want %+v", back, err, ev)
	}
}

// A1: an event read back from its CSV is the same event, whatever zone
// its times were given in, even one whose offset has seconds (which RFC
// 3339 cannot write): the CSV holds instants in UTC.
func TestEventsCSVKeepsInstants(t *testing.T) {
	odd := time.FixedZone("LMT", 37)
	at := time.Date(2026, 3, 1, 12, 0, 0, 123456789, odd)
	amount, _ := commission.NewMoney("10", "USD")
	ev := attribution.Event{ID: "e1", Kind: attribution.Paid, Order: "o1", Line: "l1", Creator: "c1",
		Entry: "SHOP/P1", Amount: amount, At: at, Placed: at.Add(-time.Minute).In(time.FixedZone("UTC+7", 7*3600))}
	var buf bytes.Buffer
	if err := attribution.WriteEventsCSV(&buf, []attribution.Event{ev}); err != nil {
		t.Fatal(err)
	}
	back, err := attribution.ReadEventsCSV(&buf)
	if err != nil || len(back) != 1 || !back[0].Equal(ev) {
		t.Fatalf("CSV round trip = %+v, %v; want %+v", back, err, ev)
	}
}
