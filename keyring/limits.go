package keyring

const (
	// KeySize is the size of every master key and derived key: 32 bytes, for AES-256.
	KeySize = 32

	// nonceSize is GCM's standard 96-bit nonce (NIST SP 800-38D, section 8.2). Random nonces
	// are safe for up to 2^32 values sealed under one key (section 8.3), far beyond the secrets
	// and tokens a deployment seals before it rotates.
	nonceSize = 12

	// tagSize is GCM's full 128-bit authentication tag.
	tagSize = 16

	// MaxKeyIDLen bounds a key ID, which is written into every sealed value.
	MaxKeyIDLen = 32

	// formatV1 is the first byte of every sealed value this version writes.
	formatV1 = 1

	// EnvVar names the environment variable that holds master keys.
	EnvVar = "GATEHOUSE_MASTER_KEY"

	// KeyFileName is the key file Load reads, or creates, in the data directory.
	KeyFileName = "master.key"
)
