package sts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"sync"
	"time"

	"github.com/gatehouse-iam/gatehouse/federation/issuer"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/store"
)

// RotateAfter is how long an outbound issuer's signing key signs before a new one replaces it
// (the old one stays published until every token it signed has expired).
const RotateAfter = 24 * time.Hour

// Option configures the service.
type Option func(*Service)

// WithIssuerKeys seals the signing keys of outbound web identity federation
// (keyring.IssuerKeys); without it GetWebIdentityToken cannot sign.
func WithIssuerKeys(k node.Sealer) Option {
	return func(s *Service) { s.outbound.seal = k }
}

// outbound holds each account's token issuer: its keys live in the store, sealed, so that every
// node signs and publishes alike; a node keeps the issuer it opened while the stored keys are
// the ones it opened.
type outbound struct {
	seal node.Sealer
	now  func() time.Time
	mu   sync.Mutex
	open map[string]openIssuer // by account
}

type openIssuer struct {
	sealed []byte
	is     *issuer.Issuer
}

// keyStore is an issuer.Store over one issuer record in one transaction: the keys are one
// sealed JSON value, bound to the account.
type keyStore struct {
	o   *outbound
	tx  store.Tx
	rec *store.OutboundIssuer
}

func associated(account string) []byte { return []byte("outbound-issuer:" + account) }

func (k keyStore) LoadKeys(context.Context) ([]issuer.StoredKey, error) {
	if len(k.rec.Keys) == 0 {
		return nil, nil
	}
	plain, err := k.o.seal.Open(k.rec.Keys, associated(k.rec.AccountID))
	if err != nil {
		return nil, fmt.Errorf("outbound issuer of %s: %w", k.rec.AccountID, err)
	}
	var keys []issuer.StoredKey
	return keys, json.Unmarshal(plain, &keys)
}

func (k keyStore) SaveKeys(ctx context.Context, keys []issuer.StoredKey) error {
	plain, err := json.Marshal(keys)
	if err != nil {
		return err
	}
	sealed, err := k.o.seal.Seal(plain, associated(k.rec.AccountID))
	if err != nil {
		return err
	}
	k.rec.Keys, k.rec.Updated = sealed, k.o.now().UTC()
	return k.tx.OutboundIssuers().Put(ctx, *k.rec)
}

// record reads the account's issuer record, or makes one for issuerURL.
func record(ctx context.Context, tx store.Tx, account, issuerURL string) (store.OutboundIssuer, error) {
	rec, err := tx.OutboundIssuers().Get(ctx, account)
	if errors.Is(err, store.ErrNotFound) {
		return store.OutboundIssuer{AccountID: account, IssuerID: path.Base(issuerURL), URL: issuerURL}, nil
	}
	return rec, err
}

// opened returns the issuer for rec, reusing the one opened from the same sealed keys.
func (o *outbound) opened(ctx context.Context, tx store.Tx, rec *store.OutboundIssuer) (*issuer.Issuer, error) {
	o.mu.Lock()
	cached, ok := o.open[rec.AccountID]
	o.mu.Unlock()
	if ok && bytes.Equal(cached.sealed, rec.Keys) && cached.is.URL() == rec.URL {
		return cached.is, nil
	}
	is, err := issuer.Open(ctx, keyStore{o, tx, rec}, rec.URL, o.now)
	if err != nil {
		return nil, err
	}
	o.keep(rec, is)
	return is, nil
}

func (o *outbound) keep(rec *store.OutboundIssuer, is *issuer.Issuer) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.open == nil {
		o.open = map[string]openIssuer{}
	}
	o.open[rec.AccountID] = openIssuer{sealed: rec.Keys, is: is}
}

// fresh reports whether is has an active key for alg younger than RotateAfter.
func (o *outbound) fresh(is *issuer.Issuer, alg string) bool {
	since, ok := is.ActiveSince(alg)
	return ok && o.now().Before(since.Add(RotateAfter))
}

// signer returns the account's issuer with a fresh key for alg, rotating one in (in a write
// transaction, so that concurrent nodes agree on the result) when there is none.
func (o *outbound) signer(ctx context.Context, st store.Store, account, issuerURL, alg string) (*issuer.Issuer, error) {
	if o.seal == nil {
		return nil, errors.New("sts: GetWebIdentityToken without issuer keys (sts.WithIssuerKeys)")
	}
	var is *issuer.Issuer
	err := st.View(ctx, func(tx store.Tx) error {
		rec, err := record(ctx, tx, account, issuerURL)
		if err == nil {
			is, err = o.opened(ctx, tx, &rec)
		}
		return err
	})
	if err != nil || o.fresh(is, alg) {
		return is, err
	}
	err = st.Update(ctx, func(tx store.Tx) error {
		rec, err := record(ctx, tx, account, issuerURL)
		if err != nil {
			return err
		}
		if is, err = o.opened(ctx, tx, &rec); err != nil || o.fresh(is, alg) {
			return err
		}
		ks := keyStore{o, tx, &rec}
		if is, err = issuer.Open(ctx, ks, rec.URL, o.now); err != nil {
			return err
		}
		if err := is.Rotate(ctx, alg); err != nil {
			return err
		}
		o.keep(&rec, is)
		return nil
	})
	return is, err
}

// PublishedIssuer returns the issuer named issuerID (the last segment of its URL), for serving
// its discovery document and JWKS (an issuer.Finder); nil when no account has it.
func (s *Service) PublishedIssuer(ctx context.Context, issuerID string) (*issuer.Issuer, error) {
	if s.outbound.seal == nil {
		return nil, nil
	}
	var is *issuer.Issuer
	err := s.store.View(ctx, func(tx store.Tx) error {
		rec, err := tx.OutboundIssuers().Find(ctx, issuerID)
		if err == nil {
			is, err = s.outbound.opened(ctx, tx, &rec)
		}
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	return is, err
}
