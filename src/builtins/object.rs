//! `Object` and `Object.prototype` (ECMA-262 20.1).

use super::arg;
use crate::runtime::object::ObjectKind;
use crate::runtime::value::Kind;
use crate::runtime::Value;
use crate::vm::{JsResult, Vm};

pub fn install(vm: &mut Vm) {
    // Object
    let object_prototype = vm.realm.object_prototype;
    let object_ctor = vm.define_constructor(
        "Object",
        1,
        object_constructor,
        object_prototype,
        Value::UNDEFINED,
    );
    vm.define_method(object_ctor, "keys", 1, |vm, _, args| {
        let o = vm.to_object(arg(args, 0))?;
        let keys = vm.own_enumerable_keys(o);
        let values: Vec<Value> = keys.into_iter().map(|k| vm.key_to_value(k)).collect();
        Ok(Value::object(vm.new_array(values)))
    });
    // ECMA-262 7.2.10 SameValue.
    vm.define_method(object_ctor, "is", 2, |vm, _, args| {
        let (a, b) = (arg(args, 0), arg(args, 1));
        if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
            return Ok(Value::boolean(
                (x.is_nan() && y.is_nan())
                    || (x == y && x.is_sign_negative() == y.is_sign_negative()),
            ));
        }
        Ok(Value::boolean(vm.strictly_equal(a, b)))
    });
    vm.define_method(object_ctor, "getPrototypeOf", 1, |vm, _, args| {
        let o = vm.to_object(arg(args, 0))?;
        Ok(vm.heap.object(o).proto.map_or(Value::NULL, Value::object))
    });
    vm.define_method(object_prototype, "hasOwnProperty", 1, |vm, this, args| {
        let key = vm.to_property_key(arg(args, 0))?;
        let o = vm.to_object(this)?;
        Ok(Value::boolean(vm.get_own(o, key).is_some()))
    });
    vm.define_method(object_prototype, "toString", 0, |vm, this, _| {
        let tag = match this.kind() {
            Kind::Undefined => "Undefined",
            Kind::Null => "Null",
            Kind::Object(o) => match vm.heap.object(o).kind {
                ObjectKind::Array { .. } => "Array",
                ObjectKind::Function(_) | ObjectKind::Native(_) | ObjectKind::Bound { .. } => {
                    "Function"
                }
                ObjectKind::Error => "Error",
                ObjectKind::Boolean(_) => "Boolean",
                ObjectKind::Number(_) => "Number",
                ObjectKind::String(_) => "String",
                ObjectKind::Arguments { .. } => "Arguments",
                _ => "Object",
            },
            Kind::Number => "Number",
            Kind::String(_) => "String",
            Kind::Boolean(_) => "Boolean",
            _ => "Object",
        };
        Ok(Value::string(vm.alloc_str(&format!("[object {tag}]"))))
    });
    vm.define_method(object_prototype, "valueOf", 0, |vm, this, _| {
        Ok(Value::object(vm.to_object(this)?))
    });
}

fn object_constructor(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let v = arg(args, 0);
    if v.is_nullish() {
        return Ok(Value::object(vm.new_object()));
    }
    Ok(Value::object(vm.to_object(v)?))
}
