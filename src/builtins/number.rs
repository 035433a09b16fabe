//! `Number` and `Boolean` (ECMA-262 21.1, 20.3).
//!
//! `Number.parseInt` and `Number.parseFloat` are the global functions themselves; `global.rs`
//! installs them on both.

use super::arg;
use crate::runtime::number;
use crate::runtime::object::{Object, ObjectKind};
use crate::runtime::property::Attrs;
use crate::runtime::value::Kind;
use crate::runtime::{NativeFn, Value};
use crate::vm::realm::ErrorKind;
use crate::vm::{JsResult, Vm};

pub fn install(vm: &mut Vm) {
    // Number (ECMA-262 21.1)
    let number_prototype = vm.realm.number_prototype;
    let number_ctor = vm.define_constructor(
        "Number",
        1,
        number_constructor,
        number_prototype,
        Value::UNDEFINED,
    );
    // 21.1.2 Properties of the Number Constructor: the value properties.
    let constants = [
        ("EPSILON", f64::EPSILON),
        ("MAX_SAFE_INTEGER", MAX_SAFE_INTEGER),
        ("MAX_VALUE", f64::MAX),
        ("MIN_SAFE_INTEGER", -MAX_SAFE_INTEGER),
        ("MIN_VALUE", f64::from_bits(1)),
        ("NaN", f64::NAN),
        ("NEGATIVE_INFINITY", f64::NEG_INFINITY),
        ("POSITIVE_INFINITY", f64::INFINITY),
    ];
    for (name, value) in constants {
        vm.define_value(number_ctor, name, Value::number(value), Attrs::FROZEN);
    }
    let statics: [(&str, NativeFn); 4] = [
        ("isFinite", number_is_finite),
        ("isInteger", number_is_integer),
        ("isNaN", number_is_nan),
        ("isSafeInteger", number_is_safe_integer),
    ];
    for (name, f) in statics {
        vm.define_method(number_ctor, name, 1, f);
    }
    let methods: [(&str, u32, NativeFn); 6] = [
        ("toExponential", 1, number_to_exponential),
        ("toFixed", 1, number_to_fixed),
        ("toLocaleString", 0, number_to_locale_string),
        ("toPrecision", 1, number_to_precision),
        ("toString", 1, number_to_string),
        ("valueOf", 0, number_value_of),
    ];
    for (name, length, f) in methods {
        vm.define_method(number_prototype, name, length, f);
    }

    // Boolean (ECMA-262 20.3)
    let boolean_prototype = vm.realm.boolean_prototype;
    vm.define_constructor(
        "Boolean",
        1,
        boolean_constructor,
        boolean_prototype,
        Value::UNDEFINED,
    );
    vm.define_method(boolean_prototype, "toString", 0, boolean_to_string);
    vm.define_method(boolean_prototype, "valueOf", 0, boolean_value_of);
}

/// 2^53 - 1.
const MAX_SAFE_INTEGER: f64 = 9007199254740991.0;

// ECMA-262 21.1.1.1 Number ( value )
fn number_constructor(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let (new_target, callee) = (vm.native_new_target, vm.native_callee);
    let n = if args.is_empty() {
        0.0
    } else {
        // ToNumeric, then 𝔽(ℝ(prim)) for a BigInt.
        let prim = vm.to_numeric(arg(args, 0))?;
        match prim.as_bigint() {
            Some(b) => crate::runtime::bigint::to_f64(vm.heap.bigint(b)),
            None => prim.as_number().unwrap_or(f64::NAN),
        }
    };
    if this.is_hole() {
        // ECMA-262 21.1.1.1 step 4: after ToNumeric.
        let default = vm.realm.number_prototype;
        let proto = vm.prototype_from_constructor(new_target, callee, default)?;
        return Ok(Value::object(
            vm.alloc_object(Object::new(Some(proto), ObjectKind::Number(n))),
        ));
    }
    Ok(Value::number(n))
}

// ECMA-262 21.1.2.2 Number.isFinite ( number )
fn number_is_finite(_: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    Ok(Value::boolean(
        arg(args, 0).as_number().is_some_and(f64::is_finite),
    ))
}

/// ECMA-262 7.2.6 IsIntegralNumber.
fn is_integral(v: Value) -> Option<f64> {
    v.as_number().filter(|n| n.is_finite() && n.trunc() == *n)
}

// ECMA-262 21.1.2.3 Number.isInteger ( number )
fn number_is_integer(_: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    Ok(Value::boolean(is_integral(arg(args, 0)).is_some()))
}

// ECMA-262 21.1.2.4 Number.isNaN ( number )
fn number_is_nan(_: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    Ok(Value::boolean(
        arg(args, 0).as_number().is_some_and(f64::is_nan),
    ))
}

// ECMA-262 21.1.2.5 Number.isSafeInteger ( number )
fn number_is_safe_integer(_: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    Ok(Value::boolean(
        is_integral(arg(args, 0)).is_some_and(|n| n.abs() <= MAX_SAFE_INTEGER),
    ))
}

// ECMA-262 21.1.3.7.1 ThisNumberValue ( value )
fn this_number_value(vm: &mut Vm, this: Value, method: &str) -> JsResult<f64> {
    match this.kind() {
        Kind::Number => return Ok(this.as_number().unwrap_or(f64::NAN)),
        Kind::Object(o) => {
            if let ObjectKind::Number(n) = vm.heap.object(o).kind {
                return Ok(n);
            }
        }
        _ => {}
    }
    vm.type_error(format!(
        "Number.prototype.{method} requires that 'this' be a Number"
    ))
}

fn string_result(vm: &mut Vm, text: &str) -> JsResult<Value> {
    Ok(Value::string(vm.alloc_str(text)))
}

// ECMA-262 21.1.3.2 Number.prototype.toExponential ( fractionDigits )
fn number_to_exponential(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let x = this_number_value(vm, this, "toExponential")?;
    let fraction_digits = arg(args, 0);
    let f = number::to_integer_or_infinity(vm.to_number(fraction_digits)?);
    if !x.is_finite() {
        return string_result(vm, &number::number_to_string(x));
    }
    if !(0.0..=100.0).contains(&f) {
        return vm.throw(
            ErrorKind::RangeError,
            "toExponential() argument must be between 0 and 100",
        );
    }
    let digits = if fraction_digits.is_undefined() {
        None
    } else {
        Some(f as u32)
    };
    string_result(vm, &number::to_exponential(x, digits))
}

// ECMA-262 21.1.3.3 Number.prototype.toFixed ( fractionDigits )
fn number_to_fixed(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let x = this_number_value(vm, this, "toFixed")?;
    let f = number::to_integer_or_infinity(vm.to_number(arg(args, 0))?);
    if !(0.0..=100.0).contains(&f) {
        return vm.throw(
            ErrorKind::RangeError,
            "toFixed() digits argument must be between 0 and 100",
        );
    }
    string_result(vm, &number::to_fixed(x, f as u32))
}

// ECMA-262 21.1.3.4 Number.prototype.toLocaleString ( ): without ECMA-402, the same as toString().
fn number_to_locale_string(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    let x = this_number_value(vm, this, "toLocaleString")?;
    string_result(vm, &number::number_to_string(x))
}

// ECMA-262 21.1.3.5 Number.prototype.toPrecision ( precision )
fn number_to_precision(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let x = this_number_value(vm, this, "toPrecision")?;
    let precision = arg(args, 0);
    if precision.is_undefined() {
        return string_result(vm, &number::number_to_string(x));
    }
    let p = number::to_integer_or_infinity(vm.to_number(precision)?);
    if !x.is_finite() {
        return string_result(vm, &number::number_to_string(x));
    }
    if !(1.0..=100.0).contains(&p) {
        return vm.throw(
            ErrorKind::RangeError,
            "toPrecision() argument must be between 1 and 100",
        );
    }
    string_result(vm, &number::to_precision(x, p as u32))
}

// ECMA-262 21.1.3.6 Number.prototype.toString ( [ radix ] )
fn number_to_string(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let x = this_number_value(vm, this, "toString")?;
    let radix = if arg(args, 0).is_undefined() {
        10.0
    } else {
        number::to_integer_or_infinity(vm.to_number(arg(args, 0))?)
    };
    if !(2.0..=36.0).contains(&radix) {
        return vm.throw(
            ErrorKind::RangeError,
            "toString() radix argument must be between 2 and 36",
        );
    }
    string_result(vm, &number::number_to_string_radix(x, radix as u32))
}

// ECMA-262 21.1.3.7 Number.prototype.valueOf ( )
fn number_value_of(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    Ok(Value::number(this_number_value(vm, this, "valueOf")?))
}

// ECMA-262 20.3.1.1 Boolean ( value )
fn boolean_constructor(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let b = vm.to_boolean(arg(args, 0));
    if this.is_hole() {
        let default = vm.realm.boolean_prototype;
        let proto = vm.native_prototype_from_new_target(default)?;
        return Ok(Value::object(
            vm.alloc_object(Object::new(Some(proto), ObjectKind::Boolean(b))),
        ));
    }
    Ok(Value::boolean(b))
}

// ECMA-262 20.3.3.3.1 ThisBooleanValue ( value )
fn this_boolean_value(vm: &mut Vm, this: Value, method: &str) -> JsResult<bool> {
    match this.kind() {
        Kind::Boolean(b) => return Ok(b),
        Kind::Object(o) => {
            if let ObjectKind::Boolean(b) = vm.heap.object(o).kind {
                return Ok(b);
            }
        }
        _ => {}
    }
    vm.type_error(format!(
        "Boolean.prototype.{method} requires that 'this' be a Boolean"
    ))
}

// ECMA-262 20.3.3.2 Boolean.prototype.toString ( )
fn boolean_to_string(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    let b = this_boolean_value(vm, this, "toString")?;
    Ok(Value::string(vm.heap.intern(if b {
        "true"
    } else {
        "false"
    })))
}

// ECMA-262 20.3.3.3 Boolean.prototype.valueOf ( )
fn boolean_value_of(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    Ok(Value::boolean(this_boolean_value(vm, this, "valueOf")?))
}
