package wiretest

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// Retryer is the differential tests' retryer: it retries only a dropped connection, as the
// SDK's standard retryer does, and never an answer the server sent, so each test sees every
// answer exactly as it was encoded. Go's HTTP/1 transport can close a connection it has just
// handed a response on ("read tcp …: use of closed network connection" while the SDK reads the
// body, about one call in two hundred here); aws-sdk-go-v2 retries that by default since it was
// reported (aws/aws-sdk-go-v2#2737, #2949), so a test that disabled retries altogether failed
// where no SDK user would.
func Retryer() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.Retryables = []retry.IsErrorRetryable{retry.RetryableConnectionError{}}
		o.RateLimiter = ratelimit.None
	})
}
