//! The front end: source text → tokens → AST, with every early error of ECMA-262.
//!
//! Architecture Invariant: nothing here depends on the VM, the GC or the runtime; the front end can be
//! used (and fuzzed) alone. Every input gives `Ok` or a `SyntaxError`, never a panic, and recursion is
//! bounded (`parser::MAX_DEPTH`), so no input can overflow the Rust stack.

pub mod ast;
pub mod atom;
pub mod error;
pub mod estree;
pub mod lexer;
pub mod parser;
pub mod regexp;
pub mod source;
pub mod token;

pub use error::SyntaxError;
pub use parser::{parse, parse_eval, tokenize, EvalContext, Goal, Parsed};
pub use source::{LineIndex, Position, Span};
