package metrics

import (
	"database/sql"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Path is where the metrics are served.
const Path = "/metrics"

// Sources are the node's parts that metrics read when scraped; nil ones are left out.
type Sources struct {
	// Pools are the store's connection pools by name ("write", "read").
	Pools map[string]func() sql.DBStats
	// FeedRevision and FeedLag are the newest change-feed revision applied here and how late.
	FeedRevision func() int64
	FeedLag      func() time.Duration
	// AuditQueue, AuditWritten and AuditDropped are the audit trail's queue length and counts.
	AuditQueue   func() int
	AuditWritten func() uint64
	AuditDropped func() uint64
	// UsageUnstored is how many usage records (last use of keys and roles, access advisor's
	// records) the node has noted but not yet stored.
	UsageUnstored func() int
}

// Metrics holds a node's collectors. A nil *Metrics records nothing.
type Metrics struct {
	reg          *prometheus.Registry
	requests     *prometheus.CounterVec
	duration     *prometheus.HistogramVec
	decisions    *prometheus.CounterVec
	authFailures *prometheus.CounterVec
}

// New returns the collectors, registered with the Go runtime's and the process's.
func New(src Sources) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "gatehouse_requests_total",
		Help: "API requests by service, operation and outcome (the AWS error code, or OK)."}, []string{"service", "operation", "code"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "gatehouse_request_duration_seconds",
		Help:    "Time from a request's arrival to its response, by service and operation.",
		Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}}, []string{"service", "operation"})
	m.decisions = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "gatehouse_authz_decisions_total",
		Help: "Authorization decisions: Allow, ExplicitDeny, ImplicitDeny (denials let through in enforcement mode audit are counted as denials)."},
		[]string{"decision"})
	m.authFailures = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "gatehouse_auth_failures_total",
		Help: "Requests refused before authorization, by reason (the AWS error code)."}, []string{"reason"})
	m.reg.MustRegister(m.requests, m.duration, m.decisions, m.authFailures,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.registerSources(src)
	return m
}

func (m *Metrics) registerSources(src Sources) {
	for pool, stats := range src.Pools {
		labels := prometheus.Labels{"pool": pool}
		m.reg.MustRegister(
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "gatehouse_store_open_connections", Help: "Open database connections.",
				ConstLabels: labels}, func() float64 { return float64(stats().OpenConnections) }),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "gatehouse_store_in_use_connections", Help: "Database connections in use.",
				ConstLabels: labels}, func() float64 { return float64(stats().InUse) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "gatehouse_store_waits_total",
				Help: "Times a request waited for a database connection.", ConstLabels: labels},
				func() float64 { return float64(stats().WaitCount) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "gatehouse_store_wait_seconds_total",
				Help: "Time spent waiting for database connections.", ConstLabels: labels},
				func() float64 { return stats().WaitDuration.Seconds() }))
	}
	if src.FeedRevision != nil {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "gatehouse_feed_revision",
			Help: "The newest change-feed revision this node's caches have applied."}, func() float64 { return float64(src.FeedRevision()) }))
	}
	if src.FeedLag != nil {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "gatehouse_feed_lag_seconds",
			Help: "How long after it was written the newest change reached this node's caches."}, func() float64 { return src.FeedLag().Seconds() }))
	}
	if src.AuditQueue != nil {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "gatehouse_audit_queue_length",
			Help: "Audit events not yet stored: queued, or in the write under way."}, func() float64 { return float64(src.AuditQueue()) }))
	}
	if src.UsageUnstored != nil {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "gatehouse_usage_unstored_records",
			Help: "Usage records (last use of access keys and roles, access advisor's records) noted but not yet stored."},
			func() float64 { return float64(src.UsageUnstored()) }))
	}
	if src.AuditWritten != nil {
		m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "gatehouse_audit_events_written_total",
			Help: "Audit events stored."}, func() float64 { return float64(src.AuditWritten()) }))
	}
	if src.AuditDropped != nil {
		m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "gatehouse_audit_events_dropped_total",
			Help: "Audit events lost: the queue was full or storing them failed."}, func() float64 { return float64(src.AuditDropped()) }))
	}
}

// Request counts one request and its duration. code is "" for success.
func (m *Metrics) Request(service, operation, code string, d time.Duration) {
	if m == nil {
		return
	}
	if code == "" {
		code = "OK"
	}
	m.requests.WithLabelValues(service, operation, code).Inc()
	m.duration.WithLabelValues(service, operation).Observe(d.Seconds())
}

// Decision counts one authorization decision.
func (m *Metrics) Decision(decision string) {
	if m != nil {
		m.decisions.WithLabelValues(decision).Inc()
	}
}

// AuthFailure counts one request refused by authentication.
func (m *Metrics) AuthFailure(reason string) {
	if m != nil {
		m.authFailures.WithLabelValues(reason).Inc()
	}
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}
