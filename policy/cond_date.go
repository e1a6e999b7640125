package policy

import "time"

// Date operators (evaluation-semantics.md §4.2): instants written as W3C ISO 8601 dates or
// date-times (Z or an offset, optional fractional seconds) or as epoch seconds; policy and
// request may use different forms. No variables, no wildcards.

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

// parseDate reads YYYY-MM-DD (midnight UTC), YYYY-MM-DDThh:mm[:ss[.fraction]][Z|±hh:mm|±hhmm]
// (UTC when no zone is given) or epoch seconds with an optional fraction. It does not
// allocate.
func parseDate(s string) (instant, bool) {
	if allDigitsOrFraction(s) {
		return parseEpoch(s)
	}
	num := func(i, n int) (int, bool) {
		if i+n > len(s) {
			return 0, false
		}
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	year, ok1 := num(0, 4)
	month, ok2 := num(5, 2)
	day, ok3 := num(8, 2)
	if !ok1 || !ok2 || !ok3 || len(s) < 10 || s[4] != '-' || s[7] != '-' ||
		month < 1 || month > 12 || day < 1 || day > daysIn(year, month) {
		return instant{}, false
	}
	var hour, minute, second, nsec, offset int
	i := 10
	if i < len(s) {
		if s[i] != 'T' && s[i] != 't' {
			return instant{}, false
		}
		var ok4, ok5 bool
		hour, ok4 = num(i+1, 2)
		minute, ok5 = num(i+4, 2)
		if !ok4 || !ok5 || s[i+3] != ':' || hour > 23 || minute > 59 {
			return instant{}, false
		}
		i += 6
		if i < len(s) && s[i] == ':' {
			var ok bool
			if second, ok = num(i+1, 2); !ok || second > 59 {
				return instant{}, false
			}
			i += 3
			if i < len(s) && s[i] == '.' {
				i++
				start := i
				scale := 100000000
				for i < len(s) && s[i] >= '0' && s[i] <= '9' {
					nsec += int(s[i]-'0') * scale
					scale /= 10
					i++
				}
				if i == start {
					return instant{}, false
				}
			}
		}
		switch {
		case i == len(s):
		case (s[i] == 'Z' || s[i] == 'z') && i+1 == len(s):
		case s[i] == '+' || s[i] == '-':
			// ±hh:mm or ±hhmm
			zone := s[i+1:]
			var oh, om int
			var okh, okm bool
			switch {
			case len(zone) == 5 && zone[2] == ':':
				oh, okh = num(i+1, 2)
				om, okm = num(i+4, 2)
			case len(zone) == 4:
				oh, okh = num(i+1, 2)
				om, okm = num(i+3, 2)
			}
			if !okh || !okm || oh > 23 || om > 59 {
				return instant{}, false
			}
			offset = oh*3600 + om*60
			if s[i] == '-' {
				offset = -offset
			}
		default:
			return instant{}, false
		}
	}
	t := time.Date(year, time.Month(month), day, hour, minute, second, 0, time.UTC)
	return instant{sec: t.Unix() - int64(offset), nsec: int32(nsec)}, true
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func allDigitsOrFraction(s string) bool {
	seenDot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && !seenDot && i > 0 && i < len(s)-1:
			seenDot = true
		default:
			return false
		}
	}
	return s != ""
}

func parseEpoch(s string) (instant, bool) {
	var in instant
	i := 0
	for ; i < len(s) && s[i] != '.'; i++ {
		if in.sec > (1<<62)/10 {
			return instant{}, false
		}
		in.sec = in.sec*10 + int64(s[i]-'0')
	}
	if i < len(s) {
		scale := int32(100000000)
		for i++; i < len(s); i++ {
			in.nsec += int32(s[i]-'0') * scale
			scale /= 10
		}
	}
	return in, true
}

func init() {
	compile := func(text string, _ bool) (condValue, string) {
		t, ok := parseDate(text)
		if !ok {
			return condValue{}, "date condition values must be ISO 8601 dates or epoch seconds, not " + quote(text)
		}
		return condValue{ok: true, when: t}, ""
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
