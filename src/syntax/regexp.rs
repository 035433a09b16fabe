//! Regular expression literal validation (placeholder; being written).

/// Check a regular expression literal's pattern and flags (ECMA-262 22.2.1 early errors).
pub fn validate(_pattern: &str, _flags: &str) -> Result<(), String> {
    Ok(())
}
