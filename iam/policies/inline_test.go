package policies_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// inliner drives the group and role inline-policy operations alike: owner is the member that
// names the group or role (GroupName, RoleName).
type inliner struct {
	kind, owner                 string
	limit                       int
	putOp, getOp, delOp, listOp iamtest.AnyOp
}

var inliners = []inliner{
	{"group", "GroupName", 5120, iamtest.Untyped((*awsiam.Client).PutGroupPolicy), iamtest.Untyped((*awsiam.Client).GetGroupPolicy),
		iamtest.Untyped((*awsiam.Client).DeleteGroupPolicy), iamtest.Untyped((*awsiam.Client).ListGroupPolicies)},
	{"role", "RoleName", 10240, iamtest.Untyped((*awsiam.Client).PutRolePolicy), iamtest.Untyped((*awsiam.Client).GetRolePolicy),
		iamtest.Untyped((*awsiam.Client).DeleteRolePolicy), iamtest.Untyped((*awsiam.Client).ListRolePolicies)},
}

func (in inliner) put(c *awsiam.Client, name, policy, doc string) error {
	_, err := in.putOp(context.Background(), c, in.owner, name, "PolicyName", policy, "PolicyDocument", doc)
	return err
}

// get is the owner's name and the document, as Get{Group,Role}Policy answers them.
func (in inliner) get(c *awsiam.Client, name, policy string) (owner, doc string, err error) {
	out, err := in.getOp(context.Background(), c, in.owner, name, "PolicyName", policy)
	if err != nil {
		return "", "", err
	}
	return aws.ToString(out.Get(in.owner).(*string)), aws.ToString(out.Get("PolicyDocument").(*string)), nil
}

func (in inliner) del(c *awsiam.Client, name, policy string) error {
	_, err := in.delOp(context.Background(), c, in.owner, name, "PolicyName", policy)
	return err
}

func (in inliner) list(c *awsiam.Client, name string, marker *string, max int32) ([]string, *string, bool, error) {
	out, err := in.listOp(context.Background(), c, in.owner, name, "Marker", marker, "MaxItems", max)
	if err != nil {
		return nil, nil, false, err
	}
	return out.Get("PolicyNames").([]string), out.Get("Marker").(*string), out.Get("IsTruncated").(bool), nil
}

// sized is an identity policy of exactly n characters without whitespace.
func sized(n int) string {
	head := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::`
	tail := `"}]}`
	return head + strings.Repeat("b", n-len(head)-len(tail)) + tail
}

func TestInlinePolicies(t *testing.T) {
	t.Parallel()
	for _, in := range inliners {
		t.Run(in.kind, func(t *testing.T) {
			t.Parallel()
			s, root := iamtest.Root(t)
			if in.kind == "group" {
				seedGroup(t, s, "Owner")
			} else {
				seedRole(t, s, "Owner", "")
			}
			doc := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]\n}"
			fatalIf(t, in.put(root, "owner", "b", doc))
			fatalIf(t, in.put(root, "owner", "a", readDoc))
			fatalIf(t, in.put(root, "owner", "c", readDoc))
			owner, encoded, err := in.get(root, "OWNER", "b")
			fatalIf(t, err)
			if decoded, err := url.QueryUnescape(encoded); err != nil || decoded != doc || strings.ContainsAny(encoded, "{} \n") {
				t.Errorf("Get%sPolicy document = %q, want the document as put, URL-encoded", in.kind, encoded)
			}
			if owner != "Owner" {
				t.Errorf("owner name = %q, want the stored spelling", owner)
			}
			var names []string
			var marker *string
			for {
				page, next, truncated, err := in.list(root, "owner", marker, 2)
				fatalIf(t, err)
				names = append(names, page...)
				if !truncated {
					break
				}
				marker = next
			}
			if diff := cmp.Diff([]string{"a", "b", "c"}, names); diff != "" {
				t.Errorf("List%sPolicies (-want +got):\n%s", in.kind, diff)
			}

			// The aggregate limit counts every policy, whitespace not, the replaced one once.
			fatalIf(t, in.del(root, "owner", "c"))
			fatalIf(t, in.del(root, "owner", "b"))
			rest := in.limit - len(readDoc)
			fatalIf(t, in.put(root, "owner", "big", sized(rest)))
			fatalIf(t, in.put(root, "owner", "big", sized(rest)+strings.Repeat(" ", 100)))
			err = in.put(root, "owner", "more", sized(200))
			stacktest.WantError(t, err, "LimitExceeded", "Maximum policy size of "+strconv.Itoa(in.limit)+" bytes exceeded for "+in.kind+" Owner")
			if _, _, err := in.get(root, "owner", "more"); err == nil {
				t.Error("a refused policy was stored")
			}

			err = in.put(root, "owner", "bad", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}`)
			stacktest.WantError(t, err, "MalformedPolicyDocument", "Policy statement must contain resources.")
			_, _, err = in.get(root, "owner", "nope")
			stacktest.WantError(t, err, "NoSuchEntity", "The "+in.kind+" policy with name nope cannot be found.")
			stacktest.WantError(t, in.del(root, "owner", "nope"), "NoSuchEntity", "The "+in.kind+" policy with name nope cannot be found.")
			stacktest.WantError(t, in.put(root, "ghost", "p", readDoc), "NoSuchEntity", "The "+in.kind+" with name ghost cannot be found.")
			_, _, err = in.get(root, "ghost", "p")
			stacktest.WantError(t, err, "NoSuchEntity", "The "+in.kind+" with name ghost cannot be found.")
			_, _, _, err = in.list(root, "ghost", nil, 10)
			stacktest.WantError(t, err, "NoSuchEntity", "The "+in.kind+" with name ghost cannot be found.")
		})
	}
}
