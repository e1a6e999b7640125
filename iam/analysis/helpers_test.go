package analysis_test

import (
	"crypto/rand"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

// The groups, roles and managed-policy operations belong to other families; these tests build
// their worlds through the store, which is what those operations write.

func newID(t testing.TB, prefix string) string {
	t.Helper()
	id, err := arn.NewUniqueID(rand.Reader, prefix)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func update(t *testing.T, s *stacktest.Stack, fn func(tx store.Tx) error) {
	t.Helper()
	if err := s.Store().Update(t.Context(), fn); err != nil {
		t.Fatal(err)
	}
}

// seedGroup creates a group with the given members (user IDs); it returns the group's ID.
func seedGroup(t *testing.T, s *stacktest.Stack, name string, members ...string) string {
	t.Helper()
	id := newID(t, arn.PrefixGroup)
	update(t, s, func(tx store.Tx) error {
		ctx := t.Context()
		if err := tx.Groups().Create(ctx, store.Group{AccountID: s.AccountID(), ID: id, Name: name, Path: "/",
			ARN: "arn:aws:iam::" + s.AccountID() + ":group/" + name, Created: time.Now().UTC()}); err != nil {
			return err
		}
		for _, m := range members {
			if err := tx.Groups().AddMember(ctx, id, m); err != nil {
				return err
			}
		}
		return nil
	})
	return id
}

// seedRole creates a role (path /app/) trusting the account; it returns the role's ID and ARN.
func seedRole(t *testing.T, s *stacktest.Stack, name string) (string, string) {
	t.Helper()
	id := newID(t, arn.PrefixRole)
	roleARN := "arn:aws:iam::" + s.AccountID() + ":role/app/" + name
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + s.AccountID() +
		`:root"},"Action":"sts:AssumeRole"}]}`
	update(t, s, func(tx store.Tx) error {
		return tx.Roles().Create(t.Context(), store.Role{AccountID: s.AccountID(), ID: id, Name: name, Path: "/app/",
			ARN: roleARN, TrustPolicy: trust, MaxSessionDuration: 3600, Created: time.Now().UTC()})
	})
	return id, roleARN
}

// putInline stores an inline policy of a user, group or role.
func putInline(t *testing.T, s *stacktest.Stack, p store.Principal, name, doc string) {
	t.Helper()
	update(t, s, func(tx store.Tx) error {
		return tx.InlinePolicies().Put(t.Context(), p, store.InlinePolicy{Name: name, Document: doc})
	})
}

// seedManaged stores a customer managed policy and attaches it to each principal; it returns
// the policy's ARN.
func seedManaged(t *testing.T, s *stacktest.Stack, name, doc string, to ...store.Principal) string {
	t.Helper()
	id := newID(t, arn.PrefixManagedPolicy)
	policyARN := "arn:aws:iam::" + s.AccountID() + ":policy/" + name
	update(t, s, func(tx store.Tx) error {
		ctx := t.Context()
		now := time.Now().UTC()
		if err := tx.Policies().Create(ctx, store.ManagedPolicy{AccountID: s.AccountID(), ID: id, Name: name, Path: "/",
			ARN: policyARN, IsAttachable: true, Created: now, Updated: now}, doc); err != nil {
			return err
		}
		for _, p := range to {
			if err := tx.Attachments().Attach(ctx, p, store.AttachedPolicy{ARN: policyARN, Name: name, Path: "/"}); err != nil {
				return err
			}
		}
		return nil
	})
	return policyARN
}

// attachManaged attaches an existing managed policy (customer or AWS) to p.
func attachManaged(t *testing.T, s *stacktest.Stack, p store.Principal, policyARN string) {
	t.Helper()
	name := policyARN[len(policyARN)-len(lastElement(policyARN)):]
	update(t, s, func(tx store.Tx) error {
		return tx.Attachments().Attach(t.Context(), p, store.AttachedPolicy{ARN: policyARN, Name: name, Path: "/"})
	})
}

// setBoundary sets the permissions boundary of a user (by ID).
func setBoundary(t *testing.T, s *stacktest.Stack, userID, policyARN string) {
	t.Helper()
	update(t, s, func(tx store.Tx) error {
		ctx := t.Context()
		u, err := tx.Users().GetByID(ctx, userID)
		if err != nil {
			return err
		}
		u.BoundaryARN = policyARN
		return tx.Users().Update(ctx, u)
	})
}

func lastElement(s string) string {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return s[i+1:]
		}
	}
	return s
}

func user(id string) store.Principal  { return store.Principal{Kind: store.PrincipalUser, ID: id} }
func group(id string) store.Principal { return store.Principal{Kind: store.PrincipalGroup, ID: id} }
func role(id string) store.Principal  { return store.Principal{Kind: store.PrincipalRole, ID: id} }
