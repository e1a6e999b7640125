package mfa_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/google/go-cmp/cmp"
)

func serials(ds []types.VirtualMFADevice) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, aws.ToString(d.SerialNumber))
	}
	return out
}

func TestListVirtualMFADevices(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	w.newUser(t, "alice")
	a := w.newDevice(t, "a")
	b := w.newDevice(t, "b")
	c := w.newDevice(t, "c")
	w.enable(t, "alice", b)
	tests := []struct {
		name   string
		status types.AssignmentStatusType
		want   []string
	}{
		{"no status is Any", "", []string{a.serial, b.serial, c.serial}},
		{"Any", types.AssignmentStatusTypeAny, []string{a.serial, b.serial, c.serial}},
		{"Assigned", types.AssignmentStatusTypeAssigned, []string{b.serial}},
		{"Unassigned", types.AssignmentStatusTypeUnassigned, []string{a.serial, c.serial}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := iamtest.Must(t, w.root.ListVirtualMFADevices, &awsiam.ListVirtualMFADevicesInput{AssignmentStatus: tc.status})
			if diff := cmp.Diff(tc.want, serials(out.VirtualMFADevices)); diff != "" {
				t.Errorf("serials (-want +got):\n%s", diff)
			}
			if out.IsTruncated {
				t.Error("IsTruncated on a complete listing")
			}
		})
	}
	// The assigned device carries its user and enable date; none carries a seed, a QR code or tags.
	out, err := w.root.ListVirtualMFADevices(ctx, &awsiam.ListVirtualMFADevicesInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range out.VirtualMFADevices {
		if d.Base32StringSeed != nil || d.QRCodePNG != nil || d.Tags != nil {
			t.Errorf("%s: listed with a seed, QR code or tags", aws.ToString(d.SerialNumber))
		}
		if aws.ToString(d.SerialNumber) != b.serial {
			if d.User != nil || d.EnableDate != nil {
				t.Errorf("%s: unassigned device listed with User %v, EnableDate %v", aws.ToString(d.SerialNumber), d.User, d.EnableDate)
			}
			continue
		}
		want := &types.User{UserName: aws.String("alice"), Path: aws.String("/"), UserId: aws.String(iamtest.UserID(t, w.root, "alice")),
			Arn: aws.String("arn:aws:iam::" + w.AccountID() + ":user/alice")}
		if d.User == nil || d.EnableDate == nil {
			t.Fatalf("assigned device listed without User or EnableDate")
		}
		d.User.CreateDate = nil
		if diff := cmp.Diff(want, d.User, cmp.AllowUnexported(types.User{})); diff != "" {
			t.Errorf("User (-want +got):\n%s", diff)
		}
		if !d.EnableDate.Equal(w.Clock().Now().UTC().Truncate(time.Second)) {
			t.Errorf("EnableDate = %v", d.EnableDate)
		}
	}
}

func TestListVirtualMFADevicesPages(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	var want []string
	for i := range 7 {
		want = append(want, w.newDevice(t, fmt.Sprintf("d%d", i)).serial)
	}
	var got []string
	var marker *string
	for pages := 0; ; pages++ {
		if pages > 4 {
			t.Fatal("too many pages")
		}
		out := iamtest.Must(t, w.root.ListVirtualMFADevices, &awsiam.ListVirtualMFADevicesInput{MaxItems: aws.Int32(2), Marker: marker})
		if len(out.VirtualMFADevices) > 2 {
			t.Fatalf("page of %d, want at most 2", len(out.VirtualMFADevices))
		}
		got = append(got, serials(out.VirtualMFADevices)...)
		if !out.IsTruncated {
			if out.Marker != nil {
				t.Error("Marker on the last page")
			}
			break
		}
		marker = out.Marker
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("paged serials (-want +got):\n%s", diff)
	}
	_, err := w.root.ListVirtualMFADevices(ctx, &awsiam.ListVirtualMFADevicesInput{Marker: aws.String("invalid-marker-value!")})
	stacktest.WantError(t, err, "ValidationError", "Invalid Marker.")
}

func TestListMFADevices(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	w.newUser(t, "alice")
	w.newUser(t, "bob")
	var want []string
	for i := range 3 {
		d := w.newDevice(t, fmt.Sprintf("alice-%d", i))
		w.enable(t, "alice", d)
		want = append(want, d.serial)
	}
	w.enable(t, "bob", w.newDevice(t, "bob-0"))
	var got []string
	var marker *string
	for {
		out := iamtest.Must(t, w.root.ListMFADevices, &awsiam.ListMFADevicesInput{UserName: aws.String("alice"), MaxItems: aws.Int32(2), Marker: marker})
		for _, d := range out.MFADevices {
			if aws.ToString(d.UserName) != "alice" {
				t.Errorf("%s listed with user %s", aws.ToString(d.SerialNumber), aws.ToString(d.UserName))
			}
			got = append(got, aws.ToString(d.SerialNumber))
		}
		if !out.IsTruncated {
			break
		}
		marker = out.Marker
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("alice's devices (-want +got):\n%s", diff)
	}
	_, err := w.root.ListMFADevices(ctx, &awsiam.ListMFADevicesInput{UserName: aws.String("nobody")})
	stacktest.WantError(t, err, "NoSuchEntity", "The user with name nobody cannot be found.")
}
