package attribution

import (
	"fmt"
	"slices"
)

// keySet tracks which in-scope keys a reconciliation has seen, in about 8
// bytes and one bit per key: a sorted array of the keys' 64-bit FNV-1a
// hashes and a bitset over it. Keys whose hashes collide (or that the
// source lists twice) are tracked exactly in a map, so the set is exact
// as long as mark is only called with keys in scope, which LedgerSource's
// contract guarantees for keys Line finds.
type keySet struct {
	hashes []uint64
	seen   []uint64 // bit i is hashes[i]
	exact  map[LineKey]bool
	shared map[uint64]bool // hashes of the keys in exact
}

// hashKey is FNV-1a over len(order), order and line: length-prefixed so
// that ("a", "bc") and ("ab", "c") differ. Inlined to allocate nothing.
func hashKey(k LineKey) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	n := uint64(len(k.Order))
	for i := 0; i < 8; i++ {
		h = (h ^ (n >> (8 * i) & 0xff)) * prime
	}
	for i := 0; i < len(k.Order); i++ {
		h = (h ^ uint64(k.Order[i])) * prime
	}
	for i := 0; i < len(k.Line); i++ {
		h = (h ^ uint64(k.Line[i])) * prime
	}
	return h
}

// newKeySet reads the keys of src, once more if any hashes collide.
func newKeySet(src LedgerSource) (*keySet, error) {
	s := &keySet{}
	if err := src.Keys(func(k LineKey) bool {
		s.hashes = append(s.hashes, hashKey(k))
		return true
	}); err != nil {
		return nil, fmt.Errorf("attribution: listing ledger keys: %w", err)
	}
	slices.Sort(s.hashes)
	for i := 1; i < len(s.hashes); i++ {
		if s.hashes[i] == s.hashes[i-1] {
			if s.shared == nil {
				s.shared = map[uint64]bool{}
			}
			s.shared[s.hashes[i]] = true
		}
	}
	s.hashes = slices.Compact(s.hashes)
	s.hashes = slices.Clip(s.hashes)
	s.seen = make([]uint64, (len(s.hashes)+63)/64)
	if s.shared == nil {
		return s, nil
	}
	s.exact = map[LineKey]bool{}
	if err := src.Keys(func(k LineKey) bool {
		if s.shared[hashKey(k)] {
			s.exact[k] = false
		}
		return true
	}); err != nil {
		return nil, fmt.Errorf("attribution: listing ledger keys: %w", err)
	}
	return s, nil
}

// mark records k as seen and reports whether it was the first time. It
// returns an error wrapping ErrInvalid if k is not in scope.
func (s *keySet) mark(k LineKey) (bool, error) {
	h := hashKey(k)
	if s.shared[h] {
		seen, ok := s.exact[k]
		if !ok {
			return false, fmt.Errorf("attribution: ledger source found %v, which its keys do not list: %w", k, ErrInvalid)
		}
		s.exact[k] = true
		return !seen, nil
	}
	i, ok := slices.BinarySearch(s.hashes, h)
	if !ok {
		return false, fmt.Errorf("attribution: ledger source found %v, which its keys do not list: %w", k, ErrInvalid)
	}
	word, bit := i/64, uint64(1)<<(i%64)
	first := s.seen[word]&bit == 0
	s.seen[word] |= bit
	return first, nil
}
