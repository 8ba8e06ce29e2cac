package memory

import (
	"encoding/binary"
	"fmt"
	"sort"

	"github.com/partnerkit/partnerkit/storage"
)

// outboxLog is the committed messages, by Seq: their records (see
// encodeMessage) end to end in chunks of outboxChunk bytes (a bigger one
// alone in its own), each found by its chunk and offset. Messages are
// never changed or removed, so a log is the records' bytes and 8 more
// each, not an allocation each rounded up to its size class plus a
// string header.
type outboxLog struct {
	chunks [][]byte
	at     []uint64 // message i's chunk<<32 | its start in the chunk
}

const outboxChunk = 64 << 10

// add appends a record.
func (l *outboxLog) add(rec string) {
	c := len(l.chunks) - 1
	if c < 0 || len(l.chunks[c])+len(rec) > cap(l.chunks[c]) {
		l.chunks = append(l.chunks, make([]byte, 0, max(outboxChunk, len(rec))))
		c++
	}
	l.at = append(l.at, uint64(c)<<32|uint64(len(l.chunks[c])))
	l.chunks[c] = append(l.chunks[c], rec...)
}

// bytes returns message i's record, in place: the caller must not keep or
// change it.
func (l *outboxLog) bytes(i int) []byte {
	c, start := l.at[i]>>32, uint32(l.at[i])
	chunk := l.chunks[c]
	end := len(chunk)
	if i+1 < len(l.at) && l.at[i+1]>>32 == c {
		end = int(uint32(l.at[i+1]))
	}
	return chunk[start:end]
}

// seq returns message i's Seq.
func (l *outboxLog) seq(i int) int64 {
	v, _ := binary.Uvarint(l.bytes(i))
	return int64(v)
}

// outboxTx is the outbox seen through a transaction: the committed
// messages, by Seq, then those this transaction appended. Updates run one
// at a time and Seqs only grow, so every appended message comes after
// every committed one and a commit only appends.
//
// A message is one record (see codec.go): its Seq, its kind's number, its
// key, payload and time.
type outboxTx struct {
	base    *outboxLog
	pending []string
}

// last returns the Seq of the last message the transaction sees, 0 if
// none: not the store's counter, which rolled-back Appends move too.
func (o *outboxTx) last() int64 {
	if n := len(o.pending); n > 0 {
		return messageSeq(o.pending[n-1])
	}
	if n := len(o.base.at); n > 0 {
		return o.base.seq(n - 1)
	}
	return 0
}

func (o *outboxTx) commit() {
	for _, rec := range o.pending {
		o.base.add(rec)
	}
}

// outbox is the Outbox repository of a tx.
type outbox struct{ t *tx }

func (c *codec) encodeMessage(seq int64, m *storage.Message) string {
	c.buf.uint(uint64(seq))
	// Kinds are numbered up to the interning cap (a service writes a
	// few dozen); one past it is written out: 0, then the kind.
	if n, ok := c.kinds.idCapped(m.Kind); ok {
		c.buf.uint(n + 1)
	} else {
		c.buf.uint(0)
		c.buf.str(m.Kind)
	}
	c.buf.str(m.Key)
	c.buf.bytes(m.Payload)
	c.time(m.At)
	return c.record()
}

func (v *view) decodeMessage(rec string) storage.Message {
	d := dec{s: rec}
	m := storage.Message{Seq: int64(d.uint())}
	if n := d.uint(); n > 0 {
		m.Kind = v.kinds[n-1]
	} else {
		m.Kind = d.str()
	}
	m.Key, m.Payload, m.At = d.str(), d.bytes(), v.time(&d)
	return m
}

// messageSeq returns the Seq of a message's record.
func messageSeq(rec string) int64 {
	d := dec{s: rec}
	return int64(d.uint())
}

// Append adds messages, assigning each the next Seq.
func (r outbox) Append(msgs ...storage.Message) ([]storage.Message, error) {
	if err := r.t.write(); err != nil {
		return nil, err
	}
	for _, m := range msgs {
		if m.Kind == "" {
			return nil, invalid("message kind", m.Kind)
		}
	}
	c := r.t.s.codec
	o := r.t.outbox
	out := make([]storage.Message, len(msgs))
	for i := range msgs {
		r.t.s.seq++ // guarded by the writer lock this Update holds
		o.pending = append(o.pending, c.encodeMessage(r.t.s.seq, &msgs[i]))
		// The caller's values with their Seq: what was stored is a copy,
		// so sharing the payload with the caller shares nothing stored.
		out[i] = msgs[i]
		out[i].Seq = r.t.s.seq
	}
	return out, nil
}

// Read returns up to limit messages after Seq after, by Seq.
func (r outbox) Read(after int64, limit int) ([]storage.Message, error) {
	if err := r.t.read(); err != nil {
		return nil, err
	}
	if after < 0 {
		return nil, invalid("seq", after)
	}
	n := storage.Page{Limit: limit}.Size()
	o := r.t.outbox
	v := r.t.s.codec.view()
	var out []storage.Message
	log := o.base
	i := sort.Search(len(log.at), func(i int) bool { return log.seq(i) > after })
	for ; i < len(log.at) && len(out) < n; i++ {
		out = append(out, v.decodeMessage(string(log.bytes(i))))
	}
	j := sort.Search(len(o.pending), func(j int) bool { return messageSeq(o.pending[j]) > after })
	for ; j < len(o.pending) && len(out) < n; j++ {
		out = append(out, v.decodeMessage(o.pending[j]))
	}
	return out, nil
}

// Ack records that reader handled every message up to seq.
func (r outbox) Ack(reader string, seq int64) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if err := storage.ValidateReader(reader); err != nil {
		return fmt.Errorf("memory: %w", err)
	}
	if seq < 0 || seq > r.t.outbox.last() {
		return invalid("seq", seq)
	}
	if old, _ := r.t.acks.peek(reader); seq > old {
		r.t.acks.put(reader, seq)
	}
	return nil
}

// Acked returns the reader's acknowledged position, 0 if none.
func (r outbox) Acked(reader string) (int64, error) {
	if err := r.t.read(); err != nil {
		return 0, err
	}
	if err := storage.ValidateReader(reader); err != nil {
		return 0, fmt.Errorf("memory: %w", err)
	}
	n, _ := r.t.acks.peek(reader)
	return n, nil
}
