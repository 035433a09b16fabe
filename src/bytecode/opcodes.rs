//! The opcode table: every instruction of Kestrel's bytecode, declared once.
//!
//! The bytecode is a register machine with an accumulator, in the manner of V8's Ignition: most
//! instructions read registers and operands and read or write the accumulator (`acc`). Each entry of
//! `for_each_opcode!` gives the opcode's name, its operand kinds, and a one-line description; the enum,
//! the operand table, the disassembler and the interpreter's dispatch all expand from it (and later the
//! JIT, whose match over `Opcode` must stay exhaustive).
//!
//! Encoding: one opcode byte, then the operands. `Reg`, `Const`, `Imm`, `UImm` and `Feedback` operands
//! are one byte wide; after a `Wide` prefix they are two bytes, after `ExtraWide` four (little
//! endian). `Jump` operands are always four bytes: an absolute bytecode offset.

/// The kinds of operand an instruction can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    /// A register read.
    Reg,
    /// A register written.
    RegOut,
    /// The first of a run of registers whose length is another operand (arguments); one past the
    /// last register when the run is empty.
    RegList,
    /// An index into the constant pool.
    Const,
    /// A signed immediate.
    Imm,
    /// An unsigned immediate (counts, slot indices, depths, flags).
    UImm,
    /// An index into the function's feedback vector.
    Feedback,
    /// An absolute bytecode offset (always 4 bytes).
    Jump,
}

/// (operands that are not jump targets, whether a jump target comes last).
const fn layout(kinds: &[Operand]) -> (u8, bool) {
    let n = kinds.len();
    if n > 0 && matches!(kinds[n - 1], Operand::Jump) {
        ((n - 1) as u8, true)
    } else {
        (n as u8, false)
    }
}

/// `$m!` is called with the whole list: `Name [Operand, ...] "doc";` per opcode.
impl Opcode {
    /// The register form of a `*Smi` opcode (the same operator with the immediate as its right
    /// operand), and the `*Smi` form of a register one.
    pub fn smi_base(self) -> Option<Opcode> {
        use Opcode::*;
        Some(match self {
            AddSmi => Add,
            SubSmi => Sub,
            MulSmi => Mul,
            DivSmi => Div,
            ModSmi => Mod,
            BitAndSmi => BitAnd,
            BitOrSmi => BitOr,
            BitXorSmi => BitXor,
            ShlSmi => Shl,
            ShrSmi => Shr,
            UShrSmi => UShr,
            LtSmi => Lt,
            GtSmi => Gt,
            LtEqSmi => LtEq,
            GtEqSmi => GtEq,
            _ => return None,
        })
    }

    pub fn smi_form(self) -> Option<Opcode> {
        Opcode::ALL
            .iter()
            .copied()
            .find(|op| op.smi_base() == Some(self))
    }
}

#[macro_export]
macro_rules! for_each_opcode {
    ($m:ident) => {
        $m! {

            // Loads into the accumulator.
            LdaUndefined [] "acc = undefined";
            LdaNull [] "acc = null";
            LdaTrue [] "acc = true";
            LdaFalse [] "acc = false";
            LdaHole [] "acc = the hole (an uninitialized binding)";
            LdaSmi [Imm] "acc = the int32 immediate";
            LdaConstant [Const] "acc = constants[c]";
            LdaThis [] "acc = this (checked for TDZ in derived constructors)";
            LdaNewTarget [] "acc = new.target";
            LdaCallee [] "acc = the function being run";
            Ldar [Reg] "acc = r";
            Star [RegOut] "r = acc";
            Mov [Reg, RegOut] "dst = src";

            // Binary operators: acc = r OP acc.
            Add [Reg, Feedback] "acc = r + acc";
            Sub [Reg, Feedback] "acc = r - acc";
            Mul [Reg, Feedback] "acc = r * acc";
            Div [Reg, Feedback] "acc = r / acc";
            Mod [Reg, Feedback] "acc = r % acc";
            Exp [Reg, Feedback] "acc = r ** acc";
            BitAnd [Reg, Feedback] "acc = r & acc";
            BitOr [Reg, Feedback] "acc = r | acc";
            BitXor [Reg, Feedback] "acc = r ^ acc";
            Shl [Reg, Feedback] "acc = r << acc";
            Shr [Reg, Feedback] "acc = r >> acc";
            UShr [Reg, Feedback] "acc = r >>> acc";
            Eq [Reg, Feedback] "acc = r == acc";
            NotEq [Reg, Feedback] "acc = r != acc";
            StrictEq [Reg, Feedback] "acc = r === acc";
            StrictNotEq [Reg, Feedback] "acc = r !== acc";
            Lt [Reg, Feedback] "acc = r < acc";
            Gt [Reg, Feedback] "acc = r > acc";
            LtEq [Reg, Feedback] "acc = r <= acc";
            GtEq [Reg, Feedback] "acc = r >= acc";
            In [Reg] "acc = r in acc";
            Instanceof [Reg, Feedback] "acc = r instanceof acc";

            // Binary operators with a small integer right operand: acc = acc OP imm.
            AddSmi [Imm, Feedback] "acc = acc + imm";
            SubSmi [Imm, Feedback] "acc = acc - imm";
            MulSmi [Imm, Feedback] "acc = acc * imm";
            DivSmi [Imm, Feedback] "acc = acc / imm";
            ModSmi [Imm, Feedback] "acc = acc % imm";
            BitAndSmi [Imm, Feedback] "acc = acc & imm";
            BitOrSmi [Imm, Feedback] "acc = acc | imm";
            BitXorSmi [Imm, Feedback] "acc = acc ^ imm";
            ShlSmi [Imm, Feedback] "acc = acc << imm";
            ShrSmi [Imm, Feedback] "acc = acc >> imm";
            UShrSmi [Imm, Feedback] "acc = acc >>> imm";
            LtSmi [Imm, Feedback] "acc = acc < imm";
            GtSmi [Imm, Feedback] "acc = acc > imm";
            LtEqSmi [Imm, Feedback] "acc = acc <= imm";
            GtEqSmi [Imm, Feedback] "acc = acc >= imm";

            // Unary operators on the accumulator.
            Negate [Feedback] "acc = -acc";
            BitNot [Feedback] "acc = ~acc";
            Not [] "acc = !ToBoolean(acc)";
            TypeOf [] "acc = typeof acc";
            ToNumeric [] "acc = ToNumeric(acc)";
            ToNumber [] "acc = ToNumber(acc) (unary +)";
            ToString [] "acc = ToString(acc) (template literal parts)";
            ToPropertyKey [] "acc = ToPropertyKey(acc)";
            Inc [Feedback] "acc = acc + 1 (acc is numeric)";
            Dec [Feedback] "acc = acc - 1 (acc is numeric)";

            // Variables.
            LdaGlobal [Const, Feedback] "acc = the global binding named c (ReferenceError if missing)";
            LdaGlobalTypeof [Const, Feedback] "acc = the global binding named c, undefined if missing";
            StaGlobal [Const, Feedback] "set the global binding named c to acc (strict: ReferenceError if missing)";
            InitGlobal [Const] "initialize the global lexical binding named c (leaves the TDZ) to acc";
            LdaContextSlot [UImm, UImm] "acc = slot of the context `depth` levels up";
            StaContextSlot [UImm, UImm] "slot of the context `depth` levels up = acc";
            ThrowIfHole [Const] "throw a ReferenceError naming c if acc is the hole (TDZ)";
            ThrowConstAssign [Const] "throw a TypeError: assignment to constant c";
            PushContext [Const] "enter a new context whose slot names are constants[c], all holes";
            PopContext [] "return to the parent context";
            CloneContext [] "replace the current context by a copy (a fresh per-iteration `let` environment)";
            PushWithContext [Const] "enter a `with` environment (layout constants[c]) whose object is ToObject(acc)";
            LdaLookup [Const] "acc = the binding named c, found by name at run time (inside `with`, near a direct eval)";
            LdaLookupTypeof [Const] "acc = the binding named c found by name, undefined if there is none (typeof)";
            LdaLookupCall [Const, RegOut] "acc = the binding named c found by name; r = its this value (a `with` object, else undefined)";
            StaLookup [Const] "assign acc to the binding named c found by name at run time";
            DeleteLookup [Const] "acc = delete the binding named c found by name (sloppy `delete x`)";
            DeclareEvalVars [Const] "EvalDeclarationInstantiation for the `var`s and functions of sloppy eval code in constants[c]";
            InitEvalFunction [Const] "set the function binding named c in the caller's variable environment to acc (sloppy eval)";
            MapArguments [Reg, Const] "make the arguments object in r mapped: its indices alias the context slots constants[c] (sloppy simple parameters)";
            CreateClosure [Const] "acc = a new function from the template constants[c] in the current context";
            DeclareGlobals [Const] "global declaration instantiation for the names in constants[c]";

            // Modules.
            LdaImport [UImm, UImm, Const] "acc = the binding an import slot of the context `depth` levels up refers to (ReferenceError naming c while it is uninitialized)";
            ImportCall [Reg, Reg] "acc = import(specifier r1, options r2): a promise for the module's namespace";

            // Properties.
            GetNamed [Reg, Const, Feedback] "acc = r[c]";
            SetNamed [Reg, Const, Feedback] "r[c] = acc";
            GetKeyed [Reg, Feedback] "acc = r[acc]";
            SetKeyed [Reg, Reg, Feedback] "obj[key] = acc";
            DefineField [Reg, Reg] "define own data property obj[key] = acc (object literals)";
            SetFunctionName [Reg] "name the anonymous function or class in acc after the property key in r (NamedEvaluation)";
            DeleteProperty [Reg] "acc = delete r[acc]";
            CreateObject [] "acc = {}";
            CreateArray [] "acc = []";
            CreateRegExp [Const, Const] "acc = a new RegExp for the literal with pattern c1 and flags c2 (strings)";
            ArrayPush [Reg] "append acc to the array r";
            ArrayPushHole [Reg] "append a hole to the array r";

            // Iteration (ECMA-262 7.4). An iterator occupies two registers: the iterator, its `next`.
            GetIterator [RegOut] "r, r+1 = GetIterator(acc): the iterator and its next method";
            IteratorStep [Reg, Jump] "acc = the next value of iterator r, or jump if it is done";
            IteratorStepValue [Reg, Reg] "acc = the next value of iterator r (undefined once done); done flag in r2";
            IteratorRest [Reg, Reg] "acc = an array of the rest of iterator r; sets the done flag r2";
            IteratorClose [Reg] "call iterator r's return method (a normal exit from the loop)";
            IteratorCloseIfNotDone [Reg, Reg] "IteratorClose r unless the done flag r2 is set";
            IteratorCloseQuiet [Reg] "call iterator r's return method, ignoring its errors (an exception is leaving)";
            CopyDataProperties [Reg] "copy acc's own enumerable properties to r ({...acc})";
            CopyDataPropertiesExcept [Reg, RegList, UImm] "acc = a new object with acc's own enumerable properties except the keys in r.. (count)";

            ForInPrepare [RegOut] "r = the enumerable keys of acc (ECMA-262 14.7.5.9), r+1 = 0, r+2 = the object";
            ForInNext [Reg, Jump] "acc = the next key of the for-in state at r still present, or jump when done";

            // Classes (ECMA-262 15.7).
            CreateClass [Const, Reg, RegOut] "acc = a class constructor from template c extending r (the hole: no extends); its prototype in r2";
            DefineMethod [Reg, Reg, UImm] "define method acc as obj[key] (flags: 1 getter, 2 setter, 4 enumerable) with home object obj";
            SetHomeObject [Reg] "the method acc gets r as its home object (for `super`)";
            SetClassFields [Reg, Reg] "the class constructor r runs the field initializer acc (home object r2) on each new instance";
            SuperCall [RegList, UImm] "acc = this = super(args r.. r+count-1), then the fields are defined";
            SuperCallSpread [Reg] "acc = this = super(...array r), then the fields are defined";
            GetSuper [Const] "acc = super[c] (from the home object's prototype, with this as receiver)";
            GetSuperKeyed [] "acc = super[acc]";
            SetSuper [Const] "super[c] = acc";
            SetSuperKeyed [Reg] "super[r] = acc";

            // Private names (ECMA-262 6.2.12, 7.3.26-7.3.32).
            CreatePrivateName [Const] "acc = a new private name described as c (`#x`)";
            GetPrivate [Reg] "acc = r.#name where the private name is in acc (TypeError if absent)";
            SetPrivate [Reg, Reg] "r.#name = acc, the private name in r2 (TypeError if absent or a method)";
            DefinePrivate [Reg, Reg, UImm] "add private element r2 to r with value acc (kind: 0 field, 1 method, 2 getter, 3 setter)";
            HasPrivate [Reg] "acc = #name in r, the private name in acc (TypeError if r is not an object)";

            GetTemplateObject [Const] "acc = the frozen strings array of the tagged template site c";
            SetPrototypeLiteral [Reg] "`__proto__: acc` in an object literal: set r's prototype if acc is an object or null";
            DeleteGlobal [Const] "acc = delete globalThis[c] (sloppy `delete x`)";

            // Calls.
            Call [Reg, Reg, RegList, UImm, Feedback] "acc = callee.call(this, args r.. r+count-1)";
            CallUndefined [Reg, RegList, UImm, Feedback] "acc = callee(args r.. r+count-1) with this undefined (a plain call `f(x)`)";
            Construct [Reg, RegList, UImm, Feedback] "acc = new callee(args r.. r+count-1)";
            CallSpread [Reg, Reg, Reg] "acc = callee.call(this, ...array r)";
            CallDirectEval [Reg, Reg, RegList, UImm, UImm] "a call of the form eval(...): a direct eval if callee is %eval% (flags: what the caller's code allows, see `EvalFlags`)";
            ConstructSpread [Reg, Reg] "acc = new callee(...array r)";
            Return [] "return acc";
            Throw [] "throw acc";
            ThrowError [UImm, Const] "throw a new error of kind k (0 TypeError, 1 ReferenceError, 2 SyntaxError, 3 RangeError, 4 Error) with message c";

            // Control flow. Conditions test the accumulator.
            Jump [Jump] "jump to the target";
            JumpLoop [Jump] "jump back to a loop header (interrupt and hotness check)";
            JumpIfTrue [Jump] "jump if ToBoolean(acc)";
            JumpIfFalse [Jump] "jump if !ToBoolean(acc)";
            JumpIfNullish [Jump] "jump if acc is undefined or null";
            JumpIfNotNullish [Jump] "jump if acc is neither undefined nor null";
            JumpIfUndefined [Jump] "jump if acc is undefined";
            JumpIfNotUndefined [Jump] "jump if acc is not undefined (defaults in patterns)";

            // Generators and async functions (ECMA-262 27.5-27.7). A suspension takes the frame off the
            // stack into the coroutine object; resuming pushes it back with acc = the value sent and
            // the mode register = 0 (next), 1 (throw) or 2 (return).
            CreateGenerator [RegOut] "r = a new generator for this call (prototype from the callee); suspend the frame in it and return it to the caller";
            CreateAsyncFunction [RegOut] "r = the state of this async function call, holding a new promise (the call's result)";
            Yield [Reg, RegOut] "suspend the frame in generator r, handing acc (an iterator result) to the resumer; on resumption acc = the value sent, r2 = the mode";
            Await [Reg, RegOut] "ECMA-262 27.7.5.3 Await(acc): suspend the frame in coroutine r until the promise settles; on resumption acc = its value or reason, r2 = the mode (0 or 1)";
            AsyncGeneratorYield [Reg, RegOut] "ECMA-262 27.6.3.8: settle async generator r's current request with { value: acc, done: false }, then resume with the next request or suspend; acc = the value sent, r2 = the mode";
            ResumeDispatch [Reg, Jump] "after a suspension, by the mode in r: 0 jumps, 1 throws acc, 2 falls through (to code returning acc), 3 throws a TypeError (yield* into an iterator without `throw`)";
            YieldStar [Reg, Reg, Jump] "yield* step: call iterator r's next/throw/return (mode r2) with acc; acc = the inner result, or jump with acc = the final value and r2 = 2 if that is a return, else 0";
            YieldStarCall [Reg, Reg, Jump] "async yield* step: call iterator r's next/throw/return (mode r2) with acc; acc = the promise to await; jump (r2 = 2: return acc; 3: TypeError) when the method is missing";
            YieldStarResult [Reg, Jump] "async yield* step: acc = the awaited inner result's value; jump if it is done (r = 2 if that ends a return, else 0); TypeError for a non-object, or mode 3";
            GetAsyncIterator [RegOut] "r, r+1 = GetIterator(acc, async): @@asyncIterator, else an async-from-sync wrapper of @@iterator, and its next method";
            AsyncIteratorNext [Reg] "acc = Call(next r+1, iterator r) (for await: the result is awaited, then checked)";
            AsyncIteratorResult [Jump] "acc = the value of iterator result acc, or jump if it is done (TypeError if not an object)";
            IteratorReturnCall [Reg, Jump] "acc = Call(iterator r's return method, iterator), or jump if it has none (AsyncIteratorClose, before its await)";
            ThrowIfNotObject [] "TypeError if acc is not an object (an iterator's return result)";
            CreateIterResult [UImm] "acc = { value: acc, done: flag }";
            AsyncReturn [Reg] "the body of async function call or async generator r returns acc: resolve the call's promise (return it) or complete the generator's request and drain its queue";
            AsyncThrow [Reg] "an exception acc left the body of async function call or async generator r: reject the call's promise (return it) or the generator's request";

            Debugger [] "a debugger statement (a breakpoint for the inspection hook)";

            // Operand-width prefixes, numbered last so that "has a prefix" is one compare.
            Wide [] "Prefix: the next instruction's operands are 2 bytes wide.";
            ExtraWide [] "Prefix: the next instruction's operands are 4 bytes wide.";
        }
    };
}

macro_rules! declare_opcodes {
    ($($name:ident [$($operand:ident),*] $doc:literal;)*) => {
        /// One bytecode instruction kind.
        #[repr(u8)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Opcode {
            $(#[doc = $doc] $name,)*
        }

        impl Opcode {
            /// Every opcode, in encoding order.
            pub const ALL: &'static [Opcode] = &[$(Opcode::$name,)*];

            pub const fn name(self) -> &'static str {
                match self { $(Opcode::$name => stringify!($name),)* }
            }

            #[inline]
            pub const fn operands(self) -> &'static [Operand] {
                match self { $(Opcode::$name => &[$(Operand::$operand),*],)* }
            }

            pub const fn doc(self) -> &'static str {
                match self { $(Opcode::$name => $doc,)* }
            }

            #[inline]
            pub fn from_byte(byte: u8) -> Option<Opcode> {
                Opcode::ALL.get(byte as usize).copied()
            }

            /// The opcode of a byte the bytecode builder wrote (the dispatch loop's decode: a
            /// range check, no table load).
            #[inline(always)]
            #[allow(unsafe_code)]
            pub fn decode_byte(byte: u8) -> Opcode {
                assert!((byte as usize) < Opcode::ALL.len(), "invalid opcode byte");
                // SAFETY: `Opcode` is `repr(u8)` with implicit discriminants 0..ALL.len() (checked
                // by the test below), and `byte` was just checked to be in that range.
                unsafe { std::mem::transmute::<u8, Opcode>(byte) }
            }

            /// The length in bytes of an instruction at operand width `width` (prefix included).
            #[inline(always)]
            pub const fn length(self, width: usize) -> usize {
                let (n, jump) = Opcode::LAYOUT[self as usize];
                let prefix = if width == 1 { 0 } else { 1 };
                prefix + 1 + n as usize * width + if jump { 4 } else { 0 }
            }

            /// `operands()` as a table indexed by opcode.
            pub const OPERAND_TABLE: &'static [&'static [Operand]] = &[$(&[$(Operand::$operand),*],)*];

            /// Per opcode: (number of operands before a jump target, whether the last operand is
            /// a jump target) — all the decoder needs to know an instruction's length.
            pub const LAYOUT: &'static [(u8, bool)] = &[$(layout(&[$(Operand::$operand),*]),)*];

            /// Bytes taken by the operands at operand width `width` (1, 2 or 4).
            pub fn operands_size(self, width: usize) -> usize {
                self.operands().iter().map(|&k| if k == Operand::Jump { 4 } else { width }).sum()
            }
        }
    };
}

for_each_opcode!(declare_opcodes);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_consistent() {
        for (i, &op) in Opcode::ALL.iter().enumerate() {
            assert_eq!(op as usize, i);
            assert_eq!(Opcode::from_byte(i as u8), Some(op));
            assert_eq!(Opcode::decode_byte(i as u8), op);
            assert!(!op.doc().is_empty());
        }
        assert!(Opcode::ALL.len() < 256);
        assert_eq!(Opcode::ExtraWide as usize, Opcode::ALL.len() - 1);
        assert_eq!(Opcode::Wide as usize, Opcode::ALL.len() - 2);
        assert_eq!(Opcode::Call.length(1), 6);
        assert_eq!(Opcode::JumpIfTrue.length(2), 6);
        assert_eq!(Opcode::Call.operands_size(1), 5);
        assert_eq!(Opcode::Jump.operands_size(2), 4);
    }
}
