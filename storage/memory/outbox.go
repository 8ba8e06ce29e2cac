package memory

import (
	"sort"

	"github.com/partnerkit/partnerkit/storage"
)

// outboxTx is the outbox seen through a transaction: the committed
// messages, by Seq, then those this transaction appended. Updates run one
// at a time and Seqs only grow, so every appended message comes after
// every committed one and a commit only appends.
//
// A message is one record (see codec.go): its Seq, its kind's number, its
// key, payload and time.
type outboxTx struct {
	base    *[]string
	pending []string
}

func (o *outboxTx) commit() { *o.base = append(*o.base, o.pending...) }

// outbox is the Outbox repository of a tx.
type outbox struct{ t *tx }

func (c *codec) encodeMessage(seq int64, m *storage.Message) string {
	c.buf.uint(uint64(seq))
	c.buf.uint(c.kinds.id(m.Kind))
	c.buf.str(m.Key)
	c.buf.bytes(m.Payload)
	c.time(m.At)
	return c.record()
}

func (v *view) decodeMessage(rec string) storage.Message {
	d := dec{s: rec}
	return storage.Message{Seq: int64(d.uint()), Kind: v.kinds[d.uint()], Key: d.str(), Payload: d.bytes(), At: v.time(&d)}
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
	base := *o.base
	v := r.t.s.codec.view()
	var out []storage.Message
	for _, part := range [][]string{base, o.pending} {
		i := sort.Search(len(part), func(i int) bool { return messageSeq(part[i]) > after })
		for ; i < len(part) && len(out) < n; i++ {
			out = append(out, v.decodeMessage(part[i]))
		}
	}
	return out, nil
}

// Ack records that reader handled every message up to seq.
func (r outbox) Ack(reader string, seq int64) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if reader == "" {
		return invalid("reader", reader)
	}
	if seq < 0 || seq > r.t.s.seq {
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
	if reader == "" {
		return 0, invalid("reader", reader)
	}
	n, _ := r.t.acks.peek(reader)
	return n, nil
}
