package sts

import (
	"context"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/sessiontoken"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// issue mints a temporary key pair for claims (filling AccessKeyID, Secret, Issued and
// Expires), seals the token and returns the wire credentials.
func (s *Service) issue(c *sessiontoken.Claims, d time.Duration) (*stswire.Credentials, error) {
	keyID, err := newSessionKeyID(s.rand, c.AccountID)
	if err != nil {
		return nil, err
	}
	var buf [secretAccessKeyLength * 3 / 4]byte
	if _, err := io.ReadFull(s.rand, buf[:]); err != nil {
		return nil, fmt.Errorf("sts: generating a secret: %w", err)
	}
	now := s.now().UTC().Truncate(time.Second)
	c.AccessKeyID, c.Secret = keyID, base64.StdEncoding.EncodeToString(buf[:])
	c.Issued, c.Expires = now, now.Add(d)
	token, err := s.authn.SealSession(c)
	if err != nil {
		return nil, err
	}
	return &stswire.Credentials{AccessKeyId: c.AccessKeyID, SecretAccessKey: c.Secret, SessionToken: token,
		Expiration: c.Expires}, nil
}

// newSessionKeyID returns an ASIA… access key ID that carries its account the way AWS's
// key IDs do, so GetAccessKeyInfo answers for temporary keys from the ID alone, on any node:
// the 16 characters after the prefix are base32 of 10 bytes whose first six, read as a 48-bit
// number, hold the account in bits 7–46 (the layout decodeAccount reads); the rest is random.
func newSessionKeyID(random io.Reader, account string) (string, error) {
	acct, err := strconv.ParseUint(account, 10, 64)
	if err != nil || acct >= 1<<40 {
		return "", fmt.Errorf("sts: account %q cannot be encoded in a key ID", account)
	}
	var raw [10]byte
	if _, err := io.ReadFull(random, raw[:]); err != nil {
		return "", fmt.Errorf("sts: generating an access key ID: %w", err)
	}
	var b [8]byte
	copy(b[2:], raw[:6])
	z := binary.BigEndian.Uint64(b[:])
	z = z&^0x7fffffffff80 | acct<<7
	binary.BigEndian.PutUint64(b[:], z)
	copy(raw[:6], b[2:])
	return arn.PrefixTemporaryAccessKey + base32.StdEncoding.EncodeToString(raw[:]), nil
}

// duration turns DurationSeconds into a duration, def when absent.
func duration(seconds *int32, def time.Duration) time.Duration {
	if seconds == nil {
		return def
	}
	return time.Duration(*seconds) * time.Second
}

// sessionTags checks the tags and transitive keys a request passes and merges them after
// the tags a chained session inherits (inherited, with their keys inheritedKeys). It returns
// the new session's tags and transitive keys.
func sessionTags(passed []stswire.Tag, transitive []string, inherited []sessiontoken.Tag, inheritedKeys []string) ([]sessiontoken.Tag, []string, error) {
	seen := make(map[string]bool, len(passed))
	for _, t := range passed {
		k := strings.ToLower(t.Key)
		if seen[k] {
			return nil, nil, errDuplicateTags()
		}
		seen[k] = true
		if strings.HasPrefix(k, "aws:") {
			return nil, nil, errReservedTagKey(t.Key)
		}
	}
	for _, k := range transitive {
		if !seen[strings.ToLower(k)] {
			return nil, nil, errTransitiveNotInTags()
		}
	}
	locked := make(map[string]bool, len(inheritedKeys))
	for _, k := range inheritedKeys {
		locked[strings.ToLower(k)] = true
	}
	tags := make([]sessiontoken.Tag, 0, len(inherited)+len(passed))
	for _, t := range inherited {
		if locked[strings.ToLower(t.Key)] {
			tags = append(tags, t)
		}
	}
	for _, t := range passed {
		if locked[strings.ToLower(t.Key)] {
			return nil, nil, errTransitiveConflict()
		}
		tags = append(tags, sessiontoken.Tag{Key: t.Key, Value: t.Value})
	}
	keys := make([]string, 0, len(inheritedKeys)+len(transitive))
	keys = append(keys, inheritedKeys...)
	dedupe := make(map[string]bool, len(transitive))
	for _, k := range transitive {
		if !dedupe[strings.ToLower(k)] {
			dedupe[strings.ToLower(k)] = true
			keys = append(keys, k)
		}
	}
	if len(tags) == 0 {
		tags = nil
	}
	if len(keys) == 0 {
		keys = nil
	}
	return tags, keys, nil
}

// inheritedTags are the transitive session tags of a chained caller, from its session tags.
func inheritedTags(c *callctx.Caller) []sessiontoken.Tag {
	if len(c.TransitiveTagKeys) == 0 {
		return nil
	}
	out := make([]sessiontoken.Tag, 0, len(c.TransitiveTagKeys))
	for _, k := range c.TransitiveTagKeys {
		for tk, v := range c.SessionTags {
			if strings.EqualFold(tk, k) {
				out = append(out, sessiontoken.Tag{Key: tk, Value: v})
				break
			}
		}
	}
	return out
}

// tagKeys are the condition keys of the tags a request passes: aws:RequestTag/K for each and
// aws:TagKeys for all, and sts:TransitiveTagKeys.
func tagKeys(tags []stswire.Tag, transitive []string) []authz.Key {
	if len(tags) == 0 && len(transitive) == 0 {
		return nil
	}
	keys := make([]authz.Key, 0, len(tags)+2)
	names := make([]string, len(tags))
	for i, t := range tags {
		keys = append(keys, authz.StringKey("aws:RequestTag/"+t.Key, t.Value))
		names[i] = t.Key
	}
	keys = append(keys, authz.ListKey("aws:TagKeys", names))
	if len(transitive) > 0 {
		keys = append(keys, authz.ListKey("sts:TransitiveTagKeys", transitive))
	}
	return keys
}

// sessionPolicy validates an inline session policy: at most 2,048 characters, every one
// counted, then AWS's policy grammar, whose first problem MalformedPolicyDocument reports.
func sessionPolicy(doc *string) (string, error) {
	if doc == nil {
		return "", nil
	}
	if n := utf8.RuneCountInString(*doc); n > policy.MaxSessionPolicyChars {
		return "", errPolicyTooLong(policy.MaxSessionPolicyChars)
	}
	if p := policy.CheckIAM([]byte(*doc), policy.IAMSession); p != nil {
		return "", errMalformedPolicy(p.Message)
	}
	return *doc, nil
}

// policyARNs validates the managed session policies: at most 10, each an existing managed
// policy — an AWS managed one, or a customer managed one of account (the role's, or the
// caller's for GetFederationToken).
func (s *Service) policyARNs(ctx context.Context, account string, in []stswire.PolicyDescriptorType) ([]string, error) {
	if len(in) == 0 {
		return nil, nil
	}
	if len(in) > MaxSessionPolicyARNs {
		return nil, errTooManyPolicyARNs(MaxSessionPolicyARNs)
	}
	var out []string
	err := s.store.View(ctx, func(tx store.Tx) error {
		var err error
		out, err = checkPolicyARNs(ctx, tx, account, in)
		return err
	})
	return out, err
}

func checkPolicyARNs(ctx context.Context, tx store.Tx, account string, in []stswire.PolicyDescriptorType) ([]string, error) {
	out := make([]string, 0, len(in))
	for _, d := range in {
		a := ""
		if d.Arn != nil {
			a = *d.Arn
		}
		if strings.HasPrefix(a, managed.ARNPrefix+"/") {
			if _, ok := managed.Lookup(a); !ok {
				return nil, errPolicyARN(a)
			}
			out = append(out, a)
			continue
		}
		parsed, err := arn.Parse(a)
		if err != nil || parsed.Service != "iam" || parsed.AccountID != account || !strings.HasPrefix(parsed.Resource, "policy/") {
			return nil, errPolicyARN(a)
		}
		if _, err := tx.Policies().DefaultVersion(ctx, account, a); err != nil {
			return nil, errPolicyARN(a)
		}
		out = append(out, a)
	}
	return out, nil
}
