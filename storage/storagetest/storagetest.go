package storagetest

import (
	"testing"

	"github.com/partnerkit/partnerkit/storage"
)

// Run runs the conformance suite against the stores newStore makes: one
// fresh store per subtest, closed when the subtest ends (a second Close,
// by newStore's own cleanup, may return storage.ErrClosed; Run ignores
// its result). Subtests are named after the contract clause they check and
// run one after another; the races inside them are synchronised with
// barriers, never sleeps, and their sizes are fixed by the suite.
//
// The last subtest, StateMachine, runs random operations against a map
// model with pgregory.net/rapid on one store; its length follows rapid's
// flags (-rapid.checks, default 100, and -rapid.steps), which a slow
// backend may lower on its command line.
func Run(t *testing.T, newStore func(t *testing.T) storage.Store) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newStore(t)
			t.Cleanup(func() { _ = s.Close() })
			c.run(t, s)
		})
	}
	t.Run("StateMachine", func(t *testing.T) {
		s := newStore(t)
		t.Cleanup(func() { _ = s.Close() })
		stateMachine(t, s)
	})
}

// cases are the subtests that need one fresh store each, in order.
var cases = []struct {
	name string
	run  func(*testing.T, storage.Store)
}{
	// Transactions.
	{"UpdateCommits", updateCommits},
	{"UpdateErrorRollsBack", updateErrorRollsBack},
	{"UpdatePanicRollsBack", updatePanicRollsBack},
	{"UpdateCanceledContextRollsBack", updateCanceledContextRollsBack},
	{"UpdateSeesOwnWrites", updateSeesOwnWrites},
	{"ViewIsReadOnly", viewIsReadOnly},
	{"ViewSeesSnapshot", viewSeesSnapshot},
	{"ViewNeverSeesPartialUpdate", viewNeverSeesPartialUpdate},
	{"UpdatesDoNotLoseWritesUnderRace", updatesDoNotLoseWritesUnderRace},
	{"ValuesDoNotAlias", valuesDoNotAlias},
	{"EmptyKeysInvalid", emptyKeysInvalid},
	{"BadCursorInvalid", badCursorInvalid},
	{"BadQueryFieldsInvalid", badQueryFieldsInvalid},
	{"PagingStableUnderWrites", pagingStableUnderWrites},
	{"ScopedListingsFollowWrites", scopedListingsFollowWrites},
	{"CloseThenErrClosed", closeThenErrClosed},
	{"RecordTimesKeepInstant", recordTimesKeepInstant},
	// Agencies.
	{"AgencyPutGet", agencyPutGet},
	// Campaigns.
	{"CampaignCreateGet", campaignCreateGet},
	{"CampaignCreateConflict", campaignCreateConflict},
	{"CampaignUpdate", campaignUpdate},
	{"CampaignShopCodeLimit", campaignShopCodeLimit},
	{"CampaignListFiltersAndPages", campaignListFiltersAndPages},
	{"CampaignListEditDue", campaignListEditDue},
	{"CampaignListEditDueEdges", campaignListEditDueEdges},
	{"CampaignShopCodeLimitHoldsUnderRace", campaignShopCodeLimitHoldsUnderRace},
	// Registrations.
	{"RegistrationCreateGet", registrationCreateGet},
	{"RegistrationCreateConflict", registrationCreateConflict},
	{"RegistrationUniqueUnderRace", registrationUniqueUnderRace},
	{"RegistrationUpdate", registrationUpdate},
	{"RegistrationListFiltersAndPages", registrationListFiltersAndPages},
	{"RegistrationPricesKeepExponent", registrationPricesKeepExponent},
	// Lists.
	{"ListCreateGet", listCreateGet},
	{"ListCreateConflict", listCreateConflict},
	{"ListProductLimit", listProductLimit},
	{"ListPerAgencyLimit", listPerAgencyLimit},
	{"ListUpdateDeleteCount", listUpdateDeleteCount},
	{"ListSearchAndPages", listSearchAndPages},
	{"ListProductLimitHoldsUnderRace", listProductLimitHoldsUnderRace},
	{"ListPerAgencyLimitHoldsUnderRace", listPerAgencyLimitHoldsUnderRace},
	{"ListPricesKeepExponent", listPricesKeepExponent},
	// Bookmarks and showcases.
	{"BookmarksGetPut", bookmarksGetPut},
	{"ShowcaseGetPut", showcaseGetPut},
	// Orders.
	{"OrderPutGet", orderPutGet},
	{"OrderLongLine", orderLongLine},
	{"OrderEventOnOtherLineConflict", orderEventOnOtherLineConflict},
	{"OrderRefusedPutChangesNothing", orderRefusedPutChangesNothing},
	{"OrderIDTakenAfterLookupConflicts", orderIDTakenAfterLookupConflicts},
	{"OrderListFiltersAndPages", orderListFiltersAndPages},
	{"OrderListDue", orderListDue},
	{"OrderListDueEdges", orderListDueEdges},
	{"OrderEventAppliedOnceUnderRace", orderEventAppliedOnceUnderRace},
	{"OrderSetBased", orderSetBased},
	{"OrderTimesKeepInstant", orderTimesKeepInstant},
	{"OrderAmountsKeepExponent", orderAmountsKeepExponent},
	// Metrics and progress.
	{"MetricsCampaignAndProducts", metricsCampaignAndProducts},
	{"MetricsCreatorLines", metricsCreatorLines},
	{"MetricsSetBased", metricsSetBased},
	{"MetricsAmountsKeepExponent", metricsAmountsKeepExponent},
	{"ProgressGetPutList", progressGetPutList},
	// Outbox.
	{"OutboxAppendRead", outboxAppendRead},
	{"OutboxRollbackDropsMessages", outboxRollbackDropsMessages},
	{"OutboxAck", outboxAck},
	{"OutboxReaderNameBounded", outboxReaderNameBounded},
	{"OutboxBadSeqNamedByValue", outboxBadSeqNamedByValue},
	{"OutboxReaderNeverSkipsUnderRace", outboxReaderNeverSkipsUnderRace},
}

// Racers is how many goroutines each race runs: enough to make conflicts
// likely on every backend. The suite fixes it so a backend cannot shrink
// its races.
const Racers = 32
