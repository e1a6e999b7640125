package policies

import (
	"time"

	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// form says which members of a Policy an operation returns, as AWS does: CreatePolicy leaves
// out the description (and the tags when there are none), ListPolicies leaves out both, and
// GetPolicy returns both, with an empty tag list when there are no tags.
type form uint8

const (
	formCreate form = iota
	formList
	formGet
)

func ptr[T any](v T) *T { return &v }

// timePtr is a time as IAM reports it: UTC, whole seconds.
func timePtr(t time.Time) *time.Time { return ptr(t.UTC().Truncate(time.Second)) }

func count(n int) *int32 { return ptr(int32(n)) }

// wireCustomer is a customer managed policy as the given operation returns it.
func wireCustomer(p *store.ManagedPolicy, tags []store.Tag, f form) iamwire.Policy {
	out := iamwire.Policy{PolicyName: ptr(p.Name), PolicyId: ptr(p.ID), Arn: ptr(p.ARN), Path: ptr(p.Path),
		DefaultVersionId: ptr(p.DefaultVersionID), AttachmentCount: count(p.Usage.Attachments),
		PermissionsBoundaryUsageCount: count(p.Usage.Boundaries), IsAttachable: ptr(p.IsAttachable),
		CreateDate: timePtr(p.Created), UpdateDate: timePtr(p.Updated)}
	switch f {
	case formCreate:
		out.Tags = core.WireTags(tags)
	case formGet:
		if p.Description != "" {
			out.Description = ptr(p.Description)
		}
		out.Tags = wireTagList(tags)
	}
	return out
}

// wireAWS is an AWS managed policy as the given operation returns it, with its uses in the
// caller's account.
func wireAWS(p *managed.Policy, u store.PolicyUsage, f form) iamwire.Policy {
	out := iamwire.Policy{PolicyName: ptr(p.Name), PolicyId: ptr(p.ID), Arn: ptr(p.ARN), Path: ptr(p.Path),
		DefaultVersionId: ptr(p.DefaultVersionID), AttachmentCount: count(u.Attachments),
		PermissionsBoundaryUsageCount: count(u.Boundaries), IsAttachable: ptr(p.IsAttachable),
		CreateDate: timePtr(p.CreateDate), UpdateDate: timePtr(p.UpdateDate)}
	if f == formGet {
		if p.Description != "" {
			out.Description = ptr(p.Description)
		}
		out.Tags = []iamwire.Tag{}
	}
	return out
}

// wireTagList is a tag list that is present even when empty.
func wireTagList(tags []store.Tag) []iamwire.Tag {
	if out := core.WireTags(tags); out != nil {
		return out
	}
	return []iamwire.Tag{}
}

// wireVersion is a policy version; the document, when included, URL-encoded as IAM returns
// documents.
func wireVersion(id string, isDefault bool, created time.Time, document *string) iamwire.PolicyVersion {
	v := iamwire.PolicyVersion{VersionId: ptr(id), IsDefaultVersion: ptr(isDefault), CreateDate: timePtr(created)}
	if document != nil {
		v.Document = ptr(core.URLEncode(*document))
	}
	return v
}

// wireAttached lists attached policies; the list is present even when empty.
func wireAttached(as []store.AttachedPolicy) []iamwire.AttachedPolicy {
	out := make([]iamwire.AttachedPolicy, len(as))
	for i, a := range as {
		out[i] = iamwire.AttachedPolicy{PolicyName: ptr(a.Name), PolicyArn: ptr(a.ARN)}
	}
	return out
}

// wireInline lists inline policies with their documents URL-encoded.
func wireInline(ps []store.InlinePolicy) []iamwire.PolicyDetail {
	out := make([]iamwire.PolicyDetail, len(ps))
	for i, p := range ps {
		out[i] = iamwire.PolicyDetail{PolicyName: ptr(p.Name), PolicyDocument: ptr(core.URLEncode(p.Document))}
	}
	return out
}
