package modelcheck

import "sync"

// Graph is the state graph of a complete search, recorded with
// Options.RecordGraph for checks on the graph (liveness). States are
// numbered by id in BFS order of discovery; Fingerprints[id] is the
// fingerprint of state id.
type Graph struct {
	Init         []uint32
	Fingerprints []uint64
	// Succ[id] lists the transitions out of state id (self-loops included;
	// transitions to states excluded by a CONSTRAINT are not recorded).
	Succ [][]Transition
	// Actions names the actions (Transition.Action indexes it), as TLC
	// names them in traces.
	Actions []string

	mu    sync.Mutex
	edges []Edge
}

// Transition is one edge of the state graph.
type Transition struct {
	To     uint32
	Action int
}

// Edge is a transition as recorded during the search, before the target's
// id is known.
type Edge struct {
	From   uint32
	ToFP   uint64
	Action *action
}

func (g *Graph) addInit(id uint32) { g.Init = append(g.Init, id) }

func (g *Graph) addEdges(es []Edge) {
	g.mu.Lock()
	g.edges = append(g.edges, es...)
	g.mu.Unlock()
}

// finish resolves the recorded edges to state ids.
func (g *Graph) finish(s *search) {
	n := s.fps.len()
	g.Fingerprints = make([]uint64, n)
	ids := make(map[uint64]uint32, n)
	for i := 0; i < n; i++ {
		fp := s.fps.get(i)
		g.Fingerprints[i] = fp
		ids[fp] = uint32(i)
	}
	index := map[*action]int{}
	for i, a := range s.m.actions {
		index[a] = i
		g.Actions = append(g.Actions, a.name)
	}
	g.Succ = make([][]Transition, n)
	for _, e := range g.edges {
		to, ok := ids[e.ToFP]
		if !ok {
			continue
		}
		g.Succ[e.From] = append(g.Succ[e.From], Transition{To: to, Action: index[e.Action]})
	}
	g.edges = nil
}
