package providers

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
)

// errUnsupportedKey: a private key of a type neither IAM use accepts (RSA and ECDSA are what
// server certificates and SAML assertion decryption use).
var errUnsupportedKey = errors.New("providers: the private key is neither RSA nor ECDSA")

// parsePrivateKey reads an unencrypted PEM private key: PKCS #1 ("RSA PRIVATE KEY"), SEC 1
// ("EC PRIVATE KEY") or PKCS #8 ("PRIVATE KEY") holding an RSA or ECDSA key. Encrypted keys
// are refused: IAM must be able to use the key without a passphrase.
func parsePrivateKey(text string) (crypto.Signer, error) {
	block, _ := pem.Decode([]byte(text))
	if block == nil {
		return nil, errors.New("providers: no PEM block")
	}
	if _, encrypted := block.Headers["Proc-Type"]; encrypted {
		return nil, errors.New("providers: the private key is encrypted")
	}
	var key any
	var err error
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("providers: PEM block %q is not a private key", block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("providers: parsing the private key: %w", err)
	}
	switch k := key.(type) {
	case *rsa.PrivateKey:
		return k, nil
	case *ecdsa.PrivateKey:
		return k, nil
	}
	return nil, errUnsupportedKey
}

// idAlphabet is the alphabet of the IDs this family makes up (SAML provider UUIDs and private
// key IDs): upper-case letters and digits, as the model's privateKeyIdType pattern allows.
const idAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// randomID returns prefix followed by n random characters of idAlphabet.
func randomID(r io.Reader, prefix string, n int) (string, error) {
	buf := make([]byte, n)
	if _, err := io.ReadFull(r, buf); err != nil {
		return "", fmt.Errorf("providers: reading randomness for an ID: %w", err)
	}
	for i, b := range buf {
		// 256 is a multiple of 32: the low five bits are uniform.
		buf[i] = idAlphabet[b&31]
	}
	return prefix + string(buf), nil
}
