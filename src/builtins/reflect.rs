//! The `Reflect` object (ECMA-262 28.1).

use super::arg;
use super::function::create_list_from_array_like;
use crate::runtime::object::{Object, ObjectKind};
use crate::runtime::property::{Attrs, PropertyKey};
use crate::runtime::value::{Kind, ObjectRef};
use crate::runtime::{NativeFn, Value};
use crate::vm::{JsResult, Vm};

pub fn install(vm: &mut Vm) {
    let proto = vm.realm.object_prototype;
    let reflect = vm.alloc_object(Object::new(Some(proto), ObjectKind::Ordinary));
    let global = vm.realm.global;
    vm.define_value(global, "Reflect", Value::object(reflect), Attrs::HIDDEN);
    let methods: [(&str, u32, NativeFn); 13] = [
        ("apply", 3, reflect_apply),
        ("construct", 2, reflect_construct),
        // ECMA-262 28.1.3 Reflect.defineProperty.
        ("defineProperty", 3, |vm, _, args| {
            let o = target(vm, args, "defineProperty")?;
            let key = vm.to_property_key(arg(args, 1))?;
            let desc = vm.to_property_descriptor(arg(args, 2))?;
            Ok(Value::boolean(vm.define_own_property(o, key, desc)?))
        }),
        // ECMA-262 28.1.4 Reflect.deleteProperty.
        ("deleteProperty", 2, |vm, _, args| {
            let o = target(vm, args, "deleteProperty")?;
            let key = vm.to_property_key(arg(args, 1))?;
            Ok(Value::boolean(vm.delete_property(o, key)?))
        }),
        // ECMA-262 28.1.5 Reflect.get.
        ("get", 2, |vm, _, args| {
            let o = target(vm, args, "get")?;
            let key = vm.to_property_key(arg(args, 1))?;
            let receiver = if args.len() > 2 {
                args[2]
            } else {
                Value::object(o)
            };
            vm.get_from(o, key, receiver)
        }),
        // ECMA-262 28.1.6 Reflect.getOwnPropertyDescriptor.
        ("getOwnPropertyDescriptor", 2, |vm, _, args| {
            let o = target(vm, args, "getOwnPropertyDescriptor")?;
            let key = vm.to_property_key(arg(args, 1))?;
            let desc = vm.get_own_property(o, key)?;
            Ok(vm.from_property_descriptor(desc))
        }),
        // ECMA-262 28.1.7 Reflect.getPrototypeOf.
        ("getPrototypeOf", 1, |vm, _, args| {
            let o = target(vm, args, "getPrototypeOf")?;
            Ok(vm.get_prototype_of(o)?.map_or(Value::NULL, Value::object))
        }),
        // ECMA-262 28.1.8 Reflect.has.
        ("has", 2, |vm, _, args| {
            let o = target(vm, args, "has")?;
            let key = vm.to_property_key(arg(args, 1))?;
            Ok(Value::boolean(vm.has_property(o, key)?))
        }),
        // ECMA-262 28.1.9 Reflect.isExtensible.
        ("isExtensible", 1, |vm, _, args| {
            let o = target(vm, args, "isExtensible")?;
            Ok(Value::boolean(vm.is_extensible(o)?))
        }),
        // ECMA-262 28.1.10 Reflect.ownKeys.
        ("ownKeys", 1, |vm, _, args| {
            let o = target(vm, args, "ownKeys")?;
            let keys: Vec<Value> = vm
                .own_property_keys(o)?
                .into_iter()
                .map(|k| vm.key_to_value(k))
                .collect();
            Ok(Value::object(vm.new_array(keys)))
        }),
        // ECMA-262 28.1.11 Reflect.preventExtensions.
        ("preventExtensions", 1, |vm, _, args| {
            let o = target(vm, args, "preventExtensions")?;
            Ok(Value::boolean(vm.prevent_extensions(o)?))
        }),
        // ECMA-262 28.1.12 Reflect.set.
        ("set", 3, |vm, _, args| {
            let o = target(vm, args, "set")?;
            let key = vm.to_property_key(arg(args, 1))?;
            let receiver = if args.len() > 3 {
                args[3]
            } else {
                Value::object(o)
            };
            Ok(Value::boolean(vm.ordinary_set(
                o,
                key,
                arg(args, 2),
                receiver,
            )?))
        }),
        // ECMA-262 28.1.13 Reflect.setPrototypeOf.
        ("setPrototypeOf", 2, |vm, _, args| {
            let o = target(vm, args, "setPrototypeOf")?;
            let proto = match arg(args, 1).kind() {
                Kind::Object(p) => Some(p),
                Kind::Null => None,
                _ => {
                    let shown = vm.describe_for_error(arg(args, 1));
                    return vm.type_error(format!(
                        "Object prototype may only be an Object or null: {shown}"
                    ));
                }
            };
            Ok(Value::boolean(vm.set_prototype_of(o, proto)?))
        }),
    ];
    for (name, length, f) in methods {
        vm.define_method(reflect, name, length, f);
    }
    // ECMA-262 28.1.14 Reflect[@@toStringTag]
    let tag = Value::string(vm.heap.intern("Reflect"));
    let key = PropertyKey::Symbol(vm.realm.symbols.to_string_tag);
    vm.define_own(reflect, key, tag, Attrs::new(Attrs::CONFIGURABLE));
}

/// The target argument, which must be an object.
fn target(vm: &mut Vm, args: &[Value], method: &str) -> JsResult<ObjectRef> {
    match arg(args, 0).as_object() {
        Some(o) => Ok(o),
        None => vm.type_error(format!("Reflect.{method} called on non-object")),
    }
}

/// ECMA-262 28.1.1 Reflect.apply(target, thisArgument, argumentsList).
fn reflect_apply(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let f = arg(args, 0);
    if !f.as_object().is_some_and(|o| vm.is_callable(o)) {
        let shown = vm.describe_for_error(f);
        return vm.type_error(format!(
            "Function.prototype.apply was called on {shown}, which is not a function"
        ));
    }
    let list = create_list_from_array_like(vm, arg(args, 2))?;
    vm.call(f, arg(args, 1), &list)
}

/// ECMA-262 28.1.2 Reflect.construct(target, argumentsList [, newTarget]).
fn reflect_construct(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let f = arg(args, 0);
    if !f.as_object().is_some_and(|o| vm.is_constructor(o)) {
        let shown = vm.describe_for_error(f);
        return vm.type_error(format!("{shown} is not a constructor"));
    }
    let new_target = if args.len() > 2 { args[2] } else { f };
    if !new_target.as_object().is_some_and(|o| vm.is_constructor(o)) {
        let shown = vm.describe_for_error(new_target);
        return vm.type_error(format!("{shown} is not a constructor"));
    }
    let list = create_list_from_array_like(vm, arg(args, 1))?;
    vm.construct_with(f, &list, new_target)
}
