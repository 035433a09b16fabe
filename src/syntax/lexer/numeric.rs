//! NumericLiteral (ECMA-262 12.9.3) with Annex B's LegacyOctalIntegerLiteral and
//! NonOctalDecimalIntegerLiteral, and their mathematical values rounded to the nearest double.

use super::unicode::{char_at, hex_value, is_ascii_id_start, is_id_start_char};
use super::{span, Lexer, INVALID_TOKEN};
use crate::syntax::error::SyntaxError;
use crate::syntax::token::{Token, TokenKind};

const TRAILING_SEPARATOR: &str =
    "Numeric separators are not allowed at the end of numeric literals";
const DOUBLE_SEPARATOR: &str = "Only one underscore is allowed as numeric separator";
const SEPARATOR_AFTER_ZERO: &str = "Numeric separator can not be used after leading 0.";

#[inline]
fn is_digit(b: u8, radix: u32) -> bool {
    match radix {
        10 => b.is_ascii_digit(),
        16 => b.is_ascii_hexdigit(),
        8 => matches!(b, b'0'..=b'7'),
        _ => matches!(b, b'0' | b'1'),
    }
}

impl<'s> Lexer<'s> {
    /// A NumericLiteral starting at `start` with a decimal digit, or `.` followed by one.
    pub(super) fn scan_number(&mut self, start: usize, tok: &mut Token) -> Result<(), SyntaxError> {
        if self.at(start) == b'0' {
            let radix = match self.at(start + 1) {
                b'x' | b'X' => 16,
                b'o' | b'O' => 8,
                b'b' | b'B' => 2,
                b'0'..=b'9' => return self.scan_legacy_number(start, tok),
                b'_' => {
                    return Err(SyntaxError::new(
                        SEPARATOR_AFTER_ZERO,
                        span(start + 1, start + 2),
                    ))
                }
                _ => 0,
            };
            if radix != 0 {
                return self.scan_non_decimal(start, radix, tok);
            }
        }
        // DecimalLiteral
        let mut pos = start;
        let mut is_integer = true;
        let mut separators = false;
        if self.at(pos) != b'.' {
            (pos, separators) = self.scan_digits(pos, 10)?;
        }
        let integer_end = pos;
        if self.at(pos) == b'.' {
            is_integer = false;
            pos += 1;
            if self.at(pos).is_ascii_digit() {
                let (end, sep) = self.scan_digits(pos, 10)?;
                pos = end;
                separators |= sep;
            }
        }
        if let Some((end, sep)) = self.scan_exponent(pos)? {
            is_integer = false;
            pos = end;
            separators |= sep;
        }
        if is_integer && self.at(pos) == b'n' {
            self.check_after_number(pos + 1)?;
            tok.kind = TokenKind::BigInt;
            tok.span.end = (pos + 1) as u32;
            self.pos = pos + 1;
            return Ok(());
        }
        self.check_after_number(pos)?;
        let text = &self.bytes[start..pos];
        tok.number = if is_integer && !separators && integer_end - start <= 15 {
            text.iter().fold(0u64, |v, &d| v * 10 + (d - b'0') as u64) as f64
        } else {
            decimal_value(&self.source[start..pos], separators)
        };
        tok.kind = TokenKind::Number;
        tok.span.end = pos as u32;
        self.pos = pos;
        Ok(())
    }

    /// `0x`, `0o` or `0b` literal at `start` (prefix already recognised).
    fn scan_non_decimal(
        &mut self,
        start: usize,
        radix: u32,
        tok: &mut Token,
    ) -> Result<(), SyntaxError> {
        let digits_start = start + 2;
        if !is_digit(self.at(digits_start), radix) {
            return Err(self.invalid_char_error(digits_start));
        }
        let (mut pos, _) = self.scan_digits(digits_start, radix)?;
        let digits_end = pos;
        if self.at(pos) == b'n' {
            tok.kind = TokenKind::BigInt;
            pos += 1;
        } else {
            tok.kind = TokenKind::Number;
            tok.number = power_of_two_radix_value(
                &self.bytes[digits_start..digits_end],
                radix.trailing_zeros(),
            );
        }
        self.check_after_number(pos)?;
        tok.span.end = pos as u32;
        self.pos = pos;
        Ok(())
    }

    /// `0` followed by a decimal digit: LegacyOctalIntegerLiteral (`017`) or NonOctalDecimalIntegerLiteral
    /// (`08`, `019.5`). Neither allows separators or a BigInt suffix.
    fn scan_legacy_number(&mut self, start: usize, tok: &mut Token) -> Result<(), SyntaxError> {
        let mut pos = start + 1;
        let mut octal = true;
        while self.at(pos).is_ascii_digit() {
            octal &= self.at(pos) < b'8';
            pos += 1;
        }
        if self.at(pos) == b'_' {
            return Err(SyntaxError::new(SEPARATOR_AFTER_ZERO, span(pos, pos + 1)));
        }
        let mut separators = false;
        if octal {
            tok.number = power_of_two_radix_value(&self.bytes[start + 1..pos], 3);
        } else {
            if self.at(pos) == b'.' {
                pos += 1;
                if self.at(pos).is_ascii_digit() {
                    (pos, separators) = self.scan_digits(pos, 10)?;
                }
            }
            if let Some((end, sep)) = self.scan_exponent(pos)? {
                pos = end;
                separators |= sep;
            }
        }
        self.check_after_number(pos)?;
        if !octal {
            tok.number = decimal_value(&self.source[start..pos], separators);
        }
        tok.kind = TokenKind::Number;
        tok.legacy_octal = true;
        tok.span.end = pos as u32;
        self.legacy_escape_span = span(start, pos);
        self.pos = pos;
        Ok(())
    }

    /// Digits of `radix` with single `_` separators between them, from `pos` (which holds a digit).
    /// Returns the end and whether a separator was seen.
    fn scan_digits(&self, mut pos: usize, radix: u32) -> Result<(usize, bool), SyntaxError> {
        let mut separators = false;
        loop {
            let b = self.at(pos);
            if is_digit(b, radix) {
                pos += 1;
            } else if b == b'_' && pos < self.bytes.len() {
                let next = self.at(pos + 1);
                if next == b'_' {
                    return Err(SyntaxError::new(DOUBLE_SEPARATOR, span(pos + 1, pos + 2)));
                }
                if !is_digit(next, radix) {
                    return Err(SyntaxError::new(TRAILING_SEPARATOR, span(pos, pos + 1)));
                }
                separators = true;
                pos += 1;
            } else {
                return Ok((pos, separators));
            }
        }
    }

    /// ExponentPart at `pos`, if there is a complete one: its end and whether it has separators.
    fn scan_exponent(&self, pos: usize) -> Result<Option<(usize, bool)>, SyntaxError> {
        if !matches!(self.at(pos), b'e' | b'E') {
            return Ok(None);
        }
        let mut digits = pos + 1;
        if matches!(self.at(digits), b'+' | b'-') {
            digits += 1;
        }
        if !self.at(digits).is_ascii_digit() {
            // `1e`, `1e+`: the `e` is then an IdentifierStart right after the literal, an error.
            return Ok(None);
        }
        self.scan_digits(digits, 10).map(Some)
    }

    /// "The SourceCharacter immediately following a NumericLiteral must not be an IdentifierStart or
    /// DecimalDigit" (12.9.3).
    fn check_after_number(&self, pos: usize) -> Result<(), SyntaxError> {
        let b = self.at(pos);
        let bad = if b < 0x80 {
            pos < self.bytes.len() && (is_ascii_id_start(b) || b.is_ascii_digit() || b == b'\\')
        } else {
            is_id_start_char(char_at(self.source, pos))
        };
        if bad {
            Err(self.invalid_char_error(pos))
        } else {
            Ok(())
        }
    }

    /// "Invalid or unexpected token" at the character at `pos` (or the end).
    fn invalid_char_error(&self, pos: usize) -> SyntaxError {
        let len = if pos < self.bytes.len() {
            char_at(self.source, pos).len_utf8()
        } else {
            0
        };
        SyntaxError::new(INVALID_TOKEN, span(pos, pos + len))
    }
}

/// The value of a decimal literal's text, correctly rounded.
fn decimal_value(text: &str, separators: bool) -> f64 {
    let parsed = if separators {
        text.chars()
            .filter(|&c| c != '_')
            .collect::<String>()
            .parse::<f64>()
    } else {
        text.parse::<f64>()
    };
    // The scanner only passes text of the DecimalLiteral grammar, which Rust's parser accepts.
    parsed.unwrap_or(f64::NAN)
}

/// The value of digits (with `_` separators) in radix 2^`bits`, rounded to nearest, ties to even.
///
/// Keeps the 64 leading significant bits and a sticky bit for any nonzero bit below them; converting that
/// to f64 rounds exactly as the full value would (the sticky bit sits below the rounding position), and
/// the scaling by a power of two is exact (or overflows to Infinity, as the full value would).
pub(super) fn power_of_two_radix_value(digits: &[u8], bits: u32) -> f64 {
    let mut acc: u64 = 0;
    let mut acc_bits: u32 = 0;
    let mut dropped: u64 = 0;
    let mut sticky = false;
    for &b in digits {
        let Some(d) = hex_value(b) else { continue };
        let d = d as u64;
        if acc_bits == 0 {
            acc = d;
            acc_bits = 64 - d.leading_zeros();
        } else if acc_bits + bits <= 64 {
            acc = (acc << bits) | d;
            acc_bits += bits;
        } else if acc_bits < 64 {
            let fit = 64 - acc_bits;
            let rest = bits - fit;
            acc = (acc << fit) | (d >> rest);
            sticky |= d & ((1 << rest) - 1) != 0;
            dropped += rest as u64;
            acc_bits = 64;
        } else {
            sticky |= d != 0;
            dropped += bits as u64;
        }
    }
    if dropped == 0 {
        return acc as f64;
    }
    let rounded = (acc | sticky as u64) as f64;
    if dropped > 1023 {
        return f64::INFINITY;
    }
    rounded * f64::from_bits((1023 + dropped) << 52)
}
