package partnerkit_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/commission"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage/memory"
)

// C1, C4, R1, P2–P4, A1, A2, K2: README's "Using it" block, call for call,
// with the values it leaves out supplied and a check after each call: a
// host that copies it gets 39.98 USD paid, 4.00 to the creator (10%) and
// 2.00 to the agency (15% − 10%).
func TestReadmeUsingItBlockRuns(t *testing.T) {
	ctx := context.Background()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	keys := productlist.KeySet{Keys: []productlist.Key{{ID: "k1", Agency: "agency-aurora", Secret: bytes.Repeat([]byte{0x5a}, 32), State: productlist.KeyActive}}}
	la := mustLocation("America/Los_Angeles")
	now := time.Now().In(la)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, la)
	details := campaign.Details{Market: "US", Name: "Readme", MinRate: 1000,
		Contact:      campaign.Contact{Channel: campaign.WhatsApp, Handle: "+1 555 0100"},
		Registration: campaign.Period{Start: today, End: today.AddDate(0, 0, 10)},
		Period:       campaign.Period{Start: today, End: today.AddDate(0, 1, 0)},
		Sellers:      campaign.Sellers{Mode: campaign.Open}}

	store := memory.New()
	defer store.Close()
	svc := partnerkit.New(store, partnerkit.Options{Keys: keys})

	agency := partnerkit.Agency{ID: "agency-aurora"}
	_, err := svc.ChooseCategory(ctx, agency, campaign.ContentManagement)
	must("ChooseCategory", err)
	_, err = svc.AddMatchUpCategory(ctx, agency)
	must("AddMatchUpCategory", err)
	_, err = svc.SubmitTaxInfo(ctx, agency)
	must("SubmitTaxInfo", err)
	_, err = svc.ReviewTaxInfo(ctx, partnerkit.Host{}, agency.ID, true)
	must("ReviewTaxInfo", err)
	_, err = svc.LinkBankAccount(ctx, agency)
	must("LinkBankAccount", err)
	c, err := svc.CreateCampaign(ctx, agency, details)
	must("CreateCampaign", err)
	c, err = svc.SubmitCampaign(ctx, agency, c.ID)
	must("SubmitCampaign", err)
	c, err = svc.PublishCampaign(ctx, agency, c.ID)
	must("PublishCampaign", err)

	reg, err := svc.RegisterProduct(ctx, partnerkit.Seller{Shop: "USGLOW001"}, partnerkit.RegisterInput{
		Campaign: c.ID, Product: "serum-30ml", ProductTitle: "Glow serum 30ml", Rate: 1500, // 15%
	})
	must("RegisterProduct", err)
	reg, err = svc.ApproveRegistration(ctx, agency, reg.ID)
	must("ApproveRegistration", err)

	list, err := svc.CreateList(ctx, agency, "Spring picks")
	must("CreateList", err)
	list, err = svc.AddToList(ctx, agency, list.ID, reg.ID, 1000)
	must("AddToList", err)
	link, err := svc.ShareList(ctx, agency, list.ID)
	must("ShareList", err)
	_, err = svc.AcceptLinks(ctx, partnerkit.Creator{ID: "creator-maya"}, []string{string(link)})
	must("AcceptLinks", err)

	paid, err := commission.NewMoney("39.98", "USD")
	must("NewMoney", err)
	paidAt := time.Now()
	placedAt := paidAt
	ev := attribution.Event{ID: "ev-1", Kind: attribution.Paid, Order: "o-1001", Line: "1",
		Creator: "creator-maya", Entry: partnerkit.EntryOf(reg.Shop, reg.Product),
		Amount: paid, At: paidAt, Placed: placedAt}
	results, err := svc.IngestEvents(ctx, partnerkit.Host{}, []attribution.Event{ev})
	must("IngestEvents", err)
	must("IngestEvents result", results[0].Err)
	m, err := svc.CampaignMetrics(ctx, agency, c.ID)
	must("CampaignMetrics", err)
	if m.GMV.String() != "39.98 USD" || m.EstimatedCreator.String() != "4.00 USD" || m.EstimatedAgency.String() != "2.00 USD" {
		t.Errorf("metrics = GMV %v, creator %v, agency %v; want 39.98, 4.00 and 2.00 USD", m.GMV, m.EstimatedCreator, m.EstimatedAgency)
	}
}
