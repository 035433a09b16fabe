//! Numbers and strings: the conversions between `f64` and text, and the integer conversions.
//!
//! Number → string: `number_to_string` (radix 10, via `ryu-js`, whose shortest round-trip output is
//! exactly ECMA-262's Number::toString), `number_to_string_radix`, and the three fixed-format methods
//! `to_fixed`, `to_exponential` and `to_precision`, which round the double's *exact* binary value in
//! decimal (a small arbitrary-precision integer, `Big`, gives the exact digits).
//!
//! String → number: `string_to_number` (ToNumber on a string), `parse_int` and `parse_float`, all
//! correctly rounded (ties to even) however long the input. JavaScript strings come in as UTF-16 code
//! units; results go out as Rust `String`s (always ASCII).
//!
//! Integer conversions: `to_int32`, `to_uint32`, `to_uint16`, `to_integer_or_infinity`.
//!
//! Architecture Invariant: everything here is a pure function of its arguments: no heap, no VM, and no
//! panics on any input. Range checks that throw (a RangeError for `toFixed(101)`, say) are the caller's.

/// Digits of radices up to 36, lowercase as Number.prototype.toString writes them.
const DIGIT_CHARS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// The most fraction digits or precision the fixed-format methods accept; larger requests are clamped.
const MAX_DIGITS: u32 = 100;

// ---------------------------------------------------------------------------------------------------
// White space

// ECMA-262 12.2 White Space, 12.3 Line Terminators
/// Whether `u` is a WhiteSpace or LineTerminator code point: what StringToNumber, parseInt, parseFloat
/// and String.prototype.trim strip. WhiteSpace is TAB, VT, FF, ZWNBSP (U+FEFF) and every code point of
/// general category Zs (SP, NBSP, U+1680, U+2000–U+200A, U+202F, U+205F, U+3000); LineTerminator is
/// LF, CR, LS (U+2028) and PS (U+2029). All of them are in the BMP, so one code unit decides.
pub fn is_whitespace_or_line_terminator(u: u16) -> bool {
    // TAB LF VT FF CR, SP, NBSP, Ogham space mark, the U+2000 spaces, LS, PS, NNBSP, MMSP,
    // ideographic space, ZWNBSP.
    matches!(u, 0x09..=0x0D | 0x20 | 0xA0 | 0x1680 | 0x2000..=0x200A)
        || matches!(u, 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000 | 0xFEFF)
}

fn trim_start(s: &[u16]) -> &[u16] {
    let start = s
        .iter()
        .position(|&u| !is_whitespace_or_line_terminator(u))
        .unwrap_or(s.len());
    &s[start..]
}

fn trim(s: &[u16]) -> &[u16] {
    let s = trim_start(s);
    let end = s
        .iter()
        .rposition(|&u| !is_whitespace_or_line_terminator(u))
        .map_or(0, |i| i + 1);
    &s[..end]
}

// ---------------------------------------------------------------------------------------------------
// Integer conversions

// ECMA-262 7.1.5 ToIntegerOrInfinity
/// The truncated value of `x` as a double: NaN and ±0 give +0, ±Infinity stay themselves.
pub fn to_integer_or_infinity(x: f64) -> f64 {
    if x.is_nan() {
        return 0.0;
    }
    // trunc keeps infinities; adding +0 turns a -0 result (from -0 or -0.5, say) into +0.
    x.trunc() + 0.0
}

/// `x` truncated and reduced modulo `modulus` (a power of two) into [0, modulus), as the spec's
/// "int modulo 2^N"; non-finite values give 0.
fn modulo_integer(x: f64, modulus: f64) -> f64 {
    if !x.is_finite() {
        return 0.0;
    }
    // fmod is exact, and so is adding the modulus back to a negative remainder (both are integers
    // below 2^32 in magnitude).
    let r = x.trunc() % modulus;
    if r < 0.0 {
        r + modulus
    } else {
        r
    }
}

// ECMA-262 7.1.6 ToInt32
pub fn to_int32(x: f64) -> i32 {
    to_uint32(x) as i32
}

// ECMA-262 7.1.7 ToUint32
pub fn to_uint32(x: f64) -> u32 {
    modulo_integer(x, 4_294_967_296.0) as u32
}

// ECMA-262 7.1.9 ToUint16
pub fn to_uint16(x: f64) -> u16 {
    modulo_integer(x, 65_536.0) as u16
}

// ---------------------------------------------------------------------------------------------------
// A small unsigned big integer, for exact decimal expansions and correctly rounded parsing.

/// An arbitrary-precision unsigned integer: little-endian 32-bit limbs, no high zero limbs (zero is
/// the empty vector). Only what this module needs.
struct Big {
    limbs: Vec<u32>,
}

impl Big {
    fn zero() -> Big {
        Big { limbs: Vec::new() }
    }

    fn from_u64(v: u64) -> Big {
        let mut b = Big {
            limbs: vec![v as u32, (v >> 32) as u32],
        };
        b.normalize();
        b
    }

    fn normalize(&mut self) {
        while self.limbs.last() == Some(&0) {
            self.limbs.pop();
        }
    }

    fn is_zero(&self) -> bool {
        self.limbs.is_empty()
    }

    /// self = self * m + a.
    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = u64::from(a);
        for limb in &mut self.limbs {
            let t = u64::from(*limb) * u64::from(m) + carry;
            *limb = t as u32;
            carry = t >> 32;
        }
        if carry != 0 {
            self.limbs.push(carry as u32);
        }
        self.normalize();
    }

    /// self = self * 2^bits.
    fn shl(&mut self, bits: u32) {
        if self.is_zero() {
            return;
        }
        let bit_shift = bits % 32;
        if bit_shift != 0 {
            let mut carry = 0u32;
            for limb in &mut self.limbs {
                let next = *limb >> (32 - bit_shift);
                *limb = (*limb << bit_shift) | carry;
                carry = next;
            }
            if carry != 0 {
                self.limbs.push(carry);
            }
        }
        let words = (bits / 32) as usize;
        if words != 0 {
            self.limbs.splice(0..0, std::iter::repeat_n(0, words));
        }
    }

    /// self = self / d, returning the remainder. `d` must be nonzero.
    fn div_rem(&mut self, d: u32) -> u32 {
        let d = u64::from(d.max(1));
        let mut rem = 0u64;
        for limb in self.limbs.iter_mut().rev() {
            let cur = (rem << 32) | u64::from(*limb);
            *limb = (cur / d) as u32;
            rem = cur % d;
        }
        self.normalize();
        rem as u32
    }

    fn bit_len(&self) -> u32 {
        match self.limbs.last() {
            None => 0,
            Some(&top) => (self.limbs.len() as u32 - 1) * 32 + (32 - top.leading_zeros()),
        }
    }

    fn limb(&self, i: usize) -> u32 {
        self.limbs.get(i).copied().unwrap_or(0)
    }

    /// The decimal digits (values 0..=9, most significant first) of a nonzero value; empty for zero.
    fn into_decimal_digits(mut self) -> Vec<u8> {
        const CHUNK: u32 = 1_000_000_000;
        let mut chunks = Vec::new();
        while !self.is_zero() {
            chunks.push(self.div_rem(CHUNK));
        }
        let mut digits = Vec::with_capacity(chunks.len() * 9);
        for (i, &chunk) in chunks.iter().rev().enumerate() {
            let mut buf = [0u8; 9];
            let mut c = chunk;
            for slot in buf.iter_mut().rev() {
                *slot = (c % 10) as u8;
                c /= 10;
            }
            if i == 0 {
                // The most significant chunk has no leading zeros.
                let first = buf.iter().position(|&d| d != 0).unwrap_or(8);
                digits.extend_from_slice(&buf[first..]);
            } else {
                digits.extend_from_slice(&buf);
            }
        }
        digits
    }

    /// The nearest double (ties to even).
    fn to_f64(&self) -> f64 {
        let bits = self.bit_len();
        if bits <= 64 {
            // An integer-to-float `as` conversion rounds to nearest, ties to even.
            return (u64::from(self.limb(1)) << 32 | u64::from(self.limb(0))) as f64;
        }
        if bits > 1024 {
            // At least 2^1024: past the largest finite double's rounding boundary.
            return f64::INFINITY;
        }
        // Keep the top 64 bits and fold every bit below them into the lowest one ("sticky"): that
        // bit sits well below the rounding position of a 53-bit significand, so the single rounding
        // of the `as` conversion then decides exactly as rounding the whole value would.
        let shift = bits - 64;
        let word = (shift / 32) as usize;
        let bit = shift % 32;
        let window = u128::from(self.limb(word))
            | u128::from(self.limb(word + 1)) << 32
            | u128::from(self.limb(word + 2)) << 64;
        let top = (window >> bit) as u64;
        let sticky = self.limbs[..word.min(self.limbs.len())]
            .iter()
            .any(|&l| l != 0)
            || (bit != 0 && self.limb(word) & ((1u32 << bit) - 1) != 0);
        let rounded = (top | u64::from(sticky)) as f64;
        // 2^shift with shift <= 960 is a normal double; the product is exact or overflows to
        // Infinity, which is then the right answer.
        rounded * f64::from_bits(u64::from(shift + 1023) << 52)
    }
}

/// The numeric value of an ASCII letter or digit in radices up to 36 (`a`/`A` = 10 … `z`/`Z` = 35).
fn digit_value(u: u16) -> Option<u32> {
    match u {
        0x30..=0x39 => Some(u32::from(u - 0x30)),
        0x41..=0x5A => Some(u32::from(u - 0x41 + 10)),
        0x61..=0x7A => Some(u32::from(u - 0x61 + 10)),
        _ => None,
    }
}

/// The length of the longest prefix of `s` made of digits of `radix`.
fn digits_prefix_len(s: &[u16], radix: u32) -> usize {
    s.iter()
        .position(|&u| !matches!(digit_value(u), Some(d) if d < radix))
        .unwrap_or(s.len())
}

/// The value of `digits` (all valid digits of `radix`) as the nearest double, ties to even.
fn digits_to_f64(digits: &[u16], radix: u32) -> f64 {
    let mut big = Big::zero();
    for &u in digits {
        let d = digit_value(u).unwrap_or(0);
        big.mul_add(radix, d);
        // More digits only make it bigger, and anything at or past 2^1024 is Infinity.
        if big.bit_len() > 1024 {
            return f64::INFINITY;
        }
    }
    big.to_f64()
}

/// The value of `digits` (all valid digits of `radix`) the way V8 computes it for radices other than
/// 10 and powers of two, which the spec allows to be approximate: digits are gathered into 32-bit
/// chunks (while radix^k stays at most (2^32 − 1) / 36) and each chunk is folded in with one double
/// multiply-add, so error accumulates past 2^53. Chunks start at the first nonzero digit. Matching
/// this keeps parseInt bit-identical to node (checked on random inputs in every such radix).
fn digits_to_f64_like_v8(digits: &[u16], radix: u32) -> f64 {
    const MAX_MULTIPLIER: u32 = u32::MAX / 36;
    let mut value = 0.0f64;
    let zeros = digits.iter().take_while(|&&u| u == b'0' as u16).count();
    let mut rest = &digits[zeros..];
    while !rest.is_empty() {
        let mut part = 0u32;
        let mut multiplier = 1u32;
        let mut used = 0;
        for &u in rest {
            let next = multiplier * radix;
            if next > MAX_MULTIPLIER {
                break;
            }
            part = part * radix + digit_value(u).unwrap_or(0);
            multiplier = next;
            used += 1;
        }
        rest = &rest[used..];
        value = value * f64::from(multiplier) + f64::from(part);
    }
    value
}

// ---------------------------------------------------------------------------------------------------
// Decimal expansions of doubles

/// A positive decimal number `0.d₁d₂…dₙ × 10^point`: `digits` (values 0..=9) has no leading or
/// trailing zeros, so `point` is the number of digits before the decimal point (negative or past the
/// end when the number is small or large).
struct Decimal {
    digits: Vec<u8>,
    point: i32,
}

impl Decimal {
    fn new(mut digits: Vec<u8>, mut point: i32) -> Decimal {
        let leading = digits.iter().take_while(|&&d| d == 0).count();
        digits.drain(..leading);
        point -= leading as i32;
        while digits.last() == Some(&0) {
            digits.pop();
        }
        Decimal { digits, point }
    }

    /// The exact decimal value of a finite, positive double. Every double is m × 2^e, and for e < 0
    /// that is m × 5^-e / 10^-e, so the digits are those of an integer either way.
    fn exact(x: f64) -> Decimal {
        let bits = x.to_bits();
        let biased = ((bits >> 52) & 0x7FF) as i32;
        let fraction = bits & ((1u64 << 52) - 1);
        let (m, e) = if biased == 0 {
            (fraction, -1074)
        } else {
            (fraction | (1u64 << 52), biased - 1075)
        };
        let mut big = Big::from_u64(m);
        if e >= 0 {
            big.shl(e as u32);
            let digits = big.into_decimal_digits();
            let len = digits.len() as i32;
            Decimal::new(digits, len)
        } else {
            let mut k = e.unsigned_abs();
            while k >= 13 {
                big.mul_add(1_220_703_125, 0); // 5^13
                k -= 13;
            }
            big.mul_add(5u32.pow(k), 0);
            let digits = big.into_decimal_digits();
            let len = digits.len() as i32;
            Decimal::new(digits, len + e)
        }
    }

    /// The shortest decimal that round-trips to the finite, positive `x` (the digits of
    /// Number::toString), read back from ryu-js's output.
    fn shortest(x: f64) -> Decimal {
        let mut buffer = ryu_js::Buffer::new();
        let text = buffer.format_finite(x);
        let (mantissa, exponent) = match text.split_once('e') {
            Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
            None => (text, 0),
        };
        let mut digits = Vec::new();
        let mut int_len = None;
        for b in mantissa.bytes() {
            match b {
                b'0'..=b'9' => digits.push(b - b'0'),
                b'.' => int_len = Some(digits.len()),
                _ => {}
            }
        }
        let int_len = int_len.unwrap_or(digits.len()) as i32;
        Decimal::new(digits, int_len + exponent)
    }

    /// The digits of the integer nearest to `self × 10^(keep − point)`, that is, the number rounded
    /// to its first `keep` digits, ties going up (away from zero). The result has `keep` digits, or
    /// `keep + 1` when rounding carried out of the first digit; it is empty when the integer is 0
    /// (only possible for `keep <= 0`).
    fn round_to(&self, keep: i64) -> Vec<u8> {
        let len = self.digits.len() as i64;
        if keep < 0 || self.digits.is_empty() {
            return Vec::new();
        }
        if keep >= len {
            let mut out = self.digits.clone();
            out.resize(keep as usize, 0);
            return out;
        }
        let keep = keep as usize;
        let mut out = self.digits[..keep].to_vec();
        if self.digits[keep] >= 5 {
            // Increment, carrying through trailing nines.
            let mut i = out.len();
            loop {
                if i == 0 {
                    out.insert(0, 1);
                    break;
                }
                i -= 1;
                if out[i] == 9 {
                    out[i] = 0;
                } else {
                    out[i] += 1;
                    break;
                }
            }
        }
        out
    }
}

fn push_digits(out: &mut String, digits: &[u8]) {
    out.extend(digits.iter().map(|&d| char::from(b'0' + d)));
}

/// `e+N` / `e-N`, the exponent suffix of the spec's exponential notation.
fn push_exponent(out: &mut String, e: i32) {
    out.push('e');
    out.push(if e < 0 { '-' } else { '+' });
    out.push_str(&e.unsigned_abs().to_string());
}

// ---------------------------------------------------------------------------------------------------
// Number → string

// ECMA-262 6.1.6.1.20 Number::toString (radix 10)
/// `x` as JavaScript prints it: "NaN", "Infinity", "-Infinity", "0" for ±0, the shortest round-trip
/// digits, plain notation for magnitudes in [1e-7, 1e21) and exponential ("1e+21", "1.5e-7") outside.
pub fn number_to_string(x: f64) -> String {
    if x == 0.0 {
        return "0".to_string();
    }
    // Integers below 2^53 print as their digits.
    if x.fract() == 0.0 && x.abs() < 9007199254740992.0 {
        return (x as i64).to_string();
    }
    ryu_js::Buffer::new().format(x).to_string()
}

// ECMA-262 21.1.3.6 Number.prototype.toString, 6.1.6.1.20 Number::toString (radix ≠ 10)
/// `x` in `radix` (2..=36; any other radix is treated as 10), as V8 prints it: the integer part's
/// digits exactly while it fits a double's 53-bit significand (lower digits past that print as 0), then
/// fraction digits generated until they pin down `x` among its neighbouring doubles, the last digit
/// rounded half to even. The spec leaves non-decimal output implementation-approximated; this matches
/// node bit for bit because it does the same double arithmetic.
pub fn number_to_string_radix(x: f64, radix: u32) -> String {
    if radix == 10 || !(2..=36).contains(&radix) || !x.is_finite() || x == 0.0 {
        return number_to_string(x);
    }
    let r = f64::from(radix);
    let value = x.abs();
    let mut integer = value.floor();
    // Exact: the fraction of a double is itself a double.
    let mut fraction = value - integer;
    // Half the gap to the next double up: fraction digits below this cannot tell `value` from its
    // neighbour, so generation stops once the remaining fraction is smaller. (For the largest finite
    // double the gap is infinite and there is no fraction anyway.)
    let mut delta = (0.5 * (value.next_up() - value)).max(f64::from_bits(1));
    let mut fraction_digits: Vec<u8> = Vec::new();
    if fraction >= delta {
        loop {
            fraction *= r;
            delta *= r;
            let digit = (fraction as u32).min(radix - 1);
            fraction_digits.push(digit as u8);
            fraction -= f64::from(digit);
            let rounds_up = fraction > 0.5 || (fraction == 0.5 && digit & 1 == 1);
            if rounds_up && fraction + delta > 1.0 {
                // Rounding up is within precision: increment the digits so far, dropping digits that
                // carry, and carry into the integer part if they all do.
                loop {
                    match fraction_digits.pop() {
                        None => {
                            integer += 1.0;
                            break;
                        }
                        Some(d) if u32::from(d) + 1 < radix => {
                            fraction_digits.push(d + 1);
                            break;
                        }
                        Some(_) => {}
                    }
                }
                break;
            }
            if fraction < delta {
                break;
            }
        }
    }
    // Integer digits, least significant first. Past 2^53 a double has no units digit of its own: the
    // value is divided down (inexactly) and those low digits print as zeros.
    const TWO_POW_53: f64 = 9_007_199_254_740_992.0;
    let mut integer_digits: Vec<u8> = Vec::new();
    while integer / r >= TWO_POW_53 {
        integer /= r;
        integer_digits.push(0);
    }
    loop {
        let remainder = integer % r;
        integer_digits.push((remainder as u32).min(radix - 1) as u8);
        integer = (integer - remainder) / r;
        if integer <= 0.0 {
            break;
        }
    }
    let mut out = String::with_capacity(integer_digits.len() + fraction_digits.len() + 2);
    if x < 0.0 {
        out.push('-');
    }
    out.extend(
        integer_digits
            .iter()
            .rev()
            .map(|&d| char::from(DIGIT_CHARS[usize::from(d)])),
    );
    if !fraction_digits.is_empty() {
        out.push('.');
        out.extend(
            fraction_digits
                .iter()
                .map(|&d| char::from(DIGIT_CHARS[usize::from(d)])),
        );
    }
    out
}

// ECMA-262 21.1.3.3 Number.prototype.toFixed
/// `x` with exactly `digits` fraction digits (clamped to 100), rounded from x's exact value with ties
/// away from zero; magnitudes from 1e21 up print as Number::toString does.
pub fn to_fixed(x: f64, digits: u32) -> String {
    if !x.is_finite() {
        return number_to_string(x);
    }
    let f = digits.min(MAX_DIGITS) as usize;
    let mut out = String::new();
    if x < 0.0 {
        out.push('-');
    }
    let x = x.abs();
    if x >= 1e21 {
        out.push_str(&number_to_string(x));
        return out;
    }
    // n = round(x × 10^f): x's digits kept through the f-th place after the point.
    let mut n = if x == 0.0 {
        Vec::new()
    } else {
        let d = Decimal::exact(x);
        d.round_to(i64::from(d.point) + f as i64)
    };
    if n.is_empty() {
        n.push(0);
    }
    if f == 0 {
        push_digits(&mut out, &n);
        return out;
    }
    // Pad so there is at least one digit before the point.
    if n.len() <= f {
        let pad = f + 1 - n.len();
        n.splice(0..0, std::iter::repeat_n(0, pad));
    }
    let (int_part, frac_part) = n.split_at(n.len() - f);
    push_digits(&mut out, int_part);
    out.push('.');
    push_digits(&mut out, frac_part);
    out
}

// ECMA-262 21.1.3.2 Number.prototype.toExponential
/// `x` in exponential notation `d.ddde±N`: with `Some(f)`, f digits after the point (clamped to 100),
/// rounded from x's exact value with ties away from zero; with `None`, as many as x's shortest
/// round-trip representation needs.
pub fn to_exponential(x: f64, digits: Option<u32>) -> String {
    if !x.is_finite() {
        return number_to_string(x);
    }
    let mut out = String::new();
    if x < 0.0 {
        out.push('-');
    }
    let x = x.abs();
    let (n, e) = if x == 0.0 {
        let f = digits.unwrap_or(0).min(MAX_DIGITS) as usize;
        (vec![0; f + 1], 0)
    } else {
        match digits {
            None => {
                let d = Decimal::shortest(x);
                (d.digits, d.point - 1)
            }
            Some(f) => {
                let f = f.min(MAX_DIGITS) as usize;
                let d = Decimal::exact(x);
                let mut n = d.round_to(f as i64 + 1);
                let mut e = d.point - 1;
                if n.len() > f + 1 {
                    // Rounded up to a power of ten: 10^(f+1) is 1 followed by zeros, one place up.
                    n.truncate(f + 1);
                    e += 1;
                }
                (n, e)
            }
        }
    };
    let (first, rest) = n.split_at(1.min(n.len()));
    push_digits(&mut out, first);
    if !rest.is_empty() {
        out.push('.');
        push_digits(&mut out, rest);
    }
    push_exponent(&mut out, e);
    out
}

// ECMA-262 21.1.3.5 Number.prototype.toPrecision
/// `x` with `precision` significant digits (clamped to 1..=100), rounded from x's exact value with
/// ties away from zero, in plain notation unless the exponent is below -6 or at least `precision`.
pub fn to_precision(x: f64, precision: u32) -> String {
    if !x.is_finite() {
        return number_to_string(x);
    }
    let p = precision.clamp(1, MAX_DIGITS) as usize;
    let mut out = String::new();
    if x < 0.0 {
        out.push('-');
    }
    let x = x.abs();
    let (n, e) = if x == 0.0 {
        (vec![0; p], 0)
    } else {
        let d = Decimal::exact(x);
        let mut n = d.round_to(p as i64);
        let mut e = d.point - 1;
        if n.len() > p {
            n.truncate(p);
            e += 1;
        }
        (n, e)
    };
    let p_i = p as i32;
    if e < -6 || e >= p_i {
        push_digits(&mut out, &n[..1]);
        if p != 1 {
            out.push('.');
            push_digits(&mut out, &n[1..]);
        }
        push_exponent(&mut out, e);
    } else if e == p_i - 1 {
        push_digits(&mut out, &n);
    } else if e >= 0 {
        let split = e as usize + 1;
        push_digits(&mut out, &n[..split]);
        out.push('.');
        push_digits(&mut out, &n[split..]);
    } else {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-(e + 1)) as usize));
        push_digits(&mut out, &n);
    }
    out
}

// ---------------------------------------------------------------------------------------------------
// String → number

fn is_ascii_digit(u: u16) -> bool {
    (0x30..=0x39).contains(&u)
}

fn count_ascii_digits(s: &[u16]) -> usize {
    s.iter().take_while(|&&u| is_ascii_digit(u)).count()
}

const INFINITY_UNITS: [u16; 8] = [
    b'I' as u16,
    b'n' as u16,
    b'f' as u16,
    b'i' as u16,
    b'n' as u16,
    b'i' as u16,
    b't' as u16,
    b'y' as u16,
];

// ECMA-262 7.1.4.1 StrDecimalLiteral, 7.1.4.1.2 RS: StringNumericValue
/// The longest prefix of `s` that is a StrDecimalLiteral (sign, `Infinity` or digits with an optional
/// point, fraction and exponent, no numeric separators), with its value and its length in code units;
/// `None` if no prefix is one.
fn parse_decimal_prefix(s: &[u16]) -> Option<(f64, usize)> {
    let mut i = 0;
    let negative = s.first() == Some(&(b'-' as u16));
    if matches!(s.first(), Some(&u) if u == b'+' as u16 || u == b'-' as u16) {
        i = 1;
    }
    if s[i..].starts_with(&INFINITY_UNITS) {
        let value = if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
        return Some((value, i + INFINITY_UNITS.len()));
    }
    let int_digits = count_ascii_digits(&s[i..]);
    i += int_digits;
    if s.get(i) == Some(&(b'.' as u16)) {
        let frac_digits = count_ascii_digits(&s[i + 1..]);
        if int_digits == 0 && frac_digits == 0 {
            return None;
        }
        i += 1 + frac_digits;
    } else if int_digits == 0 {
        return None;
    }
    if matches!(s.get(i), Some(&u) if u == b'e' as u16 || u == b'E' as u16) {
        let mut j = i + 1;
        if matches!(s.get(j), Some(&u) if u == b'+' as u16 || u == b'-' as u16) {
            j += 1;
        }
        let exp_digits = count_ascii_digits(&s[j..]);
        if exp_digits > 0 {
            i = j + exp_digits;
        }
    }
    // Everything in s[..i] is ASCII by construction; Rust's parser rounds correctly for any length
    // and accepts exactly this shape ("5.", ".5", signs, huge exponents saturate).
    let text: String = s[..i].iter().map(|&u| char::from(u as u8)).collect();
    let value = text.parse::<f64>().unwrap_or(f64::NAN);
    Some((value, i))
}

// ECMA-262 7.1.4.1.1 StringToNumber
/// ToNumber applied to a string: surrounding white space ignored, empty → 0, decimal literals
/// (including `Infinity`), `0x`/`0o`/`0b` integers without a sign; anything else is NaN.
pub fn string_to_number(s: &[u16]) -> f64 {
    let t = trim(s);
    if t.is_empty() {
        return 0.0;
    }
    if t.len() >= 2 && t[0] == b'0' as u16 {
        let radix = match t[1] {
            0x58 | 0x78 => 16, // X x
            0x4F | 0x6F => 8,  // O o
            0x42 | 0x62 => 2,  // B b
            _ => 0,
        };
        if radix != 0 {
            let digits = &t[2..];
            if digits.is_empty() || digits_prefix_len(digits, radix) != digits.len() {
                return f64::NAN;
            }
            return digits_to_f64(digits, radix);
        }
    }
    match parse_decimal_prefix(t) {
        Some((value, len)) if len == t.len() => value,
        _ => f64::NAN,
    }
}

// ECMA-262 19.2.5 parseInt ( string, radix )
/// parseInt on an already-converted string `s` and `radix` = ToInt32(radix): leading white space, a
/// sign, a `0x` prefix when the radix is 0 or 16, then the longest run of digits of the radix (0 means
/// 10; anything else outside 2..=36 gives NaN). The value is the digits' exact integer, correctly
/// rounded, for every radix.
pub fn parse_int(s: &[u16], radix: i32) -> f64 {
    let mut t = trim_start(s);
    let negative = t.first() == Some(&(b'-' as u16));
    if matches!(t.first(), Some(&u) if u == b'+' as u16 || u == b'-' as u16) {
        t = &t[1..];
    }
    let mut r = radix;
    let mut strip_prefix = true;
    if r != 0 {
        if !(2..=36).contains(&r) {
            return f64::NAN;
        }
        if r != 16 {
            strip_prefix = false;
        }
    } else {
        r = 10;
    }
    if strip_prefix && t.len() >= 2 && t[0] == b'0' as u16 && (t[1] == 0x78 || t[1] == 0x58) {
        t = &t[2..];
        r = 16;
    }
    let r = r.unsigned_abs();
    let end = digits_prefix_len(t, r);
    if end == 0 {
        return f64::NAN;
    }
    let digits = &t[..end];
    let value = if r.is_power_of_two() || r == 10 {
        digits_to_f64(digits, r)
    } else {
        digits_to_f64_like_v8(digits, r)
    };
    if negative {
        -value
    } else {
        value
    }
}

// ECMA-262 19.2.4 parseFloat ( string )
/// parseFloat on an already-converted string: the value of the longest StrDecimalLiteral prefix after
/// leading white space, or NaN if there is none.
pub fn parse_float(s: &[u16]) -> f64 {
    match parse_decimal_prefix(trim_start(s)) {
        Some((value, _)) => value,
        None => f64::NAN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    /// Same value, NaN equal to NaN and +0 distinct from -0 (SameValue).
    fn same(a: f64, b: f64) -> bool {
        (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
    }

    macro_rules! assert_same {
        ($a:expr, $b:expr) => {{
            let (a, b): (f64, f64) = ($a, $b);
            assert!(same(a, b), "{} gave {a:?}, expected {b:?}", stringify!($a));
        }};
    }

    // Expected values below come from node v20.20.2 (`node -e`) unless a comment cites the spec.

    #[test]
    fn whitespace_set() {
        // node: every u with String.fromCharCode(u).trim() === "".
        let expected = [
            0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
            0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
            0x3000, 0xFEFF,
        ];
        let got: Vec<u16> = (0..=u16::MAX)
            .filter(|&c| is_whitespace_or_line_terminator(c))
            .collect();
        assert_eq!(got, expected);
        // U+180E (Mongolian vowel separator) is Cf since Unicode 6.3; U+0085 and U+200B are not Zs.
        assert!(!is_whitespace_or_line_terminator(0x180E));
        assert!(!is_whitespace_or_line_terminator(0x0085));
        assert!(!is_whitespace_or_line_terminator(0x200B));
    }

    #[test]
    fn integer_conversions() {
        // ECMA-262 7.1.5–7.1.9, and node: x | 0, x >>> 0, and String.prototype.charCodeAt wrapping.
        assert_eq!(to_int32(f64::NAN), 0);
        assert_eq!(to_int32(f64::INFINITY), 0);
        assert_eq!(to_int32(f64::NEG_INFINITY), 0);
        assert_eq!(to_int32(-0.0), 0);
        assert_eq!(to_int32(2147483648.0), -2147483648); // 2**31 | 0
        assert_eq!(to_int32(4294967295.0), -1);
        assert_eq!(to_int32(4294967296.0), 0);
        assert_eq!(to_int32(-1.9), -1);
        assert_eq!(to_int32(3.9), 3);
        assert_eq!(to_int32(-2147483649.0), 2147483647);
        assert_eq!(to_int32(1e21), -559939584); // node: 1e21 | 0
        assert_eq!(to_int32(f64::MAX), 0);
        assert_eq!(to_int32(f64::MIN_POSITIVE), 0);
        assert_eq!(to_uint32(-1.0), 4294967295);
        assert_eq!(to_uint32(-4294967297.5), 4294967295); // node: -4294967297.5 >>> 0
        assert_eq!(to_uint32(1e21), 3735027712); // node: 1e21 >>> 0
        assert_eq!(to_uint32(f64::NAN), 0);
        assert_eq!(to_uint16(65537.0), 1);
        assert_eq!(to_uint16(-1.0), 65535);
        assert_eq!(to_uint16(-0.5), 0);
        assert_eq!(to_uint16(f64::INFINITY), 0);
        assert_same!(to_integer_or_infinity(f64::NAN), 0.0);
        assert_same!(to_integer_or_infinity(-0.0), 0.0);
        assert_same!(to_integer_or_infinity(-0.5), 0.0);
        assert_same!(to_integer_or_infinity(-1.5), -1.0);
        assert_same!(to_integer_or_infinity(2.9), 2.0);
        assert_same!(to_integer_or_infinity(f64::NEG_INFINITY), f64::NEG_INFINITY);
        assert_same!(to_integer_or_infinity(f64::INFINITY), f64::INFINITY);
    }

    #[test]
    fn to_string_radix_10() {
        let cases: &[(f64, &str)] = &[
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (0.0, "0"),
            (-0.0, "0"),
            (100.0, "100"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (123456789012345680000.0, "123456789012345680000"),
            (1.5e-7, "1.5e-7"),
            (1e-7, "1e-7"),
            (-1e-7, "-1e-7"),
            (0.000001, "0.000001"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (0.1 + 0.2, "0.30000000000000004"),
            (9007199254740992.0, "9007199254740992"),
        ];
        for &(x, expected) in cases {
            assert_eq!(number_to_string(x), expected, "{x:e}");
        }
    }

    #[test]
    fn to_string_other_radices() {
        let cases: &[(f64, u32, &str)] = &[
            (0.5, 2, "0.1"),
            (255.0, 16, "ff"),
            (-255.5, 16, "-ff.8"),
            (1e21, 36, "5v1j4f4ds7c000"),
            (std::f64::consts::PI, 7, "3.066365143203613411"),
            (0.1, 3, "0.0022002200220022002200220022002201"),
            (1.0 / 3.0, 3, "0.1"),
            (0.7, 36, "0.p777777777"),
            (123.456, 8, "173.3513615237574734"),
            (
                1152921504606846976.0,
                2,
                "1000000000000000000000000000000000000000000000000000000000000",
            ),
            // 3**40: digits past 2^53 print as zeros.
            (
                12157665459056928801.0,
                3,
                "2222222222222222222222222222222222000000",
            ),
            (-0.0, 2, "0"),
            (f64::NAN, 16, "NaN"),
            (f64::NEG_INFINITY, 2, "-Infinity"),
            (255.0, 10, "255"),
        ];
        for &(x, radix, expected) in cases {
            assert_eq!(
                number_to_string_radix(x, radix),
                expected,
                "{x:e} radix {radix}"
            );
        }
        let max36 = number_to_string_radix(f64::MAX, 36);
        assert_eq!(max36.len(), 199);
        assert!(max36.starts_with("1a1e4vngaiqo0000"));
        let min2 = number_to_string_radix(5e-324, 2);
        assert_eq!(min2.len(), 1076);
        assert!(min2.starts_with("0.000") && min2.ends_with("01"));
        let min36 = number_to_string_radix(5e-324, 36);
        assert_eq!(min36.len(), 210);
        assert!(min36.ends_with("0003"));
    }

    #[test]
    fn fixed() {
        let cases: &[(f64, u32, &str)] = &[
            (1.005, 2, "1.00"),
            (1.45, 1, "1.4"),
            (2.5, 0, "3"),
            (-2.5, 0, "-3"),
            (0.5, 0, "1"),
            (1.5, 0, "2"),
            (-0.0, 2, "0.00"),
            (-1e-10, 2, "-0.00"),
            (1e21, 2, "1e+21"),
            (-1e21, 2, "-1e+21"),
            (123.456, 10, "123.4560000000"),
            (0.000001, 7, "0.0000010"),
            (999.995, 2, "1000.00"),
            (1e20, 2, "100000000000000000000.00"),
            (0.1, 20, "0.10000000000000000555"),
            (8.345, 2, "8.35"),
            (f64::NAN, 2, "NaN"),
            (f64::NEG_INFINITY, 2, "-Infinity"),
        ];
        for &(x, f, expected) in cases {
            assert_eq!(to_fixed(x, f), expected, "({x:e}).toFixed({f})");
        }
        assert_eq!(to_fixed(5e-324, 100), format!("0.{}", "0".repeat(100)));
    }

    #[test]
    fn exponential() {
        let cases: &[(f64, Option<u32>, &str)] = &[
            (0.0, None, "0e+0"),
            (-0.0, Some(2), "0.00e+0"),
            (123456.0, None, "1.23456e+5"),
            (123456.0, Some(2), "1.23e+5"),
            (1.5, Some(0), "2e+0"),
            (2.5, Some(0), "3e+0"),
            (9.99, Some(1), "1.0e+1"),
            (1e-7, Some(3), "1.000e-7"),
            (-1.23e-300, None, "-1.23e-300"),
            (5e-324, Some(20), "4.94065645841246544177e-324"),
            (f64::MAX, Some(20), "1.79769313486231570815e+308"),
            (0.1, Some(30), "1.000000000000000055511151231258e-1"),
            (f64::INFINITY, Some(3), "Infinity"),
        ];
        for &(x, f, expected) in cases {
            assert_eq!(
                to_exponential(x, f),
                expected,
                "({x:e}).toExponential({f:?})"
            );
        }
    }

    #[test]
    fn precision() {
        let cases: &[(f64, u32, &str)] = &[
            (0.0, 1, "0"),
            (0.0, 5, "0.0000"),
            (-0.0, 3, "0.00"),
            (123.456, 4, "123.5"),
            (123.456, 2, "1.2e+2"),
            (123.456, 3, "123"),
            (0.000001234, 2, "0.0000012"),
            (0.0000001234, 2, "1.2e-7"),
            (1e21, 1, "1e+21"),
            (99.99, 3, "100"),
            (9.5, 1, "1e+1"),
            (2.5, 1, "3"),
            (1.25, 2, "1.3"),
            (1.35, 2, "1.4"),
            (123456.0, 6, "123456"),
            (-1.5, 1, "-2"),
            (0.1, 21, "0.100000000000000005551"),
            (1e-7, 1, "1e-7"),
            (1e-6, 1, "0.000001"),
            (f64::NAN, 1, "NaN"),
        ];
        for &(x, p, expected) in cases {
            assert_eq!(to_precision(x, p), expected, "({x:e}).toPrecision({p})");
        }
        assert_eq!(
            to_precision(std::f64::consts::PI, 100),
            format!(
                "3.141592653589793115997963468544185161590576171875{}",
                "0".repeat(51)
            )
        );
    }

    #[test]
    fn string_to_number_cases() {
        let cases: &[(&str, f64)] = &[
            ("", 0.0),
            (" \t\n\u{3000}\u{feff}\u{2028} ", 0.0),
            (" 42 ", 42.0),
            ("-0", -0.0),
            ("+.5", 0.5),
            ("5.", 5.0),
            (".", f64::NAN),
            ("1e", f64::NAN),
            ("1e+5", 100000.0),
            ("1E-5", 0.00001),
            ("Infinity", f64::INFINITY),
            ("-Infinity", f64::NEG_INFINITY),
            ("+Infinity", f64::INFINITY),
            ("infinity", f64::NAN),
            ("INFINITY", f64::NAN),
            ("0x1F", 31.0),
            ("0X1f", 31.0),
            ("-0x1F", f64::NAN),
            ("+0x1F", f64::NAN),
            ("0x", f64::NAN),
            ("0o17", 15.0),
            ("0b101", 5.0),
            ("0b102", f64::NAN),
            ("1_000", f64::NAN),
            ("1n", f64::NAN),
            ("\u{180e}1", f64::NAN),
            ("1\u{85}", f64::NAN),
            ("9007199254740993", 9007199254740992.0),
            ("0x20000000000001", 9007199254740992.0),
            ("0x20000000000003", 9007199254740996.0),
            ("1e1000", f64::INFINITY),
            ("-1e1000", f64::NEG_INFINITY),
            ("1e-1000", 0.0),
            ("-1e-1000", -0.0),
            ("2.4703282292062328e-324", 5e-324),
            ("2.4703282292062327e-324", 0.0),
            ("0.1", 0.1),
            ("00012", 12.0),
            ("\u{663}", f64::NAN), // Arabic-Indic digit three
            ("1e99999999999999999999", f64::INFINITY),
            (
                "0b111111111111111111111111111111111111111111111111111111",
                18014398509481984.0,
            ),
        ];
        for &(s, expected) in cases {
            assert_same!(string_to_number(&u(s)), expected);
        }
        assert_same!(
            string_to_number(&u(&format!("0x{}", "f".repeat(300)))),
            f64::INFINITY
        );
        // Unpaired surrogates and other non-ASCII never form a number.
        assert_same!(string_to_number(&[0x31, 0xD800]), f64::NAN);
    }

    #[test]
    fn parse_int_cases() {
        let cases: &[(&str, i32, f64)] = &[
            ("  -0x1A", 0, -26.0),
            ("0x1A", 16, 26.0),
            ("0x1A", 10, 0.0),
            ("0x", 0, f64::NAN),
            ("-0", 0, -0.0),
            ("12abc", 0, 12.0),
            ("abc", 0, f64::NAN),
            ("", 0, f64::NAN),
            ("  +42", 0, 42.0),
            ("z", 36, 35.0),
            ("Z", 36, 35.0),
            ("10", 1, f64::NAN),
            ("10", 37, f64::NAN),
            ("11", -1, f64::NAN),
            ("10", 2, 2.0),
            ("12", 2, 1.0),
            ("9007199254740993", 0, 9007199254740992.0),
            ("123456789012345678901234567890", 0, 1.2345678901234568e29),
            ("-", 0, f64::NAN),
            ("0b11", 0, 0.0),
            ("1e3", 0, 1.0),
            ("\u{a0} 7", 0, 7.0),
            ("zz", 35, f64::NAN),
            ("0x10", 0, 16.0),
            // 3**40 - 1, not exact in node for radix 3 (the spec allows approximation there).
            (
                "2222222222222222222222222222222222222222",
                3,
                12157665459056929000.0,
            ),
            // Where node's radix-3/5/12 approximation differs from the exact value (node: parseInt).
            (
                "3330040403222221013241132111430244423013401223341",
                5,
                1.3220830623883352e34,
            ),
            (
                "0a5626a6b4bb4997028ab561662619036b63105a8b27b189196a48559",
                12,
                2.368606146136212e60,
            ),
        ];
        for &(s, radix, expected) in cases {
            assert_same!(parse_int(&u(s), radix), expected);
        }
        assert_same!(parse_int(&u(&"1".repeat(400)), 10), f64::INFINITY);
    }

    #[test]
    fn parse_float_cases() {
        let cases: &[(&str, f64)] = &[
            ("2.25abc", 2.25),
            ("  -.5e-3x", -0.0005),
            ("1e", 1.0),
            ("1e+", 1.0),
            ("1.e5", 100000.0),
            (".e1", f64::NAN),
            ("Infinityx", f64::INFINITY),
            ("-Infinity", f64::NEG_INFINITY),
            ("-0", -0.0),
            ("0x10", 0.0),
            ("", f64::NAN),
            ("+", f64::NAN),
            ("1_0", 1.0),
            ("\n\u{2029} 12 34", 12.0),
            ("5.5.5", 5.5),
        ];
        for &(s, expected) in cases {
            assert_same!(parse_float(&u(s)), expected);
        }
    }

    /// Round trips that hold by construction: toString then ToNumber gives the value back, in every
    /// radix for power-of-two radices (whose digits are exact) and in radix 10.
    #[test]
    fn round_trips_and_no_panics() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for i in 0..3000 {
            // xorshift64*: a fixed pseudo-random sequence of bit patterns, all kinds of doubles.
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            let bits = state.wrapping_mul(0x2545_F491_4F6C_DD1D);
            let x = f64::from_bits(bits);
            let s = number_to_string(x);
            assert_same!(string_to_number(&u(&s)), if x == 0.0 { 0.0 } else { x });
            if x.is_finite() && x.abs() < 1e300 && x.fract() == 0.0 {
                assert_same!(parse_int(&u(&format!("{x:.0}")), 10), x + 0.0);
            }
            let radix = 2 + (i % 35) as u32;
            let r = number_to_string_radix(x, radix);
            if x.is_finite() && x.abs() < 9007199254740992.0 && x.fract() == 0.0 {
                assert_same!(parse_int(&u(&r), radix as i32), x + 0.0);
            }
            // Every entry point on odd arguments: must not panic.
            let _ = number_to_string_radix(x, i as u32 % 40);
            let _ = to_fixed(x, i as u32 % 102);
            let _ = to_exponential(x, Some(i as u32 % 102));
            let _ = to_exponential(x, None);
            let _ = to_precision(x, i as u32 % 102);
            let units: Vec<u16> = bits.to_le_bytes().iter().map(|&b| u16::from(b)).collect();
            let _ = parse_int(&units, i % 40 - 2);
            let _ = parse_float(&units);
            let _ = string_to_number(&units);
        }
        let _ = to_fixed(1.0, u32::MAX);
        let _ = to_precision(1.0, u32::MAX);
        let _ = to_exponential(1.0, Some(u32::MAX));
        let _ = parse_int(&u("1"), i32::MIN);
    }
}
