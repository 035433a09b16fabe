//! Source text, spans and positions.
//!
//! Every stage refers to source by byte offsets into one UTF-8 `str` (`Span`). Positions shown to people
//! and tools (`line:column`, ESTree `start`/`end`) follow JavaScript tooling instead: lines are split at
//! LF, CR, CRLF, U+2028 and U+2029 (ECMA-262 12.3 LineTerminator), lines count from 1, columns and offsets
//! count UTF-16 code units from 0. `LineIndex` converts between the two.

/// A half-open byte range `[start, end)` into the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub const fn new(start: u32, end: u32) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start, other.end)
    }

    pub fn len(self) -> u32 {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// A position for people and tools: 1-based line, 0-based column in UTF-16 code units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// Line starts of a source text, for byte offset → line/column and → UTF-16 offset conversion.
pub struct LineIndex<'s> {
    text: &'s str,
    /// Byte offset of the first character of each line.
    line_starts: Vec<u32>,
    /// Whether the text is pure ASCII (then byte offsets are UTF-16 offsets).
    ascii: bool,
    /// For non-ASCII text: UTF-16 offset of each line start.
    line_starts_utf16: Vec<u32>,
}

impl<'s> LineIndex<'s> {
    pub fn new(text: &'s str) -> LineIndex<'s> {
        let line_starts = line_starts(text);
        let ascii = text.is_ascii();
        let mut line_starts_utf16 = Vec::new();
        if !ascii {
            let mut units = 0u32;
            let mut prev = 0usize;
            for &start in &line_starts {
                units += utf16_len(&text[prev..start as usize]);
                line_starts_utf16.push(units);
                prev = start as usize;
            }
        }
        LineIndex {
            text,
            line_starts,
            ascii,
            line_starts_utf16,
        }
    }

    pub fn text(&self) -> &'s str {
        self.text
    }

    /// Index (0-based) of the line containing byte `offset`.
    pub fn line_of(&self, offset: u32) -> usize {
        line_at(&self.line_starts, offset)
    }

    /// Byte range of line `line` (0-based), without its terminator.
    pub fn line_range(&self, line: usize) -> (usize, usize) {
        let start = self.line_starts[line] as usize;
        let bytes = self.text.as_bytes();
        let mut end = start;
        while end < bytes.len() {
            match bytes[end] {
                b'\n' | b'\r' => break,
                0xE2 if bytes.get(end + 1) == Some(&0x80)
                    && matches!(bytes.get(end + 2), Some(0xA8) | Some(0xA9)) =>
                {
                    break
                }
                _ => end += 1,
            }
        }
        (start, end)
    }

    /// Line (1-based) and UTF-16 column (0-based) of byte `offset`.
    pub fn position(&self, offset: u32) -> Position {
        position_in(self.text, &self.line_starts, self.ascii, offset)
    }

    /// UTF-16 offset of byte `offset` from the start of the text.
    pub fn utf16_offset(&self, offset: u32) -> u32 {
        if self.ascii {
            return offset;
        }
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        self.line_starts_utf16[line] + utf16_len(&self.text[start as usize..offset as usize])
    }
}

/// Length of `s` in UTF-16 code units.
/// Byte offset of the first character of each line of `text`; lines end at LF, CR, CRLF, U+2028
/// and U+2029 (ECMA-262 12.3 LineTerminatorSequence).
pub fn line_starts(text: &str) -> Vec<u32> {
    let bytes = text.as_bytes();
    let mut starts = Vec::with_capacity(bytes.len() / 32 + 1);
    starts.push(0u32);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => starts.push(i as u32 + 1),
            b'\r' => {
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                starts.push(i as u32 + 1);
            }
            // U+2028 and U+2029 are E2 80 A8 / E2 80 A9 in UTF-8.
            0xE2 if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) =>
            {
                i += 2;
                starts.push(i as u32 + 1);
            }
            _ => {}
        }
        i += 1;
    }
    starts
}

/// Index (0-based) of the line, of those starting at `line_starts`, that holds byte `offset`.
fn line_at(line_starts: &[u32], offset: u32) -> usize {
    match line_starts.binary_search(&offset) {
        Ok(i) => i,
        Err(i) => i - 1,
    }
}

/// Line (1-based) and UTF-16 column (0-based) of byte `offset` of `text`, whose lines start at
/// `line_starts` (`line_starts`); `ascii`: the text is ASCII (a byte is a UTF-16 unit).
pub fn position_in(text: &str, line_starts: &[u32], ascii: bool, offset: u32) -> Position {
    let line = line_at(line_starts, offset);
    let start = line_starts[line];
    let column = if ascii {
        offset - start
    } else {
        utf16_len(&text[start as usize..offset as usize])
    };
    Position {
        line: line as u32 + 1,
        column,
    }
}

pub fn utf16_len(s: &str) -> u32 {
    s.chars().map(|c| c.len_utf16() as u32).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_and_every_line_terminator() {
        let text = "a\r\nb\rc\u{2028}d\ne😀f";
        let index = LineIndex::new(text);
        assert_eq!(index.position(0), Position { line: 1, column: 0 });
        assert_eq!(index.position(3), Position { line: 2, column: 0 });
        assert_eq!(index.position(5), Position { line: 3, column: 0 });
        // "d" comes after c + U+2028 (3 bytes).
        assert_eq!(index.position(9), Position { line: 4, column: 0 });
        // "f" comes after "e" and a 4-byte emoji that is 2 UTF-16 units.
        let f = text.find('f').unwrap() as u32;
        assert_eq!(index.position(f), Position { line: 5, column: 3 });
        assert_eq!(index.utf16_offset(f), 12);
    }
}
