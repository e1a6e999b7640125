package policies

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetAccountAuthorizationDetails returns the account's users, groups, roles and managed
// policies with everything that decides their permissions, as AWS lists them: users with
// inline and attached policies, group names, boundary and tags; groups with their policies;
// roles with trust policy, policies, instance profiles, boundary, tags and last use; customer
// managed policies with all their versions, and the AWS managed policies in use in the
// account with theirs. Documents are URL-encoded. Filter selects the sections.
//
// One page holds at most MaxItems entries across the sections, taken in the order users,
// groups, roles, customer policies, AWS policies, each by name; the marker names the section
// and the last name, so every page is a bounded number of bulk reads (the store's detail
// loaders) wherever it starts.
var getAccountAuthorizationDetails = &op.Op[*Policies, iamwire.GetAccountAuthorizationDetailsInput, iamwire.GetAccountAuthorizationDetailsOutput, op.None]{
	Name: "GetAccountAuthorizationDetails", Action: "iam:GetAccountAuthorizationDetails",
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.GetAccountAuthorizationDetailsInput, op.None]) (*iamwire.GetAccountAuthorizationDetailsOutput, error) {
		return s.authorizationDetails(ctx, r.Account(), r.In)
	}}

// authorizationDetails is GetAccountAuthorizationDetails's answer for account.
func (s *Policies) authorizationDetails(ctx context.Context, account string, in *iamwire.GetAccountAuthorizationDetailsInput) (*iamwire.GetAccountAuthorizationDetailsOutput, error) {
	// RoleLastUsed is buffered as sessions make requests; make what this process saw visible.
	if err := s.Usage.Flush(ctx); err != nil {
		return nil, err
	}
	page, err := core.Page(in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	sections := detailSections(in.Filter)
	start, after := 0, ""
	if page.After != "" {
		name, key, ok := strings.Cut(page.After, "/")
		start = slices.IndexFunc(sections, func(d detailSection) bool { return d.name == name })
		if !ok || start < 0 {
			return nil, core.InvalidMarker()
		}
		after = key
	}
	out := &iamwire.GetAccountAuthorizationDetailsOutput{UserDetailList: []iamwire.UserDetail{},
		GroupDetailList: []iamwire.GroupDetail{}, RoleDetailList: []iamwire.RoleDetail{}, Policies: []iamwire.ManagedPolicyDetail{}}
	var marker string
	err = s.Store.View(ctx, func(tx store.Tx) error {
		l := &detailLoader{ctx: ctx, tx: tx, account: account}
		remaining := page.Limit
		for i := start; i < len(sections); i++ {
			n, more, last, err := sections[i].load(l, out, after, remaining)
			if err != nil {
				return err
			}
			after, remaining = "", remaining-n
			if more {
				marker = sections[i].name + "/" + last
				return nil
			}
			if remaining > 0 {
				continue
			}
			// The page is full at the end of a section: it is truncated only if a later
			// section has something.
			for _, next := range sections[i+1:] {
				_, more, _, err := next.load(l, &iamwire.GetAccountAuthorizationDetailsOutput{}, "", 1)
				if err != nil {
					return err
				}
				if more || l.loaded > 0 {
					marker = next.name + "/"
					return nil
				}
			}
			return nil
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.Marker, out.IsTruncated = core.NextMarker(marker != "", marker)
	return out, nil
}

// detailSection is one part of the answer: load appends up to limit entries after the entry
// named after, and reports how many, whether more follow, and the last one's name.
type detailSection struct {
	name   string
	filter iamwire.EntityType
	load   func(l *detailLoader, out *iamwire.GetAccountAuthorizationDetailsOutput, after string, limit int) (n int, more bool, last string, err error)
}

// detailSections are the sections Filter selects, in answer order; all without a filter.
func detailSections(filter []iamwire.EntityType) []detailSection {
	all := []detailSection{
		{"u", iamwire.EntityTypeUser, (*detailLoader).users},
		{"g", iamwire.EntityTypeGroup, (*detailLoader).groups},
		{"r", iamwire.EntityTypeRole, (*detailLoader).roles},
		{"l", iamwire.EntityTypeLocalManagedPolicy, (*detailLoader).localPolicies},
		{"a", iamwire.EntityTypeAWSManagedPolicy, (*detailLoader).awsPolicies},
	}
	if len(filter) == 0 {
		return all
	}
	return slices.DeleteFunc(all, func(d detailSection) bool { return !slices.Contains(filter, d.filter) })
}

// detailLoader reads sections in one read transaction. loaded counts the entries of the last
// load, for the end-of-page look-ahead.
type detailLoader struct {
	ctx     context.Context
	tx      store.Tx
	account string
	usage   map[string]store.PolicyUsage
	loaded  int
}

func (l *detailLoader) users(out *iamwire.GetAccountAuthorizationDetailsOutput, after string, limit int) (int, bool, string, error) {
	ds, more, err := l.tx.Authz().UserDetails(l.ctx, l.account, store.ListOptions{After: after, Limit: limit})
	l.loaded = len(ds)
	if err != nil || len(ds) == 0 {
		return 0, more, "", err
	}
	for i := range ds {
		d := &ds[i]
		u := iamwire.UserDetail{Path: ptr(d.User.Path), UserName: ptr(d.User.Name), UserId: ptr(d.User.ID),
			Arn: ptr(d.User.ARN), CreateDate: timePtr(d.User.Created), GroupList: d.Groups,
			AttachedManagedPolicies: wireAttached(d.Attached), PermissionsBoundary: wireBoundary(d.User.BoundaryARN),
			Tags: wireTagList(d.Tags)}
		if u.GroupList == nil {
			u.GroupList = []string{}
		}
		if len(d.Inline) > 0 {
			u.UserPolicyList = wireInline(d.Inline)
		}
		out.UserDetailList = append(out.UserDetailList, u)
	}
	return len(ds), more, ds[len(ds)-1].User.Name, nil
}

func (l *detailLoader) groups(out *iamwire.GetAccountAuthorizationDetailsOutput, after string, limit int) (int, bool, string, error) {
	ds, more, err := l.tx.Authz().GroupDetails(l.ctx, l.account, store.ListOptions{After: after, Limit: limit})
	l.loaded = len(ds)
	if err != nil || len(ds) == 0 {
		return 0, more, "", err
	}
	for i := range ds {
		d := &ds[i]
		out.GroupDetailList = append(out.GroupDetailList, iamwire.GroupDetail{Path: ptr(d.Group.Path),
			GroupName: ptr(d.Group.Name), GroupId: ptr(d.Group.ID), Arn: ptr(d.Group.ARN), CreateDate: timePtr(d.Group.Created),
			GroupPolicyList: wireInline(d.Inline), AttachedManagedPolicies: wireAttached(d.Attached)})
	}
	return len(ds), more, ds[len(ds)-1].Group.Name, nil
}

func (l *detailLoader) roles(out *iamwire.GetAccountAuthorizationDetailsOutput, after string, limit int) (int, bool, string, error) {
	ds, more, err := l.tx.Authz().RoleDetails(l.ctx, l.account, store.ListOptions{After: after, Limit: limit})
	l.loaded = len(ds)
	if err != nil || len(ds) == 0 {
		return 0, more, "", err
	}
	var rs []store.Role
	for i := range ds {
		rs = append(rs, ds[i].Role)
		for _, p := range ds[i].InstanceProfiles {
			rs = append(rs, p.Roles...)
		}
	}
	trust, err := core.EffectiveTrust(l.ctx, l.tx, rs)
	if err != nil {
		return 0, more, "", err
	}
	for i := range ds {
		d := &ds[i]
		r := iamwire.RoleDetail{Path: ptr(d.Role.Path), RoleName: ptr(d.Role.Name), RoleId: ptr(d.Role.ID),
			Arn: ptr(d.Role.ARN), CreateDate: timePtr(d.Role.Created),
			AssumeRolePolicyDocument: ptr(core.URLEncode(trust[d.Role.ID])),
			InstanceProfileList:      make([]iamwire.InstanceProfile, len(d.InstanceProfiles)),
			RolePolicyList:           wireInline(d.Inline), AttachedManagedPolicies: wireAttached(d.Attached),
			PermissionsBoundary: wireBoundary(d.Role.BoundaryARN), Tags: wireTagList(d.Tags),
			RoleLastUsed: &iamwire.RoleLastUsed{}}
		if !d.Role.LastUsed.When.IsZero() {
			r.RoleLastUsed.LastUsedDate = timePtr(d.Role.LastUsed.When)
			r.RoleLastUsed.Region = ptr(d.Role.LastUsed.Region)
		}
		for j := range d.InstanceProfiles {
			r.InstanceProfileList[j] = wireProfile(&d.InstanceProfiles[j], trust)
		}
		out.RoleDetailList = append(out.RoleDetailList, r)
	}
	return len(ds), more, ds[len(ds)-1].Role.Name, nil
}

func (l *detailLoader) localPolicies(out *iamwire.GetAccountAuthorizationDetailsOutput, after string, limit int) (int, bool, string, error) {
	ds, more, err := l.tx.Authz().PolicyDetails(l.ctx, l.account, store.PolicyListOptions{ListOptions: store.ListOptions{After: after, Limit: limit}})
	l.loaded = len(ds)
	if err != nil || len(ds) == 0 {
		return 0, more, "", err
	}
	for i := range ds {
		p := &ds[i].Policy
		d := iamwire.ManagedPolicyDetail{PolicyName: ptr(p.Name), PolicyId: ptr(p.ID), Arn: ptr(p.ARN), Path: ptr(p.Path),
			DefaultVersionId: ptr(p.DefaultVersionID), AttachmentCount: count(p.Usage.Attachments),
			PermissionsBoundaryUsageCount: count(p.Usage.Boundaries), IsAttachable: ptr(p.IsAttachable),
			CreateDate: timePtr(p.Created), UpdateDate: timePtr(p.Updated),
			PolicyVersionList: make([]iamwire.PolicyVersion, len(ds[i].Versions))}
		for j, v := range ds[i].Versions {
			d.PolicyVersionList[j] = wireVersion(v.VersionID, v.IsDefault, v.Created, &v.Document)
		}
		out.Policies = append(out.Policies, d)
	}
	return len(ds), more, ds[len(ds)-1].Policy.Name, nil
}

// awsPolicies lists the AWS managed policies in use in the account (attached or bounding), as
// AWS includes only those, by name.
func (l *detailLoader) awsPolicies(out *iamwire.GetAccountAuthorizationDetailsOutput, after string, limit int) (int, bool, string, error) {
	l.loaded = 0
	if l.usage == nil {
		u, err := l.tx.Attachments().UsageByARN(l.ctx, l.account)
		if err != nil {
			return 0, false, "", err
		}
		l.usage = u
	}
	var used []*managed.Policy
	for policyARN := range l.usage {
		if p, ok := managed.Lookup(policyARN); ok && p.Name > after {
			used = append(used, p)
		}
	}
	slices.SortFunc(used, func(a, b *managed.Policy) int { return strings.Compare(a.Name, b.Name) })
	more := len(used) > limit
	used = used[:min(limit, len(used))]
	l.loaded = len(used)
	for _, p := range used {
		u := l.usage[p.ARN]
		vs, err := p.Versions()
		if err != nil {
			return 0, false, "", err
		}
		d := iamwire.ManagedPolicyDetail{PolicyName: ptr(p.Name), PolicyId: ptr(p.ID), Arn: ptr(p.ARN), Path: ptr(p.Path),
			DefaultVersionId: ptr(p.DefaultVersionID), AttachmentCount: count(u.Attachments),
			PermissionsBoundaryUsageCount: count(u.Boundaries), IsAttachable: ptr(p.IsAttachable),
			CreateDate: timePtr(p.CreateDate), UpdateDate: timePtr(p.UpdateDate),
			PolicyVersionList: make([]iamwire.PolicyVersion, 0, len(vs))}
		for _, v := range vs {
			doc, ok, err := p.VersionDocument(v.ID)
			if err != nil {
				return 0, false, "", err
			}
			if ok {
				d.PolicyVersionList = append(d.PolicyVersionList, wireVersion(v.ID, v.IsDefault, v.CreateDate, &doc))
			}
		}
		out.Policies = append(out.Policies, d)
	}
	if len(used) == 0 {
		return 0, more, "", nil
	}
	return len(used), more, used[len(used)-1].Name, nil
}

// wireBoundary is a principal's permissions boundary, nil when it has none.
func wireBoundary(policyARN string) *iamwire.AttachedPermissionsBoundary {
	if policyARN == "" {
		return nil
	}
	return &iamwire.AttachedPermissionsBoundary{
		PermissionsBoundaryType: ptr(iamwire.PermissionsBoundaryAttachmentTypePermissionsBoundaryPolicy),
		PermissionsBoundaryArn:  ptr(policyARN)}
}

// wireProfile is an instance profile within a role's details; its roles carry what AWS shows
// there (no description, session duration or tags), their trust policies as effective (trust).
func wireProfile(p *store.InstanceProfile, trust map[string]string) iamwire.InstanceProfile {
	out := iamwire.InstanceProfile{Path: p.Path, InstanceProfileName: p.Name, InstanceProfileId: p.ID, Arn: p.ARN,
		CreateDate: p.Created.UTC().Truncate(time.Second), Roles: make([]iamwire.Role, len(p.Roles))}
	for i, r := range p.Roles {
		out.Roles[i] = iamwire.Role{Path: r.Path, RoleName: r.Name, RoleId: r.ID, Arn: r.ARN,
			CreateDate: r.Created.UTC().Truncate(time.Second), AssumeRolePolicyDocument: ptr(core.URLEncode(trust[r.ID]))}
	}
	return out
}
