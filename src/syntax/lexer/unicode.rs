//! Character classes of the lexical grammar (ECMA-262 12.2 WhiteSpace, 12.3 LineTerminator, 12.7 Names),
//! with ASCII answered from a table and the rest from `unicode-id-start`.

/// `ASCII_CLASS[b] & START`: `b` can start an IdentifierName (`A-Z a-z $ _`); `& PART`: can continue one.
const START: u8 = 1;
const PART: u8 = 2;

static ASCII_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphabetic() || c == b'$' || c == b'_' {
            table[b] = START | PART;
        } else if c.is_ascii_digit() {
            table[b] = PART;
        }
        b += 1;
    }
    table
};

pub(super) const ZWNJ: char = '\u{200C}';
pub(super) const ZWJ: char = '\u{200D}';

/// `b` is an ASCII IdentifierStartChar.
#[inline(always)]
pub(super) fn is_ascii_id_start(b: u8) -> bool {
    ASCII_CLASS[b as usize] & START != 0
}

/// `b` is an ASCII IdentifierPartChar.
#[inline(always)]
pub(super) fn is_ascii_id_part(b: u8) -> bool {
    ASCII_CLASS[b as usize] & PART != 0
}

/// IdentifierStartChar :: UnicodeIDStart | `$` | `_`
pub(super) fn is_id_start_char(c: char) -> bool {
    if c.is_ascii() {
        is_ascii_id_start(c as u8)
    } else {
        unicode_id_start::is_id_start_unicode(c)
    }
}

/// IdentifierPartChar :: UnicodeIDContinue | `$` | ZWNJ | ZWJ
pub(super) fn is_id_part_char(c: char) -> bool {
    if c.is_ascii() {
        is_ascii_id_part(c as u8)
    } else {
        unicode_id_start::is_id_continue_unicode(c) || c == ZWNJ || c == ZWJ
    }
}

/// The character starting at byte `pos` (`'\0'` if `pos` is at the end or not a char boundary, which the
/// callers never ask for).
#[inline]
pub(super) fn char_at(src: &str, pos: usize) -> char {
    src.get(pos..)
        .and_then(|s| s.chars().next())
        .unwrap_or('\0')
}

/// U+2028 LINE SEPARATOR or U+2029 PARAGRAPH SEPARATOR (E2 80 A8 / E2 80 A9) starts at `pos`.
#[inline]
pub(super) fn is_ls_ps(bytes: &[u8], pos: usize) -> bool {
    bytes.get(pos) == Some(&0xE2)
        && bytes.get(pos + 1) == Some(&0x80)
        && matches!(bytes.get(pos + 2), Some(0xA8 | 0xA9))
}

/// A non-ASCII WhiteSpace or LineTerminator at `pos`: its length in bytes and whether it is a line
/// terminator. WhiteSpace beyond ASCII is U+00A0, U+FEFF and the other Zs characters: U+1680,
/// U+2000–U+200A, U+202F, U+205F, U+3000.
pub(super) fn non_ascii_space(bytes: &[u8], pos: usize) -> Option<(usize, bool)> {
    let b1 = bytes.get(pos + 1).copied().unwrap_or(0);
    let b2 = bytes.get(pos + 2).copied().unwrap_or(0);
    match (bytes.get(pos).copied().unwrap_or(0), b1, b2) {
        (0xC2, 0xA0, _) => Some((2, false)),
        (0xE1, 0x9A, 0x80) | (0xE3, 0x80, 0x80) | (0xEF, 0xBB, 0xBF) => Some((3, false)),
        (0xE2, 0x80, 0x80..=0x8A | 0xAF) | (0xE2, 0x81, 0x9F) => Some((3, false)),
        (0xE2, 0x80, 0xA8 | 0xA9) => Some((3, true)),
        _ => None,
    }
}

/// The value of an ASCII hex digit.
#[inline]
pub(super) fn hex_value(b: u8) -> Option<u32> {
    match b {
        b'0'..=b'9' => Some((b - b'0') as u32),
        b'a'..=b'f' => Some((b - b'a' + 10) as u32),
        b'A'..=b'F' => Some((b - b'A' + 10) as u32),
        _ => None,
    }
}

/// Appends `s` as UTF-16.
pub(super) fn push_utf16(out: &mut Vec<u16>, s: &str) {
    if s.is_ascii() {
        out.extend(s.bytes().map(u16::from));
    } else {
        out.extend(s.encode_utf16());
    }
}

/// Appends the code point `cp` (≤ 0x10FFFF, possibly a lone surrogate) as UTF-16.
pub(super) fn push_code_point(out: &mut Vec<u16>, cp: u32) {
    if cp < 0x10000 {
        out.push(cp as u16);
    } else {
        let v = cp - 0x10000;
        out.push(0xD800 | (v >> 10) as u16);
        out.push(0xDC00 | (v & 0x3FF) as u16);
    }
}

/// `s` as a boxed UTF-16 string.
pub(super) fn to_utf16(s: &str) -> Box<[u16]> {
    if s.is_ascii() {
        s.bytes().map(u16::from).collect()
    } else {
        s.encode_utf16().collect()
    }
}

/// Reads the part of a `\u` escape after the `u`, starting at `pos`: `XXXX` or `{X…}`. Returns the code
/// point and the end, or an error message and where the malformed part ends.
pub(super) fn read_unicode_escape(
    bytes: &[u8],
    pos: usize,
) -> Result<(u32, usize), (&'static str, usize)> {
    const INVALID: &str = "Invalid Unicode escape sequence";
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    if at(pos) == b'{' {
        let mut p = pos + 1;
        let mut value: u32 = 0;
        while let Some(d) = hex_value(at(p)) {
            // Saturate just above the limit so long runs of digits cannot overflow.
            value = ((value << 4) | d).min(0x11_0000);
            p += 1;
        }
        if p == pos + 1 || at(p) != b'}' {
            return Err((INVALID, p));
        }
        if value > 0x10_FFFF {
            return Err(("Undefined Unicode code-point", p + 1));
        }
        Ok((value, p + 1))
    } else {
        let mut value = 0;
        for i in 0..4 {
            match hex_value(at(pos + i)) {
                Some(d) => value = (value << 4) | d,
                None => return Err((INVALID, pos + i)),
            }
        }
        Ok((value, pos + 4))
    }
}
