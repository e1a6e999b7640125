package authz

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
)

// maxOrgAccounts bounds the cache of accounts' organization chains, like the other caches.
const maxOrgAccounts = 50_000

// orgEntry is what authorization needs of an account's organization, compiled: nil fields
// (orgID "") for an account in none.
type orgEntry struct {
	orgID, management string
	// path is the account's aws:PrincipalOrgPaths / aws:ResourceOrgPaths value.
	path string
	// scps and rcps hold one Set per level, root → OUs → account; nil when the type is not
	// enabled.
	scps, rcps []*policy.Set
	// closed: the account was closed (CloseAccount).
	closed bool
}

var noOrg = &orgEntry{}

// org returns the organization chain of an account, through the cache.
func (a *Authorizer) org(ctx context.Context, account string) (*orgEntry, error) {
	c := a.cache
	c.mu.RLock()
	e, ok := c.orgs[account]
	epoch := c.epoch
	c.mu.RUnlock()
	if ok {
		return e, nil
	}
	var chain *orgdata.Chain
	err := a.raw.View(ctx, func(tx store.Tx) (err error) {
		chain, err = orgdata.Load(ctx, tx, account)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("authz: loading the organization of account %s: %w", account, err)
	}
	e = noOrg
	if chain != nil {
		e = &orgEntry{orgID: chain.OrgID, management: chain.Management, path: chain.OrgPath(),
			scps: a.levels(policy.SCP, chain.SCPs), rcps: a.levels(policy.RCP, chain.RCPs), closed: chain.Closed}
	}
	keepIfCurrent(c, epoch, c.orgs, maxOrgAccounts, account, e)
	return e, nil
}

// levels compiles one Set per level of a chain.
func (a *Authorizer) levels(kind policy.Kind, docs [][]string) []*policy.Set {
	if docs == nil {
		return nil
	}
	out := make([]*policy.Set, len(docs))
	for i, level := range docs {
		var b setBuilder
		for _, doc := range level {
			b.add(a, kind, "", doc)
		}
		out[i] = b.build(a).set
	}
	return out
}

// errClosedAccount refuses a request of a closed account, or on its resources: its
// credentials no longer work. AWS's answer is unconfirmed; this is the one it gives a key
// it does not accept (sigv4's InvalidClientTokenId).
func errClosedAccount() *awserr.Error {
	e := awserr.AccessDenied("The security token included in the request is invalid.") // 403, without net/http here
	e.Code = "InvalidClientTokenId"
	return e
}

// orgPair is the organizations of a request's caller and of its resource's account.
type orgPair struct{ mine, theirs *orgEntry }

// withOrganizations adds the organizations' policies to an evaluation: the caller's SCP chain
// (none for its management account, which SCPs never restrict) and the resource account's
// RCP chain with its management account (exempt).
func (a *Authorizer) withOrganizations(ctx context.Context, caller string, e *evaluation) (orgPair, error) {
	mine, err := a.org(ctx, caller)
	if err != nil {
		return orgPair{}, err
	}
	theirs := mine
	if e.req.ResourceAccount != caller {
		if theirs, err = a.org(ctx, e.req.ResourceAccount); err != nil {
			return orgPair{}, err
		}
	}
	if mine.closed || theirs.closed {
		return orgPair{}, errClosedAccount()
	}
	if mine.orgID != "" {
		if caller != mine.management {
			e.in.SCPs = mine.scps
		}
		e.req.ManagementAccount = mine.management
	}
	if theirs.orgID != "" {
		e.in.RCPs = theirs.rcps
		e.req.ManagementAccount = theirs.management
	}
	return orgPair{mine: mine, theirs: theirs}, nil
}

// keys sets the organization condition keys: aws:PrincipalOrgID and aws:PrincipalOrgPaths
// of the caller's organization, aws:ResourceOrgID and aws:ResourceOrgPaths of the resource
// account's, and aws:ResourceAccount.
func (o orgPair) keys(c *policy.Context, resourceAccount string) {
	c.Set("aws:ResourceAccount", resourceAccount)
	if o.mine != nil && o.mine.orgID != "" {
		c.Set("aws:PrincipalOrgID", o.mine.orgID)
		c.SetMulti("aws:PrincipalOrgPaths", []string{o.mine.path})
	}
	if o.theirs != nil && o.theirs.orgID != "" {
		c.Set("aws:ResourceOrgID", o.theirs.orgID)
		c.SetMulti("aws:ResourceOrgPaths", []string{o.theirs.path})
	}
}
