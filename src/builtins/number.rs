//! `Number` and `Boolean` (ECMA-262 21.1, 20.3).

use super::arg;
use crate::runtime::number;
use crate::runtime::object::{Object, ObjectKind};
use crate::runtime::property::Attrs;
use crate::runtime::value::Kind;
use crate::runtime::Value;
use crate::vm::realm::ErrorKind;
use crate::vm::{JsResult, Vm};

pub fn install(vm: &mut Vm) {
    // Number, Boolean
    let number_prototype = vm.realm.number_prototype;
    let number_ctor = vm.define_constructor(
        "Number",
        1,
        number_constructor,
        number_prototype,
        Value::UNDEFINED,
    );
    vm.define_value(
        number_ctor,
        "MAX_SAFE_INTEGER",
        Value::number(9007199254740991.0),
        Attrs::FROZEN,
    );
    vm.define_method(number_prototype, "toString", 1, |vm, this, args| {
        let n = match this.kind() {
            Kind::Number => this.as_number().unwrap_or(f64::NAN),
            Kind::Object(o) => match vm.heap.object(o).kind {
                ObjectKind::Number(n) => n,
                _ => {
                    return vm
                        .type_error("Number.prototype.toString requires that 'this' be a Number")
                }
            },
            _ => {
                return vm.type_error("Number.prototype.toString requires that 'this' be a Number")
            }
        };
        let radix = if arg(args, 0).is_undefined() {
            10.0
        } else {
            vm.to_number(arg(args, 0))?
        };
        if !(2.0..=36.0).contains(&radix) {
            return vm.throw(
                ErrorKind::RangeError,
                "toString() radix must be between 2 and 36",
            );
        }
        Ok(Value::string(vm.alloc_str(
            &number::number_to_string_radix(n, radix as u32),
        )))
    });
    vm.define_method(number_prototype, "toFixed", 1, |vm, this, args| {
        let n = vm.to_number(this)?;
        let digits = number::to_integer_or_infinity(vm.to_number(arg(args, 0))?);
        if !(0.0..=100.0).contains(&digits) {
            return vm.throw(
                ErrorKind::RangeError,
                "toFixed() digits argument must be between 0 and 100",
            );
        }
        Ok(Value::string(
            vm.alloc_str(&number::to_fixed(n, digits as u32)),
        ))
    });
    let boolean_prototype = vm.realm.boolean_prototype;
    vm.define_constructor(
        "Boolean",
        1,
        |vm, this, args| {
            let b = vm.to_boolean(arg(args, 0));
            if this.is_hole() {
                let proto = vm.realm.boolean_prototype;
                return Ok(Value::object(
                    vm.alloc_object(Object::new(Some(proto), ObjectKind::Boolean(b))),
                ));
            }
            Ok(Value::boolean(b))
        },
        boolean_prototype,
        Value::UNDEFINED,
    );
}

fn number_constructor(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let n = if args.is_empty() {
        0.0
    } else {
        vm.to_number(arg(args, 0))?
    };
    if this.is_hole() {
        let proto = vm.realm.number_prototype;
        return Ok(Value::object(
            vm.alloc_object(Object::new(Some(proto), ObjectKind::Number(n))),
        ));
    }
    Ok(Value::number(n))
}
