package translate

// This file holds the translator's own syntax tree. It mirrors the tree of the standard
// translator (pcal.AST) rather than lang/ast because the translation, the label rules and
// the chksum(pcal) text (pluscal-translation.md §2) are all defined in terms of that tree:
// labeled statement sequences, "labelIf"/"labelEither" for branches holding labels,
// "callReturn"/"callGoto" for a call followed by return or goto, one binding per "with",
// and expressions as lines of tokens.

// where is a 1-based line and column in the .tla file.
type where struct{ line, col int }

// varDecl is a variable declaration: x = e or x \in e (a declaration without value gets
// defaultInitValue, as the standard translator does).
type varDecl struct {
	name string
	isEq bool
	val  *texpr
	at   where
}

type stmt interface{ pos() where }

type labeledStmt struct {
	label string
	mod   int // 0, '+' or '-'
	at    where
	stmts []stmt
}

type singleAssign struct {
	v   string
	at  where
	sub *texpr // subscripts and fields of the left side ("[", "i", "]", ".", "f"); empty for x
	rhs *texpr
}

type assignS struct {
	at  where
	ass []*singleAssign
}

type ifS struct {
	at        where
	test      *texpr
	then, els []stmt
}

type labelIfS struct {
	at                   where
	test                 *texpr
	unlabThen, unlabElse []stmt
	labThen, labElse     []*labeledStmt
}

type eitherS struct {
	at  where
	ors [][]stmt
}

type clause struct {
	unlabOr []stmt
	labOr   []*labeledStmt
}

type labelEitherS struct {
	at      where
	clauses []*clause
}

type whileS struct {
	at      where
	test    *texpr
	unlabDo []stmt
	labDo   []*labeledStmt
}

type withS struct {
	at   where
	v    string
	isEq bool
	exp  *texpr
	do   []stmt
}

type whenS struct {
	at  where
	exp *texpr
}

type printS struct {
	at  where
	exp *texpr
}

type assertS struct {
	at  where
	exp *texpr
}

type skipS struct{ at where }

type gotoS struct {
	at where
	to string
}

type callS struct {
	at       where
	returnTo string
	to       string
	args     []*texpr
}

type returnS struct {
	at   where
	from string
}

type callReturnS struct {
	at       where
	from, to string
	args     []*texpr
}

type callGotoS struct {
	at        where
	after, to string
	args      []*texpr
}

func (s *assignS) pos() where      { return s.at }
func (s *ifS) pos() where          { return s.at }
func (s *labelIfS) pos() where     { return s.at }
func (s *eitherS) pos() where      { return s.at }
func (s *labelEitherS) pos() where { return s.at }
func (s *whileS) pos() where       { return s.at }
func (s *withS) pos() where        { return s.at }
func (s *whenS) pos() where        { return s.at }
func (s *printS) pos() where       { return s.at }
func (s *assertS) pos() where      { return s.at }
func (s *skipS) pos() where        { return s.at }
func (s *gotoS) pos() where        { return s.at }
func (s *callS) pos() where        { return s.at }
func (s *returnS) pos() where      { return s.at }
func (s *callReturnS) pos() where  { return s.at }
func (s *callGotoS) pos() where    { return s.at }

type procedure struct {
	name   string
	at     where
	params []*varDecl
	decls  []*varDecl
	body   []*labeledStmt

	minusLabels, plusLabels []string
	proceduresCalled        []string
}

// Fairness values of a process, as the standard translator names them.
const (
	unfair = "unfair"
	wf     = "wf"
	sf     = "sf"
)

type process struct {
	name     string
	at       where
	fairness string
	isEq     bool
	id       *texpr
	decls    []*varDecl
	body     []*labeledStmt

	minusLabels, plusLabels []string
	proceduresCalled        []string
}

// algorithm is a uniprocess (body set) or multiprocess (procs set) algorithm.
type algorithm struct {
	name  string
	fair  bool
	multi bool
	decls []*varDecl
	defs  *texpr
	prcds []*procedure
	procs []*process
	body  []*labeledStmt
}
