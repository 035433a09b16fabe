//! `String`, `String.prototype` and string iterators (ECMA-262 22.1).

use super::arg;
use crate::runtime::number;
use crate::runtime::object::{Object, ObjectKind};
use crate::runtime::value::Kind;
use crate::runtime::Value;
use crate::vm::{JsResult, Vm};

pub fn install(vm: &mut Vm) {
    // String
    let string_prototype = vm.realm.string_prototype;
    vm.define_constructor(
        "String",
        1,
        string_constructor,
        string_prototype,
        Value::UNDEFINED,
    );
    vm.define_method(string_prototype, "toString", 0, this_string);
    vm.define_method(string_prototype, "valueOf", 0, this_string);
    vm.define_method(string_prototype, "toUpperCase", 0, |vm, this, _| {
        let s = this_string_text(vm, this)?;
        Ok(Value::string(vm.alloc_str(&s.to_uppercase())))
    });
    vm.define_method(string_prototype, "toLowerCase", 0, |vm, this, _| {
        let s = this_string_text(vm, this)?;
        Ok(Value::string(vm.alloc_str(&s.to_lowercase())))
    });
    vm.define_method(string_prototype, "charAt", 1, |vm, this, args| {
        let units = this_units(vm, this)?;
        let i = number::to_integer_or_infinity(vm.to_number(arg(args, 0))?);
        let r = if i >= 0.0 && (i as usize) < units.len() {
            vm.alloc_utf16(&units[i as usize..i as usize + 1])
        } else {
            vm.heap.intern("")
        };
        Ok(Value::string(r))
    });
    vm.define_method(string_prototype, "indexOf", 1, |vm, this, args| {
        let units = this_units(vm, this)?;
        let needle = vm.to_string(arg(args, 0))?;
        let mut n = Vec::new();
        vm.heap.flat(needle).push_to(&mut n);
        let found = if n.is_empty() {
            Some(0)
        } else {
            units.windows(n.len()).position(|w| w == n.as_slice())
        };
        Ok(Value::int(found.map_or(-1, |i| i as i32)))
    });
    vm.define_method(string_prototype, "slice", 2, |vm, this, args| {
        let units = this_units(vm, this)?;
        let len = units.len() as f64;
        let clamp = |x: f64| {
            if x < 0.0 {
                (len + x).max(0.0)
            } else {
                x.min(len)
            }
        };
        let start = clamp(number::to_integer_or_infinity(vm.to_number(arg(args, 0))?));
        let end = if arg(args, 1).is_undefined() {
            len
        } else {
            clamp(number::to_integer_or_infinity(vm.to_number(arg(args, 1))?))
        };
        let r = if start < end {
            vm.alloc_utf16(&units[start as usize..end as usize])
        } else {
            vm.heap.intern("")
        };
        Ok(Value::string(r))
    });
}

fn string_constructor(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = if args.is_empty() {
        vm.heap.intern("")
    } else {
        vm.to_string(arg(args, 0))?
    };
    if this.is_hole() {
        let proto = vm.realm.string_prototype;
        return Ok(Value::object(
            vm.alloc_object(Object::new(Some(proto), ObjectKind::String(s))),
        ));
    }
    Ok(Value::string(s))
}

fn this_string(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    match this.kind() {
        Kind::String(_) => Ok(this),
        Kind::Object(o) => match vm.heap.object(o).kind {
            ObjectKind::String(s) => Ok(Value::string(s)),
            _ => vm.type_error("String.prototype.valueOf requires that 'this' be a String"),
        },
        _ => vm.type_error("String.prototype.valueOf requires that 'this' be a String"),
    }
}

fn this_units(vm: &mut Vm, this: Value) -> JsResult<Vec<u16>> {
    if this.is_nullish() {
        return vm.type_error("String.prototype method called on null or undefined");
    }
    let s = vm.to_string(this)?;
    let mut units = Vec::new();
    vm.heap.flat(s).push_to(&mut units);
    Ok(units)
}

fn this_string_text(vm: &mut Vm, this: Value) -> JsResult<String> {
    let units = this_units(vm, this)?;
    Ok(String::from_utf16_lossy(&units))
}
