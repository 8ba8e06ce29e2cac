// Package productlist holds the agency's curation tools and the creator's
// side of a shared link: bookmarks (P1), product lists and their limits
// (P2), signed share links and CSV export (P3), resolving links into a
// creator's showcase (P4, P5), and versioned creator rates (P6). It is pure:
// no I/O, no clock.
package productlist
