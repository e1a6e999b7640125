package e2e

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/keyring"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/store/sqlite"
)

// scalePolicies is how many managed policies each bulk-loaded user has attached, all ten the
// same documents (users of one organization share a few managed policies).
const scalePolicies = 10

// scaleLoaderVersion names what bulkLoad writes: change it when the loaded data changes, so a
// cache (GATEHOUSE_SCALE_CACHE) built by an older loader is not used.
const scaleLoaderVersion = 2

// scaleFixture is a data directory holding bulk-loaded users, and what a client needs to use it.
// Its JSON form (fixture.json) is stored beside a cached data directory, the users in users.tsv.
type scaleFixture struct {
	MasterKey string
	Root      creds
	Account   string
	Schema    int // the newest migration applied to the database

	dataDir string
	users   []scaleUser
}

// scaleUser is a bulk-loaded user's name and key.
type scaleUser struct {
	name string
	key  creds
}

// scaleData returns a data directory of n bulk-loaded users for one server to use. With
// GATEHOUSE_SCALE_CACHE set, the data directory is built once per size and loader version under
// that directory and copied for each run (a server writes to its database: the cached one stays
// as the loader left it); a cached database of an older schema is migrated once, in the cache,
// so that no run's start-up includes a migration. Without it, it is built in a temporary
// directory. GATEHOUSE_SCALE_PREPARE=1 only fills the cache.
func scaleData(b *testing.B, n int) *scaleFixture {
	cache := os.Getenv("GATEHOUSE_SCALE_CACHE")
	if cache == "" {
		return buildScaleData(b, b.TempDir(), n)
	}
	entry := filepath.Join(cache, fmt.Sprintf("users-%d-loader-%d", n, scaleLoaderVersion))
	if _, err := os.Stat(entry); errors.Is(err, fs.ErrNotExist) {
		tmp := fmt.Sprintf("%s.tmp-%d", entry, os.Getpid())
		if err := os.MkdirAll(tmp, 0o700); err != nil {
			b.Fatal(err)
		}
		defer os.RemoveAll(tmp)
		fx := buildScaleData(b, tmp, n)
		fx.Schema = schemaVersion(b)
		saveScaleFixture(b, tmp, fx)
		if err := os.Rename(tmp, entry); err != nil {
			b.Fatal(err)
		}
	} else if err != nil {
		b.Fatal(err)
	}
	fx := loadScaleFixture(b, entry)
	migrateCached(b, entry, fx)
	if os.Getenv("GATEHOUSE_SCALE_PREPARE") == "1" {
		b.Skipf("GATEHOUSE_SCALE_PREPARE=1: %d users are in %s", n, entry)
	}
	t0 := time.Now()
	fx.dataDir = filepath.Join(b.TempDir(), "data")
	copyDir(b, filepath.Join(entry, "data"), fx.dataDir)
	b.Logf("%d users: data directory copied from the cache %s in %s", n, entry, time.Since(t0).Round(time.Millisecond))
	return fx
}

// migrateCached brings a cached database built at an older schema up to date, as a server's
// start would.
func migrateCached(b *testing.B, entry string, fx *scaleFixture) {
	switch now := schemaVersion(b); {
	case fx.Schema > now:
		b.Fatalf("%s was built at schema %d, newer than this code's %d: remove it", entry, fx.Schema, now)
	case fx.Schema < now:
		t0 := time.Now()
		st, err := sqlite.Open(context.Background(), filepath.Join(entry, "data"))
		if err != nil {
			b.Fatal(err)
		}
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s migrated from schema %d to %d in %s", entry, fx.Schema, now, time.Since(t0).Round(time.Millisecond))
		fx.Schema = now
		saveScaleFixture(b, entry, fx)
	}
}

// schemaVersion is the newest SQLite migration's version.
func schemaVersion(b *testing.B) int {
	ms, err := sqlite.Migrations()
	if err != nil || len(ms) == 0 {
		b.Fatalf("sqlite migrations: %v", err)
	}
	return ms[len(ms)-1].Version
}

// buildScaleData starts a server on dir/data to create the account and its root key, stops it,
// and bulk-loads n users into its database.
func buildScaleData(b *testing.B, dir string, n int) *scaleFixture {
	mk, err := keyring.GenerateKey(nil)
	if err != nil {
		b.Fatal(err)
	}
	fx := &scaleFixture{MasterKey: keyring.FormatKeys(mk), Root: randomCreds(), dataDir: filepath.Join(dir, "data")}
	first := startServer(b, serverOptions{dataDir: fx.dataDir, masterKey: fx.MasterKey, root: fx.Root,
		secrets: newSecretSet(), env: []string{"GATEHOUSE_LOG_LEVEL=warn"}})
	fx.Account = first.account
	first.stop()
	t0 := time.Now()
	fx.users = bulkLoad(b, fx.dataDir, fx.MasterKey, fx.Account, n)
	b.Logf("%d users loaded in %s", n, time.Since(t0).Round(time.Millisecond))
	return fx
}

// saveScaleFixture writes fx's keys and users beside its data directory (private to the owner:
// they are secrets, of a test's throwaway account).
func saveScaleFixture(b *testing.B, dir string, fx *scaleFixture) {
	meta, err := json.Marshal(fx)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "fixture.json"), meta, 0o600); err != nil {
		b.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "users.tsv"), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for _, u := range fx.users {
		fmt.Fprintf(w, "%s\t%s\t%s\n", u.name, u.key.AccessKeyID, u.key.SecretAccessKey)
	}
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		b.Fatal(err)
	}
}

// loadScaleFixture reads what saveScaleFixture wrote.
func loadScaleFixture(b *testing.B, dir string) *scaleFixture {
	meta, err := os.ReadFile(filepath.Join(dir, "fixture.json"))
	if err != nil {
		b.Fatal(err)
	}
	fx := new(scaleFixture)
	if err := json.Unmarshal(meta, fx); err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "users.tsv"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, _ := strings.Cut(sc.Text(), "\t")
		id, secret, ok := strings.Cut(rest, "\t")
		if !ok {
			b.Fatalf("users.tsv: malformed line %q", name)
		}
		fx.users = append(fx.users, scaleUser{name: name, key: creds{AccessKeyID: id, SecretAccessKey: secret}})
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return fx
}

// copyDir copies the regular files of src (one level: a data directory) into dst.
func copyDir(b *testing.B, src, dst string) {
	entries, err := os.ReadDir(src)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.MkdirAll(dst, 0o700); err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		if err := copyFile(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			b.Fatal(err)
		}
	}
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	return errors.Join(err, out.Close())
}

// bulkLoad writes n users named u0000000…, each with an access key and the ten policies
// attached, straight into the database in a few large transactions (the store's own API
// records a change per write and costs a millisecond a user: minutes for a million).
func bulkLoad(b *testing.B, dir, masterKey, account string, n int) []scaleUser {
	keys, err := keyring.Load(masterKey, dir, nil)
	if err != nil {
		b.Fatal(err)
	}
	secrets, err := keys.Keyring(keyring.SecretAccessKeys)
	if err != nil {
		b.Fatal(err)
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "gatehouse.db")+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=cache_size(-262144)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	now := time.Now().UnixNano()
	policyARNs := make([]string, scalePolicies)
	err = inTx(ctx, db, func(tx *sql.Tx) error {
		for i := range scalePolicies {
			id, name := mustID(b, arn.PrefixManagedPolicy), fmt.Sprintf("scale-%d", i)
			policyARNs[i] = "arn:aws:iam::" + account + ":policy/" + name
			if _, err := tx.Exec(`INSERT INTO policies (id, account_id, name, name_fold, path, arn, description, default_version,
				next_version, is_attachable, created, updated) VALUES (?, ?, ?, ?, '/', ?, '', 1, 2, TRUE, ?, ?)`,
				id, account, name, name, policyARNs[i], now, now); err != nil {
				return err
			}
			if _, err := tx.Exec(`INSERT INTO policy_versions (policy_id, version, document, created) VALUES (?, 1, ?, ?)`,
				id, scaleDocument(i), now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	users := make([]scaleUser, n)
	const batch = 20_000
	for lo := 0; lo < n; lo += batch {
		err := inTx(ctx, db, func(tx *sql.Tx) error {
			return loadUsers(b, tx, secrets, account, policyARNs, users[lo:min(lo+batch, n)], lo, now)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return users
}

// loadUsers inserts users (their rows, keys and attachments) with multi-row INSERTs of
// rowsPerInsert users each: one statement per table per hundred users instead of one per row,
// which is most of the loader's time for a million users (twelve million rows).
func loadUsers(b *testing.B, tx *sql.Tx, secrets *keyring.Keyring, account string, policyARNs []string, users []scaleUser, first int, now int64) error {
	const rowsPerInsert = 100
	for lo := 0; lo < len(users); lo += rowsPerInsert {
		chunk := users[lo:min(lo+rowsPerInsert, len(users))]
		var userRows, keyRows, attachRows []any
		for i := range chunk {
			name := fmt.Sprintf("u%07d", first+lo+i)
			id := mustID(b, arn.PrefixUser)
			keyID, err := arn.NewAccessKeyID(rand.Reader, false)
			if err != nil {
				return err
			}
			secret, err := fastSecret()
			if err != nil {
				return err
			}
			sealed, err := secrets.Seal([]byte(secret), []byte(keyID))
			if err != nil {
				return err
			}
			chunk[i] = scaleUser{name: name, key: creds{AccessKeyID: keyID, SecretAccessKey: secret}}
			userRows = append(userRows, id, account, name, name, "arn:aws:iam::"+account+":user/"+name, now)
			keyRows = append(keyRows, keyID, account, id, store.StatusActive, sealed, now)
			for p, pa := range policyARNs {
				attachRows = append(attachRows, account, id, pa, fmt.Sprintf("scale-%d", p))
			}
		}
		for _, ins := range []struct {
			head, row string
			args      []any
		}{
			{`INSERT INTO users (id, account_id, name, name_fold, path, arn, created, boundary_arn) VALUES `,
				`(?, ?, ?, ?, '/', ?, ?, '')`, userRows},
			{`INSERT INTO access_keys (id, account_id, user_id, status, sealed_secret, created) VALUES `,
				`(?, ?, ?, ?, ?, ?)`, keyRows},
			{`INSERT INTO policy_attachments (account_id, principal_kind, principal_id, policy_arn, policy_name, policy_path) VALUES `,
				`(?, 'user', ?, ?, ?, '/')`, attachRows},
		} {
			rows := len(ins.args) / strings.Count(ins.row, "?")
			if _, err := tx.Exec(ins.head+strings.Repeat(ins.row+", ", rows-1)+ins.row, ins.args...); err != nil {
				return err
			}
		}
	}
	return nil
}

// scaleDocument is the i-th shared policy; the last allows iam:GetUser on every user.
func scaleDocument(i int) string {
	action := fmt.Sprintf("s3:Get%d", i)
	if i == scalePolicies-1 {
		action = "iam:GetUser"
	}
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"ec2:Describe%[1]d","Resource":"*"},
		{"Effect":"Deny","Action":"iam:Delete%[1]d","Resource":"*"},
		{"Effect":"Allow","Action":"dynamodb:Query","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"t%[1]d"}}},
		{"Effect":"Allow","Action":"%[2]s","Resource":"arn:aws:iam::*:user/*"}]}`, i, action)
}

func inTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func mustID(b *testing.B, prefix string) string {
	id, err := arn.NewUniqueID(rand.Reader, prefix)
	if err != nil {
		b.Fatal(err)
	}
	return id
}

// fastSecret is a random secret access key: randomString's alphabet has 64 letters, so each
// random byte picks one with its low six bits (a million of randomString's big.Int draws per
// letter take most of a minute).
func fastSecret() (string, error) {
	var buf [secretLen]byte
	if _, err := rand.Read(buf[:]); err != nil {
		return "", err
	}
	for i, c := range buf {
		buf[i] = secretAlphabet[c&63]
	}
	return string(buf[:]), nil
}
