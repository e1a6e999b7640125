package account

import (
	"slices"
	"testing"
)

func TestImplementedSorted(t *testing.T) {
	t.Parallel()
	if !slices.IsSorted(Implemented) {
		t.Errorf("Implemented is not sorted: %v", Implemented)
	}
}
