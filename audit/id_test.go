package audit

import (
	"regexp"
	"testing"
	"time"
)

// TestNewID: event IDs are UUIDs of version 7 whose order follows the time they carry, and differ
// within one millisecond.
func TestNewID(t *testing.T) {
	form := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	t0 := time.Date(2026, 12, 6, 23, 0, 0, 0, time.UTC)
	a, b, c := newID(t0), newID(t0), newID(t0.Add(time.Millisecond))
	for _, id := range []string{a, b, c} {
		if !form.MatchString(id) {
			t.Errorf("%s: not a version 7 UUID", id)
		}
	}
	if a == b {
		t.Errorf("two IDs of the same millisecond are equal: %s", a)
	}
	if a[:13] != "01a24d95-e980" || !(a < c && b < c) {
		t.Errorf("IDs %s, %s, %s: not ordered by their time", a, b, c)
	}
}
