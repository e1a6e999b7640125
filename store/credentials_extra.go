package store

// UserCredentials is one user's row of the credential report: the user and the state of its
// credentials, without any secret (no password hash, sealed secret or certificate body).
type UserCredentials struct {
	User User
	// LoginProfile is nil when the user has no password; its PasswordHash is not filled.
	LoginProfile *LoginProfile
	// MFADevices counts the MFA devices enabled for the user.
	MFADevices int
	// AccessKeys are ordered by creation time; their SealedSecret is not filled.
	AccessKeys []AccessKey
	// SigningCertificates are ordered by upload time; their Body is not filled.
	SigningCertificates []SigningCertificate
}
