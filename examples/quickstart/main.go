// Command quickstart prints worked commission splits for a few order lines
// in USD, JPY and KWD: what the seller pays, what the creator earns and what
// the agency keeps, to the minor unit.
package main

import (
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/partnerkit/partnerkit/commission"
)

type order struct {
	product, paid, currency, total, creator string
}

func main() {
	orders := []order{
		{"Glow serum 30ml ×2", "39.98", "USD", "12.5%", "10%"},
		{"Trail running shoes", "89.00", "USD", "15%", "11.25%"},
		{"Matcha whisk set", "3480", "JPY", "20%", "14.5%"},
		{"Oud perfume 50ml", "18.750", "KWD", "8%", "5.5%"},
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "product\tpaid\ttotal rate\tcreator rate\tagency rate\tseller pays\tcreator earns\tagency earns\t")
	for _, o := range orders {
		line, split, err := compute(o)
		if err != nil {
			fmt.Fprintln(os.Stderr, "quickstart:", err)
			os.Exit(1)
		}
		fmt.Fprintf(w, "%s\t%v\t%v\t%v\t%v\t%v\t%v\t%v\t\n", o.product, line.Base,
			split.Total, split.Creator, split.Agency(), line.Total, line.Creator, line.Agency)
	}
	w.Flush()

	// A partial refund after settlement: the line is recomputed from its net
	// base and the difference is posted as a reversal entry.
	paid, _ := commission.NewMoney("89.00", "USD")
	refund, _ := commission.NewMoney("30.00", "USD")
	split, _ := commission.NewSplit(1500, 1125)
	settled, _ := commission.Compute(paid, split)
	owed, _ := commission.ComputeNet(paid, []commission.Money{refund}, split)
	rev, _ := commission.Reversal(settled, owed)
	fmt.Println()
	fmt.Println("refund of", refund, "after settlement:")
	fmt.Println("  settled: ", settled)
	fmt.Println("  reversal:", rev)
	fmt.Println("  owed:    ", owed)
}

func compute(o order) (commission.Line, commission.Split, error) {
	base, err := commission.NewMoney(o.paid, o.currency)
	if err != nil {
		return commission.Line{}, commission.Split{}, err
	}
	total, err := commission.ParseRate(o.total)
	if err != nil {
		return commission.Line{}, commission.Split{}, err
	}
	creator, err := commission.ParseRate(o.creator)
	if err != nil {
		return commission.Line{}, commission.Split{}, err
	}
	split, err := commission.NewSplit(total, creator)
	if err != nil {
		return commission.Line{}, commission.Split{}, err
	}
	line, err := commission.Compute(base, split)
	return line, split, err
}
