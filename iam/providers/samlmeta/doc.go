// Package samlmeta parses and checks SAML 2.0 metadata documents of identity providers: the
// EntityDescriptor a customer uploads with CreateSAMLProvider or UpdateSAMLProvider, with its
// entity ID, its validity limit and the X.509 certificates the IdP signs assertions with.
//
// It is separate from the providers family so that it depends on the standard library only:
// IAM checks a document once when it is stored, and AssumeRoleWithSAML (STS) needs the same
// reading of the stored document to find the issuer and the signing certificates, without
// importing the IAM service.
package samlmeta
