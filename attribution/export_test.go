package attribution

// The int64 hot paths of the metrics arithmetic, so the properties can
// compare them with decimal arithmetic.
var (
	Plus  = plus
	Minus = minus
)

// CleanID is the id check of Event.Validate.
var CleanID = cleanID

// MaxReportOnlyTracked is how many keys of rows not in the ledger
// Reconcile remembers.
const MaxReportOnlyTracked = maxReportOnlyTracked
