package sqlstore

import (
	"encoding"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/partnerkit/partnerkit/storage"
)

// The bodies bulk ingest writes most are encoded by hand, without
// reflection (encoding/json's was a fifth of a batch's write time): outbox
// messages byte for byte as encoding/json writes them (a test compares the
// two), order lines in their compact version 2 form (linebody.go). A test
// checks the types still have the fields written here.

// jsonBuf appends JSON to b.
type jsonBuf struct{ b []byte }

// raw appends s as is.
func (j *jsonBuf) raw(s string) { j.b = append(j.b, s...) }

// str appends s as a JSON string, escaped as encoding/json does.
func (j *jsonBuf) str(s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always marshals
			j.b = append(j.b, q...)
			return
		}
	}
	j.b = append(j.b, '"')
	j.b = append(j.b, s...)
	j.b = append(j.b, '"')
}

// int appends n.
func (j *jsonBuf) int(n int64) { j.b = strconv.AppendInt(j.b, n, 10) }

// text appends v's MarshalText as a JSON string.
func (j *jsonBuf) text(v encoding.TextMarshaler) error {
	t, err := v.MarshalText()
	if err != nil {
		return err
	}
	j.str(string(t))
	return nil
}

// time appends t as encoding/json does (RFC 3339 with nanoseconds).
func (j *jsonBuf) time(t time.Time) error {
	if y := t.Year(); y < 0 || y > 9999 {
		_, err := t.MarshalJSON() // out of range: its error
		return err
	}
	j.b = append(j.b, '"')
	j.b = t.AppendFormat(j.b, time.RFC3339Nano)
	j.b = append(j.b, '"')
	return nil
}

// message appends m as encoding/json does.
func (j *jsonBuf) message(m *storage.Message) error {
	j.raw(`{"Seq":`)
	j.int(m.Seq)
	j.raw(`,"Kind":`)
	j.str(m.Kind)
	j.raw(`,"Key":`)
	j.str(m.Key)
	j.raw(`,"Payload":`)
	if m.Payload == nil {
		j.raw(`null`)
	} else {
		j.b = append(j.b, '"')
		j.b = base64.StdEncoding.AppendEncode(j.b, m.Payload)
		j.b = append(j.b, '"')
	}
	j.raw(`,"At":`)
	if err := j.time(m.At); err != nil {
		return err
	}
	j.raw(`}`)
	return nil
}
