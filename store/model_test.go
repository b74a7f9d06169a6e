package store

import (
	"strings"
)

// mop is a batch operation in a form a test can also apply to a map model.
type mop struct {
	kind opKind
	a, b string // key and value, key, or prefix and start key
}

func put(k, v string) mop              { return mop{opPut, k, v} }
func del(k string) mop                 { return mop{kind: opDelete, a: k} }
func truncate(prefix, from string) mop { return mop{opDeletePrefixFrom, prefix, from} }

func batchOf(ops []mop) *Batch {
	var b Batch
	for _, o := range ops {
		switch o.kind {
		case opPut:
			b.Put([]byte(o.a), []byte(o.b))
		case opDelete:
			b.Delete([]byte(o.a))
		case opDeletePrefixFrom:
			b.DeletePrefixFrom([]byte(o.a), []byte(o.b))
		}
	}
	return &b
}

// applyModel applies ops to model with the documented semantics.
func applyModel(model map[string]string, ops []mop) {
	for _, o := range ops {
		switch o.kind {
		case opPut:
			model[o.a] = o.b
		case opDelete:
			delete(model, o.a)
		case opDeletePrefixFrom:
			for k := range model {
				if strings.HasPrefix(k, o.a) && k >= o.b {
					delete(model, k)
				}
			}
		}
	}
}
