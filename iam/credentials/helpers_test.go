package credentials_test

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/gatehouse-iam/gatehouse/iam/credentials"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// family is the credentials family over the stack's store and clock, for what no AWS API
// reaches (the console's SignIn).
func family(s *stacktest.Stack) *credentials.Credentials {
	return credentials.New(core.NewBase(s.Node(), nil, s.Clock().Now, nil))
}

// A strong password under AWS's default policy, and others.
const (
	goodPassword  = "Corr3ct-Horse-Battery"
	otherPassword = "An0ther-Fine-Passphrase"
	thirdPassword = "Th1rd-Time-Lucky!"
)

// withPassword creates user with a login profile of password (reset: PasswordResetRequired).
func withPassword(t *testing.T, c *awsiam.Client, user, password string, reset bool) *types.LoginProfile {
	t.Helper()
	iamtest.MustCreateUser(t, c, user)
	return iamtest.Must(t, c.CreateLoginProfile, &awsiam.CreateLoginProfileInput{UserName: aws.String(user),
		Password: aws.String(password), PasswordResetRequired: reset}).LoginProfile
}

// rsaKey is one 2048-bit RSA key shared by the tests (generating one is slow).
var rsaKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

func ed25519Key(t *testing.T) ed25519.PrivateKey {
	t.Helper()
	_, k, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func ecdsaKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// authorizedKey is a public key's OpenSSH line, without comment.
func authorizedKey(t *testing.T, pub any) string {
	t.Helper()
	k, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	b := ssh.MarshalAuthorizedKey(k)
	return string(b[:len(b)-1])
}

// certificate is a self-signed PEM certificate of key valid from notBefore to notAfter.
func certificate(t *testing.T, key any, notBefore, notAfter time.Time) (pemText string, der []byte) {
	t.Helper()
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: "signer"}, NotBefore: notBefore,
		NotAfter: notAfter}
	var pub any
	switch k := key.(type) {
	case *rsa.PrivateKey:
		pub = &k.PublicKey
	case *ecdsa.PrivateKey:
		pub = &k.PublicKey
	case ed25519.PrivateKey:
		pub = k.Public()
	}
	der, err = x509.CreateCertificate(rand.Reader, tmpl, tmpl, pub, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})), der
}

// validCertificate is a certificate of a fresh Ed25519 key valid around now.
func validCertificate(t *testing.T, now time.Time) (string, []byte) {
	t.Helper()
	return certificate(t, ed25519Key(t), now.Add(-time.Hour), now.Add(365*24*time.Hour))
}
