package credentials

import (
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/internal/password"
	"github.com/gatehouse-iam/gatehouse/op"
)

// Credentials is the credentials family's service value: the rows of Operations run with it
// (iam.New binds them to the iamwire.Handlers), as do console sign-in and root passwords.
type Credentials struct {
	*core.Base
	// hashing are the argon2id parameters of new password hashes.
	hashing password.Params
}

// New returns the family over the shared service dependencies.
func New(b *core.Base) *Credentials { return &Credentials{Base: b, hashing: password.Default} }

// Operations is the credentials family's table: one row per operation (package op).
var Operations = op.Table{
	createLoginProfile, getLoginProfile, updateLoginProfile, deleteLoginProfile, changePassword,
	uploadSSHPublicKey, getSSHPublicKey, updateSSHPublicKey, deleteSSHPublicKey, listSSHPublicKeys,
	uploadSigningCertificate, updateSigningCertificate, deleteSigningCertificate, listSigningCertificates,
	createServiceSpecificCredential, resetServiceSpecificCredential, updateServiceSpecificCredential,
	deleteServiceSpecificCredential, listServiceSpecificCredentials,
}

// Implemented lists the operations this family implements (see iam.Implemented), from
// Operations.
var Implemented = Operations.Names()
