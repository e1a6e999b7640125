package mfa

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// deviceTagging is the virtual MFA device as a taggable kind (core.Taggable): TagMFADevice,
// UntagMFADevice and ListMFADeviceTags are its rows. A device is named by its serial number
// (its ARN) and authorized on it; the Service Authorization Reference gives the mfa resource
// type aws:ResourceTag/… only (no iam:ResourceTag/…). Another account's device is one the
// caller's account does not have.
var deviceTagging = &core.Taggable[*MFA]{
	Prefixes: []string{"aws:ResourceTag"},
	Quota:    "TagsPerMFADevice",
	Lookup: func(ctx context.Context, tx store.Tx, account, serial string) (string, store.Resource, error) {
		d, err := tx.MFADevices().Get(ctx, serial)
		if err == nil && d.AccountID != account {
			err = store.ErrNotFound
		}
		return deviceResource(account, serial), store.Resource{Kind: store.KindMFADevice, Key: d.SerialNumber}, err
	},
	Missing: func(account, serial string) (string, *awserr.Error) {
		return deviceResource(account, serial), iamerr.NoSuchMFADevice.Err(serial)
	},
}

var tagMFADevice = core.TagRow[*MFA, iamwire.TagMFADeviceInput, iamwire.TagMFADeviceOutput](deviceTagging, "TagMFADevice",
	func(in *iamwire.TagMFADeviceInput) (string, []iamwire.Tag) { return in.SerialNumber, in.Tags })

var untagMFADevice = core.UntagRow[*MFA, iamwire.UntagMFADeviceInput, iamwire.UntagMFADeviceOutput](deviceTagging, "UntagMFADevice",
	func(in *iamwire.UntagMFADeviceInput) (string, []string) { return in.SerialNumber, in.TagKeys })

var listMFADeviceTags = core.ListTagsRow[*MFA, iamwire.ListMFADeviceTagsInput, iamwire.ListMFADeviceTagsOutput](deviceTagging, "ListMFADeviceTags",
	func(in *iamwire.ListMFADeviceTagsInput) (string, *string, *int32) {
		return in.SerialNumber, in.Marker, in.MaxItems
	})
