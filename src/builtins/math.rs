//! `Math` (ECMA-262 21.3).

use super::arg;
use crate::runtime::property::Attrs;
use crate::runtime::{NativeFn, Value};
use crate::vm::Vm;

pub fn install(vm: &mut Vm) {
    let global = vm.realm.global;
    // Math
    let math = vm.new_object();
    vm.define_value(global, "Math", Value::object(math), Attrs::HIDDEN);
    vm.define_value(
        math,
        "PI",
        Value::number(std::f64::consts::PI),
        Attrs::FROZEN,
    );
    vm.define_value(math, "E", Value::number(std::f64::consts::E), Attrs::FROZEN);
    let unary: [(&str, NativeFn); 8] = [
        ("floor", |vm, _, a| {
            Ok(Value::number(vm.to_number(arg(a, 0))?.floor()))
        }),
        ("ceil", |vm, _, a| {
            Ok(Value::number(vm.to_number(arg(a, 0))?.ceil()))
        }),
        ("abs", |vm, _, a| {
            Ok(Value::number(vm.to_number(arg(a, 0))?.abs()))
        }),
        ("sqrt", |vm, _, a| {
            Ok(Value::number(vm.to_number(arg(a, 0))?.sqrt()))
        }),
        ("trunc", |vm, _, a| {
            Ok(Value::number(vm.to_number(arg(a, 0))?.trunc()))
        }),
        ("sign", |vm, _, a| {
            let x = vm.to_number(arg(a, 0))?;
            Ok(Value::number(if x.is_nan() || x == 0.0 {
                x
            } else {
                x.signum()
            }))
        }),
        // ECMA-262 21.3.2.28 Math.round: round half up (towards +∞), keeping -0.
        ("round", |vm, _, a| {
            let x = vm.to_number(arg(a, 0))?;
            Ok(Value::number(if x.is_finite() && x.fract() != 0.0 {
                (x + 0.5).floor()
            } else {
                x
            }))
        }),
        ("pow", |vm, _, a| {
            let (x, y) = (vm.to_number(arg(a, 0))?, vm.to_number(arg(a, 1))?);
            Ok(Value::number(
                if y.is_nan() || (x.abs() == 1.0 && y.is_infinite()) {
                    f64::NAN
                } else {
                    x.powf(y)
                },
            ))
        }),
    ];
    for (name, f) in unary {
        vm.define_method(math, name, 1, f);
    }
    vm.define_method(math, "max", 2, |vm, _, args| {
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
    });
    vm.define_method(math, "min", 2, |vm, _, args| {
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
    });
}
