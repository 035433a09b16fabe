//! The lexer (placeholder; being written).
