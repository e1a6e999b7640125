package policy

import (
	"math"
	"strings"
	"time"
)

// Date operators (evaluation-semantics.md §4.2): instants written as W3C ISO 8601 dates or
// date-times (Z or an offset, optional fractional seconds) or as epoch seconds; policy and
// request may use different forms. No variables, no wildcards. A policy value IAM's date
// parser reads in a laxer form (01T, 2016-1-5, -292275054) means what IAM reads; the validator
// warns about it.

// instant is a point in time: seconds and nanoseconds since the Unix epoch.
type instant struct {
	sec  int64
	nsec int32
}

func cmpInstant(a, b instant) int {
	switch {
	case a.sec < b.sec:
		return -1
	case a.sec > b.sec:
		return 1
	case a.nsec < b.nsec:
		return -1
	case a.nsec > b.nsec:
		return 1
	}
	return 0
}

// dateForm is how a date condition value is written.
type dateForm uint8

const (
	dateInvalid dateForm = iota
	// dateW3C is a documented form: YYYY-MM-DD, optionally followed by Thh:mm[:ss[.fraction]]
	// and a zone (Z, ±hh:mm or ±hhmm; UTC without one).
	dateW3C
	// dateEpoch is whole epoch seconds.
	dateEpoch
	// dateEpochFraction is epoch seconds with a fraction: read in requests, refused by IAM in
	// policies.
	dateEpochFraction
	// dateLenient is what IAM's date parser reads beyond the W3C forms (recorded answers,
	// see iam.go): a year of 1 to 9 digits with an optional sign (01T is the year 1,
	// -292275054 a year, not epoch seconds), a month and day of one digit, a time of hour,
	// minute and second of one digit or a bare hour, a zone of hours only (+23), or a date
	// without month or day.
	dateLenient
)

// Bounds of the years IAM's date parser reads (its ISO chronology on 64-bit milliseconds).
const (
	minDateYear = -292275054
	maxDateYear = 292278993
)

// parseDate reads a date or date-time in any form readDate reads. It does not allocate.
func parseDate(s string) (instant, bool) {
	t, form := readDate(s)
	return t, form != dateInvalid
}

// readDate reads epoch seconds (digits, with an optional fraction) or an ISO 8601 date-time
// ([-]Y…Y[-M[M][-D[D]]][T[h[h][:m[m][:s[s][.f…]]]][Z|±hh[[:]mm]]], T and Z in either case) and
// says which form it is in. It does not allocate.
func readDate(s string) (instant, dateForm) {
	if whole, frac, hasFrac := strings.Cut(s, "."); allDigits(whole) && (!hasFrac || allDigits(frac)) {
		return parseEpoch(whole, frac)
	}
	d := dateScan{s: s}
	var f dateFields
	if !d.date(&f) {
		return instant{}, dateInvalid
	}
	if d.i < len(s) && (s[d.i] == 'T' || s[d.i] == 't') {
		d.i++
		if !d.time(&f) {
			return instant{}, dateInvalid
		}
	} else if !f.hasDay {
		d.lenient = true
	}
	if d.i != len(s) || !f.valid() {
		return instant{}, dateInvalid
	}
	form := dateW3C
	if d.lenient || !f.hasDay {
		form = dateLenient
	}
	return f.instant(), form
}

func parseEpoch(whole, frac string) (instant, dateForm) {
	var in instant
	for i := 0; i < len(whole); i++ {
		d := int64(whole[i] - '0')
		if in.sec > (math.MaxInt64-d)/10 {
			return instant{}, dateInvalid
		}
		in.sec = in.sec*10 + d
	}
	if frac == "" {
		return in, dateEpoch
	}
	scale := int32(100000000)
	for i := 0; i < len(frac) && scale > 0; i++ {
		in.nsec += int32(frac[i]-'0') * scale
		scale /= 10
	}
	return in, dateEpochFraction
}

// dateFields are the parts of an ISO 8601 date-time.
type dateFields struct {
	year, month, day           int
	hour, minute, second, nsec int
	offset                     int // seconds east of UTC
	hasDay                     bool
}

func (f *dateFields) valid() bool {
	return f.year >= minDateYear && f.year <= maxDateYear && f.month >= 1 && f.month <= 12 &&
		f.day >= 1 && f.day <= daysIn(f.year, f.month) && f.hour <= 23 && f.minute <= 59 && f.second <= 59
}

func (f *dateFields) instant() instant {
	t := time.Date(f.year, time.Month(f.month), f.day, f.hour, f.minute, f.second, 0, time.UTC)
	return instant{sec: t.Unix() - int64(f.offset), nsec: int32(f.nsec)}
}

// dateScan reads an ISO 8601 date-time; lenient records anything outside the W3C forms.
type dateScan struct {
	s       string
	i       int
	lenient bool
}

// num reads 1 to max digits; a count other than w3c makes the value lenient.
func (d *dateScan) num(max, w3c int) (v, n int) {
	for n < max && d.i < len(d.s) && d.s[d.i] >= '0' && d.s[d.i] <= '9' {
		v = v*10 + int(d.s[d.i]-'0')
		d.i++
		n++
	}
	if n != w3c {
		d.lenient = true
	}
	return v, n
}

func (d *dateScan) eat(c byte) bool {
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return true
	}
	return false
}

// date reads [-]Y…Y[-M[M][-D[D]]].
func (d *dateScan) date(f *dateFields) bool {
	neg := d.eat('-')
	y, n := d.num(9, 4)
	if n == 0 {
		return false
	}
	if neg {
		y, d.lenient = -y, true
	}
	f.year, f.month, f.day = y, 1, 1
	if !d.eat('-') {
		return true
	}
	if f.month, n = d.num(2, 2); n == 0 {
		return false
	}
	if !d.eat('-') {
		return true
	}
	f.day, n = d.num(2, 2)
	f.hasDay = n > 0
	return n > 0
}

// time reads what follows T: [h[h][:m[m][:s[s][.f…]]]] and an optional zone.
func (d *dateScan) time(f *dateFields) bool {
	var n int
	if f.hour, n = d.num(2, 2); n == 0 {
		d.lenient = true // a date with an empty time: 01T
	} else if !d.eat(':') {
		d.lenient = true // an hour alone
	} else if f.minute, n = d.num(2, 2); n == 0 {
		return false
	} else if d.eat(':') {
		if f.second, n = d.num(2, 2); n == 0 {
			return false
		}
		if d.eat('.') && !d.fraction(f) {
			return false
		}
	}
	return d.i == len(d.s) || d.zone(f)
}

// fraction reads 1 to 9 digits of a second.
func (d *dateScan) fraction(f *dateFields) bool {
	scale := 100000000
	n := 0
	for ; n < 9 && d.i < len(d.s) && d.s[d.i] >= '0' && d.s[d.i] <= '9'; n++ {
		f.nsec += int(d.s[d.i]-'0') * scale
		scale /= 10
		d.i++
	}
	return n > 0
}

// zone reads Z, or ±hh followed by :mm, mm or nothing (lenient).
func (d *dateScan) zone(f *dateFields) bool {
	if d.eat('Z') || d.eat('z') {
		return true
	}
	sign := 1
	switch {
	case d.eat('-'):
		sign = -1
	case !d.eat('+'):
		return false
	}
	h, n := d.num(2, 2)
	if n != 2 {
		return false
	}
	m := 0
	switch {
	case d.eat(':'), d.i < len(d.s):
		if m, n = d.num(2, 2); n != 2 {
			return false
		}
	default:
		d.lenient = true
	}
	f.offset = sign * (h*3600 + m*60)
	return h <= 23 && m <= 59
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func (t instant) String() string {
	return time.Unix(t.sec, int64(t.nsec)).UTC().Format(time.RFC3339Nano)
}

func init() {
	compile := func(text string, _ bool) (condValue, issue) {
		t, form := readDate(text)
		switch form {
		case dateInvalid:
			return condValue{}, invalid("date condition values must be ISO 8601 dates or epoch seconds, not " + quote(text))
		case dateEpochFraction:
			return condValue{ok: true, when: t}, invalid("epoch seconds in a policy are whole seconds, not " + quote(text))
		case dateLenient:
			return condValue{ok: true, when: t}, issue{warning: true,
				msg: quote(text) + " is not a W3C date-time (YYYY-MM-DDThh:mm:ssZ); IAM accepts it and reads it as " + t.String()}
		}
		return condValue{ok: true, when: t}, issue{}
	}
	date := func(name string, negated bool, want func(int) bool) *operator {
		return &operator{name: name, negated: negated, compile: compile,
			match: func(x string, v *condValue, _ *Context) bool {
				t, ok := parseDate(x)
				return ok && want(cmpInstant(t, v.when))
			}}
	}
	register(
		date("DateEquals", false, func(c int) bool { return c == 0 }),
		date("DateNotEquals", true, func(c int) bool { return c == 0 }),
		date("DateLessThan", false, func(c int) bool { return c < 0 }),
		date("DateLessThanEquals", false, func(c int) bool { return c <= 0 }),
		date("DateGreaterThan", false, func(c int) bool { return c > 0 }),
		date("DateGreaterThanEquals", false, func(c int) bool { return c >= 0 }),
	)
}
