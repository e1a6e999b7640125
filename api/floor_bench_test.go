package api_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/sigv4"
)

// BenchmarkFloor compares the whole stack with the floor: a minimal Go HTTP server that only
// verifies SigV4 (the project's verifier, signing keys cached) and makes one decision (the
// policy engine on the same ten compiled policies the GetUser caller has, with the condition
// keys such a decision needs). Every sub-benchmark is driven by the same light client, which
// replays pre-signed requests over keep-alive connections and reads the responses with a few
// byte comparisons, so that it does not eat the two cores; each reports req/s. Run
//
//	go test ./api -run '^$' -bench Floor -count 6
//
// and compare each whole-stack line with the floor line of the same client count, in the same
// run: the machine is shared, so only same-run ratios mean anything. The -noaudit lines are the
// same stack without the audit trail (its writer is a cost of its own). Besides req/s each line
// reports CPU-µs/req, the process's CPU time (client and server, user and system) per request,
// which other processes' load disturbs far less than wall-clock throughput: 2 cores divided by
// it is what the machine would serve with nothing else running (the client's share included).
func BenchmarkFloor(b *testing.B) {
	s := stacktest.New(b)
	user := floorUser(b, s)
	// The same stack without the audit trail, to tell the request path's own costs from the
	// audit writer's.
	quiet := stacktest.New(b, stacktest.WithoutAudit())
	quietUser := floorUser(b, quiet)
	floor := newFloorServer(b, user, floorPolicies(b))
	gci := url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}
	getUser := url.Values{"Action": {"GetUser"}, "Version": {"2010-05-08"}, "UserName": {"alice"}}
	for _, clients := range []int{1, 16} {
		b.Run(fmt.Sprintf("floor/clients=%d", clients), func(b *testing.B) {
			replay(b, floor.Listener.Addr().String(), signedRequest(b, floor.Listener.Addr().String(), "sts", gci, user), clients)
		})
		for _, st := range []struct {
			suffix string
			s      *stacktest.Stack
			user   stacktest.Credentials
		}{{"", s, user}, {"-noaudit", quiet, quietUser}} {
			host := st.s.URL[len("http://"):]
			b.Run(fmt.Sprintf("GetCallerIdentity%s/clients=%d", st.suffix, clients), func(b *testing.B) {
				replay(b, host, signedRequest(b, host, "sts", gci, st.user), clients)
			})
			b.Run(fmt.Sprintf("GetUser%s/clients=%d", st.suffix, clients), func(b *testing.B) {
				replay(b, host, signedRequest(b, host, "iam", getUser, st.user), clients)
			})
		}
	}
}

// floorDocument is the i-th of the user's ten managed policies: five statements over several
// services, one with a condition; the last policy's last statement allows iam:GetUser.
func floorDocument(i int) string {
	action := fmt.Sprintf("s3:Get%d", i)
	if i == 9 {
		action = "iam:GetUser"
	}
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"ec2:Describe%[1]d","Resource":"*"},
		{"Effect":"Allow","Action":["sqs:Send%[1]d","sns:Publish%[1]d"],"Resource":"arn:aws:sqs:*:*:q%[1]d"},
		{"Effect":"Deny","Action":"iam:Delete%[1]d","Resource":"*"},
		{"Effect":"Allow","Action":"dynamodb:Query","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"t%[1]d"}}},
		{"Effect":"Allow","Action":"%[2]s","Resource":"arn:aws:iam::*:user/*"}]}`, i, action)
}

// floorUser creates alice with ten attached customer managed policies and an access key.
func floorUser(b *testing.B, s *stacktest.Stack) stacktest.Credentials {
	user := s.NewUser(b, "alice")
	ctx := context.Background()
	c := s.IAM(s.Root())
	for i := range 10 {
		out, err := c.CreatePolicy(ctx, &awsiam.CreatePolicyInput{PolicyName: aws.String(fmt.Sprintf("p%d", i)),
			PolicyDocument: aws.String(floorDocument(i))})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.AttachUserPolicy(ctx, &awsiam.AttachUserPolicyInput{UserName: aws.String("alice"),
			PolicyArn: out.Policy.Arn}); err != nil {
			b.Fatal(err)
		}
	}
	return user
}

func floorPolicies(b *testing.B) *policy.Set {
	var ps []*policy.Policy
	for i := range 10 {
		p, err := policy.ParseCompile([]byte(floorDocument(i)), policy.Identity)
		if err != nil {
			b.Fatal(err)
		}
		ps = append(ps, p)
	}
	return policy.NewSet(ps...)
}

// floorServer is the floor: SigV4 and one decision, nothing else.
type floorServer struct {
	verifier  *sigv4.Verifier
	keyID     string
	secret    []byte
	in        policy.Policies
	principal policy.Principal
	results   sync.Pool
}

func newFloorServer(b *testing.B, user stacktest.Credentials, set *policy.Set) *httptest.Server {
	f := &floorServer{verifier: &sigv4.Verifier{Cache: sigv4.NewKeyCache(0), BodyHashOnly: true},
		keyID: user.AccessKeyID, secret: []byte(user.SecretAccessKey), in: policy.Policies{Identity: set},
		principal: policy.Principal{Kind: policy.PrincipalUser, ARN: user.ARN, Account: user.AccountID, ID: "AIDAFLOOR"}}
	f.results.New = func() any { return new(policy.Result) }
	srv := httptest.NewServer(f)
	b.Cleanup(srv.Close)
	return srv
}

func (f *floorServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	a, err := f.verifier.Parse(r, "")
	if err != nil || a.AccessKeyID != f.keyID {
		http.Error(w, "InvalidClientTokenId", http.StatusForbidden)
		return
	}
	if err := f.verifier.Verify(r, body, a, f.secret); err != nil {
		http.Error(w, "SignatureDoesNotMatch", http.StatusForbidden)
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "MalformedQueryString", http.StatusBadRequest)
		return
	}
	ctx := policy.NewContext()
	ctx.Set("aws:SourceIp", r.RemoteAddr)
	policy.AddPrincipalKeys(ctx, &f.principal)
	req := policy.Request{Principal: f.principal, Action: a.Scope.Service + ":" + form.Get("Action"),
		Resource: "*", ResourceAccount: f.principal.Account, Context: ctx}
	res := f.results.Get().(*policy.Result)
	defer f.results.Put(res)
	policy.Evaluate(&req, &f.in, res)
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, "<Response><Decision>%v</Decision><Arn>%s</Arn></Response>", res.Decision, f.principal.ARN)
}

// signedRequest is the wire form of a POST of params to host, signed now for service.
func signedRequest(b *testing.B, host, service string, params url.Values, c stacktest.Credentials) []byte {
	body := []byte(params.Encode())
	req, err := http.NewRequest(http.MethodPost, "http://"+host+"/", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	req.Header.Set("User-Agent", "replay/1")
	err = sigv4.Sign(req, body, sigv4.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey},
		stacktest.Region, service, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := req.Write(&buf); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// replay sends req b.N times over clients keep-alive connections to addr, each client one
// request at a time, and reports the throughput. Every response must be a 200.
func replay(b *testing.B, addr string, req []byte, clients int) {
	conns := make([]net.Conn, clients)
	for i := range conns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		conns[i] = c
	}
	var sent atomic.Int64
	var failed atomic.Value
	var wg sync.WaitGroup
	n := int64(b.N)
	b.ResetTimer()
	cpu0 := stacktest.ProcessCPU(b)
	start := time.Now()
	for _, c := range conns {
		wg.Go(func() {
			r := bufio.NewReaderSize(c, 16<<10)
			for sent.Add(1) <= n {
				if _, err := c.Write(req); err != nil {
					failed.Store(err)
					return
				}
				if err := readResponse(r); err != nil {
					failed.Store(err)
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := stacktest.ProcessCPU(b) - cpu0
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "CPU-µs/req")
}

// readResponse reads one HTTP/1.1 response with a Content-Length and fails unless it is a 200.
func readResponse(r *bufio.Reader) error {
	line, err := r.ReadSlice('\n')
	if err != nil {
		return err
	}
	if len(line) < 12 || string(line[9:12]) != "200" {
		rest, _ := r.Peek(r.Buffered())
		return fmt.Errorf("response %q%q", line, rest)
	}
	length := -1
	for {
		line, err = r.ReadSlice('\n')
		if err != nil {
			return err
		}
		if len(line) <= 2 {
			break
		}
		const cl = "content-length:"
		if len(line) > len(cl) && bytes.EqualFold(line[:len(cl)], []byte(cl)) {
			length, err = strconv.Atoi(string(bytes.TrimSpace(line[len(cl):])))
			if err != nil {
				return err
			}
		}
	}
	if length < 0 {
		return fmt.Errorf("a response without Content-Length")
	}
	_, err = r.Discard(length)
	return err
}
