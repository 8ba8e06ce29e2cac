package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/internal/crashtest"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

// openAtOnce opens path from n goroutines released together and returns
// the errors of those that failed.
func openAtOnce(path string, n int) []error {
	var wg sync.WaitGroup
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range errs {
		wg.Go(func() {
			<-start
			s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
			if err == nil {
				err = s.Close()
			}
			errs[i] = err
		})
	}
	close(start)
	wg.Wait()
	var failed []error
	for _, err := range errs {
		if err != nil {
			failed = append(failed, err)
		}
	}
	return failed
}

// Several Stores (hosts starting together) opening one new file at once
// all open it: the losers of the race to switch it to WAL and migrate it
// wait for the winner instead of failing with SQLITE_BUSY. Before the fix
// a few in a thousand failed at once.
func TestOpenConcurrentFreshFile(t *testing.T) {
	rounds := 50
	if testing.Short() {
		rounds = 20
	}
	for range rounds {
		path := filepath.Join(t.TempDir(), "shared.db")
		if failed := openAtOnce(path, 8); len(failed) > 0 {
			t.Fatalf("%d of 8 Opens of a new file at once failed: %v", len(failed), failed[0])
		}
	}
	// A file already at the newest version (nothing to switch or migrate).
	path := filepath.Join(t.TempDir(), "current.db")
	if failed := openAtOnce(path, 1); len(failed) > 0 {
		t.Fatal(failed[0])
	}
	if failed := openAtOnce(path, 8); len(failed) > 0 {
		t.Errorf("%d of 8 Opens of a current file at once failed: %v", len(failed), failed[0])
	}
}

const openChildEnv = "PARTNERKIT_TEST_OPEN_CHILD"

// TestOpenChild is the child of TestOpenConcurrentProcesses: it waits for
// its parent's start file, opens the database it names, and prints "ok"
// or the error.
func TestOpenChild(t *testing.T) {
	path := os.Getenv(openChildEnv)
	if path == "" {
		t.Skip("run by TestOpenConcurrentProcesses")
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Microsecond) {
		if _, err := os.Stat(path + ".go"); err == nil {
			break
		}
	}
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err == nil {
		err = s.Close()
	}
	if err != nil {
		os.Stdout.WriteString("error " + err.Error() + "\n")
		return
	}
	os.Stdout.WriteString("ok\n")
}

// Separate processes opening one new file at once all open it, as
// several Stores in one process do.
func TestOpenConcurrentProcesses(t *testing.T) {
	if os.Getenv(openChildEnv) != "" {
		t.Skip("child")
	}
	rounds := 8
	if testing.Short() {
		rounds = 2
	}
	for range rounds {
		path := filepath.Join(t.TempDir(), "shared.db")
		var outs []<-chan string
		for range 4 {
			cmd, lines := crashtest.Start(t, "TestOpenChild", openChildEnv, path)
			t.Cleanup(func() { cmd.Wait() })
			outs = append(outs, lines)
		}
		time.Sleep(300 * time.Millisecond) // the children are up and polling
		if err := os.WriteFile(path+".go", nil, 0o600); err != nil {
			t.Fatal(err)
		}
		ok := 0
		for _, lines := range outs {
			for l := range lines {
				switch {
				case l == "ok":
					ok++
				case strings.HasPrefix(l, "error "):
					t.Errorf("a process failed to open a new file opened at once: %s", l)
				}
			}
		}
		if ok != 4 {
			t.Fatalf("%d of 4 processes opened the file", ok)
		}
	}
}
