package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

// serviceConfig is one generated package.
type serviceConfig struct {
	// Package is the generated package's name and directory under wire/.
	Package string
	// Model is the model's directory under wire/models.
	Model string
	// EchoValues says whether the service's validation messages quote offending string values. IAM's
	// current messages leave them out ("Value at 'tags.1.member.key' failed to satisfy constraint: …");
	// STS's quote them ("Value 'dummy-arn' at 'roleArn' failed to satisfy constraint: …").
	EchoValues bool
	// InputErrors is how a JSON-protocol service answers bad input (see jsonGen.inputErrors): "" for
	// ValidationException / SerializationException, "fieldList" for Access Analyzer's ValidationException
	// with a reason and a field list, "reason" for Organizations' InvalidInputException with a reason.
	InputErrors string
}

// services lists the generated packages.
var services = []serviceConfig{
	{Package: "iamwire", Model: "iam/2010-05-08", EchoValues: false},
	{Package: "stswire", Model: "sts/2011-06-15", EchoValues: true},
	{Package: "orgwire", Model: "organizations/2016-11-28", EchoValues: true, InputErrors: "reason"},
	{Package: "cloudtrailwire", Model: "cloudtrail/2013-11-01", EchoValues: true},
	{Package: "analyzerwire", Model: "accessanalyzer/2019-11-01", EchoValues: true, InputErrors: "fieldList"},
	{Package: "rolesanywherewire", Model: "rolesanywhere/2018-05-10", EchoValues: true},
}

func main() {
	root := flag.String("root", "", "the wire directory (default: ./wire when run from the repository root, else .)")
	flag.Parse()
	dir := *root
	if dir == "" {
		dir = "."
		if _, err := os.Stat(filepath.Join("wire", "models")); err == nil {
			dir = "wire"
		}
	}
	if err := run(dir, dir); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// run reads the models under modelRoot/models and writes every generated package under outRoot.
func run(modelRoot, outRoot string) error {
	for _, cfg := range services {
		files, err := generate(cfg, filepath.Join(modelRoot, "models", cfg.Model))
		if err != nil {
			return fmt.Errorf("%s: %w", cfg.Package, err)
		}
		dir := filepath.Join(outRoot, cfg.Package)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		for _, name := range sortedKeys(files) {
			if err := os.WriteFile(filepath.Join(dir, name), files[name], 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}
