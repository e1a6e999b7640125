package console

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/gatehouse-iam/gatehouse/cloudtrail"
	"github.com/gatehouse-iam/gatehouse/iam"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/org"
)

// Prefix is where the console is served.
const Prefix = "/console"

// Defaults of Config.
const (
	// DefaultIdleTimeout ends a session nobody used for this long.
	DefaultIdleTimeout = time.Hour
	// DefaultMaxSession ends every session this long after sign-in, used or not (AWS's console
	// sessions of IAM users last 12 hours).
	DefaultMaxSession = 12 * time.Hour
	// DefaultRegion is the region console calls are made in (aws:RequestedRegion).
	DefaultRegion = "us-east-1"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Sealer seals and opens secrets at rest with associated data; *keyring.Keyring is one.
type Sealer interface {
	Seal(plaintext, associatedData []byte) ([]byte, error)
	Open(sealed, associatedData []byte) ([]byte, error)
}

// Config is what the console needs. IAM and Node are required.
type Config struct {
	// IAM is the IAM service the console calls as the signed-in principal.
	IAM *iam.Service
	// Node is the node's machinery: its store (MFA devices and account aliases at sign-in) and
	// its authenticator (one-time codes).
	Node *node.Node
	// Secrets seals the credentials of passkeys at rest, as the IAM service seals MFA seeds
	// (*keyring.Keyring, purpose keyring.SecretAccessKeys).
	Secrets Sealer
	// Logger receives sign-in failures, lockouts and internal errors (never a secret); nil
	// means slog.Default().
	Logger *slog.Logger
	// Now is the clock; nil means the node's.
	Now func() time.Time
	// IdleTimeout and MaxSession bound a session; zero means the defaults.
	IdleTimeout, MaxSession time.Duration
	// Region is the region of the console's calls; "" means DefaultRegion.
	Region string
}

// Console is the web console: an http.Handler for everything under Prefix.
type Console struct {
	cfg      Config
	log      *slog.Logger
	now      func() time.Time
	mux      *http.ServeMux
	sessions *sessions
	locks    *lockout
	csrf     csrfKeys
	pages    pages
	origin   *http.CrossOriginProtection
	// trail is CloudTrail's LookupEvents over the node's audit trail (the audit trail page).
	trail *cloudtrail.Service
	// orgs is AWS Organizations (the organization page, as the signed-in principal).
	orgs *org.Service
	// ceremonies are the WebAuthn registrations and sign-ins under way.
	ceremonies ceremonies
}

// New returns the console.
func New(cfg Config) *Console {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = cfg.Node.Now
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	if cfg.MaxSession <= 0 {
		cfg.MaxSession = DefaultMaxSession
	}
	if cfg.Region == "" {
		cfg.Region = DefaultRegion
	}
	c := &Console{cfg: cfg, log: cfg.Logger, now: cfg.Now, pages: loadPages(),
		origin: http.NewCrossOriginProtection(), trail: cloudtrail.New(cfg.Node),
		orgs: org.New(cfg.Node)}
	c.sessions = newSessions(cfg.Node.Store, cfg.Now, cfg.IdleTimeout, cfg.MaxSession, c.callerOf, cfg.Logger)
	c.locks = &lockout{st: cfg.Node.Store, now: cfg.Now}
	c.ceremonies = ceremonies{st: cfg.Node.Store}
	c.csrf = csrfKeys{st: cfg.Node.Store, secrets: cfg.Secrets, now: cfg.Now}
	c.mux = http.NewServeMux()
	c.routes()
	return c
}

// ServeHTTP serves the console: security headers on every answer, cross-origin state changes
// refused, then the page.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if r.TLS != nil {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	if err := c.origin.Check(r); err != nil {
		c.refuse(w, r, http.StatusForbidden, "This request came from another site and was refused.")
		return
	}
	c.mux.ServeHTTP(w, r)
}

// contentSecurityPolicy allows only the console's own scripts, styles and images: no inline
// script, no other origin, no framing.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// static serves the embedded stylesheet and script.
func staticHandler() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	files := http.StripPrefix(Prefix+"/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}
