package console

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/store"
)

// Passkeys and security keys (WebAuthn, through github.com/go-webauthn/webauthn) are MFA devices
// of kind store.MFAPasskey: the serial number is an ARN as AWS gives FIDO devices
// (arn:aws:iam::ACCOUNT:u2f/user/NAME/DEVICE-ID), the credential (its ID, public key and flags)
// is sealed in the device's seed column like a TOTP seed, and the authenticator's signature
// counter is the device's last time-step, so a counter that does not grow (a cloned
// authenticator) is refused. ListMFADevices lists them with the user's other devices; they are
// never accepted as one-time codes.
//
// A user registers passkeys for itself only (the authenticator is in its browser), which IAM
// authorizes as iam:EnableMFADevice on the user. At sign-in, after the password, a user with a
// passkey may use it instead of a code.

// maxMFADevices is how many MFA devices IAM lets a user have.
const maxMFADevices = 8

// challengeLifetime bounds a WebAuthn ceremony.
const challengeLifetime = 5 * time.Minute

// ceremonies holds the WebAuthn session data (the challenge) of ceremonies under way, by console
// session and purpose, in the store with the sessions (under the hash of "ceremony:" and the
// session's ID and purpose, with no account), so a ceremony begun through one node ends
// through another.
type ceremonies struct {
	st store.Store
}

func ceremonyKey(key string) string { return hashID("ceremony:" + key) }

func (cs *ceremonies) put(ctx context.Context, key string, d *webauthn.SessionData, now time.Time) error {
	raw, err := json.Marshal(d)
	if err != nil {
		return err
	}
	row := store.ConsoleSession{IDHash: ceremonyKey(key), Data: raw, Created: now, Seen: now,
		Expires: now.Add(challengeLifetime)}
	return cs.st.Update(ctx, func(tx store.Tx) error { return tx.ConsoleSessions().Put(ctx, row) })
}

// take returns and forgets a ceremony's data: a challenge is answered once.
func (cs *ceremonies) take(ctx context.Context, key string, now time.Time) (*webauthn.SessionData, error) {
	var row store.ConsoleSession
	err := cs.st.Update(ctx, func(tx store.Tx) error {
		var err error
		if row, err = tx.ConsoleSessions().Get(ctx, ceremonyKey(key)); err != nil {
			return err
		}
		return tx.ConsoleSessions().Delete(ctx, ceremonyKey(key))
	})
	if errors.Is(err, store.ErrNotFound) || err == nil && !now.Before(row.Expires) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var d webauthn.SessionData
	if err := json.Unmarshal(row.Data, &d); err != nil {
		return nil, fmt.Errorf("console: reading a WebAuthn ceremony: %w", err)
	}
	return &d, nil
}

// passkeyUser is a user as WebAuthn sees it, with its registered credentials.
type passkeyUser struct {
	user    store.User
	devices []store.MFADevice
	creds   []webauthn.Credential
}

// WebAuthnID is the user handle: the user's ID, or the account ID for the root user (which has
// none, and a handle must not be empty).
func (u *passkeyUser) WebAuthnID() []byte {
	if u.user.ID == "" {
		return []byte(u.user.AccountID)
	}
	return []byte(u.user.ID)
}

func (u *passkeyUser) WebAuthnName() string                       { return u.user.Name }
func (u *passkeyUser) WebAuthnDisplayName() string                { return u.user.Name }
func (u *passkeyUser) WebAuthnCredentials() []webauthn.Credential { return u.creds }

// relyingParty is the WebAuthn relying party of a request: the console's own host, so passkeys
// are bound to the name users reach the console by (a browser refuses IP addresses).
func (c *Console) relyingParty(r *http.Request) (*webauthn.WebAuthn, error) {
	host := r.Host
	if h, _, ok := strings.Cut(host, ":"); ok && !strings.HasPrefix(host, "[") {
		host = h
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return webauthn.New(&webauthn.Config{RPID: host, RPDisplayName: "Gatehouse", RPOrigins: []string{scheme + "://" + r.Host}})
}

// loadPasskeys reads the user's devices and opens its passkeys' credentials.
func (c *Console) loadPasskeys(ctx context.Context, account string, u store.User) (*passkeyUser, error) {
	pu := &passkeyUser{user: u}
	err := c.cfg.Node.Store.View(ctx, func(tx store.Tx) error {
		ds, _, err := tx.MFADevices().ForUser(ctx, account, u.ID, store.ListOptions{})
		pu.devices = ds
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, d := range pu.devices {
		if d.Kind != store.MFAPasskey {
			continue
		}
		raw, err := c.cfg.Secrets.Open(d.SealedSeed, []byte(d.SerialNumber))
		if err != nil {
			return nil, fmt.Errorf("console: opening passkey %s: %w", d.SerialNumber, err)
		}
		var cred webauthn.Credential
		if err := json.Unmarshal(raw, &cred); err != nil {
			return nil, fmt.Errorf("console: reading passkey %s: %w", d.SerialNumber, err)
		}
		pu.creds = append(pu.creds, cred)
	}
	return pu, nil
}

// writeJSON answers v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// jsonError answers a ceremony's failure.
func jsonError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// passkeyRegisterOptions begins registering a passkey for the signed-in user.
func (c *Console) passkeyRegisterOptions(w http.ResponseWriter, r *http.Request, s *session) {
	if err := c.mayEnableMFA(r, s); err != nil {
		c.jsonAPIError(w, r, err)
		return
	}
	rp, err := c.relyingParty(r)
	if err != nil {
		jsonError(w, http.StatusBadRequest, "Passkeys need the console to be reached by a host name: "+err.Error())
		return
	}
	pu, err := c.loadPasskeys(r.Context(), s.account, s.user)
	if err != nil {
		c.internal(w, r, err)
		return
	}
	var exclude []protocol.CredentialDescriptor
	for _, cr := range pu.creds {
		exclude = append(exclude, cr.Descriptor())
	}
	creation, data, err := rp.BeginRegistration(pu, webauthn.WithExclusions(exclude),
		webauthn.WithResidentKeyRequirement(protocol.ResidentKeyRequirementPreferred))
	if err != nil {
		c.internal(w, r, err)
		return
	}
	if err := c.ceremonies.put(r.Context(), s.id+"/register", data, c.now()); err != nil {
		c.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, creation)
}

// mayEnableMFA authorizes registering a device for the signed-in user, as EnableMFADevice is.
func (c *Console) mayEnableMFA(r *http.Request, s *session) error {
	return c.cfg.Node.Authz.Authorize(r.Context(), callctxOf(c, r, s), authz.Request{Action: "iam:EnableMFADevice",
		Resource: s.user.ARN})
}

// jsonAPIError answers an API error (AccessDenied…) as JSON; anything else is internal.
func (c *Console) jsonAPIError(w http.ResponseWriter, r *http.Request, err error) {
	if e := apiError(err); e != nil && e.Code != "InternalFailure" {
		jsonError(w, e.Status, e.Code+": "+e.Message)
		return
	}
	c.internal(w, r, err)
}

var deviceName = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)

// passkeyRegister finishes a registration and stores the passkey as an MFA device of the user.
func (c *Console) passkeyRegister(w http.ResponseWriter, r *http.Request, s *session) {
	name := r.PostForm.Get("name")
	if !deviceName.MatchString(name) {
		jsonError(w, http.StatusBadRequest, "The device name must be 1 to 64 letters, digits or +=,.@_- characters.")
		return
	}
	data, err := c.ceremonies.take(r.Context(), s.id+"/register", c.now())
	if err != nil {
		c.internal(w, r, err)
		return
	}
	if data == nil {
		jsonError(w, http.StatusBadRequest, "The registration expired; try again.")
		return
	}
	if err := c.mayEnableMFA(r, s); err != nil {
		c.jsonAPIError(w, r, err)
		return
	}
	rp, err := c.relyingParty(r)
	if err != nil {
		jsonError(w, http.StatusBadRequest, err.Error())
		return
	}
	pu, err := c.loadPasskeys(r.Context(), s.account, s.user)
	if err != nil {
		c.internal(w, r, err)
		return
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes([]byte(r.PostForm.Get("credential")))
	if err != nil {
		jsonError(w, http.StatusBadRequest, "The authenticator's answer could not be read.")
		return
	}
	cred, err := rp.CreateCredential(pu, *data, parsed)
	if err != nil {
		c.log.Info("console: passkey registration refused", "principal", s.caller.ARN, "err", err)
		jsonError(w, http.StatusBadRequest, "The authenticator's answer did not verify.")
		return
	}
	serial, err := c.storePasskey(r.Context(), s, pu, name, cred)
	if err != nil {
		c.jsonAPIError(w, r, err)
		return
	}
	c.log.Info("console: passkey registered", "principal", s.caller.ARN, "serial", serial)
	writeJSON(w, http.StatusOK, map[string]string{"serialNumber": serial})
}

// limitExceeded is IAM's answer to a ninth MFA device.
func limitExceeded() error {
	return awserr.New("LimitExceeded", http.StatusConflict, "Cannot exceed quota for MFADevicesPerUser: %d", maxMFADevices)
}

// storePasskey seals the credential and stores it as a device enabled for the user.
func (c *Console) storePasskey(ctx context.Context, s *session, pu *passkeyUser, name string, cred *webauthn.Credential) (string, error) {
	if len(pu.devices) >= maxMFADevices {
		return "", limitExceeded()
	}
	var suffix [10]byte
	rand.Read(suffix[:])
	id := strings.ToUpper(fmt.Sprintf("%x", suffix[:]))
	// AWS's serial numbers of security keys: u2f/user/NAME/… for a user's, u2f/root/… for the
	// root user's (as AWS's GetMFADevice example shows).
	owner := "user/" + s.user.Name
	if s.root {
		owner = "root"
	}
	serial := fmt.Sprintf("arn:aws:iam::%s:u2f/%s/%s-%s", s.account, owner, name, id)
	raw, err := json.Marshal(cred)
	if err != nil {
		return "", err
	}
	sealed, err := c.cfg.Secrets.Seal(raw, []byte(serial))
	if err != nil {
		return "", err
	}
	now := c.now().UTC().Truncate(time.Second)
	d := store.MFADevice{SerialNumber: serial, AccountID: s.account, Kind: store.MFAPasskey, Name: name,
		Path: "/", SealedSeed: sealed}
	return serial, c.cfg.Node.Store.Update(ctx, func(tx store.Tx) error {
		if err := tx.MFADevices().Create(ctx, d); err != nil {
			return err
		}
		return tx.MFADevices().Assign(ctx, serial, s.user.ID, s.root, now, int64(cred.Authenticator.SignCount))
	})
}

// passkeyLoginOptions begins the passkey step of a sign-in that is at the MFA step.
func (c *Console) passkeyLoginOptions(w http.ResponseWriter, r *http.Request) {
	s := c.current(r)
	if s == nil || s.stage != stageMFA {
		jsonError(w, http.StatusUnauthorized, "Sign in with your password first.")
		return
	}
	rp, err := c.relyingParty(r)
	if err != nil {
		jsonError(w, http.StatusBadRequest, err.Error())
		return
	}
	pu, err := c.loadPasskeys(r.Context(), s.account, s.user)
	if err != nil {
		c.internal(w, r, err)
		return
	}
	if len(pu.creds) == 0 {
		jsonError(w, http.StatusBadRequest, "You have no passkey.")
		return
	}
	assertion, data, err := rp.BeginLogin(pu)
	if err != nil {
		c.internal(w, r, err)
		return
	}
	if err := c.ceremonies.put(r.Context(), s.id+"/login", data, c.now()); err != nil {
		c.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, assertion)
}

// passkeyLogin finishes the passkey step: a verified assertion is the second factor.
func (c *Console) passkeyLogin(w http.ResponseWriter, r *http.Request) {
	s := c.current(r)
	if s == nil || s.stage != stageMFA {
		jsonError(w, http.StatusUnauthorized, "Sign in with your password first.")
		return
	}
	ev := sessionSignIn(s)
	ev.MFAUsed = true
	if d, err := c.refusedLocked(r, s.lockKey(), ev); err != nil {
		c.internal(w, r, err)
		return
	} else if d > 0 {
		jsonError(w, http.StatusTooManyRequests, fmt.Sprintf("Too many failed sign-in attempts. Try again in %s.", roundUp(d)))
		return
	}
	ok, err := c.verifyAssertion(r, s)
	if err != nil {
		c.internal(w, r, err)
		return
	}
	if !ok {
		c.countFailure(r, s.lockKey(), ev)
		jsonError(w, http.StatusUnauthorized, "The passkey did not verify.")
		return
	}
	next := *s
	next.mfa, next.mfaTime = true, c.now()
	rec := &redirectRecorder{header: http.Header{}}
	c.afterSecondFactor(rec, r, &next)
	for k, v := range rec.header {
		if k != "Location" {
			w.Header()[k] = v
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"redirect": rec.header.Get("Location")})
}

// verifyAssertion checks the assertion against the user's passkeys and records the
// authenticator's counter.
func (c *Console) verifyAssertion(r *http.Request, s *session) (bool, error) {
	data, err := c.ceremonies.take(r.Context(), s.id+"/login", c.now())
	if err != nil {
		return false, err
	}
	rp, err := c.relyingParty(r)
	if data == nil || err != nil {
		return false, nil
	}
	pu, err := c.loadPasskeys(r.Context(), s.account, s.user)
	if err != nil {
		return false, err
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes([]byte(r.PostForm.Get("credential")))
	if err != nil {
		return false, nil
	}
	cred, err := rp.ValidateLogin(pu, *data, parsed)
	if err != nil || cred.Authenticator.CloneWarning {
		c.log.Info("console: passkey assertion refused", "user", s.lockKey(), "err", err)
		return false, nil
	}
	return c.recordCounter(r.Context(), pu, cred)
}

// recordCounter stores the authenticator's new signature counter; a counter that did not grow
// (when the authenticator keeps one) is refused.
func (c *Console) recordCounter(ctx context.Context, pu *passkeyUser, cred *webauthn.Credential) (bool, error) {
	if cred.Authenticator.SignCount == 0 {
		return true, nil
	}
	for i, known := range pu.creds {
		if !bytes.Equal(known.ID, cred.ID) {
			continue
		}
		serial := pu.passkeySerial(i)
		err := c.cfg.Node.Store.Update(ctx, func(tx store.Tx) error {
			return tx.MFADevices().AcceptTimeStep(ctx, serial, int64(cred.Authenticator.SignCount))
		})
		if errors.Is(err, store.ErrConflict) {
			return false, nil
		}
		return err == nil, err
	}
	return false, nil
}

// passkeySerial is the serial number of the i-th passkey credential.
func (u *passkeyUser) passkeySerial(i int) string {
	n := 0
	for _, d := range u.devices {
		if d.Kind != store.MFAPasskey {
			continue
		}
		if n == i {
			return d.SerialNumber
		}
		n++
	}
	return ""
}

// redirectRecorder catches the headers (the new cookie, the redirect) a page handler writes, so
// a JSON answer can carry them.
type redirectRecorder struct {
	header http.Header
}

func (r *redirectRecorder) Header() http.Header         { return r.header }
func (r *redirectRecorder) Write(b []byte) (int, error) { return len(b), nil }
func (r *redirectRecorder) WriteHeader(int)             {}
