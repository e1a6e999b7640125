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

// monthStart is 00:00 UTC on the first day of the month n months after t's.
func monthStart(t time.Time, n int) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
}

// ownOrg makes a standalone account the management account of its own organization and
// returns its client and organization ID.
func ownOrg(t *testing.T, s *stacktest.Stack, email string) (stacktest.Credentials, *organizations.Client, string) {
	t.Helper()
	acct := s.NewAccount(t)
	if email != "" {
		setEmail(t, s, acct.AccountID, email)
	}
	c := s.Organizations(acct)
	out, err := c.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: types.OrganizationFeatureSetAll})
	if err != nil {
		t.Fatal(err)
	}
	return acct, c, aws.ToString(out.Organization.Id)
}

func inviteTransfer(c *organizations.Client, target string, typ types.HandshakePartyType, start time.Time, tags ...types.Tag) (*organizations.InviteOrganizationToTransferResponsibilityOutput, error) {
	return c.InviteOrganizationToTransferResponsibility(ctx, &organizations.InviteOrganizationToTransferResponsibilityInput{
		Type: types.ResponsibilityTransferTypeBilling, Target: &types.HandshakeParty{Id: aws.String(target), Type: typ},
		StartTimestamp: aws.Time(start), SourceName: aws.String("payer"), Notes: aws.String("we pay"), Tags: tags})
}

func inbound(t *testing.T, c *organizations.Client) []types.ResponsibilityTransfer {
	t.Helper()
	out, err := c.ListInboundResponsibilityTransfers(ctx, &organizations.ListInboundResponsibilityTransfersInput{Type: types.ResponsibilityTransferTypeBilling})
	if err != nil {
		t.Fatalf("ListInboundResponsibilityTransfers: %v", err)
	}
	return out.ResponsibilityTransfers
}

func outbound(t *testing.T, c *organizations.Client) []types.ResponsibilityTransfer {
	t.Helper()
	out, err := c.ListOutboundResponsibilityTransfers(ctx, &organizations.ListOutboundResponsibilityTransfersInput{Type: types.ResponsibilityTransferTypeBilling})
	if err != nil {
		t.Fatalf("ListOutboundResponsibilityTransfers: %v", err)
	}
	return out.ResponsibilityTransfers
}

func describeTransfer(c *organizations.Client, id *string) (*types.ResponsibilityTransfer, error) {
	out, err := c.DescribeResponsibilityTransfer(ctx, &organizations.DescribeResponsibilityTransferInput{Id: id})
	if err != nil {
		return nil, err
	}
	return out.ResponsibilityTransfer, nil
}

// TestResponsibilityTransfer: organization A's management account invites organization B's
// to transfer B's billing to it; the invitation is a TRANSFER_RESPONSIBILITY handshake B
// finds and accepts; both see the transfer, A as inbound and B as outbound, each under its
// own ARN; the invitation's tags are attached on acceptance; neither organization can then be
// deleted nor a second transfer started; B renames and withdraws it at the end of a month.
func TestResponsibilityTransfer(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	a, _ := newOrg(t, s)
	aOrg, _ := a.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	aID := aws.ToString(aOrg.Organization.Id)
	b, bc, bOrg := ownOrg(t, s, "payer-b@example.com")
	_, stranger, _ := ownOrg(t, s, "")
	start := monthStart(time.Now(), 2)

	out, err := inviteTransfer(a, b.AccountID, types.HandshakePartyTypeAccount, start, types.Tag{Key: aws.String("cost"), Value: aws.String("central")})
	if err != nil {
		t.Fatal(err)
	}
	h := out.Handshake
	rt := resourceValue(h.Resources, types.HandshakeResourceTypeResponsibilityTransfer)
	if h.Action != types.ActionTypeTransferResponsibility || h.State != types.HandshakeStateOpen || !strings.HasPrefix(rt, "rt-") ||
		aws.ToString(h.Arn) != fmt.Sprintf("arn:aws:organizations::%s:handshake/%s/transfer_responsibility/%s", s.AccountID(), aID, aws.ToString(h.Id)) ||
		resourceValue(h.Resources, types.HandshakeResourceTypeTransferType) != "BILLING" ||
		resourceValue(h.Resources, types.HandshakeResourceTypeManagementAccount) != s.AccountID() ||
		resourceValue(h.Resources, types.HandshakeResourceTypeAccount) != b.AccountID ||
		resourceValue(h.Resources, types.HandshakeResourceTypeNotes) != "we pay" ||
		h.ExpirationTimestamp.Sub(*h.RequestedTimestamp) != 15*24*time.Hour {
		t.Fatalf("transfer invitation %+v", h)
	}
	_, err = inviteTransfer(a, b.AccountID, types.HandshakePartyTypeAccount, start)
	stacktest.WantError(t, err, "DuplicateHandshakeException", "A handshake with the same action and target already exists.")

	in := inbound(t, a)
	if len(in) != 1 || aws.ToString(in[0].Id) != rt || in[0].Status != types.ResponsibilityTransferStatusRequested ||
		aws.ToString(in[0].Arn) != fmt.Sprintf("arn:aws:organizations::%s:transfer/%s/billing/inbound/%s", s.AccountID(), aID, rt) ||
		aws.ToString(in[0].Name) != "payer" || in[0].Type != types.ResponsibilityTransferTypeBilling || !in[0].StartTimestamp.Equal(start) ||
		aws.ToString(in[0].Source.ManagementAccountId) != b.AccountID || aws.ToString(in[0].Target.ManagementAccountId) != s.AccountID() ||
		aws.ToString(in[0].ActiveHandshakeId) != aws.ToString(h.Id) || in[0].EndTimestamp != nil {
		t.Fatalf("inbound transfers of A: %+v", in)
	}
	out2 := outbound(t, bc)
	if len(out2) != 1 || aws.ToString(out2[0].Id) != rt ||
		aws.ToString(out2[0].Arn) != fmt.Sprintf("arn:aws:organizations::%s:transfer/%s/billing/outbound/%s", b.AccountID, bOrg, rt) {
		t.Fatalf("outbound transfers of B: %+v", out2)
	}
	if len(outbound(t, a)) != 0 || len(inbound(t, bc)) != 0 {
		t.Fatal("A lists an outbound transfer or B an inbound one")
	}
	_, err = describeTransfer(stranger, aws.String(rt))
	stacktest.WantError(t, err, "ResponsibilityTransferNotFoundException", "We can't find a transfer that you specified.")
	tags, err := a.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: aws.String(rt)})
	if err != nil || len(tags.Tags) != 0 {
		t.Fatalf("tags of the transfer before it is accepted: %+v %v", tags, err)
	}

	mine, err := bc.ListHandshakesForAccount(ctx, &organizations.ListHandshakesForAccountInput{
		Filter: &types.HandshakeFilter{ActionType: types.ActionTypeTransferResponsibility}})
	if err != nil || len(mine.Handshakes) != 1 || aws.ToString(mine.Handshakes[0].Id) != aws.ToString(h.Id) {
		t.Fatalf("B's handshakes: %+v %v", mine, err)
	}
	before := latestRevision(t, s)
	accept(t, bc, h.Id)
	wantOrgChange(t, s, before, aID, s.AccountID())
	got, err := describeTransfer(a, aws.String(rt))
	if err != nil || got.Status != types.ResponsibilityTransferStatusAccepted ||
		aws.ToString(got.Source.ManagementAccountEmail) != "payer-b@example.com" {
		t.Fatalf("DescribeResponsibilityTransfer after acceptance: %+v %v", got, err)
	}
	tags, err = a.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: aws.String(rt)})
	if err != nil || len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Key) != "cost" {
		t.Fatalf("tags of the accepted transfer: %+v %v", tags, err)
	}

	_, err = inviteTransfer(a, b.AccountID, types.HandshakePartyTypeAccount, start)
	wantReason(t, err, "RESPONSIBILITY_TRANSFER_ALREADY_EXISTS", func(e *types.HandshakeConstraintViolationException) string { return string(e.Reason) })
	for _, c := range []*organizations.Client{a, bc} {
		_, err = c.DeleteOrganization(ctx, &organizations.DeleteOrganizationInput{})
		wantConstraint(t, err, types.ConstraintViolationExceptionReasonActiveResponsibilityTransferProcess)
	}

	// The name is the inviter's: only it renames the transfer, and only it is shown the name.
	_, err = bc.UpdateResponsibilityTransfer(ctx, &organizations.UpdateResponsibilityTransferInput{Id: aws.String(rt), Name: aws.String("via B")})
	wantInvalid(t, err, types.InvalidInputExceptionReasonUnsupportedActionInResponsibilityTransfer)
	renamed, err := a.UpdateResponsibilityTransfer(ctx, &organizations.UpdateResponsibilityTransferInput{Id: aws.String(rt), Name: aws.String("via A")})
	if err != nil || aws.ToString(renamed.ResponsibilityTransfer.Name) != "via A" || !strings.Contains(aws.ToString(renamed.ResponsibilityTransfer.Arn), "/inbound/") {
		t.Fatalf("UpdateResponsibilityTransfer: %+v %v", renamed, err)
	}
	if seen, err := describeTransfer(bc, aws.String(rt)); err != nil || seen.Name != nil || seen.Status != types.ResponsibilityTransferStatusAccepted {
		t.Fatalf("the source's view of the renamed transfer: %+v %v", seen, err)
	}
	withdrawTransfer(t, a, bc, rt, start)
}

func latestRevision(t *testing.T, s *stacktest.Stack) int64 {
	t.Helper()
	var rev int64
	err := s.Store().View(ctx, func(tx store.Tx) (err error) {
		rev, err = tx.ChangeFeed().LatestRevision(ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return rev
}

// wantOrgChange wants the change feed to record a change of the organization orgID, under its
// management account, after revision rev: the transfer and its handshake are its records.
func wantOrgChange(t *testing.T, s *stacktest.Stack, rev int64, orgID, management string) {
	t.Helper()
	var changes []store.Change
	err := s.Store().View(ctx, func(tx store.Tx) (err error) {
		changes, _, err = tx.ChangeFeed().ChangesSince(ctx, rev, 1000)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		if c.Kind == store.KindOrganization && c.Key == orgID && c.AccountID == management {
			return
		}
	}
	t.Errorf("changes after revision %d: %+v, want one of organization %s", rev, changes, orgID)
}

// withdrawTransfer: the source withdraws an accepted transfer at the end of its start's month,
// after AWS's refusals of an end that is not a month's end or comes before the start.
func withdrawTransfer(t *testing.T, target, source *organizations.Client, rt string, start time.Time) {
	t.Helper()
	terminate := func(end time.Time) (*organizations.TerminateResponsibilityTransferOutput, error) {
		return source.TerminateResponsibilityTransfer(ctx, &organizations.TerminateResponsibilityTransferInput{Id: aws.String(rt), EndTimestamp: aws.Time(end)})
	}
	_, err := terminate(start.AddDate(0, 0, 10))
	wantInvalid(t, err, types.InvalidInputExceptionReasonEndDateNotEndOfMonth)
	_, err = terminate(start.Add(-time.Second))
	wantInvalid(t, err, types.InvalidInputExceptionReasonEndDateTooEarly)
	end := start.AddDate(0, 1, 0).Add(-time.Second)
	done, err := terminate(end)
	if err != nil || done.ResponsibilityTransfer.Status != types.ResponsibilityTransferStatusWithdrawn ||
		!done.ResponsibilityTransfer.EndTimestamp.Equal(start.AddDate(0, 1, 0).Add(-time.Millisecond)) {
		t.Fatalf("TerminateResponsibilityTransfer: %+v %v", done, err)
	}
	_, err = terminate(end)
	stacktest.WantError(t, err, "ResponsibilityTransferAlreadyInStatusException", "The responsibility transfer is already in the status that you specified.")
	got, err := describeTransfer(target, aws.String(rt))
	if err != nil || got.Status != types.ResponsibilityTransferStatusWithdrawn || aws.ToString(got.Name) != "via A" {
		t.Fatalf("the target's view of the withdrawn transfer: %+v %v", got, err)
	}
}

// TestResponsibilityTransferRefusals: AWS's refusals of a start, a target and a caller; a
// declined, a canceled and an expired invitation leave their transfer DECLINED, CANCELED and
// EXPIRED, none of which can be terminated; an invitation by email shows the address until
// accepted; the listings page.
func TestResponsibilityTransferRefusals(t *testing.T) {
	t.Parallel()
	clock := stacktest.NewClock(time.Now())
	s := stacktest.New(t, stacktest.WithClock(clock))
	a, _ := newOrg(t, s)
	start := monthStart(clock.Now(), 2)
	lone := s.NewAccount(t)
	_, err := inviteTransfer(s.Organizations(lone), s.AccountID(), types.HandshakePartyTypeAccount, start)
	stacktest.WantError(t, err, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization.")
	for _, c := range []struct {
		start  time.Time
		reason types.InvalidInputExceptionReason
	}{
		{start.Add(time.Hour), types.InvalidInputExceptionReasonStartDateNotBeginningOfDay},
		{start.AddDate(0, 0, 1), types.InvalidInputExceptionReasonStartDateNotBeginningOfMonth},
		{monthStart(clock.Now(), 0), types.InvalidInputExceptionReasonStartDateTooEarly},
	} {
		_, err = inviteTransfer(a, lone.AccountID, types.HandshakePartyTypeAccount, c.start)
		wantInvalid(t, err, c.reason)
	}
	_, err = inviteTransfer(a, "o-abcdefghij", types.HandshakePartyTypeOrganization, start)
	wantInvalid(t, err, types.InvalidInputExceptionReasonInvalidPartyTypeTarget)
	_, err = inviteTransfer(a, s.AccountID(), types.HandshakePartyTypeAccount, start)
	wantReason(t, err, "SOURCE_AND_TARGET_CANNOT_MATCH", func(e *types.HandshakeConstraintViolationException) string { return string(e.Reason) })

	// A standalone account cannot accept (only a management account does).
	out, err := inviteTransfer(a, lone.AccountID, types.HandshakePartyTypeAccount, start)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Organizations(lone).AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: out.Handshake.Id})
	stacktest.WantError(t, err, "AWSOrganizationsNotInUseException", "")

	declined, canceled, byMail := answeredTransfers(t, s, a, start)
	clock.Advance(15 * 24 * time.Hour)
	want := map[string]types.ResponsibilityTransferStatus{declined: types.ResponsibilityTransferStatusDeclined,
		canceled: types.ResponsibilityTransferStatusCanceled, byMail: types.ResponsibilityTransferStatusExpired,
		resourceValue(out.Handshake.Resources, types.HandshakeResourceTypeResponsibilityTransfer): types.ResponsibilityTransferStatusExpired}
	var seen []types.ResponsibilityTransfer
	page := &organizations.ListInboundResponsibilityTransfersInput{Type: types.ResponsibilityTransferTypeBilling, MaxResults: aws.Int32(3)}
	for {
		got, err := a.ListInboundResponsibilityTransfers(ctx, page)
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, got.ResponsibilityTransfers...)
		if page.NextToken = got.NextToken; got.NextToken == nil {
			break
		}
		if len(got.ResponsibilityTransfers) != 3 {
			t.Fatalf("a page of %d transfers before the last", len(got.ResponsibilityTransfers))
		}
	}
	if len(seen) != len(want) {
		t.Fatalf("inbound transfers: %+v", seen)
	}
	for _, tr := range seen {
		if tr.Status != want[aws.ToString(tr.Id)] {
			t.Errorf("transfer %s: status %s, want %s", aws.ToString(tr.Id), tr.Status, want[aws.ToString(tr.Id)])
		}
		_, err := a.TerminateResponsibilityTransfer(ctx, &organizations.TerminateResponsibilityTransferInput{Id: tr.Id})
		stacktest.WantError(t, err, "InvalidResponsibilityTransferTransitionException",
			"The responsibility transfer can't transition to the requested state because it's not in a valid state for this operation.")
	}
	_, err = a.ListInboundResponsibilityTransfers(ctx, &organizations.ListInboundResponsibilityTransfersInput{Type: types.ResponsibilityTransferTypeBilling, Id: aws.String("rt-0000000000000000")})
	stacktest.WantError(t, err, "ResponsibilityTransferNotFoundException", "")
	one, err := a.ListInboundResponsibilityTransfers(ctx, &organizations.ListInboundResponsibilityTransfersInput{Type: types.ResponsibilityTransferTypeBilling, Id: aws.String(byMail)})
	if err != nil || len(one.ResponsibilityTransfers) != 1 || aws.ToString(one.ResponsibilityTransfers[0].Source.ManagementAccountEmail) != "payer-c@example.com" ||
		one.ResponsibilityTransfers[0].Source.ManagementAccountId != nil {
		t.Fatalf("the transfer invited by email: %+v %v", one, err)
	}
	_, err = a.DeleteOrganization(ctx, &organizations.DeleteOrganizationInput{})
	if err != nil {
		t.Errorf("DeleteOrganization with only ended transfers: %v", err)
	}
}

// answeredTransfers invites three organizations' management accounts: one declines, one
// invitation is canceled, the third, by email, is left unanswered. A member account of the
// declining organization may not answer for it nor list its transfers.
func answeredTransfers(t *testing.T, s *stacktest.Stack, a *organizations.Client, start time.Time) (declined, canceled, byMail string) {
	t.Helper()
	ids := make([]string, 3)
	var hs []*types.Handshake
	var clients []*organizations.Client
	for i, email := range []string{"", "", "payer-c@example.com"} {
		acct, c, _ := ownOrg(t, s, email)
		target, typ := acct.AccountID, types.HandshakePartyTypeAccount
		if email != "" {
			target, typ = email, types.HandshakePartyTypeEmail
		}
		out, err := inviteTransfer(a, target, typ, start)
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = resourceValue(out.Handshake.Resources, types.HandshakeResourceTypeResponsibilityTransfer)
		hs, clients = append(hs, out.Handshake), append(clients, c)
	}
	_, err := clients[0].CancelHandshake(ctx, &organizations.CancelHandshakeInput{HandshakeId: hs[0].Id})
	stacktest.WantError(t, err, "AccessDeniedException", "")
	d, err := clients[0].DeclineHandshake(ctx, &organizations.DeclineHandshakeInput{HandshakeId: hs[0].Id})
	handshakeOp(t, "DeclineHandshake", d.Handshake, err, types.HandshakeStateDeclined)
	c, err := a.CancelHandshake(ctx, &organizations.CancelHandshakeInput{HandshakeId: hs[1].Id})
	handshakeOp(t, "CancelHandshake", c.Handshake, err, types.HandshakeStateCanceled)
	tr, err := describeTransfer(clients[0], aws.String(ids[0]))
	if err != nil || tr.Status != types.ResponsibilityTransferStatusDeclined {
		t.Fatalf("the declined transfer as its source sees it: %+v %v", tr, err)
	}
	return ids[0], ids[1], ids[2]
}

// TestResponsibilityTransferMembers: a member account of an organization is refused every
// transfer operation, and cannot accept a transfer invitation addressed to it.
func TestResponsibilityTransferMembers(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	a, _ := newOrg(t, s)
	_, b, _ := ownOrg(t, s, "")
	created, err := a.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String("member"), Email: aws.String("member@example.com")})
	if err != nil {
		t.Fatal(err)
	}
	status, err := a.DescribeCreateAccountStatus(ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: created.CreateAccountStatus.Id})
	if err != nil {
		t.Fatal(err)
	}
	member := aws.ToString(status.CreateAccountStatus.AccountId)
	mc := s.Organizations(assumeAccessRole(t, s, member))
	out, err := inviteTransfer(b, member, types.HandshakePartyTypeAccount, monthStart(time.Now(), 2))
	if err != nil {
		t.Fatal(err)
	}
	_, err = mc.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: out.Handshake.Id})
	stacktest.WantError(t, err, "AccessDeniedException", "")
	rt := resourceValue(out.Handshake.Resources, types.HandshakeResourceTypeResponsibilityTransfer)
	_, err = inviteTransfer(mc, s.AccountID(), types.HandshakePartyTypeAccount, monthStart(time.Now(), 2))
	stacktest.WantError(t, err, "AccessDeniedException", "")
	_, err = mc.ListInboundResponsibilityTransfers(ctx, &organizations.ListInboundResponsibilityTransfersInput{Type: types.ResponsibilityTransferTypeBilling})
	stacktest.WantError(t, err, "AccessDeniedException", "")
	_, err = mc.ListOutboundResponsibilityTransfers(ctx, &organizations.ListOutboundResponsibilityTransfersInput{Type: types.ResponsibilityTransferTypeBilling})
	stacktest.WantError(t, err, "AccessDeniedException", "")
	_, err = describeTransfer(mc, aws.String(rt))
	stacktest.WantError(t, err, "AccessDeniedException", "")
	_, err = mc.UpdateResponsibilityTransfer(ctx, &organizations.UpdateResponsibilityTransferInput{Id: aws.String(rt), Name: aws.String("x")})
	stacktest.WantError(t, err, "AccessDeniedException", "")
	_, err = mc.TerminateResponsibilityTransfer(ctx, &organizations.TerminateResponsibilityTransferInput{Id: aws.String(rt)})
	stacktest.WantError(t, err, "AccessDeniedException", "")
}

// TestResponsibilityTransferConditionKeys: the transfer actions carry organizations:TransferType
// (BILLING), so an identity policy can allow them for one type only.
func TestResponsibilityTransferConditionKeys(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	a, _ := newOrg(t, s)
	b, _, _ := ownOrg(t, s, "")
	out, err := inviteTransfer(a, b.AccountID, types.HandshakePartyTypeAccount, monthStart(time.Now(), 2))
	if err != nil {
		t.Fatal(err)
	}
	rt := resourceValue(out.Handshake.Resources, types.HandshakeResourceTypeResponsibilityTransfer)
	policy := func(typ string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["organizations:ListInboundResponsibilityTransfers",` +
			`"organizations:DescribeResponsibilityTransfer"],"Resource":"*","Condition":{"StringEquals":{"organizations:TransferType":"` + typ + `"}}}]}`
	}
	billing := s.Organizations(s.NewUser(t, "billing", policy("BILLING")))
	other := s.Organizations(s.NewUser(t, "other", policy("SECURITY")))
	if got := inbound(t, billing); len(got) != 1 {
		t.Fatalf("inbound transfers allowed for BILLING: %+v", got)
	}
	if _, err := describeTransfer(billing, aws.String(rt)); err != nil {
		t.Fatalf("DescribeResponsibilityTransfer allowed for BILLING: %v", err)
	}
	_, err = other.ListInboundResponsibilityTransfers(ctx, &organizations.ListInboundResponsibilityTransfersInput{Type: types.ResponsibilityTransferTypeBilling})
	stacktest.WantError(t, err, "AccessDeniedException", "")
	_, err = describeTransfer(other, aws.String(rt))
	stacktest.WantError(t, err, "AccessDeniedException", "")
}
