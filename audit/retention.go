package audit

import "time"

// Retention is how long the trail keeps events (readers such as package lastaccess know from
// it which period the trail covers).
func (t *Trail) Retention() time.Duration { return t.retention }
