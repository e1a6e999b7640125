package org

import (
	"context"
	"encoding/json"

	"github.com/gatehouse-iam/gatehouse/store"
)

// Who may call what. The management account may call every operation (manage); a member
// account reaches the organization only as AWS lets it: through the organization's
// delegation policy (PutResourcePolicy) and, for a registered delegated administrator, AWS's
// read-only access to Organizations data. memberPolicy turns both into one resource policy
// that inOrg hands the authorizer, with the management account as the resource's account: a
// member's call is then evaluated as a cross-account one, needing both its identity policy
// and that resource policy to allow it (SCPs and RCPs applying as for any cross-account
// call), and the operations AWS delegates answer it (delegated).

// delegated refuses a caller that is neither the management account nor a member account
// the delegation policy or a registration let through the authorizer.
func (o *orgRef) delegated() error {
	if o.Manages || o.viaPolicy {
		return nil
	}
	return errAccessDenied()
}

// readOnlyStatement is what a registered delegated administrator may do without a
// delegation policy: AWS's "read-only access to Organizations service data".
func readOnlyStatement(account string) json.RawMessage {
	b, _ := json.Marshal(map[string]any{"Sid": "DelegatedAdministratorReadOnly", "Effect": "Allow",
		"Principal": map[string]string{"AWS": "arn:aws:iam::" + account + ":root"},
		"Action":    []string{"organizations:Describe*", "organizations:List*"}, "Resource": "*"})
	return b
}

// memberPolicy is the resource policy a member account's calls are evaluated against: the
// delegation policy's statements, and the read-only statement for a registered delegated
// administrator; "" when there is neither.
func memberPolicy(ctx context.Context, recs store.Organizations, o *orgRef) (string, error) {
	_, rp, err := resourcePolicy(ctx, recs, o.ID)
	if err != nil {
		return "", err
	}
	admin, err := isDelegatedAdmin(ctx, recs, o.ID, o.Caller)
	if err != nil || (rp == nil && !admin) {
		return "", err
	}
	doc := struct {
		Version   string            `json:"Version"`
		Statement []json.RawMessage `json:"Statement"`
	}{Version: "2012-10-17"}
	if rp != nil {
		var in struct {
			Version   string          `json:"Version"`
			Statement json.RawMessage `json:"Statement"`
		}
		if err := json.Unmarshal([]byte(rp.Content), &in); err != nil {
			return "", err
		}
		doc.Version = in.Version
		if json.Unmarshal(in.Statement, &doc.Statement) != nil {
			doc.Statement = []json.RawMessage{in.Statement}
		}
	}
	if admin {
		doc.Statement = append(doc.Statement, readOnlyStatement(o.Caller))
	}
	b, err := json.Marshal(doc)
	return string(b), err
}
