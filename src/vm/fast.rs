//! The interpreter's fast path: the instructions that run most often, executed with the running
//! frame's `pc` and accumulator in locals of the dispatch loop (`Vm::run`).
//!
//! `fast` is instantiated once per operand width (`W` = 1, 2, 4), so the common one-byte form reads
//! each operand with a single load. It handles register moves, constants, arithmetic and comparisons
//! on Numbers, jumps, cached property and global accesses, and calls and returns between plain
//! bytecode functions. None of these allocate or run user code, so the accumulator needs no rooting
//! while it lives in a local. Anything else (or a cache miss) answers `Fast::Slow`, and the loop
//! hands the instruction to the general `step`, which implements every opcode.

use super::registers::RegisterWindow;
use super::{ops, Throw, Vm};
use crate::bytecode::feedback::{types, Slot, NO_SHAPE};
use crate::bytecode::template::WINDOW;
use crate::bytecode::{Constant, FunctionKind, FunctionTemplate, Opcode, Operands};
use crate::runtime::object::Props;
use crate::runtime::property::PropertyKey;
use crate::runtime::Value;

/// What the fast path did with one instruction.
pub(super) enum Fast {
    /// Done: continue at this offset.
    Next(u32),
    /// A frame was pushed or popped (the frame holds the caller's `pc` and accumulator).
    Frames,
    /// An exception to unwind.
    Throw(Throw),
    /// Not handled here: run the instruction with `step`.
    Slow,
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

/// The name constant of a global access.
#[inline(always)]
fn global_name(template: &FunctionTemplate, c: u32) -> PropertyKey {
    match &template.constants[c as usize] {
        Constant::String(s) => PropertyKey::String(*s),
        _ => unreachable!("a global's name is a string constant"),
    }
}

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
                return Fast::Next(pc + const { $op.length(W) as u32 })
            };
        }
        // `acc = left OP right` on Numbers, with the operand types recorded.
        macro_rules! binary {
            ($op:ident, $base:ident, $left:expr, $right:expr) => {{
                let (left, right) = ($left, $right);
                match ops::numeric_binary($base, left, right) {
                    Some(v) => {
                        template
                            .feedback
                            .record_types(o.unsigned(1), number_types(left) | number_types(right));
                        *acc = v;
                        next!($op)
                    }
                    None => return Fast::Slow,
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
                    return Fast::Next(o.jump(0));
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
                    _ => return Fast::Slow,
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
            Inc => match acc.as_int().and_then(|i| i.checked_add(1)) {
                Some(r) => load!(Inc, Value::int(r)),
                None => Fast::Slow,
            },
            Dec => match acc.as_int().and_then(|i| i.checked_sub(1)) {
                Some(r) => load!(Dec, Value::int(r)),
                None => Fast::Slow,
            },
            Jump => Fast::Next(o.jump(0)),
            // A back-edge with no fuel budget: only the interrupt flag to poll.
            JumpLoop
                if self.fuel.is_none()
                    && !self.interrupt.load(std::sync::atomic::Ordering::Relaxed) =>
            {
                Fast::Next(o.jump(0))
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
                    return Fast::Slow;
                };
                jump_if!(JumpIfTrue, truth == (op == JumpIfTrue))
            }
            JumpIfUndefined => jump_if!(JumpIfUndefined, acc.is_undefined()),
            JumpIfNotUndefined => jump_if!(JumpIfNotUndefined, !acc.is_undefined()),
            JumpIfNullish => jump_if!(JumpIfNullish, acc.is_nullish()),
            JumpIfNotNullish => jump_if!(JumpIfNotNullish, !acc.is_nullish()),
            ThrowIfHole if !acc.is_hole() => next!(ThrowIfHole),
            // A global whose binding the feedback remembers: a `let`/`const` (not in its TDZ) or a
            // data property of the global object.
            LdaGlobal => match template.feedback.get(o.unsigned(1)) {
                Slot::GlobalLexical(i) => match self.realm.global_lexical.slot(i) {
                    Some(&(v, _)) if !v.is_hole() => load!(LdaGlobal, v),
                    _ => Fast::Slow,
                },
                Slot::GlobalProperty {
                    shape: cached,
                    position,
                    lexicals,
                } if self.realm.global_lexical.len() == lexicals as usize => {
                    let v = match &self.heap.object(self.realm.global).props {
                        Props::Shaped { shape, slots } if *shape == cached => {
                            slots.get(position as usize).copied()
                        }
                        Props::Dictionary(d) if cached == NO_SHAPE => {
                            d.data_at(position as usize, global_name(template, o.unsigned(0)))
                        }
                        _ => None,
                    };
                    match v {
                        Some(v) => load!(LdaGlobal, v),
                        None => Fast::Slow,
                    }
                }
                _ => Fast::Slow,
            },
            StaGlobal => match template.feedback.get(o.unsigned(1)) {
                Slot::GlobalLexical(i) => match self.realm.global_lexical.slot_mut(i) {
                    Some(binding) if !binding.1 && !binding.0.is_hole() => {
                        binding.0 = *acc;
                        next!(StaGlobal)
                    }
                    _ => Fast::Slow,
                },
                Slot::GlobalProperty {
                    shape: cached,
                    position,
                    lexicals,
                } if self.realm.global_lexical.len() == lexicals as usize => {
                    let key = global_name(template, o.unsigned(0));
                    let global = self.realm.global;
                    // The shape says the slot holds a writable data property (checked when cached).
                    let stored = match &mut self.heap.object_mut(global).props {
                        Props::Shaped { shape, slots } if *shape == cached => {
                            match slots.get_mut(position as usize) {
                                Some(slot) => {
                                    *slot = *acc;
                                    true
                                }
                                None => false,
                            }
                        }
                        Props::Dictionary(d) if cached == NO_SHAPE => {
                            d.set_data_at(position as usize, key, *acc)
                        }
                        _ => false,
                    };
                    if stored {
                        next!(StaGlobal)
                    }
                    Fast::Slow
                }
                _ => Fast::Slow,
            },
            GetNamed => {
                let Some(object) = regs.get(o.reg(0)).as_object() else {
                    return Fast::Slow;
                };
                match self.cached_get(&template.feedback, o.unsigned(2), object) {
                    Some(v) => load!(GetNamed, v),
                    None => Fast::Slow,
                }
            }
            SetNamed => {
                let Some(object) = regs.get(o.reg(0)).as_object() else {
                    return Fast::Slow;
                };
                if self.cached_set(&template.feedback, o.unsigned(2), object, *acc) {
                    next!(SetNamed)
                }
                Fast::Slow
            }
            // A call of a plain bytecode function: its frame is pushed here.
            Call => {
                let callee = regs.get(o.reg(0));
                let frame = self.frames.last_mut().expect("frame");
                frame.pc = pc + const { Call.length(W) as u32 };
                frame.acc = *acc;
                let (this, first, count) = (o.unsigned(1), o.unsigned(2), o.unsigned(3));
                match self.call_bytecode_fast(callee, this, first, count) {
                    Ok(true) => Fast::Frames,
                    Ok(false) => Fast::Slow,
                    Err(throw) => Fast::Throw(throw),
                }
            }
            // Returning to a bytecode caller from an ordinary call.
            Return => {
                let frame = self.frames.last().expect("frame");
                if frame.entry
                    || frame.construct_result.is_some()
                    || matches!(template.kind, FunctionKind::ClassConstructor { .. })
                {
                    return Fast::Slow;
                }
                // Dropped in place (`pop` would move the frame out first).
                let base = frame.base;
                self.frames.truncate(self.frames.len() - 1);
                self.registers.truncate(base);
                self.frames.last_mut().expect("caller").acc = *acc;
                Fast::Frames
            }
            _ => Fast::Slow,
        }
    }
}
