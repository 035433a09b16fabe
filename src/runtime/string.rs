//! JavaScript strings: sequences of UTF-16 code units, stored compactly.
//!
//! A string whose code units all fit in a byte is stored as Latin-1 (one byte per unit), otherwise as
//! UTF-16 — V8's one-byte/two-byte split. Concatenation of long strings makes a `Rope` (a node pointing
//! at its two halves) so that `s += x` in a loop is linear; a rope is flattened, in place and without
//! recursion, the first time its contents are read (`Heap::flatten`).

use super::value::StringRef;

pub enum JsString {
    Latin1(Box<[u8]>),
    Utf16(Box<[u16]>),
    Rope(Rope),
}

pub struct Rope {
    pub left: StringRef,
    pub right: StringRef,
    /// Total length in code units.
    pub len: u32,
    /// Every code unit of both halves is below 256.
    pub latin1: bool,
}

impl JsString {
    /// Build the compact form of `units`.
    pub fn from_utf16(units: &[u16]) -> JsString {
        if units.iter().all(|&u| u < 256) {
            JsString::Latin1(units.iter().map(|&u| u as u8).collect())
        } else {
            JsString::Utf16(units.into())
        }
    }

    pub fn from_text(s: &str) -> JsString {
        if s.is_ascii() {
            return JsString::Latin1(s.as_bytes().into());
        }
        let units: Vec<u16> = s.encode_utf16().collect();
        JsString::from_utf16(&units)
    }

    /// Length in UTF-16 code units.
    pub fn len(&self) -> u32 {
        match self {
            JsString::Latin1(b) => b.len() as u32,
            JsString::Utf16(u) => u.len() as u32,
            JsString::Rope(r) => r.len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn is_latin1(&self) -> bool {
        match self {
            JsString::Latin1(_) => true,
            JsString::Utf16(_) => false,
            JsString::Rope(r) => r.latin1,
        }
    }

    /// The contents, if this is not a rope.
    pub fn flat(&self) -> Option<Flat<'_>> {
        match self {
            JsString::Latin1(b) => Some(Flat::Latin1(b)),
            JsString::Utf16(u) => Some(Flat::Utf16(u)),
            JsString::Rope(_) => None,
        }
    }
}

/// A borrowed view of a flat string.
#[derive(Clone, Copy)]
pub enum Flat<'a> {
    Latin1(&'a [u8]),
    Utf16(&'a [u16]),
}

impl<'a> Flat<'a> {
    pub fn len(self) -> usize {
        match self {
            Flat::Latin1(b) => b.len(),
            Flat::Utf16(u) => u.len(),
        }
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    #[inline]
    pub fn unit(self, i: usize) -> u16 {
        match self {
            Flat::Latin1(b) => b[i] as u16,
            Flat::Utf16(u) => u[i],
        }
    }

    pub fn units(self) -> impl Iterator<Item = u16> + 'a {
        let (latin1, utf16): (&'a [u8], &'a [u16]) = match self {
            Flat::Latin1(b) => (b, &[]),
            Flat::Utf16(u) => (&[], u),
        };
        latin1
            .iter()
            .map(|&b| b as u16)
            .chain(utf16.iter().copied())
    }

    /// The bytes of a Latin-1 string.
    pub fn latin1(self) -> Option<&'a [u8]> {
        match self {
            Flat::Latin1(b) => Some(b),
            Flat::Utf16(_) => None,
        }
    }

    /// Append the code units to `out`.
    pub fn push_to(self, out: &mut Vec<u16>) {
        match self {
            Flat::Latin1(b) => out.extend(b.iter().map(|&b| b as u16)),
            Flat::Utf16(u) => out.extend_from_slice(u),
        }
    }

    /// As Rust text; lone surrogates become U+FFFD.
    pub fn to_rust_lossy(self) -> String {
        match self {
            Flat::Latin1(b) => b.iter().map(|&b| b as char).collect(),
            Flat::Utf16(u) => String::from_utf16_lossy(u),
        }
    }

    pub fn same_units(self, other: Flat<'_>) -> bool {
        match (self, other) {
            (Flat::Latin1(a), Flat::Latin1(b)) => a == b,
            (Flat::Utf16(a), Flat::Utf16(b)) => a == b,
            // Compact forms are canonical: a UTF-16 string always has a unit >= 256.
            _ => false,
        }
    }

    pub fn eq_str(self, s: &str) -> bool {
        match self {
            Flat::Latin1(b) if s.is_ascii() => b == s.as_bytes(),
            _ => self.units().eq(s.encode_utf16()),
        }
    }

    /// Code-unit order (ECMA-262 7.2.13 IsLessThan for strings).
    pub fn compare(self, other: Flat<'_>) -> std::cmp::Ordering {
        match (self, other) {
            (Flat::Latin1(a), Flat::Latin1(b)) => a.cmp(b),
            _ => self.units().cmp(other.units()),
        }
    }

    /// ECMA-262 7.1.21 CanonicalNumericIndexString restricted to array indices: the value if the
    /// string is a canonical decimal integer below 2^32 - 1.
    pub fn as_array_index(self) -> Option<u32> {
        let len = self.len();
        if len == 0 || len > 10 {
            return None;
        }
        let first = self.unit(0);
        if first == b'0' as u16 {
            return if len == 1 { Some(0) } else { None };
        }
        let mut n: u64 = 0;
        for i in 0..len {
            let u = self.unit(i);
            if !(b'0' as u16..=b'9' as u16).contains(&u) {
                return None;
            }
            n = n * 10 + (u - b'0' as u16) as u64;
        }
        if n < u32::MAX as u64 {
            Some(n as u32)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_forms_are_canonical() {
        assert!(matches!(JsString::from_text("abc"), JsString::Latin1(_)));
        assert!(matches!(JsString::from_text("café"), JsString::Latin1(_)));
        assert!(matches!(JsString::from_text("€"), JsString::Utf16(_)));
        assert_eq!(JsString::from_text("😀").len(), 2);
        let lone = JsString::from_utf16(&[0xD800]);
        assert_eq!(lone.flat().unwrap().to_rust_lossy(), "\u{FFFD}");
        assert!(JsString::from_text("café")
            .flat()
            .unwrap()
            .same_units(JsString::from_utf16(&[99, 97, 102, 233]).flat().unwrap()));
    }

    #[test]
    fn array_indices_are_canonical_decimal_below_2_pow_32_minus_1() {
        let idx = |s: &str| JsString::from_text(s).flat().unwrap().as_array_index();
        assert_eq!(idx("0"), Some(0));
        assert_eq!(idx("4294967294"), Some(4294967294));
        assert_eq!(idx("4294967295"), None);
        assert_eq!(idx("01"), None);
        assert_eq!(idx("-1"), None);
        assert_eq!(idx("1.5"), None);
        assert_eq!(idx(""), None);
    }
}
