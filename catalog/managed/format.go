package managed

import (
	"fmt"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/catalog/internal/pack"
)

// The layouts of the two files, written by catalog/internal/gen (keep the two in step).
//
// policies.bin: PoliciesMagic, source string, count, then per policy in name order:
// ARN, ID, description, default version ID (strings), create and update time (varint Unix
// milliseconds), attachable (bool), retained version count, default document (string).
//
// history.bin: HistoryMagic, count (equal to the policies'), then per policy in the same order:
// the number of older versions, then for each, newest first: version ID, create time, and the
// line operations that rebuild its document from the next newer one (the first from the
// default): op 0 copies n lines from start, op 1 inserts n literal lines.
const (
	PoliciesMagic = "gatehouse/managed-policies/v1\n"
	HistoryMagic  = "gatehouse/managed-history/v1\n"

	OpCopy   = 0
	OpInsert = 1
)

// Limits on what Decode accepts, so a corrupt or hostile blob cannot exhaust memory. The
// embedded files decompress to about 5.7 MB and 0.7 MB (2026).
const (
	maxPoliciesBytes = 64 << 20
	maxHistoryBytes  = 256 << 20
	// maxLines bounds a line number in a delta; AWS's longest managed policy documents run to
	// a few thousand lines.
	maxLines = 1 << 20
	// maxVersions bounds a policy's version count; AWS's most revised policy has about 200.
	maxVersions = 1 << 16
)

// histVersion is one older version: its metadata and the delta from the next newer version.
type histVersion struct {
	id      string
	created time.Time
	ops     []op
}

type op struct {
	insert   bool
	start, n int      // copy: lines [start, start+n) of the newer version
	lines    []string // insert
}

// apply builds this version's lines from the next newer version's.
func (v histVersion) apply(newer []string) ([]string, error) {
	n := 0
	for _, o := range v.ops {
		if !o.insert {
			if o.start+o.n > len(newer) {
				return nil, fmt.Errorf("copy of lines [%d,%d) beyond %d lines", o.start, o.start+o.n, len(newer))
			}
			n += o.n
		} else {
			n += len(o.lines)
		}
	}
	out := make([]string, 0, n)
	for _, o := range v.ops {
		if !o.insert {
			out = append(out, newer[o.start:o.start+o.n]...)
		} else {
			out = append(out, o.lines...)
		}
	}
	return out, nil
}

// Decode builds a catalog from the two gzip files the generator writes. Only policies is
// decoded now; history is kept compressed until a policy's older versions are first asked for.
func Decode(policies, history []byte) (*Catalog, error) {
	raw, err := pack.Decompress(policies, maxPoliciesBytes)
	if err != nil {
		return nil, fmt.Errorf("managed: %w", err)
	}
	return decode(raw, func() (string, error) { return pack.Decompress(history, maxHistoryBytes) })
}

// decode reads policies.bin; loadHistory yields history.bin when first needed.
func decode(raw string, loadHistory func() (string, error)) (*Catalog, error) {
	r := pack.NewReader(raw)
	r.Magic(PoliciesMagic)
	c := &Catalog{source: r.String(), loadHistory: loadHistory}
	// A record takes at least 12 bytes: 8 length or count fields, 2 times, a bool.
	n := r.Count(12)
	c.policies = make([]Policy, n)
	c.sorted = make([]*Policy, n)
	c.byARN = make(map[string]*Policy, n)
	for i := range c.policies {
		p := &c.policies[i]
		p.cat, p.index = c, i
		p.ARN = r.String()
		p.ID = r.String()
		p.Description = r.String()
		p.DefaultVersionID = r.String()
		p.CreateDate = time.UnixMilli(r.Varint()).UTC()
		p.UpdateDate = time.UnixMilli(r.Varint()).UTC()
		p.IsAttachable = r.Bool()
		p.VersionCount = r.Int(maxVersions)
		p.Document = r.String()
		if r.Err() != nil {
			break
		}
		if err := p.split(); err != nil {
			r.Fail("policy %d: %v", i, err)
			break
		}
		switch {
		case p.VersionCount < 1:
			r.Fail("policy %s keeps no versions", p.ARN)
		case p.DefaultVersionID == "" || p.Document == "":
			r.Fail("policy %s has no default version", p.ARN)
		case i > 0 && c.policies[i-1].Name >= p.Name:
			r.Fail("policy %s is out of name order", p.ARN)
		case c.byARN[p.ARN] != nil:
			r.Fail("policy %s appears twice", p.ARN)
		}
		c.sorted[i] = p
		c.byARN[p.ARN] = p
	}
	if err := r.End(); err != nil {
		return nil, fmt.Errorf("managed: policies: %w", err)
	}
	return c, nil
}

// split fills Path and Name from ARN.
func (p *Policy) split() error {
	rest, ok := strings.CutPrefix(p.ARN, ARNPrefix)
	if !ok || !strings.HasPrefix(rest, "/") {
		return fmt.Errorf("ARN %q does not begin with %s/", p.ARN, ARNPrefix)
	}
	slash := strings.LastIndexByte(rest, '/')
	p.Path, p.Name = rest[:slash+1], rest[slash+1:]
	if p.Name == "" {
		return fmt.Errorf("ARN %q has no policy name", p.ARN)
	}
	return nil
}

// history decodes history.bin on first use.
func (c *Catalog) history() ([][]histVersion, error) {
	c.historyOnce.Do(func() {
		c.historyVal, c.historyErr = c.decodeHistory()
		c.loadHistory = nil
	})
	return c.historyVal, c.historyErr
}

func (c *Catalog) decodeHistory() ([][]histVersion, error) {
	raw, err := c.loadHistory()
	if err != nil {
		return nil, fmt.Errorf("managed: history: %w", err)
	}
	r := pack.NewReader(raw)
	r.Magic(HistoryMagic)
	if n := r.Count(1); r.Err() == nil && n != len(c.policies) {
		r.Fail("history of %d policies for a catalog of %d", n, len(c.policies))
	}
	out := make([][]histVersion, len(c.policies))
	for i := range c.policies {
		p := &c.policies[i]
		nv := r.Count(3)
		if r.Err() != nil {
			break
		}
		if nv != p.VersionCount-1 {
			r.Fail("policy %s: %d older versions, want %d", p.Name, nv, p.VersionCount-1)
			break
		}
		vs := make([]histVersion, nv)
		for j := range vs {
			v := &vs[j]
			v.id = r.String()
			v.created = time.UnixMilli(r.Varint()).UTC()
			v.ops = make([]op, r.Count(2))
			for k := range v.ops {
				switch kind := r.Uvarint(); kind {
				case OpCopy:
					v.ops[k] = op{start: r.Int(maxLines), n: r.Int(maxLines)}
				case OpInsert:
					lines := make([]string, r.Count(1))
					for l := range lines {
						lines[l] = r.String()
					}
					v.ops[k] = op{insert: true, lines: lines}
				default:
					r.Fail("policy %s: op kind %d", p.Name, kind)
				}
				if r.Err() != nil {
					break
				}
			}
			if r.Err() != nil {
				break
			}
		}
		out[i] = vs
	}
	if err := r.End(); err != nil {
		return nil, fmt.Errorf("managed: history: %w", err)
	}
	return out, nil
}
