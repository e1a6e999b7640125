// Command gatehouse is the Gatehouse server and its administrative tools.
//
// Each subcommand lives in its own file and is listed in the commands table below.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
)

// command is one subcommand: it gets its own arguments and the process's standard streams and
// returns the exit status. Every command answers -h, -help and --help with its usage on stdout
// and exit status 0.
type command struct {
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

// commands is filled in by the init functions of the files that define each subcommand.
var commands = map[string]command{}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(stdout)
		return 0
	case "help":
		// gatehouse help [COMMAND]
		if len(args) == 1 {
			usage(stdout)
			return 0
		}
		if c, ok := commands[args[1]]; ok {
			return c.run([]string{"--help"}, stdin, stdout, stderr)
		}
		fmt.Fprintf(stderr, "gatehouse help: unknown command %q\n\n", args[1])
		usage(stderr)
		return 2
	case "-version", "--version":
		args = []string{"version"}
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "gatehouse: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	return c.run(args[1:], stdin, stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: gatehouse <command> [arguments]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\n\"gatehouse help COMMAND\" or \"gatehouse COMMAND --help\" shows a command's usage.")
}

// flagSet is a subcommand's flags with its usage text.
type flagSet struct {
	*flag.FlagSet
	usage  string
	stderr io.Writer
}

// newFlagSet is a subcommand's flag set: errors go to stderr followed by a pointer to --help;
// -h/--help prints usageText and the flags' defaults to stdout (see parse).
func newFlagSet(name, usageText string, stderr io.Writer) *flagSet {
	fs := flag.NewFlagSet("gatehouse "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {} // parse prints the usage, to stdout when asked for it
	return &flagSet{FlagSet: fs, usage: usageText, stderr: stderr}
}

// asksForHelp reports -h, -help or --help anywhere before a "--": after the first file name
// too, where the flag package stops looking ("policy evaluate req.json --help"). A file with
// such a name can still be given as ./--help or after "--".
func asksForHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

// parse parses args. On -h/--help it prints the usage and the flags to stdout and reports done
// with status 0; on a bad flag, done with status 2 (the flag package has already said what was
// wrong on stderr).
func (fs *flagSet) parse(args []string, stdout io.Writer) (status int, done bool) {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) || asksForHelp(args) {
		fmt.Fprint(stdout, fs.usage)
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintln(stdout, "\nflags:")
			fs.SetOutput(stdout)
			fs.PrintDefaults()
		}
		return 0, true
	}
	if err != nil {
		fmt.Fprintf(fs.stderr, "run \"%s --help\" for usage\n", fs.Name())
		return 2, true
	}
	return 0, false
}
