package storage_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/partnerkit/partnerkit/storage"
)

// maxCursor mirrors storage's unexported bound on the cursors DecodeCursor
// reads (storage.go).
const maxCursor = 4096

// maxCursorError bounds a refusal's message: errdef.Shown cuts the echoed
// cursor to 64 bytes, which %q may quadruple.
const maxCursorError = 512

// FuzzDecodeCursor: whatever DecodeCursor accepts has exactly n parts, each
// valid UTF-8 without NUL, came from a cursor of at most maxCursor bytes,
// and its canonical encoding (EncodeCursor) decodes to the same parts, and
// to nothing with another part count. Every refusal wraps ErrInvalid, and
// its message stays bounded however long the cursor.
func FuzzDecodeCursor(f *testing.F) {
	for _, s := range []string{
		storage.EncodeCursor("order-1", "line-2"),
		storage.EncodeCursor("c1"),
		storage.EncodeCursor(""),
		storage.EncodeCursor("a", "b", "c"),
		storage.EncodeCursor("<&>", "ü"),
		storage.EncodeCursor("a\x00b"),
		storage.EncodeCursor(strings.Repeat("x", 3000)),
		"", "not a cursor", "o1", "bnVsbA", "W10", "e30", "WyJhIl0=", "WyJhIl0", "WyJhIl0\n", " WyJhIl0",
		"WyJcdTAwMDAiXQ", "WyJcdWQ4MDAiXQ", "WyL_Il0", "WzFd", "WyJhIiwxXQ", "WyJhIl0gICA",
		"\x00", "\xff\xfe", strings.Repeat("A", 4097), strings.Repeat("\xff", 5000),
	} {
		for n := range 4 {
			f.Add(s, uint8(n))
		}
	}
	f.Fuzz(func(t *testing.T, c string, n uint8) {
		k := int(n % 5)
		parts, err := storage.DecodeCursor(c, k)
		if err != nil {
			if !errors.Is(err, storage.ErrInvalid) {
				t.Fatalf("DecodeCursor(%q, %d) error = %v, want ErrInvalid", c, k, err)
			}
			if m := len(err.Error()); m > maxCursorError {
				t.Fatalf("DecodeCursor(%d bytes, %d) error message is %d bytes, want at most %d", len(c), k, m, maxCursorError)
			}
			if parts != nil {
				t.Fatalf("DecodeCursor(%q, %d) = %q with error %v, want no parts", c, k, parts, err)
			}
			return
		}
		if len(c) > maxCursor || len(parts) != k {
			t.Fatalf("DecodeCursor(%d bytes, %d) = %d parts, want %d parts and a cursor of at most %d bytes", len(c), k, len(parts), k, maxCursor)
		}
		for _, p := range parts {
			if !utf8.ValidString(p) || strings.IndexByte(p, 0) >= 0 {
				t.Fatalf("DecodeCursor(%q, %d) = %q, a part not valid UTF-8 or holding NUL", c, k, parts)
			}
		}
		checkCursorRoundTrip(t, parts)
	})
}

// FuzzEncodeCursor: a cursor EncodeCursor makes is URL-safe base64, and
// DecodeCursor gives back its parts whenever none holds NUL and the cursor
// is within maxCursor; otherwise DecodeCursor refuses it with ErrInvalid.
// Parts that are not valid UTF-8 are outside the domain: no key holds them
// (ids are checked), and encoding/json would write them as U+FFFD.
func FuzzEncodeCursor(f *testing.F) {
	f.Add("order-1", "line-2", "", uint8(2))
	f.Add("c1", "", "", uint8(1))
	f.Add("", "", "", uint8(3))
	f.Add("a\x00b", "x", "", uint8(2))
	f.Add("\xff", "x", "", uint8(2))
	f.Add("<script>&", "\u2028", "\"\\", uint8(3))
	f.Add(strings.Repeat("x", 3100), "y", "", uint8(2))
	f.Fuzz(func(t *testing.T, a, b, c string, n uint8) {
		parts := []string{a, b, c}[:1+int(n%3)]
		cur := storage.EncodeCursor(parts...)
		if strings.Trim(cur, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
			t.Fatalf("EncodeCursor(%q) = %q, not unpadded URL-safe base64", parts, cur)
		}
		ok := len(cur) <= maxCursor
		for _, p := range parts {
			if !utf8.ValidString(p) {
				return
			}
			ok = ok && strings.IndexByte(p, 0) < 0
		}
		got, err := storage.DecodeCursor(cur, len(parts))
		if !ok {
			if !errors.Is(err, storage.ErrInvalid) {
				t.Fatalf("DecodeCursor(EncodeCursor(%q)) = %q, %v, want ErrInvalid", parts, got, err)
			}
			return
		}
		if err != nil || !slices.Equal(got, parts) {
			t.Fatalf("DecodeCursor(EncodeCursor(%q)) = %q, %v", parts, got, err)
		}
		checkCursorRoundTrip(t, parts)
	})
}

// checkCursorRoundTrip checks that parts, which DecodeCursor accepted,
// round-trip through EncodeCursor, and only with their own part count.
func checkCursorRoundTrip(t *testing.T, parts []string) {
	t.Helper()
	cur := storage.EncodeCursor(parts...)
	if len(cur) > maxCursor {
		return // canonical escapes (\u003c for <) may outgrow the bound
	}
	back, err := storage.DecodeCursor(cur, len(parts))
	if err != nil || !slices.Equal(back, parts) {
		t.Fatalf("DecodeCursor(EncodeCursor(%q)) = %q, %v", parts, back, err)
	}
	for _, other := range []int{len(parts) - 1, len(parts) + 1} {
		if other < 0 {
			continue
		}
		if got, err := storage.DecodeCursor(cur, other); !errors.Is(err, storage.ErrInvalid) {
			t.Fatalf("DecodeCursor(EncodeCursor(%q), %d) = %q, %v, want ErrInvalid", parts, other, got, err)
		}
	}
}
