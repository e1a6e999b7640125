package core

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/awserr"
)

// SlicePage walks a short list page by page with its own markers, and a marker it did not make
// is AWS's ValidationError (IAM API Reference, Common Errors), not an empty page.
func TestSlicePage(t *testing.T) {
	t.Parallel()
	all := []int{1, 2, 3, 4, 5}
	two := int32(2)
	var got []int
	var marker *string
	for pages := 0; ; pages++ {
		l, err := SlicePage(all, marker, &two)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, l.Items...)
		if l.IsTruncated == nil {
			t.Fatal("IsTruncated missing")
		}
		if !*l.IsTruncated {
			if l.Marker != nil || pages != 2 {
				t.Fatalf("last page: marker %v after %d pages", l.Marker, pages)
			}
			break
		}
		marker = l.Marker
	}
	if len(got) != len(all) {
		t.Fatalf("walked %v", got)
	}
	empty, err := SlicePage([]int(nil), nil, nil)
	if err != nil || empty.Items == nil || *empty.IsTruncated {
		t.Fatalf("empty list: %+v, %v", empty, err)
	}
	for _, bad := range []string{"!", "", "OTk", "LTE"} { // not base64; empty; "99"; "-1"
		_, err := SlicePage(all, &bad, nil)
		if e, ok := err.(*awserr.Error); !ok || e.Code != "ValidationError" {
			t.Errorf("marker %q: %v, want ValidationError", bad, err)
		}
	}
}
