//! The parser (placeholder; being written).

use super::ast::Program;
use super::atom::Interner;
use super::error::SyntaxError;
use super::token::Token;

/// Which goal symbol to parse: ECMA-262 Script or Module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    Script,
    Module,
}

/// A parsed program and the names its atoms refer to.
pub struct Parsed {
    pub program: Program,
    pub interner: Interner,
}

/// Parse `source` as a Script or Module.
pub fn parse(_source: &str, _goal: Goal) -> Result<Parsed, SyntaxError> {
    Err(SyntaxError::new("parser not written yet", Default::default()))
}

/// The tokens of `source` as the parser reads them (regular expressions and template continuations
/// decided by syntactic context), up to the first error.
pub fn tokenize(_source: &str, _goal: Goal) -> Result<Vec<Token>, SyntaxError> {
    Ok(Vec::new())
}
