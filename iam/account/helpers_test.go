package account_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// rootIAM starts a stack and returns it with an IAM client of its root user.
func rootIAM(t *testing.T, opts ...stacktest.Option) (*stacktest.Stack, *awsiam.Client) {
	t.Helper()
	s := stacktest.New(t, opts...)
	return s, s.IAM(s.Root())
}

func mustCreateUser(t *testing.T, c *awsiam.Client, name string) {
	t.Helper()
	if _, err := c.CreateUser(context.Background(), &awsiam.CreateUserInput{UserName: aws.String(name)}); err != nil {
		t.Fatalf("CreateUser %s: %v", name, err)
	}
}

// denied is AWS's implicit-deny message.
func denied(caller, action, resource string) string {
	return "User: " + caller + " is not authorized to perform: " + action + " on resource: " + resource +
		" because no identity-based policy allows the " + action + " action"
}

// selfSigned is a PEM certificate of a fresh Ed25519 key, valid for a day around now.
func selfSigned(now time.Time) (string, error) {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", err
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(now.UnixNano()), Subject: pkix.Name{CommonName: "root"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return "", err
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})), nil
}
