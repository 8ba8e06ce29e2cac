package attribution

// EventID identifies an order event. It is the idempotency key of [Apply]:
// the same id with the same content is a duplicate, with different content
// a conflict.
type EventID string

// OrderID identifies a buyer's order on the platform.
type OrderID string

// LineID identifies one line (one product, SKU order) of an order.
type LineID string

// EntryID identifies the creator's showcase entry (or share link) an order
// line came through.
type EntryID string

// SampleID identifies a creator's sample request.
type SampleID string

// ContentID identifies a piece of content (a video or a LIVE) a creator
// posted.
type ContentID string

// LineKey identifies an order line: the unit that is attributed and paid.
type LineKey struct {
	Order OrderID
	Line  LineID
}

// String formats the key as "order/line".
func (k LineKey) String() string { return string(k.Order) + "/" + string(k.Line) }
