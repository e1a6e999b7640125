package policies_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/google/go-cmp/cmp"
)

// inliner drives the group and role inline-policy operations alike.
type inliner struct {
	kind  string
	limit int
	put   func(c *awsiam.Client, name, policy, doc string) error
	get   func(c *awsiam.Client, name, policy string) (owner, doc string, err error)
	del   func(c *awsiam.Client, name, policy string) error
	list  func(c *awsiam.Client, name string, marker *string, max int32) ([]string, *string, bool, error)
}

var inliners = []inliner{
	{"group", 5120,
		func(c *awsiam.Client, n, p, d string) error {
			_, err := c.PutGroupPolicy(ctx, &awsiam.PutGroupPolicyInput{GroupName: &n, PolicyName: &p, PolicyDocument: &d})
			return err
		},
		func(c *awsiam.Client, n, p string) (string, string, error) {
			out, err := c.GetGroupPolicy(ctx, &awsiam.GetGroupPolicyInput{GroupName: &n, PolicyName: &p})
			if err != nil {
				return "", "", err
			}
			return aws.ToString(out.GroupName), aws.ToString(out.PolicyDocument), nil
		},
		func(c *awsiam.Client, n, p string) error {
			_, err := c.DeleteGroupPolicy(ctx, &awsiam.DeleteGroupPolicyInput{GroupName: &n, PolicyName: &p})
			return err
		},
		func(c *awsiam.Client, n string, m *string, max int32) ([]string, *string, bool, error) {
			out, err := c.ListGroupPolicies(ctx, &awsiam.ListGroupPoliciesInput{GroupName: &n, Marker: m, MaxItems: &max})
			if err != nil {
				return nil, nil, false, err
			}
			return out.PolicyNames, out.Marker, out.IsTruncated, nil
		}},
	{"role", 10240,
		func(c *awsiam.Client, n, p, d string) error {
			_, err := c.PutRolePolicy(ctx, &awsiam.PutRolePolicyInput{RoleName: &n, PolicyName: &p, PolicyDocument: &d})
			return err
		},
		func(c *awsiam.Client, n, p string) (string, string, error) {
			out, err := c.GetRolePolicy(ctx, &awsiam.GetRolePolicyInput{RoleName: &n, PolicyName: &p})
			if err != nil {
				return "", "", err
			}
			return aws.ToString(out.RoleName), aws.ToString(out.PolicyDocument), nil
		},
		func(c *awsiam.Client, n, p string) error {
			_, err := c.DeleteRolePolicy(ctx, &awsiam.DeleteRolePolicyInput{RoleName: &n, PolicyName: &p})
			return err
		},
		func(c *awsiam.Client, n string, m *string, max int32) ([]string, *string, bool, error) {
			out, err := c.ListRolePolicies(ctx, &awsiam.ListRolePoliciesInput{RoleName: &n, Marker: m, MaxItems: &max})
			if err != nil {
				return nil, nil, false, err
			}
			return out.PolicyNames, out.Marker, out.IsTruncated, nil
		}},
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
