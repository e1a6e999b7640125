package main

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/gatehouse-iam/gatehouse/feed"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/store/postgres"
	"github.com/gatehouse-iam/gatehouse/store/sqlite"
)

// ReadyPath is the readiness endpoint: 200 when this node has caught up with the change feed
// recently, 503 otherwise (the database is unreachable, or the node is behind). /healthz only
// says the process is up.
const ReadyPath = "/readyz"

// storeSpec says which store to open.
type storeSpec struct {
	dataDir     string
	ephemeral   bool
	databaseURL string // PostgreSQL when set
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

// newFollower returns the feed follower of the stack, wired to what its store offers:
// notifications and the sequencer on PostgreSQL, polling alone on SQLite. ctx bounds the
// notifications' connection.
func newFollower(ctx context.Context, s *stack, log *slog.Logger) *feed.Follower {
	o := feed.Options{Store: s.store, Apply: s.authz.Sync, Logger: log}
	if pg, ok := s.store.(*postgres.Store); ok {
		o.Sequence = pg.Sequence
		o.Notifications = pg.Notifications(ctx)
	}
	return feed.New(o)
}

// withReadyz serves ReadyPath from the follower and everything else from h.
func withReadyz(h http.Handler, f *feed.Follower) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == ReadyPath && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			f.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}
