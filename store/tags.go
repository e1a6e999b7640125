package store

import "context"

// Tag is a key-value tag. Keys are unique per resource without regard to case.
type Tag struct {
	Key   string
	Value string
}

// Resource names a taggable entity: Kind is one of KindUser, KindRole, KindPolicy,
// KindInstanceProfile, KindOIDCProvider, KindSAMLProvider, KindMFADevice,
// KindServerCertificate, and Key is what that Kind's documentation says.
type Resource struct {
	Kind Kind
	Key  string
}

// Tags is the one tag mechanism of every taggable entity.
type Tags interface {
	// List returns a resource's tags in the order their keys were first added. A missing
	// resource is ErrNotFound.
	List(ctx context.Context, r Resource) ([]Tag, error)
	// Put adds tags, replacing the key's spelling and value of any tag whose key matches
	// without regard to case; a replaced tag keeps its place.
	Put(ctx context.Context, r Resource, tags []Tag) error
	// Remove deletes the tags with the given keys, ignoring case; absent keys are ignored, as
	// UntagUser ignores them.
	Remove(ctx context.Context, r Resource, keys []string) error
	Count(ctx context.Context, r Resource) (int, error)
}
