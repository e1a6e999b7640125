package mfa_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/totp"
)

// world is a stack on a clock the test controls, with the root user's IAM client.
type world struct {
	*stacktest.Stack
	root *awsiam.Client
}

func newWorld(t *testing.T, users ...string) *world {
	t.Helper()
	s := stacktest.New(t, stacktest.WithClock(stacktest.NewClock(time.Now())))
	w := &world{Stack: s, root: s.IAM(s.Root())}
	for _, u := range users {
		w.newUser(t, u)
	}
	return w
}

// device is a virtual MFA device the test holds: its serial number and seed.
type device struct {
	serial string
	seed   []byte
}

// newDevice creates a virtual device at path "/" with the root user.
func (w *world) newDevice(t *testing.T, name string) device {
	t.Helper()
	out, err := w.root.CreateVirtualMFADevice(t.Context(), &awsiam.CreateVirtualMFADeviceInput{
		VirtualMFADeviceName: aws.String(name)})
	if err != nil {
		t.Fatalf("CreateVirtualMFADevice %s: %v", name, err)
	}
	seed, err := totp.DecodeSeed(string(out.VirtualMFADevice.Base32StringSeed))
	if err != nil {
		t.Fatalf("CreateVirtualMFADevice %s: Base32StringSeed: %v", name, err)
	}
	return device{serial: aws.ToString(out.VirtualMFADevice.SerialNumber), seed: seed}
}

// code is the device's code d time-steps from the stack's clock.
func (w *world) code(dev device, d int64) string {
	return totp.CodeAt(dev.seed, totp.Step(w.Clock().Now())+d)
}

func (w *world) newUser(t *testing.T, name string) {
	t.Helper()
	if _, err := w.root.CreateUser(t.Context(), &awsiam.CreateUserInput{UserName: aws.String(name)}); err != nil {
		t.Fatalf("CreateUser %s: %v", name, err)
	}
}

// enable enables dev for user with the codes of the previous and the current time-step.
func (w *world) enable(t *testing.T, user string, dev device) {
	t.Helper()
	if err := w.enableAt(t.Context(), user, dev, -1); err != nil {
		t.Fatalf("EnableMFADevice %s for %s: %v", dev.serial, user, err)
	}
}

// enableAt is EnableMFADevice of dev for user with the codes of the time-steps from and from+1
// (relative to the stack's clock).
func (w *world) enableAt(ctx context.Context, user string, dev device, from int64) error {
	_, err := w.root.EnableMFADevice(ctx, &awsiam.EnableMFADeviceInput{UserName: aws.String(user),
		SerialNumber: aws.String(dev.serial), AuthenticationCode1: aws.String(w.code(dev, from)),
		AuthenticationCode2: aws.String(w.code(dev, from+1))})
	return err
}

// verify is STS's MFA check of a code for user (by ID) at the stack's clock: "" when it passes,
// else the AWS message (or the error's text when it is not an AWS error).
func (w *world) verify(userID string, dev device, code string) string {
	err := w.Node().Authn.VerifyMFA(context.Background(), w.AccountID(), userID, dev.serial, code)
	if err == nil {
		return ""
	}
	var ae *awserr.Error
	if errors.As(err, &ae) {
		return ae.Message
	}
	return err.Error()
}
