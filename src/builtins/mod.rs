//! The built-in objects, one file per global (ECMA-262 19–28). `install` runs once per realm.

pub mod array;
pub mod bigint;
pub mod collections;
pub mod console;
pub mod date;
pub mod error;
pub mod eval;
pub mod function;
pub mod generator;
pub mod global;
pub mod host;
pub mod iterator;
pub mod json;
pub mod math;
pub mod number;
pub mod object;
pub mod promise;
pub mod proxy;
pub mod reflect;
pub mod regexp;
pub mod string;
pub mod symbol;

use crate::runtime::number as num;
use crate::runtime::object::ObjectKind;
use crate::runtime::property::{Attrs, PropertyKey};
use crate::runtime::value::{ObjectRef, SymbolRef};
use crate::runtime::{NativeFn, Value};
use crate::vm::{JsResult, Vm};

/// Install the global bindings and every built-in.
pub fn install(vm: &mut Vm) {
    let global = vm.realm.global;
    vm.define_value(global, "globalThis", Value::object(global), Attrs::HIDDEN);
    vm.define_value(global, "undefined", Value::UNDEFINED, Attrs::FROZEN);
    vm.define_value(global, "NaN", Value::NAN, Attrs::FROZEN);
    vm.define_value(
        global,
        "Infinity",
        Value::number(f64::INFINITY),
        Attrs::FROZEN,
    );

    console::install(vm);
    object::install(vm);
    function::install(vm);
    generator::install(vm);
    iterator::install(vm);
    array::install(vm);
    string::install(vm);
    regexp::install(vm);
    number::install(vm);
    global::install(vm);
    math::install(vm);
    symbol::install(vm);
    bigint::install(vm);
    collections::install(vm);
    date::install(vm);
    error::install(vm);
    eval::install(vm);
    json::install(vm);
    reflect::install(vm);
    proxy::install(vm);
    promise::install(vm);
    crate::host::timers::install(vm);
}

pub use promise::native_with_data;

/// `get C[Symbol.species]` returning `this` (ECMA-262 23.1.2.5 and its twins for Map and Set):
/// the hook through which a subclass chooses the constructor of derived results.
pub fn define_species_getter(vm: &mut Vm, constructor: crate::runtime::value::ObjectRef) {
    use crate::runtime::object::{Object, ObjectKind};
    use crate::runtime::property::{Attrs, PropertyKey};
    let getter = vm.native_function(
        "get [Symbol.species]",
        0,
        |_, this, _| Ok(this),
        false,
        Value::UNDEFINED,
    );
    let pair = vm.alloc_object(Object::new(
        None,
        ObjectKind::AccessorPair {
            getter: Value::object(getter),
            setter: Value::UNDEFINED,
        },
    ));
    let key = PropertyKey::Symbol(vm.realm.symbols.species);
    vm.define_own(
        constructor,
        key,
        Value::object(pair),
        Attrs::new(Attrs::CONFIGURABLE | Attrs::ACCESSOR),
    );
}

/// ECMA-262 7.3.22 SpeciesConstructor(O, defaultConstructor).
pub fn species_constructor(vm: &mut Vm, o: Value, default: Value) -> JsResult<Value> {
    let key = vm.key("constructor");
    let c = vm.get_value(o, key)?;
    if c.is_undefined() {
        return Ok(default);
    }
    if !c.is_object() {
        return vm.type_error("object.constructor is not an object");
    }
    let key = PropertyKey::Symbol(vm.realm.symbols.species);
    let s = vm.get_value(c, key)?;
    if s.is_nullish() {
        return Ok(default);
    }
    match s.as_object() {
        Some(f) if vm.is_constructor(f) => Ok(vm.root(s)),
        _ => vm.type_error("object.constructor[Symbol.species] is not a constructor"),
    }
}

/// Argument `i`, or undefined.
pub fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).copied().unwrap_or(Value::UNDEFINED)
}

fn define_symbol_method(
    vm: &mut Vm,
    target: ObjectRef,
    symbol: SymbolRef,
    name: &str,
    length: u32,
    call: NativeFn,
) -> ObjectRef {
    let f = vm.native_function(name, length, call, false, Value::UNDEFINED);
    vm.define_own(
        target,
        PropertyKey::Symbol(symbol),
        Value::object(f),
        Attrs::HIDDEN,
    );
    f
}

pub fn array_like_to_vec(vm: &mut Vm, v: Value) -> JsResult<Vec<Value>> {
    let o = vm.to_object(v)?;
    if let (ObjectKind::Array { length, .. }, Some(items)) =
        (&vm.heap.object(o).kind, vm.heap.object(o).elements.dense())
    {
        if items.len() == *length as usize {
            return Ok(items.to_vec());
        }
    }
    let length_key = vm.key("length");
    let len = vm.get_value(Value::object(o), length_key)?;
    let len = num::to_integer_or_infinity(vm.to_number(len)?).clamp(0.0, 1e7) as u32;
    let mut out = Vec::with_capacity(len as usize);
    for i in 0..len {
        let v = vm.get_value(Value::object(o), PropertyKey::Index(i))?;
        out.push(v);
    }
    Ok(out)
}

pub fn iterator_result(vm: &mut Vm, value: Value, done: bool) -> JsResult<Value> {
    vm.root(value);
    let o = vm.new_object();
    let value_key = PropertyKey::String(vm.realm.names.value);
    let done_key = PropertyKey::String(vm.realm.names.done);
    vm.define_own(o, value_key, value, Attrs::DEFAULT);
    vm.define_own(o, done_key, Value::boolean(done), Attrs::DEFAULT);
    Ok(Value::object(o))
}

/// An accessor property with only a getter, not enumerable (like `get Map.prototype.size`).
pub(crate) fn define_getter(
    vm: &mut Vm,
    target: crate::runtime::value::ObjectRef,
    name: &str,
    call: crate::runtime::NativeFn,
) {
    let getter = vm.native_function(&format!("get {name}"), 0, call, false, Value::UNDEFINED);
    let pair = vm.alloc_object(crate::runtime::object::Object::new(
        None,
        crate::runtime::object::ObjectKind::AccessorPair {
            getter: Value::object(getter),
            setter: Value::UNDEFINED,
        },
    ));
    let key = vm.key(name);
    vm.define_own(
        target,
        key,
        Value::object(pair),
        crate::runtime::property::Attrs::new(
            crate::runtime::property::Attrs::CONFIGURABLE
                | crate::runtime::property::Attrs::ACCESSOR,
        ),
    );
}
