package core

import (
	"context"
	"errors"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
)

// ValidateDocument checks a policy document with IAM's rules for where it is used (a managed
// or an inline policy) and answers AWS's MalformedPolicyDocument with IAM's message.
func ValidateDocument(doc string, use policy.IAMUse) *awserr.Error {
	if p := policy.CheckIAM([]byte(doc), use); p != nil {
		return MalformedPolicy(p.Message)
	}
	return nil
}

// InlineSize is the aggregate size of a principal's inline policies as IAM measures it
// (whitespace outside strings not counted), with the policy named replace counted as doc.
func InlineSize(policies []store.InlinePolicy, replace, doc string) int {
	n := policy.SizeWithoutWhitespace([]byte(doc))
	for _, p := range policies {
		if p.Name != replace {
			n += policy.SizeWithoutWhitespace([]byte(p.Document))
		}
	}
	return n
}

// URLEncode percent-encodes a policy document as IAM returns documents (GetUserPolicy,
// GetPolicyVersion, …): RFC 3986, every byte but the unreserved characters escaped, so that
// clients decoding with a plain percent-decoder (botocore's unquote) get the text back.
func URLEncode(s string) string {
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

// CheckBoundary checks that a permissions boundary names a managed policy that exists: an AWS
// managed one from the catalog, or a customer managed one of the account.
func CheckBoundary(ctx context.Context, tx store.Tx, account, policyARN string) error {
	a, err := arn.Parse(policyARN)
	if err != nil || a.Service != "iam" || !strings.HasPrefix(a.Resource, "policy/") {
		return InvalidBoundaryARN(policyARN)
	}
	if a.AccountID == "aws" {
		if _, ok := managed.Lookup(policyARN); !ok {
			return NoSuchBoundary(policyARN)
		}
		return nil
	}
	if a.AccountID != account {
		return NoSuchBoundary(policyARN)
	}
	if _, err := tx.Policies().GetByARN(ctx, policyARN); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return NoSuchBoundary(policyARN)
		}
		return err
	}
	return nil
}
