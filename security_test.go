package partnerkit_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/storage/memory"
	"github.com/partnerkit/partnerkit/storage/postgres"
)

// P3: every bit flip and truncation of a list link and a product link,
// a swapped key id, a link replayed under another agency's key, and a link
// whose key is retired, are refused through the Service with ErrBadLink
// and write nothing; a verifying key still resolves.
func TestShareLinkTamperingThroughService(t *testing.T) {
	w := newWorld(t)
	product, err := w.svc.ShareProduct(w.ctx, w.agency, w.serum.ID, rate(t, "10%"))
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding
	bad := func(what string, svc *partnerkit.Service, link string) {
		t.Helper()
		if _, err := svc.ResolveLinks(w.ctx, w.maya, []string{link}); !errors.Is(err, partnerkit.ErrBadLink) {
			t.Errorf("ResolveLinks(%s) = %v, want ErrBadLink", what, err)
		}
		if _, err := svc.AcceptLinks(w.ctx, w.maya, []string{string(w.rivalLink), link}); !errors.Is(err, partnerkit.ErrBadLink) {
			t.Errorf("AcceptLinks(%s) = %v, want ErrBadLink", what, err)
		}
	}
	seq := w.lastSeq()
	tried := 0
	for _, link := range []string{string(w.listLink), string(product)} {
		raw, err := enc.DecodeString(link)
		if err != nil {
			t.Fatal(err)
		}
		for i := range raw {
			for b := range 8 {
				flipped := bytes.Clone(raw)
				flipped[i] ^= 1 << b
				bad(fmt.Sprintf("bit %d of byte %d flipped", b, i), w.svc, enc.EncodeToString(flipped))
				tried++
			}
		}
		for n := range len(link) {
			bad(fmt.Sprintf("truncated to %d", n), w.svc, link[:n])
			tried++
		}
		// Key-id swap: the rival's key id in place of aurora's (same length
		// prefix rules), tag unchanged.
		swapped := bytes.Replace(raw, []byte("\x08k-aurora"), []byte("\x07k-rival"), 1)
		bad("key id swapped", w.svc, enc.EncodeToString(swapped))
		tried++
		// Replay across agencies: the same key id and secret held for
		// another agency verify the tag but not the agency.
		replay := partnerkit.New(w.store, partnerkit.Options{Clock: w.clock.Now, Keys: productlist.KeySet{Keys: []productlist.Key{
			{ID: keyAurora.ID, Agency: "agency-rival", Secret: keyAurora.Secret, State: productlist.KeyActive}}}})
		bad("replayed under another agency", replay, link)
		// A retired key verifies nothing.
		retired := keyAurora
		retired.State = productlist.KeyRetired
		bad("retired key", partnerkit.New(w.store, partnerkit.Options{Clock: w.clock.Now, Keys: productlist.KeySet{Keys: []productlist.Key{retired, keyRival}}}), link)
		tried += 2
	}
	if kinds := w.outbox(seq); len(kinds) != 0 {
		t.Errorf("refused links wrote outbox events %v", kinds)
	}
	// A rotated-out key that still verifies keeps live links working.
	verifying := keyAurora
	verifying.State = productlist.KeyVerifying
	svc := partnerkit.New(w.store, partnerkit.Options{Clock: w.clock.Now, Keys: productlist.KeySet{Keys: []productlist.Key{verifying, keyRival}}})
	if _, err := svc.ResolveLinks(w.ctx, w.maya, []string{string(w.listLink)}); err != nil {
		t.Errorf("ResolveLinks under a verifying key = %v, want nil", err)
	}
	t.Logf("%d tampered links refused", tried)
}

// Secrets (share-link key secrets, a database password) never appear in
// errors, in logs at any level, or in String/GoString/%+v output.
func TestSecretsNeverShown(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ks := productlist.KeySet{Keys: []productlist.Key{keyAurora, keyRival}}
	w := newWorldOn(t, memory.New(), partnerkit.Options{Logger: logger, Keys: ks})
	var shown []string
	add := func(s string) { shown = append(shown, s) }
	// Failures that involve the keys.
	nokey := partnerkit.New(w.store, partnerkit.Options{Logger: logger})
	_, err := nokey.ShareList(w.ctx, w.agency, w.list.ID)
	add(fmt.Sprint(err))
	_, err = w.svc.ResolveLinks(w.ctx, w.maya, []string{string(w.listLink) + "x"})
	add(fmt.Sprint(err))
	short := productlist.KeySet{Keys: []productlist.Key{{ID: "k", Agency: "a", Secret: keyAurora.Secret[:10], State: productlist.KeyActive}}}
	add(fmt.Sprint(short.Validate()))
	w.accept(w.maya, w.listLink)
	// Printing the configuration.
	opts := partnerkit.Options{Keys: ks}
	for _, v := range []any{keyAurora, ks, opts, &opts, []productlist.Key{keyAurora}} {
		add(fmt.Sprintf("%v %+v %#v %s", v, v, v, v))
	}
	// A database password in a DSN that cannot connect.
	const password = "pk-s3cret-Passw0rd"
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = postgres.Open(ctx, "postgres://partnerkit:"+password+"@127.0.0.1:1/none?sslmode=disable&connect_timeout=1", postgres.Options{Logger: logger})
	add(fmt.Sprint(err))
	add(logs.String())
	all := strings.Join(shown, "\n")
	for _, k := range ks.Keys {
		for _, form := range []string{string(k.Secret), hex.EncodeToString(k.Secret), base64.StdEncoding.EncodeToString(k.Secret), base64.RawURLEncoding.EncodeToString(k.Secret), fmt.Sprint(k.Secret)} {
			if strings.Contains(all, form) {
				t.Errorf("key %s's secret is shown (as %.12q…) in:\n%s", k.ID, form, all)
			}
		}
	}
	if strings.Contains(all, password) {
		t.Errorf("the database password is shown in:\n%s", all)
	}
}

// No SQL is built from user input: every non-test Go line that puts
// together SQL from pieces (string concatenation or fmt.Sprintf next to a
// SQL keyword) is one of the reviewed lines below, whose pieces are
// constants of the package, placeholders, or identifiers quoted with
// pgx.Identifier.Sanitize. Values always travel as $n/? arguments.
func TestNoSQLBuiltFromInput(t *testing.T) {
	reviewed := map[string]string{
		// Schema names are sanitised identifiers.
		`"CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{schema}.Sanitize())`:         "pgx.Identifier",
		`cfg.RuntimeParams["search_path"] = pgx.Identifier{opts.Schema}.Sanitize()`: "pgx.Identifier",
		// The bench's own schema (internal/benchwork), named by the bench.
		`cfg.RuntimeParams["search_path"] = pgx.Identifier{p.Schema}.Sanitize()`:   "pgx.Identifier",
		`"DROP SCHEMA IF EXISTS "+pgx.Identifier{p.Schema}.Sanitize()+" CASCADE")`: "pgx.Identifier",
		// The listing builder: table and column names are package constants,
		// cursor values become placeholders through q.arg.
		`q.where = append(q.where, "("+cols+") > ("+strings.Join(ph, ", ")+")")`:        "placeholders",
		`sql := "SELECT " + cols + ", body FROM " + from`:                               "constant table (and index, a literal at its one call) and columns",
		`from += " INDEXED BY " + l.index`:                                              "index a literal at its one call",
		`sql += " WHERE " + strings.Join(q.where, " AND ")`:                             "constant fragments",
		`sql += fmt.Sprintf(" ORDER BY %s LIMIT %d", cols, batch)`:                      "constant columns, int limit",
		`q.where = append([]string(nil), l.where...)`:                                   "a copy",
		`l.where = append(l.where, col+" = "+l.arg(v))`:                                 "eq: col is a literal at every call (checked below), v a placeholder",
		`l.where = append(l.where, "paid_at >= "+l.arg(`:                                "placeholder",
		`l.where = append(l.where, "paid_at <= "+l.arg(`:                                "placeholder",
		`l.where = append(l.where, "paid_at IS NOT NULL")`:                              "constant",
		`l.where = append(l.where, "due_at IS NOT NULL", "due_at <= "+l.arg(`:           "constant and placeholder",
		`l.where = append(l.where, "edit_due_at IS NOT NULL", "edit_due_at <= "+l.arg(`: "constant and placeholder",
		// The bulk statement builder (sqlstore/bulk.go): every table, column
		// list, join and suffix is a literal or a package-level col slice at
		// each call (insert, selectIn, selectInAs, deleteIn, insertNew);
		// rows and in write only ?/$n placeholders or unnest($n::text[]).
		`return "INSERT INTO " + table + " (" + colNames(cols) + ") " + t.rows(cols, size, 1) + " " + suffix`: "bulk: constant names, placeholders",
		`return "SELECT " + what + " FROM " + from + " WHERE " + t.in(qual, cols, size)`:                      "bulk: constant names, placeholders",
		`return "DELETE FROM " + table + " WHERE " + t.in("", cols, size)`:                                    "bulk: constant names, placeholders",
	}
	eqCall := regexp.MustCompile(`\.eq\(`)
	eqLiteral := regexp.MustCompile(`\.eq\("[a-z_]+", `)
	message := regexp.MustCompile(`"[a-z]+: `)
	sqlWord := regexp.MustCompile(`(?i)"[^"]*\b(select|insert|update|delete|where|from|values|order by|limit|create|drop|alter|set|and|or)\b[^"]*"`)
	built := regexp.MustCompile(`\+|Sprintf|Sanitize\(\)|append\(.*where`)
	files := 0
	var found []string
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		// storagetest is a test-support package: it runs no SQL.
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "examples" || d.Name() == "storagetest") && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		files++
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimSpace(sc.Text())
			if strings.HasPrefix(line, "//") {
				continue
			}
			if eqCall.MatchString(line) && !strings.HasPrefix(line, "func ") && !eqLiteral.MatchString(line) {
				found = append(found, fmt.Sprintf("%s:%d: eq with a column that is not a literal: %s", path, n, line))
			}
			if !built.MatchString(line) {
				continue
			}
			if !sqlWord.MatchString(line) && !strings.Contains(line, "Sanitize()") && !strings.Contains(line, "where = append(") && !strings.Contains(line, ".arg(") {
				continue
			}
			if strings.Contains(line, "Errorf(") || strings.Contains(line, "errdef.") || message.MatchString(line) {
				continue // messages, not SQL
			}
			ok := false
			for r := range reviewed {
				ok = ok || strings.Contains(line, r)
			}
			if !ok {
				found = append(found, fmt.Sprintf("%s:%d: %s", path, n, line))
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Errorf("SQL put together from pieces, not reviewed: %s", f)
	}
	t.Logf("%d non-test Go files scanned, %d reviewed lines allowed", files, len(reviewed))
}
