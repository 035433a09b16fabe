//! `Array`, `Array.prototype` and array iterators (ECMA-262 23.1).
//!
//! The methods follow the spec's steps on any object — Get, Set, HasProperty, DeletePropertyOrThrow
//! and CreateDataPropertyOrThrow up to ToLength(length) — with fast paths for plain dense arrays.
//! Loops that skip absent indices ask `next_present`/`prev_present` for the next index where a
//! property exists instead of probing every index, so a huge sparse length costs only what is there.

use super::arg;
use super::string::MAX_STRING_LENGTH;
use crate::runtime::number;
use crate::runtime::object::{Elements, ElementsView, IterationKind, Object, ObjectKind};
use crate::runtime::property::{Attrs, PropertyKey};
use crate::runtime::value::{Kind, ObjectRef};
use crate::runtime::{NativeFn, Value};
use crate::vm::property::Own;
use crate::vm::realm::ErrorKind;
use crate::vm::{JsResult, Throw, Vm};
use std::cell::RefCell;
use std::cmp::Ordering;

/// 2^53 - 1: the largest length ToLength gives.
pub(crate) const MAX_SAFE_LENGTH: u64 = (1 << 53) - 1;
/// Array lengths are below 2^32 (ECMA-262 10.4.2); indices below this are `PropertyKey::Index`.
const MAX_ARRAY_LENGTH: u64 = u32::MAX as u64;
/// Methods that give a value to every index of a new array (toReversed, toSorted, toSpliced, with,
/// Array.from of an array-like) refuse longer results with V8's "Invalid array length" instead of
/// exhausting memory.
const MAX_DENSE_RESULT: u64 = 1 << 27;
/// `flat` nests at most this deep (a self-containing array flattened with depth Infinity).
const MAX_FLAT_DEPTH: usize = 10_000;
/// The `data` of the %Array% constructor, which is how ArraySpeciesCreate recognises it.
const ARRAY_CONSTRUCTOR_DATA: Value = Value::int(0x4172_7261);

pub fn install(vm: &mut Vm) {
    let array_prototype = vm.realm.array_prototype;
    let array_ctor = vm.define_constructor(
        "Array",
        1,
        array_constructor,
        array_prototype,
        ARRAY_CONSTRUCTOR_DATA,
    );
    super::define_species_getter(vm, array_ctor);
    vm.define_method(array_ctor, "from", 1, array_from);
    vm.define_method(array_ctor, "isArray", 1, |vm, _, args| {
        Ok(Value::boolean(vm.is_array(arg(args, 0))?))
    });
    vm.define_method(array_ctor, "of", 0, array_of);

    let methods: [(&str, u32, NativeFn); 35] = [
        ("at", 1, at),
        ("concat", 1, concat),
        ("copyWithin", 2, copy_within),
        ("every", 1, every),
        ("fill", 1, fill),
        ("filter", 1, filter),
        ("find", 1, find),
        ("findIndex", 1, find_index),
        ("findLast", 1, find_last),
        ("findLastIndex", 1, find_last_index),
        ("flat", 0, flat),
        ("flatMap", 1, flat_map),
        ("forEach", 1, for_each),
        ("includes", 1, includes),
        ("indexOf", 1, index_of),
        ("join", 1, join),
        ("lastIndexOf", 1, last_index_of),
        ("map", 1, map),
        ("pop", 0, pop),
        ("push", 1, push),
        ("reduce", 1, reduce),
        ("reduceRight", 1, reduce_right),
        ("reverse", 0, reverse),
        ("shift", 0, shift),
        ("slice", 2, slice),
        ("some", 1, some),
        ("sort", 1, sort),
        ("splice", 2, splice),
        ("toLocaleString", 0, to_locale_string),
        ("toReversed", 0, to_reversed),
        ("toSorted", 1, to_sorted),
        ("toSpliced", 2, to_spliced),
        ("toString", 0, to_string),
        ("unshift", 1, unshift),
        ("with", 2, with),
    ];
    for (name, length, f) in methods {
        let method = vm.define_method(array_prototype, name, length, f);
        if name == "push" {
            vm.add_inlinable(name, method, crate::vm::realm::Inlinable::ArrayPush);
        }
    }

    // ECMA-262 23.1.3.41 Array.prototype [ @@unscopables ]: names `with` must not shadow.
    let unscopables = vm.alloc_object(Object::new(None, ObjectKind::Ordinary));
    for name in [
        "at",
        "copyWithin",
        "entries",
        "fill",
        "find",
        "findIndex",
        "findLast",
        "findLastIndex",
        "flat",
        "flatMap",
        "includes",
        "keys",
        "toReversed",
        "toSorted",
        "toSpliced",
        "values",
    ] {
        vm.define_value(unscopables, name, Value::TRUE, Attrs::DEFAULT);
    }
    let key = PropertyKey::Symbol(vm.realm.symbols.unscopables);
    vm.define_own(
        array_prototype,
        key,
        Value::object(unscopables),
        Attrs::new(Attrs::CONFIGURABLE),
    );
}

// -------------------------------------------------------------------------------------------------
// Abstract operations

/// ECMA-262 7.1.20 ToLength, on a number.
pub(crate) fn to_length(n: f64) -> u64 {
    let n = number::to_integer_or_infinity(n);
    if n <= 0.0 {
        0
    } else {
        n.min(MAX_SAFE_LENGTH as f64) as u64
    }
}

/// ToIntegerOrInfinity(ToNumber(v)) (ECMA-262 7.1.5).
pub(crate) fn to_integer(vm: &mut Vm, v: Value) -> JsResult<f64> {
    if let Some(i) = v.as_int() {
        return Ok(i as f64);
    }
    Ok(number::to_integer_or_infinity(vm.to_number(v)?))
}

/// A relative position (negative counts from the end) clamped to `0..=len`, as the start and end
/// arguments of slice, splice, fill and copyWithin are.
pub(crate) fn clamp_relative(relative: f64, len: u64) -> u64 {
    if relative < 0.0 {
        (len as f64 + relative).max(0.0) as u64
    } else {
        relative.min(len as f64) as u64
    }
}

fn relative_index(vm: &mut Vm, v: Value, len: u64) -> JsResult<u64> {
    let relative = to_integer(vm, v)?;
    Ok(clamp_relative(relative, len))
}

/// ECMA-262 7.3.18 LengthOfArrayLike.
pub(crate) fn length_of_array_like(vm: &mut Vm, o: ObjectRef) -> JsResult<u64> {
    if let ObjectKind::Array { length, .. } = vm.heap.object(o).kind {
        return Ok(length as u64);
    }
    let key = PropertyKey::String(vm.realm.names.length);
    let v = vm.get_value(Value::object(o), key)?;
    if let Some(i) = v.as_int() {
        return Ok(i.max(0) as u64);
    }
    let n = vm.to_number(v)?;
    Ok(to_length(n))
}

/// The property key of integer index `i`: array indices are `Index`, larger integers strings.
pub(crate) fn index_key(vm: &mut Vm, i: u64) -> PropertyKey {
    if i < MAX_ARRAY_LENGTH {
        PropertyKey::Index(i as u32)
    } else {
        PropertyKey::String(vm.heap.intern(&i.to_string()))
    }
}

/// An integer index as a JavaScript number.
fn index_value(i: u64) -> Value {
    Value::number(i as f64)
}

/// The own element `i` of an object whose elements are plain data properties, if present.
fn dense_element(vm: &Vm, o: ObjectRef, i: u64) -> Option<Value> {
    let object = vm.heap.object(o);
    if !matches!(
        object.kind,
        ObjectKind::Array { .. } | ObjectKind::Ordinary | ObjectKind::Arguments { mapped: None }
    ) {
        return None;
    }
    object
        .elements
        .dense()?
        .get(usize::try_from(i).ok()?)
        .copied()
        .filter(|v| !v.is_hole())
}

/// Get(O, ! ToString(𝔽(i))).
pub(crate) fn get_index(vm: &mut Vm, o: ObjectRef, i: u64) -> JsResult<Value> {
    if let Some(v) = dense_element(vm, o, i) {
        return Ok(v);
    }
    let key = index_key(vm, i);
    vm.get_value(Value::object(o), key)
}

/// HasProperty(O, ! ToString(𝔽(i))).
fn has_index(vm: &mut Vm, o: ObjectRef, i: u64) -> JsResult<bool> {
    let key = index_key(vm, i);
    vm.has_property(o, key)
}

/// Set(O, ! ToString(𝔽(i)), v, true).
fn set_index(vm: &mut Vm, o: ObjectRef, i: u64, v: Value) -> JsResult<()> {
    if i < MAX_ARRAY_LENGTH {
        let object = vm.heap.object_mut(o);
        if matches!(object.kind, ObjectKind::Array { .. } | ObjectKind::Ordinary)
            && object.elements.set_present(i as usize, v)
        {
            return Ok(());
        }
    }
    let key = index_key(vm, i);
    vm.set_value(Value::object(o), key, v, true)
}

/// `[object Array]` or `[object Object]`, for messages.
fn object_tag(vm: &Vm, o: ObjectRef) -> &'static str {
    if matches!(vm.heap.object(o).kind, ObjectKind::Array { .. }) {
        "[object Array]"
    } else {
        "[object Object]"
    }
}

/// ECMA-262 7.3.10 DeletePropertyOrThrow(O, ! ToString(𝔽(i))).
fn delete_index(vm: &mut Vm, o: ObjectRef, i: u64) -> JsResult<()> {
    let key = index_key(vm, i);
    if vm.delete_property(o, key)? {
        return Ok(());
    }
    let tag = object_tag(vm, o);
    vm.type_error(format!("Cannot delete property '{i}' of {tag}"))
}

/// Set(O, "length", 𝔽(len), true).
fn set_length(vm: &mut Vm, o: ObjectRef, len: u64) -> JsResult<()> {
    let key = PropertyKey::String(vm.realm.names.length);
    vm.set_value(Value::object(o), key, Value::number(len as f64), true)
}

/// Whether `o` is an extensible Array whose writable `length` is `length_now`, exactly the length of
/// its dense elements (so appending to the elements keeps `length` right).
fn appendable_array(vm: &Vm, o: ObjectRef, length_now: u64) -> bool {
    let object = vm.heap.object(o);
    match (&object.kind, object.elements.dense()) {
        (
            ObjectKind::Array {
                length,
                length_writable: true,
            },
            Some(v),
        ) => object.extensible && v.len() == *length as usize && u64::from(*length) == length_now,
        _ => false,
    }
}

/// ECMA-262 7.3.7 CreateDataPropertyOrThrow. A new property on an extensible object (the usual
/// case: filling a new array) is defined directly; anything else goes through
/// [[DefineOwnProperty]].
fn create_data_property(vm: &mut Vm, o: ObjectRef, key: PropertyKey, v: Value) -> JsResult<()> {
    let object = vm.heap.object(o);
    let simple = object.extensible
        && match (&object.kind, key) {
            (ObjectKind::Ordinary, _) => true,
            (
                ObjectKind::Array {
                    length,
                    length_writable,
                },
                PropertyKey::Index(i),
            ) => *length_writable || i < *length,
            _ => false,
        };
    if simple && vm.get_own(o, key).is_none() {
        vm.define_own(o, key, v, Attrs::DEFAULT);
        return Ok(());
    }
    vm.create_data_property_or_throw(o, key, v)
}

fn create_data_index(vm: &mut Vm, o: ObjectRef, i: u64, v: Value) -> JsResult<()> {
    let key = index_key(vm, i);
    create_data_property(vm, o, key, v)
}

fn is_callable(vm: &Vm, v: Value) -> bool {
    v.as_object().is_some_and(|o| vm.is_callable(o))
}

fn is_constructor(vm: &Vm, v: Value) -> bool {
    v.as_object().is_some_and(|o| vm.is_constructor(o))
}

/// How V8 names a value in "… is not a function".
pub(crate) fn describe_callee(vm: &mut Vm, v: Value) -> String {
    match v.kind() {
        Kind::String(s) => vm.heap.to_rust_string(s),
        Kind::Object(o) if !vm.is_callable(o) => match vm.heap.object(o).kind {
            ObjectKind::Array { .. } => "[object Array]".into(),
            _ => "#<Object>".into(),
        },
        _ => vm.describe_for_error(v),
    }
}

fn require_callable(vm: &mut Vm, f: Value) -> JsResult<()> {
    if is_callable(vm, f) {
        return Ok(());
    }
    let shown = describe_callee(vm, f);
    vm.type_error(format!("{shown} is not a function"))
}

/// ECMA-262 10.4.2.2 ArrayCreate.
pub(crate) fn array_create(vm: &mut Vm, len: u64) -> JsResult<ObjectRef> {
    if len > MAX_ARRAY_LENGTH {
        return vm.throw(ErrorKind::RangeError, "Invalid array length");
    }
    let a = vm.new_array(Vec::new());
    if let ObjectKind::Array { length, .. } = &mut vm.heap.object_mut(a).kind {
        *length = len as u32;
    }
    Ok(a)
}

/// ArrayCreate for a result that gets a value at every index (see `MAX_DENSE_RESULT`).
fn dense_result(vm: &mut Vm, len: u64) -> JsResult<ObjectRef> {
    if len > MAX_DENSE_RESULT {
        return vm.throw(ErrorKind::RangeError, "Invalid array length");
    }
    array_create(vm, len)
}

/// Replace the elements of a fresh array from `array_create`/`dense_result` (its length is already
/// `values.len()` or more).
fn fill_fresh(vm: &mut Vm, a: ObjectRef, values: Vec<Value>) {
    vm.heap.object_mut(a).elements = Elements::from_values(values);
}

fn is_intrinsic_array(vm: &Vm, o: ObjectRef) -> bool {
    matches!(&vm.heap.object(o).kind, ObjectKind::Native(n) if n.constructor && n.data == ARRAY_CONSTRUCTOR_DATA)
}

/// ECMA-262 10.4.2.3 ArraySpeciesCreate. Also says whether the result is a plain array made by
/// ArrayCreate (which the fast paths may fill directly).
fn array_species_create(vm: &mut Vm, original: ObjectRef, len: u64) -> JsResult<(ObjectRef, bool)> {
    if !vm.is_array(Value::object(original))? {
        return Ok((array_create(vm, len)?, true));
    }
    let key = vm.key("constructor");
    let c = vm.get_value(Value::object(original), key)?;
    // %Array% itself: Get(C, @@species) is C unless someone redefined the getter.
    let c = match c.as_object() {
        // Step 4.c: another realm's %Array% is treated as undefined.
        Some(co) if is_intrinsic_array(vm, co) && vm.function_realm(co)? != vm.realm_id => {
            Value::UNDEFINED
        }
        Some(co) => {
            let key = PropertyKey::Symbol(vm.realm.symbols.species);
            let species = vm.get_value(c, key)?;
            if species.is_null() || (is_intrinsic_array(vm, co) && species == c) {
                Value::UNDEFINED
            } else {
                species
            }
        }
        None => c,
    };
    if c.is_undefined() {
        return Ok((array_create(vm, len)?, true));
    }
    if !is_constructor(vm, c) {
        return vm.type_error("object.constructor[Symbol.species] is not a constructor");
    }
    vm.root(c);
    let a = vm.construct(c, &[index_value(len)])?;
    match a.as_object() {
        Some(o) => Ok((o, false)),
        None => vm.type_error("object.constructor[Symbol.species] is not a constructor"),
    }
}

/// Construct(C, args) when C is a constructor, else ArrayCreate(len) (Array.from and Array.of).
fn construct_or_create(vm: &mut Vm, c: Value, args: &[Value], len: u64) -> JsResult<ObjectRef> {
    if !is_constructor(vm, c) {
        return array_create(vm, len);
    }
    let a = vm.construct(c, args)?;
    match a.as_object() {
        Some(o) => Ok(o),
        None => vm.type_error("Array.from: the constructor did not return an object"),
    }
}

/// A canonical integer string key from 2^32 - 1 up to 2^53 - 1 (an index that is not an array index).
fn big_index(vm: &Vm, key: PropertyKey) -> Option<u64> {
    let PropertyKey::String(s) = key else {
        return None;
    };
    let flat = vm.heap.string(s).flat()?;
    let len = flat.len();
    if !(10..=16).contains(&len) || flat.unit(0) == u16::from(b'0') {
        return None;
    }
    let mut n: u64 = 0;
    for u in flat.units() {
        let d = u.wrapping_sub(u16::from(b'0'));
        if d > 9 {
            return None;
        }
        n = n * 10 + u64::from(d);
    }
    (MAX_ARRAY_LENGTH..=MAX_SAFE_LENGTH)
        .contains(&n)
        .then_some(n)
}

/// The smallest index in `from..end` at which `o` (and, with `chain`, its prototypes) has a property.
/// HasProperty(O, k) is true exactly there: indexed properties live in `elements`, String objects add
/// their characters, and integer keys from 2^32 - 1 up are named properties. Loops that skip absent
/// indices step from one such index to the next, re-asking after every call that could change them.
fn next_present(vm: &Vm, o: ObjectRef, from: u64, end: u64, chain: bool) -> Option<u64> {
    let mut best = end;
    let mut current = Some(o);
    while let Some(c) = current {
        if from >= best {
            break;
        }
        let object = vm.heap.object(c);
        // A proxy may have any index: every one counts (`next_has` asks its traps instead).
        if let ObjectKind::Proxy { .. } = object.kind {
            return (from < end).then_some(from);
        }
        if let ObjectKind::String(s) = object.kind {
            if from < u64::from(vm.heap.string_len(s)) {
                return (from < end).then_some(from);
            }
        }
        if from < MAX_ARRAY_LENGTH {
            match object.elements.view() {
                ElementsView::Dense(v) => {
                    let stop = best.min(v.len() as u64) as usize;
                    if let Some(p) = v
                        .get(from as usize..stop)
                        .and_then(|s| s.iter().position(|x| !x.is_hole()))
                    {
                        best = from + p as u64;
                    }
                }
                ElementsView::Sparse(map) => {
                    if let Some((&i, _)) = map.range(from as u32..).next() {
                        best = best.min(u64::from(i));
                    }
                }
            }
        }
        if best > MAX_ARRAY_LENGTH {
            for (key, _, _) in object.named_properties(&vm.heap.shapes) {
                if let Some(i) = big_index(vm, key) {
                    if i >= from && i < best {
                        best = i;
                    }
                }
            }
        }
        current = if chain { object.proto } else { None };
    }
    (best < end).then_some(best)
}

/// Whether `o` or an object on its prototype chain is a proxy (whose traps must see every index).
fn chain_has_proxy(vm: &Vm, o: ObjectRef) -> bool {
    let mut current = Some(o);
    while let Some(c) = current {
        let object = vm.heap.object(c);
        if let ObjectKind::Proxy { .. } = object.kind {
            return true;
        }
        current = object.proto;
    }
    false
}

/// The smallest index in `from..end` for which HasProperty(o, k) is true. With a proxy on the chain
/// HasProperty is asked of each index in turn, as the spec's loops do.
fn next_has(vm: &mut Vm, o: ObjectRef, from: u64, end: u64) -> JsResult<Option<u64>> {
    if !chain_has_proxy(vm, o) {
        return Ok(next_present(vm, o, from, end, true));
    }
    for k in from..end {
        vm.check_budget()?;
        if has_index(vm, o, k)? {
            return Ok(Some(k));
        }
    }
    Ok(None)
}

/// The largest index in `low..=high` for which HasProperty(o, k) is true (see `next_has`).
fn prev_has(vm: &mut Vm, o: ObjectRef, high: u64, low: u64) -> JsResult<Option<u64>> {
    if !chain_has_proxy(vm, o) {
        return Ok(prev_present(vm, o, high, low, true));
    }
    for k in (low..=high).rev() {
        vm.check_budget()?;
        if has_index(vm, o, k)? {
            return Ok(Some(k));
        }
    }
    Ok(None)
}

/// The largest index in `low..=high` at which `o` (with `chain`, or a prototype) has a property.
fn prev_present(vm: &Vm, o: ObjectRef, high: u64, low: u64, chain: bool) -> Option<u64> {
    let mut best: Option<u64> = None;
    let mut current = Some(o);
    while let Some(c) = current {
        let floor = best.map_or(low, |b| b + 1);
        if floor > high {
            break;
        }
        let object = vm.heap.object(c);
        if let ObjectKind::Proxy { .. } = object.kind {
            return Some(high);
        }
        if let ObjectKind::String(s) = object.kind {
            let len = u64::from(vm.heap.string_len(s));
            if len > floor {
                best = Some(high.min(len - 1));
                if best == Some(high) {
                    break;
                }
            }
        }
        let floor = best.map_or(low, |b| b + 1);
        if floor < MAX_ARRAY_LENGTH {
            let top = high.min(MAX_ARRAY_LENGTH - 1);
            match object.elements.view() {
                ElementsView::Dense(v) => {
                    if (v.len() as u64) > floor {
                        let top = top.min(v.len() as u64 - 1) as usize;
                        if let Some(p) = v
                            .get(floor as usize..=top)
                            .and_then(|s| s.iter().rposition(|x| !x.is_hole()))
                        {
                            best = Some(floor + p as u64);
                        }
                    }
                }
                ElementsView::Sparse(map) => {
                    if floor <= top {
                        if let Some((&i, _)) = map.range(floor as u32..=top as u32).next_back() {
                            best = Some(u64::from(i));
                        }
                    }
                }
            }
        }
        if high >= MAX_ARRAY_LENGTH {
            let floor = best.map_or(low, |b| b + 1);
            for (key, _, _) in object.named_properties(&vm.heap.shapes) {
                if let Some(i) = big_index(vm, key) {
                    if i >= floor && i <= high && best.is_none_or(|b| i > b) {
                        best = Some(i);
                    }
                }
            }
        }
        current = if chain { object.proto } else { None };
    }
    best
}

/// Whether no object on the prototype chain starting at `proto` has an indexed property (so reads of
/// holes give undefined and writes to them define own properties).
fn protos_have_no_indices(vm: &Vm, mut proto: Option<ObjectRef>) -> bool {
    while let Some(p) = proto {
        let object = vm.heap.object(p);
        if let ObjectKind::String(s) = object.kind {
            if vm.heap.string_len(s) > 0 {
                return false;
            }
        }
        if let ObjectKind::Proxy { .. } = object.kind {
            return false;
        }
        let empty = match object.elements.view() {
            ElementsView::Dense(v) => v.iter().all(|x| x.is_hole()),
            ElementsView::Sparse(map) => map.is_empty(),
        };
        if !empty {
            return false;
        }
        proto = object.proto;
    }
    true
}

/// A plain dense array: an extensible Array with a writable length, dense elements exactly as long
/// as it, and no indexed properties on its prototypes. Reading, writing, deleting and moving its
/// elements are then plain vector operations with the same effect as the spec's steps.
fn fast_array(vm: &Vm, o: ObjectRef) -> bool {
    let object = vm.heap.object(o);
    let ObjectKind::Array {
        length,
        length_writable: true,
    } = object.kind
    else {
        return false;
    };
    if !object.extensible {
        return false;
    }
    let Some(v) = object.elements.dense() else {
        return false;
    };
    v.len() == length as usize && protos_have_no_indices(vm, object.proto)
}

/// The elements of a `fast_array` (dense) and its length field.
fn fast_parts(vm: &mut Vm, o: ObjectRef) -> (&mut Elements, &mut u32) {
    let object = vm.heap.object_mut(o);
    match (&mut object.elements, &mut object.kind) {
        (elements, ObjectKind::Array { length, .. }) if elements.is_dense() => (elements, length),
        _ => unreachable!("fast_array checked"),
    }
}

/// The dense elements of a `fast_array`.
fn fast_values(vm: &Vm, o: ObjectRef) -> &[Value] {
    vm.heap
        .object(o)
        .elements
        .dense()
        .expect("fast_array checked")
}

/// Move `count` elements from `from..` to `to..` the way the spec's loops in shift, unshift, splice
/// and copyWithin do — for each index, Set the target to the source's value if the source is present,
/// else DeletePropertyOrThrow the target — in ascending or descending order. Steps where neither the
/// source nor the (own) target exists do nothing and are skipped.
fn move_elements(
    vm: &mut Vm,
    o: ObjectRef,
    from: u64,
    to: u64,
    count: u64,
    descending: bool,
) -> JsResult<()> {
    let step = |vm: &mut Vm, j: u64| -> JsResult<()> {
        if has_index(vm, o, from + j)? {
            let v = get_index(vm, o, from + j)?;
            vm.root(v);
            set_index(vm, o, to + j, v)
        } else {
            delete_index(vm, o, to + j)
        }
    };
    if descending {
        let mut i = count;
        while i > 0 {
            let source = prev_present(vm, o, from + i - 1, from, true).map(|k| k - from);
            let target = prev_present(vm, o, to + i - 1, to, false).map(|k| k - to);
            let Some(j) = source.max(target) else { break };
            step(vm, j)?;
            i = j;
        }
    } else {
        let mut i = 0;
        while i < count {
            let source = next_present(vm, o, from + i, from + count, true).map(|k| k - from);
            let target = next_present(vm, o, to + i, to + count, false).map(|k| k - to);
            let j = match (source, target) {
                (Some(a), Some(b)) => a.min(b),
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => break,
            };
            step(vm, j)?;
            i = j + 1;
        }
    }
    Ok(())
}

/// Delete the own properties at indices `low..high`, from the top down (the deletions at the end of
/// splice and sort; absent indices are no-ops).
fn delete_range(vm: &mut Vm, o: ObjectRef, low: u64, high: u64) -> JsResult<()> {
    let mut top = high;
    while top > low {
        let Some(i) = prev_present(vm, o, top - 1, low, false) else {
            break;
        };
        delete_index(vm, o, i)?;
        top = i;
    }
    Ok(())
}

/// ECMA-262 7.2.11 SameValueZero.
fn same_value_zero(vm: &mut Vm, a: Value, b: Value) -> bool {
    if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
        return x == y || (x.is_nan() && y.is_nan());
    }
    vm.strictly_equal(a, b)
}

/// IteratorClose for a throw completion: call `return` (its own errors are dropped), keep `error`.
fn close_iterator(vm: &mut Vm, iterator: Value, error: Throw) -> Throw {
    if let Throw::Exception(e) = error {
        vm.root(e);
        if let Err(Throw::Termination(t)) = vm.iterator_close(iterator) {
            return Throw::Termination(t);
        }
    }
    error
}

// -------------------------------------------------------------------------------------------------
// The constructor

// ECMA-262 23.1.1.1 Array ( ...values )
// ECMA-262 23.1.1.1 Array ( ...values ): the prototype comes from new.target first.
fn array_constructor(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let default = vm.realm.array_prototype;
    let proto = vm.native_prototype_from_new_target(default)?;
    vm.root(Value::object(proto));
    let array = match args {
        [len] if len.is_number() => {
            let n = len.as_number().expect("a number");
            let int_len = number::to_uint32(n);
            if f64::from(int_len) != n {
                return vm.throw(ErrorKind::RangeError, "Invalid array length");
            }
            array_create(vm, u64::from(int_len))?
        }
        _ => vm.new_array(args.to_vec()),
    };
    vm.heap.object_mut(array).proto = Some(proto);
    Ok(Value::object(array))
}

// ECMA-262 23.1.2.1 Array.from ( items [ , mapper [ , thisArg ] ] )
fn array_from(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let (items, mapper, this_arg) = (arg(args, 0), arg(args, 1), arg(args, 2));
    let mapping = !mapper.is_undefined();
    if mapping {
        require_callable(vm, mapper)?;
    }
    let iterator_key = PropertyKey::Symbol(vm.realm.symbols.iterator);
    if items.is_nullish() {
        let shown = vm.describe_for_error(items);
        return vm.type_error(format!(
            "{shown} is not iterable (cannot read property Symbol(Symbol.iterator))"
        ));
    }
    let using_iterator = vm.get_value(items, iterator_key)?;
    if !using_iterator.is_nullish() {
        if !is_callable(vm, using_iterator) {
            let shown = describe_callee(vm, items);
            return vm.type_error(format!("{shown} is not iterable"));
        }
        vm.root(using_iterator);
        let a = construct_or_create(vm, this, &[], 0)?;
        vm.root(Value::object(a));
        let iterator = vm.call(using_iterator, items, &[])?;
        if !iterator.is_object() {
            return vm.type_error("Result of the Symbol.iterator method is not an object");
        }
        vm.root(iterator);
        let next_key = vm.key("next");
        let next = vm.get_value(iterator, next_key)?;
        vm.root(next);
        let mut k: u64 = 0;
        loop {
            let Some(value) = vm.iterator_step(iterator, next)? else {
                set_length(vm, a, k)?;
                return Ok(Value::object(a));
            };
            vm.root(value);
            let value = if mapping {
                match vm.call(mapper, this_arg, &[value, index_value(k)]) {
                    Ok(v) => v,
                    Err(e) => return Err(close_iterator(vm, iterator, e)),
                }
            } else {
                value
            };
            if let Err(e) = create_data_index(vm, a, k, value) {
                return Err(close_iterator(vm, iterator, e));
            }
            k += 1;
        }
    }
    let array_like = vm.to_object(items)?;
    let len = length_of_array_like(vm, array_like)?;
    if len > MAX_DENSE_RESULT {
        return vm.throw(ErrorKind::RangeError, "Invalid array length");
    }
    let a = construct_or_create(vm, this, &[index_value(len)], len)?;
    vm.root(Value::object(a));
    for k in 0..len {
        let value = get_index(vm, array_like, k)?;
        vm.root(value);
        let value = if mapping {
            vm.call(mapper, this_arg, &[value, index_value(k)])?
        } else {
            value
        };
        create_data_index(vm, a, k, value)?;
    }
    set_length(vm, a, len)?;
    Ok(Value::object(a))
}

// ECMA-262 23.1.2.3 Array.of ( ...items )
fn array_of(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let len = args.len() as u64;
    let a = construct_or_create(vm, this, &[index_value(len)], len)?;
    vm.root(Value::object(a));
    for (k, &v) in args.iter().enumerate() {
        create_data_index(vm, a, k as u64, v)?;
    }
    set_length(vm, a, len)?;
    Ok(Value::object(a))
}

// -------------------------------------------------------------------------------------------------
// Array.prototype

// ECMA-262 23.1.3.1 Array.prototype.at ( index )
fn at(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    let relative = to_integer(vm, arg(args, 0))?;
    let k = if relative >= 0.0 {
        relative
    } else {
        len as f64 + relative
    };
    if k < 0.0 || k >= len as f64 {
        return Ok(Value::UNDEFINED);
    }
    get_index(vm, o, k as u64)
}

// ECMA-262 23.1.3.2.1 IsConcatSpreadable ( O )
fn is_concat_spreadable(vm: &mut Vm, o: Value) -> JsResult<bool> {
    if !o.is_object() {
        return Ok(false);
    }
    let key = PropertyKey::Symbol(vm.realm.symbols.is_concat_spreadable);
    let spreadable = vm.get_value(o, key)?;
    if !spreadable.is_undefined() {
        return Ok(vm.to_boolean(spreadable));
    }
    vm.is_array(o)
}

// ECMA-262 23.1.3.2 Array.prototype.concat ( ...items )
fn concat(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let (a, plain) = array_species_create(vm, o, 0)?;
    let mut n: u64 = 0;
    let items = std::iter::once(Value::object(o)).chain(args.iter().copied());
    for e in items {
        let spreadable = is_concat_spreadable(vm, e)?;
        let Some(eo) = e.as_object().filter(|_| spreadable) else {
            if n >= MAX_SAFE_LENGTH {
                return vm.type_error("Invalid array length");
            }
            create_data_index(vm, a, n, e)?;
            n += 1;
            continue;
        };
        let len = length_of_array_like(vm, eo)?;
        if n + len > MAX_SAFE_LENGTH {
            return vm.type_error("Invalid array length");
        }
        if plain && appendable_array(vm, a, n) && fast_array(vm, eo) && n + len <= MAX_ARRAY_LENGTH
        {
            let values = fast_values(vm, eo).to_vec();
            let (target, length) = fast_parts(vm, a);
            target.extend_dense(&values);
            *length += values.len() as u32;
        } else {
            let mut k = 0;
            while let Some(i) = next_has(vm, eo, k, len)? {
                let v = get_index(vm, eo, i)?;
                vm.root(v);
                create_data_index(vm, a, n + i, v)?;
                k = i + 1;
            }
        }
        n += len;
    }
    set_length(vm, a, n)?;
    Ok(Value::object(a))
}

// ECMA-262 23.1.3.4 Array.prototype.copyWithin ( target, start [ , end ] )
fn copy_within(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    let to = relative_index(vm, arg(args, 0), len)?;
    let from = relative_index(vm, arg(args, 1), len)?;
    let end = if arg(args, 2).is_undefined() {
        len
    } else {
        relative_index(vm, arg(args, 2), len)?
    };
    let count = end.saturating_sub(from).min(len - to);
    if count > 0 {
        let descending = from < to && to < from + count;
        move_elements(vm, o, from, to, count, descending)?;
    }
    Ok(Value::object(o))
}

/// The loop of every, some and forEach: call `f` on each present element; with `stop_on`, stop
/// (returning true) at the first result whose ToBoolean equals it.
fn visit(vm: &mut Vm, this: Value, args: &[Value], stop_on: Option<bool>) -> JsResult<bool> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    let (f, this_arg) = (arg(args, 0), arg(args, 1));
    require_callable(vm, f)?;
    let mut k = 0;
    while let Some(i) = next_has(vm, o, k, len)? {
        let v = get_index(vm, o, i)?;
        vm.root(v);
        let result = vm.call(f, this_arg, &[v, index_value(i), Value::object(o)])?;
        if let Some(stop) = stop_on {
            if vm.to_boolean(result) == stop {
                return Ok(true);
            }
        }
        k = i + 1;
    }
    Ok(false)
}

// ECMA-262 23.1.3.6 Array.prototype.every ( callback [ , thisArg ] )
fn every(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    Ok(Value::boolean(!visit(vm, this, args, Some(false))?))
}

// ECMA-262 23.1.3.29 Array.prototype.some ( callback [ , thisArg ] )
fn some(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    Ok(Value::boolean(visit(vm, this, args, Some(true))?))
}

// ECMA-262 23.1.3.15 Array.prototype.forEach ( callback [ , thisArg ] )
fn for_each(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    visit(vm, this, args, None)?;
    Ok(Value::UNDEFINED)
}

// ECMA-262 23.1.3.7 Array.prototype.fill ( value [ , start [ , end ] ] )
fn fill(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    let value = arg(args, 0);
    let start = relative_index(vm, arg(args, 1), len)?;
    let end = if arg(args, 2).is_undefined() {
        len
    } else {
        relative_index(vm, arg(args, 2), len)?
    };
    if start < end && fast_array(vm, o) && end as usize <= fast_values(vm, o).len() {
        let (items, _) = fast_parts(vm, o);
        items.fill_dense(start as usize..end as usize, value);
        return Ok(Value::object(o));
    }
    for k in start..end {
        vm.check_budget()?;
        set_index(vm, o, k, value)?;
    }
    Ok(Value::object(o))
}

// ECMA-262 23.1.3.8 Array.prototype.filter ( callback [ , thisArg ] )
fn filter(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    let (f, this_arg) = (arg(args, 0), arg(args, 1));
    require_callable(vm, f)?;
    let (a, _) = array_species_create(vm, o, 0)?;
    let mut to: u64 = 0;
    let mut k = 0;
    while let Some(i) = next_has(vm, o, k, len)? {
        let v = get_index(vm, o, i)?;
        vm.root(v);
        let selected = vm.call(f, this_arg, &[v, index_value(i), Value::object(o)])?;
        if vm.to_boolean(selected) {
            create_data_index(vm, a, to, v)?;
            to += 1;
        }
        k = i + 1;
    }
    Ok(Value::object(a))
}

// ECMA-262 23.1.3.12.1 FindViaPredicate ( O, len, direction, predicate, thisArg ): the index and the
// value found, or None.
fn find_via_predicate(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    ascending: bool,
) -> JsResult<Option<(u64, Value)>> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    let (predicate, this_arg) = (arg(args, 0), arg(args, 1));
    require_callable(vm, predicate)?;
    for step in 0..len {
        let k = if ascending { step } else { len - 1 - step };
        let v = get_index(vm, o, k)?;
        vm.root(v);
        let result = vm.call(predicate, this_arg, &[v, index_value(k), Value::object(o)])?;
        if vm.to_boolean(result) {
            return Ok(Some((k, v)));
        }
    }
    Ok(None)
}

// ECMA-262 23.1.3.9 Array.prototype.find ( predicate [ , thisArg ] )
fn find(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    Ok(find_via_predicate(vm, this, args, true)?.map_or(Value::UNDEFINED, |(_, v)| v))
}

// ECMA-262 23.1.3.10 Array.prototype.findIndex ( predicate [ , thisArg ] )
fn find_index(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    Ok(find_via_predicate(vm, this, args, true)?.map_or(Value::int(-1), |(k, _)| index_value(k)))
}

// ECMA-262 23.1.3.11 Array.prototype.findLast ( predicate [ , thisArg ] )
fn find_last(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    Ok(find_via_predicate(vm, this, args, false)?.map_or(Value::UNDEFINED, |(_, v)| v))
}

// ECMA-262 23.1.3.12 Array.prototype.findLastIndex ( predicate [ , thisArg ] )
fn find_last_index(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    Ok(find_via_predicate(vm, this, args, false)?.map_or(Value::int(-1), |(k, _)| index_value(k)))
}

// ECMA-262 23.1.3.13.1 FlattenIntoArray ( target, source, sourceLen, start, depth [ , mapper,
// thisArg ] ), with an explicit stack instead of recursion. Returns the next target index.
fn flatten_into_array(
    vm: &mut Vm,
    target: ObjectRef,
    source: ObjectRef,
    source_len: u64,
    depth: f64,
    mapper: Option<(Value, Value)>,
) -> JsResult<u64> {
    struct Level {
        source: ObjectRef,
        len: u64,
        next: u64,
        depth: f64,
    }
    let mut stack = vec![Level {
        source,
        len: source_len,
        next: 0,
        depth,
    }];
    let mut target_index: u64 = 0;
    while let Some(level) = stack.last() {
        let (source, depth, top_level) = (level.source, level.depth, stack.len() == 1);
        let Some(i) = next_has(vm, source, level.next, level.len)? else {
            stack.pop();
            continue;
        };
        if let Some(level) = stack.last_mut() {
            level.next = i + 1;
        }
        let mut element = get_index(vm, source, i)?;
        vm.root(element);
        if let (Some((f, this_arg)), true) = (mapper, top_level) {
            element = vm.call(
                f,
                this_arg,
                &[element, index_value(i), Value::object(source)],
            )?;
        }
        let spread = depth > 0.0 && vm.is_array(element)?;
        match element.as_object() {
            Some(e) if spread => {
                if stack.len() >= MAX_FLAT_DEPTH {
                    return vm.throw(ErrorKind::RangeError, "Maximum call stack size exceeded");
                }
                let len = length_of_array_like(vm, e)?;
                stack.push(Level {
                    source: e,
                    len,
                    next: 0,
                    depth: depth - 1.0,
                });
            }
            _ => {
                if target_index >= MAX_SAFE_LENGTH {
                    return vm.type_error("Invalid array length");
                }
                create_data_index(vm, target, target_index, element)?;
                target_index += 1;
            }
        }
    }
    Ok(target_index)
}

// ECMA-262 23.1.3.13 Array.prototype.flat ( [ depth ] )
fn flat(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    let depth = if arg(args, 0).is_undefined() {
        1.0
    } else {
        to_integer(vm, arg(args, 0))?.max(0.0)
    };
    let (a, _) = array_species_create(vm, o, 0)?;
    flatten_into_array(vm, a, o, len, depth, None)?;
    Ok(Value::object(a))
}

// ECMA-262 23.1.3.14 Array.prototype.flatMap ( mapper [ , thisArg ] )
fn flat_map(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    let (f, this_arg) = (arg(args, 0), arg(args, 1));
    if !is_callable(vm, f) {
        return vm.type_error("flatMap mapper function is not callable");
    }
    let (a, _) = array_species_create(vm, o, 0)?;
    flatten_into_array(vm, a, o, len, 1.0, Some((f, this_arg)))?;
    Ok(Value::object(a))
}

/// The start index of includes and indexOf from `fromIndex`, or None when the search is empty.
fn search_start(vm: &mut Vm, from_index: Value, len: u64) -> JsResult<Option<u64>> {
    let n = to_integer(vm, from_index)?;
    if n == f64::INFINITY {
        return Ok(None);
    }
    let k = if n >= 0.0 {
        n as u64
    } else {
        (len as f64 + n).max(0.0) as u64
    };
    Ok((k < len).then_some(k))
}

// ECMA-262 23.1.3.16 Array.prototype.includes ( searchElement [ , fromIndex ] )
fn includes(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    if len == 0 {
        return Ok(Value::FALSE);
    }
    let Some(mut k) = search_start(vm, arg(args, 1), len)? else {
        return Ok(Value::FALSE);
    };
    let search = arg(args, 0);
    // Absent indices read as undefined, so only a search for undefined can stop at one.
    while let Some(i) = next_present(vm, o, k, len, true) {
        if i != k && search.is_undefined() {
            return Ok(Value::TRUE);
        }
        let v = get_index(vm, o, i)?;
        if same_value_zero(vm, search, v) {
            return Ok(Value::TRUE);
        }
        k = i + 1;
    }
    Ok(Value::boolean(search.is_undefined() && k < len))
}

// ECMA-262 23.1.3.17 Array.prototype.indexOf ( searchElement [ , fromIndex ] )
fn index_of(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let Some(mut k) = search_start(vm, arg(args, 1), len)? else {
        return Ok(Value::int(-1));
    };
    let search = arg(args, 0);
    while let Some(i) = next_has(vm, o, k, len)? {
        let v = get_index(vm, o, i)?;
        if vm.strictly_equal(search, v) {
            return Ok(index_value(i));
        }
        k = i + 1;
    }
    Ok(Value::int(-1))
}

// ECMA-262 23.1.3.20 Array.prototype.lastIndexOf ( searchElement [ , fromIndex ] )
fn last_index_of(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let n = if args.len() > 1 {
        to_integer(vm, args[1])?
    } else {
        len as f64 - 1.0
    };
    let k = if n >= 0.0 {
        n.min(len as f64 - 1.0)
    } else {
        len as f64 + n
    };
    if k < 0.0 {
        return Ok(Value::int(-1));
    }
    let search = arg(args, 0);
    let mut high = k as u64;
    while let Some(i) = prev_has(vm, o, high, 0)? {
        let v = get_index(vm, o, i)?;
        if vm.strictly_equal(search, v) {
            return Ok(index_value(i));
        }
        if i == 0 {
            break;
        }
        high = i - 1;
    }
    Ok(Value::int(-1))
}

thread_local! {
    /// The arrays being joined (per VM), so that a join re-entering one of them gives "" for it.
    static JOIN_STACK: RefCell<Vec<(usize, ObjectRef)>> = const { RefCell::new(Vec::new()) };
}

/// Membership of an array in the join stack, left when dropped.
struct JoinGuard(usize, ObjectRef);

impl JoinGuard {
    /// None when `o` is already being joined (a cycle).
    fn enter(vm: &Vm, o: ObjectRef) -> Option<JoinGuard> {
        let id = vm as *const Vm as usize;
        JOIN_STACK.with(|stack| {
            let mut stack = stack.borrow_mut();
            if stack.contains(&(id, o)) {
                return None;
            }
            stack.push((id, o));
            Some(JoinGuard(id, o))
        })
    }
}

impl Drop for JoinGuard {
    fn drop(&mut self) {
        JOIN_STACK.with(|stack| {
            let mut stack = stack.borrow_mut();
            if let Some(p) = stack.iter().rposition(|&e| e == (self.0, self.1)) {
                stack.remove(p);
            }
        });
    }
}

fn string_too_long<T>(vm: &mut Vm) -> JsResult<T> {
    vm.throw(ErrorKind::RangeError, "Invalid string length")
}

/// The loop of join and toLocaleString: the elements' strings separated by `sep` (absent and
/// nullish elements give ""); `locale` converts each with its toLocaleString.
fn join_elements(
    vm: &mut Vm,
    o: ObjectRef,
    len: u64,
    sep: &[u16],
    locale: bool,
) -> JsResult<Vec<u16>> {
    let mut out: Vec<u16> = Vec::new();
    let mut k: u64 = 0;
    while k < len {
        let next = next_present(vm, o, k, len, true).unwrap_or(len);
        // A separator goes before every index but 0: here those of the absent indices k..next and
        // of `next` itself.
        let seps = (next + 1).min(len) - k - u64::from(k == 0);
        let added = (seps as u128) * (sep.len() as u128);
        if out.len() as u128 + added > MAX_STRING_LENGTH as u128 {
            return string_too_long(vm);
        }
        if !sep.is_empty() {
            for _ in 0..seps {
                out.extend_from_slice(sep);
            }
        }
        if next == len {
            break;
        }
        let element = get_index(vm, o, next)?;
        if !element.is_nullish() {
            let element = if locale {
                vm.root(element);
                let key = vm.key("toLocaleString");
                let f = vm.get_value(element, key)?;
                require_callable(vm, f)?;
                vm.call(f, element, &[])?
            } else {
                element
            };
            match element.kind() {
                Kind::String(s) => vm.heap.flat(s).push_to(&mut out),
                Kind::Number => out.extend(
                    number::number_to_string(element.as_number().unwrap_or(f64::NAN))
                        .encode_utf16(),
                ),
                _ => {
                    let s = vm.to_string(element)?;
                    vm.heap.flat(s).push_to(&mut out);
                }
            }
            if out.len() > MAX_STRING_LENGTH {
                return string_too_long(vm);
            }
        }
        k = next + 1;
    }
    Ok(out)
}

// ECMA-262 23.1.3.18 Array.prototype.join ( separator )
fn join(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    let sep: Vec<u16> = if arg(args, 0).is_undefined() {
        vec![u16::from(b',')]
    } else {
        let s = vm.to_string(arg(args, 0))?;
        let mut units = Vec::new();
        vm.heap.flat(s).push_to(&mut units);
        units
    };
    let Some(_guard) = JoinGuard::enter(vm, o) else {
        return Ok(Value::string(vm.heap.intern("")));
    };
    let units = join_elements(vm, o, len, &sep, false)?;
    Ok(Value::string(vm.alloc_utf16(&units)))
}

// ECMA-262 23.1.3.32 Array.prototype.toLocaleString ( [ reserved1 [ , reserved2 ] ] )
fn to_locale_string(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    let Some(_guard) = JoinGuard::enter(vm, o) else {
        return Ok(Value::string(vm.heap.intern("")));
    };
    let units = join_elements(vm, o, len, &[u16::from(b',')], true)?;
    Ok(Value::string(vm.alloc_utf16(&units)))
}

// ECMA-262 23.1.3.36 Array.prototype.toString ( )
fn to_string(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let key = vm.key("join");
    let f = vm.get_value(Value::object(o), key)?;
    if is_callable(vm, f) {
        return vm.call(f, Value::object(o), &[]);
    }
    // %Object.prototype.toString% (as installed on Object.prototype).
    let object_prototype = vm.realm.object_prototype;
    let key = vm.key("toString");
    match vm.get_own(object_prototype, key) {
        Some(Own::Data(f, _)) if is_callable(vm, f) => vm.call(f, Value::object(o), &[]),
        _ => Ok(Value::string(vm.heap.intern("[object Object]"))),
    }
}

// ECMA-262 23.1.3.21 Array.prototype.map ( callback [ , thisArg ] )
fn map(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    let (f, this_arg) = (arg(args, 0), arg(args, 1));
    require_callable(vm, f)?;
    let (a, _) = array_species_create(vm, o, len)?;
    let mut k = 0;
    while let Some(i) = next_has(vm, o, k, len)? {
        let v = get_index(vm, o, i)?;
        vm.root(v);
        let mapped = vm.call(f, this_arg, &[v, index_value(i), Value::object(o)])?;
        create_data_index(vm, a, i, mapped)?;
        k = i + 1;
    }
    Ok(Value::object(a))
}

// ECMA-262 23.1.3.22 Array.prototype.pop ( )
fn pop(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    if len == 0 {
        set_length(vm, o, 0)?;
        return Ok(Value::UNDEFINED);
    }
    if fast_array(vm, o) {
        let (items, length) = fast_parts(vm, o);
        let v = items.pop_dense().unwrap_or(Value::HOLE);
        *length -= 1;
        return Ok(vm.root(if v.is_hole() { Value::UNDEFINED } else { v }));
    }
    let element = get_index(vm, o, len - 1)?;
    vm.root(element);
    delete_index(vm, o, len - 1)?;
    set_length(vm, o, len - 1)?;
    Ok(element)
}

// ECMA-262 23.1.3.23 Array.prototype.push ( ...items )
/// `array.push(value)` when it is a plain vector push (`fast_array`): the new length; `None`
/// where the general steps are needed (they have every effect this one would have).
pub(crate) fn push_one(vm: &mut Vm, this: Value, value: Value) -> Option<Value> {
    let o = this.as_object()?;
    if !fast_array(vm, o) {
        return None;
    }
    let (items, length) = fast_parts(vm, o);
    if *length as u64 + 1 > MAX_ARRAY_LENGTH {
        return None;
    }
    items.push_dense(value);
    *length += 1;
    Some(index_value(u64::from(*length)))
}

fn push(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    if let [value] = args {
        if let Some(length) = push_one(vm, this, *value) {
            return Ok(length);
        }
    }
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    let count = args.len() as u64;
    if len + count > MAX_SAFE_LENGTH {
        return vm.type_error(format!(
            "Pushing {count} elements on an array-like of length {len} is disallowed, as the total surpasses 2**53-1"
        ));
    }
    if fast_array(vm, o) && len + count <= MAX_ARRAY_LENGTH {
        let (items, length) = fast_parts(vm, o);
        items.extend_dense(args);
        *length += args.len() as u32;
        return Ok(index_value(len + count));
    }
    for (i, &e) in args.iter().enumerate() {
        set_index(vm, o, len + i as u64, e)?;
    }
    set_length(vm, o, len + count)?;
    Ok(index_value(len + count))
}

/// The reduce loop: `callback(accumulator, value, index, O)` over the present elements, ascending or
/// descending.
fn reduce_impl(vm: &mut Vm, this: Value, args: &[Value], ascending: bool) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    let f = arg(args, 0);
    require_callable(vm, f)?;
    let next = |vm: &mut Vm, k: Option<u64>| -> JsResult<Option<u64>> {
        let Some(k) = k else { return Ok(None) };
        if ascending {
            next_has(vm, o, k, len)
        } else {
            prev_has(vm, o, k, 0)
        }
    };
    let after = |i: u64| -> Option<u64> {
        if ascending {
            Some(i + 1)
        } else {
            i.checked_sub(1)
        }
    };
    let mut k = if ascending {
        Some(0)
    } else {
        len.checked_sub(1)
    };
    let mut accumulator = if args.len() >= 2 {
        args[1]
    } else {
        let Some(i) = next(vm, k)? else {
            return vm.type_error("Reduce of empty array with no initial value");
        };
        k = after(i);
        get_index(vm, o, i)?
    };
    vm.root(accumulator);
    while let Some(i) = next(vm, k)? {
        let v = get_index(vm, o, i)?;
        vm.root(v);
        accumulator = vm.call(
            f,
            Value::UNDEFINED,
            &[accumulator, v, index_value(i), Value::object(o)],
        )?;
        k = after(i);
    }
    Ok(accumulator)
}

// ECMA-262 23.1.3.24 Array.prototype.reduce ( callback [ , initialValue ] )
fn reduce(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    reduce_impl(vm, this, args, true)
}

// ECMA-262 23.1.3.25 Array.prototype.reduceRight ( callback [ , initialValue ] )
fn reduce_right(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    reduce_impl(vm, this, args, false)
}

// ECMA-262 23.1.3.26 Array.prototype.reverse ( )
fn reverse(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    if fast_array(vm, o) {
        fast_parts(vm, o).0.reverse_dense();
        return Ok(Value::object(o));
    }
    let middle = len / 2;
    let mut lower: u64 = 0;
    while lower < middle {
        // Pairs where neither side exists do nothing: go to the next pair with a present side.
        let from_lower = next_present(vm, o, lower, middle, true);
        let from_upper =
            prev_present(vm, o, len - 1 - lower, len - middle, true).map(|u| len - 1 - u);
        lower = match (from_lower, from_upper) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => break,
        };
        let upper = len - 1 - lower;
        let lower_exists = has_index(vm, o, lower)?;
        let lower_value = if lower_exists {
            let v = get_index(vm, o, lower)?;
            vm.root(v)
        } else {
            Value::UNDEFINED
        };
        let upper_exists = has_index(vm, o, upper)?;
        let upper_value = if upper_exists {
            let v = get_index(vm, o, upper)?;
            vm.root(v)
        } else {
            Value::UNDEFINED
        };
        match (lower_exists, upper_exists) {
            (true, true) => {
                set_index(vm, o, lower, upper_value)?;
                set_index(vm, o, upper, lower_value)?;
            }
            (false, true) => {
                set_index(vm, o, lower, upper_value)?;
                delete_index(vm, o, upper)?;
            }
            (true, false) => {
                delete_index(vm, o, lower)?;
                set_index(vm, o, upper, lower_value)?;
            }
            (false, false) => {}
        }
        lower += 1;
    }
    Ok(Value::object(o))
}

// ECMA-262 23.1.3.27 Array.prototype.shift ( )
fn shift(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    if len == 0 {
        set_length(vm, o, 0)?;
        return Ok(Value::UNDEFINED);
    }
    if fast_array(vm, o) {
        let (items, length) = fast_parts(vm, o);
        let first = items.remove_dense(0).unwrap_or(Value::HOLE);
        *length -= 1;
        return Ok(vm.root(if first.is_hole() {
            Value::UNDEFINED
        } else {
            first
        }));
    }
    let first = get_index(vm, o, 0)?;
    vm.root(first);
    move_elements(vm, o, 1, 0, len - 1, false)?;
    delete_index(vm, o, len - 1)?;
    set_length(vm, o, len - 1)?;
    Ok(first)
}

// ECMA-262 23.1.3.28 Array.prototype.slice ( start, end )
fn slice(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    let start = relative_index(vm, arg(args, 0), len)?;
    let end = if arg(args, 1).is_undefined() {
        len
    } else {
        relative_index(vm, arg(args, 1), len)?
    };
    let count = end.saturating_sub(start);
    let (a, plain) = array_species_create(vm, o, count)?;
    if plain && fast_array(vm, o) {
        let items = fast_values(vm, o);
        if end as usize <= items.len() {
            let values = if count > 0 {
                items[start as usize..end as usize].to_vec()
            } else {
                Vec::new()
            };
            fill_fresh(vm, a, values);
            return Ok(Value::object(a));
        }
    }
    let mut k = start;
    while let Some(i) = next_has(vm, o, k, end)? {
        let v = get_index(vm, o, i)?;
        vm.root(v);
        create_data_index(vm, a, i - start, v)?;
        k = i + 1;
    }
    set_length(vm, a, count)?;
    Ok(Value::object(a))
}

// ECMA-262 23.1.3.30.2 CompareArrayElements ( x, y, comparator ) for a comparator, as "x sorts
// after y" (undefined values never get here).
fn comes_after(vm: &mut Vm, comparator: Value, x: Value, y: Value) -> JsResult<bool> {
    let v = vm.call(comparator, Value::UNDEFINED, &[x, y])?;
    let n = match v.as_int() {
        Some(i) => f64::from(i),
        None => vm.to_number(v)?,
    };
    Ok(n > 0.0)
}

/// A stable merge sort with a fallible comparator that may be inconsistent (no panics, no
/// assumptions about a total order).
fn merge_sort(vm: &mut Vm, items: &mut [Value], comparator: Value) -> JsResult<()> {
    const RUN: usize = 8;
    let n = items.len();
    for start in (0..n).step_by(RUN) {
        let end = (start + RUN).min(n);
        for i in start + 1..end {
            let mut j = i;
            while j > start && comes_after(vm, comparator, items[j - 1], items[j])? {
                items.swap(j - 1, j);
                j -= 1;
            }
        }
    }
    let mut buffer = items.to_vec();
    let mut width = RUN;
    while width < n {
        for lo in (0..n).step_by(2 * width) {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j, mut out) = (lo, mid, lo);
            while i < mid && j < hi {
                if comes_after(vm, comparator, items[i], items[j])? {
                    buffer[out] = items[j];
                    j += 1;
                } else {
                    buffer[out] = items[i];
                    i += 1;
                }
                out += 1;
            }
            buffer[out..out + (mid - i)].copy_from_slice(&items[i..mid]);
            out += mid - i;
            buffer[out..out + (hi - j)].copy_from_slice(&items[j..hi]);
        }
        items.copy_from_slice(&buffer);
        width *= 2;
    }
    Ok(())
}

/// Sort `items` as SortIndexedProperties does with SortCompare (ECMA-262 23.1.3.30.1–2): undefined
/// last, then the comparator's order, or ToString code-unit order without one. Stable.
fn sort_values(vm: &mut Vm, items: Vec<Value>, comparator: Value) -> JsResult<Vec<Value>> {
    let (mut defined, undefineds): (Vec<Value>, Vec<Value>) =
        items.into_iter().partition(|v| !v.is_undefined());
    if comparator.is_undefined() {
        let mut keyed: Vec<(Vec<u16>, Value)> = Vec::with_capacity(defined.len());
        for v in defined {
            let mut key = Vec::new();
            match v.kind() {
                Kind::String(s) => vm.heap.flat(s).push_to(&mut key),
                Kind::Number => key.extend(
                    number::number_to_string(v.as_number().unwrap_or(f64::NAN)).encode_utf16(),
                ),
                _ => {
                    let s = vm.to_string(v)?;
                    vm.heap.flat(s).push_to(&mut key);
                }
            }
            keyed.push((key, v));
        }
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        defined = keyed.into_iter().map(|(_, v)| v).collect();
    } else {
        merge_sort(vm, &mut defined, comparator)?;
    }
    defined.extend(undefineds);
    Ok(defined)
}

fn require_comparator(vm: &mut Vm, comparator: Value) -> JsResult<()> {
    if comparator.is_undefined() || is_callable(vm, comparator) {
        return Ok(());
    }
    vm.type_error("The comparison function must be either a function or undefined")
}

// ECMA-262 23.1.3.30 Array.prototype.sort ( comparator )
fn sort(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let comparator = arg(args, 0);
    require_comparator(vm, comparator)?;
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    // SortIndexedProperties with skip-holes.
    let mut items = Vec::new();
    let mut k = 0;
    while let Some(i) = next_has(vm, o, k, len)? {
        let v = get_index(vm, o, i)?;
        items.push(vm.root(v));
        k = i + 1;
    }
    let sorted = sort_values(vm, items, comparator)?;
    let count = sorted.len() as u64;
    if fast_array(vm, o) && fast_values(vm, o).len() as u64 == len {
        let mut items = sorted;
        // The absent indices (and undefined's) of the spec's SortIndexedProperties end up last.
        items.resize(len as usize, Value::HOLE);
        *fast_parts(vm, o).0 = Elements::from_values(items);
        return Ok(Value::object(o));
    }
    for (j, &v) in sorted.iter().enumerate() {
        set_index(vm, o, j as u64, v)?;
    }
    // Delete the indices count..len in ascending order (absent ones are no-ops).
    let mut k = count;
    while let Some(i) = next_present(vm, o, k, len, false) {
        delete_index(vm, o, i)?;
        k = i + 1;
    }
    Ok(Value::object(o))
}

/// The actual start and skip count of splice and toSpliced (ECMA-262 23.1.3.31 steps 3–8).
fn splice_range(vm: &mut Vm, args: &[Value], len: u64) -> JsResult<(u64, u64)> {
    let start = relative_index(vm, arg(args, 0), len)?;
    let skip = match args.len() {
        0 => 0,
        1 => len - start,
        _ => {
            let dc = to_integer(vm, args[1])?;
            dc.clamp(0.0, (len - start) as f64) as u64
        }
    };
    Ok((start, skip))
}

// ECMA-262 23.1.3.31 Array.prototype.splice ( start, skipCount, ...items )
fn splice(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    let (start, skip) = splice_range(vm, args, len)?;
    let items = args.get(2..).unwrap_or(&[]);
    let item_count = items.len() as u64;
    let new_len = len + item_count - skip;
    if new_len > MAX_SAFE_LENGTH {
        return vm.type_error("Invalid array length");
    }
    let (a, plain) = array_species_create(vm, o, skip)?;
    if plain
        && fast_array(vm, o)
        && new_len <= MAX_ARRAY_LENGTH
        && (start + skip) as usize <= fast_values(vm, o).len()
    {
        let (values, length) = fast_parts(vm, o);
        let removed = values.splice_dense(start as usize..(start + skip) as usize, items);
        *length = values.dense().expect("dense").len() as u32;
        fill_fresh(vm, a, removed);
        return Ok(Value::object(a));
    }
    let mut k = start;
    while let Some(i) = next_has(vm, o, k, start + skip)? {
        let v = get_index(vm, o, i)?;
        vm.root(v);
        create_data_index(vm, a, i - start, v)?;
        k = i + 1;
    }
    set_length(vm, a, skip)?;
    let moved = len - skip - start;
    match item_count.cmp(&skip) {
        Ordering::Less => {
            move_elements(vm, o, start + skip, start + item_count, moved, false)?;
            delete_range(vm, o, new_len, len)?;
        }
        Ordering::Greater => {
            move_elements(vm, o, start + skip, start + item_count, moved, true)?;
        }
        Ordering::Equal => {}
    }
    for (j, &e) in items.iter().enumerate() {
        set_index(vm, o, start + j as u64, e)?;
    }
    set_length(vm, o, new_len)?;
    Ok(Value::object(a))
}

// ECMA-262 23.1.3.33 Array.prototype.toReversed ( )
fn to_reversed(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    let a = dense_result(vm, len)?;
    let mut values = Vec::with_capacity(len as usize);
    for k in 0..len {
        let v = get_index(vm, o, len - 1 - k)?;
        values.push(vm.root(v));
    }
    fill_fresh(vm, a, values);
    Ok(Value::object(a))
}

// ECMA-262 23.1.3.34 Array.prototype.toSorted ( comparator )
fn to_sorted(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let comparator = arg(args, 0);
    require_comparator(vm, comparator)?;
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    let a = dense_result(vm, len)?;
    // SortIndexedProperties with read-through-holes.
    let mut items = Vec::with_capacity(len as usize);
    for k in 0..len {
        let v = get_index(vm, o, k)?;
        items.push(vm.root(v));
    }
    let sorted = sort_values(vm, items, comparator)?;
    fill_fresh(vm, a, sorted);
    Ok(Value::object(a))
}

// ECMA-262 23.1.3.35 Array.prototype.toSpliced ( start, skipCount, ...items )
fn to_spliced(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    let (start, skip) = splice_range(vm, args, len)?;
    let items = args.get(2..).unwrap_or(&[]);
    let new_len = len + items.len() as u64 - skip;
    if new_len > MAX_SAFE_LENGTH {
        return vm.type_error("Invalid array length");
    }
    let a = dense_result(vm, new_len)?;
    let mut values = Vec::with_capacity(new_len as usize);
    for k in 0..start {
        let v = get_index(vm, o, k)?;
        values.push(vm.root(v));
    }
    values.extend_from_slice(items);
    for k in start + skip..len {
        let v = get_index(vm, o, k)?;
        values.push(vm.root(v));
    }
    fill_fresh(vm, a, values);
    Ok(Value::object(a))
}

// ECMA-262 23.1.3.37 Array.prototype.unshift ( ...items )
fn unshift(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    let count = args.len() as u64;
    if count > 0 {
        if len + count > MAX_SAFE_LENGTH {
            return vm.type_error(format!(
                "Unshifting {count} elements on an array-like of length {len} is disallowed, as the total surpasses 2**53-1"
            ));
        }
        if fast_array(vm, o) && len + count <= MAX_ARRAY_LENGTH {
            let (items, length) = fast_parts(vm, o);
            items.splice_dense(0..0, args);
            *length += args.len() as u32;
            return Ok(index_value(len + count));
        }
        move_elements(vm, o, 0, count, len, true)?;
        for (j, &e) in args.iter().enumerate() {
            set_index(vm, o, j as u64, e)?;
        }
    }
    set_length(vm, o, len + count)?;
    Ok(index_value(len + count))
}

// ECMA-262 23.1.3.39 Array.prototype.with ( index, value )
fn with(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length_of_array_like(vm, o)?;
    let relative = to_integer(vm, arg(args, 0))?;
    let actual = if relative >= 0.0 {
        relative
    } else {
        len as f64 + relative
    };
    if actual >= len as f64 || actual < 0.0 {
        let shown = number::number_to_string(relative);
        return vm.throw(ErrorKind::RangeError, format!("Invalid index : {shown}"));
    }
    let actual = actual as u64;
    let a = dense_result(vm, len)?;
    let mut values = Vec::with_capacity(len as usize);
    for k in 0..len {
        let v = if k == actual {
            arg(args, 1)
        } else {
            get_index(vm, o, k)?
        };
        values.push(vm.root(v));
    }
    fill_fresh(vm, a, values);
    Ok(Value::object(a))
}

// -------------------------------------------------------------------------------------------------
// Array iterators (ECMA-262 23.1.5)

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
