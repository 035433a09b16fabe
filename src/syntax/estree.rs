//! ESTree JSON output (placeholder; being written).

use super::parser::Parsed;

/// The ESTree JSON of a parsed program, as acorn prints it.
pub fn to_json(_parsed: &Parsed, _source: &str) -> String {
    String::new()
}
