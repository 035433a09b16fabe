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
