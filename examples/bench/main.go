// Command bench runs partnerkit's performance targets (issue 10): each
// workload beside its ceiling, in one process, alternating rounds of the
// two, and prints one row per target: workload, partnerkit, ceiling, unit,
// ratio (partnerkit / ceiling), target and ok. Absolute figures are noise
// on a shared machine; the ratio to a ceiling measured in the same run is
// the figure the target names.
//
//	go run ./examples/bench            # full run, a few minutes
//	go run ./examples/bench -quick     # under a minute, smaller sizes
//	go run ./examples/bench -json      # one JSON object per row
//
// Postgres rows run only when PARTNERKIT_POSTGRES_DSN is set; otherwise
// they are printed as skipped (ok "skipped"), never as a failure.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/internal/benchwork"
	"github.com/partnerkit/partnerkit/storage/memory"
	"github.com/partnerkit/partnerkit/storage/sqlite"
)

// Row is one line of the report. Partnerkit, Ceiling and Ratio are null
// when a row has no such figure (a skipped row, or a budget with no
// ceiling); OK is true, false or "skipped".
type Row struct {
	Workload   string   `json:"workload"`
	Partnerkit *float64 `json:"partnerkit"`
	Ceiling    *float64 `json:"ceiling"`
	Unit       string   `json:"unit"`
	Ratio      *float64 `json:"ratio"`
	Target     string   `json:"target"`
	OK         any      `json:"ok"`
}

// sizes are a run's workload sizes.
type sizes struct {
	rounds         int // alternating rounds per pair; the median is kept
	benchtime      string
	memLines       int
	sqliteLines    int
	concLines      int
	pgLines        int
	replayLines    int
	metricsLines   int
	metricsSmall   int
	metricsReads   int
	limitWriters   int
	creators, prod int
}

var full = sizes{
	rounds: 3, benchtime: "1s", memLines: 40_000, sqliteLines: 8_000, concLines: 4_000, pgLines: 10_000,
	replayLines: 20_000, metricsLines: 1_000_000, metricsSmall: 1_000, metricsReads: 20_000, limitWriters: 64,
	creators: 8, prod: 20,
}

var quick = sizes{
	rounds: 1, benchtime: "200ms", memLines: 4_000, sqliteLines: 2_000, concLines: 1_000, pgLines: 4_500,
	replayLines: 2_000, metricsLines: 50_000, metricsSmall: 1_000, metricsReads: 5_000, limitWriters: 64,
	creators: 8, prod: 20,
}

func main() {
	testing.Init()
	asJSON := flag.Bool("json", false, "print one JSON object per row")
	short := flag.Bool("quick", false, "smaller sizes: finishes in under a minute")
	flag.Parse()
	sz := full
	if *short {
		sz = quick
	}
	if err := flag.Set("test.benchtime", sz.benchtime); err != nil {
		fail(err)
	}
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "partnerkit-bench-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)

	r := &report{json: *asJSON}
	if !r.json {
		fmt.Printf("partnerkit benchmarks: %s, %s/%s, %d CPUs, %s run\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), map[bool]string{true: "quick", false: "full"}[*short])
		fmt.Printf("sizes: memory ingest %d lines, SQLite %d lines (16 callers: %d lines), Postgres %d lines, replay %d lines, metrics/heap at %d lines (issue: 1,000,000)%s; median of %d alternating rounds (limits and replay: at least 5)\n\n",
			sz.memLines, sz.sqliteLines, sz.concLines, sz.pgLines, sz.replayLines, sz.metricsLines, map[bool]string{true: " [scaled down]", false: ""}[sz.metricsLines < 1_000_000], sz.rounds)
	}
	compute(r, sz)
	check(r, memoryIngest(ctx, r, sz))
	check(r, sqliteIngest(ctx, r, sz, dir))
	check(r, postgresIngest(ctx, r, sz))
	check(r, limits(ctx, r, sz))
	check(r, replay(ctx, r, sz))
	check(r, metrics(ctx, r, sz))
	r.flush()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

func check(r *report, err error) {
	if err != nil {
		r.flush()
		fail(err)
	}
}

// report collects rows and prints them.
type report struct {
	json bool
	rows []Row
}

func f(v float64) *float64 { return &v }

// add records a row, its ratio computed here and its OK decided by ok.
func (r *report) add(row Row, ok func(Row) bool) {
	if row.Partnerkit != nil && row.Ceiling != nil && *row.Ceiling != 0 {
		row.Ratio = f(*row.Partnerkit / *row.Ceiling)
	}
	if row.OK == nil {
		row.OK = ok(row)
	}
	r.rows = append(r.rows, row)
	if r.json {
		b, _ := json.Marshal(row)
		fmt.Println(string(b))
	}
}

func (r *report) skip(workload, unit, target, why string) {
	r.add(Row{Workload: workload, Unit: unit, Target: target + " (skipped: " + why + ")", OK: "skipped"}, nil)
}

func (r *report) flush() {
	if r.json || len(r.rows) == 0 {
		r.rows = nil
		return
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "workload\tpartnerkit\tceiling\tunit\tratio\ttarget\tok\t")
	num := func(v *float64) string {
		switch {
		case v == nil:
			return "—"
		case *v >= 100:
			return fmt.Sprintf("%.0f", *v)
		case *v >= 1:
			return fmt.Sprintf("%.2f", *v)
		}
		return fmt.Sprintf("%.3g", *v)
	}
	for _, row := range r.rows {
		ratio := "—"
		if row.Ratio != nil {
			ratio = fmt.Sprintf("%.3g×", *row.Ratio)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%v\t\n", row.Workload, num(row.Partnerkit), num(row.Ceiling), row.Unit, ratio, row.Target, row.OK)
	}
	tw.Flush()
	r.rows = nil
}

// median returns the median of vs.
func median(vs []float64) float64 {
	s := slices.Clone(vs)
	slices.Sort(s)
	return s[len(s)/2]
}

// pairBench runs two benchmark functions in alternating rounds and returns
// the median ns/op and allocs/op of each.
func pairBench(rounds int, pk, ceil func(*testing.B)) (pkNs, pkAllocs, ceilNs, ceilAllocs float64) {
	var a, b, c, d []float64
	for range rounds {
		x := testing.Benchmark(pk)
		y := testing.Benchmark(ceil)
		a, b = append(a, float64(x.NsPerOp())), append(b, float64(x.AllocsPerOp()))
		c, d = append(c, float64(y.NsPerOp())), append(d, float64(y.AllocsPerOp()))
		if x.N > 0 && x.T > 0 {
			a[len(a)-1] = float64(x.T.Nanoseconds()) / float64(x.N)
		}
		if y.N > 0 && y.T > 0 {
			c[len(c)-1] = float64(y.T.Nanoseconds()) / float64(y.N)
		}
	}
	return median(a), median(b), median(c), median(d)
}

func compute(r *report, sz sizes) {
	ns, allocs, cns, callocs := pairBench(sz.rounds, benchwork.Compute, benchwork.ComputeOracle)
	r.add(Row{Workload: "Compute per order line: time", Partnerkit: f(ns), Ceiling: f(cns), Unit: "ns/line", Target: "≤ 0.2× big.Rat oracle"}, func(row Row) bool { return *row.Ratio <= 0.2 })
	r.add(Row{Workload: "Compute per order line: allocs", Partnerkit: f(allocs), Ceiling: f(callocs), Unit: "allocs/line", Target: "≤ 10 allocs"}, func(row Row) bool { return allocs <= 10 })
	ns, allocs, cns, callocs = pairBench(sz.rounds, benchwork.Kernel, benchwork.KernelHand)
	r.add(Row{Workload: "int64 kernel inside Compute: time", Partnerkit: f(ns), Ceiling: f(cns), Unit: "ns/op", Target: "≤ 2× hand-written half-even"}, func(row Row) bool { return *row.Ratio <= 2 })
	r.add(Row{Workload: "int64 kernel inside Compute: allocs", Partnerkit: f(allocs), Ceiling: f(callocs), Unit: "allocs/op", Target: "0 allocs"}, func(row Row) bool { return allocs == 0 })
}

func perSec(units int, d time.Duration) float64 { return float64(units) / d.Seconds() }

func memoryIngest(ctx context.Context, r *report, sz sizes) error {
	w, err := benchwork.NewWorld(ctx, memory.New(), partnerkit.Options{}, "", sz.prod, sz.creators)
	if err != nil {
		return err
	}
	pk, ceil, err := ingestRounds(ctx, w, sz.rounds, sz.memLines, 1000, func(evs []attribution.Event) (time.Duration, error) {
		// One pass of the bare map takes a millisecond or two, so a GC
		// landing in it swings the ceiling several-fold: take the median
		// of five passes, each into a fresh map.
		var ds []float64
		for range 5 {
			ds = append(ds, float64(benchwork.NewMapSink().Ingest(evs)))
		}
		return time.Duration(median(ds)), nil
	})
	if err != nil {
		return err
	}
	r.add(Row{Workload: "memory-store ingest: paid/refund/settle + metrics, batches of 1000", Partnerkit: f(median(pk)), Ceiling: f(median(ceil)), Unit: "events/s", Target: "≥ 0.25× bare map insert + counter"}, func(row Row) bool { return *row.Ratio >= 0.25 })
	return nil
}

func sqliteIngest(ctx context.Context, r *report, sz sizes, dir string) error {
	st, err := sqlite.Open(ctx, filepath.Join(dir, "partnerkit.db"), sqlite.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	w, err := benchwork.NewWorld(ctx, st, partnerkit.Options{}, "", sz.prod, sz.creators)
	if err != nil {
		return err
	}
	raw, err := benchwork.OpenRawSQLite(ctx, filepath.Join(dir, "raw.db"))
	if err != nil {
		return err
	}
	defer raw.Close()
	pk, ceil, err := ingestRounds(ctx, w, sz.rounds, sz.sqliteLines, 1000, func(evs []attribution.Event) (time.Duration, error) {
		return raw.Insert(ctx, evs, 1000)
	})
	if err != nil {
		return err
	}
	batched := median(pk)
	r.add(Row{Workload: "SQLite ingest, WAL, batches of 1000", Partnerkit: f(batched), Ceiling: f(median(ceil)), Unit: "rows/s",
		Target: "≥ 0.5× raw prepared INSERT, same rows and batches"}, func(row Row) bool { return *row.Ratio >= 0.5 })

	// 16 concurrent callers, one event per call, against the batched
	// figure above, each in its own fresh file.
	st2, err := sqlite.Open(ctx, filepath.Join(dir, "concurrent.db"), sqlite.Options{})
	if err != nil {
		return err
	}
	defer st2.Close()
	w2, err := benchwork.NewWorld(ctx, st2, partnerkit.Options{}, "", sz.prod, sz.creators)
	if err != nil {
		return err
	}
	var conc []float64
	var busy int64
	for range sz.rounds {
		evs := w2.Lines(sz.concLines, benchwork.PaidRefundSettle)
		d, b, err := benchwork.IngestConcurrent(ctx, w2, evs, 16)
		if err != nil {
			return err
		}
		busy += b
		conc = append(conc, perSec(len(evs), d))
	}
	r.add(Row{Workload: "SQLite ingest, 16 concurrent IngestEvent callers", Partnerkit: f(median(conc)), Ceiling: f(batched), Unit: "rows/s",
		Target: "≥ 0.8× the batched figure above"}, func(row Row) bool { return *row.Ratio >= 0.8 })
	r.add(Row{Workload: "SQLite ingest, 16 callers: SQLITE_BUSY seen", Partnerkit: f(float64(busy)), Unit: "errors",
		Target: "0"}, func(row Row) bool { return busy == 0 })
	return nil
}

func postgresIngest(ctx context.Context, r *report, sz sizes) error {
	const workload, unit, target = "Postgres ingest, batches of 10,000", "rows/s", "≥ 0.35× raw pgx.CopyFrom of the same rows"
	dsn := os.Getenv("PARTNERKIT_POSTGRES_DSN")
	if dsn == "" {
		r.skip(workload, unit, target, "PARTNERKIT_POSTGRES_DSN unset")
		return nil
	}
	pg, err := benchwork.OpenPostgres(ctx, dsn, "ingest")
	if err != nil {
		return err
	}
	defer pg.Drop(context.WithoutCancel(ctx))
	w, err := benchwork.NewWorld(ctx, pg.Store, partnerkit.Options{}, "", sz.prod, sz.creators)
	if err != nil {
		return err
	}
	raw, err := pg.OpenRawCopy(ctx)
	if err != nil {
		return err
	}
	defer raw.Close(ctx)
	pk, ceil, err := ingestRounds(ctx, w, sz.rounds, sz.pgLines, 10_000, func(evs []attribution.Event) (time.Duration, error) {
		return raw.Copy(ctx, evs, 10_000)
	})
	if err != nil {
		return err
	}
	r.add(Row{Workload: workload, Partnerkit: f(median(pk)), Ceiling: f(median(ceil)), Unit: unit, Target: target},
		func(row Row) bool { return *row.Ratio >= 0.35 })
	return nil
}

func limits(ctx context.Context, r *report, sz sizes) error {
	var pk, ceil []float64
	over := false
	for range max(sz.rounds, 5) { // a round is tens of milliseconds: five, for a stable median
		a, err := benchwork.RaceLimits(ctx, sz.limitWriters, true)
		if err != nil {
			return err
		}
		b, err := benchwork.RaceLimits(ctx, sz.limitWriters, false)
		if err != nil {
			return err
		}
		over = over || a.Over() || b.Over() || a.Refused == 0
		pk = append(pk, perSec(a.Writes, a.Elapsed))
		ceil = append(ceil, perSec(b.Writes, b.Elapsed))
	}
	r.add(Row{Workload: fmt.Sprintf("%d writers racing the 1000-list and 100-product limits (memory)", sz.limitWriters), Partnerkit: f(median(pk)), Ceiling: f(median(ceil)),
		Unit: "writes/s", Target: "≥ 0.7× same successful writes, no limit reached; never over"}, func(row Row) bool { return *row.Ratio >= 0.7 && !over })
	return nil
}

func replay(ctx context.Context, r *report, sz sizes) error {
	var pk, ceil []float64
	same := true
	for i := range max(sz.rounds, 5) {
		res, err := benchwork.Replay(ctx, sz.replayLines, 1000, uint64(i+1))
		if err != nil {
			return err
		}
		same = same && res.Identical
		pk = append(pk, perSec(res.Events, res.Shuffled))
		ceil = append(ceil, perSec(res.Events, res.Sorted))
	}
	r.add(Row{Workload: "replay of a shuffled stream with 10% duplicates (memory)", Partnerkit: f(median(pk)), Ceiling: f(median(ceil)),
		Unit: "distinct events/s", Target: "≥ 0.8× sorted, de-duplicated; identical ledger"}, func(row Row) bool { return *row.Ratio >= 0.8 && same })
	return nil
}

func metrics(ctx context.Context, r *report, sz sizes) error {
	big, err := benchwork.NewWorld(ctx, memory.New(), partnerkit.Options{}, "", sz.prod, sz.creators)
	if err != nil {
		return err
	}
	heap, err := benchwork.Fill(ctx, big, sz.metricsLines)
	if err != nil {
		return err
	}
	small, err := benchwork.NewWorld(ctx, memory.New(), partnerkit.Options{}, "", sz.prod, sz.creators)
	if err != nil {
		return err
	}
	if _, err := benchwork.Fill(ctx, small, sz.metricsSmall); err != nil {
		return err
	}
	var pk, ceil []float64
	for range max(sz.rounds, 3) {
		d, err := benchwork.ReadMetrics(ctx, big, sz.metricsReads)
		if err != nil {
			return err
		}
		pk = append(pk, float64(d.Nanoseconds())/float64(sz.metricsReads))
		if d, err = benchwork.ReadMetrics(ctx, small, sz.metricsReads); err != nil {
			return err
		}
		ceil = append(ceil, float64(d.Nanoseconds())/float64(sz.metricsReads))
	}
	r.add(Row{Workload: fmt.Sprintf("campaign metrics read at %s orders (memory)", count(sz.metricsLines)), Partnerkit: f(median(pk)), Ceiling: f(median(ceil)),
		Unit: "ns/read", Target: fmt.Sprintf("≤ 2× the same read at %s orders", count(sz.metricsSmall))}, func(row Row) bool { return *row.Ratio <= 2 })
	per := float64(heap) / float64(sz.metricsLines)
	r.add(Row{Workload: fmt.Sprintf("memory-store heap per attributed line at %s lines", count(sz.metricsLines)), Partnerkit: f(per),
		Unit: "B/line", Target: "≤ 512 B (no ceiling)"}, func(row Row) bool { return per <= 512 })
	runtime.KeepAlive(big)
	return nil
}

// count formats n with thousands separators.
func count(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// ingestRounds runs rounds of one ingest pair: each round makes lines
// order lines' events, ingests them through the Service in batches of
// batch, then hands the same events to ceiling; it returns both rates
// (events a second) per round.
func ingestRounds(ctx context.Context, w *benchwork.World, rounds, lines, batch int, ceiling func([]attribution.Event) (time.Duration, error)) (pk, ceil []float64, err error) {
	for range rounds {
		evs := w.Lines(lines, benchwork.PaidRefundSettle)
		d, err := benchwork.Ingest(ctx, w, evs, batch)
		if err != nil {
			return nil, nil, err
		}
		pk = append(pk, perSec(len(evs), d))
		if d, err = ceiling(evs); err != nil {
			return nil, nil, err
		}
		ceil = append(ceil, perSec(len(evs), d))
	}
	return pk, ceil, nil
}
