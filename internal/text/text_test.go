package text_test

import (
	"strings"
	"testing"

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
