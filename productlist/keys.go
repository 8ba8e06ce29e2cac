package productlist

import (
	"errors"
	"fmt"
	"strings"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/internal/errdef"
)

// MinSecretLen is the shortest secret a Key accepts, in bytes (256 bits, the
// HMAC-SHA256 block-size-independent recommendation).
const MinSecretLen = 32

// MaxKeyIDLen bounds a key id, in bytes.
const MaxKeyIDLen = 32

// Key is one agency's HMAC-SHA256 secret for share links (P3). The host
// generates, stores and rotates keys; this package only uses them. String
// and GoString redact the secret, so printing a Key or KeySet is safe.
type Key struct {
	// ID names the key inside links: 1 to MaxKeyIDLen of A-Z a-z 0-9 . _ -,
	// unique within a KeySet.
	ID string
	// Agency is the only agency whose links the key signs and verifies.
	Agency campaign.AgencyID
	// Secret is at least MinSecretLen random bytes.
	Secret []byte
	// State says whether the key signs, only verifies, or is retired.
	State KeyState
}

// String describes k without its secret: "key k1 (agency a1, active)".
func (k Key) String() string {
	return fmt.Sprintf("key %s (agency %s, %s)", k.ID, k.Agency, k.State)
}

// GoString is like String, so %#v does not print the secret either.
func (k Key) GoString() string { return "productlist.Key{" + k.String() + ", Secret: redacted}" }

// KeySet is the host's share-link keys for one or more agencies. Each agency
// signs with its one active key; links signed with its older keys keep
// verifying until those keys are retired (or dropped from the set).
type KeySet struct {
	Keys []Key
}

// String lists the keys without their secrets.
func (ks KeySet) String() string {
	parts := make([]string, len(ks.Keys))
	for i, k := range ks.Keys {
		parts[i] = k.String()
	}
	return "KeySet{" + strings.Join(parts, "; ") + "}"
}

// GoString is like String, so %#v does not print secrets either.
func (ks KeySet) GoString() string { return "productlist." + ks.String() }

// Validate returns nil if ks is usable, and otherwise every problem joined,
// each a *FieldError wrapping [ErrInvalid] that never includes a secret:
// ids well formed and unique, agency set, secret long enough, state valid,
// at most one active key per agency.
func (ks KeySet) Validate() error {
	var errs []error
	ids := map[string]bool{}
	active := map[campaign.AgencyID]bool{}
	for i, k := range ks.Keys {
		f := fmt.Sprintf("keys[%d]", i)
		if !validKeyID(k.ID) {
			errs = append(errs, errdef.Field(f+".id", k.ID, ErrInvalid, "productlist: bad key id"))
		} else if ids[k.ID] {
			errs = append(errs, errdef.Field(f+".id", k.ID, ErrInvalid, "productlist: duplicate key id"))
		}
		ids[k.ID] = true
		if err := checkID(f+".agency", string(k.Agency)); err != nil {
			errs = append(errs, err)
		}
		if len(k.Secret) < MinSecretLen {
			// The value is the length, never the secret.
			errs = append(errs, errdef.Field(f+".secret", fmt.Sprintf("%d bytes", len(k.Secret)), ErrInvalid, "productlist: secret too short"))
		}
		switch k.State {
		case KeyActive:
			if active[k.Agency] {
				errs = append(errs, errdef.Field(f+".state", k.State, ErrInvalid, "productlist: a second active key for the agency"))
			}
			active[k.Agency] = true
		case KeyVerifying, KeyRetired:
		default:
			errs = append(errs, errdef.Field(f+".state", k.State, ErrInvalid, "productlist: unknown key state"))
		}
	}
	return errors.Join(errs...)
}

func validKeyID(s string) bool {
	if s == "" || len(s) > MaxKeyIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// signer returns the agency's active key. An active key of the agency
// that cannot sign (a malformed id, a short secret) is named in the error,
// which still wraps ErrNoKey, so a host sees its mistake rather than a
// missing key.
func (ks KeySet) signer(a campaign.AgencyID) (Key, error) {
	for _, k := range ks.Keys {
		if k.Agency == a && k.State == KeyActive && validKeyID(k.ID) && len(k.Secret) >= MinSecretLen {
			return k, nil
		}
	}
	for i, k := range ks.Keys {
		if k.Agency != a || k.State != KeyActive {
			continue
		}
		if !validKeyID(k.ID) {
			return Key{}, errdef.Field(fmt.Sprintf("keys[%d].id", i), k.ID, ErrNoKey, "productlist: the agency's active key has a malformed id")
		}
		return Key{}, errdef.Field(fmt.Sprintf("keys[%d].secret", i), fmt.Sprintf("%d bytes", len(k.Secret)), ErrNoKey,
			fmt.Sprintf("productlist: the agency's active key %s has a secret shorter than %d bytes", k.ID, MinSecretLen))
	}
	return Key{}, errdef.Field("agency", string(a), ErrNoKey, "")
}

// verifier returns the key with id that may still verify links.
func (ks KeySet) verifier(id string) (Key, bool) {
	for _, k := range ks.Keys {
		if k.ID == id {
			ok := (k.State == KeyActive || k.State == KeyVerifying) && len(k.Secret) >= MinSecretLen
			return k, ok
		}
	}
	return Key{}, false
}
