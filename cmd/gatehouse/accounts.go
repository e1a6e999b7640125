package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam"
)

func init() {
	commands["accounts"] = command{summary: "create and list accounts in a data directory", run: runAccounts}
}

const accountsUsage = `usage:
  gatehouse accounts create [--data-dir DIR] [--id 12-DIGITS]
      Create an account with a root access key and print the key (its secret only this once).
      A running server on the same data directory sees the account within a second.
  gatehouse accounts list [--data-dir DIR]
      List the accounts, oldest first.

DIR defaults to $GATEHOUSE_DATA_DIR, else ./gatehouse-data; the master key comes from
$GATEHOUSE_MASTER_KEY, else the data directory's key file.
`

func runAccounts(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, accountsUsage)
		return 2
	}
	switch args[0] {
	case "create":
		return accountsCreate(args[1:], stdout, stderr)
	case "list":
		return accountsList(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, accountsUsage)
		return 0
	}
	fmt.Fprintf(stderr, "gatehouse accounts: unknown subcommand %q\n\n%s", args[0], accountsUsage)
	return 2
}

// accountsFlags parses the flags shared by the accounts subcommands.
func accountsFlags(name string, args []string, stderr io.Writer, id *string) (dataDir string, ok bool) {
	fs := flag.NewFlagSet("accounts "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	def := defaultDataDir
	if v := os.Getenv(envName("data_dir")); v != "" {
		def = v
	}
	fs.StringVar(&dataDir, "data-dir", def, "data directory")
	if id != nil {
		fs.StringVar(id, "id", "", "account ID (12 digits); random when omitted")
	}
	if err := fs.Parse(args); err != nil {
		return "", false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gatehouse accounts %s: unexpected arguments\n", name)
		return "", false
	}
	return dataDir, true
}

func accountsCreate(args []string, stdout, stderr io.Writer) int {
	var id string
	dataDir, ok := accountsFlags("create", args, stderr, &id)
	if !ok {
		return 2
	}
	if id != "" && !arn.IsAccountID(id) {
		fmt.Fprintf(stderr, "gatehouse accounts create: --id %q: want 12 digits\n", id)
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := openStack(ctx, dataDir, false, os.Getenv(envMasterKey), "", slog.New(slog.NewTextHandler(stderr, nil)))
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse accounts create: %v\n", err)
		return 1
	}
	defer s.store.Close()
	acct, key, err := s.iam.CreateAccount(ctx, id, nil)
	if errors.Is(err, iam.ErrAccountExists) {
		fmt.Fprintf(stderr, "gatehouse accounts create: account %s already exists\n", id)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse accounts create: %v\n", err)
		return 1
	}
	printCreated(stdout, &createdAccount{id: acct.ID, key: key})
	return 0
}

func accountsList(args []string, stdout, stderr io.Writer) int {
	dataDir, ok := accountsFlags("list", args, stderr, nil)
	if !ok {
		return 2
	}
	if _, err := os.Stat(dataDir); err != nil {
		fmt.Fprintf(stderr, "gatehouse accounts list: data directory: %v\n", err)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := openStack(ctx, dataDir, false, os.Getenv(envMasterKey), "", slog.New(slog.NewTextHandler(stderr, nil)))
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse accounts list: %v\n", err)
		return 1
	}
	defer s.store.Close()
	accounts, err := listAccounts(ctx, s.store)
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse accounts list: %v\n", err)
		return 1
	}
	for _, a := range accounts {
		fmt.Fprintf(stdout, "%s  created %s\n", a.ID, a.Created.UTC().Format(time.RFC3339))
	}
	return 0
}
