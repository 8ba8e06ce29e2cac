package text_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/partnerkit/partnerkit/internal/text"
)

func TestHasControl(t *testing.T) {
	tests := []struct {
		s, allowed string
		want       bool
	}{
		{"plain text, é 日", "", false},
		{"nul\x00", "", true},
		{"del\x7f", "", true},
		{"line\nbreak", "", true},
		{"line\nbreak\ttab", "\n\t", false},
		{"cr\r\n", "\n\t", true},
		{"\x1f", "\n", true},
		{"", "", false},
		{"csi\u009b31m", "", true},
		{"\u00a0nbsp is text", "", false},
	}
	for _, tt := range tests {
		if got := text.HasControl(tt.s, tt.allowed); got != tt.want {
			t.Errorf("HasControl(%q, %q) = %v, want %v", tt.s, tt.allowed, got, tt.want)
		}
	}
}

func TestEscapeCSVCell(t *testing.T) {
	tests := []struct{ s, want string }{
		{"", ""},
		{"plain", "plain"},
		{`=HYPERLINK("http://x","y")`, `'=HYPERLINK("http://x","y")`},
		{"=1+1", "'=1+1"},
		{"+1", "'+1"},
		{"-5", "'-5"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"'quoted", "''quoted"},
		{"'", "''"},
		{"a=b", "a=b"},
		{" =1", " =1"},
		{"é=1", "é=1"},
	}
	for _, tt := range tests {
		got := text.EscapeCSVCell(tt.s)
		if got != tt.want {
			t.Errorf("EscapeCSVCell(%q) = %q, want %q", tt.s, got, tt.want)
		}
		if back := text.UnescapeCSVCell(got); back != tt.s {
			t.Errorf("UnescapeCSVCell(%q) = %q, want %q", got, back, tt.s)
		}
	}
}

// FuzzEscapeCSVCell: every string survives the escape, and no escaped cell
// starts a spreadsheet formula.
func FuzzEscapeCSVCell(f *testing.F) {
	for _, s := range []string{"", "x", "=1+1", "''", "-5.00", "\t", "@"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := text.EscapeCSVCell(s)
		if e != "" && strings.ContainsRune("=+-@\t\r", rune(e[0])) {
			t.Fatalf("EscapeCSVCell(%q) = %q, which reads as a formula", s, e)
		}
		if back := text.UnescapeCSVCell(e); back != s {
			t.Fatalf("UnescapeCSVCell(EscapeCSVCell(%q)) = %q", s, back)
		}
	})
}

// A cell EscapeCSVCell would not have written, as in a file written before
// cells were escaped, reads back unchanged: an id "'o-1" stays "'o-1".
func TestUnescapeCSVCellLeavesUnescapedCells(t *testing.T) {
	for _, s := range []string{"'o-1", "'", "'a=b", "o'1", "plain"} {
		if got := text.UnescapeCSVCell(s); got != s {
			t.Errorf("UnescapeCSVCell(%q) = %q, want it unchanged", s, got)
		}
	}
}

// C2: a name's length is in characters, however the name is spelled.
func TestLen(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"", 0},
		{"Spring glow", 11},
		{"Tiệc", 4},                 // precomposed (NFC)
		{"Tie\u0323\u0302c", 4},     // the same word decomposed (NFD)
		{"\u1100\u1161\u11a8", 1},   // Hangul jamo: one syllable, 각
		{"a\u0301\u0301", 2},        // á and a mark that composes with nothing
		{"日本語", 3},                  // three characters, nine bytes
		{"\U0001F600\U0001F600", 2}, // emoji
		{"\u212b", 1},               // ANGSTROM SIGN: Å
		{"\xff", 1},                 // an invalid byte counts as one
	}
	for _, tt := range tests {
		if got := text.Len(tt.s); got != tt.want {
			t.Errorf("Len(%+q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

// MaxCharBytes bounds every character's canonical decomposition, so a
// string of more than n*MaxCharBytes bytes has more than n characters.
func TestMaxCharBytes(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		if d := norm.NFD.String(string(r)); len(d) > text.MaxCharBytes {
			t.Fatalf("%U decomposes to %d bytes, more than MaxCharBytes (%d)", r, len(d), text.MaxCharBytes)
		}
	}
}

func TestContains(t *testing.T) {
	nfd := norm.NFD.String
	tests := []struct {
		s, sub string
		want   bool
	}{
		{"Khuyến mãi hè", "khuyến", true},
		{"Khuyến mãi hè", nfd("KHUYẾN MÃI"), true},
		{nfd("Kem dưỡng ẩm"), "dưỡng", true},
		{nfd("Kem dưỡng ẩm"), nfd("DƯỠNG"), true},
		{"Glow Serum", "serum", true},
		{"Glow Serum", "", true},
		{"dưỡng", "duong", false}, // accents are kept, only their spelling is ignored
		{"é", "e", false},         // nor is a base letter found inside a precomposed one
		{nfd("é"), "e", false},
		{"Straße", "STRASSE", false}, // simple case mapping, not full folding
		{"İstanbul", nfd("İstanbul"), true},
		{nfd("İstanbul"), "İSTANBUL", true},
	}
	for _, tt := range tests {
		if got := text.Contains(tt.s, tt.sub); got != tt.want {
			t.Errorf("Contains(%+q, %+q) = %v, want %v", tt.s, tt.sub, got, tt.want)
		}
	}
}

// Fold gives one text for every spelling of a character: each rune and
// its canonical decomposition fold alike.
func TestFoldIgnoresSpelling(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r) + "x"
		if a, b := text.Fold(s), text.Fold(norm.NFD.String(s)); a != b {
			t.Errorf("Fold(%+q) = %+q, Fold of its NFD = %+q", s, a, b)
		}
	}
}
