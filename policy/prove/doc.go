// Package prove answers IAM Access Analyzer's three custom policy checks —
// CheckNoNewAccess, CheckAccessNotGranted and CheckNoPublicAccess — with a sound decision
// procedure: PASS is returned only when it is proven, never because sampling found nothing.
//
// A request is an action, a resource, a caller (for resource policies) and condition keys.
// Each part's domain is cut into finitely many regions that every pattern and constant of
// the documents treats alike: string parts by the subset construction of their patterns'
// automata (globs over actions, case-insensitive; globs over resources, case-sensitive;
// exact, case-folded and ARN-component patterns over condition values), numbers, dates and
// IP addresses by the intervals their constants cut, callers by concrete representatives of
// every way the Principal entries can match. Each condition is decided on each region's
// representative by the policy engine itself (policy.CompiledCondition), with the absent,
// single-valued and list forms of its key, so operators, IfExists, ForAllValues/ForAnyValue,
// Null, and the engine's rules for missing keys need no second implementation. Statements
// become propositional formulas over the regions (Tseitin encoding), and a CDCL SAT solver
// (sat.go) decides: "new grants and existing does not", "grants one of the listed accesses",
// "grants a caller outside every zone of trust". Where regions would be exponential (several
// inner wildcards), a domain is decided lazily, DPLL(T) style: a guided automaton search
// checks each model and adds lemmas.
//
// What cannot be encoded exactly is over-approximated, never under: a condition value or
// resource with policy variables becomes an unconstrained literal (a resource one implied to
// match its shape with the variable as '*'), as do conditions on a key that other conditions
// use with another type. Over-approximation can only turn a PASS into a FAIL; such a FAIL
// has Confirmed false. Every other FAIL carries an Example request that the policy engine
// has been asked about and decides as the finding says.
//
// The API maps onto the accessanalyzer wire types as follows: CheckNoNewAccessRequest
// {newPolicyDocument, existingPolicyDocument, policyType} → CheckNoNewAccess(new, existing,
// PolicyType); CheckAccessNotGrantedRequest {policyDocument, access: [{actions, resources}]
// (at most one element), policyType} → CheckAccessNotGranted(doc, Access, PolicyType);
// CheckNoPublicAccessRequest {policyDocument, resourceType} → CheckNoPublicAccess(doc,
// resourceType). Each returns a Result whose Result, Message and Reasons (Description,
// StatementIndex, StatementID — omit statementId when empty) are the response members, or
// an *InputError naming the request member that is invalid (ValidationException).
//
// The package is a leaf: it imports the policy engine, arn and the Service Authorization
// Reference (for which keys are lists), and the standard library.
package prove
