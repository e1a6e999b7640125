package sessiontoken

import (
	"encoding/binary"
	"errors"
	"time"
)

// Claim flags.
const (
	flagMFA = 1 << iota
	flagChained
)

// writer appends the claims' binary form: a kind byte, flags, then every string as a
// uvarint length and bytes, times as varint Unix seconds (0 for the zero time), and lists as
// a uvarint count followed by their elements, in a fixed order.
type writer struct{ b []byte }

func (w *writer) str(s string) {
	w.b = binary.AppendUvarint(w.b, uint64(len(s)))
	w.b = append(w.b, s...)
}

func (w *writer) time(t time.Time) {
	var v int64
	if !t.IsZero() {
		v = t.Unix()
	}
	w.b = binary.AppendVarint(w.b, v)
}

func (w *writer) strs(ss []string) {
	w.b = binary.AppendUvarint(w.b, uint64(len(ss)))
	for _, s := range ss {
		w.str(s)
	}
}

func (w *writer) claims(c *Claims) {
	var flags uint64
	if c.MFA {
		flags |= flagMFA
	}
	if c.Chained {
		flags |= flagChained
	}
	w.b = append(w.b, byte(c.Kind))
	w.b = binary.AppendUvarint(w.b, flags)
	for _, s := range []string{c.AccessKeyID, c.Secret, c.AccountID, c.ARN, c.UniqueID, c.UserID, c.UserName,
		c.RoleID, c.RoleARN, c.SessionName, c.Policy, c.SourceIdentity} {
		w.str(s)
	}
	w.time(c.Issued)
	w.time(c.Expires)
	w.time(c.MFATime)
	w.strs(c.PolicyARNs)
	w.b = binary.AppendUvarint(w.b, uint64(len(c.Tags)))
	for _, t := range c.Tags {
		w.str(t.Key)
		w.str(t.Value)
	}
	w.strs(c.TransitiveKeys)
}

// reader reads what writer wrote; the first problem sticks in err and later reads return
// zero values.
type reader struct {
	b   []byte
	err error
}

var errShort = errors.New("claims cut short")

func (r *reader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
	r.b = nil
}

func (r *reader) byte() byte {
	if r.err != nil || len(r.b) < 1 {
		r.fail(errShort)
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail(errShort)
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) str() string {
	n := r.uvarint()
	if r.err != nil {
		return ""
	}
	if n > maxString || n > uint64(len(r.b)) {
		r.fail(errors.New("string too long"))
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *reader) time() time.Time {
	if r.err != nil {
		return time.Time{}
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail(errShort)
		return time.Time{}
	}
	r.b = r.b[n:]
	if v == 0 {
		return time.Time{}
	}
	return time.Unix(v, 0).UTC()
}

func (r *reader) count() int {
	n := r.uvarint()
	if n > maxList {
		r.fail(errors.New("list too long"))
		return 0
	}
	return int(n)
}

func (r *reader) strs() []string {
	n := r.count()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.str()
	}
	return out
}

func (r *reader) claims() *Claims {
	c := &Claims{Kind: Kind(r.byte())}
	flags := r.uvarint()
	c.MFA = flags&flagMFA != 0
	c.Chained = flags&flagChained != 0
	for _, p := range []*string{&c.AccessKeyID, &c.Secret, &c.AccountID, &c.ARN, &c.UniqueID, &c.UserID, &c.UserName,
		&c.RoleID, &c.RoleARN, &c.SessionName, &c.Policy, &c.SourceIdentity} {
		*p = r.str()
	}
	c.Issued = r.time()
	c.Expires = r.time()
	c.MFATime = r.time()
	c.PolicyARNs = r.strs()
	if n := r.count(); n > 0 {
		c.Tags = make([]Tag, n)
		for i := range c.Tags {
			c.Tags[i] = Tag{Key: r.str(), Value: r.str()}
		}
	}
	c.TransitiveKeys = r.strs()
	return c
}
