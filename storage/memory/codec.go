package memory

import (
	"encoding/binary"
	"hash/maphash"
	"math/big"
	"sync"
	"sync/atomic"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/commission"

	"github.com/shopspring/decimal"
)

// The hot records (order lines, outbox messages) are kept as immutable
// bytes written by a hand-written binary codec rather than as Go values: a
// line's record is one pointer-free string (a committed message's, bytes
// in a chunk of the outbox log), so it costs the GC nothing to scan and a
// few hundred bytes less than the value it encodes, and decoding builds
// fresh values, so nothing a caller holds aliases stored data (strings
// decoded are substrings of a record, which is never changed, or new).
//
// Encoding is exact: integers are zigzag varints, strings length-prefixed
// bytes, decimals their coefficient (int64 when it fits, big-endian bytes
// otherwise) and exponent, so 20.00 stays 20.00; times their Unix seconds
// and nanoseconds and their *time.Location, interned, so a time comes back
// in its own zone. A monotonic clock reading is dropped, as every SQL
// backend drops it.

// enc appends encoded fields to a buffer.
type enc struct{ b []byte }

func (e *enc) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *enc) int(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *enc) byte(v byte)   { e.b = append(e.b, v) }

func (e *enc) str(s string) {
	e.uint(uint64(len(s)))
	e.b = append(e.b, s...)
}

// bytes writes p, keeping nil apart from empty.
func (e *enc) bytes(p []byte) {
	if p == nil {
		e.uint(0)
		return
	}
	e.uint(uint64(len(p)) + 1)
	e.b = append(e.b, p...)
}

// decimalHeader returns d's header: its exponent, zigzagged, and whether
// its coefficient is written in full (it does not fit an int64).
func decimalHeader(d decimal.Decimal) uint64 {
	x := int64(d.Exponent())
	h := uint64(x<<1^x>>63) << 1 // zigzag
	if d.NumDigits() > 18 {
		h |= 1
	}
	return h
}

// coefficient writes d's coefficient as its header h says.
func (e *enc) coefficient(d decimal.Decimal, h uint64) {
	if h&1 == 0 {
		e.int(d.CoefficientInt64())
		return
	}
	c := d.Coefficient()
	e.byte(byte(c.Sign() + 1))
	mag := c.Bytes()
	e.uint(uint64(len(mag)))
	e.b = append(e.b, mag...)
}

// dec reads fields from a record written by enc. Records are only ever
// decoded by the store that wrote them, so a malformed one is a bug: dec
// panics (with an index out of range) rather than returning an error.
type dec struct {
	s string
	i int
}

func (d *dec) uint() uint64 {
	var v uint64
	for shift := 0; ; shift += 7 {
		c := d.s[d.i]
		d.i++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
}

func (d *dec) int() int64 {
	u := d.uint()
	return int64(u>>1) ^ -int64(u&1)
}

func (d *dec) byte() byte {
	c := d.s[d.i]
	d.i++
	return c
}

// str returns the next string: a substring of the record, no copy.
func (d *dec) str() string {
	n := int(d.uint())
	s := d.s[d.i : d.i+n]
	d.i += n
	return s
}

func (d *dec) skipStr() { d.i += int(d.uint()) }

// bytes returns a fresh copy of the next byte slice (nil if nil was
// written): callers may change it.
func (d *dec) bytes() []byte {
	n := d.uint()
	if n == 0 {
		return nil
	}
	p := []byte(d.s[d.i : d.i+int(n-1)])
	d.i += int(n - 1)
	return p
}

// decimal reads the coefficient of a decimal with header h. One that fits
// an int64 comes from the cache when a recent read had the same
// coefficient and exponent.
func (d *dec) decimal(h uint64, cache *decimalCache) decimal.Decimal {
	exp := int32(int64(h>>2) ^ -int64(h>>1&1))
	if h&1 == 0 {
		return cache.get(d.int(), exp)
	}
	sign := int(d.byte()) - 1
	n := int(d.uint())
	c := new(big.Int).SetBytes([]byte(d.s[d.i : d.i+n]))
	d.i += n
	if sign < 0 {
		c.Neg(c)
	}
	return decimal.NewFromBigInt(c, exp)
}

// decimalCache holds recently decoded decimals, so decoding the amounts
// thousands of lines share (prices, rates' results, zeros with two
// decimals) allocates nothing. Sharing a Decimal's coefficient between
// values is safe: decimal.Decimal never changes it in place (the
// reflection copy of the other tables relies on the same). It is a
// direct-mapped table of immutable entries behind atomic pointers, so any
// number of readers use it without a lock.
type decimalCache [1024]atomic.Pointer[cachedDecimal]

type cachedDecimal struct {
	coef int64
	exp  int32
	d    decimal.Decimal
}

func (c *decimalCache) get(coef int64, exp int32) decimal.Decimal {
	if coef == 0 && exp == 0 {
		return decimal.Decimal{} // equal to New(0, 0), and allocates nothing
	}
	slot := &c[(uint64(coef)*0x9E3779B97F4A7C15^uint64(exp)*0xBF58476D1CE4E5B9)>>54]
	if e := slot.Load(); e != nil && e.coef == coef && e.exp == exp {
		return e.d
	}
	e := &cachedDecimal{coef: coef, exp: exp, d: decimal.New(coef, exp)}
	slot.Store(e)
	return e.d
}

func (d *dec) skipCoefficient(h uint64) {
	if h&1 == 0 {
		d.int()
		return
	}
	d.byte()
	d.skipStr()
}

// interner numbers the distinct values of a small vocabulary (currencies,
// locations, attributions, message kinds) so records hold a varint instead
// of the value. It only grows. id is for the writer (an Update holds the
// store's writer lock); values may be read by any goroutine: it returns an
// append-only snapshot whose elements never change.
type interner[T comparable] struct {
	// index finds numbers by hash, a hash cheaper than a map's own for
	// attributions (which hash a dozen strings): the candidates under a
	// hash are compared with ==.
	index map[uint64][]uint64
	hash  func(T) uint64
	vals  []T
	snap  atomic.Pointer[[]T]
	// last is the value numbered last: runs of records share one.
	last   T
	lastID uint64
	hit    bool
}

// newInterner returns an interner hashing with hash (any hash of the
// value's identity) that numbers first, in order, from 0.
func newInterner[T comparable](hash func(T) uint64, first ...T) *interner[T] {
	in := &interner[T]{index: map[uint64][]uint64{}, hash: hash}
	for _, v := range first {
		in.id(v)
	}
	in.publish()
	return in
}

// id returns v's number, numbering it if new.
func (in *interner[T]) id(v T) uint64 {
	if in.hit && v == in.last {
		return in.lastID
	}
	if len(in.vals) <= 4 { // currencies, locations: compare, don't hash
		for n, x := range in.vals {
			if x == v {
				in.last, in.lastID, in.hit = v, uint64(n), true
				return uint64(n)
			}
		}
	}
	h := in.hash(v)
	for _, n := range in.index[h] {
		if in.vals[n] == v {
			in.last, in.lastID, in.hit = v, n, true
			return n
		}
	}
	n := uint64(len(in.vals))
	in.index[h] = append(in.index[h], n)
	in.vals = append(in.vals, v)
	in.publish()
	in.last, in.lastID, in.hit = v, n, true
	return n
}

// hashAny hashes any comparable value, for interners of small tables.
func hashAny[T comparable](v T) uint64 { return maphash.Comparable(seed, v) }

// hashStringValue hashes a string for an interner.
func hashStringValue(s string) uint64 { return maphash.String(seed, s) }

// hashAttribution hashes what tells a campaign's attributions apart most
// (creator, product, rate version): cheaper than hashing every field.
func hashAttribution(a attribution.Attribution) uint64 {
	t := &a.Terms
	return maphash.String(seed, string(t.Product))*31 + maphash.String(seed, string(t.Creator)) + uint64(t.RateVersion)
}

// maxInterned bounds the tables of values that are usually few but need
// not be (entry ids): past it, records hold such values in full.
const maxInterned = 1 << 16

// idCapped returns v's number, numbering it if new and the table holds
// fewer than maxInterned values; false if v is not numbered.
func (in *interner[T]) idCapped(v T) (uint64, bool) {
	if len(in.vals) >= maxInterned {
		for _, n := range in.index[in.hash(v)] {
			if in.vals[n] == v {
				return n, true
			}
		}
		return 0, false
	}
	return in.id(v), true
}

func (in *interner[T]) publish() {
	s := in.vals
	in.snap.Store(&s)
}

// values returns the values numbered so far, by number. The caller must
// not change them.
func (in *interner[T]) values() []T { return *in.snap.Load() }

// codec holds the store-wide tables records refer to, and the writer's
// scratch buffer. Only the writer (an Update) encodes; any transaction
// decodes, through a view.
type codec struct {
	locs       *interner[*time.Location]
	currencies *interner[commission.Currency]
	attrs      *interner[attribution.Attribution]
	kinds      *interner[string] // outbox message kinds
	entries    *interner[string] // events' entry ids
	buf        enc
	decimals   decimalCache
}

func newCodec() *codec {
	return &codec{
		locs:       newInterner(hashAny[*time.Location], time.UTC, time.Local),
		currencies: newInterner(hashAny[commission.Currency], commission.Currency{}),
		attrs:      newInterner(hashAttribution, attribution.Attribution{}),
		kinds:      newInterner(hashStringValue),
		entries:    newInterner(hashStringValue),
	}
}

// record returns the scratch buffer's content as a new record and empties
// the buffer.
func (c *codec) record() string {
	s := string(c.buf.b)
	c.buf.b = c.buf.b[:0]
	return s
}

// time writes t: 0 for the zero Time, else its location's number + 1,
// Unix seconds and nanoseconds.
func (c *codec) time(t time.Time) {
	if t == (time.Time{}) {
		c.buf.uint(0)
		return
	}
	c.buf.uint(c.locs.id(canonicalZone(t.Location())) + 1)
	c.buf.int(t.Unix())
	c.buf.uint(uint64(t.Nanosecond()))
}

// money writes m as one header (its amount's decimal header, shifted, and
// its currency's number, or 7 and the number - 7 after it) and the
// amount's coefficient: a line's amounts are mostly 3 bytes each.
// timeAfter writes t relative to base, written before it: 0 for the
// zero Time, 1 if t is in base's location (base not zero), then the
// seconds from base and t's nanoseconds; else its location's number + 2,
// Unix seconds and nanoseconds. An order's placed time is an event's at
// time minus a little, in the same zone: 3 bytes, not 7.
func (c *codec) timeAfter(t, base time.Time) {
	switch {
	case t == (time.Time{}):
		c.buf.uint(0)
		return
	case base != (time.Time{}) && t.Location() == base.Location():
		c.buf.uint(1)
		c.buf.int(t.Unix() - base.Unix()) // wraps, and back when read
	default:
		c.buf.uint(c.locs.id(canonicalZone(t.Location())) + 2)
		c.buf.int(t.Unix())
	}
	c.buf.uint(uint64(t.Nanosecond()))
}

func (c *codec) money(m commission.Money) {
	h := decimalHeader(m.Amount)
	cur := c.currencies.id(m.Currency)
	c.buf.uint(h<<3 | min(cur, 7))
	if cur >= 7 {
		c.buf.uint(cur - 7)
	}
	c.buf.coefficient(m.Amount, h)
}

// view is a snapshot of the codec's tables, for decoding.
type view struct {
	decimals   *decimalCache
	locs       []*time.Location
	currencies []commission.Currency
	attrs      []attribution.Attribution
	kinds      []string
	entries    []string
}

func (c *codec) view() view {
	return view{decimals: &c.decimals, locs: c.locs.values(), currencies: c.currencies.values(), attrs: c.attrs.values(), kinds: c.kinds.values(), entries: c.entries.values()}
}

func (v *view) time(d *dec) time.Time {
	ref := d.uint()
	if ref == 0 {
		return time.Time{}
	}
	sec := d.int()
	nsec := d.uint()
	return time.Unix(sec, int64(nsec)).In(v.locs[ref-1])
}

func (v *view) timeAfter(d *dec, base time.Time) time.Time {
	switch ref := d.uint(); ref {
	case 0:
		return time.Time{}
	case 1:
		sec := base.Unix() + d.int()
		return time.Unix(sec, int64(d.uint())).In(base.Location())
	default:
		sec := d.int()
		return time.Unix(sec, int64(d.uint())).In(v.locs[ref-2])
	}
}

func skipTime(d *dec) {
	if d.uint() != 0 {
		d.int()
		d.uint()
	}
}

func (v *view) money(d *dec) commission.Money {
	h := d.uint()
	cur := h & 7
	if cur == 7 {
		cur += d.uint()
	}
	return commission.Money{Amount: d.decimal(h>>3, v.decimals), Currency: v.currencies[cur]}
}

func skipMoney(d *dec) {
	h := d.uint()
	if h&7 == 7 {
		d.uint()
	}
	d.skipCoefficient(h >> 3)
}

// fixedZones holds one shared zone per offset for unnamed fixed zones.
var fixedZones sync.Map // int -> *time.Location

// canonicalZone returns loc, except for an unnamed fixed zone, for which it
// returns the one zone this package shares for that offset. time.Parse
// makes a new unnamed zone for every numeric offset it reads ("+05:30"),
// and the location table, which numbers zones by pointer and never
// shrinks, would otherwise grow with every parsed time stored.
func canonicalZone(loc *time.Location) *time.Location {
	if loc.String() != "" {
		return loc
	}
	_, off := time.Unix(0, 0).In(loc).Zone()
	if _, later := time.Unix(1<<32, 0).In(loc).Zone(); later != off {
		return loc // has rules: not a fixed zone
	}
	if z, ok := fixedZones.Load(off); ok {
		return z.(*time.Location)
	}
	z, _ := fixedZones.LoadOrStore(off, time.FixedZone("", off))
	return z.(*time.Location)
}
