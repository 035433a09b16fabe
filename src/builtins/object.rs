//! `Object` and `Object.prototype` (ECMA-262 20.1), with the Annex B accessors (B.2.2).

use super::arg;
use crate::runtime::object::{Object, ObjectKind};
use crate::runtime::property::{Attrs, PropertyKey};
use crate::runtime::value::{Kind, ObjectRef};
use crate::runtime::Value;
use crate::vm::property::{Own, PropertyDescriptor};
use crate::vm::{JsResult, Throw, Vm};

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
    let statics: [(&str, u32, crate::runtime::NativeFn); 23] = [
        ("assign", 2, object_assign),
        ("create", 2, object_create),
        ("defineProperty", 3, object_define_property),
        ("defineProperties", 2, object_define_properties),
        // ECMA-262 20.1.2.5 Object.entries.
        ("entries", 1, |vm, _, args| {
            enumerable_own(vm, arg(args, 0), EnumKind::Entries)
        }),
        // ECMA-262 20.1.2.6 Object.freeze.
        ("freeze", 1, |vm, _, args| {
            set_integrity(vm, arg(args, 0), true)
        }),
        ("fromEntries", 1, object_from_entries),
        // ECMA-262 20.1.2.8 Object.getOwnPropertyDescriptor.
        ("getOwnPropertyDescriptor", 2, |vm, _, args| {
            let o = vm.to_object(arg(args, 0))?;
            let key = vm.to_property_key(arg(args, 1))?;
            let desc = vm.get_own_property(o, key)?;
            Ok(vm.from_property_descriptor(desc))
        }),
        (
            "getOwnPropertyDescriptors",
            1,
            object_get_own_property_descriptors,
        ),
        // ECMA-262 20.1.2.10 Object.getOwnPropertyNames.
        ("getOwnPropertyNames", 1, |vm, _, args| {
            own_keys_array(vm, arg(args, 0), false)
        }),
        // ECMA-262 20.1.2.11 Object.getOwnPropertySymbols.
        ("getOwnPropertySymbols", 1, |vm, _, args| {
            own_keys_array(vm, arg(args, 0), true)
        }),
        // ECMA-262 20.1.2.12 Object.getPrototypeOf.
        ("getPrototypeOf", 1, |vm, _, args| {
            let o = vm.to_object(arg(args, 0))?;
            Ok(vm.get_prototype_of(o)?.map_or(Value::NULL, Value::object))
        }),
        ("groupBy", 2, object_group_by),
        // ECMA-262 20.1.2.14 Object.hasOwn.
        ("hasOwn", 2, |vm, _, args| {
            let o = vm.to_object(arg(args, 0))?;
            let key = vm.to_property_key(arg(args, 1))?;
            Ok(Value::boolean(vm.has_own_property(o, key)?))
        }),
        // ECMA-262 20.1.2.15 Object.is (SameValue).
        ("is", 2, |vm, _, args| {
            Ok(Value::boolean(vm.same_value(arg(args, 0), arg(args, 1))))
        }),
        // ECMA-262 20.1.2.16 Object.isExtensible.
        ("isExtensible", 1, |vm, _, args| {
            match arg(args, 0).as_object() {
                Some(o) => Ok(Value::boolean(vm.is_extensible(o)?)),
                None => Ok(Value::FALSE),
            }
        }),
        // ECMA-262 20.1.2.17 Object.isFrozen.
        ("isFrozen", 1, |vm, _, args| {
            match arg(args, 0).as_object() {
                Some(o) => Ok(Value::boolean(vm.test_integrity_level(o, true)?)),
                None => Ok(Value::TRUE),
            }
        }),
        // ECMA-262 20.1.2.18 Object.isSealed.
        ("isSealed", 1, |vm, _, args| {
            match arg(args, 0).as_object() {
                Some(o) => Ok(Value::boolean(vm.test_integrity_level(o, false)?)),
                None => Ok(Value::TRUE),
            }
        }),
        // ECMA-262 20.1.2.19 Object.keys.
        ("keys", 1, |vm, _, args| {
            enumerable_own(vm, arg(args, 0), EnumKind::Keys)
        }),
        // ECMA-262 20.1.2.20 Object.preventExtensions.
        ("preventExtensions", 1, |vm, _, args| {
            let v = arg(args, 0);
            if let Some(o) = v.as_object() {
                if !vm.prevent_extensions(o)? {
                    return vm.type_error("Cannot prevent extensions");
                }
            }
            Ok(v)
        }),
        // ECMA-262 20.1.2.22 Object.seal.
        ("seal", 1, |vm, _, args| {
            set_integrity(vm, arg(args, 0), false)
        }),
        ("setPrototypeOf", 2, object_set_prototype_of),
        // ECMA-262 20.1.2.24 Object.values.
        ("values", 1, |vm, _, args| {
            enumerable_own(vm, arg(args, 0), EnumKind::Values)
        }),
    ];
    for (name, length, f) in statics {
        vm.define_method(object_ctor, name, length, f);
    }

    // Object.prototype
    let methods: [(&str, u32, crate::runtime::NativeFn); 10] = [
        // ECMA-262 20.1.3.2 Object.prototype.hasOwnProperty.
        ("hasOwnProperty", 1, |vm, this, args| {
            let key = vm.to_property_key(arg(args, 0))?;
            let o = vm.to_object(this)?;
            Ok(Value::boolean(vm.has_own_property(o, key)?))
        }),
        ("isPrototypeOf", 1, object_is_prototype_of),
        // ECMA-262 20.1.3.4 Object.prototype.propertyIsEnumerable.
        ("propertyIsEnumerable", 1, |vm, this, args| {
            let key = vm.to_property_key(arg(args, 0))?;
            let o = vm.to_object(this)?;
            Ok(Value::boolean(vm.has_own_enumerable(o, key)?))
        }),
        // ECMA-262 20.1.3.5 Object.prototype.toLocaleString: Invoke(this, "toString").
        ("toLocaleString", 0, |vm, this, _| {
            let key = vm.key("toString");
            let f = vm.get_value(this, key)?;
            vm.call(f, this, &[])
        }),
        ("toString", 0, object_to_string),
        // ECMA-262 20.1.3.7 Object.prototype.valueOf.
        ("valueOf", 0, |vm, this, _| {
            Ok(Value::object(vm.to_object(this)?))
        }),
        ("__defineGetter__", 2, |vm, this, args| {
            define_legacy_accessor(vm, this, args, false)
        }),
        ("__defineSetter__", 2, |vm, this, args| {
            define_legacy_accessor(vm, this, args, true)
        }),
        ("__lookupGetter__", 1, |vm, this, args| {
            lookup_legacy_accessor(vm, this, args, false)
        }),
        ("__lookupSetter__", 1, |vm, this, args| {
            lookup_legacy_accessor(vm, this, args, true)
        }),
    ];
    for (name, length, f) in methods {
        vm.define_method(object_prototype, name, length, f);
    }

    // Annex B.2.2.1 Object.prototype.__proto__
    let getter = vm.native_function("get __proto__", 0, proto_getter, false, Value::UNDEFINED);
    let setter = vm.native_function("set __proto__", 1, proto_setter, false, Value::UNDEFINED);
    let key = vm.key("__proto__");
    let desc = PropertyDescriptor {
        get: Some(Value::object(getter)),
        set: Some(Value::object(setter)),
        enumerable: Some(false),
        configurable: Some(true),
        ..PropertyDescriptor::default()
    };
    vm.ordinary_define_own_property(object_prototype, key, desc);
}

/// ECMA-262 20.1.1.1 Object(value).
fn object_constructor(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    // ECMA-262 20.1.1.1 step 1: a subclass's `super()` makes an ordinary object for new.target.
    let (new_target, callee) = (vm.native_new_target, vm.native_callee);
    if !new_target.is_undefined() && new_target != callee {
        let default = vm.realm.object_prototype;
        let proto = vm.prototype_from_constructor(new_target, callee, default)?;
        return Ok(Value::object(
            vm.alloc_object(Object::new(Some(proto), ObjectKind::Ordinary)),
        ));
    }
    let v = arg(args, 0);
    if v.is_nullish() {
        return Ok(Value::object(vm.new_object()));
    }
    Ok(Value::object(vm.to_object(v)?))
}

/// `Object.prototype may only be an Object or null` unless `v` is an object or null.
fn proto_argument(vm: &mut Vm, v: Value) -> JsResult<Option<ObjectRef>> {
    match v.kind() {
        Kind::Object(o) => Ok(Some(o)),
        Kind::Null => Ok(None),
        _ => {
            let shown = vm.describe_for_error(v);
            vm.type_error(format!(
                "Object prototype may only be an Object or null: {shown}"
            ))
        }
    }
}

/// ECMA-262 20.1.2.1 Object.assign(target, ...sources).
fn object_assign(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let to = vm.to_object(arg(args, 0))?;
    for &source in args.iter().skip(1) {
        if source.is_nullish() {
            continue;
        }
        let from = vm.to_object(source)?;
        for key in vm.own_property_keys(from)? {
            if vm.has_own_enumerable(from, key)? {
                let value = vm.get_value(Value::object(from), key)?;
                vm.root(value);
                vm.set_value(Value::object(to), key, value, true)?;
            }
        }
    }
    Ok(Value::object(to))
}

/// ECMA-262 20.1.2.2 Object.create(O, Properties).
fn object_create(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let proto = proto_argument(vm, arg(args, 0))?;
    let o = vm.alloc_object(Object::new(proto, ObjectKind::Ordinary));
    let properties = arg(args, 1);
    if !properties.is_undefined() {
        define_properties(vm, o, properties)?;
    }
    Ok(Value::object(o))
}

/// ECMA-262 20.1.2.4 Object.defineProperty(O, P, Attributes).
fn object_define_property(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let Some(o) = arg(args, 0).as_object() else {
        return vm.type_error("Object.defineProperty called on non-object");
    };
    let key = vm.to_property_key(arg(args, 1))?;
    let desc = vm.to_property_descriptor(arg(args, 2))?;
    vm.define_property_or_throw(o, key, desc)?;
    Ok(Value::object(o))
}

/// ECMA-262 20.1.2.3 Object.defineProperties(O, Properties).
fn object_define_properties(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let Some(o) = arg(args, 0).as_object() else {
        return vm.type_error("Object.defineProperties called on non-object");
    };
    define_properties(vm, o, arg(args, 1))?;
    Ok(Value::object(o))
}

/// ECMA-262 20.1.2.3.1 ObjectDefineProperties: read every descriptor, then define them all.
fn define_properties(vm: &mut Vm, o: ObjectRef, properties: Value) -> JsResult<()> {
    let props = vm.to_object(properties)?;
    let mut descriptors = Vec::new();
    for key in vm.own_property_keys(props)? {
        if vm.has_own_enumerable(props, key)? {
            let desc_object = vm.get_value(Value::object(props), key)?;
            vm.root(desc_object);
            let desc = vm.to_property_descriptor(desc_object)?;
            descriptors.push((key, desc));
        }
    }
    for (key, desc) in descriptors {
        vm.define_property_or_throw(o, key, desc)?;
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum EnumKind {
    Keys,
    Values,
    Entries,
}

/// ECMA-262 7.3.23 EnumerableOwnProperties, for `Object.keys`, `values` and `entries`.
fn enumerable_own(vm: &mut Vm, v: Value, kind: EnumKind) -> JsResult<Value> {
    let o = vm.to_object(v)?;
    let items = enumerable_own_properties(vm, o, kind)?;
    Ok(Value::object(vm.new_array(items)))
}

/// EnumerableOwnProperties(O, kind) as a list (the values are rooted).
fn enumerable_own_properties(vm: &mut Vm, o: ObjectRef, kind: EnumKind) -> JsResult<Vec<Value>> {
    let mut out = Vec::new();
    for key in vm.own_property_keys(o)? {
        if matches!(key, PropertyKey::Symbol(_)) {
            continue;
        }
        if !vm.has_own_enumerable(o, key)? {
            continue;
        }
        let key_value = vm.key_to_value(key);
        if kind == EnumKind::Keys {
            out.push(key_value);
            continue;
        }
        let value = vm.get_value(Value::object(o), key)?;
        vm.root(value);
        if kind == EnumKind::Values {
            out.push(value);
        } else {
            let entry = vm.new_array(vec![key_value, value]);
            out.push(Value::object(entry));
        }
    }
    Ok(out)
}

/// ECMA-262 20.1.2.6 Object.freeze / 20.1.2.22 Object.seal.
fn set_integrity(vm: &mut Vm, v: Value, frozen: bool) -> JsResult<Value> {
    let Some(o) = v.as_object() else {
        return Ok(v);
    };
    if !vm.set_integrity_level(o, frozen)? {
        return vm.type_error(if frozen {
            "Cannot freeze"
        } else {
            "Cannot seal"
        });
    }
    Ok(v)
}

/// ECMA-262 20.1.2.7 Object.fromEntries(iterable).
fn object_from_entries(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let iterable = arg(args, 0);
    if iterable.is_nullish() {
        let shown = vm.describe_for_error(iterable);
        return vm.type_error(format!("{shown} is not iterable"));
    }
    let o = vm.new_object();
    let (iterator, next) = vm.get_iterator(iterable)?;
    vm.root(next);
    while let Some(entry) = vm.iterator_step(iterator, next)? {
        vm.root(entry);
        let added = (|| {
            if !entry.is_object() {
                let shown = vm.describe_for_error(entry);
                return vm.type_error(format!("Iterator value {shown} is not an entry object"));
            }
            let k = vm.get_value(entry, PropertyKey::Index(0))?;
            vm.root(k);
            let v = vm.get_value(entry, PropertyKey::Index(1))?;
            vm.root(v);
            let key = vm.to_property_key(k)?;
            vm.create_data_property_or_throw(o, key, v)
        })();
        if let Err(e) = added {
            return Err(close_iterator_on_error(vm, iterator, e));
        }
    }
    Ok(Value::object(o))
}

/// ECMA-262 7.4.11 IteratorClose for a throw completion: call `return`, keep the original error.
pub fn close_iterator_on_error(vm: &mut Vm, iterator: Value, error: Throw) -> Throw {
    if let Throw::Exception(e) = &error {
        vm.root(*e);
        let key = vm.key("return");
        if let Ok(method) = vm.get_value(iterator, key) {
            if !method.is_nullish() {
                let _ = vm.call(method, iterator, &[]);
            }
        }
    }
    error
}

/// ECMA-262 20.1.2.9 Object.getOwnPropertyDescriptors(O).
fn object_get_own_property_descriptors(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    let descriptors = vm.new_object();
    for key in vm.own_property_keys(o)? {
        let desc = vm.get_own_property(o, key)?;
        let d = vm.from_property_descriptor(desc);
        if !d.is_undefined() {
            vm.create_data_property_or_throw(descriptors, key, d)?;
        }
    }
    Ok(Value::object(descriptors))
}

/// ECMA-262 20.1.2.11.1 GetOwnPropertyKeys(O, type) as an array.
fn own_keys_array(vm: &mut Vm, v: Value, symbols: bool) -> JsResult<Value> {
    let o = vm.to_object(v)?;
    let keys: Vec<Value> = vm
        .own_property_keys(o)?
        .into_iter()
        .filter(|k| matches!(k, PropertyKey::Symbol(_)) == symbols)
        .map(|k| vm.key_to_value(k))
        .collect();
    Ok(Value::object(vm.new_array(keys)))
}

/// ECMA-262 20.1.2.13 Object.groupBy(items, callback) (7.3.35 GroupBy, property keys).
fn object_group_by(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let (items, callback) = (arg(args, 0), arg(args, 1));
    if items.is_nullish() {
        let shown = vm.describe_for_error(items);
        return vm.type_error(format!("{shown} is not iterable"));
    }
    if !callback.as_object().is_some_and(|c| vm.is_callable(c)) {
        let shown = vm.describe_for_error(callback);
        return vm.type_error(format!("{shown} is not a function"));
    }
    // The groups go straight into the result (a null-prototype object nobody else sees yet): its
    // key order is the order GroupBy's list would give it.
    let groups = vm.alloc_object(Object::new(None, ObjectKind::Ordinary));
    let (iterator, next) = vm.get_iterator(items)?;
    vm.root(next);
    let mut k: u32 = 0;
    while let Some(value) = vm.iterator_step(iterator, next)? {
        vm.root(value);
        let added = (|| {
            let key = vm.call(
                callback,
                Value::UNDEFINED,
                &[value, Value::number(k as f64)],
            )?;
            vm.root(key);
            let key = vm.to_property_key(key)?;
            match vm.get_own(groups, key) {
                Some(Own::Data(group, _)) if group.is_object() => {
                    let group = group.as_object().expect("an object");
                    let ObjectKind::Array { length, .. } = vm.heap.object(group).kind else {
                        return Ok(());
                    };
                    vm.define_own(group, PropertyKey::Index(length), value, Attrs::DEFAULT);
                }
                _ => {
                    let group = vm.new_array(vec![value]);
                    vm.define_own(groups, key, Value::object(group), Attrs::DEFAULT);
                }
            }
            Ok(())
        })();
        if let Err(e) = added {
            return Err(close_iterator_on_error(vm, iterator, e));
        }
        k = k.saturating_add(1);
    }
    Ok(Value::object(groups))
}

/// ECMA-262 20.1.2.23 Object.setPrototypeOf(O, proto).
fn object_set_prototype_of(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let v = arg(args, 0);
    if v.is_nullish() {
        return vm.type_error("Object.setPrototypeOf called on null or undefined");
    }
    let proto = proto_argument(vm, arg(args, 1))?;
    let Some(o) = v.as_object() else {
        return Ok(v);
    };
    if !vm.set_prototype_of(o, proto)? {
        return set_prototype_error(vm, o);
    }
    Ok(v)
}

fn set_prototype_error<T>(vm: &mut Vm, o: ObjectRef) -> JsResult<T> {
    if o == vm.realm.object_prototype {
        return vm.type_error(
            "Immutable prototype object 'Object.prototype' cannot have their prototype set",
        );
    }
    if vm.is_proxy(o) {
        return vm.type_error("'setPrototypeOf' on proxy: trap returned falsish");
    }
    if !vm.heap.object(o).extensible {
        return vm.type_error("#<Object> is not extensible");
    }
    vm.type_error("Cyclic __proto__ value")
}

/// ECMA-262 20.1.3.3 Object.prototype.isPrototypeOf(V).
fn object_is_prototype_of(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let Some(mut v) = arg(args, 0).as_object() else {
        return Ok(Value::FALSE);
    };
    let o = vm.to_object(this)?;
    while let Some(p) = vm.get_prototype_of(v)? {
        if p == o {
            return Ok(Value::TRUE);
        }
        v = p;
    }
    Ok(Value::FALSE)
}

/// ECMA-262 20.1.3.6 Object.prototype.toString().
fn object_to_string(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    let builtin_tag = match this.kind() {
        Kind::Undefined | Kind::Hole => {
            return Ok(Value::string(vm.alloc_str("[object Undefined]")))
        }
        Kind::Null => return Ok(Value::string(vm.alloc_str("[object Null]"))),
        _ => {
            let o = vm.to_object(this)?;
            let is_array = vm.is_array(Value::object(o))?;
            let tag = match vm.heap.object(o).kind {
                _ if is_array => "Array",
                ObjectKind::Arguments { .. } => "Arguments",
                ObjectKind::Function(_) | ObjectKind::Native(_) | ObjectKind::Bound { .. } => {
                    "Function"
                }
                ObjectKind::Proxy { callable: true, .. } => "Function",
                ObjectKind::Error => "Error",
                ObjectKind::Boolean(_) => "Boolean",
                ObjectKind::Number(_) => "Number",
                ObjectKind::String(_) => "String",
                ObjectKind::RegExp(_) => "RegExp",
                ObjectKind::Date(_) => "Date",
                _ => "Object",
            };
            let key = PropertyKey::Symbol(vm.realm.symbols.to_string_tag);
            let tag_value = vm.get_value(Value::object(o), key)?;
            if let Some(s) = tag_value.as_string() {
                let mut units: Vec<u16> = "[object ".encode_utf16().collect();
                vm.heap.flat(s).push_to(&mut units);
                units.push(u16::from(b']'));
                return Ok(Value::string(vm.alloc_utf16(&units)));
            }
            tag
        }
    };
    Ok(Value::string(
        vm.alloc_str(&format!("[object {builtin_tag}]")),
    ))
}

/// Annex B.2.2.1.1 get Object.prototype.__proto__.
fn proto_getter(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    Ok(vm.get_prototype_of(o)?.map_or(Value::NULL, Value::object))
}

/// Annex B.2.2.1.2 set Object.prototype.__proto__.
fn proto_setter(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    if this.is_nullish() {
        return vm.type_error("Object.prototype.__proto__ called on null or undefined");
    }
    let proto = match arg(args, 0).kind() {
        Kind::Object(p) => Some(p),
        Kind::Null => None,
        _ => return Ok(Value::UNDEFINED),
    };
    let Some(o) = this.as_object() else {
        return Ok(Value::UNDEFINED);
    };
    if !vm.set_prototype_of(o, proto)? {
        return set_prototype_error(vm, o);
    }
    Ok(Value::UNDEFINED)
}

/// Annex B.2.2.2 / B.2.2.3 Object.prototype.__defineGetter__ / __defineSetter__.
fn define_legacy_accessor(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    is_setter: bool,
) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let f = arg(args, 1);
    if !f.as_object().is_some_and(|f| vm.is_callable(f)) {
        let which = if is_setter { "Setter" } else { "Getter" };
        return vm.type_error(format!(
            "Object.prototype.__define{which}__: Expecting function"
        ));
    }
    let mut desc = PropertyDescriptor {
        enumerable: Some(true),
        configurable: Some(true),
        ..PropertyDescriptor::default()
    };
    if is_setter {
        desc.set = Some(f);
    } else {
        desc.get = Some(f);
    }
    let key = vm.to_property_key(arg(args, 0))?;
    vm.define_property_or_throw(o, key, desc)?;
    Ok(Value::UNDEFINED)
}

/// Annex B.2.2.4 / B.2.2.5 Object.prototype.__lookupGetter__ / __lookupSetter__.
fn lookup_legacy_accessor(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    is_setter: bool,
) -> JsResult<Value> {
    let mut o = vm.to_object(this)?;
    let key = vm.to_property_key(arg(args, 0))?;
    loop {
        match vm.get_own_property(o, key)? {
            Some(d) if d.is_accessor() => {
                let f = if is_setter { d.set } else { d.get };
                return Ok(f.unwrap_or(Value::UNDEFINED));
            }
            Some(_) => return Ok(Value::UNDEFINED),
            None => match vm.get_prototype_of(o)? {
                Some(p) => o = p,
                None => return Ok(Value::UNDEFINED),
            },
        }
    }
}
