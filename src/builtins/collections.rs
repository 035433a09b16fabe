//! `Map`, `Set`, `WeakMap` and `WeakSet`, and the map and set iterators (ECMA-262 24.1–24.4).
//!
//! Every collection keeps its entries in a `Table`: a `Vec` of entries in insertion order, where a
//! deleted entry stays behind as a tombstone, plus a hash index from a key's hash to the positions
//! of the live entries with that hash. Keys compare with SameValueZero: numbers are normalised
//! (`-0` becomes `+0`, NaN is canonical) so equal numbers have equal bits, and strings compare by
//! contents (a key string is flattened once and hashed over its UTF-16 code units), and so do
//! BigInts (hashed over their digits).
//!
//! Iteration follows the spec's index over [[MapData]] / [[SetData]]: entries added during an
//! iteration are visited, deleted ones are skipped. Every entry gets a sequence number when it is
//! added, increasing for the life of the table, and a `Cursor` remembers the sequence number of the
//! next entry to visit. Tombstones are compacted away when they outnumber the live entries (and
//! `clear` drops everything); both bump the table's `generation`, and a cursor from an older
//! generation finds its place again by binary search on the sequence numbers, which stay sorted.
//!
//! `WeakMap` and `WeakSet` use the same table keyed by identity (objects and unregistered symbols).
//! Their entries are ephemerons: `Object::for_each_value` traces none of them, and `Heap::mark`
//! marks a value only once its key is marked, then removes the entries whose keys died.

use super::{arg, iterator_result};
use crate::gc::Arena;
use crate::runtime::heap::Heap;
use crate::runtime::number;
use crate::runtime::object::{Elements, IterationKind, Object, ObjectKind};
use crate::runtime::property::{Attrs, PropertyKey};
use crate::runtime::string::JsString;
use crate::runtime::value::{Kind, ObjectRef};
use crate::runtime::{NativeFn, Value};
use crate::vm::realm::ErrorKind;
use crate::vm::{JsResult, Throw, Vm};
use num_bigint::BigInt;
use std::collections::hash_map::Entry as MapEntry;
use std::collections::HashMap;

// -------------------------------------------------------------------------------------------------
// The table

#[derive(Clone, Copy)]
struct Entry {
    /// Position in the order of insertion over the table's whole life.
    seq: u64,
    hash: u64,
    /// `Value::HOLE` once deleted (a tombstone).
    key: Value,
    value: Value,
}

/// The positions of the live entries with one hash.
enum Bucket {
    One(usize),
    Many(Vec<usize>),
}

/// The entries of a Map, Set, WeakMap or WeakSet (a set's values are `undefined`).
#[derive(Default)]
pub struct Table {
    entries: Vec<Entry>,
    index: HashMap<u64, Bucket>,
    live: usize,
    next_seq: u64,
    /// Changes whenever entries move (compaction, `clear`): cursors of another generation re-seek.
    generation: u64,
}

/// A key ready for lookup: normalised for SameValueZero (strings flattened) and hashed.
#[derive(Clone, Copy)]
pub struct Key {
    value: Value,
    hash: u64,
}

/// Where an iteration over a table stands: the sequence number of the next entry to visit, and a
/// position hint that is valid while the table's generation is unchanged.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cursor {
    seq: u64,
    pos: usize,
    generation: u64,
}

/// A 64-bit finaliser (from SplitMix64): spreads the bits of a value's encoding.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// ECMA-262 24.5.1 CanonicalizeKeyedCollectionKey, plus what hashing needs: numbers in their one
/// canonical encoding (so SameValueZero is bit equality) and strings flat and hashed by contents.
pub fn prepare_key(heap: &mut Heap, v: Value) -> Key {
    match v.kind() {
        Kind::Number => {
            // `+ 0.0` turns -0 into +0; `Value::number` picks the int32 form when it can.
            let value = Value::number(v.as_number().unwrap_or(f64::NAN) + 0.0);
            Key {
                value,
                hash: mix(value.to_bits()),
            }
        }
        Kind::String(s) => {
            // FNV-1a over the code units.
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for u in heap.flat(s).units() {
                h = (h ^ u64::from(u)).wrapping_mul(0x0000_0100_0000_01b3);
            }
            Key {
                value: v,
                hash: mix(h),
            }
        }
        Kind::BigInt(b) => {
            let n = heap.bigint(b);
            let mut h = u64::from(n.sign() == num_bigint::Sign::Minus);
            for digit in n.iter_u64_digits() {
                h = mix(h ^ digit);
            }
            Key {
                value: v,
                hash: mix(h),
            }
        }
        _ => Key {
            value: v,
            hash: mix(v.to_bits()),
        },
    }
}

/// What comparing keys reads: the contents of strings and BigInts.
#[derive(Clone, Copy)]
pub struct KeyArenas<'a> {
    pub strings: &'a Arena<JsString>,
    pub bigints: &'a Arena<BigInt>,
}

impl Heap {
    pub fn key_arenas(&self) -> KeyArenas<'_> {
        KeyArenas {
            strings: &self.strings,
            bigints: &self.bigints,
        }
    }
}

/// SameValueZero on prepared keys: the same encoding, or two strings (or two BigInts) with the same
/// contents.
fn same_key(arenas: KeyArenas<'_>, a: Value, b: Value) -> bool {
    if a == b {
        return true;
    }
    if let (Some(x), Some(y)) = (a.as_bigint(), b.as_bigint()) {
        return arenas.bigints.get(x.0) == arenas.bigints.get(y.0);
    }
    let (Some(x), Some(y)) = (a.as_string(), b.as_string()) else {
        return false;
    };
    let strings = arenas.strings;
    match (strings.get(x.0).flat(), strings.get(y.0).flat()) {
        (Some(p), Some(q)) => p.len() == q.len() && p.units().eq(q.units()),
        _ => false,
    }
}

impl Table {
    /// The number of live entries.
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    fn position(&self, arenas: KeyArenas<'_>, key: &Key) -> Option<usize> {
        let candidates = match self.index.get(&key.hash)? {
            Bucket::One(i) => std::slice::from_ref(i),
            Bucket::Many(v) => v.as_slice(),
        };
        candidates
            .iter()
            .copied()
            .find(|&i| same_key(arenas, self.entries[i].key, key.value))
    }

    pub fn get(&self, arenas: KeyArenas<'_>, key: &Key) -> Option<Value> {
        self.position(arenas, key).map(|i| self.entries[i].value)
    }

    pub fn has(&self, arenas: KeyArenas<'_>, key: &Key) -> bool {
        self.position(arenas, key).is_some()
    }

    /// Replace the value of `key`, or append a new entry.
    pub fn set(&mut self, arenas: KeyArenas<'_>, key: &Key, value: Value) {
        if let Some(i) = self.position(arenas, key) {
            self.entries[i].value = value;
            return;
        }
        self.append(key, value);
    }

    /// Append without looking for the key (the caller knows it is absent).
    fn append(&mut self, key: &Key, value: Value) {
        let pos = self.entries.len();
        self.entries.push(Entry {
            seq: self.next_seq,
            hash: key.hash,
            key: key.value,
            value,
        });
        self.next_seq += 1;
        self.live += 1;
        self.index_add(key.hash, pos);
    }

    fn index_add(&mut self, hash: u64, pos: usize) {
        match self.index.entry(hash) {
            MapEntry::Vacant(e) => {
                e.insert(Bucket::One(pos));
            }
            MapEntry::Occupied(mut e) => {
                let bucket = e.get_mut();
                match bucket {
                    Bucket::One(i) => *bucket = Bucket::Many(vec![*i, pos]),
                    Bucket::Many(v) => v.push(pos),
                }
            }
        }
    }

    fn index_remove(&mut self, hash: u64, pos: usize) {
        if let MapEntry::Occupied(mut e) = self.index.entry(hash) {
            let remove = match e.get_mut() {
                Bucket::One(i) => *i == pos,
                Bucket::Many(v) => {
                    v.retain(|&i| i != pos);
                    v.is_empty()
                }
            };
            if remove {
                e.remove();
            }
        }
    }

    pub fn delete(&mut self, arenas: KeyArenas<'_>, key: &Key) -> bool {
        let Some(i) = self.position(arenas, key) else {
            return false;
        };
        self.remove_at(i);
        self.maybe_compact();
        true
    }

    fn remove_at(&mut self, i: usize) {
        let hash = self.entries[i].hash;
        self.index_remove(hash, i);
        self.entries[i].key = Value::HOLE;
        self.entries[i].value = Value::UNDEFINED;
        self.live -= 1;
    }

    /// Drop the tombstones once they outnumber the live entries.
    fn maybe_compact(&mut self) {
        if self.entries.len() >= 16 && self.live * 2 < self.entries.len() {
            self.entries.retain(|e| !e.key.is_hole());
            self.index.clear();
            for i in 0..self.entries.len() {
                self.index_add(self.entries[i].hash, i);
            }
            self.generation += 1;
        }
    }

    pub fn clear(&mut self) {
        self.entries = Vec::new();
        self.index = HashMap::new();
        self.live = 0;
        self.generation += 1;
    }

    /// The next live entry at or after the cursor, advancing it.
    pub fn next(&self, cursor: &mut Cursor) -> Option<(Value, Value)> {
        let mut pos = if cursor.generation == self.generation {
            cursor.pos
        } else {
            self.entries.partition_point(|e| e.seq < cursor.seq)
        };
        cursor.generation = self.generation;
        while let Some(e) = self.entries.get(pos) {
            pos += 1;
            if !e.key.is_hole() {
                cursor.seq = e.seq + 1;
                cursor.pos = pos;
                return Some((e.key, e.value));
            }
        }
        cursor.seq = self.next_seq;
        cursor.pos = pos;
        None
    }

    /// The live entries (key, value) in order.
    pub fn for_each(&self, mut f: impl FnMut(Value, Value)) {
        for e in &self.entries {
            if !e.key.is_hole() {
                f(e.key, e.value);
            }
        }
    }

    /// The live keys in order.
    pub fn keys(&self) -> Vec<Value> {
        let mut keys = Vec::with_capacity(self.live);
        self.for_each(|k, _| keys.push(k));
        keys
    }

    /// Remove every entry whose key `keep` rejects (the collector drops dead weak keys).
    pub fn retain(&mut self, mut keep: impl FnMut(Value) -> bool) {
        for i in 0..self.entries.len() {
            let key = self.entries[i].key;
            if !key.is_hole() && !keep(key) {
                self.remove_at(i);
            }
        }
        self.maybe_compact();
    }

    /// A new table with the live entries of this one, in order.
    pub fn copy(&self) -> Table {
        let mut t = Table::default();
        for e in &self.entries {
            if !e.key.is_hole() {
                t.append(
                    &Key {
                        value: e.key,
                        hash: e.hash,
                    },
                    e.value,
                );
            }
        }
        t
    }
}

// -------------------------------------------------------------------------------------------------
// Access from the built-ins

#[derive(Clone, Copy, PartialEq, Eq)]
enum Collection {
    Map,
    Set,
    WeakMap,
    WeakSet,
}

impl Collection {
    fn of(kind: &ObjectKind) -> Option<Collection> {
        match kind {
            ObjectKind::Map(_) => Some(Collection::Map),
            ObjectKind::Set(_) => Some(Collection::Set),
            ObjectKind::WeakMap(_) => Some(Collection::WeakMap),
            ObjectKind::WeakSet(_) => Some(Collection::WeakSet),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Collection::Map => "Map",
            Collection::Set => "Set",
            Collection::WeakMap => "WeakMap",
            Collection::WeakSet => "WeakSet",
        }
    }

    fn new_kind(self, table: Table) -> ObjectKind {
        let table = Box::new(table);
        match self {
            Collection::Map => ObjectKind::Map(table),
            Collection::Set => ObjectKind::Set(table),
            Collection::WeakMap => ObjectKind::WeakMap(table),
            Collection::WeakSet => ObjectKind::WeakSet(table),
        }
    }
}

fn table_of(kind: &ObjectKind) -> Option<&Table> {
    match kind {
        ObjectKind::Map(t)
        | ObjectKind::Set(t)
        | ObjectKind::WeakMap(t)
        | ObjectKind::WeakSet(t) => Some(t),
        _ => None,
    }
}

/// The table of collection `o` and the string arena (to compare string keys).
fn table(heap: &Heap, o: ObjectRef) -> Option<(&Table, KeyArenas<'_>)> {
    table_of(&heap.object(o).kind).map(|t| (t, heap.key_arenas()))
}

fn table_mut(heap: &mut Heap, o: ObjectRef) -> Option<(&mut Table, KeyArenas<'_>)> {
    let Heap {
        objects,
        strings,
        bigints,
        ..
    } = heap;
    let arenas = KeyArenas { strings, bigints };
    match &mut objects.get_mut(o.0).kind {
        ObjectKind::Map(t)
        | ObjectKind::Set(t)
        | ObjectKind::WeakMap(t)
        | ObjectKind::WeakSet(t) => Some((t, arenas)),
        _ => None,
    }
}

fn table_len(vm: &Vm, o: ObjectRef) -> usize {
    table(&vm.heap, o).map_or(0, |(t, _)| t.len())
}

fn table_get(vm: &mut Vm, o: ObjectRef, v: Value) -> Option<Value> {
    let key = prepare_key(&mut vm.heap, v);
    table(&vm.heap, o).and_then(|(t, arenas)| t.get(arenas, &key))
}

fn table_has(vm: &mut Vm, o: ObjectRef, v: Value) -> bool {
    let key = prepare_key(&mut vm.heap, v);
    table(&vm.heap, o).is_some_and(|(t, arenas)| t.has(arenas, &key))
}

/// Insert or replace; returns the normalised key.
fn table_set(vm: &mut Vm, o: ObjectRef, k: Value, v: Value) -> Value {
    let key = prepare_key(&mut vm.heap, k);
    if let Some((t, arenas)) = table_mut(&mut vm.heap, o) {
        t.set(arenas, &key, v);
    }
    key.value
}

fn table_delete(vm: &mut Vm, o: ObjectRef, k: Value) -> bool {
    let key = prepare_key(&mut vm.heap, k);
    table_mut(&mut vm.heap, o).is_some_and(|(t, arenas)| t.delete(arenas, &key))
}

fn table_next(vm: &Vm, o: ObjectRef, cursor: &mut Cursor) -> Option<(Value, Value)> {
    table(&vm.heap, o).and_then(|(t, _)| t.next(cursor))
}

/// The `data` of the native function being called (read it before calling anything else).
fn callee_data(vm: &Vm) -> Value {
    vm.native_data()
}

/// RequireInternalSlot(this, [[MapData]] / [[SetData]] / …) (ECMA-262 10.1.15).
fn receiver(vm: &mut Vm, this: Value, want: Collection, method: &str) -> JsResult<ObjectRef> {
    if let Some(o) = this.as_object() {
        if Collection::of(&vm.heap.object(o).kind) == Some(want) {
            return Ok(o);
        }
    }
    incompatible_receiver(vm, this, method)
}

fn incompatible_receiver<T>(vm: &mut Vm, this: Value, method: &str) -> JsResult<T> {
    let shown = object_text(vm, this);
    vm.type_error(format!(
        "Method {method} called on incompatible receiver {shown}"
    ))
}

/// A value as V8's messages show a receiver: primitives as their string, objects as `#<Map>`.
fn object_text(vm: &mut Vm, v: Value) -> String {
    match v.kind() {
        Kind::Object(o) => match &vm.heap.object(o).kind {
            ObjectKind::Array { .. } => "[object Array]".to_string(),
            kind => match Collection::of(kind) {
                Some(c) => format!("#<{}>", c.name()),
                None if vm.is_callable(o) => "function".to_string(),
                None => "#<Object>".to_string(),
            },
        },
        Kind::String(s) => vm.heap.to_rust_string(s),
        _ => vm.describe_for_error(v),
    }
}

/// ECMA-262 24.3.1 CanBeHeldWeakly: objects and symbols not in the global registry.
fn can_be_held_weakly(vm: &Vm, v: Value) -> bool {
    match v.kind() {
        Kind::Object(_) => true,
        Kind::Symbol(s) => !vm.heap.symbol(s).registered,
        _ => false,
    }
}

/// A few rooted slots for values a loop holds across calls (rule 4 of docs/GC.md: store before
/// allocating), without growing the root stack per iteration.
struct Scratch(ObjectRef);

impl Scratch {
    fn new(vm: &mut Vm, slots: usize) -> Scratch {
        let mut o = Object::new(None, ObjectKind::Ordinary);
        o.elements = Elements::from_values(vec![Value::UNDEFINED; slots]);
        Scratch(vm.alloc_object(o))
    }

    fn set(&self, vm: &mut Vm, i: usize, v: Value) {
        vm.heap.object_mut(self.0).elements.set_dense(i, v);
    }
}

/// ECMA-262 7.4.11 IteratorClose with a throw completion: call `return`, ignore what it does (but
/// a termination), and give back the original error.
fn close_after_error<T>(vm: &mut Vm, iterator: Value, error: Throw) -> JsResult<T> {
    let Throw::Exception(thrown) = error else {
        return Err(error);
    };
    vm.root(thrown);
    let key = vm.key("return");
    match vm.get_value(iterator, key) {
        Ok(method) if !method.is_nullish() => {
            if let Err(Throw::Termination(t)) = vm.call(method, iterator, &[]) {
                return Err(Throw::Termination(t));
            }
        }
        Err(Throw::Termination(t)) => return Err(Throw::Termination(t)),
        _ => {}
    }
    Err(Throw::Exception(thrown))
}

fn is_callable(vm: &Vm, v: Value) -> bool {
    v.as_object().is_some_and(|o| vm.is_callable(o))
}

/// The TypeError for a callback that is not callable, worded as V8 words it.
fn not_a_function<T>(vm: &mut Vm, v: Value) -> JsResult<T> {
    let shown = match v.kind() {
        Kind::Null => "object null".to_string(),
        Kind::Boolean(b) => format!("boolean {b}"),
        Kind::Number => format!("number {}", vm.describe_for_error(v)),
        Kind::String(s) => format!("string \"{}\"", vm.heap.to_rust_string(s)),
        Kind::Object(_) if !is_callable(vm, v) => "object".to_string(),
        _ => vm.type_of(v).to_string(),
    };
    vm.type_error(format!("{shown} is not a function"))
}

/// The TypeError for a constructor's `set`/`add` that is not callable.
fn adder_not_callable<T>(vm: &mut Vm, adder: Value, name: &str, which: Collection) -> JsResult<T> {
    let shown = object_text(vm, adder);
    vm.type_error(format!(
        "'{shown}' returned for property '{name}' of object '#<{}>' is not a function",
        which.name()
    ))
}

/// Whether `f` is the native function `call` (the constructors skip the generic call to an
/// unmodified `set`/`add`).
fn is_native(vm: &Vm, f: Value, call: NativeFn) -> bool {
    match f.as_object().map(|o| &vm.heap.object(o).kind) {
        Some(ObjectKind::Native(n)) => std::ptr::fn_addr_eq(n.call, call),
        _ => false,
    }
}

// -------------------------------------------------------------------------------------------------
// Installation

/// A method whose native function carries `data`.
fn method_with_data(
    vm: &mut Vm,
    target: ObjectRef,
    name: &str,
    length: u32,
    call: NativeFn,
    data: Value,
) -> ObjectRef {
    let f = vm.native_function(name, length, call, false, data);
    let key = vm.key(name);
    vm.define_own(target, key, Value::object(f), Attrs::HIDDEN);
    f
}

/// `target[Symbol.toStringTag] = tag` (not writable, not enumerable, configurable).
fn define_tag(vm: &mut Vm, target: ObjectRef, tag: &str) {
    let symbol = vm.realm.symbols.to_string_tag;
    let value = Value::string(vm.heap.intern(tag));
    vm.define_own(
        target,
        PropertyKey::Symbol(symbol),
        value,
        Attrs::new(Attrs::CONFIGURABLE),
    );
}

fn define_iterator(vm: &mut Vm, target: ObjectRef, f: ObjectRef) {
    let symbol = vm.realm.symbols.iterator;
    vm.define_own(
        target,
        PropertyKey::Symbol(symbol),
        Value::object(f),
        Attrs::HIDDEN,
    );
}

pub fn install(vm: &mut Vm) {
    let object_prototype = vm.realm.object_prototype;
    let iterator_prototype = vm.realm.iterator_prototype;
    let new_proto =
        |vm: &mut Vm, parent| vm.alloc_object(Object::new(Some(parent), ObjectKind::Ordinary));

    // Map (ECMA-262 24.1). Natives that create objects find their prototype in their `data`: the
    // prototypes are reachable from the functions, which are reachable from the global object.
    let map_prototype = new_proto(vm, object_prototype);
    let map_data = Value::object(map_prototype);
    let map_ctor = vm.define_constructor("Map", 0, map_constructor, map_prototype, map_data);
    super::define_species_getter(vm, map_ctor);
    method_with_data(vm, map_ctor, "groupBy", 2, map_group_by, map_data);
    let map_methods: [(&str, u32, NativeFn); 6] = [
        ("clear", 0, map_clear),
        ("delete", 1, map_delete),
        ("forEach", 1, map_for_each),
        ("get", 1, map_get),
        ("has", 1, map_has),
        ("set", 2, map_set),
    ];
    for (name, length, f) in map_methods {
        vm.define_method(map_prototype, name, length, f);
    }
    super::define_getter(vm, map_prototype, "size", map_size);
    let map_iterator_prototype = new_proto(vm, iterator_prototype);
    vm.define_method(map_iterator_prototype, "next", 0, map_iterator_next);
    define_tag(vm, map_iterator_prototype, "Map Iterator");
    let data = Value::object(map_iterator_prototype);
    let entries = method_with_data(vm, map_prototype, "entries", 0, map_entries, data);
    method_with_data(vm, map_prototype, "keys", 0, map_keys, data);
    method_with_data(vm, map_prototype, "values", 0, map_values, data);
    define_iterator(vm, map_prototype, entries);
    define_tag(vm, map_prototype, "Map");

    // Set (ECMA-262 24.2)
    let set_prototype = new_proto(vm, object_prototype);
    let set_data = Value::object(set_prototype);
    let set_ctor = vm.define_constructor("Set", 0, set_constructor, set_prototype, set_data);
    super::define_species_getter(vm, set_ctor);
    let set_methods: [(&str, u32, NativeFn); 5] = [
        ("add", 1, set_add),
        ("clear", 0, set_clear),
        ("delete", 1, set_delete),
        ("forEach", 1, set_for_each),
        ("has", 1, set_has),
    ];
    for (name, length, f) in set_methods {
        vm.define_method(set_prototype, name, length, f);
    }
    let set_algebra: [(&str, NativeFn); 7] = [
        ("difference", set_difference),
        ("intersection", set_intersection),
        ("isDisjointFrom", set_is_disjoint_from),
        ("isSubsetOf", set_is_subset_of),
        ("isSupersetOf", set_is_superset_of),
        ("symmetricDifference", set_symmetric_difference),
        ("union", set_union),
    ];
    for (name, f) in set_algebra {
        method_with_data(vm, set_prototype, name, 1, f, set_data);
    }
    super::define_getter(vm, set_prototype, "size", set_size);
    let set_iterator_prototype = new_proto(vm, iterator_prototype);
    vm.define_method(set_iterator_prototype, "next", 0, set_iterator_next);
    define_tag(vm, set_iterator_prototype, "Set Iterator");
    let data = Value::object(set_iterator_prototype);
    method_with_data(vm, set_prototype, "entries", 0, set_entries, data);
    let values = method_with_data(vm, set_prototype, "values", 0, set_values, data);
    let keys = vm.key("keys");
    vm.define_own(set_prototype, keys, Value::object(values), Attrs::HIDDEN);
    define_iterator(vm, set_prototype, values);
    define_tag(vm, set_prototype, "Set");

    // WeakMap (ECMA-262 24.3)
    let weak_map_prototype = new_proto(vm, object_prototype);
    let data = Value::object(weak_map_prototype);
    vm.define_constructor("WeakMap", 0, weak_map_constructor, weak_map_prototype, data);
    let weak_map_methods: [(&str, u32, NativeFn); 4] = [
        ("delete", 1, weak_map_delete),
        ("get", 1, weak_map_get),
        ("has", 1, weak_map_has),
        ("set", 2, weak_map_set),
    ];
    for (name, length, f) in weak_map_methods {
        vm.define_method(weak_map_prototype, name, length, f);
    }
    define_tag(vm, weak_map_prototype, "WeakMap");

    // WeakSet (ECMA-262 24.4)
    let weak_set_prototype = new_proto(vm, object_prototype);
    let data = Value::object(weak_set_prototype);
    vm.define_constructor("WeakSet", 0, weak_set_constructor, weak_set_prototype, data);
    let weak_set_methods: [(&str, u32, NativeFn); 3] = [
        ("add", 1, weak_set_add),
        ("delete", 1, weak_set_delete),
        ("has", 1, weak_set_has),
    ];
    for (name, length, f) in weak_set_methods {
        vm.define_method(weak_set_prototype, name, length, f);
    }
    define_tag(vm, weak_set_prototype, "WeakSet");
}

// -------------------------------------------------------------------------------------------------
// Constructors

/// The new, empty collection for a constructor call (`this` is the hole under `new`); its
/// prototype is the constructor's `data`, or a subclass's prototype (ECMA-262 24.1.1.1 step 2
/// OrdinaryCreateFromConstructor), so that a subclass's `set`/`add` is the adder.
fn new_collection(vm: &mut Vm, this: Value, which: Collection) -> JsResult<ObjectRef> {
    let proto = callee_data(vm).as_object();
    if !this.is_hole() {
        return vm.type_error(format!("Constructor {} requires 'new'", which.name()));
    }
    let default = proto.unwrap_or(vm.realm.object_prototype);
    let proto = vm.native_prototype_from_new_target(default)?;
    Ok(vm.alloc_object(Object::new(Some(proto), which.new_kind(Table::default()))))
}

// ECMA-262 24.1.1.1 Map ( [ iterable ] ), 24.3.1.1 WeakMap ( [ iterable ] )
fn map_constructor(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    keyed_constructor(vm, this, args, Collection::Map)
}

fn weak_map_constructor(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    keyed_constructor(vm, this, args, Collection::WeakMap)
}

fn keyed_constructor(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    which: Collection,
) -> JsResult<Value> {
    let map = new_collection(vm, this, which)?;
    let iterable = arg(args, 0);
    if iterable.is_nullish() {
        return Ok(Value::object(map));
    }
    let set_key = vm.key("set");
    let adder = vm.get_value(Value::object(map), set_key)?;
    if !is_callable(vm, adder) {
        return adder_not_callable(vm, adder, "set", which);
    }
    vm.root(adder);
    add_entries_from_iterable(vm, map, iterable, adder, which)?;
    Ok(Value::object(map))
}

// ECMA-262 24.1.1.2 AddEntriesFromIterable
fn add_entries_from_iterable(
    vm: &mut Vm,
    target: ObjectRef,
    iterable: Value,
    adder: Value,
    which: Collection,
) -> JsResult<()> {
    let original: NativeFn = if which == Collection::Map {
        map_set
    } else {
        weak_map_set
    };
    let direct = is_native(vm, adder, original);
    let (iterator, next) = vm.get_iterator(iterable)?;
    vm.root(next);
    let scratch = Scratch::new(vm, 2);
    while let Some(item) = vm.iterator_step(iterator, next)? {
        if !item.is_object() {
            let shown = vm.describe_for_error(item);
            let error = vm.make_error(
                ErrorKind::TypeError,
                &format!("Iterator value {shown} is not an entry object"),
            );
            return close_after_error(vm, iterator, Throw::Exception(error));
        }
        scratch.set(vm, 0, item);
        let k = match vm.get_value(item, PropertyKey::Index(0)) {
            Ok(k) => k,
            Err(e) => return close_after_error(vm, iterator, e),
        };
        scratch.set(vm, 1, k);
        let v = match vm.get_value(item, PropertyKey::Index(1)) {
            Ok(v) => v,
            Err(e) => return close_after_error(vm, iterator, e),
        };
        let status = if direct {
            original(vm, Value::object(target), &[k, v])
        } else {
            vm.call(adder, Value::object(target), &[k, v])
        };
        if let Err(e) = status {
            return close_after_error(vm, iterator, e);
        }
    }
    Ok(())
}

// ECMA-262 24.2.2.1 Set ( [ iterable ] ), 24.4.1.1 WeakSet ( [ iterable ] )
fn set_constructor(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    value_constructor(vm, this, args, Collection::Set)
}

fn weak_set_constructor(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    value_constructor(vm, this, args, Collection::WeakSet)
}

fn value_constructor(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    which: Collection,
) -> JsResult<Value> {
    let set = new_collection(vm, this, which)?;
    let iterable = arg(args, 0);
    if iterable.is_nullish() {
        return Ok(Value::object(set));
    }
    let add_key = vm.key("add");
    let adder = vm.get_value(Value::object(set), add_key)?;
    if !is_callable(vm, adder) {
        return adder_not_callable(vm, adder, "add", which);
    }
    vm.root(adder);
    let original: NativeFn = if which == Collection::Set {
        set_add
    } else {
        weak_set_add
    };
    let direct = is_native(vm, adder, original);
    let (iterator, next) = vm.get_iterator(iterable)?;
    vm.root(next);
    while let Some(item) = vm.iterator_step(iterator, next)? {
        let status = if direct {
            original(vm, Value::object(set), &[item])
        } else {
            vm.call(adder, Value::object(set), &[item])
        };
        if let Err(e) = status {
            return close_after_error(vm, iterator, e);
        }
    }
    Ok(Value::object(set))
}

// ECMA-262 24.1.2.1 Map.groupBy ( items, callback ), 7.3.35 GroupBy with ~collection~
fn map_group_by(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let proto = callee_data(vm)
        .as_object()
        .unwrap_or(vm.realm.object_prototype);
    let (items, callback) = (arg(args, 0), arg(args, 1));
    if items.is_nullish() {
        return vm.type_error("Map.groupBy called on null or undefined");
    }
    if !is_callable(vm, callback) {
        return not_a_function(vm, callback);
    }
    // The groups live in the result map from the start: key → array of the elements.
    let map = vm.alloc_object(Object::new(Some(proto), ObjectKind::Map(Box::default())));
    let scratch = Scratch::new(vm, 2);
    let (iterator, next) = vm.get_iterator(items)?;
    vm.root(next);
    let mut k: f64 = 0.0;
    while let Some(value) = vm.iterator_step(iterator, next)? {
        scratch.set(vm, 0, value);
        let key = match vm.call(callback, Value::UNDEFINED, &[value, Value::number(k)]) {
            Ok(key) => key,
            Err(e) => return close_after_error(vm, iterator, e),
        };
        scratch.set(vm, 1, key);
        match table_get(vm, map, key).and_then(|g| g.as_object()) {
            Some(group) => array_push(vm, group, value),
            None => {
                let group = vm.new_array(vec![value]);
                table_set(vm, map, key, Value::object(group));
            }
        }
        k += 1.0;
    }
    Ok(Value::object(map))
}

/// Append to an array this module created (and no script has seen yet).
fn array_push(vm: &mut Vm, array: ObjectRef, v: Value) {
    let object = vm.heap.object_mut(array);
    if let ObjectKind::Array { length, .. } = object.kind {
        object.set_element(length, v);
        if let ObjectKind::Array { length, .. } = &mut object.kind {
            *length += 1;
        }
    }
}

// -------------------------------------------------------------------------------------------------
// Map.prototype (ECMA-262 24.1.3)

// 24.1.3.1 Map.prototype.clear ( )
fn map_clear(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    let m = receiver(vm, this, Collection::Map, "Map.prototype.clear")?;
    if let Some((t, _)) = table_mut(&mut vm.heap, m) {
        t.clear();
    }
    Ok(Value::UNDEFINED)
}

// 24.1.3.3 Map.prototype.delete ( key )
fn map_delete(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let m = receiver(vm, this, Collection::Map, "Map.prototype.delete")?;
    Ok(Value::boolean(table_delete(vm, m, arg(args, 0))))
}

// 24.1.3.5 Map.prototype.forEach ( callbackfn [ , thisArg ] )
fn map_for_each(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let m = receiver(vm, this, Collection::Map, "Map.prototype.forEach")?;
    for_each(vm, m, args)
}

/// Map and Set forEach: visit entries by position, including those added by the callback.
fn for_each(vm: &mut Vm, o: ObjectRef, args: &[Value]) -> JsResult<Value> {
    let (callback, this_arg) = (arg(args, 0), arg(args, 1));
    if !is_callable(vm, callback) {
        return not_a_function(vm, callback);
    }
    // The callback may delete the entry it is given: keep its key and value rooted for the call.
    let scratch = Scratch::new(vm, 2);
    let mut cursor = Cursor::default();
    while let Some((k, v)) = table_next(vm, o, &mut cursor) {
        scratch.set(vm, 0, k);
        scratch.set(vm, 1, v);
        let v = if matches!(vm.heap.object(o).kind, ObjectKind::Set(_)) {
            k
        } else {
            v
        };
        vm.call(callback, this_arg, &[v, k, Value::object(o)])?;
    }
    Ok(Value::UNDEFINED)
}

// 24.1.3.6 Map.prototype.get ( key )
fn map_get(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let m = receiver(vm, this, Collection::Map, "Map.prototype.get")?;
    Ok(table_get(vm, m, arg(args, 0)).unwrap_or(Value::UNDEFINED))
}

// 24.1.3.7 Map.prototype.has ( key )
fn map_has(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let m = receiver(vm, this, Collection::Map, "Map.prototype.has")?;
    Ok(Value::boolean(table_has(vm, m, arg(args, 0))))
}

// 24.1.3.9 Map.prototype.set ( key, value )
fn map_set(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let m = receiver(vm, this, Collection::Map, "Map.prototype.set")?;
    table_set(vm, m, arg(args, 0), arg(args, 1));
    Ok(this)
}

// 24.1.3.10 get Map.prototype.size
fn map_size(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    let m = receiver(vm, this, Collection::Map, "get Map.prototype.size")?;
    Ok(Value::number(table_len(vm, m) as f64))
}

// 24.1.3.4 Map.prototype.entries ( ), 24.1.3.8 keys ( ), 24.1.3.11 values ( ), 24.1.3.12 @@iterator
fn map_entries(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    create_iterator(vm, this, Collection::Map, IterationKind::Entries)
}

fn map_keys(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    create_iterator(vm, this, Collection::Map, IterationKind::Keys)
}

fn map_values(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    create_iterator(vm, this, Collection::Map, IterationKind::Values)
}

// 24.1.5.1 CreateMapIterator, 24.2.6.1 CreateSetIterator: the prototype is the native's `data`.
fn create_iterator(
    vm: &mut Vm,
    this: Value,
    which: Collection,
    kind: IterationKind,
) -> JsResult<Value> {
    let proto = callee_data(vm)
        .as_object()
        .unwrap_or(vm.realm.iterator_prototype);
    let method = match (which, kind) {
        (Collection::Map, IterationKind::Entries) => "Map.prototype.entries",
        (Collection::Map, IterationKind::Keys) => "Map.prototype.keys",
        (Collection::Map, IterationKind::Values) => "Map.prototype.values",
        (_, IterationKind::Entries) => "Set.prototype.entries",
        _ => "Set.prototype.values",
    };
    let o = receiver(vm, this, which, method)?;
    let state = if which == Collection::Map {
        ObjectKind::MapIterator {
            map: Value::object(o),
            kind,
            cursor: Cursor::default(),
        }
    } else {
        ObjectKind::SetIterator {
            set: Value::object(o),
            kind,
            cursor: Cursor::default(),
        }
    };
    Ok(Value::object(
        vm.alloc_object(Object::new(Some(proto), state)),
    ))
}

// 24.1.5.2.1 %MapIteratorPrototype%.next ( )
fn map_iterator_next(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    let state = this
        .as_object()
        .and_then(|it| match vm.heap.object(it).kind {
            ObjectKind::MapIterator { map, kind, cursor } => Some((it, map, kind, cursor)),
            _ => None,
        });
    let Some((it, map, kind, cursor)) = state else {
        return incompatible_receiver(vm, this, "Map Iterator.prototype.next");
    };
    iterator_next(vm, it, map, kind, cursor, false)
}

// 24.2.6.2.1 %SetIteratorPrototype%.next ( )
fn set_iterator_next(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    let state = this
        .as_object()
        .and_then(|it| match vm.heap.object(it).kind {
            ObjectKind::SetIterator { set, kind, cursor } => Some((it, set, kind, cursor)),
            _ => None,
        });
    let Some((it, set, kind, cursor)) = state else {
        return incompatible_receiver(vm, this, "Set Iterator.prototype.next");
    };
    iterator_next(vm, it, set, kind, cursor, true)
}

/// One step of a map or set iterator; once done, it lets go of its collection and stays done.
fn iterator_next(
    vm: &mut Vm,
    it: ObjectRef,
    collection: Value,
    kind: IterationKind,
    mut cursor: Cursor,
    is_set: bool,
) -> JsResult<Value> {
    let Some(o) = collection.as_object() else {
        return iterator_result(vm, Value::UNDEFINED, true);
    };
    let next = table_next(vm, o, &mut cursor);
    match &mut vm.heap.object_mut(it).kind {
        ObjectKind::MapIterator {
            map: c, cursor: at, ..
        }
        | ObjectKind::SetIterator {
            set: c, cursor: at, ..
        } => {
            *at = cursor;
            if next.is_none() {
                *c = Value::UNDEFINED;
            }
        }
        _ => {}
    }
    let Some((k, v)) = next else {
        return iterator_result(vm, Value::UNDEFINED, true);
    };
    let v = if is_set { k } else { v };
    // `k` and `v` stay reachable through the collection until the next script code runs.
    let result = match kind {
        IterationKind::Keys => k,
        IterationKind::Values => v,
        IterationKind::Entries => Value::object(vm.new_array(vec![k, v])),
    };
    iterator_result(vm, result, false)
}

// -------------------------------------------------------------------------------------------------
// Set.prototype (ECMA-262 24.2.4)

// 24.2.4.1 Set.prototype.add ( value )
fn set_add(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = receiver(vm, this, Collection::Set, "Set.prototype.add")?;
    let key = prepare_key(&mut vm.heap, arg(args, 0));
    if let Some((t, arenas)) = table_mut(&mut vm.heap, s) {
        if !t.has(arenas, &key) {
            t.append(&key, Value::UNDEFINED);
        }
    }
    Ok(this)
}

// 24.2.4.2 Set.prototype.clear ( )
fn set_clear(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    let s = receiver(vm, this, Collection::Set, "Set.prototype.clear")?;
    if let Some((t, _)) = table_mut(&mut vm.heap, s) {
        t.clear();
    }
    Ok(Value::UNDEFINED)
}

// 24.2.4.4 Set.prototype.delete ( value )
fn set_delete(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = receiver(vm, this, Collection::Set, "Set.prototype.delete")?;
    Ok(Value::boolean(table_delete(vm, s, arg(args, 0))))
}

// 24.2.4.7 Set.prototype.forEach ( callbackfn [ , thisArg ] )
fn set_for_each(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = receiver(vm, this, Collection::Set, "Set.prototype.forEach")?;
    for_each(vm, s, args)
}

// 24.2.4.8 Set.prototype.has ( value )
fn set_has(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = receiver(vm, this, Collection::Set, "Set.prototype.has")?;
    Ok(Value::boolean(table_has(vm, s, arg(args, 0))))
}

// 24.2.4.14 get Set.prototype.size
fn set_size(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    let s = receiver(vm, this, Collection::Set, "get Set.prototype.size")?;
    Ok(Value::number(table_len(vm, s) as f64))
}

// 24.2.4.6 Set.prototype.entries ( ), 24.2.4.17 values ( ) (also keys and @@iterator)
fn set_entries(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    create_iterator(vm, this, Collection::Set, IterationKind::Entries)
}

fn set_values(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    create_iterator(vm, this, Collection::Set, IterationKind::Values)
}

/// ECMA-262 24.2.1.1 Set Records.
struct SetRecord {
    object: Value,
    size: f64,
    has: Value,
    keys: Value,
}

// ECMA-262 24.2.1.2 GetSetRecord ( obj )
fn get_set_record(vm: &mut Vm, obj: Value) -> JsResult<SetRecord> {
    if !obj.is_object() {
        let shown = vm.describe_for_error(obj);
        return vm.type_error(format!("{shown} is not an object"));
    }
    let size_key = vm.key("size");
    let raw_size = vm.get_value(obj, size_key)?;
    let num_size = vm.to_number(raw_size)?;
    if num_size.is_nan() {
        return vm.type_error("The 'size' property must be a number");
    }
    let size = number::to_integer_or_infinity(num_size);
    if size < 0.0 {
        return vm.throw(
            ErrorKind::RangeError,
            "The 'size' property must not be negative",
        );
    }
    let has_key = vm.key("has");
    let has = vm.get_value(obj, has_key)?;
    if !is_callable(vm, has) {
        return vm.type_error("The 'has' property must be a function");
    }
    vm.root(has);
    let keys_key = vm.key("keys");
    let keys = vm.get_value(obj, keys_key)?;
    if !is_callable(vm, keys) {
        return vm.type_error("The 'keys' property must be a function");
    }
    vm.root(keys);
    Ok(SetRecord {
        object: obj,
        size,
        has,
        keys,
    })
}

// ECMA-262 7.4.4 GetIteratorFromMethod ( obj, method ): the iterator and its `next`.
fn iterator_from_method(vm: &mut Vm, obj: Value, method: Value) -> JsResult<(Value, Value)> {
    let iterator = vm.call(method, obj, &[])?;
    if !iterator.is_object() {
        return vm.type_error("Result of the keys method is not an object");
    }
    let next_key = vm.key("next");
    let next = vm.get_value(iterator, next_key)?;
    vm.root(next);
    Ok((iterator, next))
}

/// `this` as a Set and the Set record of `other`: the first steps of every set method.
fn set_method_start(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    method: &str,
) -> JsResult<(ObjectRef, SetRecord)> {
    let s = receiver(vm, this, Collection::Set, method)?;
    let record = get_set_record(vm, arg(args, 0))?;
    Ok((s, record))
}

/// A new Set with %Set.prototype% (the native's `data`) and `table`.
fn new_set(vm: &mut Vm, proto: Value, table: Table) -> ObjectRef {
    let proto = proto.as_object().unwrap_or(vm.realm.object_prototype);
    vm.alloc_object(Object::new(Some(proto), ObjectKind::Set(Box::new(table))))
}

fn copy_table(vm: &Vm, s: ObjectRef) -> Table {
    table(&vm.heap, s).map_or_else(Table::default, |(t, _)| t.copy())
}

/// Call `has` of the Set record on `e`, which the scratch keeps rooted for the call.
fn other_has(vm: &mut Vm, record: &SetRecord, scratch: &Scratch, e: Value) -> JsResult<bool> {
    scratch.set(vm, 0, e);
    let result = vm.call(record.has, record.object, &[e])?;
    Ok(vm.to_boolean(result))
}

// 24.2.4.15 Set.prototype.union ( other )
fn set_union(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let proto = callee_data(vm);
    let (s, record) = set_method_start(vm, this, args, "Set.prototype.union")?;
    let (iterator, next) = iterator_from_method(vm, record.object, record.keys)?;
    let copy = copy_table(vm, s);
    let result = new_set(vm, proto, copy);
    while let Some(v) = vm.iterator_step(iterator, next)? {
        set_add(vm, Value::object(result), &[v])?;
    }
    Ok(Value::object(result))
}

// 24.2.4.9 Set.prototype.intersection ( other )
fn set_intersection(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let proto = callee_data(vm);
    let (s, record) = set_method_start(vm, this, args, "Set.prototype.intersection")?;
    let result = new_set(vm, proto, Table::default());
    if table_len(vm, s) as f64 <= record.size {
        let scratch = Scratch::new(vm, 1);
        let mut cursor = Cursor::default();
        while let Some((e, _)) = table_next(vm, s, &mut cursor) {
            if other_has(vm, &record, &scratch, e)? {
                set_add(vm, Value::object(result), &[e])?;
            }
        }
    } else {
        let (iterator, next) = iterator_from_method(vm, record.object, record.keys)?;
        while let Some(v) = vm.iterator_step(iterator, next)? {
            if table_has(vm, s, v) {
                set_add(vm, Value::object(result), &[v])?;
            }
        }
    }
    Ok(Value::object(result))
}

// 24.2.4.5 Set.prototype.difference ( other )
fn set_difference(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let proto = callee_data(vm);
    let (s, record) = set_method_start(vm, this, args, "Set.prototype.difference")?;
    let copy = copy_table(vm, s);
    let result = new_set(vm, proto, copy);
    if table_len(vm, s) as f64 <= record.size {
        // The copy's elements, in order; each stays in the result (so rooted) until removed.
        let elements = table(&vm.heap, result).map_or_else(Vec::new, |(t, _)| t.keys());
        let scratch = Scratch::new(vm, 1);
        for e in elements {
            if other_has(vm, &record, &scratch, e)? {
                table_delete(vm, result, e);
            }
        }
    } else {
        let (iterator, next) = iterator_from_method(vm, record.object, record.keys)?;
        while let Some(v) = vm.iterator_step(iterator, next)? {
            table_delete(vm, result, v);
        }
    }
    Ok(Value::object(result))
}

// 24.2.4.16 Set.prototype.symmetricDifference ( other )
fn set_symmetric_difference(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let proto = callee_data(vm);
    let (s, record) = set_method_start(vm, this, args, "Set.prototype.symmetricDifference")?;
    let (iterator, next) = iterator_from_method(vm, record.object, record.keys)?;
    let copy = copy_table(vm, s);
    let result = new_set(vm, proto, copy);
    while let Some(v) = vm.iterator_step(iterator, next)? {
        let in_result = table_has(vm, result, v);
        if table_has(vm, s, v) {
            if in_result {
                table_delete(vm, result, v);
            }
        } else if !in_result {
            set_add(vm, Value::object(result), &[v])?;
        }
    }
    Ok(Value::object(result))
}

// 24.2.4.11 Set.prototype.isSubsetOf ( other )
fn set_is_subset_of(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let (s, record) = set_method_start(vm, this, args, "Set.prototype.isSubsetOf")?;
    if table_len(vm, s) as f64 > record.size {
        return Ok(Value::FALSE);
    }
    let scratch = Scratch::new(vm, 1);
    let mut cursor = Cursor::default();
    while let Some((e, _)) = table_next(vm, s, &mut cursor) {
        if !other_has(vm, &record, &scratch, e)? {
            return Ok(Value::FALSE);
        }
    }
    Ok(Value::TRUE)
}

// 24.2.4.12 Set.prototype.isSupersetOf ( other )
fn set_is_superset_of(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let (s, record) = set_method_start(vm, this, args, "Set.prototype.isSupersetOf")?;
    if (table_len(vm, s) as f64) < record.size {
        return Ok(Value::FALSE);
    }
    let (iterator, next) = iterator_from_method(vm, record.object, record.keys)?;
    while let Some(v) = vm.iterator_step(iterator, next)? {
        if !table_has(vm, s, v) {
            vm.iterator_close(iterator)?;
            return Ok(Value::FALSE);
        }
    }
    Ok(Value::TRUE)
}

// 24.2.4.10 Set.prototype.isDisjointFrom ( other )
fn set_is_disjoint_from(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let (s, record) = set_method_start(vm, this, args, "Set.prototype.isDisjointFrom")?;
    if table_len(vm, s) as f64 <= record.size {
        let scratch = Scratch::new(vm, 1);
        let mut cursor = Cursor::default();
        while let Some((e, _)) = table_next(vm, s, &mut cursor) {
            if other_has(vm, &record, &scratch, e)? {
                return Ok(Value::FALSE);
            }
        }
    } else {
        let (iterator, next) = iterator_from_method(vm, record.object, record.keys)?;
        while let Some(v) = vm.iterator_step(iterator, next)? {
            if table_has(vm, s, v) {
                vm.iterator_close(iterator)?;
                return Ok(Value::FALSE);
            }
        }
    }
    Ok(Value::TRUE)
}

// -------------------------------------------------------------------------------------------------
// WeakMap.prototype (ECMA-262 24.3.3) and WeakSet.prototype (24.4.3)

// 24.3.3.2 WeakMap.prototype.delete ( key )
fn weak_map_delete(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let m = receiver(vm, this, Collection::WeakMap, "WeakMap.prototype.delete")?;
    let key = arg(args, 0);
    Ok(Value::boolean(
        can_be_held_weakly(vm, key) && table_delete(vm, m, key),
    ))
}

// 24.3.3.3 WeakMap.prototype.get ( key )
fn weak_map_get(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let m = receiver(vm, this, Collection::WeakMap, "WeakMap.prototype.get")?;
    let key = arg(args, 0);
    if !can_be_held_weakly(vm, key) {
        return Ok(Value::UNDEFINED);
    }
    Ok(table_get(vm, m, key).unwrap_or(Value::UNDEFINED))
}

// 24.3.3.4 WeakMap.prototype.has ( key )
fn weak_map_has(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let m = receiver(vm, this, Collection::WeakMap, "WeakMap.prototype.has")?;
    let key = arg(args, 0);
    Ok(Value::boolean(
        can_be_held_weakly(vm, key) && table_has(vm, m, key),
    ))
}

// 24.3.3.5 WeakMap.prototype.set ( key, value )
fn weak_map_set(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let m = receiver(vm, this, Collection::WeakMap, "WeakMap.prototype.set")?;
    let key = arg(args, 0);
    if !can_be_held_weakly(vm, key) {
        return vm.type_error("Invalid value used as weak map key");
    }
    table_set(vm, m, key, arg(args, 1));
    Ok(this)
}

// 24.4.3.1 WeakSet.prototype.add ( value )
fn weak_set_add(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = receiver(vm, this, Collection::WeakSet, "WeakSet.prototype.add")?;
    let value = arg(args, 0);
    if !can_be_held_weakly(vm, value) {
        return vm.type_error("Invalid value used in weak set");
    }
    table_set(vm, s, value, Value::UNDEFINED);
    Ok(this)
}

// 24.4.3.3 WeakSet.prototype.delete ( value )
fn weak_set_delete(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = receiver(vm, this, Collection::WeakSet, "WeakSet.prototype.delete")?;
    let value = arg(args, 0);
    Ok(Value::boolean(
        can_be_held_weakly(vm, value) && table_delete(vm, s, value),
    ))
}

// 24.4.3.4 WeakSet.prototype.has ( value )
fn weak_set_has(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = receiver(vm, this, Collection::WeakSet, "WeakSet.prototype.has")?;
    let value = arg(args, 0);
    Ok(Value::boolean(
        can_be_held_weakly(vm, value) && table_has(vm, s, value),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(heap: &mut Heap, n: f64) -> Key {
        prepare_key(heap, Value::number(n))
    }

    #[test]
    fn keys_follow_same_value_zero() {
        let mut heap = Heap::new();
        let mut t = Table::default();
        let nan = num(&mut heap, f64::NAN);
        let zero = prepare_key(&mut heap, Value::double(-0.0));
        let one_as_double = prepare_key(&mut heap, Value::double(1.0));
        t.set(heap.key_arenas(), &nan, Value::int(1));
        t.set(heap.key_arenas(), &zero, Value::int(2));
        t.set(heap.key_arenas(), &one_as_double, Value::int(3));
        for (n, v) in [(f64::NAN, 1), (0.0, 2), (1.0, 3)] {
            let k = num(&mut heap, n);
            assert_eq!(t.get(heap.key_arenas(), &k), Some(Value::int(v)));
        }
        let a = heap.alloc_str("key");
        let left = heap.alloc_str("k");
        let right = heap.alloc_str("ey");
        let b = heap.concat(left, right);
        let ka = prepare_key(&mut heap, Value::string(a));
        t.set(heap.key_arenas(), &ka, Value::int(4));
        let kb = prepare_key(&mut heap, Value::string(b));
        assert_eq!(t.get(heap.key_arenas(), &kb), Some(Value::int(4)));
        assert_eq!(t.len(), 4);
    }

    #[test]
    fn cursors_survive_deletion_compaction_and_clear() {
        let mut heap = Heap::new();
        let mut t = Table::default();
        for i in 0..40 {
            let k = num(&mut heap, f64::from(i));
            t.set(heap.key_arenas(), &k, Value::int(i));
        }
        let mut cursor = Cursor::default();
        assert_eq!(t.next(&mut cursor), Some((Value::int(0), Value::int(0))));
        // Delete most entries (compacting), including the next one.
        for i in 1..35 {
            let k = num(&mut heap, f64::from(i));
            assert!(t.delete(heap.key_arenas(), &k));
        }
        assert_eq!(t.next(&mut cursor).map(|e| e.0), Some(Value::int(35)));
        // Re-adding a visited key appends it: it is visited again.
        let zero = num(&mut heap, 0.0);
        t.delete(heap.key_arenas(), &zero);
        t.set(heap.key_arenas(), &zero, Value::int(100));
        let rest: Vec<Value> = std::iter::from_fn(|| t.next(&mut cursor).map(|e| e.0)).collect();
        assert_eq!(
            rest,
            [36, 37, 38, 39, 0].map(Value::int).to_vec(),
            "entries after the cursor, then the re-added key"
        );
        // After clear, new entries are still ahead of an old cursor.
        let mut cursor = Cursor::default();
        t.next(&mut cursor);
        t.clear();
        let k = num(&mut heap, 7.0);
        t.set(heap.key_arenas(), &k, Value::int(7));
        assert_eq!(t.next(&mut cursor), Some((Value::int(7), Value::int(7))));
        assert_eq!(t.next(&mut cursor), None);
    }
}
