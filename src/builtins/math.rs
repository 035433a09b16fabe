//! `Math` (ECMA-262 21.3).
//!
//! The functions convert their arguments with ToNumber, in order, then compute on doubles. The
//! transcendental functions are the platform's (`f64` methods): the spec leaves their precision
//! implementation-approximated but fixes the special values (NaN, ±0, ±∞), which the functions
//! here return exactly. `Math.random` is a xorshift64* generator whose state lives in the `data` of
//! the `random` function object, seeded once per realm.

use super::arg;
use crate::runtime::number;
use crate::runtime::object::{Elements, Object, ObjectKind};
use crate::runtime::property::{Attrs, PropertyKey};
use crate::runtime::{NativeFn, Value};
use crate::vm::{JsResult, Vm};
use std::f64::consts;

/// A native `Math` function of one argument: ToNumber, then `$f`.
macro_rules! unary {
    ($f:expr) => {
        (|vm: &mut Vm, _: Value, args: &[Value]| -> JsResult<Value> {
            let x = vm.to_number(arg(args, 0))?;
            Ok(Value::number($f(x)))
        }) as NativeFn
    };
}

pub fn install(vm: &mut Vm) {
    let global = vm.realm.global;
    let math = vm.new_object();
    vm.define_value(global, "Math", Value::object(math), Attrs::HIDDEN);

    // 21.3.1 Value Properties of the Math Object
    let constants = [
        ("E", consts::E),
        ("LN10", consts::LN_10),
        ("LN2", consts::LN_2),
        ("LOG10E", consts::LOG10_E),
        ("LOG2E", consts::LOG2_E),
        ("PI", consts::PI),
        ("SQRT1_2", consts::FRAC_1_SQRT_2),
        ("SQRT2", consts::SQRT_2),
    ];
    for (name, value) in constants {
        vm.define_value(math, name, Value::number(value), Attrs::FROZEN);
    }
    // 21.3.1.9 Math [ %Symbol.toStringTag% ]
    let tag = vm.realm.symbols.to_string_tag;
    let name = Value::string(vm.heap.intern("Math"));
    vm.define_own(
        math,
        PropertyKey::Symbol(tag),
        name,
        Attrs::new(Attrs::CONFIGURABLE),
    );

    // 21.3.2 Function Properties of the Math Object
    let functions: [(&str, u32, NativeFn); 36] = [
        ("abs", 1, unary!(f64::abs)),
        ("acos", 1, unary!(f64::acos)),
        ("acosh", 1, unary!(acosh)),
        ("asin", 1, unary!(f64::asin)),
        ("asinh", 1, unary!(asinh)),
        ("atan", 1, unary!(f64::atan)),
        ("atanh", 1, unary!(atanh)),
        ("atan2", 2, math_atan2),
        ("cbrt", 1, unary!(f64::cbrt)),
        ("ceil", 1, unary!(f64::ceil)),
        ("clz32", 1, unary!(clz32)),
        ("cos", 1, unary!(f64::cos)),
        ("cosh", 1, unary!(f64::cosh)),
        ("exp", 1, unary!(f64::exp)),
        ("expm1", 1, unary!(f64::exp_m1)),
        ("floor", 1, unary!(f64::floor)),
        ("fround", 1, unary!(fround)),
        ("f16round", 1, unary!(f16round)),
        ("hypot", 2, math_hypot),
        ("imul", 2, math_imul),
        ("log", 1, unary!(f64::ln)),
        ("log1p", 1, unary!(f64::ln_1p)),
        ("log10", 1, unary!(f64::log10)),
        ("log2", 1, unary!(f64::log2)),
        ("max", 2, math_max),
        ("min", 2, math_min),
        ("pow", 2, math_pow),
        ("round", 1, unary!(round)),
        ("sign", 1, unary!(sign)),
        ("sin", 1, unary!(f64::sin)),
        ("sinh", 1, unary!(sinh)),
        ("sqrt", 1, unary!(f64::sqrt)),
        ("tan", 1, unary!(f64::tan)),
        ("tanh", 1, unary!(tanh)),
        ("trunc", 1, unary!(f64::trunc)),
        ("random", 0, math_random),
    ];
    for (name, length, f) in functions {
        let data = if name == "random" {
            random_state(vm)
        } else {
            Value::UNDEFINED
        };
        let function = vm.native_function(name, length, f, false, data);
        vm.define_value(math, name, Value::object(function), Attrs::HIDDEN);
        use crate::vm::realm::Inlinable;
        let inlinable = match name {
            "sqrt" => Some(Inlinable::MathSqrt),
            "abs" => Some(Inlinable::MathAbs),
            "min" => Some(Inlinable::MathMin),
            "max" => Some(Inlinable::MathMax),
            _ => None,
        };
        if let Some(inlinable) = inlinable {
            vm.add_inlinable(name, function, inlinable);
        }
    }
}

// 21.3.2.3 Math.acosh ( x )
fn acosh(x: f64) -> f64 {
    if x < 1.0 {
        f64::NAN
    } else {
        x.acosh()
    }
}

// 21.3.2.5 Math.asinh ( x ): ±0 and ±∞ are returned as they are.
fn asinh(x: f64) -> f64 {
    if x == 0.0 || x.is_infinite() {
        x
    } else {
        x.asinh()
    }
}

// 21.3.2.7 Math.atanh ( x )
fn atanh(x: f64) -> f64 {
    if x == 0.0 {
        x
    } else if x == 1.0 {
        f64::INFINITY
    } else if x == -1.0 {
        f64::NEG_INFINITY
    } else if x.abs() > 1.0 {
        f64::NAN
    } else {
        x.atanh()
    }
}

// 21.3.2.11 Math.clz32 ( x )
fn clz32(x: f64) -> f64 {
    f64::from(number::to_uint32(x).leading_zeros())
}

// 21.3.2.17 Math.fround ( x ): the nearest float32 (ties to even), which `as` gives.
fn fround(x: f64) -> f64 {
    x as f32 as f64
}

// 21.3.2.18 Math.f16round ( x ): the nearest IEEE binary16 value, ties to even, rounded once from
// the double (going through f32 would round twice).
fn f16round(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    /// The largest binary16 value; from halfway to 2^16 up, rounding overflows to infinity.
    const MAX: f64 = 65504.0;
    let a = x.abs();
    if a >= 65520.0 {
        return f64::INFINITY.copysign(x);
    }
    // The binary16 exponent of `a` (subnormals share the smallest, -14), and its ulp 2^(e - 10).
    let exponent = ((a.to_bits() >> 52) as i32 - 1023).max(-14);
    let ulp = 2f64.powi(exponent - 10);
    // Exact: scaling by a power of two, and the quotient is below 2^12.
    let rounded = (a / ulp).round_ties_even() * ulp;
    rounded.min(MAX).copysign(x)
}

// 21.3.2.28 Math.round ( x ): the closest integer, halves rounded up (towards +∞), keeping -0.
fn round(x: f64) -> f64 {
    if !x.is_finite() || x.fract() == 0.0 {
        return x;
    }
    if x > 0.0 && x < 0.5 {
        return 0.0;
    }
    if (-0.5..0.0).contains(&x) {
        return -0.0;
    }
    // |x| ≥ 0.5 and not an integer, so |x| < 2^52 and `x - floor(x)` is exact.
    let floor = x.floor();
    if x - floor >= 0.5 {
        floor + 1.0
    } else {
        floor
    }
}

// 21.3.2.29 Math.sign ( x )
fn sign(x: f64) -> f64 {
    if x.is_nan() || x == 0.0 {
        x
    } else {
        x.signum()
    }
}

// 21.3.2.31 Math.sinh ( x )
fn sinh(x: f64) -> f64 {
    if x == 0.0 {
        x
    } else {
        x.sinh()
    }
}

// 21.3.2.34 Math.tanh ( x )
fn tanh(x: f64) -> f64 {
    if x == 0.0 {
        x
    } else {
        x.tanh()
    }
}

// 21.3.2.8 Math.atan2 ( y, x ): IEEE atan2 has the spec's special cases.
fn math_atan2(vm: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    let y = vm.to_number(arg(args, 0))?;
    let x = vm.to_number(arg(args, 1))?;
    Ok(Value::number(y.atan2(x)))
}

// 21.3.2.18 Math.hypot ( ...args )
fn math_hypot(vm: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    let mut numbers = Vec::with_capacity(args.len());
    for &a in args {
        numbers.push(vm.to_number(a)?);
    }
    Ok(Value::number(hypot(&numbers)))
}

/// √(Σ xᵢ²), without overflow or underflow in the squares: every term is scaled by the largest
/// magnitude, and the sum is compensated (Kahan) so that exact cases like hypot(3, 4) stay exact.
fn hypot(numbers: &[f64]) -> f64 {
    if numbers.iter().any(|x| x.is_infinite()) {
        return f64::INFINITY;
    }
    if numbers.iter().any(|x| x.is_nan()) {
        return f64::NAN;
    }
    let max = numbers.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    if max == 0.0 {
        return 0.0;
    }
    let (mut sum, mut compensation) = (0.0f64, 0.0f64);
    for x in numbers {
        let scaled = x.abs() / max;
        let term = scaled * scaled - compensation;
        let next = sum + term;
        compensation = (next - sum) - term;
        sum = next;
    }
    sum.sqrt() * max
}

// 21.3.2.19 Math.imul ( x, y )
fn math_imul(vm: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    let a = number::to_int32(vm.to_number(arg(args, 0))?);
    let b = number::to_int32(vm.to_number(arg(args, 1))?);
    Ok(Value::int(a.wrapping_mul(b)))
}

// 21.3.2.24 Math.max ( ...args ): every argument is converted before any comparison; +0 > -0.
fn math_max(vm: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    let mut r = f64::NEG_INFINITY;
    for &a in args {
        let x = vm.to_number(a)?;
        if x.is_nan() || r.is_nan() {
            r = f64::NAN;
        } else if x > r || (x == 0.0 && r == 0.0 && r.is_sign_negative()) {
            r = x;
        }
    }
    Ok(Value::number(r))
}

// 21.3.2.25 Math.min ( ...args ): -0 < +0.
fn math_min(vm: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    let mut r = f64::INFINITY;
    for &a in args {
        let x = vm.to_number(a)?;
        if x.is_nan() || r.is_nan() {
            r = f64::NAN;
        } else if x < r || (x == 0.0 && r == 0.0 && x.is_sign_negative()) {
            r = x;
        }
    }
    Ok(Value::number(r))
}

// 21.3.2.26 Math.pow ( base, exponent ), 6.1.6.1.3 Number::exponentiate: unlike IEEE pow, a NaN
// exponent always gives NaN, and so does (±1) ** ±∞.
fn math_pow(vm: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    let base = vm.to_number(arg(args, 0))?;
    let exponent = vm.to_number(arg(args, 1))?;
    Ok(Value::number(
        if exponent.is_nan() || (base.abs() == 1.0 && exponent.is_infinite()) {
            f64::NAN
        } else {
            base.powf(exponent)
        },
    ))
}

/// A fresh generator state for `Math.random`: an internal object holding the 64-bit state as two
/// int32 halves (a `Value` cannot hold 64 arbitrary bits). Seeded from the process's hash keys and a
/// counter, so two realms never share a sequence.
fn random_state(vm: &mut Vm) -> Value {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static REALMS: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(REALMS.fetch_add(1, Ordering::Relaxed));
    let seed = hasher.finish() | 1;
    let mut state = Object::new(None, ObjectKind::Ordinary);
    state.elements = Elements::from_values(vec![
        Value::int((seed >> 32) as u32 as i32),
        Value::int(seed as u32 as i32),
    ]);
    Value::object(vm.alloc_object(state))
}

// 21.3.2.27 Math.random ( ): xorshift64* (Vigna), 53 random bits scaled into [0, 1).
fn math_random(vm: &mut Vm, _: Value, _: &[Value]) -> JsResult<Value> {
    let data = vm.native_data().as_object();
    let Some(state) = data else {
        return Ok(Value::number(0.0));
    };
    let Some(halves) = vm.heap.object_mut(state).elements.dense_mut() else {
        return Ok(Value::number(0.0));
    };
    let (hi, lo) = match halves.as_slice() {
        [hi, lo] => (hi.as_int().unwrap_or(0), lo.as_int().unwrap_or(1)),
        _ => (0, 1),
    };
    let mut x = (u64::from(hi as u32) << 32) | u64::from(lo as u32);
    if x == 0 {
        x = 1;
    }
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *halves = vec![
        Value::int((x >> 32) as u32 as i32),
        Value::int(x as u32 as i32),
    ];
    let bits = x.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11;
    Ok(Value::number(bits as f64 / (1u64 << 53) as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: f64, b: f64) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    #[test]
    fn round_is_half_up_and_keeps_negative_zero() {
        for (x, r) in [
            (0.5, 1.0),
            (-0.5, -0.0),
            (2.5, 3.0),
            (-2.5, -2.0),
            (0.49999999999999994, 0.0),
            (-0.3, -0.0),
            (-0.0, -0.0),
            (1.5, 2.0),
            (4503599627370495.5, 4503599627370496.0),
            (-4503599627370495.5, -4503599627370495.0),
            (f64::INFINITY, f64::INFINITY),
        ] {
            assert!(same(round(x), r), "round({x}) = {}", round(x));
        }
        assert!(round(f64::NAN).is_nan());
    }

    #[test]
    fn hypot_special_values_and_exact_cases() {
        assert_eq!(hypot(&[3.0, 4.0]), 5.0);
        assert_eq!(hypot(&[f64::NAN, f64::NEG_INFINITY]), f64::INFINITY);
        assert!(hypot(&[f64::NAN, 1.0]).is_nan());
        assert!(same(hypot(&[-0.0, -0.0]), 0.0));
        assert!(same(hypot(&[]), 0.0));
        assert_eq!(hypot(&[1e200, 1e200]), 1e200 * std::f64::consts::SQRT_2);
    }

    #[test]
    fn f16round_rounds_once_to_nearest_even() {
        for (x, r) in [
            (1.0, 1.0),
            (1.337, 1.3369140625),
            (65504.0, 65504.0),
            (65519.99, 65504.0),
            (65520.0, f64::INFINITY),
            (5.960464477539063e-8, 5.960464477539063e-8),
            (2.9802322387695312e-8, 0.0),
            (2.980232238769532e-8, 5.960464477539063e-8),
            (-1e-10, -0.0),
            // Halfway between 1 and 1 + 2^-10: ties to even.
            (1.00048828125, 1.0),
        ] {
            assert!(same(f16round(x), r), "f16round({x}) = {}", f16round(x));
        }
    }

    #[test]
    fn special_values() {
        assert!(same(asinh(-0.0), -0.0));
        assert!(same(atanh(-0.0), -0.0));
        assert_eq!(atanh(1.0), f64::INFINITY);
        assert!(atanh(1.5).is_nan());
        assert!(acosh(0.5).is_nan());
        assert_eq!(acosh(f64::INFINITY), f64::INFINITY);
        assert!(same(sinh(-0.0), -0.0));
        assert!(same(tanh(-0.0), -0.0));
        assert_eq!(tanh(f64::INFINITY), 1.0);
        assert_eq!(clz32(0.0), 32.0);
        assert_eq!(clz32(-1.0), 0.0);
        assert!(same(sign(-0.0), -0.0));
        assert!(same(fround(5.5), 5.5));
        assert_eq!(fround(5.05), 5.050000190734863);
    }
}
