package rolesanywhere

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/rolesanywherewire"
)

// resource is a trust anchor, profile, CRL or subject as the operations see it; the store keeps
// everything but the keys as Body (JSON).
type resource struct {
	Kind    store.RolesAnywhereKind `json:"-"`
	ID      string                  `json:"-"`
	Name    string                  `json:"-"`
	Created time.Time               `json:"-"`
	Updated time.Time               `json:"-"`
	body
}

type body struct {
	ARN     string
	Enabled bool
	Tags    []rolesanywherewire.Tag `json:",omitempty"`
	// Trust anchors.
	Source        *rolesanywherewire.Source                     `json:",omitempty"`
	Notifications []rolesanywherewire.NotificationSettingDetail `json:",omitempty"`
	// Profiles.
	Profile *profile `json:",omitempty"`
	// CRLs.
	CRL            []byte `json:",omitempty"`
	TrustAnchorARN string `json:",omitempty"`
	// Subjects.
	Subject *subject `json:",omitempty"`
}

// kindNames are the resource types of the ARNs, by kind.
var kindNames = [...]string{
	store.RolesAnywhereTrustAnchor: "trust-anchor",
	store.RolesAnywhereProfile:     "profile",
	store.RolesAnywhereCRL:         "crl",
	store.RolesAnywhereSubject:     "subject",
}

// resourceARN is arn:PARTITION:rolesanywhere:REGION:ACCOUNT:TYPE/ID.
func resourceARN(call *callctx.Call, kind store.RolesAnywhereKind, id string) string {
	return fmt.Sprintf("arn:%s:rolesanywhere:%s:%s:%s/%s", partition(call), call.Region, call.Caller.AccountID, kindNames[kind], id)
}

// partition is the caller's partition, read from its ARN ("aws" when it has none).
func partition(call *callctx.Call) string {
	if p := strings.SplitN(call.Caller.ARN, ":", 3); len(p) == 3 && p[1] != "" {
		return p[1]
	}
	return "aws"
}

// parseARN reads a Roles Anywhere ARN's account, kind and ID.
func parseARN(s string) (account string, kind store.RolesAnywhereKind, id string, ok bool) {
	a, err := arn.Parse(s)
	if err != nil || a.Service != "rolesanywhere" {
		return "", 0, "", false
	}
	typ, id, found := strings.Cut(a.Resource, "/")
	if !found || id == "" {
		return "", 0, "", false
	}
	for k, name := range kindNames {
		if name == typ {
			return a.AccountID, store.RolesAnywhereKind(k), id, true
		}
	}
	return "", 0, "", false
}

// newID returns a random (version 4) UUID, the form of every Roles Anywhere resource ID.
func newID(r io.Reader) (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", err
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
}

func (r *resource) record(account string) (store.RolesAnywhereRecord, error) {
	b, err := json.Marshal(r.body)
	return store.RolesAnywhereRecord{AccountID: account, Kind: r.Kind, ID: r.ID, Name: r.Name, Created: r.Created,
		Updated: r.Updated, Body: b}, err
}

func resourceOf(rec store.RolesAnywhereRecord) (*resource, error) {
	r := &resource{Kind: rec.Kind, ID: rec.ID, Name: rec.Name, Created: rec.Created, Updated: rec.Updated}
	return r, json.Unmarshal(rec.Body, &r.body)
}

// load reads a resource in tx; nil when the account has none with the ID.
func load(ctx context.Context, tx store.Tx, account string, kind store.RolesAnywhereKind, id string) (*resource, error) {
	rec, err := tx.RolesAnywhere().Get(ctx, kind, account, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return resourceOf(rec)
}

// find reads a resource in its own transaction; nil when missing.
func (s *Service) find(ctx context.Context, account string, kind store.RolesAnywhereKind, id string) (*resource, error) {
	var r *resource
	err := s.store.View(ctx, func(tx store.Tx) (err error) {
		r, err = load(ctx, tx, account, kind, id)
		return err
	})
	return r, err
}

// change rewrites the resource in one transaction: it reloads it, applies fn and saves it with a
// new UpdatedAt; errNotFound when it went meanwhile.
func (s *Service) change(ctx context.Context, account string, r *resource, fn func(*resource) error) (*resource, error) {
	var out *resource
	err := s.store.Update(ctx, func(tx store.Tx) error {
		cur, err := load(ctx, tx, account, r.Kind, r.ID)
		if err != nil {
			return err
		}
		if cur == nil {
			return errNotFound()
		}
		if err := fn(cur); err != nil {
			return err
		}
		cur.Updated = s.now().UTC()
		rec, err := cur.record(account)
		if err != nil {
			return err
		}
		out = cur
		return tx.RolesAnywhere().Update(ctx, rec)
	})
	return out, err
}

// create stores a new resource of kind with a fresh ID; fill sets what is particular to it.
func (s *Service) create(ctx context.Context, call *callctx.Call, kind store.RolesAnywhereKind, name string, tags []rolesanywherewire.Tag, fill func(*resource) error) (*resource, error) {
	if len(tags) > maxTags {
		return nil, errTooManyTags()
	}
	id, err := newID(s.rand)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	r := &resource{Kind: kind, ID: id, Name: name, Created: now, Updated: now,
		body: body{ARN: resourceARN(call, kind, id), Tags: tags}}
	if err := fill(r); err != nil {
		return nil, err
	}
	rec, err := r.record(call.Caller.AccountID)
	if err != nil {
		return nil, err
	}
	return r, s.store.Update(ctx, func(tx store.Tx) error { return tx.RolesAnywhere().Create(ctx, rec) })
}

// remove deletes the resource.
func (s *Service) remove(ctx context.Context, account string, r *resource) error {
	err := s.store.Update(ctx, func(tx store.Tx) error { return tx.RolesAnywhere().Delete(ctx, r.Kind, account, r.ID) })
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound()
	}
	return err
}

// byID is the resolver of an operation on one resource named by its ID: its ARN and tags for
// authorization, ResourceNotFoundException (after authorization) when the account has none.
func byID[In any](kind store.RolesAnywhereKind, id func(*In) string) op.Resolver[*Service, In, *resource] {
	return op.Resolver[*Service, In, *resource]{Keys: []string{op.ResourceTag},
		Find: func(s *Service, ctx context.Context, call *callctx.Call, in *In) (op.Target[*resource], error) {
			return s.target(ctx, call, kind, id(in))
		}}
}

func (s *Service) target(ctx context.Context, call *callctx.Call, kind store.RolesAnywhereKind, id string) (op.Target[*resource], error) {
	r, err := s.find(ctx, call.Caller.AccountID, kind, id)
	if err != nil {
		return op.Target[*resource]{}, err
	}
	if r == nil {
		return op.Target[*resource]{ARN: resourceARN(call, kind, id), Missing: errNotFound()}, nil
	}
	return op.Target[*resource]{ARN: r.ARN, Keys: op.ResourceTagKeys(r.Tags, "aws:ResourceTag"), Entity: r}, nil
}

// byARN is byID for an operation that names its resource by ARN (the tagging operations); an
// ARN of another account or no Roles Anywhere resource is not found.
func byARN[In any](resourceARN func(*In) string) op.Resolver[*Service, In, *resource] {
	return op.Resolver[*Service, In, *resource]{Keys: []string{op.ResourceTag},
		Find: func(s *Service, ctx context.Context, call *callctx.Call, in *In) (op.Target[*resource], error) {
			a := resourceARN(in)
			account, kind, id, ok := parseARN(a)
			if !ok || account != call.Caller.AccountID {
				return op.Target[*resource]{ARN: a, Missing: errNotFound()}, nil
			}
			return s.target(ctx, call, kind, id)
		}}
}

// onAnyResource is r authorized on "*": the Service Authorization Reference gives
// rolesanywhere:ListTagsForResource no resource type, so a policy grants it on "*" only
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementrolesanywhere.html).
// The resource is still found, for the answer and its not-found error.
func onAnyResource[In any](r op.Resolver[*Service, In, *resource]) op.Resolver[*Service, In, *resource] {
	find := r.Find
	r.Find = func(s *Service, ctx context.Context, call *callctx.Call, in *In) (op.Target[*resource], error) {
		t, err := find(s, ctx, call, in)
		t.ARN = ""
		return t, err
	}
	return r
}

// at is the resolver of an operation without a resource (creates, lists): "*".
func at[In any]() op.Resolver[*Service, In, op.None] { return op.Resolver[*Service, In, op.None]{} }

// enabled sets Enabled and saves; the shared body of the Enable*/Disable* operations.
func (s *Service) setEnabled(ctx context.Context, account string, r *resource, on bool) (*resource, error) {
	return s.change(ctx, account, r, func(cur *resource) error { cur.Enabled = on; return nil })
}

// list returns a page of an account's resources of a kind ordered by ID: pageSize of them
// (default and most 50), after the ID the token carries.
func (s *Service) list(ctx context.Context, account string, kind store.RolesAnywhereKind, token *string, pageSize *int32) ([]*resource, *string, error) {
	after := ""
	if token != nil {
		b, err := hex.DecodeString(*token)
		if err != nil || len(b) == 0 {
			return nil, nil, errInvalidToken()
		}
		after = string(b)
	}
	size := defaultPageSize
	if pageSize != nil && *pageSize > 0 && int(*pageSize) < size {
		size = int(*pageSize)
	}
	var recs []store.RolesAnywhereRecord
	err := s.store.View(ctx, func(tx store.Tx) (err error) {
		recs, err = tx.RolesAnywhere().List(ctx, kind, account, after, size+1)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	var next *string
	if len(recs) > size {
		recs = recs[:size]
		t := hex.EncodeToString([]byte(recs[size-1].ID))
		next = &t
	}
	out := make([]*resource, len(recs))
	for i, rec := range recs {
		if out[i], err = resourceOf(rec); err != nil {
			return nil, nil, err
		}
	}
	return out, next, nil
}

// Limits.
const (
	maxTags         = 50
	defaultPageSize = 50
)
