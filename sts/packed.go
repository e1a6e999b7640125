package sts

import (
	"bytes"
	"compress/flate"
	"io"
	"sync"

	"github.com/gatehouse-iam/gatehouse/sessiontoken"
)

// packedSize returns PackedPolicySize, the percentage of the packed space the session's
// policies and tags use, or PackedPolicyTooLarge past 100%. The approximation and its
// budgets are described in limits.go.
func packedSize(doc string, arns []string, tags []sessiontoken.Tag) (int, error) {
	policyPct := percent(packedPolicyBytes(doc, arns), packedPolicyBudget)
	tagBytes := 0
	for _, t := range tags {
		tagBytes += len(t.Key) + len(t.Value) + packedTagOverhead
	}
	tagPct := percent(tagBytes, packedTagBudget)
	if policyPct > 100 {
		return 0, errPackedPolicy(policyPct)
	}
	if tagPct > 100 {
		return 0, errPackedTags(tagPct)
	}
	return max(policyPct, tagPct), nil
}

// percent is 100·n/budget rounded up.
func percent(n, budget int) int {
	return (n*100 + budget - 1) / budget
}

// packedPolicyBytes is the DEFLATE-compressed size of the policy without insignificant
// whitespace and the managed policy ARNs.
func packedPolicyBytes(doc string, arns []string) int {
	if doc == "" && len(arns) == 0 {
		return 0
	}
	var plain bytes.Buffer
	minify(&plain, doc)
	for _, a := range arns {
		plain.WriteByte('\n')
		plain.WriteString(a)
	}
	var n countingWriter
	w := deflaters.Get().(*flate.Writer)
	w.Reset(&n)
	w.Write(plain.Bytes())
	w.Close()
	deflaters.Put(w)
	return int(n)
}

// deflaters reuses compressors, which allocate about a megabyte each.
var deflaters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(io.Discard, flate.BestCompression)
	return w
}}

// countingWriter counts the bytes written to it.
type countingWriter int

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}

// minify writes a JSON document without the whitespace outside its strings.
func minify(dst *bytes.Buffer, doc string) {
	inString, escaped := false, false
	for i := 0; i < len(doc); i++ {
		c := doc[i]
		switch {
		case inString:
			if escaped {
				escaped = false
			} else if c == '\\' {
				escaped = true
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			continue
		}
		dst.WriteByte(c)
	}
}
