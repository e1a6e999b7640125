// Package saml verifies SAML 2.0 responses the way AWS STS does for AssumeRoleWithSAML, and
// reads from the verified assertion what STS answers with and what a role's trust policy tests.
//
//	a, err := v.Verify(samlResponseB64, saml.Provider{EntityID: md.EntityID, Certificates: md.SigningCertificates})
//	ok := a.HasRole(roleARN, providerARN)            // the Role attribute pairs, either order
//	keys := a.ConditionKeys(accountID, providerName) // SAML:aud, SAML:sub, SAML:namequalifier, …
//
// The XML signature is checked by github.com/russellhaering/goxmldsig (exclusive and inclusive
// canonicalization, RSA and ECDSA with SHA-1/256/384/512) against the signing certificates of the
// provider's metadata. Signature wrapping is defeated by reading only what was verified: the
// element goxmldsig returns is a copy of the signed element as canonicalized, and every value is
// read from it — the Response when the Response is signed (its single Assertion then), else the
// single Assertion, which must carry its own enveloped signature whose Reference names its ID. A
// response with no signature, more than one assertion, an encrypted assertion or a DTD is
// refused before anything is read.
//
// What AWS requires of the assertion is checked (IAM User Guide, "Configure SAML assertions for
// the authentication response"): the Issuer is the provider's entity ID; exactly one
// SubjectConfirmation whose SubjectConfirmationData has a NotOnOrAfter and a Recipient that is an
// AWS sign-in SAML endpoint; Conditions' NotBefore/NotOnOrAfter; an AudienceRestriction naming
// the endpoint; and a RoleSessionName attribute. Expired windows are ExpiredTokenException, a
// failure status from the IdP IDPRejectedClaim, anything else InvalidIdentityToken — *Error
// values carrying the code.
//
// The package takes the provider's entity ID and certificates as values (from
// iam/providers/samlmeta, say) and imports nothing of ours, so STS can use it without IAM.
package saml
