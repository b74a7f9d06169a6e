package distsys

// MPCalCriticalSection is one labelled block of generated code. Name is
// "Arch.label" or "Proc.label".
type MPCalCriticalSection struct {
	Name string
	Body func(iface ArchetypeInterface) error
}

// MPCalJumpTable maps a section name to its section.
type MPCalJumpTable map[string]MPCalCriticalSection

// MakeMPCalJumpTable builds a jump table. A duplicate name panics: it is a
// code generation error that would silently shadow a section.
func MakeMPCalJumpTable(criticalSections ...MPCalCriticalSection) MPCalJumpTable {
	table := make(MPCalJumpTable, len(criticalSections))
	for _, cs := range criticalSections {
		if _, dup := table[cs.Name]; dup {
			panic("distsys: duplicate critical section " + cs.Name)
		}
		table[cs.Name] = cs
	}
	return table
}

// MPCalProc describes an MPCal procedure.
type MPCalProc struct {
	Name, Label string                               // Label = "Proc.firstLabel"
	StateVars   []string                             // "Proc.arg1"…, then "Proc.local1"… (arguments first)
	PreAmble    func(iface ArchetypeInterface) error // writes the initial values of the procedure's locals
}

// MPCalProcTable maps a procedure name to its description.
type MPCalProcTable map[string]MPCalProc

// MakeMPCalProcTable builds a procedure table; a duplicate name panics.
func MakeMPCalProcTable(procs ...MPCalProc) MPCalProcTable {
	table := make(MPCalProcTable, len(procs))
	for _, p := range procs {
		if _, dup := table[p.Name]; dup {
			panic("distsys: duplicate procedure " + p.Name)
		}
		table[p.Name] = p
	}
	return table
}

// MPCalArchetype describes an archetype: where it starts, the parameters it
// needs and the tables its code lives in.
type MPCalArchetype struct {
	Name, Label                          string   // "AServer", "AServer.serverLoop"
	RequiredRefParams, RequiredValParams []string // fully qualified, e.g. "AServer.net"
	JumpTable                            MPCalJumpTable
	ProcTable                            MPCalProcTable
	PreAmble                             func(iface ArchetypeInterface) // EnsureArchetypeResourceLocal per local
}
