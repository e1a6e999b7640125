package analyzer

import (
	"context"
	"errors"
	"maps"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
)

// Tags on analyzers: TagResource, UntagResource, ListTagsForResource, by analyzer ARN.

// maxTags is the most tags a resource may carry (AWS's tagging limit).
const maxTags = 50

func checkTags(tags map[string]string) error {
	if len(tags) > maxTags {
		return errTooManyTags()
	}
	return nil
}

// retag applies change to the analyzer's tags in one transaction.
func (s *Service) retag(ctx context.Context, account string, a *analyzer, change func(map[string]string)) error {
	return s.update(ctx, func(tx store.Tx) error {
		cur, err := loadAnalyzer(ctx, tx, account, a.Name)
		if err != nil {
			return err
		}
		if cur == nil {
			return errAnalyzerNotFound(a.Name)
		}
		if cur.Tags == nil {
			cur.Tags = map[string]string{}
		}
		change(cur.Tags)
		if err := checkTags(cur.Tags); err != nil {
			return err
		}
		err = saveAnalyzer(ctx, tx, account, cur, s.now())
		if errors.Is(err, store.ErrNotFound) {
			return errAnalyzerNotFound(a.Name)
		}
		return err
	})
}

var tagResource = &op.Op[*Service, analyzerwire.TagResourceInput, analyzerwire.TagResourceOutput, *analyzer]{
	Name:    "TagResource",
	Action:  "access-analyzer:TagResource",
	Resolve: findAnalyzerByARN(func(in *analyzerwire.TagResourceInput) string { return in.ResourceArn }),
	Keys:    []op.KeySource[analyzerwire.TagResourceInput]{op.RequestTagMap(func(in *analyzerwire.TagResourceInput) map[string]string { return in.Tags })},
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.TagResourceInput, *analyzer]) (*analyzerwire.TagResourceOutput, error) {
		if err := s.retag(ctx, r.Account(), r.Entity(), func(m map[string]string) { maps.Copy(m, r.In.Tags) }); err != nil {
			return nil, err
		}
		return &analyzerwire.TagResourceOutput{}, nil
	},
}

var untagResource = &op.Op[*Service, analyzerwire.UntagResourceInput, analyzerwire.UntagResourceOutput, *analyzer]{
	Name:    "UntagResource",
	Action:  "access-analyzer:UntagResource",
	Resolve: findAnalyzerByARN(func(in *analyzerwire.UntagResourceInput) string { return in.ResourceArn }),
	Keys:    []op.KeySource[analyzerwire.UntagResourceInput]{op.TagKeysOf(func(in *analyzerwire.UntagResourceInput) []string { return in.TagKeys })},
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.UntagResourceInput, *analyzer]) (*analyzerwire.UntagResourceOutput, error) {
		err := s.retag(ctx, r.Account(), r.Entity(), func(m map[string]string) {
			for _, k := range r.In.TagKeys {
				delete(m, k)
			}
		})
		if err != nil {
			return nil, err
		}
		return &analyzerwire.UntagResourceOutput{}, nil
	},
}

var listTagsForResource = &op.Op[*Service, analyzerwire.ListTagsForResourceInput, analyzerwire.ListTagsForResourceOutput, *analyzer]{
	Name:    "ListTagsForResource",
	Action:  "access-analyzer:ListTagsForResource",
	Resolve: findAnalyzerByARN(func(in *analyzerwire.ListTagsForResourceInput) string { return in.ResourceArn }),
	Handle: func(_ *Service, _ context.Context, r *op.Request[analyzerwire.ListTagsForResourceInput, *analyzer]) (*analyzerwire.ListTagsForResourceOutput, error) {
		tags := r.Entity().Tags
		if tags == nil {
			tags = map[string]string{}
		}
		return &analyzerwire.ListTagsForResourceOutput{Tags: tags}, nil
	},
}
