package attribution

import (
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/internal/enum"
	"github.com/partnerkit/partnerkit/internal/errdef"
	"github.com/partnerkit/partnerkit/internal/text"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
)

// SampleStatus is where a sample request stands. The zero SampleStatus is
// invalid.
type SampleStatus int

// The sample statuses: Requested -> Approved | Rejected; Approved ->
// Shipped -> Delivered.
const (
	SampleRequested SampleStatus = iota + 1
	SampleApproved
	SampleRejected
	SampleShipped
	SampleDelivered
)

var sampleNames = [...]string{SampleRequested: "requested", SampleApproved: "approved", SampleRejected: "rejected",
	SampleShipped: "shipped", SampleDelivered: "delivered"}

// String returns the status code, such as "shipped", or "invalid".
func (s SampleStatus) String() string {
	if s < SampleRequested || s > SampleDelivered {
		return "invalid"
	}
	return sampleNames[s]
}

// next lists the allowed transitions of a sample request.
var next = map[SampleStatus][]SampleStatus{
	SampleRequested: {SampleApproved, SampleRejected},
	SampleApproved:  {SampleShipped},
	SampleShipped:   {SampleDelivered},
}

// Sample is one sample request of a creator for a product.
type Sample struct {
	ID       SampleID
	Quantity int
	Status   SampleStatus
}

// ContentKind is the kind of content a creator posts. The zero ContentKind
// is invalid.
type ContentKind int

// The content kinds.
const (
	Video ContentKind = iota + 1
	Live
)

// String returns "video", "live" or "invalid".
func (k ContentKind) String() string {
	switch k {
	case Video:
		return "video"
	case Live:
		return "live"
	}
	return "invalid"
}

// Content is one piece of content a creator posted for a product.
// WithSample is true when it was made after a sample of the product was
// delivered to the creator.
type Content struct {
	ID         ContentID
	Kind       ContentKind
	WithSample bool
}

// Bounds of a Progress. A Progress is one record, rewritten whole on every
// change, so without them one creator could make every later change of its
// collaboration slow, or fill the store.
const (
	// MaxProgressIDLen bounds a sample request id or a content id, in
	// bytes: room for a video's URL
	// (https://www.tiktok.com/@handle/video/7300000000000000000 is about
	// 75 bytes) used as its id.
	MaxProgressIDLen = 256
	// MaxSampleQuantity bounds the quantity of one sample request.
	MaxSampleQuantity = 1_000_000
	// MaxSamples bounds the sample requests of one collaboration.
	MaxSamples = 100
	// MaxContent bounds the pieces of content of one collaboration.
	MaxContent = 1000
)

// Progress is one creator's collaboration on one product of a campaign
// (A3): its sample requests (at most MaxSamples) and the content it made
// (at most MaxContent).
type Progress struct {
	Campaign campaign.ID
	Product  registration.ProductID
	Creator  productlist.CreatorID
	Samples  []Sample
	Content  []Content
}

func (p Progress) sample(id SampleID) (int, error) {
	i := slices.IndexFunc(p.Samples, func(s Sample) bool { return s.ID == id })
	if i < 0 {
		return 0, fmt.Errorf("attribution: sample request %q: %w", errdef.Shown(string(id)), ErrNotFound)
	}
	return i, nil
}

// checkProgressID returns nil if id may name a sample request or a piece of
// content (field names which), and otherwise a *FieldError wrapping
// [ErrInvalid]: ids come from outside and are stored and shown.
func checkProgressID(field, id string) error {
	switch {
	case id == "":
		return errdef.Field(field, id, ErrInvalid, "attribution: empty "+field+" id")
	case len(id) > MaxProgressIDLen:
		return errdef.Field(field, id, ErrInvalid, fmt.Sprintf("attribution: %s id longer than %d bytes", field, MaxProgressIDLen))
	case !utf8.ValidString(id):
		return errdef.Field(field, id, ErrInvalid, "attribution: "+field+" id not UTF-8")
	case text.HasControl(id, ""):
		return errdef.Field(field, id, ErrInvalid, "attribution: "+field+" id holds a control character")
	}
	return nil
}

// checkSampleQuantity returns nil if qty is 1 to MaxSampleQuantity, and
// otherwise a *FieldError wrapping [ErrInvalid].
func checkSampleQuantity(qty int) error {
	if qty < 1 || qty > MaxSampleQuantity {
		return errdef.Field("quantity", qty, ErrInvalid, fmt.Sprintf("attribution: want 1 to %d", MaxSampleQuantity))
	}
	return nil
}

// RequestSample returns p with a new sample request for qty units.
//
// RequestSample returns an error if:
//   - id is empty, longer than MaxProgressIDLen bytes, not UTF-8 or holds a
//     control character, or qty is not 1 to MaxSampleQuantity (each a
//     *FieldError wrapping [ErrInvalid], every problem joined);
//   - a request with id exists ([ErrConflict]);
//   - p already holds MaxSamples requests (a *FieldError wrapping
//     [ErrLimit]).
func (p Progress) RequestSample(id SampleID, qty int) (Progress, error) {
	if err := errors.Join(checkProgressID("sample", string(id)), checkSampleQuantity(qty)); err != nil {
		return p, err
	}
	if _, err := p.sample(id); err == nil {
		return p, fmt.Errorf("attribution: sample request %q exists: %w", id, ErrConflict)
	}
	if len(p.Samples) >= MaxSamples {
		return p, errdef.Field("samples", len(p.Samples)+1, ErrLimit,
			fmt.Sprintf("attribution: a collaboration holds at most %d sample requests", MaxSamples))
	}
	out := p
	out.Samples = append(slices.Clip(p.Samples), Sample{ID: id, Quantity: qty, Status: SampleRequested})
	return out, nil
}

// SetSampleQuantity returns p with sample request id changed to qty units.
// Before approval any quantity from 1 to MaxSampleQuantity goes; once
// approved the quantity may be raised, never lowered (A3).
//
// SetSampleQuantity returns an error if the request does not exist
// ([ErrNotFound]), qty is not 1 to MaxSampleQuantity, the request was
// rejected, or qty lowers an approved request (a *FieldError wrapping
// [ErrInvalid]).
func (p Progress) SetSampleQuantity(id SampleID, qty int) (Progress, error) {
	i, err := p.sample(id)
	if err != nil {
		return p, err
	}
	s := p.Samples[i]
	if err := checkSampleQuantity(qty); err != nil {
		return p, err
	}
	switch {
	case s.Status == SampleRejected:
		return p, errdef.Field("quantity", qty, ErrInvalid, "attribution: sample request was rejected")
	case s.Status != SampleRequested && qty < s.Quantity:
		return p, errdef.Field("quantity", qty, ErrInvalid,
			fmt.Sprintf("attribution: approved for %d; the quantity may be raised, never lowered", s.Quantity))
	}
	out := p
	out.Samples = slices.Clone(p.Samples)
	out.Samples[i].Quantity = qty
	return out, nil
}

// SetSampleStatus returns p with sample request id moved to status.
//
// SetSampleStatus returns an error if the request does not exist
// ([ErrNotFound]) or the transition is not Requested -> Approved |
// Rejected, Approved -> Shipped or Shipped -> Delivered (a *FieldError
// wrapping [ErrInvalid]). Setting the current status again is a no-op.
func (p Progress) SetSampleStatus(id SampleID, status SampleStatus) (Progress, error) {
	i, err := p.sample(id)
	if err != nil {
		return p, err
	}
	cur := p.Samples[i].Status
	if cur == status {
		return p, nil
	}
	if !slices.Contains(next[cur], status) {
		return p, errdef.Field("status", status.String(), ErrInvalid, "attribution: sample request is "+cur.String())
	}
	out := p
	out.Samples = slices.Clone(p.Samples)
	out.Samples[i].Status = status
	return out, nil
}

// AddContent returns p with content id of kind added, and the change to add
// to the product's [ContentCounts]. The content counts as made with a
// sample if a sample request of p has been delivered.
//
// Adding the same id and kind again is a no-op with a zero change, even
// when p is full. AddContent returns an error if:
//   - id is empty, longer than MaxProgressIDLen bytes, not UTF-8 or holds a
//     control character, or kind is invalid (each a *FieldError wrapping
//     [ErrInvalid], every problem joined);
//   - id was added with another kind ([ErrConflict]);
//   - p already holds MaxContent pieces of content (a *FieldError wrapping
//     [ErrLimit]).
func (p Progress) AddContent(id ContentID, kind ContentKind) (Progress, ContentCounts, error) {
	var kindErr error
	if kind != Video && kind != Live {
		kindErr = errdef.Field("kind", int(kind), ErrInvalid, "attribution: unknown content kind")
	}
	// Content already recorded, whatever the bounds when it was, is looked
	// up first: recording it again stays a no-op.
	if i := slices.IndexFunc(p.Content, func(c Content) bool { return c.ID == id }); i >= 0 && kindErr == nil {
		if p.Content[i].Kind == kind {
			return p, ContentCounts{}, nil
		}
		return p, ContentCounts{}, fmt.Errorf("attribution: content %q is a %v: %w", errdef.Shown(string(id)), p.Content[i].Kind, ErrConflict)
	}
	if err := errors.Join(checkProgressID("content", string(id)), kindErr); err != nil {
		return p, ContentCounts{}, err
	}
	if len(p.Content) >= MaxContent {
		return p, ContentCounts{}, errdef.Field("content", len(p.Content)+1, ErrLimit,
			fmt.Sprintf("attribution: a collaboration holds at most %d pieces of content", MaxContent))
	}
	c := Content{ID: id, Kind: kind, WithSample: slices.ContainsFunc(p.Samples, func(s Sample) bool { return s.Status == SampleDelivered })}
	out := p
	out.Content = append(slices.Clip(p.Content), c)
	return out, c.counts(), nil
}

func (c Content) counts() ContentCounts {
	var d ContentCounts
	switch c.Kind {
	case Video:
		d.Videos = 1
		if c.WithSample {
			d.VideosWithSample = 1
		}
	case Live:
		d.Lives = 1
		if c.WithSample {
			d.LivesWithSample = 1
		}
	}
	return d
}

// Counts returns p's content counts.
func (p Progress) Counts() ContentCounts {
	var n ContentCounts
	for _, c := range p.Content {
		n = n.Add(c.counts())
	}
	return n
}

// ContentCounts count the content made for a product (A3).
type ContentCounts struct {
	Videos, Lives                     int64
	VideosWithSample, LivesWithSample int64
}

// Add returns c + d.
func (c ContentCounts) Add(d ContentCounts) ContentCounts {
	return ContentCounts{Videos: c.Videos + d.Videos, Lives: c.Lives + d.Lives,
		VideosWithSample: c.VideosWithSample + d.VideosWithSample, LivesWithSample: c.LivesWithSample + d.LivesWithSample}
}

// Posted reports whether any content was made.
func (c ContentCounts) Posted() bool { return c.Videos+c.Lives > 0 }

// ContentStatus filters products by whether content was posted for them
// (A2). The zero ContentStatus selects no status: Service.ProductMetrics
// reads it as "no filter".
type ContentStatus int

// The content statuses.
const (
	ContentPosted ContentStatus = iota + 1
	NoContent
)

// String returns "posted", "no_content", "any" for the zero ContentStatus
// (no filter), or "invalid".
func (s ContentStatus) String() string {
	switch s {
	case 0:
		return "any"
	case ContentPosted:
		return "posted"
	case NoContent:
		return "no_content"
	}
	return "invalid"
}

// ParseContentStatus returns the ContentStatus whose code is s ("posted",
// "no_content"; "any" or "" for the zero ContentStatus, no filter), so a
// host can take it from a query string; any other text is a *FieldError
// wrapping [ErrInvalid].
func ParseContentStatus(s string) (ContentStatus, error) {
	if s == "" || s == "any" {
		return 0, nil
	}
	return enum.Parse(s, ContentPosted, NoContent, "attribution", "content_status")
}

// FilterProducts returns the products of ps whose content status is s, in
// the order of ps. The zero ContentStatus selects no status, so every
// product is kept; a value that is none of the constants keeps none.
func FilterProducts(ps []ProductMetrics, s ContentStatus) []ProductMetrics {
	var out []ProductMetrics
	for _, p := range ps {
		if s == 0 || (s == ContentPosted || s == NoContent) && p.Content.Posted() == (s == ContentPosted) {
			out = append(out, p)
		}
	}
	return out
}
