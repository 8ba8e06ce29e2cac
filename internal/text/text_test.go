package text_test

import (
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
