//! `BigInt` (ECMA-262 21.2). The arithmetic is in `runtime::bigint`, the conversions (ToBigInt,
//! ToNumeric) in `vm::ops`.

use super::arg;
use crate::runtime::bigint;
use crate::runtime::number;
use crate::runtime::object::ObjectKind;
use crate::runtime::property::{Attrs, PropertyKey};
use crate::runtime::value::{BigIntRef, Kind};
use crate::runtime::{NativeFn, Value};
use crate::vm::ops::Hint;
use crate::vm::realm::ErrorKind;
use crate::vm::{JsResult, Vm};

pub fn install(vm: &mut Vm) {
    let prototype = vm.realm.bigint_prototype;
    let ctor = vm.define_constructor("BigInt", 1, bigint_constructor, prototype, Value::UNDEFINED);
    vm.define_method(ctor, "asIntN", 2, bigint_as_int_n);
    vm.define_method(ctor, "asUintN", 2, bigint_as_uint_n);
    let methods: [(&str, u32, NativeFn); 3] = [
        ("toLocaleString", 0, bigint_to_locale_string),
        ("toString", 0, bigint_to_string),
        ("valueOf", 0, bigint_value_of),
    ];
    for (name, length, f) in methods {
        vm.define_method(prototype, name, length, f);
    }
    // 21.2.3.5 BigInt.prototype [ @@toStringTag ]
    let tag = vm.realm.symbols.to_string_tag;
    let tag_value = Value::string(vm.heap.intern("BigInt"));
    vm.define_own(
        prototype,
        PropertyKey::Symbol(tag),
        tag_value,
        Attrs::new(Attrs::CONFIGURABLE),
    );
}

// ECMA-262 21.2.1.1 BigInt ( value )
fn bigint_constructor(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    if this.is_hole() {
        return vm.type_error("BigInt is not a constructor");
    }
    let prim = vm.to_primitive(arg(args, 0), Hint::Number)?;
    if let Some(n) = prim.as_number() {
        // 21.2.1.1.1 NumberToBigInt ( number )
        return match bigint::from_f64(n) {
            Some(b) => Ok(vm.alloc_bigint(b)),
            None => {
                let text = number::number_to_string(n);
                vm.throw(
                    ErrorKind::RangeError,
                    format!("The number {text} cannot be converted to a BigInt because it is not an integer"),
                )
            }
        };
    }
    Ok(Value::bigint(vm.to_bigint(prim)?))
}

// ECMA-262 7.1.22 ToIndex ( value )
fn to_index(vm: &mut Vm, v: Value) -> JsResult<u64> {
    let integer = number::to_integer_or_infinity(vm.to_number(v)?);
    if !(0.0..=9007199254740991.0).contains(&integer) {
        return vm.throw(
            ErrorKind::RangeError,
            "Invalid value: not (convertible to) a safe integer",
        );
    }
    Ok(integer as u64)
}

// ECMA-262 21.2.2.1 BigInt.asIntN ( bits, bigint )
fn bigint_as_int_n(vm: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    let bits = to_index(vm, arg(args, 0))?;
    let b = vm.to_bigint(arg(args, 1))?;
    let result = bigint::as_int_n(bits, vm.heap.bigint(b));
    vm.bigint_result(result)
}

// ECMA-262 21.2.2.2 BigInt.asUintN ( bits, bigint )
fn bigint_as_uint_n(vm: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    let bits = to_index(vm, arg(args, 0))?;
    let b = vm.to_bigint(arg(args, 1))?;
    let result = bigint::as_uint_n(bits, vm.heap.bigint(b));
    vm.bigint_result(result)
}

// ECMA-262 21.2.3.4.1 ThisBigIntValue ( value )
fn this_bigint_value(vm: &mut Vm, this: Value, method: &str) -> JsResult<BigIntRef> {
    match this.kind() {
        Kind::BigInt(b) => return Ok(b),
        Kind::Object(o) => {
            if let ObjectKind::BigInt(b) = vm.heap.object(o).kind {
                return Ok(b);
            }
        }
        _ => {}
    }
    vm.type_error(format!(
        "BigInt.prototype.{method} requires that 'this' be a BigInt"
    ))
}

// ECMA-262 21.2.3.2 BigInt.prototype.toLocaleString ( [ reserved1 [ , reserved2 ] ] ): without
// ECMA-402, the same as toString().
fn bigint_to_locale_string(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    let b = this_bigint_value(vm, this, "toLocaleString")?;
    let text = bigint::to_string_radix(vm.heap.bigint(b), 10);
    Ok(Value::string(vm.alloc_str(&text)))
}

// ECMA-262 21.2.3.3 BigInt.prototype.toString ( [ radix ] )
fn bigint_to_string(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let b = this_bigint_value(vm, this, "toString")?;
    // `this` may be a wrapper object or a primitive, both rooted by the caller; `b` lives with it.
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
    let text = bigint::to_string_radix(vm.heap.bigint(b), radix as u32);
    Ok(Value::string(vm.alloc_str(&text)))
}

// ECMA-262 21.2.3.4 BigInt.prototype.valueOf ( )
fn bigint_value_of(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    Ok(Value::bigint(this_bigint_value(vm, this, "valueOf")?))
}
