// Package text holds the checks partnerkit's domain packages share for
// free text from outside: names, titles, handles and descriptions.
package text

import "strings"

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
