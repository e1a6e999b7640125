// Package pack holds the byte-level primitives shared by the catalog's embedded data files:
// unsigned varints, length-prefixed strings, an interned string table, and deterministic gzip.
//
// It is separate so the generator (which writes the files) and the catalog packages (which read
// them) agree on one encoding without either importing the other. Readers never copy: every
// string they return is a substring of the one decompressed blob, which keeps first-use loading
// to a single large allocation plus the slices that index it.
package pack
