// Package campaign holds the rules an agency follows to set up a campaign:
// onboarding (C1), markets and campaign fields (C2), open or select sellers
// (C3), the draft/submit/publish lifecycle and phases (C4), and the edit
// lock of published campaigns (C5). It is pure: no I/O, no clock; time
// comes in as a now argument.
package campaign
