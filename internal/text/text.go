// Package text holds the checks partnerkit's domain packages share for
// free text from outside (names, titles, handles and descriptions), and
// the escape that keeps such text in a CSV export from running as a
// spreadsheet formula.
package text

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxCharBytes is the most bytes one character (see Len) takes in any
// canonically equivalent spelling: Unicode's longest canonical
// decomposition is four code points, each at most utf8.UTFMax bytes. A
// string longer than n*MaxCharBytes bytes has more than n characters
// however it is spelled, so a check can refuse it without reading it.
const MaxCharBytes = 4 * utf8.UTFMax

// Len returns how many characters s holds: its code points once
// normalised to NFC, so that a name typed with combining accents (as
// macOS and some Vietnamese keyboards do: "e" + U+0323 + U+0302) counts
// as the same name precomposed ("ệ"), one character each. s should be
// valid UTF-8; each invalid byte counts as one.
func Len(s string) int {
	if norm.NFC.IsNormalString(s) {
		return utf8.RuneCountInString(s)
	}
	return utf8.RuneCountInString(norm.NFC.String(s))
}

// Fold returns s as the searches compare it: lower case
// (strings.ToLower of its NFD), in NFC, so that a search typed with combining accents
// finds the same words stored precomposed, and the other way round.
// Accents are kept: "duong" does not find "dưỡng".
func Fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	// Decomposed first, so that a letter lowers alike however it is
	// spelled: "İ" (U+0130) lowers to "i", but its decomposition
	// "I"+U+0307 to "i"+U+0307; both fold to the latter.
	return norm.NFC.String(strings.ToLower(norm.NFD.String(s)))
}

// isASCII reports whether s is all ASCII, which folding leaves in NFC.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Contains reports whether s contains sub once both are folded (Fold):
// the case- and spelling-insensitive match of every text search.
func Contains(s, sub string) bool { return strings.Contains(Fold(s), Fold(sub)) }

// HasControl reports whether s holds a control character (C0, DEL or C1)
// that is not in allowed. Such characters do not survive CSV exports,
// terminals or PostgreSQL TEXT (NUL), so user-facing text refuses them.
func HasControl(s, allowed string) bool {
	for _, r := range s {
		if (r < 0x20 || (r >= 0x7f && r <= 0x9f)) && !strings.ContainsRune(allowed, r) {
			return true
		}
	}
	return false
}

// formulaStart holds the first characters that make a spreadsheet read a
// CSV cell as a formula (= + - @, tab, carriage return), and the
// apostrophe that EscapeCSVCell adds, so that its own prefix round-trips.
const formulaStart = "=+-@\t\r'"

// EscapeCSVCell returns s as a CSV text cell that a spreadsheet shows as
// text rather than running it as a formula: s with an apostrophe before
// it if s starts with = + - @, a tab, a carriage return or an apostrophe,
// and s unchanged otherwise. Exports use it on every text cell whose value
// an outsider may have chosen (ids, titles, links), never on numbers: a
// negative amount such as -5.00 must stay a number. [UnescapeCSVCell]
// undoes it, so UnescapeCSVCell(EscapeCSVCell(s)) == s for every s.
func EscapeCSVCell(s string) string {
	if s != "" && strings.IndexByte(formulaStart, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// UnescapeCSVCell undoes [EscapeCSVCell]: it returns s without its leading
// apostrophe when what follows is one EscapeCSVCell escapes (= + - @, tab,
// carriage return, apostrophe), and s unchanged otherwise. A reader of a
// file EscapeCSVCell wrote calls it on the same cells the writer escaped.
// A cell EscapeCSVCell would not have written, such as "'o-1" from a file
// written before cells were escaped, reads back as it is.
func UnescapeCSVCell(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.IndexByte(formulaStart, s[1]) >= 0 {
		return s[1:]
	}
	return s
}
