//! The interpreter's fast path: the instructions that run most often, executed with the running
//! frame's `pc` and accumulator in locals of the dispatch loop (`Vm::run`).
//!
//! `fast` is instantiated once per operand width (`W` = 1, 2, 4), so the common one-byte form reads
//! each operand with a single load. It handles register moves, constants, arithmetic and comparisons
//! on Numbers, jumps, cached property and global accesses, and calls and returns between plain
//! bytecode functions. None of these allocate or run user code, so the accumulator needs no rooting
//! while it lives in a local. Anything else (or a cache miss) answers `Fast::SLOW`, and the loop
//! hands the instruction to the general `step`, which implements every opcode.

use super::registers::RegisterWindow;
use super::{ops, Throw, Vm};
use crate::bytecode::feedback::{types, Slot, NO_SHAPE};
use crate::bytecode::template::WINDOW;
use crate::bytecode::{Constant, FunctionKind, FunctionTemplate, Opcode, Operands};
use crate::runtime::heap::ContextRef;
use crate::runtime::object::{ObjectKind, Props};
use crate::runtime::property::{Attrs, PropertyKey};
use crate::runtime::shape::ShapeId;
use crate::runtime::Value;

/// What the fast path did with one instruction: the offset to continue at, or one of the markers
/// `SLOW`, `FRAMES`, `THROW` (above any offset). A plain integer rather than an enum so that the
/// dispatch loop tells "continue" from the rest with one compare.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Fast(u32);

impl Fast {
    /// Not handled here: run the instruction with `step`.
    pub const SLOW: Fast = Fast(u32::MAX);
    /// A frame was pushed or popped (the frame holds the `pc` and accumulator to resume with).
    pub const FRAMES: Fast = Fast(u32::MAX - 1);
    /// An exception to unwind, in `Vm::fast_throw`.
    pub const THROW: Fast = Fast(u32::MAX - 2);

    /// Done: continue at `pc`.
    #[inline(always)]
    fn at(pc: u32) -> Fast {
        Fast(pc)
    }

    /// The offset to continue at, if the instruction is done.
    #[inline(always)]
    pub fn next(self) -> Option<u32> {
        (self.0 < Fast::THROW.0).then_some(self.0)
    }
}

/// The feedback bit for a Number operand.
#[inline(always)]
fn number_types(v: Value) -> u8 {
    if v.is_int() {
        types::INT32
    } else {
        types::NUMBER
    }
}

/// The feedback bit for the result `v` of an operation on operands of types `seen`: OVERFLOW
/// for a double from int32 operands (so the JIT does not speculate that the site gives int32s);
/// nothing otherwise. Recorded by the slow path only (`Vm::step`).
#[inline(always)]
pub(super) fn result_types(seen: u8, v: Value) -> u8 {
    if seen == types::INT32 && v.is_number() && !v.is_int() {
        types::OVERFLOW
    } else {
        0
    }
}

/// Native calls with at most this many arguments copy them to the stack (no allocation).
const NATIVE_FAST_ARGS: usize = 6;

impl Vm {
    /// Run the instruction `op` at `pc` if it is one of the fast ones. `W` is its operand width; a
    /// prefixed instruction (`W` > 1) starts with the prefix byte at `pc`.
    #[inline(always)]
    pub(super) fn fast<const W: usize>(
        &mut self,
        op: Opcode,
        template: &FunctionTemplate,
        window: &[u8; WINDOW],
        pc: u32,
        acc: &mut Value,
        regs: RegisterWindow,
    ) -> Fast {
        use Opcode::*;
        let o = Operands::<W>::new(window);
        // The offset after this instruction: a constant per arm, so no table lookup.
        macro_rules! next {
            ($op:ident) => {
                return Fast::at(pc + const { $op.length(W) as u32 })
            };
        }
        // `acc = left OP right` on Numbers, with the operand types recorded.
        macro_rules! binary {
            ($op:ident, $base:ident, $left:expr, $right:expr) => {{
                let (left, right) = ($left, $right);
                match ops::numeric_binary($base, left, right) {
                    Some(v) => {
                        // (Not the result's type: an int32 overflow here is recorded when the
                        // JIT's int32 code deopts on it — `Vm::jit_exited` — which costs the
                        // interpreter's fast path nothing.)
                        let seen = number_types(left) | number_types(right);
                        template.feedback.record_types(o.unsigned(1), seen);
                        *acc = v;
                        next!($op)
                    }
                    None => return Fast::SLOW,
                }
            }};
        }
        // `acc = r OP acc`.
        macro_rules! register_binary {
            ($op:ident) => {
                binary!($op, $op, regs.get(o.reg(0)), *acc)
            };
        }
        // `acc = acc OP imm`.
        macro_rules! smi_binary {
            ($op:ident, $base:ident) => {
                binary!($op, $base, *acc, Value::int(o.imm(0)))
            };
        }
        macro_rules! load {
            ($op:ident, $v:expr) => {{
                *acc = $v;
                next!($op)
            }};
        }
        macro_rules! jump_if {
            ($op:ident, $cond:expr) => {
                if $cond {
                    return Fast::at(o.jump(0));
                } else {
                    next!($op)
                }
            };
        }
        match op {
            Ldar => load!(Ldar, regs.get(o.reg(0))),
            Star => {
                regs.set(o.reg(0), *acc);
                next!(Star)
            }
            Mov => {
                regs.set(o.reg(1), regs.get(o.reg(0)));
                next!(Mov)
            }
            LdaSmi => load!(LdaSmi, Value::int(o.imm(0))),
            LdaUndefined => load!(LdaUndefined, Value::UNDEFINED),
            LdaNull => load!(LdaNull, Value::NULL),
            LdaTrue => load!(LdaTrue, Value::TRUE),
            LdaFalse => load!(LdaFalse, Value::FALSE),
            LdaHole => load!(LdaHole, Value::HOLE),
            LdaConstant => {
                // Numbers and interned strings; BigInt constants allocate (slow path).
                let v = match &template.constants[o.unsigned(0) as usize] {
                    Constant::Number(n) => Value::number(*n),
                    Constant::String(s) => Value::string(*s),
                    _ => return Fast::SLOW,
                };
                load!(LdaConstant, v)
            }
            Add => register_binary!(Add),
            Sub => register_binary!(Sub),
            Mul => register_binary!(Mul),
            Div => register_binary!(Div),
            Mod => register_binary!(Mod),
            BitAnd => register_binary!(BitAnd),
            BitOr => register_binary!(BitOr),
            BitXor => register_binary!(BitXor),
            Shl => register_binary!(Shl),
            Shr => register_binary!(Shr),
            UShr => register_binary!(UShr),
            Lt => register_binary!(Lt),
            Gt => register_binary!(Gt),
            LtEq => register_binary!(LtEq),
            GtEq => register_binary!(GtEq),
            StrictEq => register_binary!(StrictEq),
            StrictNotEq => register_binary!(StrictNotEq),
            AddSmi => smi_binary!(AddSmi, Add),
            SubSmi => smi_binary!(SubSmi, Sub),
            MulSmi => smi_binary!(MulSmi, Mul),
            DivSmi => smi_binary!(DivSmi, Div),
            ModSmi => smi_binary!(ModSmi, Mod),
            BitAndSmi => smi_binary!(BitAndSmi, BitAnd),
            BitOrSmi => smi_binary!(BitOrSmi, BitOr),
            BitXorSmi => smi_binary!(BitXorSmi, BitXor),
            ShlSmi => smi_binary!(ShlSmi, Shl),
            ShrSmi => smi_binary!(ShrSmi, Shr),
            UShrSmi => smi_binary!(UShrSmi, UShr),
            LtSmi => smi_binary!(LtSmi, Lt),
            GtSmi => smi_binary!(GtSmi, Gt),
            LtEqSmi => smi_binary!(LtEqSmi, LtEq),
            GtEqSmi => smi_binary!(GtEqSmi, GtEq),
            // The operand types are recorded as for the binary operators (the JIT's `typed`).
            Inc => match acc.as_int().and_then(|i| i.checked_add(1)) {
                Some(r) => {
                    template.feedback.record_types(o.unsigned(0), types::INT32);
                    load!(Inc, Value::int(r))
                }
                None => Fast::SLOW,
            },
            Dec => match acc.as_int().and_then(|i| i.checked_sub(1)) {
                Some(r) => {
                    template.feedback.record_types(o.unsigned(0), types::INT32);
                    load!(Dec, Value::int(r))
                }
                None => Fast::SLOW,
            },
            Jump => Fast::at(o.jump(0)),
            JumpLoop => {
                // Hotness: the loop body's size per iteration (the slow path profiles when spent;
                // counted under a fuel limit too, so that such code tiers up); then the budget:
                // nothing to check without a fuel limit or an interrupt, else one of the fuel
                // spent (an interrupt, or none left: the slow path stops).
                let target = o.jump(0);
                if template.tier.tick(pc.wrapping_sub(target))
                    && (self.budget.quiet() || self.budget.try_spend())
                {
                    Fast::at(target)
                } else {
                    Fast::SLOW
                }
            }
            JumpIfTrue | JumpIfFalse => {
                // ToBoolean of the values that need no heap access.
                let v = *acc;
                let truth = if let Some(b) = v.as_boolean() {
                    b
                } else if let Some(i) = v.as_int() {
                    i != 0
                } else if v.is_nullish() {
                    false
                } else if v.is_object() {
                    true
                } else {
                    return Fast::SLOW;
                };
                jump_if!(JumpIfTrue, truth == (op == JumpIfTrue))
            }
            JumpIfUndefined => jump_if!(JumpIfUndefined, acc.is_undefined()),
            JumpIfNotUndefined => jump_if!(JumpIfNotUndefined, !acc.is_undefined()),
            JumpIfNullish => jump_if!(JumpIfNullish, acc.is_nullish()),
            JumpIfNotNullish => jump_if!(JumpIfNotNullish, !acc.is_nullish()),
            ThrowIfHole if !acc.is_hole() => next!(ThrowIfHole),
            // ECMA-262 7.1.19 ToPropertyKey: a string or symbol is a key already, and an array
            // index stays an int (the keyed access that follows reads it as an index; interning
            // its decimal string would cost more than the access).
            ToPropertyKey
                if acc.as_int().is_some_and(|i| i >= 0) || acc.is_string() || acc.is_symbol() =>
            {
                next!(ToPropertyKey)
            }
            // The heavier instructions run out of line, so that the loop's locals stay in
            // registers for the simple ones above.
            // A global `let`/`const` inline (loop bounds are often one), a property of the global
            // object out of line.
            LdaGlobal => match self.load_global_fast(template, o.unsigned(0), o.unsigned(1)) {
                Some(v) => load!(LdaGlobal, v),
                None => Fast::SLOW,
            },
            StaGlobal => {
                if self.store_global_fast(template, o.unsigned(0), o.unsigned(1), *acc) {
                    next!(StaGlobal)
                }
                Fast::SLOW
            }
            GetNamed => {
                let object = regs.get(o.reg(0));
                match self.get_named_fast(template, object, o.unsigned(1), o.unsigned(2)) {
                    Some(v) => load!(GetNamed, v),
                    None => Fast::SLOW,
                }
            }
            SetNamed => {
                let object = regs.get(o.reg(0));
                if self.set_named_fast(template, object, o.unsigned(2), *acc) {
                    next!(SetNamed)
                }
                Fast::SLOW
            }
            GetKeyed => match self.get_keyed_fast(regs.get(o.reg(0)), *acc) {
                Some(v) => load!(GetKeyed, v),
                None => Fast::SLOW,
            },
            SetKeyed => {
                if self.set_keyed_fast(regs.get(o.reg(0)), regs.get(o.reg(1)), *acc) {
                    next!(SetKeyed)
                }
                Fast::SLOW
            }
            DefineField => {
                if self.define_field_fast(regs.get(o.reg(0)), regs.get(o.reg(1)), *acc) {
                    next!(DefineField)
                }
                Fast::SLOW
            }
            LdaContextSlot => match self.context_slot(o.unsigned(0), o.unsigned(1)) {
                Some(v) => load!(LdaContextSlot, v),
                None => Fast::SLOW,
            },
            LdaImport => match self.import_binding(o.unsigned(0), o.unsigned(1)) {
                Some(v) => load!(LdaImport, v),
                None => Fast::SLOW,
            },
            StaContextSlot => {
                if self.set_context_slot(o.unsigned(0), o.unsigned(1), *acc) {
                    next!(StaContextSlot)
                }
                Fast::SLOW
            }
            // Calls of bytecode and native functions.
            Call => {
                let next = pc + const { Call.length(W) as u32 };
                let this = regs.get(o.reg(1));
                let (first, count) = (o.unsigned(2), o.unsigned(3));
                self.call_fast(regs.get(o.reg(0)), next, *acc, this, first, count)
            }
            CallUndefined => {
                let next = pc + const { CallUndefined.length(W) as u32 };
                let (first, count) = (o.unsigned(1), o.unsigned(2));
                let this = Value::UNDEFINED;
                self.call_fast(regs.get(o.reg(0)), next, *acc, this, first, count)
            }
            Return => self.return_fast(template, pc, *acc),
            _ => Fast::SLOW,
        }
    }

    /// `LdaGlobal` through the feedback: a global `let`/`const` inline, a data property of the
    /// global object out of line.
    #[inline(always)]
    pub(super) fn load_global_fast(
        &self,
        template: &FunctionTemplate,
        name: u32,
        fb: u32,
    ) -> Option<Value> {
        match template.feedback.get(fb) {
            Slot::GlobalLexical(i) => match self.realm.global_lexical.slot(i) {
                Some(&(v, _)) if !v.is_hole() => Some(v),
                _ => None,
            },
            Slot::GlobalProperty {
                shape,
                position,
                lexicals,
            } => self.global_property(template, name, shape, position, lexicals),
            _ => None,
        }
    }

    /// `LdaGlobal` of a data property of the global object (`Slot::GlobalProperty`).
    #[inline(never)]
    pub(super) fn global_property(
        &self,
        template: &FunctionTemplate,
        name: u32,
        cached: ShapeId,
        position: u32,
        lexicals: u32,
    ) -> Option<Value> {
        if self.realm.global_lexical.len() != lexicals as usize {
            return None;
        }
        match &self.heap.object(self.realm.global).props {
            Props::Shaped { shape, slots } if *shape == cached => {
                slots.get(position as usize).copied()
            }
            Props::Dictionary(d) if cached == NO_SHAPE => {
                let key = PropertyKey::String(Self::constant_string(template, name));
                d.data_at(position as usize, key)
            }
            _ => None,
        }
    }

    /// `StaGlobal` to a binding the feedback remembers (a mutable `let`, or a writable data
    /// property of the global object: its shape, checked when cached, says so).
    #[inline(never)]
    pub(super) fn store_global_fast(
        &mut self,
        template: &FunctionTemplate,
        name: u32,
        fb: u32,
        value: Value,
    ) -> bool {
        match template.feedback.get(fb) {
            Slot::GlobalLexical(i) => match self.realm.global_lexical.slot_mut(i) {
                Some(binding) if !binding.1 && !binding.0.is_hole() => {
                    binding.0 = value;
                    true
                }
                _ => false,
            },
            Slot::GlobalProperty {
                shape: cached,
                position,
                lexicals,
            } if self.realm.global_lexical.len() == lexicals as usize => {
                let key = PropertyKey::String(Self::constant_string(template, name));
                let global = self.realm.global;
                match &mut self.heap.object_mut(global).props {
                    Props::Shaped { shape, slots } if *shape == cached => {
                        match slots.get_mut(position as usize) {
                            Some(slot) => {
                                *slot = value;
                                true
                            }
                            None => false,
                        }
                    }
                    Props::Dictionary(d) if cached == NO_SHAPE => {
                        d.set_data_at(position as usize, key, value)
                    }
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// `GetNamed` through the inline cache, or an array's `length` (which lives outside shapes).
    #[inline(never)]
    pub(super) fn get_named_fast(
        &self,
        template: &FunctionTemplate,
        object: Value,
        name: u32,
        fb: u32,
    ) -> Option<Value> {
        let object = object.as_object()?;
        if let Some(v) = self.cached_get(&template.feedback, fb, object) {
            return Some(v);
        }
        match self.heap.object(object).kind {
            ObjectKind::Array { length, .. }
                if PropertyKey::String(Self::constant_string(template, name))
                    == PropertyKey::String(self.realm.names.length) =>
            {
                Some(Value::number(length as f64))
            }
            _ => None,
        }
    }

    /// `SetNamed` through the inline cache.
    #[inline(never)]
    pub(super) fn set_named_fast(
        &mut self,
        template: &FunctionTemplate,
        object: Value,
        fb: u32,
        value: Value,
    ) -> bool {
        match object.as_object() {
            Some(o) => self.cached_set(&template.feedback, fb, o, value),
            None => false,
        }
    }

    /// `object[key]` for an element of a dense array or plain object.
    #[inline(never)]
    pub(super) fn get_keyed_fast(&self, object: Value, key: Value) -> Option<Value> {
        let (object, index) = (object.as_object()?, key.as_int()?);
        let object = self.heap.object(object);
        match (&object.kind, object.elements.dense()) {
            (ObjectKind::Array { .. } | ObjectKind::Ordinary, Some(values)) => {
                let v = *values.get(usize::try_from(index).ok()?)?;
                (!v.is_hole()).then_some(v)
            }
            _ => None,
        }
    }

    /// `object[key] = value` over an existing element of a dense array or plain object (dense
    /// elements are writable data properties).
    #[inline(never)]
    pub(super) fn set_keyed_fast(&mut self, object: Value, key: Value, value: Value) -> bool {
        let (Some(object), Some(index)) = (object.as_object(), key.as_int()) else {
            return false;
        };
        let Ok(index) = usize::try_from(index) else {
            return false;
        };
        let object = self.heap.object_mut(object);
        match object.kind {
            ObjectKind::Array { .. } | ObjectKind::Ordinary => {
                object.elements.set_present(index, value)
            }
            _ => false,
        }
    }

    /// `DefineField` of a named key (an atom that is not an array index) on an extensible object
    /// that is not a proxy: the slow path's `define_own`, without its key conversion.
    #[inline(never)]
    fn define_field_fast(&mut self, object: Value, key: Value, value: Value) -> bool {
        let (Some(o), Some(s)) = (object.as_object(), key.as_string()) else {
            return false;
        };
        let Some(key @ PropertyKey::String(_)) = self.heap.atom_key(s) else {
            return false;
        };
        let object = self.heap.objects.get_mut(o.0);
        if !object.extensible || matches!(object.kind, ObjectKind::Proxy { .. }) {
            return false;
        }
        object.define_named(&mut self.heap.shapes, key, value, Attrs::DEFAULT);
        true
    }

    /// The context `depth` levels out from the running frame's.
    #[inline(always)]
    pub(super) fn context_at(&self, depth: u32) -> Option<ContextRef> {
        let mut c = self.frames.last()?.context?;
        for _ in 0..depth {
            c = self.heap.context(c).parent?;
        }
        Some(c)
    }

    /// `LdaContextSlot`: a captured variable.
    #[inline(never)]
    pub(super) fn context_slot(&self, depth: u32, slot: u32) -> Option<Value> {
        let c = self.context_at(depth)?;
        self.heap.context(c).slots.get(slot as usize).copied()
    }

    /// `LdaImport`: a module import's live value, read through its `ImportBinding` (or the
    /// namespace object the slot holds); `None` while it is in the TDZ (the slow path throws).
    #[inline(never)]
    fn import_binding(&self, depth: u32, slot: u32) -> Option<Value> {
        let v = self.context_slot(depth, slot)?;
        let o = v.as_object()?;
        let ObjectKind::ImportBinding { module, slot } = self.heap.object(o).kind else {
            return Some(v);
        };
        let env = self.modules.records.get(module as usize)?.environment?;
        let v = *self.heap.context(env).slots.get(slot as usize)?;
        (!v.is_hole()).then_some(v)
    }

    /// `StaContextSlot`: assign a captured variable.
    #[inline(never)]
    pub(super) fn set_context_slot(&mut self, depth: u32, slot: u32, value: Value) -> bool {
        let Some(c) = self.context_at(depth) else {
            return false;
        };
        match self.heap.context_mut(c).slots.get_mut(slot as usize) {
            Some(s) => {
                *s = value;
                true
            }
            None => false,
        }
    }

    /// `Call` of a plain bytecode function (its frame is pushed) or a native one (run now).
    #[inline(never)]
    fn call_fast(
        &mut self,
        callee: Value,
        next: u32,
        acc: Value,
        this: Value,
        first: u32,
        count: u32,
    ) -> Fast {
        let frame = self.frames.last_mut().expect("frame");
        frame.pc = next;
        frame.acc = acc;
        match self.call_bytecode_fast(callee, this, first, count) {
            Ok(true) => Fast::FRAMES,
            Ok(false) => self.call_native_fast(callee, this, first, count),
            Err(throw) => self.fast_throw(throw),
        }
    }

    /// `Return` to a bytecode caller from an ordinary call.
    #[inline(never)]
    fn return_fast(&mut self, template: &FunctionTemplate, pc: u32, acc: Value) -> Fast {
        let frame = self.frames.last().expect("frame");
        // Hotness: a call weighs the offset of its return (the slow path profiles when spent).
        if !template.tier.tick(pc + 1)
            || frame.entry
            || frame.construct_result.is_some()
            || matches!(template.kind, FunctionKind::ClassConstructor { .. })
        {
            return Fast::SLOW;
        }
        // Dropped in place (`pop` would move the frame out first).
        let (base, realm) = (frame.base, frame.realm);
        self.frames.truncate(self.frames.len() - 1);
        self.registers.truncate(base);
        let caller = self.frames.last_mut().expect("caller");
        caller.acc = acc;
        if caller.realm != realm {
            let realm = caller.realm;
            self.switch_realm(realm);
        }
        Fast::FRAMES
    }

    /// A call of a native function from `Call`, with its arguments copied from the registers to
    /// the stack. The frame already holds the next `pc` and the accumulator (a GC during the call
    /// sees them); the result goes to the frame's accumulator and the loop reloads the frame, since
    /// the native may have run JavaScript that moved the register stack.
    #[inline(always)]
    pub(super) fn call_native_fast(
        &mut self,
        callee: Value,
        this: Value,
        first: u32,
        count: u32,
    ) -> Fast {
        let Some(f) = callee.as_object() else {
            return Fast::SLOW;
        };
        let ObjectKind::Native(native) = &self.heap.object(f).kind else {
            return Fast::SLOW;
        };
        let count = count as usize;
        // Another realm's built-in runs in its realm: the general path switches.
        if count > NATIVE_FAST_ARGS || native.realm != self.realm_id {
            return Fast::SLOW;
        }
        let call = native.call;
        // The arguments stay in the caller's registers too, so they stay rooted.
        let mut args = [Value::UNDEFINED; NATIVE_FAST_ARGS];
        let base = self.frames.last().expect("frame").base;
        let first = base + first as usize;
        args[..count].copy_from_slice(&self.registers[first..first + count]);
        match self.run_native(call, callee, this, &args[..count], Value::UNDEFINED) {
            Ok(v) => {
                self.frames.last_mut().expect("frame").acc = v;
                Fast::FRAMES
            }
            Err(throw) => self.fast_throw(throw),
        }
    }

    #[cold]
    fn fast_throw(&mut self, throw: Throw) -> Fast {
        self.fast_throw = Some(throw);
        Fast::THROW
    }

    /// `fast` for prefixed instructions, kept out of line so that the dispatch loop holds one copy
    /// of the fast path (the narrow one) and keeps its locals in registers.
    /// The accumulator goes in and out by value: a reference would pin the loop's copy to memory.
    #[inline(always)]
    pub(super) fn fast_wide(
        &mut self,
        template: &FunctionTemplate,
        window: &[u8; WINDOW],
        pc: u32,
        mut acc: Value,
        regs: RegisterWindow,
    ) -> (Fast, Value) {
        let op = Opcode::decode_byte(window[1]);
        let fast = if window[0] == Opcode::Wide as u8 {
            self.fast::<2>(op, template, window, pc, &mut acc, regs)
        } else {
            self.fast::<4>(op, template, window, pc, &mut acc, regs)
        };
        (fast, acc)
    }
}
