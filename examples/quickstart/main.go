// Command quickstart runs one whole partner campaign through partnerkit:
// an agency onboards and publishes a campaign, sellers register products
// (one rejected, one blocked by the shop list), the agency builds and
// shares a product list, two creators accept it (one is told about a lower
// rate), orders come in (one partially refunded after settlement), and it
// prints the agency's campaign metrics, a seller's product view, each
// creator's earnings and the reconciled statement, all in cents that add up.
//
// It runs on the in-memory store by default; -db FILE uses SQLite, in a
// new file (the story starts from nothing, so it refuses a file that
// exists rather than trip over its own earlier run).
package main

import (
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/memory"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

func main() {
	db := flag.String("db", "", "new SQLite database file to run on (default: in-memory store)")
	flag.Parse()
	ctx := context.Background()
	var store storage.Store = memory.New()
	if *db != "" {
		if _, err := os.Stat(*db); err == nil {
			fail(fmt.Errorf("%s exists: the story needs a new database; remove it or name another file", *db))
		}
		s, err := sqlite.Open(ctx, *db, sqlite.Options{})
		if err != nil {
			fail(err)
		}
		store = s
	}
	defer store.Close()
	if err := Run(ctx, os.Stdout, store, randomSecret()); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "quickstart:", err)
	os.Exit(1)
}

func randomSecret() []byte {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return b
}

// check stops the story at the first unexpected error.
func check(err error) {
	if err != nil {
		panic(err)
	}
}

// Run tells the story on store, printing to w. The key secret signs the
// agency's share links.
func Run(ctx context.Context, w io.Writer, store storage.Store, secret []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(error)
			if !ok {
				panic(r)
			}
			err = e
		}
	}()
	st := newStory(ctx, w, store, secret)
	st.run()
	return nil
}

// tw is a tabwriter for aligned, right-aligned tables.
func tw(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
}

// simClock is the story's clock, moved by hand.
type simClock struct{ now time.Time }

func (c *simClock) Now() time.Time          { return c.now }
func (c *simClock) advance(d time.Duration) { c.now = c.now.Add(d) }
