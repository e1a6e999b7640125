package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam"
)

func init() {
	commands["accounts"] = command{summary: "create and list accounts, rotate a root access key, set a root password", run: runAccounts}
}

const accountsUsage = `usage:
  gatehouse accounts create [--data-dir DIR] [--id 12-DIGITS]
      Create an account with a root access key and print the key (its secret only this once).
      A running server on the same data directory sees the account within a second.
  gatehouse accounts list [--data-dir DIR]
      List the accounts, oldest first.
  gatehouse accounts rotate-root-key [--data-dir DIR] [--account 12-DIGITS]
      Replace the root user's access keys with one new key and print it (its secret only this
      once). The old keys stop working at once; a running server on the same data directory
      refuses them within a second. --account defaults to $GATEHOUSE_ACCOUNT_ID, else the
      oldest account. A key given in GATEHOUSE_ROOT_ACCESS_KEY_ID is added back by the next
      "gatehouse serve" that has it in its environment.
  gatehouse accounts set-root-password [--data-dir DIR] [--account 12-DIGITS] [--email ADDRESS] < FILE
      Set the root user's console password, read from the first line of standard input (never
      from the command line, where other users could see it), replacing any. The root user
      signs in to the console (/console, "Root user") with the account's email address or ID
      and this password. --email sets the account's email address first (unique across
      accounts). The password must be 8 to 128 characters with three of upper case, lower case,
      numbers and symbols. --account defaults as for rotate-root-key.

DIR defaults to $GATEHOUSE_DATA_DIR, else ./gatehouse-data; the master key comes from
$GATEHOUSE_MASTER_KEY, else the data directory's key file.
`

func runAccounts(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, accountsUsage)
		return 2
	}
	switch args[0] {
	case "create":
		return accountsCreate(args[1:], stdout, stderr)
	case "list":
		return accountsList(args[1:], stdout, stderr)
	case "rotate-root-key":
		return accountsRotateRootKey(args[1:], stdout, stderr)
	case "set-root-password":
		return accountsSetRootPassword(args[1:], stdin, stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, accountsUsage)
		return 0
	}
	fmt.Fprintf(stderr, "gatehouse accounts: unknown subcommand %q\n\n%s", args[0], accountsUsage)
	return 2
}

// accountsCommand is the part every accounts subcommand shares: its flags (--data-dir and the
// subcommand's own), parsed, and the stack it opens on the data directory.
type accountsCommand struct {
	name    string
	fs      *flagSet
	dataDir string
	stderr  io.Writer
}

func newAccountsCommand(name string, stderr io.Writer) *accountsCommand {
	c := &accountsCommand{name: name, fs: newFlagSet("accounts "+name, accountsUsage, stderr), stderr: stderr}
	def := defaultDataDir
	if v := os.Getenv(envName("data_dir")); v != "" {
		def = v
	}
	c.fs.StringVar(&c.dataDir, "data-dir", def, "data directory")
	return c
}

// parse parses args; done reports that the command has finished with status.
func (c *accountsCommand) parse(args []string, stdout io.Writer) (status int, done bool) {
	if status, done := c.fs.parse(args, stdout); done {
		return status, true
	}
	if c.fs.NArg() > 0 {
		fmt.Fprintf(c.stderr, "gatehouse accounts %s: unexpected arguments: %s\n", c.name, strings.Join(c.fs.Args(), " "))
		return 2, true
	}
	return 0, false
}

// fail reports err and returns exit status 1.
func (c *accountsCommand) fail(err error) int {
	fmt.Fprintf(c.stderr, "gatehouse accounts %s: %v\n", c.name, err)
	return 1
}

// open opens the data directory, which must exist unless create says it may be made.
func (c *accountsCommand) open(ctx context.Context, create bool) (*stack, error) {
	if !create {
		if _, err := os.Stat(c.dataDir); err != nil {
			return nil, fmt.Errorf("data directory: %w", err)
		}
	}
	return openStack(ctx, c.dataDir, false, os.Getenv(envMasterKey), "", slog.New(slog.NewTextHandler(c.stderr, nil)))
}

// commandContext is the context of an administrative command: cancelled by Ctrl-C, with no
// time limit of its own (SQLite's busy timeout bounds waiting for a server's lock).
func commandContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt)
}

func accountsCreate(args []string, stdout, stderr io.Writer) int {
	c := newAccountsCommand("create", stderr)
	var id string
	c.fs.StringVar(&id, "id", "", "account ID (12 digits); random when omitted")
	if status, done := c.parse(args, stdout); done {
		return status
	}
	if id != "" && !arn.IsAccountID(id) {
		fmt.Fprintf(stderr, "gatehouse accounts create: --id %q: want 12 digits\n", id)
		return 2
	}
	ctx, cancel := commandContext()
	defer cancel()
	s, err := c.open(ctx, true)
	if err != nil {
		return c.fail(err)
	}
	defer s.store.Close()
	acct, key, err := s.iam.CreateAccount(ctx, id, nil)
	if errors.Is(err, iam.ErrAccountExists) {
		return c.fail(fmt.Errorf("account %s already exists", id))
	}
	if err != nil {
		return c.fail(err)
	}
	printCreated(stdout, &createdAccount{id: acct.ID, key: key})
	return 0
}

func accountsList(args []string, stdout, stderr io.Writer) int {
	c := newAccountsCommand("list", stderr)
	if status, done := c.parse(args, stdout); done {
		return status
	}
	ctx, cancel := commandContext()
	defer cancel()
	s, err := c.open(ctx, false)
	if err != nil {
		return c.fail(err)
	}
	defer s.store.Close()
	accounts, err := listAccounts(ctx, s.store)
	if err != nil {
		return c.fail(err)
	}
	for _, a := range accounts {
		fmt.Fprintf(stdout, "%s  created %s\n", a.ID, a.Created.UTC().Format(time.RFC3339))
	}
	return 0
}

func accountsRotateRootKey(args []string, stdout, stderr io.Writer) int {
	c := newAccountsCommand("rotate-root-key", stderr)
	account := c.accountFlag("the account whose root key to rotate")
	if status, done := c.parse(args, stdout); done {
		return status
	}
	if status, ok := c.checkAccount(*account); !ok {
		return status
	}
	ctx, cancel := commandContext()
	defer cancel()
	s, err := c.open(ctx, false)
	if err != nil {
		return c.fail(err)
	}
	defer s.store.Close()
	if *account, err = defaultAccount(ctx, s, *account); err != nil {
		return c.fail(err)
	}
	key, removed, err := s.iam.RotateRootKey(ctx, *account)
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(stdout, "Rotated the root access key of account %s (the secret is shown only this once):\n"+
		"  AWS_ACCESS_KEY_ID=%s\n  AWS_SECRET_ACCESS_KEY=%s\n", *account, key.AccessKeyID, key.SecretAccessKey)
	if len(removed) > 0 {
		fmt.Fprintf(stdout, "Deleted: %s\n", strings.Join(removed, ", "))
	}
	return 0
}

// accountFlag adds --account, defaulting to $GATEHOUSE_ACCOUNT_ID.
func (c *accountsCommand) accountFlag(what string) *string {
	account := os.Getenv(envName("account_id"))
	c.fs.StringVar(&account, "account", account, what+" (default $GATEHOUSE_ACCOUNT_ID, else the oldest account)")
	return &account
}

// checkAccount refuses an --account that is not 12 digits (exit status 2).
func (c *accountsCommand) checkAccount(account string) (int, bool) {
	if account != "" && !arn.IsAccountID(account) {
		fmt.Fprintf(c.stderr, "gatehouse accounts %s: --account %q: want 12 digits\n", c.name, account)
		return 2, false
	}
	return 0, true
}

// defaultAccount is account, or the oldest account when it is "".
func defaultAccount(ctx context.Context, s *stack, account string) (string, error) {
	if account != "" {
		return account, nil
	}
	accounts, err := listAccounts(ctx, s.store)
	if err != nil {
		return "", err
	}
	if len(accounts) == 0 {
		return "", errors.New("the data directory has no account")
	}
	return accounts[0].ID, nil
}

func accountsSetRootPassword(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := newAccountsCommand("set-root-password", stderr)
	account := c.accountFlag("the account whose root password to set")
	var email string
	c.fs.StringVar(&email, "email", "", "make this the account's email address, with which its root user signs in")
	if status, done := c.parse(args, stdout); done {
		return status
	}
	if status, ok := c.checkAccount(*account); !ok {
		return status
	}
	pw, err := readPasswordLine(stdin)
	if err != nil {
		return c.fail(err)
	}
	ctx, cancel := commandContext()
	defer cancel()
	s, err := c.open(ctx, false)
	if err != nil {
		return c.fail(err)
	}
	defer s.store.Close()
	if *account, err = defaultAccount(ctx, s, *account); err != nil {
		return c.fail(err)
	}
	if err := s.iam.SetRootPassword(ctx, *account, email, pw); err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(stdout, "Set the root user's console password of account %s.\n", *account)
	return 0
}

// readPasswordLine reads a password from the first line of r, without its line ending.
func readPasswordLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading the password from standard input: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password on standard input (give it as the first line)")
	}
	return line, nil
}
