package authref

// DecodeRaw decodes an uncompressed authref.bin, so the fuzz test spends its time in the
// decoder rather than in gzip.
var DecodeRaw = decode
