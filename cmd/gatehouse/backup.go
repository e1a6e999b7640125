package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gatehouse-iam/gatehouse/keyring"
	"github.com/gatehouse-iam/gatehouse/store/sqlite"
)

func init() {
	commands["backup"] = command{summary: "copy the database consistently, while the server runs", run: runBackup}
}

const backupUsage = `usage: gatehouse backup --to FILE [--data-dir DIR]

Writes a consistent copy of the data directory's database (DIR/gatehouse.db) to FILE, which
must not exist. It works while "gatehouse serve" and other commands use the database: the copy
is one committed moment (SQLite's VACUUM INTO in a read transaction), and writers are not
held up. FILE is created mode 0600.

The master key is not in the copy, and the copy is useless without it: the secrets inside are
sealed under DIR/master.key (or $GATEHOUSE_MASTER_KEY). Keep that key safe, and apart from the
backups. To restore: stop the server, put FILE in place as DIR/gatehouse.db (removing any
gatehouse.db-wal and gatehouse.db-shm beside it) with the same master key, and start it.

DIR defaults to $GATEHOUSE_DATA_DIR, else ./gatehouse-data.
`

func runBackup(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("backup", backupUsage, stderr)
	dataDir := defaultDataDir
	if v := os.Getenv(envName("data_dir")); v != "" {
		dataDir = v
	}
	fs.StringVar(&dataDir, "data-dir", dataDir, "data directory")
	to := fs.String("to", "", "the file to write the copy to (must not exist)")
	if status, done := fs.parse(args, stdout); done {
		return status
	}
	if fs.NArg() > 0 || *to == "" {
		fmt.Fprint(stderr, "gatehouse backup: need --to FILE and no other arguments\n\n"+backupUsage)
		return 2
	}
	ctx, cancel := commandContext()
	defer cancel()
	if err := sqlite.Backup(ctx, dataDir, *to); err != nil {
		fmt.Fprintf(stderr, "gatehouse backup: %v\n", err)
		return 1
	}
	key := filepath.Join(dataDir, keyring.KeyFileName)
	if os.Getenv(envMasterKey) != "" {
		key = "$" + envMasterKey
	}
	fmt.Fprintf(stdout, "Backed up %s to %s.\nIt opens only with the master key in %s: keep a copy of that key, apart from the backup.\n",
		filepath.Join(dataDir, sqlite.FileName), *to, key)
	return 0
}
