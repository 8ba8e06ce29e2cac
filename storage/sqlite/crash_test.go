package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/internal/crashtest"
	"github.com/partnerkit/partnerkit/storage"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

// The crash test re-executes the test binary as a writer child
// (crashChildEnv names its database and round) and SIGKILLs it at random
// moments. PARTNERKIT_CRASH_KILLS sets how many kills (default 20).
const crashChildEnv = "PARTNERKIT_SQLITE_CRASH_CHILD"

// TestCrashChild is the child: it commits records in a loop, printing
// each id once Update has returned, until it is killed.
func TestCrashChild(t *testing.T) {
	arg := os.Getenv(crashChildEnv)
	if arg == "" {
		t.Skip("run by TestCrashLosesNoCommittedWrite")
	}
	path, round, _ := strings.Cut(arg, "|")
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child: open:", err)
		os.Exit(2)
	}
	for i := 0; ; i++ {
		id := fmt.Sprintf("r%s-%d", round, i)
		err := s.Update(ctx, func(tx storage.Tx) error {
			if err := tx.Agencies().Put(campaign.Onboarding{Agency: campaign.AgencyID(id), Stage: campaign.Started, UpdatedAt: time.Now().UTC()}); err != nil {
				return err
			}
			_, err := tx.Outbox().Append(storage.Message{Kind: "crash.committed", Key: id, Payload: []byte(id), At: time.Now()})
			return err
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "child: update:", err)
			os.Exit(2)
		}
		os.Stdout.WriteString(id + "\n") // unbuffered: the parent sees it before the next commit starts
	}
}

func TestCrashLosesNoCommittedWrite(t *testing.T) {
	if os.Getenv(crashChildEnv) != "" {
		t.Skip("child")
	}
	kills := crashtest.Kills(t, 20, 5)
	path := filepath.Join(t.TempDir(), "crash.db")
	var reported []string
	for round := range kills {
		ids := runAndKill(t, path, round)
		if len(ids) == 0 {
			t.Fatalf("round %d: the child reported no commit", round)
		}
		reported = append(reported, ids...)
		checkAfterCrash(t, path, reported)
	}
	t.Logf("%d kills, %d commits reported, all present, integrity ok", kills, len(reported))
}

// runAndKill starts a child writing to path, kills it with SIGKILL at a
// random moment after its first commit, and returns the ids it reported
// committed (complete lines only).
func runAndKill(t *testing.T, path string, round int) []string {
	t.Helper()
	cmd, lines := crashtest.Start(t, "TestCrashChild", crashChildEnv, path+"|"+strconv.Itoa(round))
	var ids []string
	select {
	case id, ok := <-lines:
		if !ok {
			cmd.Wait()
			t.Fatalf("round %d: the child exited before committing", round)
		}
		ids = append(ids, id)
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("round %d: no commit from the child within 30s", round)
	}
	kill := time.After(time.Duration(rand.IntN(40_000)) * time.Microsecond)
	for killed := false; ; {
		select {
		case id, ok := <-lines:
			if !ok {
				if err := cmd.Wait(); err == nil || !killed {
					t.Fatalf("round %d: child ended by itself: %v", round, err)
				}
				return ids
			}
			ids = append(ids, id)
		case <-kill:
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed, kill = true, nil
		}
	}
}

// checkAfterCrash reopens path and checks that every reported id is
// stored, with its outbox message, and that the file is intact.
func checkAfterCrash(t *testing.T, path string, reported []string) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatalf("reopening after a kill: %v", err)
	}
	defer s.Close()
	err = s.View(ctx, func(tx storage.Tx) error {
		for _, id := range reported {
			if _, err := tx.Agencies().Get(campaign.AgencyID(id)); err != nil {
				return fmt.Errorf("committed %s: %w", id, err)
			}
		}
		var msgs []storage.Message
		for after := int64(0); ; {
			page, err := tx.Outbox().Read(after, storage.MaxLimit)
			if err != nil {
				return err
			}
			if len(page) == 0 {
				break
			}
			msgs = append(msgs, page...)
			after = page[len(page)-1].Seq
		}
		keys := map[string]bool{}
		for _, m := range msgs {
			keys[m.Key] = true
		}
		for _, id := range reported {
			if !keys[id] {
				return fmt.Errorf("committed %s: outbox message missing", id)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("after a kill: %v", err)
	}
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil {
		t.Fatal(err)
	}
	if res != "ok" {
		t.Fatalf("PRAGMA integrity_check = %q, want ok", res)
	}
}
