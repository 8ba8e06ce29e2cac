package commission

// The exact (decimal and big.Int) paths behind the int64 hot paths, so the
// properties can compare the two.
var (
	ComputeNetExact = computeNetExact
	ReversalExact   = reversalExact
)

// ComputeExact is Compute without its int64 hot path.
func ComputeExact(base Money, s Split) (Line, error) {
	if err := validateLine(base, s); err != nil {
		return Line{}, err
	}
	return computeBig(base, s), nil
}
