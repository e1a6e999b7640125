package oidc

import (
	"container/list"
	"context"
	"slices"
	"strings"
	"sync"
	"time"
)

// KeyCache keeps issuers' key sets between verifications: bounded in entries (least recently
// used first out), each kept for its max-age within [MinTTL, MaxTTL], refetched when a token names a key
// it does not hold (at most once per MinRefetchInterval for such misses), and a failed fetch is not retried
// for FailureRetryInterval. It is safe for concurrent use; verifications of one issuer wait for
// one fetch rather than each making their own.
type KeyCache struct {
	mu      sync.Mutex
	max     int
	entries map[string]*list.Element
	order   *list.List // front: most recently used
}

// FailureRetryInterval is how long a failed fetch's error is answered before the issuer is
// asked again.
const FailureRetryInterval = 5 * time.Second

// NewKeyCache returns a cache of at most entries issuers' key sets (DefaultCacheEntries when 0).
func NewKeyCache(entries int) *KeyCache {
	if entries <= 0 {
		entries = DefaultCacheEntries
	}
	return &KeyCache{max: entries, entries: map[string]*list.Element{}, order: list.New()}
}

// cacheEntry is one issuer's keys as fetched under one trust configuration.
type cacheEntry struct {
	key string

	mu          sync.Mutex // held while fetching
	set         *keySet
	expires     time.Time
	lastAttempt time.Time // last fetch of any kind
	lastMiss    time.Time // last fetch made because the set lacked a token's key
	lastErr     error
}

// cacheKey separates the same issuer trusted through different thumbprint lists: keys fetched
// under one provider's trust must not serve another's.
func cacheKey(issuer string, thumbprints []string) string {
	t := slices.Clone(thumbprints)
	slices.Sort(t)
	return issuer + "\x00" + strings.Join(t, ",")
}

func (c *KeyCache) entry(key string) *cacheEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		c.order.MoveToFront(el)
		return el.Value.(*cacheEntry)
	}
	e := &cacheEntry{key: key}
	c.entries[key] = c.order.PushFront(e)
	for c.order.Len() > c.max {
		old := c.order.Back()
		c.order.Remove(old)
		delete(c.entries, old.Value.(*cacheEntry).key)
	}
	return e
}

// Len is the number of issuers cached.
func (c *KeyCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// keys returns the keys that may have signed a token with kid and alg, fetching the issuer's set
// when it is missing, expired, or (rate-limited) lacks the key.
func (c *KeyCache) keys(ctx context.Context, f *fetcher, issuer, kid, alg string, now time.Time) ([]*publicKey, error) {
	e := c.entry(cacheKey(issuer, f.thumbprints))
	e.mu.Lock()
	defer e.mu.Unlock()
	fresh := e.set != nil && now.Before(e.expires)
	if fresh {
		if ks := e.set.candidates(kid, alg); len(ks) > 0 {
			return ks, nil
		}
		if now.Sub(e.lastMiss) < MinRefetchInterval {
			return nil, invalid(MsgKeyUnavailable, "no key in the issuer's JWKS fits the token's kid and alg", nil)
		}
		e.lastMiss = now
	} else if e.lastErr != nil && now.Sub(e.lastAttempt) < FailureRetryInterval {
		return nil, e.lastErr
	}
	e.lastAttempt = now
	got, err := f.fetchKeys(ctx, issuer)
	if err != nil {
		e.lastErr = err
		return nil, err
	}
	e.set, e.lastErr, e.expires = got.set, nil, now.Add(ttl(got.maxAge))
	if ks := e.set.candidates(kid, alg); len(ks) > 0 {
		return ks, nil
	}
	return nil, invalid(MsgKeyUnavailable, "no key in the issuer's JWKS fits the token's kid and alg", nil)
}

func ttl(maxAge time.Duration) time.Duration {
	switch {
	case maxAge < 0:
		return MinTTL
	case maxAge == 0:
		return DefaultTTL
	}
	return min(max(maxAge, MinTTL), MaxTTL)
}
