package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
)

// TestBackupWhileWriting copies a database while a writer keeps committing transactions of two
// accounts each: the copy opens as a store of its own and holds whole transactions only, never
// one account of a pair.
func TestBackupWhileWriting(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pair := func(i int) error {
		return st.Update(ctx, func(tx store.Tx) error {
			for j := range 2 {
				if err := tx.Accounts().Create(ctx, store.Account{ID: fmt.Sprintf("%010d%02d", i, j), Created: time.Now()}); err != nil {
					return err
				}
			}
			return nil
		})
	}
	for i := range 50 {
		if err := pair(i); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		for i := 50; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := pair(i); err != nil {
				t.Error(err)
				return
			}
		}
	})
	dest := filepath.Join(t.TempDir(), "copy.db")
	err = Backup(ctx, dir, dest)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("Backup: %v", err)
	}
	if fi, err := os.Stat(dest); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup file: %v, mode %v; want 0600", err, fi.Mode())
	}

	restored := t.TempDir()
	if err := os.Rename(dest, filepath.Join(restored, FileName)); err != nil {
		t.Fatal(err)
	}
	copyStore, err := Open(ctx, restored)
	if err != nil {
		t.Fatalf("opening the backup: %v", err)
	}
	defer copyStore.Close()
	ids := map[string]bool{}
	err = copyStore.View(ctx, func(tx store.Tx) error {
		after := ""
		for {
			page, more, err := tx.Accounts().List(ctx, after, store.MaxListLimit)
			if err != nil {
				return err
			}
			for _, a := range page {
				ids[a.ID] = true
			}
			if !more || len(page) == 0 {
				return nil
			}
			after = page[len(page)-1].ID
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) < 100 {
		t.Errorf("the backup holds %d accounts, want at least the 100 written before it began", len(ids))
	}
	for id := range ids {
		other := id[:10] + map[string]string{"00": "01", "01": "00"}[id[10:]]
		if !ids[other] {
			t.Errorf("the backup holds account %s without %s, written in the same transaction", id, other)
		}
	}
}

func TestBackupRefusesToOverwrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	dest := filepath.Join(t.TempDir(), "existing.db")
	if err := os.WriteFile(dest, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Backup(ctx, dir, dest); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("Backup onto an existing file: %v, want an error saying it exists", err)
	}
	if b, _ := os.ReadFile(dest); string(b) != "keep me" {
		t.Errorf("the existing file was changed: %q", b)
	}
	if err := Backup(ctx, t.TempDir(), filepath.Join(t.TempDir(), "x.db")); err == nil {
		t.Errorf("Backup of a directory without a database: no error")
	}
}
