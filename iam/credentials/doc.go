// Package credentials implements IAM's operations on the credentials of IAM users other than access keys: login profiles (passwords), SSH public keys, signing certificates and service-specific credentials.
// Package iam composes it with the other operation families.
package credentials
