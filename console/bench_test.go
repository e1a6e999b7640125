package console_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// The console's handlers with 1,000 users in the account: the users page listing all of them
// (MaxItems=1000), a user's page and the home page, each measured at the handler (no network),
// with p50 and p99 reported per page. The baseline in the same run is the API operation the
// users page makes, ListUsers with MaxItems=1000, called on the IAM service directly: the
// difference is the console's own cost (session, CSRF, rendering).
//
//	go test -run '^$' -bench BenchmarkConsole -benchtime 200x ./console

const benchUsers = 1000

func BenchmarkConsole(b *testing.B) {
	f := newFixture(b)
	f.user("admin", goodPassword, false, fullAccess)
	for i := range benchUsers - 1 {
		name := fmt.Sprintf("user-%04d", i)
		if _, err := f.iam.CreateUser(f.asRoot(), &iamwire.CreateUserInput{UserName: name, Path: ptr("/bench/")}); err != nil {
			b.Fatal(err)
		}
	}
	br := f.browser().signIn(f.account, "admin", goodPassword)
	u, _ := url.Parse(f.URL + "/console/")
	cookies := br.client.Jar.Cookies(u)

	b.Run("baseline=ListUsers-1000", func(b *testing.B) {
		max := int32(benchUsers)
		measure(b, func() {
			out, err := f.iam.ListUsers(f.asRoot(), &iamwire.ListUsersInput{MaxItems: &max})
			if err != nil || len(out.Users) != benchUsers {
				b.Fatalf("ListUsers: %d users, %v", len(out.Users), err)
			}
		})
	})
	for _, page := range []struct{ name, path, want string }{
		{"users-page-1000", "/console/users?MaxItems=1000", "user-0998"},
		{"user-page", "/console/users/user-0500", "arn:aws:iam::" + f.account + ":user/bench/user-0500"},
		{"home", "/console/", "Account summary"},
	} {
		b.Run(page.name, func(b *testing.B) {
			measure(b, func() {
				req := httptest.NewRequest(http.MethodGet, page.path, nil)
				for _, c := range cookies {
					req.AddCookie(c)
				}
				rec := httptest.NewRecorder()
				f.handler.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), page.want) {
					b.Fatalf("%s: status %d", page.path, rec.Code)
				}
			})
		})
	}
}

// measure runs op b.N times and reports the 50th and 99th percentiles of its latency.
func measure(b *testing.B, op func()) {
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		op()
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(times)
	pct := func(p float64) float64 {
		return float64(times[min(len(times)-1, int(float64(len(times))*p))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
