package identity_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/store"
)

func TestEffectiveTrustPolicy(t *testing.T) {
	t.Parallel()
	const (
		alice    = "arn:aws:iam::111122223333:user/alice"
		aliceID  = "AIDAEXAMPLEALICE00001"
		renamed  = "arn:aws:iam::111122223333:user/eng/alicia"
		deployer = "arn:aws:iam::111122223333:role/Deployer"
		roleID   = "AROAEXAMPLEDEPLOYER01"
	)
	gone := []store.TrustPrincipal{{Written: alice, ID: aliceID}}
	tests := []struct {
		name string
		doc  string
		ps   []store.TrustPrincipal
		want string
	}{
		{
			name: "nothing recorded",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"` + alice + `"},"Action":"sts:AssumeRole"}]}`,
			want: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"` + alice + `"},"Action":"sts:AssumeRole"}]}`,
		},
		{
			name: "principal unchanged",
			doc:  `{"Statement":{"Effect":"Allow","Principal":{"AWS":"` + alice + `"},"Action":"sts:AssumeRole"}}`,
			ps:   []store.TrustPrincipal{{Written: alice, ID: aliceID, CurrentARN: alice}},
			want: `{"Statement":{"Effect":"Allow","Principal":{"AWS":"` + alice + `"},"Action":"sts:AssumeRole"}}`,
		},
		{
			name: "deleted principal becomes its unique ID, formatting kept",
			doc:  "{\n  \"Statement\": [ {\n    \"Principal\" : { \"AWS\" :  \"" + alice + "\" },\n    \"Action\": \"sts:AssumeRole\"\n  } ]\n}",
			ps:   gone,
			want: "{\n  \"Statement\": [ {\n    \"Principal\" : { \"AWS\" :  \"" + aliceID + "\" },\n    \"Action\": \"sts:AssumeRole\"\n  } ]\n}",
		},
		{
			name: "renamed principal becomes its current ARN, in an array",
			doc:  `{"Statement":[{"Principal":{"AWS":["123456789012","` + alice + `"],"Service":"ec2.amazonaws.com"}}]}`,
			ps:   []store.TrustPrincipal{{Written: alice, ID: aliceID, CurrentARN: renamed}},
			want: `{"Statement":[{"Principal":{"AWS":["123456789012","` + renamed + `"],"Service":"ec2.amazonaws.com"}}]}`,
		},
		{
			name: "unique ID written for an existing role shows its ARN",
			doc:  `{"Statement":[{"Principal":{"AWS":"` + roleID + `"}}]}`,
			ps:   []store.TrustPrincipal{{Written: roleID, ID: roleID, CurrentARN: deployer}},
			want: `{"Statement":[{"Principal":{"AWS":"` + deployer + `"}}]}`,
		},
		{
			name: "the same text outside Principal.AWS is left alone",
			doc: `{"Statement":[{"Principal":{"AWS":"` + alice + `"},"Condition":{"ArnEquals":{"aws:PrincipalArn":"` + alice +
				`"}}},{"Sid":"` + alice + `","Principal":{"Federated":"` + alice + `"}}]}`,
			ps: gone,
			want: `{"Statement":[{"Principal":{"AWS":"` + aliceID + `"},"Condition":{"ArnEquals":{"aws:PrincipalArn":"` + alice +
				`"}}},{"Sid":"` + alice + `","Principal":{"Federated":"` + alice + `"}}]}`,
		},
		{
			name: "escaped slashes are matched by value",
			doc:  `{"Statement":[{"Principal":{"AWS":"arn:aws:iam::111122223333:user\/alice"}}]}`,
			ps:   gone,
			want: `{"Statement":[{"Principal":{"AWS":"` + aliceID + `"}}]}`,
		},
		{
			name: "several statements",
			doc: `{"Statement":[{"Principal":{"AWS":"` + alice + `"}},{"Principal":{"AWS":["` + deployer + `","` + alice +
				`"]}}]}`,
			ps: append([]store.TrustPrincipal{{Written: deployer, ID: roleID, CurrentARN: deployer}}, gone...),
			want: `{"Statement":[{"Principal":{"AWS":"` + aliceID + `"}},{"Principal":{"AWS":["` + deployer + `","` + aliceID +
				`"]}}]}`,
		},
		{
			name: "a document that no longer parses is returned as stored",
			doc:  `{"Statement":[{"Principal":{"AWS":"` + alice + `"}`,
			ps:   gone,
			want: `{"Statement":[{"Principal":{"AWS":"` + alice + `"}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tc.want, identity.EffectiveTrustPolicy(tc.doc, tc.ps)); diff != "" {
				t.Errorf("EffectiveTrustPolicy (-want +got):\n%s", diff)
			}
		})
	}
}
