package tla

import (
	"encoding"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/benbjohnson/immutable"
)

// Compile-time check of runtime.md §2's API: every name with its exact
// signature. A changed signature breaks the build of the tests.

// §2.2 constructors
var (
	_ func(bool) Value                                = MakeBool
	_ func(int32) Value                               = MakeNumber
	_ func(string) Value                              = MakeString
	_ func(...Value) Value                            = MakeSet
	_ func(*immutable.Map[Value, bool]) Value         = MakeSetFromMap
	_ func(...Value) Value                            = MakeTuple
	_ func(*immutable.List[Value]) Value              = MakeTupleFromList
	_ func([]RecordField) Value                       = MakeRecord
	_ func(*immutable.Map[Value, Value]) Value        = MakeRecordFromMap
	_ func([]Value, func([]Value) Value) Value        = MakeFunction
	_ func([]RecordField) Value                       = MakeRecordSet
	_ func(Value, Value) Value                        = MakeFunctionSet
	_ func(impl) Value                                = MakeValueFromImpl
	_                                                 = ImplStubs{}
	_                                                 = RecordField{Key: Value{}, Value: Value{}}
	_                                                 = RecordField{Value{}, Value{}} // positional, as gogen emits
	_ func(RecordField) uint32                        = RecordField.Hash
	_ immutable.Hasher[Value]                         = ValueHasher{}
	_ func(ValueHasher, Value) uint32                 = ValueHasher.Hash
	_ func(ValueHasher, Value, Value) bool            = ValueHasher.Equal
	_ func(string) Value                              = MakeModelValue // mpgo
	_ func(Value, func(Value) bool) Value             = SelectSeq
	_ func(Value, func(a, b Value) bool) Value        = SortSeq
	_ func(func(Value) Value, Value) Value            = BagOfAll
	_ func([]Value, func([]Value) bool) Value         = QuantifiedUniversal
	_ func([]Value, func([]Value) bool) Value         = QuantifiedExistential
	_ func(Value, func(Value) bool) Value             = SetRefinement
	_ func([]Value, func([]Value) Value) Value        = SetComprehension
	_ func(...Value) Value                            = CrossProduct
	_ func(Value, func(value Value) bool) Value       = Choose
	_ func(Value, []FunctionSubstitutionRecord) Value = FunctionSubstitution
	_                                                 = FunctionSubstitutionRecord{Keys: []Value{}, Value: func(anchor Value) Value { return anchor }}
	_ func(Value, VClock) Value                       = WrapCausal
	_ error                                           = ErrTLAType
	_ error                                           = ErrInvalidEncoding
	_ func(VClock, string, Value) VClock              = VClock.Inc
	_ func(VClock, VClock) VClock                     = VClock.Merge
	_ func(VClock, string, Value) int                 = VClock.Get
	_ func(VClock) string                             = VClock.String
	_ func(VClock) ([]byte, error)                    = VClock.MarshalJSON
	_ func(*VClock) ([]byte, error)                   = (*VClock).GobEncode
	_ func(*VClock, []byte) error                     = (*VClock).GobDecode
	_ json.Marshaler                                  = VClock{}
	_ gob.GobEncoder                                  = &VClock{}
	_ gob.GobDecoder                                  = &VClock{}
	_ func(Value, Value) bool                         = Value.Equal
	_ func(Value) uint32                              = Value.Hash
	_ func(Value) string                              = Value.String
	_ fmt.Stringer                                    = Value{}
	_ func(Value) bool                                = Value.IsBool
	_ func(Value) bool                                = Value.IsNumber
	_ func(Value) bool                                = Value.IsString
	_ func(Value) bool                                = Value.IsSet
	_ func(Value) bool                                = Value.IsTuple
	_ func(Value) bool                                = Value.IsFunction
	_ func(Value) bool                                = Value.AsBool
	_ func(Value) int32                               = Value.AsNumber
	_ func(Value) string                              = Value.AsString
	_ func(Value) *immutable.Map[Value, bool]         = Value.AsSet
	_ func(Value) *immutable.List[Value]              = Value.AsTuple
	_ func(Value) *immutable.Map[Value, Value]        = Value.AsFunction
	_ func(Value, Value) Value                        = Value.ApplyFunction
	_ func(Value, uint) Value                         = Value.SelectElement
	_ func(Value)                                     = Value.PCalPrint
	_ func(Value) *VClock                             = Value.GetVClock
	_ func(Value) Value                               = Value.StripVClock
	_ func(Value) ([]byte, error)                     = Value.GobEncode // value receiver (DECISION)
	_ func(*Value, []byte) error                      = (*Value).GobDecode
	_ gob.GobEncoder                                  = Value{}
	_ gob.GobDecoder                                  = &Value{}
	_ func(Value, Value) int                          = Value.Compare
	_ func(Value) []Value                             = Value.SortedElements
	_ func(Value) []Value                             = Value.SortedKeys
	_ func(Value) string                              = Value.TLCString
	_ func(Value) uint64                              = Value.Fingerprint        // mpgo
	_ func(Value, Value) (Value, bool)                = Value.LookupFunction     // mpgo
	_ func(Value) bool                                = Value.IsModelValue       // mpgo
	_ func(Value) string                              = Value.AsModelValue       // mpgo
	_ func(Value) ([]byte, error)                     = Value.MarshalBinary      // mpgo
	_ func(*Value, []byte) error                      = (*Value).UnmarshalBinary // mpgo
	_ func(Value, []byte) ([]byte, error)             = Value.AppendBinary       // mpgo
	_ encoding.BinaryMarshaler                        = Value{}
	_ encoding.BinaryUnmarshaler                      = &Value{}
	_ encoding.BinaryAppender                         = Value{}
)

// §2.5 operators: arity-0 builtins are variables, the rest functions.
var (
	_ Value = ModuleTRUE
	_ Value = ModuleFALSE
	_ Value = ModuleBOOLEAN
	_ Value = ModuledefaultInitValue
	_ Value = ModuleZero
	_ Value = ModuleEmptyBag
	_ Value = ModuleNat    // mpgo
	_ Value = ModuleInt    // mpgo
	_ Value = ModuleSTRING // mpgo

	_ func(Value) Value               = ModuleLogicalNotSymbol
	_ func(Value, Value) Value        = ModuleEquivSymbol
	_ func(Value, Value) Value        = ModuleEqualsSymbol
	_ func(Value, Value) Value        = ModuleNotEqualsSymbol
	_ func(Value, Value) Value        = ModulePlusSymbol
	_ func(Value, Value) Value        = ModuleMinusSymbol
	_ func(Value, Value) Value        = ModuleAsteriskSymbol
	_ func(Value) Value               = ModuleNegationSymbol
	_ func(Value, Value) Value        = ModuleSuperscriptSymbol
	_ func(Value, Value) Value        = ModuleDivSymbol
	_ func(Value, Value) Value        = ModulePercentSymbol
	_ func(Value, Value) Value        = ModuleLessThanSymbol
	_ func(Value, Value) Value        = ModuleLessThanOrEqualSymbol
	_ func(Value, Value) Value        = ModuleGreaterThanSymbol
	_ func(Value, Value) Value        = ModuleGreaterThanOrEqualSymbol
	_ func(Value, Value) Value        = ModuleDotDotSymbol
	_ func(Value, Value) Value        = ModuleInSymbol
	_ func(Value, Value) Value        = ModuleNotInSymbol
	_ func(Value, Value) Value        = ModuleIntersectSymbol
	_ func(Value, Value) Value        = ModuleUnionSymbol
	_ func(Value, Value) Value        = ModuleBackslashSymbol
	_ func(Value, Value) Value        = ModuleSubsetOrEqualSymbol
	_ func(Value) Value               = ModulePrefixSubsetSymbol
	_ func(Value) Value               = ModulePrefixUnionSymbol
	_ func(Value) Value               = ModuleIsFiniteSet
	_ func(Value) Value               = ModuleCardinality
	_ func(Value) Value               = ModuleSeq
	_ func(Value) Value               = ModuleLen
	_ func(Value, Value) Value        = ModuleAppend
	_ func(Value) Value               = ModuleHead
	_ func(Value) Value               = ModuleTail
	_ func(Value, Value) Value        = ModuleOSymbol
	_ func(Value, Value, Value) Value = ModuleSubSeq
	_ func(Value, Value) Value        = ModuleSelectSeq
	_ func(Value) Value               = ModulePermutations
	_ func(Value, Value) Value        = ModuleColonGreaterThanSymbol
	_ func(Value, Value) Value        = ModuleDoubleAtSignSymbol
	_ func(Value) Value               = ModuleDomainSymbol
	_ func(Value, Value) Value        = ModuleAssert
	_ func(Value) Value               = ModuleToString
	_ func(Value) Value               = ModuleIsABag
	_ func(Value) Value               = ModuleBagToSet
	_ func(Value) Value               = ModuleSetToBag
	_ func(Value, Value) Value        = ModuleBagIn
	_ func(Value, Value) Value        = ModuleCopiesIn
	_ func(Value, Value) Value        = ModuleOPlusSymbol
	_ func(Value, Value) Value        = ModuleOMinusSymbol
	_ func(Value) Value               = ModuleBagUnion
	_ func(Value, Value) Value        = ModuleSquareSubsetOrEqualSymbol
	_ func(Value) Value               = ModuleSubBag
	_ func(Value) Value               = ModuleBagCardinality
)

// The zero Value is defaultInitValue, and Value has a single hidden field.
func TestAPIZeroValueIsDefaultInitValue(t *testing.T) {
	var v Value
	if !v.Equal(ModuledefaultInitValue) || v.String() != "defaultInitValue" {
		t.Fatalf("zero Value = %s", v)
	}
}
