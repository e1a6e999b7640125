package mfa_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/google/go-cmp/cmp"
)

// tagList is tags from key, value pairs.
func tagList(kv ...string) []types.Tag {
	var tags []types.Tag
	for i := 0; i+1 < len(kv); i += 2 {
		tags = append(tags, types.Tag{Key: aws.String(kv[i]), Value: aws.String(kv[i+1])})
	}
	return tags
}

func tagPairs(tags []types.Tag) []string {
	out := []string{}
	for _, t := range tags {
		out = append(out, aws.ToString(t.Key)+"="+aws.ToString(t.Value))
	}
	return out
}

func TestMFADeviceTags(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	dev := w.newDevice(t, "phone")
	serial := aws.String(dev.serial)
	list := func() []string {
		t.Helper()
		out := iamtest.Must(t, w.root.ListMFADeviceTags, &awsiam.ListMFADeviceTagsInput{SerialNumber: serial})
		if out.IsTruncated {
			t.Error("IsTruncated on a complete listing")
		}
		return tagPairs(out.Tags)
	}
	if diff := cmp.Diff([]string{}, list()); diff != "" {
		t.Errorf("tags of a new device (-want +got):\n%s", diff)
	}
	iamtest.Must(t, w.root.TagMFADevice, &awsiam.TagMFADeviceInput{SerialNumber: serial, Tags: tagList("team", "ops", "env", "prod")})
	// A key in another case replaces the value and the spelling, keeping its place.
	iamtest.Must(t, w.root.TagMFADevice, &awsiam.TagMFADeviceInput{SerialNumber: serial, Tags: tagList("TEAM", "dev")})
	if diff := cmp.Diff([]string{"TEAM=dev", "env=prod"}, list()); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
	iamtest.Must(t, w.root.UntagMFADevice, &awsiam.UntagMFADeviceInput{SerialNumber: serial, TagKeys: []string{"team", "absent"}})
	if diff := cmp.Diff([]string{"env=prod"}, list()); diff != "" {
		t.Errorf("tags after UntagMFADevice (-want +got):\n%s", diff)
	}

	missing := aws.String("arn:aws:iam::" + w.AccountID() + ":mfa/nope")
	notFound := "MFA Device with serial number " + *missing + " does not exist."
	_, err := w.root.TagMFADevice(ctx, &awsiam.TagMFADeviceInput{SerialNumber: missing, Tags: tagList("a", "b")})
	stacktest.WantError(t, err, "NoSuchEntity", notFound)
	_, err = w.root.UntagMFADevice(ctx, &awsiam.UntagMFADeviceInput{SerialNumber: missing, TagKeys: []string{"a"}})
	stacktest.WantError(t, err, "NoSuchEntity", notFound)
	_, err = w.root.ListMFADeviceTags(ctx, &awsiam.ListMFADeviceTagsInput{SerialNumber: missing})
	stacktest.WantError(t, err, "NoSuchEntity", notFound)
	_, err = w.root.TagMFADevice(ctx, &awsiam.TagMFADeviceInput{SerialNumber: serial, Tags: tagList("x", "1", "X", "2")})
	stacktest.WantError(t, err, "InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive.")
}

func TestMFADeviceTagQuotaAndPages(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	serial := aws.String(w.newDevice(t, "phone").serial)
	var kv, want []string
	for i := range 50 {
		kv = append(kv, fmt.Sprintf("k%02d", i), "v")
		want = append(want, fmt.Sprintf("k%02d=v", i))
	}
	iamtest.Must(t, w.root.TagMFADevice, &awsiam.TagMFADeviceInput{SerialNumber: serial, Tags: tagList(kv...)})
	_, err := w.root.TagMFADevice(ctx, &awsiam.TagMFADeviceInput{SerialNumber: serial, Tags: tagList("one-more", "v")})
	stacktest.WantError(t, err, "LimitExceeded", "Cannot exceed quota for TagsPerMFADevice: 50")
	// Replacing an existing key's value is no new tag.
	if _, err := w.root.TagMFADevice(ctx, &awsiam.TagMFADeviceInput{SerialNumber: serial, Tags: tagList("k00", "v")}); err != nil {
		t.Errorf("retagging an existing key at the quota: %v", err)
	}
	var got []string
	var marker *string
	for {
		out := iamtest.Must(t, w.root.ListMFADeviceTags, &awsiam.ListMFADeviceTagsInput{SerialNumber: serial, MaxItems: aws.Int32(15), Marker: marker})
		got = append(got, tagPairs(out.Tags)...)
		if !out.IsTruncated {
			break
		}
		marker = out.Marker
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("paged tags (-want +got):\n%s", diff)
	}
}
