package analyzer

import (
	"slices"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
)

// Operations is the Access Analyzer operations table: one row per implemented operation
// (package op). Every other operation of the model answers NotImplemented
// (its analyzerwire.Handlers field is left nil).
var Operations = op.Table{
	checkAccessNotGranted,
	checkNoNewAccess,
	checkNoPublicAccess,
	validatePolicy,
	createAnalyzer,
	getAnalyzer,
	listAnalyzersOp,
	updateAnalyzer,
	deleteAnalyzer,
	tagResource,
	untagResource,
	listTagsForResource,
	createArchiveRule,
	getArchiveRule,
	listArchiveRules,
	updateArchiveRule,
	deleteArchiveRule,
	applyArchiveRule,
	listFindings,
	listFindingsV2,
	getFinding,
	getFindingV2,
	updateFindings,
	getFindingsStatistics,
	startResourceScan,
	generateFindingRecommendation,
	getFindingRecommendation,
	startPolicyGeneration,
	getGeneratedPolicy,
	listPolicyGenerations,
	cancelPolicyGeneration,
	createAccessPreview,
	getAccessPreview,
	listAccessPreviews,
	listAccessPreviewFindings,
	getAnalyzedResource,
	listAnalyzedResources,
	createServiceLinkedAnalyzer,
	deleteServiceLinkedAnalyzer,
}

// Implemented lists the operations this service implements, from Operations.
// docs/api-coverage.md is generated from it, and a test checks it against the handler.
var Implemented = Operations.Names()

// Pending says why the other operations are not implemented yet; docs/api-coverage.md shows it.
var Pending = pending()

func pending() map[string]string {
	out := map[string]string{}
	for _, o := range analyzerwire.Service.Operations {
		if !slices.Contains(Implemented, o.Name) {
			out[o.Name] = "access previews, analyzed resources and service-linked analyzers: issue 11, landing in steps"
		}
	}
	return out
}
