package orgdata

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
)

// Policy types, as the Organizations API names them.
const (
	SCP = "SERVICE_CONTROL_POLICY"
	RCP = "RESOURCE_CONTROL_POLICY"
)

// Tag is a tag of an organization resource.
type Tag struct {
	Key   string `json:"k"`
	Value string `json:"v"`
}

// Org is an organization's body (store.OrgItself).
type Org struct {
	FeatureSet string `json:"featureSet"`
	// Root is the ID of the organization's only root.
	Root string `json:"root"`
}

// Root is a root's body: the policy types enabled on it, and its tags.
type Root struct {
	Name        string   `json:"name"`
	PolicyTypes []string `json:"policyTypes,omitempty"`
	Tags        []Tag    `json:"tags,omitempty"`
}

// Enabled reports whether a policy type is enabled.
func (r *Root) Enabled(policyType string) bool {
	for _, t := range r.PolicyTypes {
		if t == policyType {
			return true
		}
	}
	return false
}

// Unit is an OU's body.
type Unit struct {
	Tags []Tag `json:"tags,omitempty"`
}

// Member is a membership's body: how and when the account joined, its status.
type Member struct {
	Method string    `json:"method"` // INVITED or CREATED
	Joined time.Time `json:"joined"`
	Status string    `json:"status"` // ACTIVE, SUSPENDED (closed), PENDING_CLOSURE
	Tags   []Tag     `json:"tags,omitempty"`
	// Closed is when CloseAccount closed it (zero while it is open).
	Closed time.Time `json:"closed,omitzero"`
}

// IsClosed reports whether a member's status is that of a closed account (or one closing).
func (m *Member) IsClosed() bool { return m.Status == "SUSPENDED" || m.Status == "PENDING_CLOSURE" }

// Policy is a policy's body.
type Policy struct {
	Description string `json:"description,omitempty"`
	Content     string `json:"content"`
	Tags        []Tag  `json:"tags,omitempty"`
}

// ResourcePolicy is the organization's resource-based delegation policy's body.
type ResourcePolicy struct {
	Content string `json:"content"`
	Tags    []Tag  `json:"tags,omitempty"`
}

// Attachment is an attachment's body: the attached policy's type.
type Attachment struct {
	Type string `json:"type"`
}

// Encode is a body's stored form.
func Encode(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("orgdata: encoding %T: %v", v, err)) // the bodies are plain structs
	}
	return b
}

// Decode reads a body of rec into v.
func Decode(rec store.OrgRecord, v any) error {
	if err := json.Unmarshal(rec.Body, v); err != nil {
		return fmt.Errorf("orgdata: %s of organization %s: %w", rec.ID, rec.OrgID, err)
	}
	return nil
}

// Managed is an AWS managed policy of the organizations' policy types.
type Managed struct {
	ID, Name, Type, Description, Content string
}

// ARN is the managed policy's ARN.
func (m Managed) ARN() string {
	return "arn:aws:organizations::aws:policy/" + strings.ToLower(m.Type) + "/" + m.ID
}

// ManagedPolicies are the AWS managed policies: enabling SCPs (RCPs) attaches FullAWSAccess
// (RCPFullAWSAccess) to the root, every OU and every account.
var ManagedPolicies = []Managed{
	{ID: "p-FullAWSAccess", Name: "FullAWSAccess", Type: SCP, Description: "Allows access to every operation",
		Content: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`},
	{ID: "p-RCPFullAWSAccess", Name: "RCPFullAWSAccess", Type: RCP, Description: "Allows access to every operation",
		Content: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`},
}

// LookupManaged finds an AWS managed policy by ID.
func LookupManaged(id string) (Managed, bool) {
	for _, m := range ManagedPolicies {
		if m.ID == id {
			return m, true
		}
	}
	return Managed{}, false
}

// FullAccess is the managed policy enabling a type attaches everywhere ("" when none).
func FullAccess(policyType string) string {
	for _, m := range ManagedPolicies {
		if m.Type == policyType {
			return m.ID
		}
	}
	return ""
}

// Chain is what authorizing a request needs of an account's organization.
type Chain struct {
	OrgID      string
	Management string
	// Path is the IDs from the root down to the account's parent.
	Path []string
	// SCPs and RCPs hold, per level (root, OUs, the account itself), the documents of the
	// policies of that type attached there; nil when the type is not enabled.
	SCPs, RCPs [][]string
	// Closed says the account is closed: none of its credentials may be used, nothing may be
	// done to its resources.
	Closed bool
}

// OrgPath is the account's aws:PrincipalOrgPaths / aws:ResourceOrgPaths value:
// "o-…/r-…/ou-…/" (AWS's form, ending in "/").
func (c *Chain) OrgPath() string {
	return c.OrgID + "/" + strings.Join(c.Path, "/") + "/"
}

// maxDepth bounds the walk up from an account: AWS nests OUs five deep under the root.
const maxDepth = 8

// Load reads the chain of an account; nil when the account is in no organization.
func Load(ctx context.Context, tx store.Tx, accountID string) (*Chain, error) {
	o := tx.Organizations()
	m, err := o.Membership(ctx, accountID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	org, err := o.Get(ctx, m.OrgID, store.OrgItself, m.OrgID)
	if err != nil {
		return nil, err
	}
	var ob Org
	if err := Decode(org, &ob); err != nil {
		return nil, err
	}
	rootRec, err := o.Get(ctx, m.OrgID, store.OrgRoot, ob.Root)
	if err != nil {
		return nil, err
	}
	var root Root
	if err := Decode(rootRec, &root); err != nil {
		return nil, err
	}
	var mb Member
	if err := Decode(m, &mb); err != nil {
		return nil, err
	}
	c := &Chain{OrgID: m.OrgID, Management: org.Name, Closed: mb.IsClosed()}
	for parent, n := m.Parent, 0; parent != ob.Root; n++ {
		if n == maxDepth {
			return nil, fmt.Errorf("orgdata: account %s is nested deeper than %d", accountID, maxDepth)
		}
		ou, err := o.Get(ctx, m.OrgID, store.OrgUnit, parent)
		if err != nil {
			return nil, err
		}
		c.Path = append([]string{parent}, c.Path...)
		parent = ou.Parent
	}
	c.Path = append([]string{ob.Root}, c.Path...)
	levels := append(append([]string(nil), c.Path...), accountID)
	if root.Enabled(SCP) {
		if c.SCPs, err = Documents(ctx, tx, m.OrgID, SCP, levels); err != nil {
			return nil, err
		}
	}
	if root.Enabled(RCP) {
		if c.RCPs, err = Documents(ctx, tx, m.OrgID, RCP, levels); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Documents returns, per level (root, OU or account IDs), the documents of the policies of one
// type attached there.
func Documents(ctx context.Context, tx store.Tx, orgID, policyType string, levels []string) ([][]string, error) {
	o := tx.Organizations()
	out := make([][]string, len(levels))
	for i, target := range levels {
		atts, err := o.List(ctx, orgID, store.OrgAttachment, store.OrgFilter{Parent: target})
		if err != nil {
			return nil, err
		}
		for _, a := range atts {
			var ab Attachment
			if err := Decode(a, &ab); err != nil {
				return nil, err
			}
			if ab.Type != policyType {
				continue
			}
			if m, ok := LookupManaged(a.Name); ok {
				if m.Type == policyType {
					out[i] = append(out[i], m.Content)
				}
				continue
			}
			rec, err := o.Get(ctx, orgID, store.OrgPolicy, a.Name)
			if errors.Is(err, store.ErrNotFound) {
				continue
			} else if err != nil {
				return nil, err
			}
			if rec.Parent != policyType {
				continue
			}
			var p Policy
			if err := Decode(rec, &p); err != nil {
				return nil, err
			}
			out[i] = append(out[i], p.Content)
		}
	}
	return out, nil
}
