package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
)

// Dialect holds what really differs between SQL backends.
type Dialect struct {
	Name string
	// WriteTx and ReadTx are the options Update and View begin their transactions with.
	WriteTx, ReadTx sql.TxOptions
	// IsUniqueViolation and IsForeignKeyViolation classify driver errors.
	IsUniqueViolation     func(error) bool
	IsForeignKeyViolation func(error) bool
	// IsRetryable reports a transaction the database rolled back to resolve a deadlock or a
	// serialization conflict: Update runs the closure again. Nil: never.
	IsRetryable func(error) bool
	// IsUnavailable reports an error that means the database could not be reached or went
	// away (a restart, a failover, a broken connection): store.ErrUnavailable.
	IsUnavailable func(error) bool
	// Savepoints wraps each write in a savepoint, for databases where a failed statement
	// aborts the whole transaction (PostgreSQL): a failed store call must leave the
	// transaction usable, as SQLite's statement rollback does.
	Savepoints bool
	// RowLocks is the clause that locks the rows a SELECT reads until commit, for databases
	// whose writers run concurrently (PostgreSQL: "FOR NO KEY UPDATE"). Inside Update, reading
	// an aggregate locks it (see lock.go), which is what keeps read-check-write sequences
	// (quotas, version limits, read-modify-write of one entity) correct without one row every
	// writer locks. "" for databases with a single writer (SQLite), where it is not needed.
	RowLocks string
	// Sequencer, if set, makes writers record their changes without a revision; revisions are
	// handed out after commit by Store.Sequence (sequencer.go), so writers never queue on one
	// counter row. Nil: each Update numbers its own changes (SQLite, one writer at a time).
	Sequencer *Sequencer
	// CacheStatements keeps each distinct query prepared on each connection, for drivers that
	// would parse it again on every call (modernc SQLite). pgx caches statements itself.
	CacheStatements bool
}

// sequenceTimeout bounds the numbering that follows a commit, so a database that stops
// answering cannot hold a request whose write has already committed.
const sequenceTimeout = 5 * time.Second

// errRetry marks an attempt of Update that must run again.
var errRetry = errors.New("store: transaction rolled back by the database; retrying")

// maxAttempts bounds how often Update runs a closure whose transaction the database rolled
// back to break a deadlock.
const maxAttempts = 8

// Store implements store.Store over database/sql.
type Store struct {
	write, read           *sql.DB
	d                     Dialect
	onClose               func() error
	writeStmts, readStmts *stmtCache
}

var _ store.Store = (*Store)(nil)

// New returns a Store that writes through write and reads through read (they may be the same
// pool). onClose, if not nil, runs after both pools are closed.
func New(write, read *sql.DB, d Dialect, onClose func() error) *Store {
	s := &Store{write: write, read: read, d: d, onClose: onClose}
	if d.CacheStatements {
		s.writeStmts = newStmtCache(write)
		s.readStmts = s.writeStmts
		if read != write {
			s.readStmts = newStmtCache(read)
		}
	}
	return s
}

// Dialect returns the store's dialect.
func (s *Store) Dialect() Dialect { return s.d }

// Update implements store.Store. A transaction the database rolled back to resolve a deadlock
// between writers is run again, closure and all, a bounded number of times.
func (s *Store) Update(ctx context.Context, fn func(store.Tx) error) error {
	for attempt := 1; ; attempt++ {
		changed, err := s.update(ctx, fn)
		if err == nil {
			if changed && s.d.Sequencer != nil {
				// The write has committed: a failure here only delays its revision until the
				// next Sequence (any node's follower runs one every poll).
				sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sequenceTimeout)
				_, _ = s.Sequence(sctx)
				cancel()
			}
			return nil
		}
		retry := errors.Is(err, errRetry) || (s.d.IsRetryable != nil && s.d.IsRetryable(err))
		if attempt >= maxAttempts || !retry || ctx.Err() != nil {
			return s.classify(err)
		}
		backoff(ctx, attempt)
	}
}

// backoff sleeps a little longer at each attempt, with jitter, so writers that deadlocked
// do not meet again in the same order.
func backoff(ctx context.Context, attempt int) {
	d := time.Duration(attempt) * time.Millisecond
	d += time.Duration(rand.Int64N(int64(d)))
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// classify adds store.ErrUnavailable to an error that means the database is out of reach.
func (s *Store) classify(err error) error {
	if err == nil || errors.Is(err, store.ErrUnavailable) || s.d.IsUnavailable == nil || !s.d.IsUnavailable(err) {
		return err
	}
	return fmt.Errorf("%w: %w", store.ErrUnavailable, err)
}

// update runs one attempt of Update and reports whether it committed changes.
func (s *Store) update(ctx context.Context, fn func(store.Tx) error) (bool, error) {
	sqlTx, err := s.write.BeginTx(ctx, &s.d.WriteTx)
	if err != nil {
		return false, fmt.Errorf("store: begin: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			_ = sqlTx.Rollback()
		}
	}()
	t := &tx{tx: sqlTx, d: &s.d, stmts: s.writeStmts}
	err = fn(t)
	if t.mustRetry {
		// The database rolled the transaction back (a deadlock), whatever fn made of the
		// error it saw: run the whole closure again.
		return false, errors.Join(errRetry, err)
	}
	if err != nil {
		return false, err
	}
	pending, err := t.recordPending(ctx)
	if err != nil {
		return false, err
	}
	if len(t.changes) > 0 {
		if err := t.recordChanges(ctx); err != nil {
			return false, err
		}
	}
	if err := sqlTx.Commit(); err != nil {
		return false, fmt.Errorf("store: commit: %w", err)
	}
	committed = true
	if pending != nil {
		pending.MarkRecorded()
	}
	return len(t.changes) > 0, nil
}

// View implements store.Store.
func (s *Store) View(ctx context.Context, fn func(store.Tx) error) error {
	sqlTx, err := s.read.BeginTx(ctx, &s.d.ReadTx)
	if err != nil {
		return s.classify(fmt.Errorf("store: begin: %w", err))
	}
	defer func() { _ = sqlTx.Rollback() }()
	return s.classify(fn(&tx{tx: sqlTx, d: &s.d, readOnly: true, stmts: s.readStmts}))
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	return s.classify(s.write.PingContext(ctx))
}

// Close implements store.Store.
func (s *Store) Close() error {
	var err error
	if s.writeStmts != nil {
		err = s.writeStmts.close()
		if s.readStmts != s.writeStmts {
			err = errors.Join(err, s.readStmts.close())
		}
	}
	err = errors.Join(err, s.write.Close())
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	if s.onClose != nil {
		err = errors.Join(err, s.onClose())
	}
	return err
}

// tx implements store.Tx; the aggregate values are thin views of it.
type tx struct {
	tx       *sql.Tx
	d        *Dialect
	readOnly bool
	stmts    *stmtCache // nil: statements are not cached
	changes  []store.Change
	seen     map[store.Change]struct{}
	locked   map[lockKey]struct{}
	// mustRetry: a statement failed because the database rolled the transaction back.
	mustRetry bool
	// wrote: a write statement ran (the request's pending audit event goes with it).
	wrote bool
}

func (t *tx) Accounts() store.Accounts                       { return accounts{t} }
func (t *tx) Users() store.Users                             { return users{t} }
func (t *tx) AccessKeys() store.AccessKeys                   { return accessKeys{t} }
func (t *tx) Groups() store.Groups                           { return groups{t} }
func (t *tx) Roles() store.Roles                             { return roles{t} }
func (t *tx) InstanceProfiles() store.InstanceProfiles       { return instanceProfiles{t} }
func (t *tx) Policies() store.Policies                       { return policies{t} }
func (t *tx) Attachments() store.Attachments                 { return attachments{t} }
func (t *tx) InlinePolicies() store.InlinePolicies           { return inlinePolicies{t} }
func (t *tx) LoginProfiles() store.LoginProfiles             { return loginProfiles{t} }
func (t *tx) MFADevices() store.MFADevices                   { return mfaDevices{t} }
func (t *tx) SSHPublicKeys() store.SSHPublicKeys             { return sshKeys{t} }
func (t *tx) SigningCertificates() store.SigningCertificates { return signingCerts{t} }
func (t *tx) ServerCertificates() store.ServerCertificates   { return serverCerts{t} }
func (t *tx) ServiceCredentials() store.ServiceCredentials   { return serviceCreds{t} }
func (t *tx) OIDCProviders() store.OIDCProviders             { return oidcProviders{t} }
func (t *tx) SAMLProviders() store.SAMLProviders             { return samlProviders{t} }
func (t *tx) Tags() store.Tags                               { return tags{t} }
func (t *tx) LastAccessed() store.LastAccessed               { return lastAccessed{t} }
func (t *tx) Authz() store.Authz                             { return authz{t} }
func (t *tx) ChangeFeed() store.ChangeFeed                   { return changeFeed{t} }
func (t *tx) Analyzers() store.Analyzers                     { return analyzers{t} }
func (t *tx) Organizations() store.Organizations             { return organizations{t} }
func (t *tx) OutboundIssuers() store.OutboundIssuers         { return outboundIssuers{t} }
func (t *tx) RolesAnywhere() store.RolesAnywhere             { return rolesAnywhere{t} }
func (t *tx) Events() store.Events                           { return events{t} }
func (t *tx) ConsoleSessions() store.ConsoleSessions         { return consoleSessions{t} }
func (t *tx) ServiceLinkedRoleDeletions() store.ServiceLinkedRoleDeletions {
	return slrDeletions{t}
}

// changed notes that an entity changed, once per transaction.
func (t *tx) changed(accountID string, kind store.Kind, key string) {
	c := store.Change{AccountID: accountID, Kind: kind, Key: key}
	if _, ok := t.seen[c]; ok {
		return
	}
	if t.seen == nil {
		t.seen = make(map[store.Change]struct{})
	}
	t.seen[c] = struct{}{}
	t.changes = append(t.changes, c)
}

// exec runs a write and maps constraint violations to the store's sentinels; what names the
// entity in the error.
func (t *tx) exec(ctx context.Context, what, q string, args ...any) (sql.Result, error) {
	if t.readOnly {
		return nil, fmt.Errorf("%s: %w", what, store.ErrReadOnly)
	}
	var res sql.Result
	err := t.guarded(ctx, func() (err error) {
		res, err = t.execRaw(ctx, q, args...)
		return err
	})
	if err != nil {
		return nil, t.mapErr(what, err)
	}
	return res, nil
}

// guarded runs one write, inside a savepoint when the dialect needs one.
func (t *tx) guarded(ctx context.Context, write func() error) error {
	t.wrote = true
	if !t.d.Savepoints {
		return write()
	}
	if _, err := t.tx.ExecContext(ctx, "SAVEPOINT store_write"); err != nil {
		return err
	}
	if err := write(); err != nil {
		if _, rerr := t.tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT store_write"); rerr != nil {
			return errors.Join(err, rerr)
		}
		_, _ = t.tx.ExecContext(ctx, "RELEASE SAVEPOINT store_write")
		return err
	}
	_, err := t.tx.ExecContext(ctx, "RELEASE SAVEPOINT store_write")
	return err
}

// execOne is exec for a write that must touch exactly one row, else ErrNotFound.
func (t *tx) execOne(ctx context.Context, what, q string, args ...any) error {
	res, err := t.exec(ctx, what, q, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	return nil
}

// writeRow runs a write with RETURNING and scans its single row; no row is ErrNotFound.
func (t *tx) writeRow(ctx context.Context, what, q string, args []any, dest ...any) error {
	if t.readOnly {
		return fmt.Errorf("%s: %w", what, store.ErrReadOnly)
	}
	if err := t.guarded(ctx, func() error { return t.queryRow(ctx, q, args...).Scan(dest...) }); err != nil {
		return t.mapErr(what, err)
	}
	return nil
}

// one reads a single row; no row is ErrNotFound.
func (t *tx) one(ctx context.Context, what, q string, args []any, dest ...any) error {
	if err := t.queryRow(ctx, q, args...).Scan(dest...); err != nil {
		return t.mapErr(what, err)
	}
	return nil
}

// count reads a single integer.
func (t *tx) count(ctx context.Context, what, q string, args ...any) (int, error) {
	var n int
	err := t.one(ctx, what, q, args, &n)
	return n, err
}

func (t *tx) mapErr(what string, err error) error {
	if t.d.IsRetryable != nil && t.d.IsRetryable(err) {
		t.mustRetry = true
	}
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	case t.d.IsUniqueViolation != nil && t.d.IsUniqueViolation(err):
		return fmt.Errorf("%s: %w", what, store.ErrAlreadyExists)
	case t.d.IsForeignKeyViolation != nil && t.d.IsForeignKeyViolation(err):
		return fmt.Errorf("%s: a referenced entity: %w", what, store.ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// rowScanner is what *sql.Row and *sql.Rows have in common.
type rowScanner interface{ Scan(dest ...any) error }

// list runs a listing query and scans each row with scan.
func list[T any](ctx context.Context, t *tx, what string, q *qb, scan func(rowScanner) (T, error)) ([]T, error) {
	rows, err := t.query(ctx, q.String(), q.args...)
	if err != nil {
		return nil, t.mapErr(what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// page trims a listing fetched with limit+1 rows to limit and reports whether more exist.
func page[T any](items []T, limit int) ([]T, bool) {
	if len(items) > limit {
		return items[:limit], true
	}
	return items, false
}

// limit normalizes a requested page size.
func limit(n int) int {
	if n <= 0 || n > store.MaxListLimit {
		return store.MaxListLimit
	}
	return n
}

// qb builds a query and numbers its $n placeholders.
type qb struct {
	strings.Builder
	args []any
}

func newQB(s string, args ...any) *qb {
	q := &qb{args: args}
	q.WriteString(s)
	return q
}

// arg adds an argument and returns its placeholder.
func (q *qb) arg(v any) string {
	q.args = append(q.args, v)
	return "$" + strconv.Itoa(len(q.args))
}

// add appends SQL text in which each "?" is replaced by the placeholder of the next value.
func (q *qb) add(s string, vals ...any) *qb {
	for _, v := range vals {
		i := strings.IndexByte(s, '?')
		q.WriteString(s[:i])
		q.WriteString(q.arg(v))
		s = s[i+1:]
	}
	q.WriteString(s)
	return q
}

// pathPrefix adds a path filter on column col ("" and "/" filter nothing).
func (q *qb) pathPrefix(col, prefix string) *qb {
	if prefix == "" || prefix == "/" {
		return q
	}
	return q.add(" AND substr("+col+", 1, ?) = ?", len(prefix), prefix)
}

// fold is how names IAM compares without regard to case are keyed. IAM names are ASCII.
func fold(s string) string { return strings.ToLower(s) }

// ts converts a time to its stored form: Unix nanoseconds, or NULL for the zero time.
func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixNano()
}

// tsNN is ts for NOT NULL columns.
func tsNN(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// nt scans a stored time into *t, in UTC; NULL and 0 give the zero time.
type nt struct{ t *time.Time }

func (n nt) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*n.t = time.Time{}
	case int64:
		if x == 0 {
			*n.t = time.Time{}
		} else {
			*n.t = time.Unix(0, x).UTC()
		}
	default:
		return fmt.Errorf("time column holds %T", v)
	}
	return nil
}

// ns scans a nullable text column into *s ("" for NULL).
type ns struct{ s *string }

func (n ns) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*n.s = ""
	case string:
		*n.s = x
	case []byte:
		*n.s = string(x)
	default:
		return fmt.Errorf("text column holds %T", v)
	}
	return nil
}

// nullIfEmpty stores "" as NULL, for nullable references.
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// writeRows runs a write with RETURNING and scans every row it returns.
func (t *tx) writeRows(ctx context.Context, what, q string, args []any, scan func(rowScanner) error) error {
	if t.readOnly {
		return fmt.Errorf("%s: %w", what, store.ErrReadOnly)
	}
	err := t.guarded(ctx, func() error {
		rows, err := t.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		return t.mapErr(what, err)
	}
	return nil
}

// deleteOwned removes the inline policies, attachments and tags of a principal or resource,
// which live in shared tables without foreign keys.
func (t *tx) deleteOwned(ctx context.Context, what string, pk store.PrincipalKind, tk store.Kind, id string) error {
	if pk != "" {
		if _, err := t.exec(ctx, what, `DELETE FROM inline_policies WHERE principal_kind = $1 AND principal_id = $2`, string(pk), id); err != nil {
			return err
		}
		if _, err := t.exec(ctx, what, `DELETE FROM policy_attachments WHERE principal_kind = $1 AND principal_id = $2`, string(pk), id); err != nil {
			return err
		}
	}
	if tk != "" {
		if _, err := t.exec(ctx, what, `DELETE FROM tags WHERE resource_kind = $1 AND resource_key = $2`, string(tk), id); err != nil {
			return err
		}
	}
	return nil
}

// accountOf reads the account of the row with primary key id in table (a constant of ours);
// a missing row is ErrNotFound.
func (t *tx) accountOf(ctx context.Context, what, table, id string) (string, error) {
	var account string
	err := t.one(ctx, what, `SELECT account_id FROM `+table+` WHERE id = $1`, []any{id}, &account)
	return account, err
}

// Pools returns the statistics of the store's connection pools by name: "write", and "read" when
// reads have a pool of their own.
func (s *Store) Pools() map[string]func() sql.DBStats {
	out := map[string]func() sql.DBStats{"write": s.write.Stats}
	if s.read != s.write {
		out["read"] = s.read.Stats
	}
	return out
}
