//! BigInt arithmetic and conversions (ECMA-262 6.1.6.2 The BigInt Type, 7.1.13–7.1.15, 21.2).
//!
//! Values are `num_bigint::BigInt`s; the heap keeps them in their own arena (`Heap::bigints`) and a
//! `Value` refers to one by index. This module holds what does not need the heap or the VM: parsing
//! (literals and StringToBigInt), the operators of 6.1.6.2 with their error cases, conversions to and
//! from Number, and comparison with a Number.
//!
//! Sizes are bounded like V8's: a result of more than `MAX_BITS` bits is a RangeError
//! ("Maximum BigInt size exceeded"), checked before anything that big is computed.
//!
//! Architecture Invariant: like `number.rs`, pure functions and no panics on any input; the errors
//! come back as `BigIntError` for the VM to throw.

use num_bigint::{BigInt, Sign};
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::cmp::Ordering;

/// The largest BigInt, in bits (V8's `BigInt::kMaxLengthBits`).
pub const MAX_BITS: u64 = 1 << 30;

/// Why a BigInt operation has no result (each a RangeError).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BigIntError {
    DivisionByZero,
    NegativeExponent,
    TooBig,
}

impl BigIntError {
    /// V8's message.
    pub fn message(self) -> &'static str {
        match self {
            BigIntError::DivisionByZero => "Division by zero",
            BigIntError::NegativeExponent => "Exponent must be positive",
            BigIntError::TooBig => "Maximum BigInt size exceeded",
        }
    }
}

pub type BigIntResult = Result<BigInt, BigIntError>;

fn checked_size(x: BigInt) -> BigIntResult {
    if x.bits() > MAX_BITS {
        Err(BigIntError::TooBig)
    } else {
        Ok(x)
    }
}

// -------------------------------------------------------------------------------------------------
// Text → BigInt

fn digit_value(u: u16) -> Option<u8> {
    let c = char::from_u32(u32::from(u))?;
    c.to_digit(36).map(|d| d as u8)
}

/// Digits in `radix` (no sign, no separators; at least one) as a non-negative BigInt.
fn parse_digits(digits: &[u16], radix: u32) -> Option<BigInt> {
    if digits.is_empty() {
        return None;
    }
    let values = digits
        .iter()
        .map(|&u| digit_value(u).filter(|&d| u32::from(d) < radix))
        .collect::<Option<Vec<u8>>>()?;
    BigInt::from_radix_be(Sign::Plus, &values, radix)
}

/// A BigInt literal as the parser gives it: decimal digits, or `0x`/`0o`/`0b` and digits, without
/// separators or the `n` suffix (ECMA-262 12.9.3 NumericLiteral, MV of a BigIntLiteral).
pub fn parse_literal(text: &str) -> Option<BigInt> {
    let units: Vec<u16> = text
        .encode_utf16()
        .filter(|&u| u != u16::from(b'_'))
        .collect();
    let (radix, digits) = radix_prefix(&units);
    parse_digits(digits, radix)
}

/// A `0x`, `0o` or `0b` prefix (either case) and what follows it, else radix 10 and everything.
fn radix_prefix(units: &[u16]) -> (u32, &[u16]) {
    if units.len() >= 2 && units[0] == u16::from(b'0') {
        let radix = match units[1] | 0x20 {
            x if x == u16::from(b'x') => 16,
            x if x == u16::from(b'o') => 8,
            x if x == u16::from(b'b') => 2,
            _ => 10,
        };
        if radix != 10 {
            return (radix, &units[2..]);
        }
    }
    (10, units)
}

// ECMA-262 7.1.14 StringToBigInt ( str )
/// The StringIntegerLiteral grammar: white space around, then nothing (0n), a decimal integer with an
/// optional sign, or a `0x`/`0o`/`0b` integer without one. No separators, no `n`, no fraction or
/// exponent. `None` where the spec returns undefined.
pub fn string_to_bigint(units: &[u16]) -> Option<BigInt> {
    let start = units
        .iter()
        .position(|&u| !super::number::is_whitespace_or_line_terminator(u))
        .unwrap_or(units.len());
    let end = units
        .iter()
        .rposition(|&u| !super::number::is_whitespace_or_line_terminator(u))
        .map_or(start, |i| i + 1);
    let s = &units[start..end];
    if s.is_empty() {
        return Some(BigInt::zero());
    }
    let (radix, digits) = radix_prefix(s);
    if radix != 10 {
        return parse_digits(digits, radix);
    }
    let (negative, digits) = match s[0] {
        u if u == u16::from(b'-') => (true, &s[1..]),
        u if u == u16::from(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let n = parse_digits(digits, 10)?;
    Some(if negative { -n } else { n })
}

// -------------------------------------------------------------------------------------------------
// Number ↔ BigInt

// ECMA-262 21.2.1.1.1 NumberToBigInt ( number )
/// The BigInt with the value of an integral Number; `None` for NaN, ±Infinity and fractions.
pub fn from_f64(n: f64) -> Option<BigInt> {
    if !n.is_finite() || n.trunc() != n {
        return None;
    }
    num_traits::FromPrimitive::from_f64(n)
}

/// 𝔽(ℝ(x)): the nearest double, ties to even (the Number constructor, `Number(x)`).
pub fn to_f64(x: &BigInt) -> f64 {
    x.to_f64().unwrap_or(f64::NAN)
}

/// Compare a BigInt with a Number mathematically (ECMA-262 7.2.13 IsLessThan, steps for a BigInt and
/// a Number; 7.2.15 IsLooselyEqual). `None` when `y` is NaN.
pub fn compare_with_f64(x: &BigInt, y: f64) -> Option<Ordering> {
    if y.is_nan() {
        return None;
    }
    if y.is_infinite() {
        return Some(if y > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    let floor = y.floor();
    let f = from_f64(floor)?;
    Some(match x.cmp(&f) {
        // x = ⌊y⌋ < y when y has a fraction.
        Ordering::Equal if floor != y => Ordering::Less,
        ord => ord,
    })
}

// -------------------------------------------------------------------------------------------------
// Text

// ECMA-262 6.1.6.2.23 BigInt::toString ( x, radix )
pub fn to_string_radix(x: &BigInt, radix: u32) -> String {
    x.to_str_radix(radix)
}

// -------------------------------------------------------------------------------------------------
// The operators (ECMA-262 6.1.6.2)

pub fn add(x: &BigInt, y: &BigInt) -> BigIntResult {
    checked_size(x + y)
}

pub fn subtract(x: &BigInt, y: &BigInt) -> BigIntResult {
    checked_size(x - y)
}

pub fn multiply(x: &BigInt, y: &BigInt) -> BigIntResult {
    if x.bits() + y.bits() > MAX_BITS + 1 {
        return Err(BigIntError::TooBig);
    }
    checked_size(x * y)
}

// ECMA-262 6.1.6.2.5 BigInt::divide ( x, y ): truncates towards zero.
pub fn divide(x: &BigInt, y: &BigInt) -> BigIntResult {
    if y.is_zero() {
        return Err(BigIntError::DivisionByZero);
    }
    Ok(x / y)
}

// ECMA-262 6.1.6.2.6 BigInt::remainder ( n, d ): the sign of the dividend.
pub fn remainder(n: &BigInt, d: &BigInt) -> BigIntResult {
    if d.is_zero() {
        return Err(BigIntError::DivisionByZero);
    }
    Ok(n % d)
}

// ECMA-262 6.1.6.2.3 BigInt::exponentiate ( base, exponent )
pub fn exponentiate(base: &BigInt, exponent: &BigInt) -> BigIntResult {
    if exponent.is_negative() {
        return Err(BigIntError::NegativeExponent);
    }
    if exponent.is_zero() || base.is_one() {
        return Ok(BigInt::one());
    }
    if base.is_zero() {
        return Ok(BigInt::zero());
    }
    if base.magnitude().is_one() {
        // -1: the sign follows the exponent's parity.
        return Ok(if exponent.bit(0) {
            base.clone()
        } else {
            BigInt::one()
        });
    }
    // |base| ≥ 2, so the result has at least (bits(base) - 1) · exponent + 1 bits.
    let e = match exponent.to_u64() {
        Some(e) if e <= MAX_BITS => e,
        _ => return Err(BigIntError::TooBig),
    };
    if (base.bits() - 1).saturating_mul(e) >= MAX_BITS {
        return Err(BigIntError::TooBig);
    }
    checked_size(base.pow(e as u32))
}

// ECMA-262 6.1.6.2.9 BigInt::leftShift ( x, y ): x × 2^y, flooring for negative y.
pub fn shift_left(x: &BigInt, y: &BigInt) -> BigIntResult {
    if x.is_zero() || y.is_zero() {
        return Ok(x.clone());
    }
    if y.is_negative() {
        let by = y.magnitude().to_u64().unwrap_or(u64::MAX);
        return Ok(shift_right_by(x, by));
    }
    match y.to_u64() {
        Some(by) if x.bits().saturating_add(by) <= MAX_BITS => Ok(x << by),
        _ => Err(BigIntError::TooBig),
    }
}

// ECMA-262 6.1.6.2.10 BigInt::signedRightShift ( x, y ) = leftShift(x, -y).
pub fn shift_right(x: &BigInt, y: &BigInt) -> BigIntResult {
    shift_left(x, &-y)
}

/// ⌊x / 2^by⌋.
fn shift_right_by(x: &BigInt, by: u64) -> BigInt {
    if by >= x.bits() {
        return if x.is_negative() {
            -BigInt::one()
        } else {
            BigInt::zero()
        };
    }
    // num-bigint's `>>` on a BigInt rounds towards negative infinity.
    x >> by
}

// ECMA-262 6.1.6.2.2 BigInt::bitwiseNOT ( x ): -x - 1.
pub fn bitwise_not(x: &BigInt) -> BigInt {
    !x
}

// ECMA-262 6.1.6.2.20–22 BigInt::bitwiseAND/XOR/OR: two's complement of infinite width, which is
// what num-bigint's operators implement for negative values.
pub fn bitwise_and(x: &BigInt, y: &BigInt) -> BigInt {
    x & y
}

pub fn bitwise_or(x: &BigInt, y: &BigInt) -> BigInt {
    x | y
}

pub fn bitwise_xor(x: &BigInt, y: &BigInt) -> BigInt {
    x ^ y
}

// -------------------------------------------------------------------------------------------------
// BigInt.asIntN, BigInt.asUintN

// ECMA-262 21.2.2.2 BigInt.asUintN ( bits, bigint ): bigint modulo 2^bits.
pub fn as_uint_n(bits: u64, x: &BigInt) -> BigIntResult {
    if bits == 0 {
        return Ok(BigInt::zero());
    }
    if !x.is_negative() && x.bits() <= bits {
        return Ok(x.clone());
    }
    if x.is_negative() && bits > MAX_BITS {
        // 2^bits + x needs about `bits` bits.
        return Err(BigIntError::TooBig);
    }
    // x.bits() > bits here unless x < 0, so the mask is at most as large as one of the operands.
    let mask = (BigInt::one() << bits) - 1u8;
    Ok(x & mask)
}

// ECMA-262 21.2.2.1 BigInt.asIntN ( bits, bigint ): bigint modulo 2^bits, in [-2^(bits-1), 2^(bits-1)).
pub fn as_int_n(bits: u64, x: &BigInt) -> BigIntResult {
    if bits == 0 {
        return Ok(BigInt::zero());
    }
    // Already in range: x ≥ 0 needs bits(x) < bits, x < 0 needs bits(-x - 1) < bits.
    let magnitude_bits = if x.is_negative() {
        (-x - 1u8).bits()
    } else {
        x.bits()
    };
    if magnitude_bits < bits {
        return Ok(x.clone());
    }
    // Here bits ≤ bits(x), so every value below is at most about as large as x.
    let modulus = BigInt::one() << bits;
    let r = x & (&modulus - 1u8);
    Ok(if r.bit(bits - 1) { r - modulus } else { r })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(s: &str) -> BigInt {
        s.parse().unwrap()
    }

    fn units(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    #[test]
    fn literals_in_every_radix() {
        assert_eq!(parse_literal("0x1F"), Some(big("31")));
        assert_eq!(parse_literal("0O17"), Some(big("15")));
        assert_eq!(parse_literal("0b101"), Some(big("5")));
        assert_eq!(parse_literal("0"), Some(big("0")));
        assert_eq!(
            parse_literal("0xFFFFFFFFFFFFFFFFFFFF"),
            Some(big("1208925819614629174706175"))
        );
        assert_eq!(parse_literal("1_000"), Some(big("1000")));
    }

    #[test]
    fn string_to_bigint_follows_the_string_integer_literal_grammar() {
        let ok = [
            ("", "0"),
            ("  \n", "0"),
            (" 12 ", "12"),
            ("-12", "-12"),
            ("+7", "7"),
            ("-0", "0"),
            ("0x10", "16"),
            ("0B11", "3"),
            ("0o777", "511"),
            ("007", "7"),
        ];
        for (s, v) in ok {
            assert_eq!(string_to_bigint(&units(s)), Some(big(v)), "{s:?}");
        }
        for s in [
            "1n", "1_0", "1.5", "1e3", "-0x10", "+0x1", "0x", "Infinity", "- 1", "0b2", "abc",
            "--1",
        ] {
            assert_eq!(string_to_bigint(&units(s)), None, "{s:?}");
        }
    }

    #[test]
    fn number_conversions_are_exact_or_correctly_rounded() {
        assert_eq!(from_f64(1.5), None);
        assert_eq!(from_f64(f64::NAN), None);
        assert_eq!(from_f64(-0.0), Some(big("0")));
        assert_eq!(from_f64(1e21), Some(big("1000000000000000000000")));
        assert_eq!(to_f64(&big("9007199254740993")), 9007199254740992.0);
        assert_eq!(to_f64(&big("9007199254740995")), 9007199254740996.0);
        assert_eq!(to_f64(&(BigInt::one() << 1024u32)), f64::INFINITY);
        assert_eq!(compare_with_f64(&big("1"), 1.5), Some(Ordering::Less));
        assert_eq!(compare_with_f64(&big("2"), 1.5), Some(Ordering::Greater));
        assert_eq!(compare_with_f64(&big("-2"), -1.5), Some(Ordering::Less));
        assert_eq!(compare_with_f64(&big("-1"), -1.5), Some(Ordering::Greater));
        assert_eq!(compare_with_f64(&big("3"), 3.0), Some(Ordering::Equal));
        assert_eq!(
            compare_with_f64(&big("9007199254740993"), 9007199254740992.0),
            Some(Ordering::Greater)
        );
        assert_eq!(compare_with_f64(&big("1"), f64::NAN), None);
        assert_eq!(
            compare_with_f64(&big("1"), f64::NEG_INFINITY),
            Some(Ordering::Greater)
        );
    }

    #[test]
    fn operators_and_their_errors() {
        assert_eq!(divide(&big("-7"), &big("2")), Ok(big("-3")));
        assert_eq!(remainder(&big("-7"), &big("2")), Ok(big("-1")));
        assert_eq!(
            divide(&big("1"), &big("0")),
            Err(BigIntError::DivisionByZero)
        );
        assert_eq!(
            exponentiate(&big("2"), &big("-1")),
            Err(BigIntError::NegativeExponent)
        );
        assert_eq!(
            exponentiate(&big("-1"), &big("99999999999999999999")),
            Ok(big("-1"))
        );
        assert_eq!(exponentiate(&big("0"), &big("0")), Ok(big("1")));
        assert_eq!(
            exponentiate(&big("2"), &big("10000000000")),
            Err(BigIntError::TooBig)
        );
        assert_eq!(exponentiate(&big("-3"), &big("3")), Ok(big("-27")));
        assert_eq!(
            shift_left(&big("1"), &big("10000000000")),
            Err(BigIntError::TooBig)
        );
        assert_eq!(shift_left(&big("-5"), &big("-1")), Ok(big("-3")));
        assert_eq!(shift_right(&big("-5"), &big("10000000000")), Ok(big("-1")));
        assert_eq!(shift_right(&big("5"), &big("-2")), Ok(big("20")));
        assert_eq!(shift_left(&big("0"), &big("10000000000")), Ok(big("0")));
        assert_eq!(bitwise_not(&big("5")), big("-6"));
        assert_eq!(bitwise_and(&big("-1"), &big("255")), big("255"));
        assert_eq!(bitwise_or(&big("-256"), &big("255")), big("-1"));
        assert_eq!(bitwise_xor(&big("-1"), &big("5")), big("-6"));
    }

    #[test]
    fn as_int_n_and_as_uint_n_wrap() {
        assert_eq!(as_uint_n(64, &big("-1")), Ok(big("18446744073709551615")));
        assert_eq!(
            as_int_n(64, &big("9223372036854775808")),
            Ok(big("-9223372036854775808"))
        );
        assert_eq!(as_int_n(3, &big("4")), Ok(big("-4")));
        assert_eq!(as_int_n(3, &big("-4")), Ok(big("-4")));
        assert_eq!(as_int_n(3, &big("-5")), Ok(big("3")));
        assert_eq!(as_int_n(1, &big("1")), Ok(big("-1")));
        assert_eq!(as_uint_n(0, &big("5")), Ok(big("0")));
        assert_eq!(as_int_n(1 << 50, &big("-1")), Ok(big("-1")));
        assert_eq!(as_uint_n(1 << 50, &big("-1")), Err(BigIntError::TooBig));
        assert_eq!(as_uint_n(1 << 50, &big("12345")), Ok(big("12345")));
    }
}
