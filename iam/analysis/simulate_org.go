package analysis

import (
	"context"
	"strconv"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// orgFence is what an organization adds to SimulatePrincipalPolicy, as the IAM User Guide
// says the simulator does for an account in an organization: the SCP chain of the simulated
// principal's account (none for its management account, which SCPs do not restrict), and
// each result's OrganizationsDecisionDetail. RCPs are not simulated: "Resource control
// policies (RCPs) are not supported in this release" (IAM API Reference,
// SimulatePrincipalPolicy, PolicyExclusionList), and neither operation takes them.
type orgFence struct {
	scps       []*policy.Set
	management string
}

// loadFence reads and compiles the SCP chain of account, as authz enforces it.
func loadFence(ctx context.Context, st store.Store, account string) (orgFence, error) {
	var chain *orgdata.Chain
	err := st.View(ctx, func(tx store.Tx) (err error) {
		chain, err = orgdata.Load(ctx, tx, account)
		return err
	})
	if err != nil || chain == nil {
		return orgFence{}, err
	}
	f := orgFence{management: chain.Management}
	if account == chain.Management || chain.SCPs == nil {
		return f, nil
	}
	for _, level := range chain.SCPs {
		var pols []*policy.Policy
		for _, doc := range level {
			if p, err := policy.ParseCompile([]byte(doc), policy.SCP); err == nil {
				pols = append(pols, p)
			}
		}
		f.scps = append(f.scps, policy.NewSet(pols...))
	}
	return f, nil
}

// paramOrgInput is SimulateCustomPolicy's list of SCPs per level of an organization.
const paramOrgInput = "OrderedOrganizationPolicyInputList"

// customFence is the SCP chain SimulateCustomPolicy's OrderedOrganizationPolicyInputList
// gives: one level per element, the organization root first and the account last (IAM API
// Reference, SimulateCustomPolicy: "The simulator evaluates SCPs in the order that you
// provide, consistent with how Organizations enforces SCPs"). Every level must allow and
// any Deny denies, as authz enforces a real chain; a level with no SCPs therefore allows
// nothing, as a level with no SCP attached would (unconfirmed: AWS does not document that
// case). The chain applies to the simulated caller whatever its account: there is no
// management account to exempt. An SCP that breaks the grammar is InvalidInput, as the
// other policies of the request are.
func customFence(levels []iamwire.OrderedOrganizationPolicyType) (orgFence, *awserr.Error) {
	if len(levels) == 0 {
		return orgFence{}, nil
	}
	f := orgFence{scps: make([]*policy.Set, len(levels))}
	for i, level := range levels {
		param := paramOrgInput + "." + strconv.Itoa(i+1) + ".ServiceControlPolicyInputList"
		pols := make([]*policy.Policy, len(level.ServiceControlPolicyInputList))
		for j, doc := range level.ServiceControlPolicyInputList {
			c, aerr := compileInput(sourcePolicy{id: param + "." + strconv.Itoa(j+1), doc: doc, kind: policy.SCP}, param, j+1)
			if aerr != nil {
				return orgFence{}, aerr
			}
			pols[j] = c.pol
		}
		f.scps[i] = policy.NewSet(pols...)
	}
	return f, nil
}

// detail is a result's OrganizationsDecisionDetail: whether the SCPs allowed the request
// (an Allow at every level, no Deny); nil outside an organization's SCPs.
func (f orgFence) detail(res *policy.Result) *iamwire.OrganizationsDecisionDetail {
	if f.scps == nil {
		return nil
	}
	allowed := make([]bool, len(f.scps))
	ok := true
	for _, m := range res.Matched {
		switch {
		case m.Type != policy.TypeSCP:
		case m.Effect == policy.EffectDeny:
			ok = false
		case m.Level < len(allowed):
			allowed[m.Level] = true
		}
	}
	for _, a := range allowed {
		ok = ok && a
	}
	return &iamwire.OrganizationsDecisionDetail{AllowedByOrganizations: &ok}
}
