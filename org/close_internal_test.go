package org

import "testing"

// TestCloseQuota: the higher of 250 or 20% of the members, at most 1,000 (CloseAccount).
func TestCloseQuota(t *testing.T) {
	for members, want := range map[int]int{2: 250, 1250: 250, 2000: 400, 5000: 1000, 20000: 1000} {
		if got := closeQuota(members); got != want {
			t.Errorf("closeQuota(%d) = %d, want %d", members, got, want)
		}
	}
}
