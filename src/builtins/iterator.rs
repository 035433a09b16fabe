//! `Iterator` and the iterator helpers (ECMA-262 27.1.3, ES2025): `Iterator.from`, the lazy
//! `map/filter/take/drop/flatMap` (which return %IteratorHelperPrototype% objects), and the eager
//! `reduce/toArray/forEach/some/every/find`.
//!
//! The spec writes the lazy helpers as abstract closures run by GeneratorStart; here each is a
//! small state machine (`Helper`) stepped by `%IteratorHelperPrototype%.next`, with the same
//! observable calls: one `next` of the underlying iterator per step, `return` forwarded on close.

use super::{arg, iterator_result};
use crate::runtime::number::to_integer_or_infinity;
use crate::runtime::object::{Object, ObjectKind};
use crate::runtime::property::{Attrs, PropertyKey};
use crate::runtime::value::ObjectRef;
use crate::runtime::Value;
use crate::vm::{JsResult, Throw, Vm};

/// Which lazy helper, with its own state.
pub enum HelperKind {
    Map(Value),
    Filter(Value),
    Take(f64),
    Drop(f64),
    /// The mapper, and the inner iterator being flattened (iterator, next) once there is one.
    FlatMap(Value, Option<(Value, Value)>),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum HelperState {
    SuspendedStart,
    SuspendedYield,
    Executing,
    Completed,
}

/// An %IteratorHelperPrototype% object's slots: [[UnderlyingIterator]] and the closure's state.
pub struct Helper {
    pub kind: HelperKind,
    pub iterator: Value,
    pub next: Value,
    pub counter: f64,
    pub state: HelperState,
}

impl Helper {
    pub fn for_each_value(&self, mut f: impl FnMut(Value)) {
        f(self.iterator);
        f(self.next);
        match &self.kind {
            HelperKind::Map(v) | HelperKind::Filter(v) => f(*v),
            HelperKind::FlatMap(v, inner) => {
                f(*v);
                if let Some((i, n)) = inner {
                    f(*i);
                    f(*n);
                }
            }
            HelperKind::Take(_) | HelperKind::Drop(_) => {}
        }
    }
}

pub fn install(vm: &mut Vm) {
    let proto = vm.realm.iterator_prototype;
    let constructor =
        vm.define_constructor("Iterator", 0, iterator_constructor, proto, Value::UNDEFINED);
    vm.define_method(constructor, "from", 1, iterator_from);

    // `constructor` and @@toStringTag are accessors whose setters ignore the prototype itself
    // (27.1.3.2.1, 27.1.3.2.14: SetterThatIgnoresPrototypeProperties).
    let key = vm.key("constructor");
    accessor(
        vm,
        proto,
        key,
        |vm, _, _| {
            let global = vm.realm.global;
            let key = vm.key("Iterator");
            vm.get_value(Value::object(global), key)
        },
        |vm, this, args| {
            let key = vm.key("constructor");
            setter_ignoring_prototype(vm, this, key, arg(args, 0))
        },
    );
    let tag = PropertyKey::Symbol(vm.realm.symbols.to_string_tag);
    accessor(
        vm,
        proto,
        tag,
        |vm, _, _| Ok(Value::string(vm.heap.intern("Iterator"))),
        |vm, this, args| {
            let tag = PropertyKey::Symbol(vm.realm.symbols.to_string_tag);
            setter_ignoring_prototype(vm, this, tag, arg(args, 0))
        },
    );

    vm.define_method(proto, "map", 1, |vm, this, args| {
        lazy(vm, this, args, "map")
    });
    vm.define_method(proto, "filter", 1, |vm, this, args| {
        lazy(vm, this, args, "filter")
    });
    vm.define_method(proto, "take", 1, |vm, this, args| {
        lazy(vm, this, args, "take")
    });
    vm.define_method(proto, "drop", 1, |vm, this, args| {
        lazy(vm, this, args, "drop")
    });
    vm.define_method(proto, "flatMap", 1, |vm, this, args| {
        lazy(vm, this, args, "flatMap")
    });
    vm.define_method(proto, "reduce", 1, iterator_reduce);
    vm.define_method(proto, "toArray", 0, iterator_to_array);
    vm.define_method(proto, "forEach", 1, |vm, this, args| {
        eager(vm, this, args, Eager::ForEach)
    });
    vm.define_method(proto, "some", 1, |vm, this, args| {
        eager(vm, this, args, Eager::Some)
    });
    vm.define_method(proto, "every", 1, |vm, this, args| {
        eager(vm, this, args, Eager::Every)
    });
    vm.define_method(proto, "find", 1, |vm, this, args| {
        eager(vm, this, args, Eager::Find)
    });

    // %IteratorHelperPrototype% (27.1.2.1) and %WrapForValidIteratorPrototype% (27.1.3.2.1.1).
    let helper_proto = vm.realm.iterator_helper_prototype;
    vm.define_method(helper_proto, "next", 0, helper_next);
    vm.define_method(helper_proto, "return", 0, helper_return);
    let tag_value = Value::string(vm.heap.intern("Iterator Helper"));
    vm.define_own(
        helper_proto,
        tag,
        tag_value,
        Attrs::new(Attrs::CONFIGURABLE),
    );
    let wrap_proto = vm.realm.wrap_for_valid_iterator_prototype;
    vm.define_method(wrap_proto, "next", 0, wrap_next);
    vm.define_method(wrap_proto, "return", 0, wrap_return);
    vm.realm.iterator_constructor = Value::object(constructor);
}

/// A non-enumerable, configurable accessor property with native getter and setter.
fn accessor(
    vm: &mut Vm,
    target: ObjectRef,
    key: PropertyKey,
    get: crate::runtime::NativeFn,
    set: crate::runtime::NativeFn,
) {
    let name = vm.key_to_display(key);
    let getter = vm.native_function(&format!("get {name}"), 0, get, false, Value::UNDEFINED);
    let setter = vm.native_function(&format!("set {name}"), 1, set, false, Value::UNDEFINED);
    let pair = vm.alloc_object(Object::new(
        None,
        ObjectKind::AccessorPair {
            getter: Value::object(getter),
            setter: Value::object(setter),
        },
    ));
    vm.define_own(
        target,
        key,
        Value::object(pair),
        Attrs::new(Attrs::CONFIGURABLE | Attrs::ACCESSOR),
    );
}

/// ECMA-262 27.1.3.2.1.1 SetterThatIgnoresPrototypeProperties(this, %Iterator.prototype%, p, v).
fn setter_ignoring_prototype(
    vm: &mut Vm,
    this: Value,
    key: PropertyKey,
    v: Value,
) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return vm.type_error("Iterator.prototype setter called on a non-object");
    };
    if o == vm.realm.iterator_prototype {
        return vm.type_error("Cannot assign to this property of Iterator.prototype");
    }
    if vm.get_own_property(o, key)?.is_none() {
        vm.create_data_property_or_throw(o, key, v)?;
    } else {
        vm.set_value(this, key, v, true)?;
    }
    Ok(Value::UNDEFINED)
}

/// ECMA-262 27.1.3.1 Iterator(): abstract — only subclasses construct it.
fn iterator_constructor(vm: &mut Vm, _this: Value, _args: &[Value]) -> JsResult<Value> {
    let (new_target, callee) = (vm.native_new_target, vm.native_callee);
    if new_target.is_undefined() || new_target == callee {
        return vm.type_error("Abstract class Iterator not directly constructable");
    }
    let default = vm.realm.iterator_prototype;
    let proto = vm.prototype_from_constructor(new_target, callee, default)?;
    let o = vm.alloc_object(Object::new(Some(proto), ObjectKind::Ordinary));
    Ok(Value::object(o))
}

/// ECMA-262 7.4.3 GetIteratorDirect: the iterator and its `next` (read once).
fn get_iterator_direct(vm: &mut Vm, o: Value) -> JsResult<(Value, Value)> {
    let key = vm.key("next");
    let next = vm.get_value(o, key)?;
    Ok((o, next))
}

/// ECMA-262 7.4.12 IteratorClose with a throw completion: call `return`, ignore what it does, and
/// rethrow `error` (a termination is not delayed by closing).
fn close_with_error<T>(vm: &mut Vm, iterator: Value, error: Throw) -> JsResult<T> {
    if let Throw::Exception(_) = error {
        if let Ok(method) = vm.get_method(iterator, "return") {
            if !method.is_undefined() {
                if let Err(t @ Throw::Termination(_)) = vm.call(method, iterator, &[]) {
                    return Err(t);
                }
            }
        }
    }
    Err(error)
}

/// IfAbruptCloseIterator(result, iterated).
fn or_close<T>(vm: &mut Vm, iterator: Value, result: JsResult<T>) -> JsResult<T> {
    match result {
        Ok(v) => Ok(v),
        Err(e) => close_with_error(vm, iterator, e),
    }
}

/// A TypeError thrown after closing `iterator` (argument validation of the helpers).
fn close_with_type_error<T>(vm: &mut Vm, iterator: Value, message: &str) -> JsResult<T> {
    let error = vm.type_error::<()>(message).unwrap_err();
    close_with_error(vm, iterator, error)
}

/// ECMA-262 7.4.2 GetIteratorFlattenable(obj, primitiveHandling).
fn get_iterator_flattenable(
    vm: &mut Vm,
    obj: Value,
    iterate_strings: bool,
) -> JsResult<(Value, Value)> {
    if !(obj.is_object() || (iterate_strings && obj.is_string())) {
        let shown = vm.describe_for_error(obj);
        return vm.type_error(format!("{shown} is not an iterator or iterable"));
    }
    let key = PropertyKey::Symbol(vm.realm.symbols.iterator);
    let method = vm.get_value(obj, key)?;
    let iterator = if method.is_nullish() {
        obj
    } else {
        if !method.as_object().is_some_and(|m| vm.is_callable(m)) {
            return vm.type_error("Symbol.iterator is not a function");
        }
        vm.call(method, obj, &[])?
    };
    if !iterator.is_object() {
        return vm.type_error("The iterator is not an object");
    }
    vm.root(iterator);
    get_iterator_direct(vm, iterator)
}

/// ECMA-262 27.1.3.2.1 Iterator.from(O).
fn iterator_from(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let (iterator, next) = get_iterator_flattenable(vm, arg(args, 0), true)?;
    let constructor = vm.realm.iterator_constructor;
    if super::function::ordinary_has_instance(vm, constructor, iterator)? {
        return Ok(iterator);
    }
    let proto = vm.realm.wrap_for_valid_iterator_prototype;
    let wrapper = vm.alloc_object(Object::new(
        Some(proto),
        ObjectKind::WrappedIterator { iterator, next },
    ));
    Ok(Value::object(wrapper))
}

fn wrapped(vm: &mut Vm, this: Value) -> JsResult<(Value, Value)> {
    if let Some(o) = this.as_object() {
        if let ObjectKind::WrappedIterator { iterator, next } = vm.heap.object(o).kind {
            return Ok((iterator, next));
        }
    }
    vm.type_error("not a wrapped iterator (%WrapForValidIteratorPrototype%)")
}

/// %WrapForValidIteratorPrototype%.next() (27.1.3.2.1.1.1).
fn wrap_next(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    let (iterator, next) = wrapped(vm, this)?;
    vm.call(next, iterator, &[])
}

/// %WrapForValidIteratorPrototype%.return() (27.1.3.2.1.1.2).
fn wrap_return(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    let (iterator, _) = wrapped(vm, this)?;
    let method = vm.get_method(iterator, "return")?;
    if method.is_undefined() {
        return iterator_result(vm, Value::UNDEFINED, true);
    }
    vm.call(method, iterator, &[])
}

/// `map`, `filter`, `take`, `drop`, `flatMap` (27.1.4.2, .5, .7, .12, .13): validate, then a
/// helper object that pulls from the underlying iterator on demand.
fn lazy(vm: &mut Vm, this: Value, args: &[Value], name: &str) -> JsResult<Value> {
    if !this.is_object() {
        return vm.type_error(format!("Iterator.prototype.{name} called on a non-object"));
    }
    let f = arg(args, 0);
    let kind = match name {
        "take" | "drop" => {
            let limit = match vm.to_number(f) {
                Ok(n) => n,
                Err(e) => return close_with_error(vm, this, e),
            };
            // Steps 6-9: NaN, finite limits above 2**53 - 1 and negative ones are RangeErrors.
            let integer = to_integer_or_infinity(limit);
            if limit.is_nan() || (limit.is_finite() && limit > 9007199254740991.0) || integer < 0.0
            {
                let shown = crate::runtime::number::number_to_string(limit);
                let e = vm
                    .throw::<()>(
                        crate::vm::realm::ErrorKind::RangeError,
                        format!("{shown} must be a non-negative integer"),
                    )
                    .unwrap_err();
                return close_with_error(vm, this, e);
            }
            let limit = integer;
            if name == "take" {
                HelperKind::Take(limit)
            } else {
                HelperKind::Drop(limit)
            }
        }
        _ => {
            if !f.as_object().is_some_and(|o| vm.is_callable(o)) {
                let shown = vm.describe_for_error(f);
                return close_with_type_error(vm, this, &format!("{shown} is not a function"));
            }
            match name {
                "map" => HelperKind::Map(f),
                "filter" => HelperKind::Filter(f),
                _ => HelperKind::FlatMap(f, None),
            }
        }
    };
    let (iterator, next) = get_iterator_direct(vm, this)?;
    let proto = vm.realm.iterator_helper_prototype;
    let helper = vm.alloc_object(Object::new(
        Some(proto),
        ObjectKind::IteratorHelper(Box::new(Helper {
            kind,
            iterator,
            next,
            counter: 0.0,
            state: HelperState::SuspendedStart,
        })),
    ));
    Ok(Value::object(helper))
}

fn helper_mut(vm: &mut Vm, o: ObjectRef) -> &mut Helper {
    match &mut vm.heap.object_mut(o).kind {
        ObjectKind::IteratorHelper(h) => h,
        _ => unreachable!("checked to be an iterator helper"),
    }
}

/// GeneratorValidate for an iterator helper: the object, or a TypeError.
fn validate_helper(vm: &mut Vm, this: Value, method: &str) -> JsResult<ObjectRef> {
    let o = this
        .as_object()
        .filter(|&o| matches!(vm.heap.object(o).kind, ObjectKind::IteratorHelper(_)));
    let Some(o) = o else {
        let shown = vm.describe_for_error(this);
        return vm.type_error(format!("{method} called on incompatible receiver {shown}"));
    };
    if helper_mut(vm, o).state == HelperState::Executing {
        return vm.type_error("Generator is already running");
    }
    Ok(o)
}

/// %IteratorHelperPrototype%.next() (27.1.2.1.1): run the helper's closure to its next yield.
fn helper_next(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    let o = validate_helper(vm, this, "Iterator Helper.prototype.next")?;
    if helper_mut(vm, o).state == HelperState::Completed {
        return iterator_result(vm, Value::UNDEFINED, true);
    }
    helper_mut(vm, o).state = HelperState::Executing;
    let result = helper_step(vm, o);
    let h = helper_mut(vm, o);
    match result {
        Ok(Some(v)) => {
            h.state = HelperState::SuspendedYield;
            iterator_result(vm, v, false)
        }
        Ok(None) => {
            h.state = HelperState::Completed;
            iterator_result(vm, Value::UNDEFINED, true)
        }
        Err(e) => {
            h.state = HelperState::Completed;
            Err(e)
        }
    }
}

/// One run of a helper's closure from its last yield to the next: `Some(value)` to yield, `None`
/// once it returns.
fn helper_step(vm: &mut Vm, o: ObjectRef) -> JsResult<Option<Value>> {
    loop {
        let h = helper_mut(vm, o);
        let (iterator, next, counter) = (h.iterator, h.next, h.counter);
        match h.kind {
            HelperKind::Take(remaining) => {
                if remaining == 0.0 {
                    vm.iterator_close(iterator)?;
                    return Ok(None);
                }
                if remaining != f64::INFINITY {
                    helper_mut(vm, o).kind = HelperKind::Take(remaining - 1.0);
                }
                return vm.iterator_step(iterator, next);
            }
            HelperKind::Drop(remaining) => {
                if remaining > 0.0 {
                    if remaining != f64::INFINITY {
                        helper_mut(vm, o).kind = HelperKind::Drop(remaining - 1.0);
                    }
                    // IteratorStep: the value itself is not read.
                    if step_without_value(vm, iterator, next)? {
                        return Ok(None);
                    }
                    continue;
                }
                return vm.iterator_step(iterator, next);
            }
            HelperKind::Map(mapper) => {
                let Some(value) = vm.iterator_step(iterator, next)? else {
                    return Ok(None);
                };
                let result = vm.call(mapper, Value::UNDEFINED, &[value, Value::number(counter)]);
                let mapped = or_close(vm, iterator, result)?;
                helper_mut(vm, o).counter += 1.0;
                return Ok(Some(mapped));
            }
            HelperKind::Filter(predicate) => {
                let Some(value) = vm.iterator_step(iterator, next)? else {
                    return Ok(None);
                };
                vm.root(value);
                let result = vm.call(
                    predicate,
                    Value::UNDEFINED,
                    &[value, Value::number(counter)],
                );
                let selected = or_close(vm, iterator, result)?;
                helper_mut(vm, o).counter += 1.0;
                if vm.to_boolean(selected) {
                    return Ok(Some(value));
                }
            }
            HelperKind::FlatMap(mapper, None) => {
                let Some(value) = vm.iterator_step(iterator, next)? else {
                    return Ok(None);
                };
                let result = vm.call(mapper, Value::UNDEFINED, &[value, Value::number(counter)]);
                let mapped = or_close(vm, iterator, result)?;
                let inner = get_iterator_flattenable(vm, mapped, false);
                let inner = or_close(vm, iterator, inner)?;
                let h = helper_mut(vm, o);
                h.kind = HelperKind::FlatMap(mapper, Some(inner));
                h.counter += 1.0;
            }
            HelperKind::FlatMap(mapper, Some((inner, inner_next))) => {
                let step = vm.iterator_step(inner, inner_next);
                match or_close(vm, iterator, step)? {
                    Some(v) => return Ok(Some(v)),
                    None => helper_mut(vm, o).kind = HelperKind::FlatMap(mapper, None),
                }
            }
        }
    }
}

/// ECMA-262 7.4.6 IteratorStep without reading `value`: whether the iterator is done.
fn step_without_value(vm: &mut Vm, iterator: Value, next: Value) -> JsResult<bool> {
    let result = vm.call(next, iterator, &[])?;
    if !result.is_object() {
        let shown = vm.describe_for_error(result);
        return vm.type_error(format!("Iterator result {shown} is not an object"));
    }
    vm.root(result);
    let key = vm.key("done");
    let done = vm.get_value(result, key)?;
    Ok(vm.to_boolean(done))
}

/// %IteratorHelperPrototype%.return() (27.1.2.1.2): close the underlying iterator (and a flatMap's
/// inner one first) and complete.
fn helper_return(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    let o = validate_helper(vm, this, "Iterator Helper.prototype.return")?;
    let h = helper_mut(vm, o);
    let (state, iterator) = (h.state, h.iterator);
    let inner = match h.kind {
        HelperKind::FlatMap(_, Some((inner, _))) => Some(inner),
        _ => None,
    };
    if state == HelperState::Completed {
        return iterator_result(vm, Value::UNDEFINED, true);
    }
    h.state = HelperState::Executing;
    // Suspended at the start nothing runs but the close; suspended at a yield, the closure's
    // IfAbruptCloseIterator closes the inner iterator, then the underlying one.
    let mut result = Ok(());
    if state == HelperState::SuspendedYield {
        if let Some(inner) = inner {
            result = vm.iterator_close(inner);
        }
    }
    result = match result {
        Ok(()) => vm.iterator_close(iterator),
        Err(e) => close_with_error(vm, iterator, e),
    };
    helper_mut(vm, o).state = HelperState::Completed;
    result?;
    iterator_result(vm, Value::UNDEFINED, true)
}

/// The direct iterator of `this` for the eager methods, after checking `f` is callable.
fn eager_start(vm: &mut Vm, this: Value, f: Value, name: &str) -> JsResult<(Value, Value)> {
    if !this.is_object() {
        return vm.type_error(format!("Iterator.prototype.{name} called on a non-object"));
    }
    if !f.as_object().is_some_and(|o| vm.is_callable(o)) {
        let shown = vm.describe_for_error(f);
        return close_with_type_error(vm, this, &format!("{shown} is not a function"));
    }
    get_iterator_direct(vm, this)
}

/// 27.1.4.8 reduce(reducer [, initialValue]).
fn iterator_reduce(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let reducer = arg(args, 0);
    let (iterator, next) = eager_start(vm, this, reducer, "reduce")?;
    let (mut accumulator, mut counter) = if args.len() < 2 {
        match vm.iterator_step(iterator, next)? {
            Some(v) => (v, 1.0),
            None => return vm.type_error("Reduce of empty iterator with no initial value"),
        }
    } else {
        (args[1], 0.0)
    };
    loop {
        vm.root(accumulator);
        let Some(value) = vm.iterator_step(iterator, next)? else {
            return Ok(accumulator);
        };
        let result = vm.call(
            reducer,
            Value::UNDEFINED,
            &[accumulator, value, Value::number(counter)],
        );
        accumulator = or_close(vm, iterator, result)?;
        counter += 1.0;
    }
}

/// 27.1.4.11 toArray().
fn iterator_to_array(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    if !this.is_object() {
        return vm.type_error("Iterator.prototype.toArray called on a non-object");
    }
    let (iterator, next) = get_iterator_direct(vm, this)?;
    let array = vm.new_array(Vec::new());
    let mut index = 0u32;
    while let Some(value) = vm.iterator_step(iterator, next)? {
        vm.create_data_property_or_throw(array, PropertyKey::Index(index), value)?;
        index += 1;
    }
    Ok(Value::object(array))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Eager {
    ForEach,
    Some,
    Every,
    Find,
}

/// 27.1.4.6 forEach, 27.1.4.10 some, 27.1.4.3 every, 27.1.4.4 find.
fn eager(vm: &mut Vm, this: Value, args: &[Value], which: Eager) -> JsResult<Value> {
    let name = match which {
        Eager::ForEach => "forEach",
        Eager::Some => "some",
        Eager::Every => "every",
        Eager::Find => "find",
    };
    let f = arg(args, 0);
    let (iterator, next) = eager_start(vm, this, f, name)?;
    let mut counter = 0.0;
    loop {
        let Some(value) = vm.iterator_step(iterator, next)? else {
            return Ok(match which {
                Eager::ForEach | Eager::Find => Value::UNDEFINED,
                Eager::Some => Value::FALSE,
                Eager::Every => Value::TRUE,
            });
        };
        vm.root(value);
        let result = vm.call(f, Value::UNDEFINED, &[value, Value::number(counter)]);
        let result = or_close(vm, iterator, result)?;
        counter += 1.0;
        if which == Eager::ForEach {
            continue;
        }
        let truthy = vm.to_boolean(result);
        let stop = match which {
            Eager::Some => truthy.then_some(Value::TRUE),
            Eager::Every => (!truthy).then_some(Value::FALSE),
            _ => truthy.then_some(value),
        };
        if let Some(answer) = stop {
            vm.iterator_close(iterator)?;
            return Ok(answer);
        }
    }
}
