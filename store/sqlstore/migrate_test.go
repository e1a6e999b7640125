package sqlstore

import (
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func TestLoadMigrations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		files   fstest.MapFS
		want    []int
		wantErr bool
	}{
		{"ordered by number, not by name", fstest.MapFS{
			"0010_c.sql": {Data: []byte("c")}, "0002_b.sql": {Data: []byte("b")}, "0001_a.sql": {Data: []byte("a")},
			"README.md": {Data: []byte("ignored")},
		}, []int{1, 2, 10}, false},
		{"unnumbered", fstest.MapFS{"initial.sql": {}}, nil, true},
		{"zero", fstest.MapFS{"0000_x.sql": {}}, nil, true},
		{"duplicate version", fstest.MapFS{"0001_a.sql": {}, "1_b.sql": {}}, nil, true},
		{"empty", fstest.MapFS{}, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ms, err := LoadMigrations(tc.files)
			if (err != nil) != tc.wantErr {
				t.Fatalf("LoadMigrations: %v, want error %v", err, tc.wantErr)
			}
			var got []int
			for _, m := range ms {
				got = append(got, m.Version)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("versions (-want +got):\n%s", d)
			}
		})
	}
}

func TestQueryBuilder(t *testing.T) {
	t.Parallel()
	q := newQB("SELECT x FROM t WHERE a = $1", "a")
	q.add(" AND b = ? AND c = ?", 2, 3).pathPrefix("path", "/eng/").pathPrefix("path", "/")
	q.WriteString(" AND d")
	q.in([]string{"x", "y"})
	want := "SELECT x FROM t WHERE a = $1 AND b = $2 AND c = $3 AND substr(path, 1, $4) = $5 AND d IN ($6, $7)"
	if d := cmp.Diff(want, q.String()); d != "" {
		t.Errorf("query (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]any{"a", 2, 3, 5, "/eng/", "x", "y"}, q.args); d != "" {
		t.Errorf("args (-want +got):\n%s", d)
	}
}

func TestVersionNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id string
		n  int
		ok bool
	}{{"v1", 1, true}, {"v12", 12, true}, {"v0", 0, false}, {"v01", 0, false}, {"1", 0, false}, {"v", 0, false}, {"v-1", 0, false}}
	for _, tc := range tests {
		n, ok := versionNumber(tc.id)
		if ok != tc.ok || (ok && n != tc.n) {
			t.Errorf("versionNumber(%q) = %d, %v; want %d, %v", tc.id, n, ok, tc.n, tc.ok)
		}
	}
}
