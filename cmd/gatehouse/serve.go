package main

import (
	"context"
	"crypto/tls"
	"database/sql"
	"errors"
	"fmt"
	"github.com/gatehouse-iam/gatehouse/analyzer"
	"github.com/gatehouse-iam/gatehouse/org"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/gatehouse-iam/gatehouse/api"
	"github.com/gatehouse-iam/gatehouse/audit"
	"github.com/gatehouse-iam/gatehouse/catalog/authref"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/cloudtrail"
	"github.com/gatehouse-iam/gatehouse/console"
	"github.com/gatehouse-iam/gatehouse/federation/issuer"
	"github.com/gatehouse-iam/gatehouse/iam"
	"github.com/gatehouse-iam/gatehouse/internal/memlimit"
	"github.com/gatehouse-iam/gatehouse/keyring"
	"github.com/gatehouse-iam/gatehouse/metrics"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/rolesanywhere"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/sts"
)

func init() {
	commands["serve"] = command{summary: "run the Gatehouse server (IAM and STS for the aws CLI and SDKs)", run: runServe}
}

const (
	// readHeaderTimeout bounds a client's request headers (slowloris).
	readHeaderTimeout = 10 * time.Second
	// idleTimeout closes idle keep-alive connections.
	idleTimeout = 2 * time.Minute
)

func runServe(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	cfg, err := loadConfig(args, os.LookupEnv, stderr)
	var help helpRequested
	switch {
	case errors.As(err, &help):
		fmt.Fprint(stdout, string(help))
		return 0
	case errors.Is(err, errBadFlags):
		return 2
	case err != nil:
		fmt.Fprintf(stderr, "gatehouse serve: %v\n", err)
		return 2
	}
	log, flushLog := newServeLogger(stderr, cfg.level(), cfg.LogFormat == "json")
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	err = serve(ctx, cfg, log, stdout)
	flushLog()
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse serve: %v\n", err)
		return 1
	}
	return 0
}

// stack is the wired server: store, keys, authorizer, services and HTTP handler.
type stack struct {
	store   store.Store
	node    *node.Node
	iam     *iam.Service
	handler http.Handler
	keys    *keyring.MasterKeys
	metrics *metrics.Metrics
}

// newMetrics is the node's metrics over its store's pools, change feed and audit trail.
func newMetrics(st store.Store, n *node.Node) *metrics.Metrics {
	src := metrics.Sources{FeedRevision: func() int64 { return n.Feed.Status().Revision },
		FeedLag: func() time.Duration { return n.Feed.Status().Lag }, UsageUnstored: n.Usage.Unstored}
	if p, ok := st.(interface {
		Pools() map[string]func() sql.DBStats
	}); ok {
		src.Pools = p.Pools()
	}
	if n.Trail != nil {
		src.AuditQueue, src.AuditWritten, src.AuditDropped = n.Trail.QueueLength, n.Trail.Written, n.Trail.Dropped
	}
	return metrics.New(src)
}

// openStack opens the store and the master keys and wires the services over them.
// publicURL is the base URL clients reach the server at (outbound federation issuers derive from
// it); "" leaves the IAM service's default.
// The administrative subcommands (accounts) reach a PostgreSQL deployment through
// GATEHOUSE_DATABASE_URL, as serve does.
func openStack(ctx context.Context, dataDir string, ephemeral bool, masterKey, publicURL string, log *slog.Logger) (*stack, error) {
	spec := storeSpec{dataDir: dataDir, ephemeral: ephemeral, databaseURL: os.Getenv(envName("database_url"))}
	return openStackOn(ctx, spec, masterKey, publicURL, log)
}

// openStackOn is openStack for any store: SQLite in a data directory or in memory, or
// PostgreSQL.
func openStackOn(ctx context.Context, spec storeSpec, masterKey, publicURL string, log *slog.Logger) (*stack, error) {
	dataDir, ephemeral := spec.dataDir, spec.ephemeral
	st, err := spec.open(ctx, log)
	if err != nil {
		return nil, err
	}
	keys, err := masterKeys(masterKey, dataDir, ephemeral)
	if err != nil {
		st.Close()
		return nil, err
	}
	for _, w := range keys.Warnings() {
		log.Warn(w)
	}
	secrets, err := keys.Keyring(keyring.SecretAccessKeys)
	if err != nil {
		st.Close()
		return nil, err
	}
	sessions, err := keys.Keyring(keyring.SessionTokens)
	if err != nil {
		st.Close()
		return nil, err
	}
	issuerKeys, err := keys.Keyring(keyring.IssuerKeys)
	if err != nil {
		st.Close()
		return nil, err
	}
	n := node.New(st, nodeOptions(st, node.Options{Secrets: secrets, Sessions: sessions, Logger: log,
		Audit: &spec.audit, AuditOnly: spec.auditOnly}))
	s := &stack{store: st, node: n, keys: keys}
	s.iam = iam.New(iam.Config{Node: n, Secrets: secrets, PublicURL: publicURL})
	stsService := sts.New(n, sts.WithIssuerKeys(issuerKeys))
	s.metrics = newMetrics(st, n)
	ra := rolesanywhere.New(n, stsService)
	apiHandler := api.New(api.Config{Node: n, IAM: s.iam.Handlers, STS: stsService.Handlers,
		AccessAnalyzer: analyzer.New(n).Handlers, Organizations: org.New(n).Handlers,
		CloudTrail: cloudtrail.New(n).Handlers, RolesAnywhere: ra.Handlers,
		Extras: []api.Extra{{Service: "rolesanywhere", Unsigned: true, Extra: ra.CreateSessionExtra()}}, Metrics: s.metrics, Logger: log})
	s.handler = withConsole(issuer.Routes(apiHandler, stsService.PublishedIssuer),
		console.New(console.Config{IAM: s.iam, Node: n, Secrets: secrets, Logger: log}))
	return s, nil
}

// withConsole serves the web console at console.Prefix and everything else through the API.
func withConsole(apiHandler, consoleHandler http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == console.Prefix || strings.HasPrefix(r.URL.Path, console.Prefix+"/") {
			consoleHandler.ServeHTTP(w, r)
			return
		}
		apiHandler.ServeHTTP(w, r)
	})
}

// masterKeys loads the master keys: GATEHOUSE_MASTER_KEY, else the data directory's key file;
// with --ephemeral and no variable, a random key that lives only in memory.
func masterKeys(spec, dataDir string, ephemeral bool) (*keyring.MasterKeys, error) {
	if spec == "" && ephemeral {
		k, err := keyring.GenerateKey(nil)
		if err != nil {
			return nil, err
		}
		spec = keyring.FormatKeys(k)
	}
	return keyring.Load(spec, dataDir, nil)
}

// serve runs the server until ctx is done, then drains and shuts down.
func serve(ctx context.Context, cfg *config, log *slog.Logger, stdout io.Writer) error {
	// The catalogs are decoded on first use; do it now, off the path to the first request.
	go func() { managed.Default(); authref.Default() }()

	ln, tlsConfig, endpoint, err := listen(cfg)
	if err != nil {
		return err
	}
	publicURL := cfg.PublicURL
	if publicURL == "" {
		publicURL = endpoint
	}
	sink, closeSink, err := auditSink(cfg.AuditExport, stdout)
	if err != nil {
		ln.Close()
		return err
	}
	defer closeSink()
	spec := storeSpec{dataDir: cfg.DataDir, ephemeral: cfg.Ephemeral, databaseURL: cfg.DatabaseURL,
		audit: audit.Options{Retention: cfg.AuditRetention, Sink: sink}, auditOnly: cfg.Enforcement == auditMode}
	s, err := openStackOn(ctx, spec, cfg.MasterKey, publicURL, log)
	if err != nil {
		ln.Close()
		return err
	}
	var created *createdAccount
	err = exclusive(ctx, s.store, func(ctx context.Context) (err error) {
		created, err = bootstrap(ctx, s, cfg, log)
		return err
	})
	if err != nil {
		ln.Close()
		s.store.Close()
		return err
	}
	srv := &http.Server{Handler: withReadyz(s.handler, s.node.Feed), ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: cfg.readTimeout(),
		IdleTimeout: idleTimeout, TLSConfig: tlsConfig, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}

	runCtx, stopRun := context.WithCancel(context.WithoutCancel(ctx))
	runDone := make(chan struct{})
	go func() { s.node.Run(runCtx); close(runDone) }()
	go memlimit.Guard(runCtx, cfg.memoryLimit(), log)
	serveErr := make(chan error, 1)
	go func() {
		if tlsConfig != nil {
			serveErr <- srv.ServeTLS(ln, "", "")
		} else {
			serveErr <- srv.Serve(ln)
		}
	}()
	stopMetrics, err := serveMetrics(cfg.MetricsAddr, s.metrics, log)
	if err != nil {
		log.Error("metrics listener", "error", err)
	}
	defer stopMetrics()
	announce(stdout, log, cfg, s, endpoint, created)

	var runErr error
	select {
	case <-ctx.Done():
		drain(ctx, srv, cfg.drainTimeout(), log)
	case err := <-serveErr:
		runErr = err
	}
	stopRun()
	<-runDone // the last usage flush
	if err := s.store.Close(); err != nil && runErr == nil {
		runErr = err
	}
	if errors.Is(runErr, http.ErrServerClosed) {
		runErr = nil
	}
	log.Info("gatehouse stopped")
	return runErr
}

// serveMetrics serves metrics.Path on a listener of its own at addr ("" for none, the metrics
// being on the main listener anyway), and returns the function that stops it.
func serveMetrics(addr string, m *metrics.Metrics, log *slog.Logger) (func(), error) {
	if addr == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return func() {}, err
	}
	mux := http.NewServeMux()
	mux.Handle("GET "+metrics.Path, m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: readHeaderTimeout}
	go srv.Serve(ln)
	log.Info("metrics listening", "addr", ln.Addr().String(), "path", metrics.Path)
	return func() { srv.Close() }, nil
}

// auditSink opens the audit export: nothing, stdout, or a file appended to (readable by its owner
// only: records name users, keys and addresses).
func auditSink(export string, stdout io.Writer) (io.Writer, func(), error) {
	switch export {
	case "":
		return nil, func() {}, nil
	case "stdout", "-":
		return stdout, func() {}, nil
	}
	f, err := os.OpenFile(export, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("audit export: %w", err)
	}
	return f, func() { f.Close() }, nil
}

// listen binds the listen address first, so that the endpoint (and the public URL's default) is
// the address actually bound (port 0 picks one), and loads the TLS certificate when configured.
func listen(cfg *config) (net.Listener, *tls.Config, string, error) {
	var tlsConfig *tls.Config
	scheme := "http"
	if cfg.tls() {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return nil, nil, "", fmt.Errorf("TLS: %w", err)
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		scheme = "https"
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, nil, "", err
	}
	return ln, tlsConfig, scheme + "://" + ln.Addr().String(), nil
}

// announce prints the start-up banner on stdout and logs the start.
func announce(stdout io.Writer, log *slog.Logger, cfg *config, s *stack, endpoint string, created *createdAccount) {
	fmt.Fprintf(stdout, "Gatehouse listening on %s\n", endpoint)
	if created != nil {
		printCreated(stdout, created)
	}
	fmt.Fprintf(stdout, "Point the aws CLI at it:\n  export AWS_ENDPOINT_URL=%s AWS_DEFAULT_REGION=us-east-1\n  aws sts get-caller-identity\n", endpoint)
	keySource := s.keys.Source()
	if cfg.Ephemeral && cfg.MasterKey == "" {
		keySource = "random, in memory (ephemeral)"
	}
	log.Info("gatehouse started", "endpoint", endpoint, "data_dir", dataDirForLog(cfg), "master_key", keySource)
}

// drain stops accepting connections and waits up to timeout for in-flight requests.
func drain(ctx context.Context, srv *http.Server, timeout time.Duration, log *slog.Logger) {
	log.Info("shutting down: draining in-flight requests", "timeout", timeout)
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	if err := srv.Shutdown(dctx); err != nil {
		log.Warn("drain incomplete", "error", err)
		srv.Close()
	}
}

func dataDirForLog(cfg *config) string {
	if cfg.DatabaseURL != "" {
		return "(PostgreSQL)"
	}
	if cfg.Ephemeral {
		return "(ephemeral)"
	}
	return cfg.DataDir
}

// createdAccount is an account made at start, for the "Created account" lines.
type createdAccount struct {
	id      string
	key     iam.RootKey
	fromEnv bool
}

// printCreated writes the "Created account" block. A generated secret is shown only here, once;
// a secret from GATEHOUSE_ROOT_SECRET_ACCESS_KEY is never printed.
func printCreated(w io.Writer, c *createdAccount) {
	if c.fromEnv {
		fmt.Fprintf(w, "Created account %s; root access key %s from %s\n", c.id, c.key.AccessKeyID, envRootKeyID)
		return
	}
	fmt.Fprintf(w, "Created account %s with a root access key (the secret is shown only this once):\n"+
		"  AWS_ACCESS_KEY_ID=%s\n  AWS_SECRET_ACCESS_KEY=%s\n", c.id, c.key.AccessKeyID, c.key.SecretAccessKey)
}

// bootstrap makes sure the default account exists, creating it (and its root key) on first
// start, and adds the GATEHOUSE_ROOT_* key to it if it is not there yet. The default account is
// GATEHOUSE_ACCOUNT_ID when set, else the oldest account.
func bootstrap(ctx context.Context, s *stack, cfg *config, log *slog.Logger) (*createdAccount, error) {
	accounts, err := listAccounts(ctx, s.store)
	if err != nil {
		return nil, err
	}
	id := cfg.AccountID
	exists := false
	for _, a := range accounts {
		if a.ID == id {
			exists = true
		}
	}
	if id == "" && len(accounts) > 0 {
		id, exists = accounts[0].ID, true
	}
	if !exists {
		acct, key, err := s.iam.CreateAccount(ctx, id, cfg.RootKey)
		if err != nil {
			return nil, err
		}
		return &createdAccount{id: acct.ID, key: key, fromEnv: cfg.RootKey != nil}, nil
	}
	if cfg.RootKey != nil {
		added, err := s.iam.EnsureRootKey(ctx, id, *cfg.RootKey)
		if err != nil {
			return nil, err
		}
		if added {
			log.Info("added a root access key from the environment", "account", id, "access_key_id", cfg.RootKey.AccessKeyID)
		}
	}
	return nil, nil
}

// listAccounts returns every account, oldest first.
func listAccounts(ctx context.Context, st store.Store) ([]store.Account, error) {
	var all []store.Account
	err := st.View(ctx, func(tx store.Tx) error {
		after := ""
		for {
			page, more, err := tx.Accounts().List(ctx, after, store.MaxListLimit)
			if err != nil {
				return err
			}
			all = append(all, page...)
			if !more || len(page) == 0 {
				return nil
			}
			after = page[len(page)-1].ID
		}
	})
	sort.SliceStable(all, func(i, j int) bool { return all[i].Created.Before(all[j].Created) })
	return all, err
}
