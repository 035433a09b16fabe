//! The running frame's registers as the dispatch loop sees them: a raw window into the register
//! stack (`Vm::registers`), read and written without bounds checks.
//!
//! This is one of the few `unsafe` modules. The window is sound because:
//! - it is made from the register stack after the frame was pushed, and `new` checks that the
//!   frame's `register_count` registers are all there;
//! - every single-register operand of verified bytecode is below `register_count`
//!   (`bytecode::verify`, run on every template), and only such operands index the window;
//! - the dispatch loop makes a new window after anything that can push or pop frames (calls,
//!   returns, `step`), which are the only operations that resize (and may move) the stack.
//!
//! It also pushes frame records in place (`push_in_place`: `set_len` after writing the slot).
#![allow(unsafe_code)]

use crate::runtime::Value;

#[derive(Clone, Copy)]
pub(super) struct RegisterWindow {
    base: *mut Value,
    #[cfg(debug_assertions)]
    count: usize,
}

impl RegisterWindow {
    /// The window of the frame whose registers start at `base` and number `count`.
    #[inline(always)]
    pub fn new(stack: &mut [Value], base: usize, count: usize) -> RegisterWindow {
        let window = &mut stack[base..base + count];
        RegisterWindow {
            base: window.as_mut_ptr(),
            #[cfg(debug_assertions)]
            count,
        }
    }

    /// Register `r`, an operand of verified bytecode.
    #[inline(always)]
    pub fn get(self, r: usize) -> Value {
        #[cfg(debug_assertions)]
        assert!(r < self.count, "register r{r} outside the frame");
        // SAFETY: `r` < the frame's register count (verified bytecode) and the stack has not been
        // resized since `new` (see the module comment), so the slot is in bounds and initialized.
        unsafe { *self.base.add(r) }
    }

    /// Set register `r`, an operand of verified bytecode.
    #[inline(always)]
    pub fn set(self, r: usize, v: Value) {
        #[cfg(debug_assertions)]
        assert!(r < self.count, "register r{r} outside the frame");
        // SAFETY: as for `get`; no other reference to the slot is live while the loop runs.
        unsafe { *self.base.add(r) = v }
    }
}

/// Push the record `make` builds (a frame) onto `stack`, written in place (built after the
/// capacity check, so that it is not first materialized on the native stack). `Vec::push` is not inlined on
/// the call paths, so a frame went through a stack temporary whose field-by-field stores, copied
/// on in 16-byte chunks, stalled store forwarding on every call (about a quarter of a call from
/// compiled code, measured with perf).
#[inline(always)]
pub(super) fn push_in_place<T>(stack: &mut Vec<T>, make: impl FnOnce() -> T) {
    if stack.len() == stack.capacity() {
        reserve_one(stack);
    }
    let len = stack.len();
    stack.spare_capacity_mut()[0].write(make());
    // SAFETY: the slot at `len` is within the capacity (reserved above) and was just initialized.
    unsafe { stack.set_len(len + 1) }
}

#[cold]
#[inline(never)]
fn reserve_one<T>(stack: &mut Vec<T>) {
    stack.reserve(1);
}
