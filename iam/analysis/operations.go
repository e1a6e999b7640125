package analysis

// Implemented lists the operations this family implements (see iam.Implemented). Not listed,
// and answering NotImplemented: the delegation-request operations, which depend on AWS's
// partner onboarding (policy templates registered by partners, tokens sent to partners
// through SNS) that Gatehouse does not have, and GetHumanReadableSummary, an LLM-written
// summary of a delegation request.
var Implemented = []string{
	"DisableOutboundWebIdentityFederation",
	"EnableOutboundWebIdentityFederation",
	"GenerateServiceLastAccessedDetails",
	"GetContextKeysForCustomPolicy",
	"GetContextKeysForPrincipalPolicy",
	"GetOutboundWebIdentityFederationInfo",
	"GetServiceLastAccessedDetails",
	"GetServiceLastAccessedDetailsWithEntities",
	"SimulateCustomPolicy",
	"SimulatePrincipalPolicy",
}
