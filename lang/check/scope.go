package check

// scope maps names to the stack of symbols visible under them. Declarations are pushed and
// later removed back to a mark, so one scope serves the whole check.
type scope struct {
	names map[string][]*Symbol
	log   []string
}

func newScope() *scope { return &scope{names: make(map[string][]*Symbol, 512)} }

func (s *scope) push(sym *Symbol) {
	s.names[sym.Name] = append(s.names[sym.Name], sym)
	s.log = append(s.log, sym.Name)
}

func (s *scope) mark() int { return len(s.log) }

func (s *scope) reset(m int) {
	for len(s.log) > m {
		n := s.log[len(s.log)-1]
		s.log = s.log[:len(s.log)-1]
		st := s.names[n]
		if len(st) <= 1 {
			delete(s.names, n)
		} else {
			s.names[n] = st[:len(st)-1]
		}
	}
}

func (s *scope) lookup(name string) *Symbol {
	st := s.names[name]
	if len(st) == 0 {
		return nil
	}
	return st[len(st)-1]
}
