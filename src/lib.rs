//! Kestrel: a JavaScript engine.
//!
//! The pipeline, one module per stage: [`syntax`] (lexer, parser, early errors, ESTree output), then — as
//! later stages land — the bytecode compiler, the interpreter, the Cranelift JIT (native only) and the
//! wasm32 bindings for the playground. See ARCHITECTURE.md for the map.
//!
//! The public embedding API lives here; the CLI, the wasm bindings and the integration tests use only it.

#![deny(unsafe_code)]

pub mod syntax;
pub mod util;

#[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
pub mod jit;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use syntax::{Goal, SyntaxError};

/// The crate version, as the CLI's `--version` prints it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
