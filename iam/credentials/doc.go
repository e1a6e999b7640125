// Package credentials implements IAM's operations on the credentials of IAM users other than
// access keys: login profiles (console passwords, with the account password policy, reuse
// prevention and expiry), SSH public keys for CodeCommit, X.509 signing certificates (also the
// root user's) and service-specific credentials (CodeCommit and Keyspaces passwords, Bedrock
// API keys). It also offers the web console its password check at sign-in (SignIn).
//
// It is a family of its own because these credentials share their rules (one owner user, the
// same authorization resource, parsing of untrusted key and certificate material, secrets that
// are hashed or sealed) and none of the other families needs them. Package iam composes it with
// the other operation families.
package credentials
