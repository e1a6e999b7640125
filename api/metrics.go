package api

import (
	"time"

	"github.com/gatehouse-iam/gatehouse/wire"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
	"github.com/gatehouse-iam/gatehouse/wire/cloudtrailwire"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
	"github.com/gatehouse-iam/gatehouse/wire/rolesanywherewire"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// unknownLabel stands for a service or operation this endpoint does not know.
const unknownLabel = "unknown"

// operationSets are the modelled (and extra) operations of every service, by signing name.
func operationSets(extras []Extra) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, svc := range []*wire.Service{iamwire.Service, stswire.Service, orgwire.Service, cloudtrailwire.Service,
		analyzerwire.Service, rolesanywherewire.Service} {
		ops := map[string]bool{}
		for _, o := range svc.Operations {
			ops[o.Name] = true
		}
		out[svc.SigningName] = ops
	}
	for _, e := range extras {
		if ops := out[e.Service]; ops != nil {
			ops[e.Name] = true
		}
	}
	return out
}

// count records the request in the metrics: its service, operation and outcome, its duration,
// the authorizer's decisions, and an authentication failure's reason.
func (h *Handler) count(x *exchange, start time.Time) {
	if h.metrics == nil {
		return
	}
	service, operation := x.service, x.action
	if service == "" {
		service = x.scope
	}
	ops, ok := h.operations[service]
	if !ok {
		service = unknownLabel
	}
	if !ops[operation] {
		operation = unknownLabel
	}
	code := x.code
	if len(code) > maxLoggedAction {
		code = code[:maxLoggedAction]
	}
	h.metrics.Request(service, operation, code, h.now().Sub(start))
	if x.authFailed {
		h.metrics.AuthFailure(code)
	}
	for _, d := range x.entry.Explanations() {
		h.metrics.Decision(d.Decision)
	}
}
