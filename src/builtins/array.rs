//! `Array`, `Array.prototype` and array iterators (ECMA-262 23.1).

use super::{arg, array_like_to_vec};
use crate::runtime::number;
use crate::runtime::object::{IterationKind, Object, ObjectKind};
use crate::runtime::property::PropertyKey;
use crate::runtime::Value;
use crate::vm::realm::ErrorKind;
use crate::vm::{JsResult, Vm};

pub fn install(vm: &mut Vm) {
    // Array
    let array_prototype = vm.realm.array_prototype;
    let array_ctor = vm.define_constructor(
        "Array",
        1,
        array_constructor,
        array_prototype,
        Value::UNDEFINED,
    );
    vm.define_method(array_ctor, "isArray", 1, |vm, _, args| {
        Ok(Value::boolean(arg(args, 0).as_object().is_some_and(|o| {
            matches!(vm.heap.object(o).kind, ObjectKind::Array { .. })
        })))
    });
    vm.define_method(array_prototype, "push", 1, |vm, this, args| {
        let o = vm.to_object(this)?;
        let length_key = vm.key("length");
        let len_value = vm.get_value(Value::object(o), length_key)?;
        let mut len = vm.to_number(len_value)? as u32;
        for &a in args {
            vm.set_value(Value::object(o), PropertyKey::Index(len), a, true)?;
            len += 1;
        }
        vm.set_value(
            Value::object(o),
            length_key,
            Value::number(len as f64),
            true,
        )?;
        Ok(Value::number(len as f64))
    });
    vm.define_method(array_prototype, "pop", 0, |vm, this, _| {
        let o = vm.to_object(this)?;
        let length_key = vm.key("length");
        let len_value = vm.get_value(Value::object(o), length_key)?;
        let len = vm.to_number(len_value)? as u32;
        if len == 0 {
            vm.set_value(Value::object(o), length_key, Value::int(0), true)?;
            return Ok(Value::UNDEFINED);
        }
        let v = vm.get_value(Value::object(o), PropertyKey::Index(len - 1))?;
        vm.delete_property(o, PropertyKey::Index(len - 1));
        vm.set_value(
            Value::object(o),
            length_key,
            Value::number((len - 1) as f64),
            true,
        )?;
        Ok(v)
    });
    vm.define_method(array_prototype, "join", 1, |vm, this, args| {
        let items = array_like_to_vec(vm, this)?;
        let sep = if arg(args, 0).is_undefined() {
            ",".to_string()
        } else {
            vm.to_rust_string(arg(args, 0))?
        };
        let mut parts = Vec::with_capacity(items.len());
        for v in items {
            parts.push(if v.is_nullish() || v.is_hole() {
                String::new()
            } else {
                vm.to_rust_string(v)?
            });
        }
        Ok(Value::string(vm.alloc_str(&parts.join(&sep))))
    });
    vm.define_method(array_prototype, "toString", 0, |vm, this, _| {
        let join = vm.key("join");
        let f = vm.get_value(this, join)?;
        vm.call(f, this, &[])
    });
    vm.define_method(array_prototype, "indexOf", 1, |vm, this, args| {
        let items = array_like_to_vec(vm, this)?;
        for (i, v) in items.into_iter().enumerate() {
            if !v.is_hole() && vm.strictly_equal(v, arg(args, 0)) {
                return Ok(Value::int(i as i32));
            }
        }
        Ok(Value::int(-1))
    });
    vm.define_method(array_prototype, "forEach", 1, |vm, this, args| {
        let items = array_like_to_vec(vm, this)?;
        for (i, v) in items.into_iter().enumerate() {
            if !v.is_hole() {
                vm.call(arg(args, 0), arg(args, 1), &[v, Value::int(i as i32), this])?;
            }
        }
        Ok(Value::UNDEFINED)
    });
    vm.define_method(array_prototype, "map", 1, |vm, this, args| {
        let items = array_like_to_vec(vm, this)?;
        let mut out = Vec::with_capacity(items.len());
        for (i, v) in items.into_iter().enumerate() {
            out.push(if v.is_hole() {
                v
            } else {
                vm.call(arg(args, 0), arg(args, 1), &[v, Value::int(i as i32), this])?
            });
            vm.root(*out.last().expect("pushed"));
        }
        Ok(Value::object(vm.new_array(out)))
    });
    vm.define_method(array_prototype, "filter", 1, |vm, this, args| {
        let items = array_like_to_vec(vm, this)?;
        let mut out = Vec::new();
        for (i, v) in items.into_iter().enumerate() {
            if !v.is_hole() {
                let keep = vm.call(arg(args, 0), arg(args, 1), &[v, Value::int(i as i32), this])?;
                if vm.to_boolean(keep) {
                    out.push(v);
                }
            }
        }
        Ok(Value::object(vm.new_array(out)))
    });
    vm.define_method(array_prototype, "slice", 2, |vm, this, args| {
        let items = array_like_to_vec(vm, this)?;
        let len = items.len() as f64;
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
        let out: Vec<Value> = if start < end {
            items[start as usize..end as usize].to_vec()
        } else {
            Vec::new()
        };
        Ok(Value::object(vm.new_array(out)))
    });
}

fn array_constructor(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    if let [len] = args {
        if let Some(n) = len.as_number() {
            if n < 0.0 || n != (n as u32) as f64 {
                return vm.throw(ErrorKind::RangeError, "Invalid array length");
            }
            let a = vm.new_array(Vec::new());
            if let ObjectKind::Array { length, .. } = &mut vm.heap.object_mut(a).kind {
                *length = n as u32;
            }
            return Ok(Value::object(a));
        }
    }
    Ok(Value::object(vm.new_array(args.to_vec())))
}

pub(crate) fn make_array_iterator(
    vm: &mut Vm,
    this: Value,
    kind: IterationKind,
) -> JsResult<Value> {
    let target = Value::object(vm.to_object(this)?);
    let proto = vm.realm.array_iterator_prototype;
    Ok(Value::object(vm.alloc_object(Object::new(
        Some(proto),
        ObjectKind::ArrayIterator {
            target,
            index: 0,
            kind,
        },
    ))))
}

pub fn array_iterator_step(vm: &mut Vm, this: Value) -> JsResult<(Value, bool)> {
    let Some(o) = this.as_object() else {
        return vm.type_error("next called on incompatible receiver");
    };
    let ObjectKind::ArrayIterator {
        target,
        index,
        kind,
    } = vm.heap.object(o).kind
    else {
        return vm.type_error("next called on incompatible receiver");
    };
    if target.is_undefined() {
        return Ok((Value::UNDEFINED, true));
    }
    let length = match target.as_object().map(|t| &vm.heap.object(t).kind) {
        Some(ObjectKind::Array { length, .. }) => *length as f64,
        _ => {
            let key = vm.key("length");
            let len = vm.get_value(target, key)?;
            number::to_integer_or_infinity(vm.to_number(len)?).max(0.0)
        }
    };
    if index as f64 >= length {
        if let ObjectKind::ArrayIterator { target, .. } = &mut vm.heap.object_mut(o).kind {
            *target = Value::UNDEFINED;
        }
        return Ok((Value::UNDEFINED, true));
    }
    if let ObjectKind::ArrayIterator { index, .. } = &mut vm.heap.object_mut(o).kind {
        *index += 1;
    }
    let value = match kind {
        IterationKind::Keys => Value::number(index as f64),
        IterationKind::Values => vm.get_value(target, PropertyKey::Index(index))?,
        IterationKind::Entries => {
            let v = vm.get_value(target, PropertyKey::Index(index))?;
            vm.root(v);
            Value::object(vm.new_array(vec![Value::number(index as f64), v]))
        }
    };
    Ok((value, false))
}
