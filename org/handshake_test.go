package org_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

func invite(t *testing.T, c *organizations.Client, target string, typ types.HandshakePartyType) types.Handshake {
	t.Helper()
	out, err := c.InviteAccountToOrganization(ctx, &organizations.InviteAccountToOrganizationInput{
		Target: &types.HandshakeParty{Id: aws.String(target), Type: typ}})
	if err != nil {
		t.Fatalf("InviteAccountToOrganization %s: %v", target, err)
	}
	return *out.Handshake
}

func handshakeOp(t *testing.T, name string, h *types.Handshake, err error, want types.HandshakeState) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if h.State != want {
		t.Fatalf("%s: state %s, want %s", name, h.State, want)
	}
}

func accept(t *testing.T, c *organizations.Client, id *string) {
	t.Helper()
	out, err := c.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: id})
	handshakeOp(t, "AcceptHandshake", out.Handshake, err, types.HandshakeStateAccepted)
}

func resourceValue(rs []types.HandshakeResource, typ types.HandshakeResourceType) string {
	for _, r := range rs {
		if r.Type == typ {
			return aws.ToString(r.Value)
		}
		if v := resourceValue(r.Resources, typ); v != "" {
			return v
		}
	}
	return ""
}

// TestInviteAndAccept: the management account invites a standalone account by ID; the
// invitation is what AWS shows (parties, resources, ARN, 15 days); only the invited account
// accepts, only the originator cancels, a stranger cannot see it; the account joins the root
// with FullAWSAccess and the invitation's tags, an SCP then bites on it, and removed it is
// standalone again.
func TestInviteAndAccept(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	c, root := newOrg(t, s)
	for _, pt := range []types.PolicyType{types.PolicyTypeServiceControlPolicy, types.PolicyTypeResourceControlPolicy} {
		if _, err := c.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: pt}); err != nil {
			t.Fatal(err)
		}
	}
	orgOut, _ := c.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	orgID := aws.ToString(orgOut.Organization.Id)
	guest, stranger := s.NewAccount(t), s.NewAccount(t)
	gc, sc := s.Organizations(guest), s.Organizations(stranger)
	_, err := gc.InviteAccountToOrganization(ctx, &organizations.InviteAccountToOrganizationInput{Target: &types.HandshakeParty{Id: aws.String(stranger.AccountID), Type: types.HandshakePartyTypeAccount}})
	stacktest.WantError(t, err, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization.")

	out, err := c.InviteAccountToOrganization(ctx, &organizations.InviteAccountToOrganizationInput{
		Target: &types.HandshakeParty{Id: aws.String(guest.AccountID), Type: types.HandshakePartyTypeAccount},
		Notes:  aws.String("welcome"), Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("blue")}}})
	if err != nil {
		t.Fatal(err)
	}
	h := out.Handshake
	id := aws.ToString(h.Id)
	if !strings.HasPrefix(id, "h-") || h.State != types.HandshakeStateOpen || h.Action != types.ActionTypeInviteAccountToOrganization ||
		aws.ToString(h.Arn) != fmt.Sprintf("arn:aws:organizations::%s:handshake/%s/invite/%s", s.AccountID(), orgID, id) ||
		h.ExpirationTimestamp.Sub(*h.RequestedTimestamp) != 15*24*time.Hour || len(h.Parties) != 2 ||
		aws.ToString(h.Parties[1].Id) != guest.AccountID || h.Parties[1].Type != types.HandshakePartyTypeAccount ||
		resourceValue(h.Resources, types.HandshakeResourceTypeNotes) != "welcome" ||
		resourceValue(h.Resources, types.HandshakeResourceTypeOrganizationFeatureSet) != "ALL" ||
		resourceValue(h.Resources, types.HandshakeResourceTypeOrganization) != orgID {
		t.Fatalf("invitation %+v", h)
	}
	_, err = c.InviteAccountToOrganization(ctx, &organizations.InviteAccountToOrganizationInput{Target: &types.HandshakeParty{Id: aws.String(guest.AccountID), Type: types.HandshakePartyTypeAccount}})
	stacktest.WantError(t, err, "DuplicateHandshakeException", "A handshake with the same action and target already exists.")

	mine, err := gc.ListHandshakesForAccount(ctx, &organizations.ListHandshakesForAccountInput{})
	if err != nil || len(mine.Handshakes) != 1 || aws.ToString(mine.Handshakes[0].Id) != id {
		t.Fatalf("ListHandshakesForAccount of the invited account: %+v %v", mine, err)
	}
	none, err := sc.ListHandshakesForAccount(ctx, &organizations.ListHandshakesForAccountInput{})
	if err != nil || len(none.Handshakes) != 0 {
		t.Fatalf("ListHandshakesForAccount of a stranger: %+v %v", none, err)
	}
	_, err = sc.DescribeHandshake(ctx, &organizations.DescribeHandshakeInput{HandshakeId: h.Id})
	stacktest.WantError(t, err, "HandshakeNotFoundException", "We can't find a handshake with the HandshakeId that you specified.")
	_, err = sc.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
	stacktest.WantError(t, err, "HandshakeNotFoundException", "")
	_, err = c.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
	stacktest.WantError(t, err, "AccessDeniedException", "")
	_, err = c.DeclineHandshake(ctx, &organizations.DeclineHandshakeInput{HandshakeId: h.Id})
	stacktest.WantError(t, err, "AccessDeniedException", "")
	_, err = gc.CancelHandshake(ctx, &organizations.CancelHandshakeInput{HandshakeId: h.Id})
	stacktest.WantError(t, err, "AccessDeniedException", "")

	accept(t, gc, h.Id)
	_, err = gc.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
	stacktest.WantError(t, err, "HandshakeAlreadyInStateException", "The specified handshake is already in the requested state.")
	_, err = c.CancelHandshake(ctx, &organizations.CancelHandshakeInput{HandshakeId: h.Id})
	stacktest.WantError(t, err, "InvalidHandshakeTransitionException", "")
	_, err = c.InviteAccountToOrganization(ctx, &organizations.InviteAccountToOrganizationInput{Target: &types.HandshakeParty{Id: aws.String(guest.AccountID), Type: types.HandshakePartyTypeAccount}})
	wantReason(t, err, "ALREADY_IN_AN_ORGANIZATION", func(e *types.HandshakeConstraintViolationException) string { return string(e.Reason) })
	joined(t, s, c, guest, root)
}

// joined checks an invited account's membership, then an SCP biting on it until it is removed.
func joined(t *testing.T, s *stacktest.Stack, c *organizations.Client, guest stacktest.Credentials, root string) {
	t.Helper()
	d, err := c.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String(guest.AccountID)})
	if err != nil || d.Account.JoinedMethod != types.AccountJoinedMethodInvited || d.Account.Status != types.AccountStatusActive {
		t.Fatalf("DescribeAccount of the invited account: %+v %v", d, err)
	}
	tags, err := c.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: aws.String(guest.AccountID)})
	if err != nil || len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Value) != "blue" {
		t.Fatalf("the invitation's tags: %+v %v", tags, err)
	}
	pols, err := c.ListPoliciesForTarget(ctx, &organizations.ListPoliciesForTargetInput{TargetId: aws.String(guest.AccountID), Filter: types.PolicyTypeServiceControlPolicy})
	if err != nil || len(pols.Policies) != 1 || aws.ToString(pols.Policies[0].Name) != "FullAWSAccess" {
		t.Fatalf("the invited account's SCPs: %+v %v", pols, err)
	}
	rcps, err := c.ListPoliciesForTarget(ctx, &organizations.ListPoliciesForTargetInput{TargetId: aws.String(guest.AccountID), Filter: types.PolicyTypeResourceControlPolicy})
	if err != nil || len(rcps.Policies) != 1 || aws.ToString(rcps.Policies[0].Name) != "RCPFullAWSAccess" {
		t.Fatalf("the invited account's RCPs: %+v %v", rcps, err)
	}
	if err := createUser(guest, s, "before"); err != nil {
		t.Fatalf("with FullAWSAccess: %v", err)
	}
	attach(t, c, createSCP(t, c, "no-users", denyCreateUser), guest.AccountID)
	err = createUser(guest, s, "denied")
	stacktest.WantError(t, err, "AccessDenied", fmt.Sprintf("User: %s is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::%s:user/denied with an explicit deny in a service control policy", guest.ARN, guest.AccountID))
	if _, err := c.RemoveAccountFromOrganization(ctx, &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(guest.AccountID)}); err != nil {
		t.Fatal(err)
	}
	if err := createUser(guest, s, "standalone"); err != nil {
		t.Fatalf("a removed account is outside every SCP: %v", err)
	}
}

// TestHandshakeStates: an invitation by email reaches the account with that address; declined,
// canceled and expired handshakes refuse every further transition with AWS's errors and leave
// the lists 30 days after; AWS's refusals of a target, of two filters and of a 21st
// invitation in a day.
func TestHandshakeStates(t *testing.T) {
	t.Parallel()
	clock := stacktest.NewClock(time.Now())
	s := stacktest.New(t, stacktest.WithClock(clock))
	c, _ := newOrg(t, s)
	guest := s.NewAccount(t)
	setEmail(t, s, guest.AccountID, "Guest@Example.com")
	gc := s.Organizations(guest)

	byMail := invite(t, c, "guest@example.com", types.HandshakePartyTypeEmail)
	got, err := gc.DescribeHandshake(ctx, &organizations.DescribeHandshakeInput{HandshakeId: byMail.Id})
	if err != nil || resourceValue(got.Handshake.Resources, types.HandshakeResourceTypeEmail) != "guest@example.com" {
		t.Fatalf("DescribeHandshake of an invitation by email: %+v %v", got, err)
	}
	declined, err := gc.DeclineHandshake(ctx, &organizations.DeclineHandshakeInput{HandshakeId: byMail.Id})
	handshakeOp(t, "DeclineHandshake", declined.Handshake, err, types.HandshakeStateDeclined)
	_, err = gc.DeclineHandshake(ctx, &organizations.DeclineHandshakeInput{HandshakeId: byMail.Id})
	stacktest.WantError(t, err, "HandshakeAlreadyInStateException", "")
	_, err = gc.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: byMail.Id})
	stacktest.WantError(t, err, "InvalidHandshakeTransitionException", "")

	nobody := invite(t, c, "nobody@example.com", types.HandshakePartyTypeEmail)
	canceled, err := c.CancelHandshake(ctx, &organizations.CancelHandshakeInput{HandshakeId: nobody.Id})
	handshakeOp(t, "CancelHandshake", canceled.Handshake, err, types.HandshakeStateCanceled)
	_, err = c.CancelHandshake(ctx, &organizations.CancelHandshakeInput{HandshakeId: nobody.Id})
	stacktest.WantError(t, err, "HandshakeAlreadyInStateException", "")

	late := invite(t, c, guest.AccountID, types.HandshakePartyTypeAccount)
	clock.Advance(15*24*time.Hour + time.Second)
	got, err = gc.DescribeHandshake(ctx, &organizations.DescribeHandshakeInput{HandshakeId: late.Id})
	handshakeOp(t, "DescribeHandshake after 15 days", got.Handshake, err, types.HandshakeStateExpired)
	_, err = gc.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: late.Id})
	stacktest.WantError(t, err, "InvalidHandshakeTransitionException", "")
	all, err := c.ListHandshakesForOrganization(ctx, &organizations.ListHandshakesForOrganizationInput{
		Filter: &types.HandshakeFilter{ActionType: types.ActionTypeInviteAccountToOrganization}, MaxResults: aws.Int32(2)})
	if err != nil || len(all.Handshakes) != 2 || all.NextToken == nil {
		t.Fatalf("ListHandshakesForOrganization, first page of 3: %+v %v", all, err)
	}
	clock.Advance(31 * 24 * time.Hour)
	all, err = c.ListHandshakesForOrganization(ctx, &organizations.ListHandshakesForOrganizationInput{})
	if err != nil || len(all.Handshakes) != 0 {
		t.Fatalf("ListHandshakesForOrganization 30 days after they closed: %+v %v", all, err)
	}
	again := invite(t, c, guest.AccountID, types.HandshakePartyTypeAccount)
	if _, err := gc.CreateOrganization(ctx, &organizations.CreateOrganizationInput{}); err != nil {
		t.Fatal(err)
	}
	_, err = gc.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: again.Id})
	wantReason(t, err, "ALREADY_IN_AN_ORGANIZATION", func(e *types.HandshakeConstraintViolationException) string { return string(e.Reason) })
	refusals(t, c)
}

func refusals(t *testing.T, c *organizations.Client) {
	t.Helper()
	_, err := c.InviteAccountToOrganization(ctx, &organizations.InviteAccountToOrganizationInput{Target: &types.HandshakeParty{Id: aws.String("o-abcdefghij"), Type: types.HandshakePartyTypeOrganization}})
	wantReason(t, err, "INVALID_PARTY_TYPE_TARGET", func(e *types.InvalidInputException) string { return string(e.Reason) })
	_, err = c.InviteAccountToOrganization(ctx, &organizations.InviteAccountToOrganizationInput{Target: &types.HandshakeParty{Id: aws.String("not-an-address"), Type: types.HandshakePartyTypeEmail}})
	wantReason(t, err, "INVALID_EMAIL_ADDRESS_TARGET", func(e *types.InvalidInputException) string { return string(e.Reason) })
	_, err = c.ListHandshakesForOrganization(ctx, &organizations.ListHandshakesForOrganizationInput{
		Filter: &types.HandshakeFilter{ActionType: types.ActionTypeInviteAccountToOrganization, ParentHandshakeId: aws.String("h-abcdefgh")}})
	wantReason(t, err, "MAX_LIMIT_EXCEEDED_FILTER", func(e *types.InvalidInputException) string { return string(e.Reason) })
	for i := range 19 { // with the one sent just before, 20 today
		invite(t, c, fmt.Sprintf("2000000000%02d", i), types.HandshakePartyTypeAccount)
	}
	_, err = c.InviteAccountToOrganization(ctx, &organizations.InviteAccountToOrganizationInput{Target: &types.HandshakeParty{Id: aws.String("200000000099"), Type: types.HandshakePartyTypeAccount}})
	wantReason(t, err, "HANDSHAKE_RATE_LIMIT_EXCEEDED", func(e *types.HandshakeConstraintViolationException) string { return string(e.Reason) })
}

func setEmail(t *testing.T, s *stacktest.Stack, account, email string) {
	t.Helper()
	err := s.Store().Update(ctx, func(tx store.Tx) error {
		a, err := tx.Accounts().Get(ctx, account)
		if err != nil {
			return err
		}
		a.Email = email
		return tx.Accounts().Update(ctx, a)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestEnableAllFeatures: an organization created for consolidated billing cannot enable SCPs;
// EnableAllFeatures opens a handshake and one approval per invited member (not the created
// ones); it refuses invitations while open and finishes only when every member approved.
func TestEnableAllFeatures(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	c := s.Organizations(s.Root())
	if _, err := c.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: types.OrganizationFeatureSetConsolidatedBilling}); err != nil {
		t.Fatal(err)
	}
	roots, _ := c.ListRoots(ctx, &organizations.ListRootsInput{})
	root := roots.Roots[0].Id
	_, err := c.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: root, PolicyType: types.PolicyTypeServiceControlPolicy})
	stacktest.WantError(t, err, "PolicyTypeNotAvailableForOrganizationException", "")
	createAccount(t, c, "made", "made@example.com")
	guest := s.NewAccount(t)
	gc := s.Organizations(guest)
	inv := invite(t, c, guest.AccountID, types.HandshakePartyTypeAccount)
	if resourceValue(inv.Resources, types.HandshakeResourceTypeOrganizationFeatureSet) != "CONSOLIDATED_BILLING" {
		t.Errorf("invitation's feature set: %+v", inv.Resources)
	}
	accept(t, gc, inv.Id)

	out, err := c.EnableAllFeatures(ctx, &organizations.EnableAllFeaturesInput{})
	if err != nil || out.Handshake.Action != types.ActionTypeEnableAllFeatures || out.Handshake.State != types.HandshakeStateOpen {
		t.Fatalf("EnableAllFeatures: %+v %v", out, err)
	}
	parent := out.Handshake.Id
	_, err = c.EnableAllFeatures(ctx, &organizations.EnableAllFeaturesInput{})
	wantReason(t, err, "ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION", func(e *types.HandshakeConstraintViolationException) string { return string(e.Reason) })
	_, err = c.InviteAccountToOrganization(ctx, &organizations.InviteAccountToOrganizationInput{Target: &types.HandshakeParty{Id: aws.String(s.NewAccount(t).AccountID), Type: types.HandshakePartyTypeAccount}})
	wantReason(t, err, "INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES", func(e *types.HandshakeConstraintViolationException) string { return string(e.Reason) })
	kids, err := c.ListHandshakesForOrganization(ctx, &organizations.ListHandshakesForOrganizationInput{Filter: &types.HandshakeFilter{ParentHandshakeId: parent}})
	if err != nil || len(kids.Handshakes) != 1 {
		t.Fatalf("approvals (one per invited member): %+v %v", kids, err)
	}
	mine, err := gc.ListHandshakesForAccount(ctx, &organizations.ListHandshakesForAccountInput{Filter: &types.HandshakeFilter{ActionType: types.ActionTypeApproveAllFeatures}})
	if err != nil || len(mine.Handshakes) != 1 || resourceValue(mine.Handshakes[0].Resources, types.HandshakeResourceTypeParentHandshake) != aws.ToString(parent) {
		t.Fatalf("the member's approval: %+v %v", mine, err)
	}
	_, err = c.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: parent})
	stacktest.WantError(t, err, "HandshakeConstraintViolationException", "")
	declined, err := gc.DeclineHandshake(ctx, &organizations.DeclineHandshakeInput{HandshakeId: mine.Handshakes[0].Id})
	handshakeOp(t, "DeclineHandshake of the approval", declined.Handshake, err, types.HandshakeStateDeclined)
	_, err = c.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: parent})
	stacktest.WantError(t, err, "HandshakeConstraintViolationException", "1 invited member accounts have not yet approved enabling all features.")
	if _, err := c.RemoveAccountFromOrganization(ctx, &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(guest.AccountID)}); err != nil {
		t.Fatal(err)
	}
	accept(t, c, parent)
	d, err := c.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil || d.Organization.FeatureSet != types.OrganizationFeatureSetAll {
		t.Fatalf("DescribeOrganization after all features: %+v %v", d, err)
	}
	if _, err := c.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: root, PolicyType: types.PolicyTypeServiceControlPolicy}); err != nil {
		t.Fatalf("EnablePolicyType with all features: %v", err)
	}
	_, err = c.EnableAllFeatures(ctx, &organizations.EnableAllFeaturesInput{})
	wantReason(t, err, "ORGANIZATION_ALREADY_HAS_ALL_FEATURES", func(e *types.HandshakeConstraintViolationException) string { return string(e.Reason) })
}
