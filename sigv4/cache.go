package sigv4

import (
	"container/list"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"sync"
)

// deriveKey computes the SigV4 signing key: HMAC chains of "AWS4"+secret over the scope's
// date, region, service and "aws4_request". It is valid for that scope only.
func deriveKey(secret []byte, s Scope) [sha256.Size]byte {
	k := make([]byte, 0, 4+len(secret))
	k = append(append(k, "AWS4"...), secret...)
	d := hmacSum(k, s.Date)
	clear(k)
	d = hmacSum(d, s.Region)
	d = hmacSum(d, s.Service)
	d = hmacSum(d, terminator)
	var out [sha256.Size]byte
	copy(out[:], d)
	return out
}

func hmacSum(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// KeyCache keeps derived signing keys, one per (access key ID, day, region, service), so that
// verifying a known client's next request skips the four-HMAC derivation. Each entry remembers
// the secret it came from and is used only when the caller's secret matches it (compared in
// constant time), so a rotated, deleted or recreated key can never reuse a stale entry. The
// least recently used entry goes when the cache is full. It is safe for concurrent use.
type KeyCache struct {
	mu      sync.Mutex
	max     int
	entries map[cacheKey]*list.Element
	lru     list.List // of *cacheEntry, most recent first
}

type cacheKey struct {
	accessKeyID string
	scope       Scope
}

type cacheEntry struct {
	k      cacheKey
	secret []byte
	key    [sha256.Size]byte
}

// NewKeyCache returns a cache holding at most size keys; size <= 0 means DefaultCacheSize.
func NewKeyCache(size int) *KeyCache {
	if size <= 0 {
		size = DefaultCacheSize
	}
	return &KeyCache{max: size, entries: make(map[cacheKey]*list.Element)}
}

// signingKey returns the signing key for a's scope under secret, from the cache when an entry
// for the same access key, scope and secret is there.
func (c *KeyCache) signingKey(a *Auth, secret []byte) [sha256.Size]byte {
	k := cacheKey{a.AccessKeyID, a.Scope}
	c.mu.Lock()
	if el, ok := c.entries[k]; ok {
		e := el.Value.(*cacheEntry)
		if subtle.ConstantTimeCompare(e.secret, secret) == 1 {
			c.lru.MoveToFront(el)
			key := e.key
			c.mu.Unlock()
			return key
		}
	}
	c.mu.Unlock()

	key := deriveKey(secret, a.Scope)
	e := &cacheEntry{k: k, secret: append([]byte(nil), secret...), key: key}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[k]; ok {
		old := el.Value.(*cacheEntry)
		clear(old.secret)
		el.Value = e
		c.lru.MoveToFront(el)
		return key
	}
	c.entries[k] = c.lru.PushFront(e)
	for c.lru.Len() > c.max {
		c.remove(c.lru.Back())
	}
	return key
}

func (c *KeyCache) remove(el *list.Element) {
	e := el.Value.(*cacheEntry)
	clear(e.secret)
	clear(e.key[:])
	delete(c.entries, e.k)
	c.lru.Remove(el)
}

// Forget drops every entry for an access key, so that its secret leaves memory when the key is
// deleted or deactivated. Correctness does not depend on it: a changed secret never matches.
func (c *KeyCache) Forget(accessKeyID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, el := range c.entries {
		if k.accessKeyID == accessKeyID {
			c.remove(el)
		}
	}
}

// Len is the number of keys held.
func (c *KeyCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}
