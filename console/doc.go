// Package console is Gatehouse's web console, served by the gatehouse binary at /console: plain
// server-rendered HTML (html/template), an embedded stylesheet and a small script that only
// enhances, no external origin, a strict Content-Security-Policy.
//
// A console action is an API call by the signed-in principal: the console builds the query
// parameters the API would receive, decodes and validates them with the API's own decoder
// (wire/iamwire) and calls the IAM service's typed operation with a callctx.Caller for the
// signed-in user, so the policy engine decides exactly as for a signed request, and bad input
// gets the API's error.
//
// Sign-in: the account (ID or alias), the user name and the password are checked by IAM
// (credentials.SignIn); then a one-time code when the user has an MFA device; then, when an
// administrator required it or the password expired, a forced change under the account's
// password policy. Sessions are server-side, named by a random ID in an HttpOnly, SameSite=Strict
// cookie (Secure under TLS) scoped to /console; they end after an idle period and at an absolute
// limit. Every state change carries a CSRF token (an HMAC of the cookie) and cross-origin
// requests are refused. After LockoutThreshold failures in a row for a user, attempts are
// refused for a delay that doubles with each further failure; lockouts are logged.
package console
