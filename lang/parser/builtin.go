package parser

import (
	"sort"
	"strconv"
	"strings"

	"github.com/mpgo/mpgo/lang/token"
)

// BuiltinOp is one operator of a builtin module; Name is the canonical symbol for operators
// (token.Canonical), e.g. "-." for prefix minus.
type BuiltinOp struct {
	Name  string
	Arity int
	Fix   token.Fixity
}

// BuiltinModule is the symbol table of a standard module that mpgo knows without source.
type BuiltinModule struct {
	Name    string
	Extends []string // modules whose symbols it also exports
	Ops     []BuiltinOp
}

// Op returns the operator called name (canonical spelling) and fixity, if the module itself
// defines it.
func (m *BuiltinModule) Op(name string, fix token.Fixity) (BuiltinOp, bool) {
	for _, op := range m.Ops {
		if op.Name == name && op.Fix == fix {
			return op, true
		}
	}
	return BuiltinOp{}, false
}

// builtinSpecs lists each module's extends (after "<") and members: Name/arity, _op_ (infix),
// op_ (prefix), _op (postfix).
func builtinSpec(name string) (string, bool) {
	switch name {
	case "Naturals":
		return `Nat/0 _+_ _-_ _*_ _^_ _<_ _>_ _<=_ _>=_ _%_ _\div_ _.._`, true
	case "Integers":
		return `< Naturals | Int/0 -._`, true
	case "Reals":
		return `< Integers | Real/0 Infinity/0 _/_`, true
	case "ProtoReals":
		return `Real/0 Infinity/0 MinusInfinity/0 Int/0 Nat/0 _+_ _-_ _*_ _/_ _^_ _<=_ _>=_ _<_ _>_ _.._ -._ IsModel/2 RealAxioms/4 RM/0 Zero/0 One/0`, true
	case "Peano":
		return `PeanoAxioms/3 Succ/0 Nat/0 Zero/0`, true
	case "Sequences":
		return `Seq/1 Len/1 _\o_ Append/2 Head/1 Tail/1 SubSeq/3 SelectSeq/2`, true
	case "FiniteSets":
		return `IsFiniteSet/1 Cardinality/1`, true
	case "Bags":
		return `IsABag/1 BagToSet/1 SetToBag/1 BagIn/2 EmptyBag/0 CopiesIn/2 _(+)_ _(-)_ BagUnion/1 _\sqsubseteq_ SubBag/1 BagOfAll/2 BagCardinality/1`, true
	case "TLC":
		return `Print/2 PrintT/1 Assert/2 JavaTime/0 TLCGet/1 TLCSet/2 _:>_ _@@_ Permutations/1 SortSeq/2 RandomElement/1 Any/0 ToString/1 TLCEval/1`, true
	case "TLCExt":
		return `AssertEq/2 AssertError/2 Trace/0 TLCDefer/1 PickSuccessor/1 TLCNoOp/1 TLCModelValue/1 TLCCache/2 CounterExample/0 ToTrace/1 TLCFP/1`, true
	case "RealTime":
		return `< Reals | RTBound/4 RTnow/1 now/0`, true
	// community modules (CommunityModules), by name
	case "Functions":
		return `Restrict/2 Range/1 Inverse/3 AntiFunction/1 IsInjective/1 IsSurjective/3 IsBijection/3 ExistsInjection/2 ExistsSurjection/2 ExistsBijection/2 FoldFunction/3 FoldFunctionOnSet/4 RestrictDomain/2 RestrictValues/2 IsRestriction/2 Pointwise/3`, true
	case "SequencesExt":
		return `ToSet/1 Cons/2 Contains/2 IsPrefix/2 IsStrictPrefix/2 IsSuffix/2 IsStrictSuffix/2 Reverse/1 Remove/2 ReplaceAt/3 ReplaceAll/3 InsertAt/3 RemoveAt/2 ReplaceFirstSubSeq/3 ReplaceAllSubSeqs/3 Last/1 Front/1 FoldLeft/3 FoldRight/3 FoldSeq/3 FlattenSeq/1 Zip/2 Interleave/2 SubSeqs/1 SetToSeq/1 SetToSeqs/1 SetToSortSeq/2 SetToAllKPermutations/2 TupleOf/2 SeqOf/2 BoundedSeq/2 Indices/1 Prefixes/1 Suffixes/1 AllSubSeqs/1 LongestCommonPrefix/1 CommonPrefixes/1 SelectInSeq/2 SelectLastInSeq/2 SelectInSubSeq/4 Snoc/2 EqualsUpToOrder/2 Max/1 Min/1`, true
	case "FiniteSetsExt":
		return `FoldSet/3 ReduceSet/3 SumSet/1 ProductSet/1 MapThenFoldSet/5 MapThenSumSet/2 Max/1 Min/1 Quantify/2 kSubset/2 Symmetric/1 FlattenSet/1 SymDiff/2 Choices/1 ChooseUnique/2 Ksubsets/2 BigUnion/1`, true
	case "Folds":
		return `MapThenFoldSet/5`, true
	case "Bitwise":
		return `_&_ _|_ Not/1 shiftR/2 shiftL/2 Xor/2`, true
	case "Json":
		return `ToJson/1 ToJsonArray/1 ToJsonObject/1 JsonSerialize/2 JsonDeserialize/1 ndJsonSerialize/2 ndJsonDeserialize/1`, true
	case "IOUtils":
		return `IOExec/1 IOEnvExec/2 IOExecTemplate/2 IOEnvExecTemplate/3 IOEnv/0 IOEnvGet/1 Serialize/3 Deserialize/2 atoi/1 zeroPadN/2`, true
	case "Randomization":
		return `RandomSubset/2 RandomSetOfSubsets/3 RandomSubsetSet/3 TestRandomSubset/2 TestRandomSetOfSubsets/3`, true
	case "Relation":
		return `IsReflexive/2 IsIrreflexive/2 IsSymmetric/2 IsAntiSymmetric/2 IsAsymmetric/2 IsTransitive/2 IsStrictlyPartiallyOrdered/2 IsPartiallyOrdered/2 IsStrictlyTotallyOrdered/2 IsTotallyOrdered/2 TransitiveClosure/2 ReflexiveTransitiveClosure/2 IsConnected/2`, true
	case "Graphs":
		return `IsDirectedGraph/1 DirectedSubgraph/1 IsUndirectedGraph/1 UndirectedSubgraph/1 Path/1 SimplePath/1 AreConnectedIn/3 IsStronglyConnected/1 IsTreeWithRoot/2 Transpose/1 Successors/2 Predecessors/2 InDegree/2 OutDegree/2 Roots/1 Leaves/1`, true
	case "Combinatorics":
		return `factorial/1 choose/2`, true
	case "DyadicRationals":
		return `Zero/0 One/0 IsDyadicRational/1 Add/2 Half/1 PrettyPrint/1`, true
	case "CSV":
		return `CSVWrite/3 CSVRead/3 CSVRecords/1`, true
	case "Statistics":
		return `ChiSquare/3`, true
	case "VectorClocks":
		return `IsCausalOrder/2 CausalOrder/4`, true
	case "UndirectedGraphs":
		return `IsUndirectedGraph/1 IsLoopFreeUndirectedGraph/1 UndirectedSubgraph/1 Edges/1 SimplePath/1 ConnectedComponents/1 AreConnectedIn/3 IsStronglyConnected/1`, true
	case "Strings":
		return `STRING/0`, true
	case "Apalache":
		return `_:=_ Gen/1 Guess/1 ApaFoldSet/3 ApaFoldSeqLeft/3 SetAsFun/1 MkSeq/2 Repeat/3 Skolem/1 Expand/1 ConstCardinality/1`, true
	}
	return "", false
}

// Builtin returns the symbol table of a standard, TLC or community module by name.
func Builtin(name string) (*BuiltinModule, bool) {
	spec, ok := builtinSpec(name)
	if !ok {
		return nil, false
	}
	m := &BuiltinModule{Name: name}
	if strings.HasPrefix(spec, "<") {
		ext, rest, _ := strings.Cut(spec[1:], "|")
		m.Extends = strings.Fields(ext)
		spec = rest
	}
	for _, f := range strings.Fields(spec) {
		switch {
		case len(f) > 2 && f[0] == '_' && f[len(f)-1] == '_':
			m.Ops = append(m.Ops, BuiltinOp{Name: f[1 : len(f)-1], Arity: 2, Fix: token.Infix})
		case len(f) > 1 && f[len(f)-1] == '_':
			m.Ops = append(m.Ops, BuiltinOp{Name: f[:len(f)-1], Arity: 1, Fix: token.Prefix})
		case len(f) > 1 && f[0] == '_':
			m.Ops = append(m.Ops, BuiltinOp{Name: f[1:], Arity: 1, Fix: token.Postfix})
		default:
			name, ar, _ := strings.Cut(f, "/")
			n, _ := strconv.Atoi(ar)
			m.Ops = append(m.Ops, BuiltinOp{Name: name, Arity: n, Fix: token.Named})
		}
	}
	return m, true
}

// BuiltinNames lists the modules Builtin knows, sorted.
func BuiltinNames() []string {
	names := []string{"Naturals", "Integers", "Reals", "ProtoReals", "Peano", "Sequences",
		"FiniteSets", "Bags", "TLC", "TLCExt", "RealTime", "Functions", "SequencesExt",
		"FiniteSetsExt", "Folds", "Bitwise", "Json", "IOUtils", "Randomization", "Relation",
		"Graphs", "Combinatorics", "DyadicRationals", "CSV", "Statistics", "VectorClocks",
		"UndirectedGraphs", "Strings", "Apalache"}
	sort.Strings(names)
	return names
}
