// Package enumtest checks partnerkit's enumerations the same way in every
// package's fuzz targets: Parse, UnmarshalText and encoding/json agree,
// codes round-trip, and refusals are bounded *FieldErrors wrapping
// ErrInvalid.
package enumtest

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/partnerkit/partnerkit/internal/errdef"
)

// enumType is what every partnerkit enum is: a small integer with a code.
type enumType interface {
	~uint8 | ~int
	String() string
	MarshalText() ([]byte, error)
}

// maxEnumCode is internal/enum's bound on the input Parse reads: a code
// longer than this could never parse.
const maxEnumCode = 32

// maxEnumError bounds a refusal's message: errdef.Shown cuts the echoed
// input to 64 bytes, which %q may quadruple.
const maxEnumError = 512

// Check checks one enum against input s and value raw:
//   - parse(s) either returns the value whose String is s (or what a
//     documented alias names) and parses back from that String, or a
//     *FieldError wrapping ErrInvalid with Value s, a bounded message and
//     the zero value;
//   - UnmarshalText agrees with parse, "" being the zero value, and so
//     does encoding/json on the quoted input;
//   - every value in 1..last has a unique code of at most maxEnumCode
//     bytes that MarshalText writes and parse, UnmarshalText and
//     encoding/json read back; the zero value encodes as "", and a value
//     past last has no code: MarshalText refuses it with ErrInvalid.
//
// aliases maps the other inputs parse documents to their values.
func Check[E enumType, PE interface {
	*E
	UnmarshalText([]byte) error
}](t *testing.T, name string, parse func(string) (E, error), last E, aliases map[string]E, s string, raw uint8) {
	t.Helper()
	v, err := parse(s)
	if err != nil {
		if !errors.Is(err, errdef.ErrInvalid) {
			t.Fatalf("Parse%s(%q) error = %v, want ErrInvalid", name, s, err)
		}
		var fe *errdef.FieldError
		if !errors.As(err, &fe) || fe.Value != any(s) {
			t.Fatalf("Parse%s(%q) error = %v (%T), want a *FieldError with the input as Value", name, s, err, err)
		}
		if n := len(err.Error()); n > maxEnumError {
			t.Fatalf("Parse%s(%d bytes) error message is %d bytes, want at most %d", name, len(s), n, maxEnumError)
		}
		if v != 0 {
			t.Fatalf("Parse%s(%q) = %v with error %v, want the zero value", name, s, v, err)
		}
	} else {
		want, alias := aliases[s]
		switch {
		case alias && v != want:
			t.Fatalf("Parse%s(%q) = %v, want %v", name, s, v, want)
		case !alias && (v < 1 || v > last || v.String() != s):
			t.Fatalf("Parse%s(%q) = %d (%v), want the value whose code it is", name, s, v, v)
		}
		if v != 0 {
			if back, err := parse(v.String()); err != nil || back != v {
				t.Fatalf("Parse%s(%q) = %v; Parse%s(%q) = %v, %v", name, s, v, name, v.String(), back, err)
			}
		}
	}
	checkUnmarshal[E, PE](t, name, s, v, err)
	js, _ := json.Marshal(s) // invalid UTF-8 becomes U+FFFD
	var str string
	if err := json.Unmarshal(js, &str); err != nil {
		t.Fatalf("json.Unmarshal(%s) into a string: %v", js, err)
	}
	var fromJSON E
	jerr := json.Unmarshal(js, PE(&fromJSON))
	var fromText E
	terr := PE(&fromText).UnmarshalText([]byte(str))
	if (jerr == nil) != (terr == nil) || fromJSON != fromText || (jerr != nil && !errors.Is(jerr, errdef.ErrInvalid)) {
		t.Fatalf("json.Unmarshal(%s) = %v, %v; UnmarshalText(%q) = %v, %v", js, fromJSON, jerr, str, fromText, terr)
	}

	w := E(raw)
	switch {
	case w == 0:
		text, err := w.MarshalText()
		js, jerr := json.Marshal(w)
		if err != nil || len(text) != 0 || jerr != nil || string(js) != `""` {
			t.Fatalf("zero %s: MarshalText = %q, %v; json.Marshal = %s, %v; want empty", name, text, err, js, jerr)
		}
	case w <= last:
		code := w.String()
		if code == "" || len(code) > maxEnumCode {
			t.Fatalf("%s(%d).String() = %q, want 1..%d bytes", name, raw, code, maxEnumCode)
		}
		for o := E(1); o <= last; o++ {
			if o != w && o.String() == code {
				t.Fatalf("%s(%d) and %s(%d) share the code %q", name, raw, name, o, code)
			}
		}
		text, err := w.MarshalText()
		if err != nil || string(text) != code {
			t.Fatalf("%s(%d).MarshalText() = %q, %v, want %q", name, raw, text, err, code)
		}
		if back, err := parse(code); err != nil || back != w {
			t.Fatalf("Parse%s(%q) = %v, %v, want %v", name, code, back, err, w)
		}
		checkUnmarshal[E, PE](t, name, code, w, nil)
		js, err := json.Marshal(w)
		var back E
		if err == nil {
			err = json.Unmarshal(js, PE(&back))
		}
		if err != nil || back != w {
			t.Fatalf("json round trip of %s(%d) = %s, %v, %v", name, raw, js, back, err)
		}
	default:
		if text, err := w.MarshalText(); !errors.Is(err, errdef.ErrInvalid) {
			t.Fatalf("%s(%d).MarshalText() = %q, %v, want ErrInvalid: it has no code", name, raw, text, err)
		}
	}
}

// checkUnmarshal checks UnmarshalText(s) gives want, or an ErrInvalid
// error when parse refused s (perr); "" is always the zero value.
func checkUnmarshal[E enumType, PE interface {
	*E
	UnmarshalText([]byte) error
}](t *testing.T, name, s string, want E, perr error) {
	t.Helper()
	var got E
	err := PE(&got).UnmarshalText([]byte(s))
	switch {
	case s == "":
		if err != nil || got != 0 {
			t.Fatalf("%s.UnmarshalText(\"\") = %v, %v, want the zero value", name, got, err)
		}
	case perr != nil:
		if !errors.Is(err, errdef.ErrInvalid) || got != 0 {
			t.Fatalf("%s.UnmarshalText(%q) = %v, %v, want ErrInvalid", name, s, got, err)
		}
	case err != nil || got != want:
		t.Fatalf("%s.UnmarshalText(%q) = %v, %v, want %v", name, s, got, err, want)
	}
}
