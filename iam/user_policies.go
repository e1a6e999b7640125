package iam

import (
	"errors"
	"strings"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
)

// validateDocument checks a policy document of the given kind with the engine's validator and
// answers AWS's MalformedPolicyDocument with the first error's message.
func validateDocument(doc string, kind policy.Kind) *awserr.Error {
	_, err := policy.Parse([]byte(doc), kind)
	if err == nil {
		return nil
	}
	var ve *policy.ValidationError
	if errors.As(err, &ve) {
		return malformedPolicy(ve.First().Message)
	}
	return malformedPolicy("Syntax errors in policy.")
}

// inlineSize is the aggregate size of a principal's inline policies as IAM measures it
// (whitespace outside strings not counted), with the policy named replace counted as doc.
func inlineSize(policies []store.InlinePolicy, replace, doc string) int {
	n := policy.SizeWithoutWhitespace([]byte(doc))
	for _, p := range policies {
		if p.Name != replace {
			n += policy.SizeWithoutWhitespace([]byte(p.Document))
		}
	}
	return n
}

// urlEncode percent-encodes a policy document as IAM returns documents (GetUserPolicy,
// GetPolicyVersion, …): RFC 3986, every byte but the unreserved characters escaped, so that
// clients decoding with a plain percent-decoder (botocore's unquote) get the text back.
func urlEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) * 2)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}
