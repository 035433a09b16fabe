//! What stops a running script: an interrupt requested from another thread, and the fuel budget
//! (loop back-edges and calls left). Both are polled at every back-edge and call — by the
//! interpreter and by compiled code — through one byte (`Budget::poll`) that is zero while
//! neither applies, so the common case is one load and a branch; the fuel counter is read and
//! decremented only when a limit is set. Compiled code reads the byte and the counter at their
//! addresses (they have allocations of their own, which stay put when the VM moves) and spends
//! fuel in place, so fuel runs out at the same operation with or without the JIT.

use std::cell::Cell;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

/// `Budget::poll`'s bits.
pub(crate) const INTERRUPT: u8 = 1;
const LIMITED: u8 = 2;

/// Stops the engine's running script from any thread (the engine stays usable afterwards).
#[derive(Clone)]
pub struct InterruptHandle(Arc<AtomicU8>);

impl InterruptHandle {
    /// Request the stop: the script ends at its next loop back-edge or call with a termination
    /// JavaScript cannot catch. The request is consumed by the stop.
    pub fn interrupt(&self) {
        self.0.fetch_or(INTERRUPT, Ordering::Relaxed);
    }
}

pub(crate) struct Budget {
    /// `INTERRUPT` (set from any thread) | `LIMITED` (a fuel budget is set).
    poll: Arc<AtomicU8>,
    /// Fuel left, when `LIMITED`.
    fuel: Box<Cell<u64>>,
}

/// Why `Budget::check` stopped the script.
pub(crate) enum Stop {
    Fuel,
    Interrupt,
}

impl Default for Budget {
    fn default() -> Budget {
        Budget {
            poll: Arc::new(AtomicU8::new(0)),
            fuel: Box::new(Cell::new(0)),
        }
    }
}

impl Budget {
    /// Set the fuel budget (`None`: unlimited).
    pub fn set_fuel(&self, fuel: Option<u64>) {
        self.fuel.set(fuel.unwrap_or(0));
        match fuel {
            Some(_) => self.poll.fetch_or(LIMITED, Ordering::Relaxed),
            None => self.poll.fetch_and(!LIMITED, Ordering::Relaxed),
        };
    }

    pub fn handle(&self) -> InterruptHandle {
        InterruptHandle(self.poll.clone())
    }

    /// Nothing to check: no interrupt requested and no fuel limit (the fast paths' test).
    #[inline(always)]
    pub fn quiet(&self) -> bool {
        self.poll.load(Ordering::Relaxed) == 0
    }

    /// One back-edge or call: spend one of the fuel, or say why the script stops (no fuel left
    /// first; an interrupt is consumed).
    #[inline(always)]
    pub fn check(&self) -> Result<(), Stop> {
        let poll = self.poll.load(Ordering::Relaxed);
        if poll == 0 {
            return Ok(());
        }
        self.check_slow(poll)
    }

    #[inline(never)]
    fn check_slow(&self, poll: u8) -> Result<(), Stop> {
        if poll & LIMITED != 0 && !self.take_fuel() {
            return Err(Stop::Fuel);
        }
        if poll & INTERRUPT != 0 {
            self.poll.fetch_and(!INTERRUPT, Ordering::Relaxed);
            return Err(Stop::Interrupt);
        }
        Ok(())
    }

    /// Whether an interrupt is requested; consumes it (the host's event loop, waiting for a
    /// timer; the wasm build has no real clock to wait on).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn take_interrupt(&self) -> bool {
        self.poll.fetch_and(!INTERRUPT, Ordering::Relaxed) & INTERRUPT != 0
    }

    /// `check` for a path that would rather not stop here (the interpreter's fast path,
    /// `Vm::jit_enter_known`): spends one of the fuel and returns true, or changes nothing and
    /// returns false when `check` would stop.
    #[inline]
    pub fn try_spend(&self) -> bool {
        let poll = self.poll.load(Ordering::Relaxed);
        poll & INTERRUPT == 0 && (poll & LIMITED == 0 || self.take_fuel())
    }

    /// One of the fuel taken from the counter; false (taking nothing) when none is left.
    fn take_fuel(&self) -> bool {
        let left = self.fuel.get();
        if left != 0 {
            self.fuel.set(left - 1);
        }
        left != 0
    }

    /// The address of the poll byte, for compiled code.
    #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
    pub fn poll_address(&self) -> usize {
        self.poll.as_ptr() as usize
    }

    /// The address of the fuel counter (a `u64`; the cell lets compiled code write it).
    #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
    pub fn fuel_address(&self) -> usize {
        self.fuel.as_ptr() as usize
    }
}
