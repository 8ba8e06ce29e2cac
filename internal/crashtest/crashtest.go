// Package crashtest runs a test binary's own child process for crash
// tests: the parent re-executes the running test binary to run one Test
// function as the child (which knows it is the child by an environment
// variable), reads the lines the child prints as it commits, and kills it
// with SIGKILL at a moment of its choosing.
package crashtest

import (
	"bufio"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// Start re-executes the running test binary to run only the Test function
// named test, with env=value added to its environment, and returns the
// child and a channel of the complete lines it prints on stdout, closed
// when stdout ends. A partial last line (the child killed mid-write) is
// not sent: it was never a report.
func Start(t testing.TB, test, env, value string) (*exec.Cmd, <-chan string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env+"="+value)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		defer close(lines)
		r := bufio.NewReader(out)
		for {
			s, err := r.ReadString('\n')
			if err != nil {
				return
			}
			lines <- strings.TrimSuffix(s, "\n")
		}
	}()
	return cmd, lines
}

// Kills returns how many times a crash test kills its child: def, or
// PARTNERKIT_CRASH_KILLS when set (the long runs), capped at short under
// -short. A malformed PARTNERKIT_CRASH_KILLS fails the test.
func Kills(t testing.TB, def, short int) int {
	t.Helper()
	kills := def
	if v := os.Getenv("PARTNERKIT_CRASH_KILLS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("PARTNERKIT_CRASH_KILLS=%q: want a positive number", v)
		}
		kills = n
	}
	if testing.Short() {
		kills = min(kills, short)
	}
	return kills
}
