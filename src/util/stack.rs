//! Deep recursion without stack overflow.
//!
//! Recursive passes over the AST (the parser, the ESTree writer, later the compiler) call `ensure` (or
//! `is_low` + `grow`) at each nesting level. Native builds continue on a new stack segment from the heap
//! when little stack is left (the `stacker` crate), so only the parser's `MAX_DEPTH` bounds nesting.
//! wasm32 cannot switch stacks: the build links an 8 MiB stack (.cargo/config.toml) and the parser keeps
//! a stack-use budget measured with `address`.

cfg_if::cfg_if! {
    if #[cfg(target_arch = "wasm32")] {
        /// Run `f`; wasm32 cannot add stack.
        #[inline]
        pub fn ensure<R>(f: impl FnOnce() -> R) -> R {
            f()
        }

        /// Whether a new segment is needed; never on wasm32 (it cannot switch stacks).
        #[inline]
        pub fn is_low() -> bool {
            false
        }

        /// Run `f`; wasm32 cannot add stack.
        #[inline]
        pub fn grow<R>(f: impl FnOnce() -> R) -> R {
            f()
        }
    } else {
        /// When less stack than this is left, continue on a new segment.
        const RED_ZONE: usize = 256 * 1024;
        /// The size of each new segment.
        const SEGMENT: usize = 2 * 1024 * 1024;

        /// Run `f`, on a new stack segment if less than the red zone is left.
        #[inline]
        pub fn ensure<R>(f: impl FnOnce() -> R) -> R {
            stacker::maybe_grow(RED_ZONE, SEGMENT, f)
        }

        /// Whether less than the red zone is left (or the platform cannot tell).
        #[inline]
        pub fn is_low() -> bool {
            !matches!(stacker::remaining_stack(), Some(left) if left >= RED_ZONE)
        }

        /// Run `f` on a new stack segment.
        #[inline]
        pub fn grow<R>(f: impl FnOnce() -> R) -> R {
            stacker::grow(SEGMENT, f)
        }

        /// How much stack is left beyond the red zone (`None`: the platform cannot tell).
        #[inline]
        pub fn spare() -> Option<usize> {
            stacker::remaining_stack().map(|left| left.saturating_sub(RED_ZONE))
        }
    }
}

/// The approximate address of the caller's stack frame (a local's address; no unsafe code).
#[inline(always)]
pub fn address() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}
