package analyzer

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/lastaccess"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
)

// Unused access: what the account's users and roles have not used within the analyzer's
// unusedAccessAge (its tracking period), from Gatehouse's own usage data (package usage):
// roles' last use, access keys' last use, passwords' last use, and the service and action
// last-accessed data of every authorization attempt, read from the audit trail as access
// advisor reads it (package lastaccess).
//
// As AWS's analyzer does, only entities (roles, keys, passwords) that have existed for the
// whole tracking period are analyzed, and service-linked roles are not. A role unused for the
// period is one UnusedIAMRole finding (its permissions are not reported besides); a used role
// or any user has at most one UnusedPermission finding listing, per service its policies
// allow, either the whole service (no access to it in the period) or, for a service it did
// use, the actions it allows and did not use.

const (
	findingUnusedRole       = "UnusedIAMRole"
	findingUnusedKey        = "UnusedIAMUserAccessKey"
	findingUnusedPassword   = "UnusedIAMUserPassword"
	findingUnusedPermission = "UnusedPermission"
	typeUser                = "AWS::IAM::User"
)

// unusedScan finds an account's unused access for one analyzer.
type unusedScan struct {
	tx         store.Tx
	account    string
	analyzer   string
	cutoff     time.Time // accesses before it are outside the tracking period
	exclusions []analyzerwire.AnalysisRuleCriteria
	out        map[string]*finding
	// granted memoizes the actions a set of policy documents allows, by the documents: users
	// and roles mostly share their managed policies, and expanding one that allows "*" or
	// hundreds of wildcards is the scan's costliest step.
	granted map[string]map[string]map[string]bool
	// accesses is the trail the last-accessed data is read from, data the current account's.
	accesses lastaccess.Source
	data     *lastaccess.Data
}

// unusedFindings returns the unused access the analyzer finds now in the zone's accounts,
// keyed by finding ID.
func unusedFindings(ctx context.Context, tx store.Tx, src lastaccess.Source, z *zone, a *analyzer, now time.Time) (map[string]*finding, error) {
	sc := &unusedScan{tx: tx, analyzer: a.Name, cutoff: unusedCutoff(a, now), out: map[string]*finding{}, accesses: src}
	if c := a.Configuration; c != nil && c.UnusedAccess != nil && c.UnusedAccess.AnalysisRule != nil {
		sc.exclusions = c.UnusedAccess.AnalysisRule.Exclusions
	}
	for _, account := range z.accounts {
		sc.account = account
		var err error
		if sc.data, err = lastaccess.Read(ctx, lastaccess.InTx(src, tx), account, now); err != nil {
			return nil, err
		}
		if err := eachPage(func(after string) ([]store.Role, bool, error) {
			return tx.Roles().List(ctx, account, store.ListOptions{After: after})
		}, func(r store.Role) string { return r.Name }, func(r store.Role) error { return sc.role(ctx, r) }); err != nil {
			return nil, err
		}
		if err := eachPage(func(after string) ([]store.User, bool, error) {
			return tx.Users().List(ctx, account, store.ListOptions{After: after})
		}, func(u store.User) string { return u.Name }, func(u store.User) error { return sc.user(ctx, u) }); err != nil {
			return nil, err
		}
	}
	return sc.out, nil
}

// eachPage calls do for every item of a listing read a page at a time.
func eachPage[T any](list func(after string) ([]T, bool, error), key func(T) string, do func(T) error) error {
	after := ""
	for {
		items, more, err := list(after)
		if err != nil {
			return err
		}
		for _, it := range items {
			if err := do(it); err != nil {
				return err
			}
			after = key(it)
		}
		if !more {
			return nil
		}
	}
}

func (sc *unusedScan) role(ctx context.Context, r store.Role) error {
	if r.ServiceLinked || r.Created.After(sc.cutoff) {
		return nil
	}
	if excluded, err := sc.excluded(ctx, store.Resource{Kind: store.KindRole, Key: r.ID}); excluded || err != nil {
		return err
	}
	if r.LastUsed.When.Before(sc.cutoff) {
		sc.add(findingUnusedRole, r.ARN, typeRole, "", analyzerwire.FindingDetails{
			UnusedIamRoleDetails: &analyzerwire.UnusedIamRoleDetails{LastAccessed: timeOrNil(r.LastUsed.When)}})
		return nil
	}
	return sc.permissions(ctx, &identity.Principal{Kind: store.PrincipalRole, Account: sc.account, ID: r.ID, ARN: r.ARN}, typeRole)
}

func (sc *unusedScan) user(ctx context.Context, u store.User) error {
	if excluded, err := sc.excluded(ctx, store.Resource{Kind: store.KindUser, Key: u.ID}); excluded || err != nil {
		return err
	}
	lp, err := sc.tx.LoginProfiles().Get(ctx, u.ID)
	switch {
	case err == nil && !lp.Created.After(sc.cutoff) && u.PasswordLastUsed.Before(sc.cutoff):
		sc.add(findingUnusedPassword, u.ARN, typeUser, "", analyzerwire.FindingDetails{
			UnusedIamUserPasswordDetails: &analyzerwire.UnusedIamUserPasswordDetails{LastAccessed: timeOrNil(u.PasswordLastUsed)}})
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return err
	}
	keys, _, err := sc.tx.AccessKeys().ListForUser(ctx, sc.account, u.ID, store.ListOptions{})
	if err != nil {
		return err
	}
	for _, k := range keys {
		if k.Status == "Active" && !k.Created.After(sc.cutoff) && k.LastUsed.When.Before(sc.cutoff) {
			sc.add(findingUnusedKey, u.ARN, typeUser, k.ID, analyzerwire.FindingDetails{UnusedIamUserAccessKeyDetails: &analyzerwire.UnusedIamUserAccessKeyDetails{
				AccessKeyId: k.ID, LastAccessed: timeOrNil(k.LastUsed.When)}})
		}
	}
	if u.Created.After(sc.cutoff) {
		return nil
	}
	return sc.permissions(ctx, &identity.Principal{Kind: store.PrincipalUser, Account: sc.account, ID: u.ID, ARN: u.ARN}, typeUser)
}

// permissions adds the UnusedPermission finding of a user or role, if it has unused
// permissions.
func (sc *unusedScan) permissions(ctx context.Context, p *identity.Principal, resourceType string) error {
	pols, err := identity.Policies(ctx, sc.tx, p)
	if err != nil {
		return err
	}
	use, err := readUse(ctx, sc.tx, sc.data, sc.account, p.ARN)
	if err != nil {
		return err
	}
	var details []analyzerwire.FindingDetails
	for _, d := range unusedPermissions(sc.grantedBy(pols), use, sc.cutoff) {
		details = append(details, analyzerwire.FindingDetails{UnusedPermissionDetails: d})
	}
	if len(details) > 0 {
		sc.add(findingUnusedPermission, p.ARN, resourceType, "", details...)
	}
	return nil
}

// use is an entity's last access to each service (action "") and action, by lower-case
// "service:action".
type use map[string]time.Time

func readUse(ctx context.Context, tx store.Tx, data *lastaccess.Data, account, entity string) (use, error) {
	recs, err := data.List(ctx, tx, account, entity)
	if err != nil {
		return nil, err
	}
	u := use{}
	for _, r := range recs {
		k := strings.ToLower(r.Namespace + ":" + r.Action)
		if r.When.After(u[k]) {
			u[k] = r.When
		}
	}
	return u, nil
}

// used reports whether the service (action "") or action was accessed at or after cutoff.
func (u use) used(service, action string, cutoff time.Time) bool {
	return !u[strings.ToLower(service+":"+action)].Before(cutoff)
}

// grantedBy is identity.GrantedActions of the policies' documents, memoized for the scan.
func (sc *unusedScan) grantedBy(pols []identity.Policy) map[string]map[string]bool {
	docs := make([]string, len(pols))
	for i, p := range pols {
		docs[i] = p.Document
	}
	slices.Sort(docs)
	key := strings.Join(docs, "\x00")
	if g, ok := sc.granted[key]; ok {
		return g
	}
	if sc.granted == nil {
		sc.granted = map[string]map[string]map[string]bool{}
	}
	g := identity.GrantedActions(docs)
	sc.granted[key] = g
	return g
}

// unusedPermissions lists, per service granted allows (in order), what is unused: the service
// as a whole when it was not accessed since cutoff, else its unused actions.
func unusedPermissions(granted map[string]map[string]bool, u use, cutoff time.Time) []*analyzerwire.UnusedPermissionDetails {
	var out []*analyzerwire.UnusedPermissionDetails
	for _, svc := range slices.Sorted(maps.Keys(granted)) {
		d := &analyzerwire.UnusedPermissionDetails{ServiceNamespace: svc, LastAccessed: timeOrNil(u[svc+":"])}
		if !u.used(svc, "", cutoff) {
			out = append(out, d)
			continue
		}
		for _, act := range slices.Sorted(maps.Keys(granted[svc])) {
			if !u.used(svc, act, cutoff) {
				d.Actions = append(d.Actions, analyzerwire.UnusedAction{Action: svc + ":" + act,
					LastAccessed: timeOrNil(u[strings.ToLower(svc+":"+act)])})
			}
		}
		if len(d.Actions) > 0 {
			out = append(out, d)
		}
	}
	return out
}

// excluded reports whether the analyzer's analysis rule excludes the entity: its account is
// listed, or it carries every tag of one of the listed tag sets.
func (sc *unusedScan) excluded(ctx context.Context, res store.Resource) (bool, error) {
	var tags map[string]string
	for _, ex := range sc.exclusions {
		if slices.Contains(ex.AccountIds, sc.account) {
			return true, nil
		}
		for _, want := range ex.ResourceTags {
			if tags == nil {
				list, err := sc.tx.Tags().List(ctx, res)
				if err != nil {
					return false, err
				}
				tags = map[string]string{}
				for _, t := range list {
					tags[t.Key] = t.Value
				}
			}
			if len(want) > 0 && hasTags(tags, want) {
				return true, nil
			}
		}
	}
	return false, nil
}

func hasTags(have, want map[string]string) bool {
	for k, v := range want {
		if got, ok := have[k]; !ok || got != v {
			return false
		}
	}
	return true
}

// add records a finding of kind on resource (key tells a user's access keys apart).
func (sc *unusedScan) add(kind, resource, resourceType, key string, details ...analyzerwire.FindingDetails) {
	body, _ := json.Marshal(details)
	f := &finding{ID: findingID(sc.analyzer, kind, resource, key), FindingType: kind, Resource: resource,
		ResourceType: resourceType, ResourceOwnerAccount: sc.account, Unused: body}
	sc.out[f.ID] = f
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// unusedDetails are an unused access finding's details, as the scan stored them.
func (f *finding) unusedDetails() []analyzerwire.FindingDetails {
	var out []analyzerwire.FindingDetails
	if len(f.Unused) > 0 {
		_ = json.Unmarshal(f.Unused, &out)
	}
	return out
}
