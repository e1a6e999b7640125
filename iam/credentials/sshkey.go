package credentials

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"strings"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"golang.org/x/crypto/ssh"

	"github.com/gatehouse-iam/gatehouse/awserr"
)

// sshKey is a parsed SSH public key: its normalized OpenSSH form ("type base64", no comment),
// which is what is stored, and its fingerprint as IAM reports it.
type sshKey struct {
	pub         ssh.PublicKey
	body        string
	fingerprint string
}

// The encodings UploadSSHPublicKey accepts besides OpenSSH's one-line form.
const (
	rfc4716Begin = "---- BEGIN SSH2 PUBLIC KEY ----"
	rfc4716End   = "---- END SSH2 PUBLIC KEY ----"
)

// parseSSHPublicKey reads an SSH public key in OpenSSH's authorized_keys form
// ("ssh-rsa AAAA… comment"), RFC 4716's SSH2 form ("---- BEGIN SSH2 PUBLIC KEY ----") or PEM
// ("PUBLIC KEY", "RSA PUBLIC KEY"), and checks it: RSA keys of at least MinRSAKeyBits,
// ECDSA on NIST P-256, P-384 or P-521, or Ed25519. A body in none of those encodings is
// UnrecognizedPublicKeyEncoding; a recognized one that is not a usable key is InvalidPublicKey.
func parseSSHPublicKey(body string) (sshKey, *awserr.Error) {
	text := strings.TrimSpace(body)
	var pub ssh.PublicKey
	var e *awserr.Error
	switch {
	case strings.HasPrefix(text, rfc4716Begin):
		pub, e = parseRFC4716(text)
	case strings.HasPrefix(text, "-----BEGIN "):
		pub, e = parsePEMPublicKey(text)
	default:
		pub, e = parseAuthorizedKey(text)
	}
	if e != nil {
		return sshKey{}, e
	}
	if e := checkKey(pub); e != nil {
		return sshKey{}, e
	}
	return sshKey{pub: pub, body: strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pub))),
		fingerprint: ssh.FingerprintLegacyMD5(pub)}, nil
}

// parseAuthorizedKey reads one "type base64 [comment]" line; options before the type, as
// authorized_keys allows, are not a key.
func parseAuthorizedKey(text string) (ssh.PublicKey, *awserr.Error) {
	if strings.ContainsAny(text, "\r\n") {
		return nil, iamerr.UnrecognizedPublicKeyEncoding.Err()
	}
	fields := strings.Fields(text)
	if len(fields) < 2 || !looksLikeKeyType(fields[0]) {
		return nil, iamerr.UnrecognizedPublicKeyEncoding.Err()
	}
	blob, err := base64.StdEncoding.DecodeString(fields[1])
	if err != nil {
		return nil, iamerr.InvalidPublicKey.Err("the key data is not base64")
	}
	pub, err := ssh.ParsePublicKey(blob)
	if err != nil {
		return nil, iamerr.InvalidPublicKey.Err("the key data is not an SSH public key")
	}
	if pub.Type() != fields[0] {
		return nil, iamerr.InvalidPublicKey.Err("the key type does not match the key data")
	}
	return pub, nil
}

// looksLikeKeyType reports whether s names an SSH public key algorithm (ssh-rsa, ecdsa-sha2-…,
// ssh-ed25519, sk-…, …@openssh.com certificates), supported or not.
func looksLikeKeyType(s string) bool {
	for _, p := range []string{"ssh-", "ecdsa-", "sk-", "rsa-sha2-"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// parseRFC4716 reads the SSH2 public key file format: header lines ("Comment: …", continued
// with a trailing backslash) and the base64 key blob between the BEGIN and END lines.
func parseRFC4716(text string) (ssh.PublicKey, *awserr.Error) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	if strings.TrimSpace(lines[len(lines)-1]) != rfc4716End {
		return nil, iamerr.UnrecognizedPublicKeyEncoding.Err()
	}
	var data strings.Builder
	continued := false
	for _, line := range lines[1 : len(lines)-1] {
		line = strings.TrimSpace(line)
		switch {
		case continued:
			continued = strings.HasSuffix(line, `\`)
		case strings.Contains(line, ":"):
			continued = strings.HasSuffix(line, `\`)
		default:
			data.WriteString(line)
		}
	}
	blob, err := base64.StdEncoding.DecodeString(data.String())
	if err != nil {
		return nil, iamerr.InvalidPublicKey.Err("the key data is not base64")
	}
	pub, err := ssh.ParsePublicKey(blob)
	if err != nil {
		return nil, iamerr.InvalidPublicKey.Err("the key data is not an SSH public key")
	}
	return pub, nil
}

// parsePEMPublicKey reads a PEM public key: PKIX ("PUBLIC KEY") or PKCS #1 ("RSA PUBLIC KEY",
// what ssh-keygen -e -m PEM writes).
func parsePEMPublicKey(text string) (ssh.PublicKey, *awserr.Error) {
	block, rest := pem.Decode([]byte(text))
	if block == nil || strings.TrimSpace(string(rest)) != "" {
		return nil, iamerr.UnrecognizedPublicKeyEncoding.Err()
	}
	var key any
	var err error
	switch block.Type {
	case "PUBLIC KEY":
		key, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		key, err = x509.ParsePKCS1PublicKey(block.Bytes)
	default:
		return nil, iamerr.UnrecognizedPublicKeyEncoding.Err()
	}
	if err != nil {
		return nil, iamerr.InvalidPublicKey.Err("the PEM block is not a public key")
	}
	pub, err := ssh.NewPublicKey(key)
	if err != nil {
		return nil, iamerr.InvalidPublicKey.Err("the key algorithm is not supported")
	}
	return pub, nil
}

// checkKey accepts the algorithms and sizes IAM uses for CodeCommit.
func checkKey(pub ssh.PublicKey) *awserr.Error {
	ck, ok := pub.(ssh.CryptoPublicKey)
	switch pub.Type() {
	case ssh.KeyAlgoRSA, ssh.KeyAlgoECDSA256, ssh.KeyAlgoECDSA384, ssh.KeyAlgoECDSA521, ssh.KeyAlgoED25519:
	default:
		ok = false // DSA, security keys (sk-…) and certificates
	}
	if !ok {
		return iamerr.InvalidPublicKey.Err("the key algorithm " + pub.Type() + " is not supported")
	}
	switch k := ck.CryptoPublicKey().(type) {
	case *rsa.PublicKey:
		if k.N.BitLen() < MinRSAKeyBits {
			return iamerr.InvalidPublicKey.Err("RSA keys must be at least 2048 bits long")
		}
	case *ecdsa.PublicKey, ed25519.PublicKey:
		// ssh.ParsePublicKey and ssh.NewPublicKey accept only NIST P-256, P-384 and P-521.
	default:
		return iamerr.InvalidPublicKey.Err("the key algorithm " + pub.Type() + " is not supported")
	}
	return nil
}

// encodeSSHPublicKey renders a stored key as GetSSHPublicKey's Encoding asks: the OpenSSH line,
// or PEM (PKCS #1 for RSA keys, as ssh-keygen -e -m PEM writes them; PKIX for the others).
func encodeSSHPublicKey(body string, pemEncoding bool) (string, error) {
	if !pemEncoding {
		return body, nil
	}
	pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(body))
	if err != nil {
		return "", err
	}
	key := pub.(ssh.CryptoPublicKey).CryptoPublicKey()
	var block pem.Block
	if k, ok := key.(*rsa.PublicKey); ok {
		block = pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(k)}
	} else {
		der, err := x509.MarshalPKIXPublicKey(key)
		if err != nil {
			return "", err
		}
		block = pem.Block{Type: "PUBLIC KEY", Bytes: der}
	}
	return strings.TrimSuffix(string(pem.EncodeToMemory(&block)), "\n"), nil
}
