package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

func init() {
	commands["version"] = command{summary: "print the version of this binary", run: runVersion}
}

// version is the release this binary was built as, set at build time with
//
//	go build -ldflags "-X main.version=v1.2.0" ./cmd/gatehouse
//
// When it is empty, the version comes from the build information: the module version for
// `go install github.com/gatehouse-iam/gatehouse/cmd/gatehouse@v1.2.0`, else the VCS revision a
// build from a checkout records.
var version string

const versionUsage = `usage: gatehouse version

Prints the version of this binary, the VCS revision it was built from (when known), and the
Go version and platform it was built with.
`

func runVersion(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", versionUsage, stderr)
	if status, done := fs.parse(args, stdout); done {
		return status
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gatehouse version: unexpected arguments\n")
		return 2
	}
	fmt.Fprintln(stdout, versionLine(version, readBuildInfo()))
	return 0
}

func readBuildInfo() *debug.BuildInfo {
	bi, _ := debug.ReadBuildInfo()
	return bi
}

// versionLine is "gatehouse VERSION (REVISION[, modified], GOVERSION OS/ARCH)".
func versionLine(set string, bi *debug.BuildInfo) string {
	v, rev, modified, goVersion := set, "", false, runtime.Version()
	if bi != nil {
		if v == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
	}
	if v == "" {
		v = "devel"
	}
	detail := ""
	if rev != "" {
		detail = "commit " + rev[:min(len(rev), 12)]
		if modified {
			detail += ", modified"
		}
		detail += ", "
	}
	return fmt.Sprintf("gatehouse %s (%s%s %s/%s)", v, detail, goVersion, runtime.GOOS, runtime.GOARCH)
}
