//! `SyntaxError`: a message and the span it is about, rendered with a code frame.
//!
//! The rendering is the one format Kestrel uses wherever it reports errors (CLI, library, playground):
//!
//! ```text
//! file.js:1:7
//! const a;
//!       ^
//! SyntaxError: Missing initializer in const declaration
//! ```
//!
//! Lines are 1-based; the column in the header is 1-based too (as in node's stack traces), counted in
//! UTF-16 code units. The caret line copies tabs from the source line so the carets stay aligned.

use super::source::{LineIndex, Span};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

impl SyntaxError {
    pub fn new(message: impl Into<String>, span: Span) -> SyntaxError {
        SyntaxError {
            message: message.into(),
            span,
        }
    }

    /// `file:line:col`, the source line, carets under the span, and `SyntaxError: message`.
    pub fn render(&self, file: &str, source: &str) -> String {
        let index = LineIndex::new(source);
        let start = (self.span.start as usize).min(source.len()) as u32;
        let pos = index.position(start);
        let (line_start, line_end) = index.line_range(pos.line as usize - 1);
        let line = &source[line_start..line_end];
        let mut out = format!("{}:{}:{}\n{}\n", file, pos.line, pos.column + 1, line);
        let prefix = &source[line_start..start as usize];
        for c in prefix.chars() {
            out.push(if c == '\t' { '\t' } else { ' ' });
        }
        let end = (self.span.end as usize).clamp(start as usize, line_end);
        let width = source[start as usize..end].chars().count().max(1);
        out.push_str(&"^".repeat(width));
        out.push('\n');
        out.push_str(&format!("SyntaxError: {}", self.message));
        out
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SyntaxError: {}", self.message)
    }
}

impl std::error::Error for SyntaxError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_frame_points_at_the_span() {
        let src = "let x = 1;\n\tconst a;\n";
        let err = SyntaxError::new(
            "Missing initializer in const declaration",
            Span::new(18, 19),
        );
        assert_eq!(
            err.render("t.js", src),
            "t.js:2:8\n\tconst a;\n\t      ^\nSyntaxError: Missing initializer in const declaration"
        );
    }
}
