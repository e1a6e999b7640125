package main

import (
	"context"
	"encoding/json"
	"github.com/gatehouse-iam/gatehouse/audit"
	"log/slog"
	"net/http"

	"github.com/gatehouse-iam/gatehouse/feed"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/store/postgres"
	"github.com/gatehouse-iam/gatehouse/store/sqlite"
)

// ReadyPath is the readiness endpoint: 200 when this node has caught up with the change feed
// recently, 503 otherwise (the database is unreachable, or the node is behind). /healthz only
// says the process is up.
const ReadyPath = "/readyz"

// storeSpec says which store to open, and how the node over it records its calls.
type storeSpec struct {
	dataDir     string
	ephemeral   bool
	databaseURL string // PostgreSQL when set
	audit       audit.Options
	auditOnly   bool // enforcement mode "audit"
}

func (sp storeSpec) open(ctx context.Context, log *slog.Logger) (store.Store, error) {
	switch {
	case sp.databaseURL != "":
		return postgres.Open(ctx, sp.databaseURL, log)
	case sp.ephemeral:
		return sqlite.OpenMemory(ctx)
	default:
		return sqlite.Open(ctx, sp.dataDir)
	}
}

// exclusive runs fn under the store's start-up lock when it has one (PostgreSQL: nodes
// starting together create the first account once), else just runs it.
func exclusive(ctx context.Context, st store.Store, fn func(context.Context) error) error {
	if ex, ok := st.(interface {
		Exclusive(context.Context, func(context.Context) error) error
	}); ok {
		return ex.Exclusive(ctx, fn)
	}
	return fn(ctx)
}

// nodeOptions adds to o what the store offers a node: on PostgreSQL, notifications of other
// nodes' writes and the change-feed sequencer.
func nodeOptions(st store.Store, o node.Options) node.Options {
	if pg, ok := st.(*postgres.Store); ok {
		o.Notifications = pg.Notifications
		o.Sequence = pg.Sequence
	}
	return o
}

// withReadyz serves ReadyPath from the node's feed watcher and everything else from h.
func withReadyz(h http.Handler, fw *feed.Watcher) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == ReadyPath && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			readyz(w, fw.Status())
			return
		}
		h.ServeHTTP(w, r)
	})
}

// readyz answers 200 and the status as JSON when the node is ready, 503 otherwise, so a load
// balancer sends traffic only to nodes that can serve it with current data.
func readyz(w http.ResponseWriter, st feed.Status) {
	body := struct {
		feed.Status
		LagSeconds float64 `json:"feed_lag_seconds"`
	}{st, st.Lag.Seconds()}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if !st.Ready {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	_ = json.NewEncoder(w).Encode(body)
}
