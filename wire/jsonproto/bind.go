package jsonproto

import (
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/wire/constraint"
)

// The Parse methods read members bound by restJson1 to a path label, a query parameter or a header,
// which arrive as strings.

// ParseInt reads an integer and checks its range (r may be nil).
func (d *Decoder) ParseInt(p *constraint.Path, raw string, bits int, r *constraint.IntRule) (int64, bool) {
	i, err := strconv.ParseInt(strings.TrimSpace(raw), 10, bits)
	if err != nil {
		d.fail("Cannot read the value at '" + p.String() + "': '" + raw + "' is not an integer of " + strconv.Itoa(bits) + " bits.")
		return 0, false
	}
	d.CheckRange(p, i, r)
	return i, true
}

// ParseFloat reads a number ("NaN", "Infinity" and "-Infinity" included).
func (d *Decoder) ParseFloat(p *constraint.Path, raw string, bits int) (float64, bool) {
	f, err := strconv.ParseFloat(raw, bits)
	if err != nil {
		if f, err = parseSpecialFloat(raw); err != nil {
			d.fail("Cannot read the value at '" + p.String() + "': '" + raw + "' is not a number.")
			return 0, false
		}
	}
	return f, true
}

// ParseBool reads "true" or "false".
func (d *Decoder) ParseBool(p *constraint.Path, raw string) (bool, bool) {
	switch raw {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	d.fail("Cannot read the value at '" + p.String() + "': '" + raw + "' is not a boolean.")
	return false, false
}

// ParseTime reads a timestamp in the binding's format (ISO 8601 for the query string, an HTTP date for
// headers, unless the model says otherwise); any of the three forms is accepted.
func (d *Decoder) ParseTime(p *constraint.Path, raw, format string) (time.Time, bool) {
	if t, ok := parseTimeString(raw, format); ok {
		return t, true
	}
	if t, ok := parseEpoch(raw); ok {
		return t, true
	}
	d.fail("Cannot read the value at '" + p.String() + "': '" + raw + "' is not a timestamp.")
	return time.Time{}, false
}

// ParseBlob reads a base64 value bound outside the body.
func (d *Decoder) ParseBlob(p *constraint.Path, raw string, r *constraint.Length) ([]byte, bool) {
	return d.Blob(p, raw, r)
}
