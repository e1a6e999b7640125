package rolesanywhere

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/federation/x509auth"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/jsonproto"
	"github.com/gatehouse-iam/gatehouse/wire/rolesanywherewire"
)

// CreateSession, the data plane: POST /sessions?profileArn=…&roleArn=…&trustAnchorArn=…, signed
// with the workload's certificate key, answered with a credentialSet as AWS does (what
// aws_signing_helper reads).

// CreateSessionExtra is CreateSession as an unsigned extra operation for api.Config.Extras.
func (s *Service) CreateSessionExtra() jsonproto.Extra {
	return jsonproto.Extra{Name: "CreateSession", Method: "POST", Pattern: "/sessions", Serve: s.serveCreateSession}
}

// The range of CreateSession's durationSeconds (the helper's --session-duration).
const (
	minSessionSeconds = 900
	maxSessionSeconds = 43200
)

type createSessionBody struct {
	DurationSeconds *int32  `json:"durationSeconds"`
	RoleSessionName *string `json:"roleSessionName"`
	SessionName     *string `json:"sessionName"`
}

type sessionCredentials struct {
	AccessKeyID     string `json:"accessKeyId"`
	Expiration      string `json:"expiration"`
	SecretAccessKey string `json:"secretAccessKey"`
	SessionToken    string `json:"sessionToken"`
}

type credentialResponse struct {
	AssumedRoleUser struct {
		Arn           string `json:"arn"`
		AssumedRoleID string `json:"assumedRoleId"`
	} `json:"assumedRoleUser"`
	Credentials      sessionCredentials `json:"credentials"`
	PackedPolicySize int                `json:"packedPolicySize"`
	RoleArn          string             `json:"roleArn"`
	SourceIdentity   string             `json:"sourceIdentity"`
}

type createSessionOutput struct {
	CredentialSet []credentialResponse `json:"credentialSet"`
	SubjectArn    string               `json:"subjectArn"`
}

// sessionRequest is what CreateSession found before asking STS.
type sessionRequest struct {
	account, partition   string
	trustAnchor, profile *resource
	roleARN              string
	body                 createSessionBody
	auth                 *x509auth.Request
}

func (s *Service) serveCreateSession(ctx context.Context, r *jsonproto.Request, _ []string, dst []byte) (*jsonproto.Response, error) {
	q, err := s.sessionRequest(ctx, r)
	if err != nil {
		return nil, err
	}
	out, err := s.createSession(ctx, q)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	return &jsonproto.Response{Status: 201, ContentType: jsonproto.ContentTypeJSON, Body: append(dst, b...)}, nil
}

// sessionRequest authenticates the request and reads the trust anchor and profile it names.
func (s *Service) sessionRequest(ctx context.Context, r *jsonproto.Request) (*sessionRequest, error) {
	q := &sessionRequest{roleARN: r.Query.Get("roleArn")}
	taARN, profileARN := r.Query.Get("trustAnchorArn"), r.Query.Get("profileArn")
	for name, v := range map[string]string{"trustAnchorArn": taARN, "profileArn": profileARN, "roleArn": q.roleARN} {
		if v == "" {
			return nil, errValidation("Missing required parameter: %s", name) // unconfirmed
		}
	}
	if len(r.Body) > 0 {
		if err := json.Unmarshal(r.Body, &q.body); err != nil {
			return nil, rolesanywherewire.ErrValidationException("Invalid request body") // unconfirmed
		}
	}
	auth, err := s.verifier.AuthenticateParts(r.Method, r.Host, r.Path, r.RawQuery, r.Header, r.Body)
	if err != nil {
		return nil, authError(err)
	}
	q.auth = auth
	account, kind, taID, ok := parseARN(taARN)
	pAccount, pKind, pID, pOK := parseARN(profileARN)
	if !ok || kind != store.RolesAnywhereTrustAnchor || !pOK || pKind != store.RolesAnywhereProfile || pAccount != account {
		return nil, errValidation("Invalid trust anchor or profile ARN") // unconfirmed
	}
	q.account = account
	if q.trustAnchor, err = s.find(ctx, account, kind, taID); err != nil {
		return nil, err
	}
	if q.profile, err = s.find(ctx, account, pKind, pID); err != nil {
		return nil, err
	}
	if q.trustAnchor == nil || !q.trustAnchor.Enabled {
		return nil, rolesanywherewire.ErrAccessDeniedException("Trust anchor is not found or disabled") // unconfirmed
	}
	if q.profile == nil || !q.profile.Enabled {
		return nil, rolesanywherewire.ErrAccessDeniedException("Profile is not found or disabled") // unconfirmed
	}
	if a, err := arn.Parse(taARN); err == nil {
		q.partition = a.Partition
	}
	return q, nil
}

// createSession checks the certificate against the trust anchor and the role against the
// profile, and asks STS for the role's session.
func (s *Service) createSession(ctx context.Context, q *sessionRequest) (*createSessionOutput, error) {
	p := q.profile.Profile
	if !slices.Contains(p.RoleARNs, q.roleARN) {
		return nil, rolesanywherewire.ErrAccessDeniedException("Role %s is not in the profile", q.roleARN) // unconfirmed
	}
	anchor, err := s.anchor(ctx, q)
	if err != nil {
		return nil, err
	}
	if _, err := q.auth.VerifyChain(anchor); err != nil {
		return nil, authError(err)
	}
	cert := q.auth.Certificate
	tags, err := x509auth.SessionTags(cert, p.Mappings)
	if err != nil {
		return nil, authError(err)
	}
	name, err := sessionName(cert, p, q.body)
	if err != nil {
		return nil, err
	}
	d := time.Duration(p.DurationSeconds) * time.Second
	if ds := q.body.DurationSeconds; ds != nil {
		if *ds < minSessionSeconds || *ds > maxSessionSeconds {
			return nil, errValidation("durationSeconds must be between %d and %d", minSessionSeconds, maxSessionSeconds) // unconfirmed wording
		}
		d = min(d, time.Duration(*ds)*time.Second)
	}
	creds, err := s.sessions.AssumeRoleForService(ctx, identity.ServiceSession{Service: serviceName, RoleARN: q.roleARN,
		SessionName: name, Tags: tags, SourceIdentity: x509auth.SourceIdentity(cert),
		Context:       map[string]string{"aws:SourceArn": q.trustAnchor.ARN, "aws:SourceAccount": q.account},
		SessionPolicy: p.SessionPolicy, PolicyARNs: p.ManagedPolicyARNs, Duration: d})
	if err != nil {
		return nil, stsError(err)
	}
	if err := s.recordSubject(ctx, q.auth.Region, q.account, q.partition, cert, false); err != nil {
		return nil, err
	}
	cr := credentialResponse{Credentials: sessionCredentials{AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey,
		SessionToken: creds.SessionToken, Expiration: creds.Expiration.UTC().Format(time.RFC3339)},
		PackedPolicySize: creds.PackedPolicySize, RoleArn: q.roleARN, SourceIdentity: x509auth.SourceIdentity(cert)}
	cr.AssumedRoleUser.Arn, cr.AssumedRoleUser.AssumedRoleID = creds.AssumedRoleARN, creds.AssumedRoleID
	return &createSessionOutput{CredentialSet: []credentialResponse{cr},
		SubjectArn: fmt.Sprintf("arn:%s:rolesanywhere:%s:%s:subject/%s", q.partition, q.auth.Region, q.account, subjectID(q.account, cert.Subject.String()))}, nil
}

// anchor is the trust anchor's certificates with the enabled CRLs imported for it.
func (s *Service) anchor(ctx context.Context, q *sessionRequest) (x509auth.TrustAnchor, error) {
	var a x509auth.TrustAnchor
	certs, err := bundle(*q.trustAnchor.Source.SourceData.X509CertificateData)
	if err != nil {
		return a, err
	}
	a.Certificates = certs
	var recs []store.RolesAnywhereRecord
	err = s.store.View(ctx, func(tx store.Tx) (err error) {
		recs, err = tx.RolesAnywhere().List(ctx, store.RolesAnywhereCRL, q.account, "", 0)
		return err
	})
	if err != nil {
		return a, err
	}
	for _, rec := range recs {
		c, err := resourceOf(rec)
		if err != nil {
			return a, err
		}
		if !c.Enabled || c.TrustAnchorARN != q.trustAnchor.ARN {
			continue
		}
		if crl, err := parseCRL(c.CRL); err == nil {
			a.CRLs = append(a.CRLs, crl)
		}
	}
	return a, nil
}

// sessionName is the certificate's serial number in hex, or the roleSessionName the request
// passes when the profile accepts one.
func sessionName(cert *x509.Certificate, p *profile, b createSessionBody) (string, error) {
	if b.RoleSessionName != nil {
		if !p.AcceptRoleSessionName {
			return "", errValidation("The profile does not accept a role session name") // unconfirmed
		}
		return *b.RoleSessionName, nil
	}
	return cert.SerialNumber.Text(16), nil
}

// authError is x509auth's refusal as Roles Anywhere answers it.
func authError(err error) error {
	var xe *x509auth.Error
	if !errors.As(err, &xe) {
		return err
	}
	switch xe.Code {
	case x509auth.CodeAccessDenied:
		return rolesanywherewire.ErrAccessDeniedException("%s", xe.Message)
	case x509auth.CodeValidation:
		return rolesanywherewire.ErrValidationException("%s", xe.Message)
	}
	return jsonproto.NewError(xe.Code, xe.Status, awserr.Sender, nil, "%s", xe.Message)
}

// stsError is STS's refusal as Roles Anywhere answers it.
func stsError(err error) error {
	e := awserr.As(err)
	switch {
	case e == nil:
		return err
	case e.Code == "AccessDenied":
		return rolesanywherewire.ErrAccessDeniedException("%s", e.Message)
	case e.Code == "ValidationError" || e.Code == "MalformedPolicyDocument" || e.Code == "PackedPolicyTooLarge":
		return rolesanywherewire.ErrValidationException("%s", e.Message)
	}
	return err
}
