// Package keyring seals secrets at rest: AES-256-GCM under master keys that carry short key
// IDs, so that keys can be rotated without losing what older keys sealed.
//
// Master keys come from GATEHOUSE_MASTER_KEY or from a key file in the data directory, which
// Load creates (mode 0600, one random key) on first start. A master key never encrypts data
// itself: MasterKeys.Keyring derives a subkey per purpose with HKDF-SHA256 — secret access keys
// in one keyring, STS session tokens in another — so one master key never encrypts two kinds of
// data under the same key.
//
// A Keyring seals under its active key and opens with whichever of its keys a sealed value
// names. A sealed value is a self-describing envelope,
//
//	format (1 byte) | key ID length (1 byte) | key ID | nonce (12 bytes) | ciphertext and tag
//
// authenticated together with the caller's associated data (the owner's ID, say), so that a
// sealed value copied to another owner, altered, or cut short does not open.
//
// Key rotation: put a new key first in GATEHOUSE_MASTER_KEY or the key file and keep the old
// ones after it. New values are sealed under the new key; old ones still open; a value's KeyID
// says which key sealed it, so a background job can re-seal them. A key removed from the list
// leaves the values it sealed unreadable, with an error naming its ID.
//
// The package is separate because key material is its own concern: neither the store nor the
// SigV4 verifier should hold master keys, and both secret access keys (issue 3) and session
// tokens (issue 5) are sealed the same way. It imports only the standard library.
package keyring
