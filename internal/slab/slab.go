// Package slab keeps many small values, found by a short string key, in a few large arrays. A
// node's caches hold an entry per user and per access key: a million of each as separate
// objects, found through maps of strings and pointers, are millions of objects the garbage
// collector marks on every cycle (about a second of CPU per cycle at a million users). In a
// Table they are a few thousand chunks, scanned in bulk, and an index the collector does not
// scan at all: its keys are fixed-size arrays and its values slot numbers, neither holding a
// pointer.
package slab

import "strings"

const (
	// chunkSize is how many values one array holds.
	chunkSize = 1024
	// maxShort is the longest key kept in the pointer-free index: IAM's unique IDs (21
	// characters) and access key IDs (20). Longer keys go to an ordinary map.
	maxShort = 23
)

// shortKey is a key of up to maxShort bytes, with its length.
type shortKey struct {
	n uint8
	b [maxShort]byte
}

func toShort(k string) shortKey {
	s := shortKey{n: uint8(len(k))}
	copy(s.b[:], k)
	return s
}

// Table maps string keys to values of type V kept in chunks. A value is stored once, by Put,
// and never changed by the table afterwards: a reader may keep the pointer Get or Put returned
// for as long as it likes, across later Puts, Deletes and Clears (what it points to is then
// out of the table, but intact). The zero Table is empty and ready. A Table is not safe for
// concurrent use: its owner's lock guards it (Get, Len and Slots only read; Put, Delete and
// Clear write).
type Table[V any] struct {
	short  map[shortKey]uint32
	long   map[string]uint32
	chunks []*[chunkSize]V
	used   int // slots handed out since the last Clear or compaction
}

// Get returns the value stored under k.
func (t *Table[V]) Get(k string) (*V, bool) {
	var i uint32
	var ok bool
	if len(k) <= maxShort {
		i, ok = t.short[toShort(k)]
	} else {
		i, ok = t.long[k]
	}
	if !ok {
		return nil, false
	}
	return t.slot(i), true
}

func (t *Table[V]) slot(i uint32) *V { return &t.chunks[i/chunkSize][i%chunkSize] }

// Put stores v under k in a new slot and returns the slot. The slot k named before, if any, is
// left as it was (a reader may hold it).
func (t *Table[V]) Put(k string, v V) *V {
	if t.used == len(t.chunks)*chunkSize {
		if dead := t.used - t.Len(); dead > t.Len() {
			t.compact()
		}
		if t.used == len(t.chunks)*chunkSize {
			t.chunks = append(t.chunks, new([chunkSize]V))
		}
	}
	i := uint32(t.used)
	t.used++
	p := t.slot(i)
	*p = v
	t.index(k, i)
	return p
}

// index points k to slot i.
func (t *Table[V]) index(k string, i uint32) {
	if len(k) <= maxShort {
		if t.short == nil {
			t.short = make(map[shortKey]uint32)
		}
		t.short[toShort(k)] = i
		return
	}
	if t.long == nil {
		t.long = make(map[string]uint32)
	}
	if _, ok := t.long[k]; ok {
		t.long[k] = i
		return
	}
	t.long[strings.Clone(k)] = i // not a piece of a request the table would keep alive
}

// compact copies the values still indexed into new chunks, when more than half of the slots
// handed out are of values deleted or replaced since: the table's memory stays within twice
// its values (and a chunk). The old chunks stay intact for whoever holds a slot in them.
func (t *Table[V]) compact() {
	old := t.chunks
	t.chunks, t.used = make([]*[chunkSize]V, 0, (t.Len()+chunkSize)/chunkSize), 0
	move := func(i uint32) uint32 {
		if t.used == len(t.chunks)*chunkSize {
			t.chunks = append(t.chunks, new([chunkSize]V))
		}
		j := uint32(t.used)
		t.used++
		*t.slot(j) = old[i/chunkSize][i%chunkSize]
		return j
	}
	for k, i := range t.short {
		t.short[k] = move(i)
	}
	for k, i := range t.long {
		t.long[k] = move(i)
	}
}

// Delete removes k. Its slot is left as it was (a reader may hold it).
func (t *Table[V]) Delete(k string) {
	if len(k) <= maxShort {
		delete(t.short, toShort(k))
	} else {
		delete(t.long, k)
	}
}

// Len is how many keys the table holds.
func (t *Table[V]) Len() int { return len(t.short) + len(t.long) }

// Slots is how many slots are in use, those of values deleted or replaced since the last
// compaction included.
func (t *Table[V]) Slots() int { return t.used }

// Clear removes every key. Slots handed out are left as they were (readers may hold them): the
// table starts new chunks.
func (t *Table[V]) Clear() {
	clear(t.short)
	clear(t.long)
	t.chunks, t.used = nil, 0
}
