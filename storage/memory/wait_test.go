package memory_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
)

// An Update waiting for the one before it gives up when its ctx ends,
// without running fn (the storage contract: ctx cancellation aborts). It
// used to wait for the writer lock whatever its ctx, then run fn and drop
// its writes.
func TestUpdateWaitingForTheWriterHonoursCtx(t *testing.T) {
	s := memory.New()
	defer s.Close()
	in, release, first := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		first <- s.Update(context.Background(), func(storage.Tx) error {
			close(in)
			<-release
			return nil
		})
	}()
	<-in

	base, cancel := context.WithCancel(context.Background())
	ctx := &watchedCtx{Context: base, checked: make(chan struct{})}
	second := make(chan error, 1)
	ran := false
	go func() {
		second <- s.Update(ctx, func(storage.Tx) error { ran = true; return nil })
	}()
	<-ctx.checked // the Update has begun: it found ctx live and goes on to wait
	cancel()
	select {
	case err := <-second:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("waiting Update after its ctx ended = %v, want context.Canceled", err)
		}
		if ran {
			t.Error("waiting Update ran fn after its ctx ended")
		}
	case <-time.After(10 * time.Second): // a safety net, not a timing: the first Update holds the writer until released
		t.Error("a waiting Update whose ctx ended still waits for the writer")
		close(release)
		<-second
		release = nil
	}
	if release != nil {
		close(release)
	}
	if err := <-first; err != nil {
		t.Errorf("first Update = %v", err)
	}
	// The writer is free again.
	if err := s.Update(context.Background(), func(storage.Tx) error { return nil }); err != nil {
		t.Errorf("Update after both = %v", err)
	}
}

// watchedCtx closes checked the first time Err is called, so a test knows
// a call has begun and found the context live.
type watchedCtx struct {
	context.Context
	checked chan struct{}
	once    sync.Once
}

func (c *watchedCtx) Err() error {
	err := c.Context.Err()
	c.once.Do(func() { close(c.checked) })
	return err
}
