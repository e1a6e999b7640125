package password

import (
	"fmt"
	"strings"
)

// Symbols are the characters IAM password policies count as symbols (IAM API Reference,
// UpdateAccountPasswordPolicy, RequireSymbols): ! @ # $ % ^ & * ( ) _ + - = [ ] { } | '
const Symbols = "!@#$%^&*()_+-=[]{}|'"

// Rule names one requirement of a Policy.
type Rule string

const (
	RuleLength    Rule = "length"
	RuleUppercase Rule = "uppercase"
	RuleLowercase Rule = "lowercase"
	RuleNumber    Rule = "number"
	RuleSymbol    Rule = "symbol"
	RuleClasses   Rule = "classes"
	RuleForbidden Rule = "forbidden"
)

// Policy is what a new password must satisfy: an account's custom password policy, or
// Default's rules when it has none.
type Policy struct {
	MinLength                                                          int
	RequireUppercase, RequireLowercase, RequireNumbers, RequireSymbols bool
	// MinClasses is how many of the four character classes (uppercase, lowercase, numbers,
	// symbols) must appear; 0 for none.
	MinClasses int
	// Forbidden are values the password may not equal, ignoring case (the default policy's
	// account name and email address).
	Forbidden []string
}

// DefaultPolicy is the policy of an account without a custom password policy (IAM User Guide,
// "Default password policy"): at least 8 characters, at least three of the four character
// classes, and not the account's name or email address.
func DefaultPolicy(accountName, email string) Policy {
	return Policy{MinLength: 8, MinClasses: 3, Forbidden: []string{accountName, email}}
}

// Violation is a password that breaks a Policy; Rule says which requirement, first in the order
// Check tests them.
type Violation struct {
	Rule Rule
	// Want is the number the rule requires (length or classes), 0 for the others.
	Want int
}

func (v *Violation) Error() string {
	switch v.Rule {
	case RuleLength:
		return fmt.Sprintf("password: shorter than %d characters", v.Want)
	case RuleClasses:
		return fmt.Sprintf("password: fewer than %d character classes", v.Want)
	case RuleForbidden:
		return "password: equal to a forbidden value"
	}
	return "password: no " + string(v.Rule) + " character"
}

// Check returns a *Violation when password breaks p, nil when it satisfies it.
func (p Policy) Check(password string) error {
	if n := len([]rune(password)); n < p.MinLength {
		return &Violation{Rule: RuleLength, Want: p.MinLength}
	}
	var upper, lower, number, symbol bool
	for _, r := range password {
		switch {
		case 'A' <= r && r <= 'Z':
			upper = true
		case 'a' <= r && r <= 'z':
			lower = true
		case '0' <= r && r <= '9':
			number = true
		case r < 0x80 && strings.ContainsRune(Symbols, r):
			symbol = true
		}
	}
	switch {
	case p.RequireUppercase && !upper:
		return &Violation{Rule: RuleUppercase}
	case p.RequireLowercase && !lower:
		return &Violation{Rule: RuleLowercase}
	case p.RequireNumbers && !number:
		return &Violation{Rule: RuleNumber}
	case p.RequireSymbols && !symbol:
		return &Violation{Rule: RuleSymbol}
	}
	if p.MinClasses > 0 {
		n := 0
		for _, b := range [...]bool{upper, lower, number, symbol} {
			if b {
				n++
			}
		}
		if n < p.MinClasses {
			return &Violation{Rule: RuleClasses, Want: p.MinClasses}
		}
	}
	for _, f := range p.Forbidden {
		if f != "" && strings.EqualFold(password, f) {
			return &Violation{Rule: RuleForbidden}
		}
	}
	return nil
}
