package account

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// reportColumns are the credential report's columns, in AWS's order (IAM User Guide, "Getting
// credential reports").
var reportColumns = []string{
	"user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed",
	"password_next_rotation", "mfa_active",
	"access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_1_last_used_region",
	"access_key_1_last_used_service",
	"access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date", "access_key_2_last_used_region",
	"access_key_2_last_used_service",
	"cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated",
}

// The report's words for what has no value, as AWS writes them.
const (
	rootUser      = "<root_account>"
	notApplicable = "N/A"            // no such credential, or never used
	notSupported  = "not_supported"  // the root user's password columns
	noInformation = "no_information" // a password never used
)

// reportTime formats the report's dates as AWS does: ISO 8601 in UTC with a numeric offset.
func reportTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05+00:00") }

func reportBool(b bool) string { return strconv.FormatBool(b) }

// buildReport writes the credential report of account from one consistent snapshot: the root
// user's row first, then every user's, ordered by name.
func buildReport(ctx context.Context, tx store.Tx, account string) ([]byte, error) {
	a, err := tx.Accounts().Get(ctx, account)
	if err != nil {
		return nil, err
	}
	maxAge := 0
	if p, err := tx.Accounts().PasswordPolicy(ctx, account); err == nil {
		maxAge = p.MaxPasswordAge
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(reportColumns); err != nil {
		return nil, err
	}

	rootKeys, _, err := tx.AccessKeys().ListForUser(ctx, account, "", store.ListOptions{})
	if err != nil {
		return nil, err
	}
	rootCerts, _, err := tx.SigningCertificates().ForUser(ctx, account, "", store.ListOptions{})
	if err != nil {
		return nil, err
	}
	rootMFA, _, err := tx.MFADevices().ForUser(ctx, account, "", store.ListOptions{Limit: 1})
	if err != nil {
		return nil, err
	}
	row := []string{rootUser, arn.Root(account), reportTime(a.Created), notSupported, noInformation, notSupported,
		notSupported, reportBool(len(rootMFA) > 0)}
	if err := w.Write(appendCredentials(row, rootKeys, rootCerts)); err != nil {
		return nil, err
	}

	o := store.ListOptions{Limit: ReportPageSize}
	for {
		page, more, err := tx.Accounts().UserCredentials(ctx, account, o)
		if err != nil {
			return nil, err
		}
		for _, uc := range page {
			if err := w.Write(userRow(uc, maxAge)); err != nil {
				return nil, err
			}
		}
		if !more || len(page) == 0 {
			break
		}
		o.After = page[len(page)-1].User.Name
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// userRow is one IAM user's row. maxAge is the password policy's MaxPasswordAge (0: passwords
// do not expire).
func userRow(uc store.UserCredentials, maxAge int) []string {
	u := uc.User
	row := []string{u.Name, u.ARN, reportTime(u.Created)}
	if lp := uc.LoginProfile; lp != nil {
		set := lp.PasswordChanged
		if set.IsZero() {
			set = lp.Created
		}
		used := noInformation
		if !u.PasswordLastUsed.IsZero() {
			used = reportTime(u.PasswordLastUsed)
		}
		next := notApplicable
		if maxAge > 0 {
			next = reportTime(set.Add(time.Duration(maxAge) * 24 * time.Hour))
		}
		row = append(row, "true", used, reportTime(set), next)
	} else {
		row = append(row, "false", notApplicable, notApplicable, notApplicable)
	}
	row = append(row, reportBool(uc.MFADevices > 0))
	return appendCredentials(row, uc.AccessKeys, uc.SigningCertificates)
}

// appendCredentials adds the access key and signing certificate columns: two of each, active
// ones first, then oldest first.
func appendCredentials(row []string, keys []store.AccessKey, certs []store.SigningCertificate) []string {
	keys = slices.Clone(keys)
	slices.SortStableFunc(keys, func(a, b store.AccessKey) int {
		return cmp.Or(activeFirst(a.Status, b.Status), a.Created.Compare(b.Created))
	})
	for i := range 2 {
		if i >= len(keys) {
			row = append(row, "false", notApplicable, notApplicable, notApplicable, notApplicable)
			continue
		}
		k := keys[i]
		used, region, service := notApplicable, notApplicable, notApplicable
		if !k.LastUsed.When.IsZero() {
			used = reportTime(k.LastUsed.When)
			region, service = orNA(k.LastUsed.Region), orNA(k.LastUsed.Service)
		}
		row = append(row, reportBool(k.Status == store.StatusActive), reportTime(k.Created), used, region, service)
	}
	certs = slices.Clone(certs)
	slices.SortStableFunc(certs, func(a, b store.SigningCertificate) int {
		return cmp.Or(activeFirst(a.Status, b.Status), a.Uploaded.Compare(b.Uploaded))
	})
	for i := range 2 {
		if i >= len(certs) {
			row = append(row, "false", notApplicable)
			continue
		}
		row = append(row, reportBool(certs[i].Status == store.StatusActive), reportTime(certs[i].Uploaded))
	}
	return row
}

func activeFirst(a, b string) int {
	return cmp.Compare(btoi(a != store.StatusActive), btoi(b != store.StatusActive))
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func orNA(s string) string {
	if s == "" {
		return notApplicable
	}
	return s
}

// reportStarted is AWS's Description of a report generation it has just started.
const reportStarted = "No report exists. Starting a new report generation task"

// GenerateCredentialReport makes the account's credential report, at most once every
// ReportMinInterval as AWS does: while the last report is younger it answers COMPLETE and
// keeps it; otherwise it generates a new one from the current state (key use included) and
// answers STARTED. Generation finishes within the request, so the report is ready for
// GetCredentialReport at once and no request ever sees it half made (AWS's INPROGRESS state).
var generateCredentialReport = &op.Op[*Account, iamwire.GenerateCredentialReportInput, iamwire.GenerateCredentialReportOutput, op.None]{
	Name: "GenerateCredentialReport", Action: "iam:GenerateCredentialReport",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.GenerateCredentialReportInput, op.None]) (*iamwire.GenerateCredentialReportOutput, error) {
		account := r.Account()
		var err error
		if err := s.Usage.Flush(ctx); err != nil {
			return nil, err
		}
		now := s.Timestamp()
		fresh := false
		var content []byte
		err = s.Store.View(ctx, func(tx store.Tx) error {
			r, err := tx.Accounts().CredentialReport(ctx, account)
			if err == nil && now.Sub(r.Generated) < ReportMinInterval {
				fresh = true
				return nil
			}
			if err != nil && !core.IsNotFound(err) {
				return err
			}
			content, err = buildReport(ctx, tx, account)
			return err
		})
		if err != nil {
			return nil, err
		}
		if fresh {
			state := iamwire.ReportStateTypeComplete
			return &iamwire.GenerateCredentialReportOutput{State: &state}, nil
		}
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			return tx.Accounts().PutCredentialReport(ctx, account, store.CredentialReport{Generated: now, Content: content})
		})
		if err != nil {
			return nil, err
		}
		state, desc := iamwire.ReportStateTypeStarted, reportStarted
		return &iamwire.GenerateCredentialReportOutput{State: &state, Description: &desc}, nil
	}}

// GetCredentialReport returns the last credential report: AWS's CSV (see buildReport) with
// when it was generated. Without a report it answers ReportNotPresent; once the report is
// older than ReportLifetime, ReportExpired, until GenerateCredentialReport makes a new one.
var getCredentialReport = &op.Op[*Account, iamwire.GetCredentialReportInput, iamwire.GetCredentialReportOutput, op.None]{
	Name: "GetCredentialReport", Action: "iam:GetCredentialReport",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.GetCredentialReportInput, op.None]) (*iamwire.GetCredentialReportOutput, error) {
		account := r.Account()
		rep, err := core.ReadOr(ctx, s.Store, iamerr.ReportNotPresent.Err(), func(tx store.Tx) (store.CredentialReport, error) {
			return tx.Accounts().CredentialReport(ctx, account)
		})
		if err != nil {
			return nil, err
		}
		if s.Now().Sub(rep.Generated) >= ReportLifetime {
			return nil, iamerr.ReportExpired.Err()
		}
		format, generated := iamwire.ReportFormatTypeTextCsv, rep.Generated
		return &iamwire.GetCredentialReportOutput{Content: rep.Content, ReportFormat: &format, GeneratedTime: &generated}, nil
	}}
