//! Objects: named properties (shaped or dictionary), indexed elements (dense or sparse), a
//! prototype, and the internal data of exotic and built-in objects (`ObjectKind`).

use super::heap::ContextRef;
use super::property::{Attrs, PropertyKey};
use super::shape::{ShapeId, Shapes};
use super::value::{BigIntRef, ObjectRef, StringRef, SymbolRef, Value};
use crate::builtins::collections::{Cursor, Table};
use std::collections::BTreeMap;

pub struct Object {
    pub proto: Option<ObjectRef>,
    pub extensible: bool,
    pub props: Props,
    pub elements: Elements,
    pub kind: ObjectKind,
}

/// Named properties.
///
/// `repr(u32)`: a defined layout (the tag, a `u32`, first; then the variant's fields), so that
/// compiled code can check a shape and read a slot in place (`jit::layout`).
#[repr(u32)]
pub enum Props {
    /// Layout in a shape; values in `slots` (an accessor's slot holds an `AccessorPair` object).
    Shaped { shape: ShapeId, slots: Vec<Value> } = 0,
    /// Insertion-ordered map, for objects that delete properties, change attributes or grow large.
    Dictionary(Box<Dictionary>) = 1,
}

/// `Props`' tag for `Shaped`.
pub const SHAPED_TAG: u32 = 0;

/// An insertion-ordered property map with O(1) lookup; deleted entries leave tombstones that are
/// compacted when they outnumber the live ones.
#[derive(Default)]
pub struct Dictionary {
    entries: Vec<Option<(PropertyKey, Value, Attrs)>>,
    index: crate::util::hash::FastMap<PropertyKey, usize>,
    live: usize,
}

impl Dictionary {
    pub fn get(&self, key: PropertyKey) -> Option<(Value, Attrs)> {
        let &i = self.index.get(&key)?;
        self.entries[i].map(|(_, v, a)| (v, a))
    }

    pub fn set(&mut self, key: PropertyKey, value: Value, attrs: Attrs) {
        if let Some(&i) = self.index.get(&key) {
            self.entries[i] = Some((key, value, attrs));
            return;
        }
        self.index.insert(key, self.entries.len());
        self.entries.push(Some((key, value, attrs)));
        self.live += 1;
    }

    pub fn remove(&mut self, key: PropertyKey) -> bool {
        let Some(i) = self.index.remove(&key) else {
            return false;
        };
        self.entries[i] = None;
        self.live -= 1;
        if self.entries.len() > 16 && self.live * 2 < self.entries.len() {
            self.entries.retain(Option::is_some);
            self.index = self
                .entries
                .iter()
                .enumerate()
                .map(|(i, e)| (e.expect("live").0, i))
                .collect();
        }
        true
    }

    pub fn iter(&self) -> impl Iterator<Item = (PropertyKey, Value, Attrs)> + '_ {
        self.entries.iter().flatten().copied()
    }

    /// Where `key` is in insertion order (an index that `data_at` accepts until the entry is removed
    /// or the dictionary compacts).
    pub fn position(&self, key: PropertyKey) -> Option<usize> {
        self.index.get(&key).copied()
    }

    /// The value of data property `key` if it is still at position `i` (an inline cache's check).
    #[inline]
    pub fn data_at(&self, i: usize, key: PropertyKey) -> Option<Value> {
        match self.entries.get(i) {
            Some(Some((k, v, a))) if *k == key && !a.is_accessor() => Some(*v),
            _ => None,
        }
    }

    /// Write writable data property `key` if it is still at position `i`; false if it is not.
    #[inline]
    pub fn set_data_at(&mut self, i: usize, key: PropertyKey, value: Value) -> bool {
        match self.entries.get_mut(i) {
            Some(Some((k, v, a))) if *k == key && !a.is_accessor() && a.writable() => {
                *v = value;
                true
            }
            _ => false,
        }
    }

    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }
}

/// Indexed properties: dense (a vector, `Value::HOLE` where an index is absent) or sparse.
///
/// Dense elements are *packed* when no index below their length is absent — the variant says
/// so, which lets compiled code store to an element in range without loading it first to see
/// whether it is a hole. Holey elements stay holey (even once their holes are filled) until
/// rebuilt (`from_values` looks). The variants are private: every way to write a hole goes
/// through a method here that turns the elements holey (an arbitrary edit, `dense_mut`, counts as
/// one), so "packed" cannot go stale.
///
/// `repr(transparent)` over a `repr(u32)` enum, like `Props`: compiled code reads the tag (`PACKED_TAG`,
/// `HOLEY_TAG`, …) and a dense vector in place (`jit::layout`).
#[repr(transparent)]
pub struct Elements(Repr);

#[repr(u32)]
enum Repr {
    /// Plain data properties (writable, enumerable, configurable) at every index 0..len.
    Packed(Vec<Value>) = 0,
    /// Plain data properties at 0..len, `Value::HOLE` where absent.
    Holey(Vec<Value>) = 1,
    /// Anything else: far-apart indices, or attributes other than the default.
    Sparse(BTreeMap<u32, (Value, Attrs)>) = 2,
}

/// `Elements`' tags: dense without holes, dense, sparse. Dense is the tags up to `HOLEY_TAG`.
pub const PACKED_TAG: u32 = 0;
pub const HOLEY_TAG: u32 = 1;

thread_local! {
    /// Bytes of dense element storage allocated on this thread since the heap last collected.
    static ELEMENT_BYTES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Count `after - before` more capacity (values) of dense elements.
fn grown(before: usize, after: usize) {
    if after > before {
        let bytes = (after - before) * std::mem::size_of::<Value>();
        ELEMENT_BYTES.with(|b| b.set(b.get().saturating_add(bytes)));
    }
}

/// Bytes of dense element storage allocated since the last `reset_element_bytes`: the GC's
/// pressure besides the count of allocations (one array can hold megabytes, and a program that
/// makes big arrays and drops them would otherwise grow without collecting).
pub fn element_bytes() -> usize {
    ELEMENT_BYTES.with(|b| b.get())
}

pub fn reset_element_bytes() {
    ELEMENT_BYTES.with(|b| b.set(0));
}

/// Elements seen one variant at a time, for reading.
pub enum ElementsView<'a> {
    Dense(&'a [Value]),
    Sparse(&'a BTreeMap<u32, (Value, Attrs)>),
}

impl Default for Elements {
    fn default() -> Self {
        Elements(Repr::Packed(Vec::new()))
    }
}

impl Elements {
    /// Dense elements `values` (holes where absent).
    pub fn from_values(values: Vec<Value>) -> Elements {
        grown(0, values.capacity());
        if values.iter().any(|v| v.is_hole()) {
            Elements(Repr::Holey(values))
        } else {
            Elements(Repr::Packed(values))
        }
    }

    pub fn view(&self) -> ElementsView<'_> {
        match &self.0 {
            Repr::Packed(v) | Repr::Holey(v) => ElementsView::Dense(v),
            Repr::Sparse(map) => ElementsView::Sparse(map),
        }
    }

    /// The dense vector, if dense.
    pub fn dense(&self) -> Option<&[Value]> {
        match &self.0 {
            Repr::Packed(v) | Repr::Holey(v) => Some(v),
            Repr::Sparse(_) => None,
        }
    }

    pub fn is_dense(&self) -> bool {
        !matches!(self.0, Repr::Sparse(_))
    }

    /// The dense vector's capacity (0 if sparse), in values.
    pub fn dense_capacity(&self) -> usize {
        match &self.0 {
            Repr::Packed(v) | Repr::Holey(v) => v.capacity(),
            Repr::Sparse(_) => 0,
        }
    }

    /// Dense with no hole below the length.
    pub fn is_packed(&self) -> bool {
        matches!(self.0, Repr::Packed(_))
    }

    pub fn sparse_mut(&mut self) -> Option<&mut BTreeMap<u32, (Value, Attrs)>> {
        match &mut self.0 {
            Repr::Sparse(map) => Some(map),
            _ => None,
        }
    }

    /// The dense vector for any edit, holes included: the elements count as holey from now on.
    /// Edits that write no hole have their own methods below, which keep packed elements packed.
    pub fn dense_mut(&mut self) -> Option<&mut Vec<Value>> {
        if let Repr::Packed(v) = &mut self.0 {
            self.0 = Repr::Holey(std::mem::take(v));
        }
        self.vector()
    }

    /// The dense vector as it is: only for edits that keep the variant right.
    fn vector(&mut self) -> Option<&mut Vec<Value>> {
        match &mut self.0 {
            Repr::Packed(v) | Repr::Holey(v) => Some(v),
            Repr::Sparse(_) => None,
        }
    }

    /// Where the dense vector lies within `Elements` (the same for both dense variants), in bytes.
    #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
    pub fn dense_vec_offset() -> Option<usize> {
        let offset = |e: &Elements| match &e.0 {
            Repr::Packed(v) | Repr::Holey(v) => {
                Some(v as *const Vec<Value> as usize - e as *const Elements as usize)
            }
            Repr::Sparse(_) => None,
        };
        let packed = offset(&Elements(Repr::Packed(Vec::new())))?;
        (offset(&Elements(Repr::Holey(Vec::new()))) == Some(packed)).then_some(packed)
    }

    /// The dense vector for an edit that writes `written` (and no other value), keeping packed
    /// elements packed unless one of them is the hole.
    fn dense_writing(&mut self, written: &[Value]) -> Option<&mut Vec<Value>> {
        if written.iter().any(|v| v.is_hole()) {
            return self.dense_mut();
        }
        self.vector()
    }

    /// Replace dense element `index` (below the length). False if not dense or out of range.
    pub fn set_dense(&mut self, index: usize, value: Value) -> bool {
        match self.dense_writing(&[value]).and_then(|v| v.get_mut(index)) {
            Some(slot) => {
                *slot = value;
                true
            }
            None => false,
        }
    }

    /// Replace dense element `index` if it is present (not a hole): a [[Set]] over an existing
    /// default data property. False if not dense, out of range or a hole (the caller's general
    /// path decides, consulting the prototypes).
    pub fn set_present(&mut self, index: usize, value: Value) -> bool {
        match self.dense_writing(&[value]).and_then(|v| v.get_mut(index)) {
            Some(slot) if !slot.is_hole() => {
                *slot = value;
                true
            }
            _ => false,
        }
    }

    /// Append to dense elements. False if not dense.
    pub fn push_dense(&mut self, value: Value) -> bool {
        self.extend_dense(&[value])
    }

    /// Append to dense elements. False if not dense.
    pub fn extend_dense(&mut self, values: &[Value]) -> bool {
        match self.dense_writing(values) {
            Some(v) => {
                let before = v.capacity();
                v.extend_from_slice(values);
                grown(before, v.capacity());
                true
            }
            None => false,
        }
    }

    /// Replace dense elements `range` by `values` (Vec::splice): the removed ones. Empty if not
    /// dense.
    pub fn splice_dense(&mut self, range: std::ops::Range<usize>, values: &[Value]) -> Vec<Value> {
        match self.dense_writing(values) {
            Some(v) => {
                let before = v.capacity();
                let removed = v.splice(range, values.iter().copied()).collect();
                grown(before, v.capacity());
                removed
            }
            None => Vec::new(),
        }
    }

    /// Fill dense elements `range` (below the length) with `value`.
    pub fn fill_dense(&mut self, range: std::ops::Range<usize>, value: Value) {
        if let Some(v) = self.dense_writing(&[value]) {
            v[range].fill(value);
        }
    }

    /// Remove and return the dense element at `index` (below the length), moving the rest down.
    pub fn remove_dense(&mut self, index: usize) -> Option<Value> {
        let v = self.dense_writing(&[])?;
        (index < v.len()).then(|| v.remove(index))
    }

    /// Remove and return the last dense element.
    pub fn pop_dense(&mut self) -> Option<Value> {
        self.dense_writing(&[])?.pop()
    }

    pub fn reverse_dense(&mut self) {
        if let Some(v) = self.dense_writing(&[]) {
            v.reverse();
        }
    }

    /// Drop the dense elements from `len` on.
    pub fn truncate_dense(&mut self, len: usize) {
        if let Some(v) = self.dense_writing(&[]) {
            v.truncate(len);
        }
    }

    /// Dense elements to sparse ones (holes left out).
    pub fn to_sparse(&mut self) {
        if let Some(v) = self.dense() {
            let map = v
                .iter()
                .enumerate()
                .filter(|(_, v)| !v.is_hole())
                .map(|(i, &v)| (i as u32, (v, Attrs::DEFAULT)))
                .collect();
            self.0 = Repr::Sparse(map);
        }
    }
}

/// `ObjectKind`'s tags for `Ordinary` and `Array` (the two below 2).
pub const ORDINARY_TAG: u32 = 0;
pub const ARRAY_TAG: u32 = 1;

/// A write may leave at most this many holes after the last dense element before the elements turn
/// sparse.
pub const MAX_DENSE_GAP: u32 = 1024;

/// The internal slots of exotic and built-in objects.
///
/// `repr(u32)` (the tag first, `ORDINARY_TAG` and `ARRAY_TAG` fixed): compiled code tells plain
/// objects and arrays, whose dense elements it reads and writes in place, from the rest.
#[repr(u32)]
pub enum ObjectKind {
    Ordinary = 0,
    /// Array exotic object (ECMA-262 10.4.2): `length` lives here, not in the properties.
    Array {
        length: u32,
        length_writable: bool,
    } = 1,
    /// A function from bytecode (ECMA-262 10.2 ECMAScript function object).
    Function(Closure),
    /// A function implemented in Rust.
    Native(NativeFunction),
    /// ECMA-262 10.4.1 bound function exotic object.
    Bound {
        target: ObjectRef,
        this: Value,
        args: Box<[Value]>,
    },
    /// ECMA-262 10.5 Proxy exotic object: [[ProxyTarget]] and [[ProxyHandler]] (both None once
    /// revoked); whether it has [[Call]] and [[Construct]] is fixed at creation (10.5.14).
    Proxy {
        target: Option<ObjectRef>,
        handler: Option<ObjectRef>,
        callable: bool,
        constructor: bool,
    },
    /// A module's import binding, stored in its environment slot (never visible to JS): the
    /// exporter's module (an index into `Vm::modules`) and the slot of the binding there — the
    /// indirection of ECMA-262 9.1.1.5.5 CreateImportBinding.
    ImportBinding {
        module: u32,
        slot: u32,
    },
    /// ECMA-262 10.4.6 Module namespace exotic object of a module (an index into `Vm::modules`).
    ModuleNamespace {
        module: u32,
    },
    /// A getter/setter pair, stored in the slot of an accessor property (never visible to JS).
    AccessorPair {
        getter: Value,
        setter: Value,
    },
    /// `arguments` (unmapped; mapped arguments alias `context` slots).
    Arguments {
        mapped: Option<(ContextRef, Box<[u32]>)>,
    },
    Error,
    Boolean(bool),
    Number(f64),
    String(StringRef),
    Symbol(SymbolRef),
    /// A BigInt wrapper object: [[BigIntData]] (ECMA-262 21.2.4).
    BigInt(BigIntRef),
    /// ECMA-262 21.4 Date objects: [[DateValue]], a time value (NaN for an invalid date).
    Date(f64),
    /// %ArrayIteratorPrototype% objects: the iterated object, the next index, and what to produce.
    ArrayIterator {
        target: Value,
        index: u32,
        kind: IterationKind,
    },
    /// %StringIteratorPrototype% objects: the string and the next code-unit position.
    StringIterator {
        string: StringRef,
        position: u32,
    },
    /// ECMA-262 24.1 Map objects: [[MapData]].
    Map(Box<Table>),
    /// ECMA-262 24.2 Set objects: [[SetData]] (the table's values are unused).
    Set(Box<Table>),
    /// ECMA-262 24.3 WeakMap objects: [[WeakMapData]]. Its entries are ephemerons, traced by
    /// `Heap::mark`, not by `for_each_value`.
    WeakMap(Box<Table>),
    /// ECMA-262 24.4 WeakSet objects: [[WeakSetData]]; its keys are held weakly.
    WeakSet(Box<Table>),
    /// %MapIteratorPrototype% objects: the map (undefined once done), what to produce, the position.
    MapIterator {
        map: Value,
        kind: IterationKind,
        cursor: Cursor,
    },
    /// %SetIteratorPrototype% objects (`Keys` is never used: sets iterate values or entries).
    SetIterator {
        set: Value,
        kind: IterationKind,
        cursor: Cursor,
    },
    /// ECMA-262 22.2 RegExp instances: [[OriginalSource]], [[OriginalFlags]], [[RegExpMatcher]].
    RegExp(Box<crate::builtins::regexp::RegExpData>),
    /// %IteratorHelperPrototype% objects (builtins/iterator.rs).
    IteratorHelper(Box<crate::builtins::iterator::Helper>),
    /// %WrapForValidIteratorPrototype% objects: [[Iterated]] (`Iterator.from`).
    WrappedIterator {
        iterator: Value,
        next: Value,
    },
    /// %AsyncFromSyncIteratorPrototype% objects: [[SyncIteratorRecord]] (27.1.6).
    AsyncFromSyncIterator {
        iterator: Value,
        next: Value,
    },
    /// Generators, async generators and the state of an async function call (runtime/coroutine.rs).
    Coroutine(Box<super::coroutine::Coroutine>),
    /// %RegExpStringIteratorPrototype% objects (ECMA-262 22.2.9): the RegExp, the string, whether
    /// the RegExp is global and full-unicode, and whether iteration is over.
    RegExpStringIterator {
        regexp: Value,
        string: StringRef,
        global: bool,
        full_unicode: bool,
        done: bool,
    },
    /// ECMA-262 27.2.6 Promise instances: state, result, reactions, [[PromiseIsHandled]].
    Promise(Box<crate::builtins::promise::PromiseData>),
}

/// What an array iterator produces (ECMA-262 23.1.5.1 CreateArrayIterator).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IterationKind {
    Keys,
    Values,
    Entries,
}

/// The closure state of a bytecode function.
pub struct Closure {
    /// The function's bytecode and metadata.
    pub template: std::rc::Rc<crate::bytecode::FunctionTemplate>,
    /// The environment it closes over (`None` when it captures nothing).
    pub context: Option<ContextRef>,
    /// Arrow functions: the `this` of the enclosing function.
    pub this_value: Value,
    /// Methods: the object whose prototype `super` refers to.
    pub home_object: Option<ObjectRef>,
    /// Class constructors: the function that defines the instance fields (undefined if none).
    pub fields: Value,
    /// [[Realm]] (ECMA-262 10.2.3 OrdinaryFunctionCreate): the index of the realm it was made in.
    pub realm: u32,
}

/// A Rust function callable from JavaScript.
pub struct NativeFunction {
    pub call: super::NativeFn,
    /// Also callable with `new` (a built-in constructor).
    pub constructor: bool,
    /// Extra data for the function (e.g. the index of a well-known intrinsic).
    pub data: Value,
    /// [[Realm]] (ECMA-262 10.3.4 CreateBuiltinFunction): the index of the realm it belongs to.
    pub realm: u32,
}

impl Object {
    pub fn new(proto: Option<ObjectRef>, kind: ObjectKind) -> Object {
        Object {
            proto,
            extensible: true,
            props: Props::Shaped {
                shape: Shapes::ROOT,
                slots: Vec::new(),
            },
            elements: Elements::default(),
            kind,
        }
    }

    /// Own named property lookup (no prototype chain, no exotic behaviour).
    pub fn get_own_named(&self, shapes: &Shapes, key: PropertyKey) -> Option<(Value, Attrs)> {
        match &self.props {
            Props::Shaped { shape, slots } => shapes
                .lookup(*shape, key)
                .map(|(slot, attrs)| (slots[slot as usize], attrs)),
            Props::Dictionary(d) => d.get(key),
        }
    }

    /// Own indexed property lookup.
    pub fn get_own_element(&self, index: u32) -> Option<(Value, Attrs)> {
        match self.elements.view() {
            ElementsView::Dense(v) => match v.get(index as usize) {
                Some(&value) if !value.is_hole() => Some((value, Attrs::DEFAULT)),
                _ => None,
            },
            ElementsView::Sparse(map) => map.get(&index).copied(),
        }
    }

    /// Add or replace an own named property (the caller has checked that this is allowed).
    pub fn define_named(
        &mut self,
        shapes: &mut Shapes,
        key: PropertyKey,
        value: Value,
        attrs: Attrs,
    ) {
        match &mut self.props {
            Props::Shaped { shape, slots } => {
                if let Some((slot, old)) = shapes.lookup(*shape, key) {
                    if old == attrs {
                        slots[slot as usize] = value;
                        return;
                    }
                    // An attribute change: leave the shape tree.
                    self.to_dictionary(shapes);
                    self.define_named(shapes, key, value, attrs);
                    return;
                }
                if shapes.len(*shape) >= super::shape::MAX_SHAPED_PROPERTIES {
                    self.to_dictionary(shapes);
                    self.define_named(shapes, key, value, attrs);
                    return;
                }
                *shape = shapes.add(*shape, key, attrs);
                slots.push(value);
            }
            Props::Dictionary(d) => d.set(key, value, attrs),
        }
    }

    /// Overwrite the value of an existing own named data property.
    pub fn set_named_value(&mut self, shapes: &Shapes, key: PropertyKey, value: Value) -> bool {
        match &mut self.props {
            Props::Shaped { shape, slots } => match shapes.lookup(*shape, key) {
                Some((slot, _)) => {
                    slots[slot as usize] = value;
                    true
                }
                None => false,
            },
            Props::Dictionary(d) => match d.get(key) {
                Some((_, attrs)) => {
                    d.set(key, value, attrs);
                    true
                }
                None => false,
            },
        }
    }

    pub fn remove_named(&mut self, shapes: &Shapes, key: PropertyKey) -> bool {
        if let Props::Shaped { shape, .. } = &self.props {
            if shapes.lookup(*shape, key).is_none() {
                return false;
            }
            self.to_dictionary(shapes);
        }
        match &mut self.props {
            Props::Dictionary(d) => d.remove(key),
            Props::Shaped { .. } => false,
        }
    }

    /// Switch to dictionary mode (keeps insertion order).
    pub fn to_dictionary(&mut self, shapes: &Shapes) {
        if let Props::Shaped { shape, slots } = &self.props {
            let mut d = Dictionary::default();
            for ((key, attrs), &value) in shapes.properties(*shape).into_iter().zip(slots.iter()) {
                d.set(key, value, attrs);
            }
            self.props = Props::Dictionary(Box::new(d));
        }
    }

    /// Own named properties in insertion order.
    pub fn named_properties(&self, shapes: &Shapes) -> Vec<(PropertyKey, Value, Attrs)> {
        match &self.props {
            Props::Shaped { shape, slots } => shapes
                .properties(*shape)
                .into_iter()
                .zip(slots.iter())
                .map(|((k, a), &v)| (k, v, a))
                .collect(),
            Props::Dictionary(d) => d.iter().collect(),
        }
    }

    /// Set element `index` to a default-attribute data property.
    pub fn set_element(&mut self, index: u32, value: Value) {
        if let Some(len) = self.elements.dense().map(|v| v.len()) {
            let i = index as usize;
            if i < len {
                self.elements.set_dense(i, value);
            } else if i == len {
                self.elements.push_dense(value);
            } else if index - len as u32 <= MAX_DENSE_GAP {
                // A write far past the end makes the elements sparse (as V8 does past 1024 holes);
                // otherwise `a[2**31] = 1` would allocate gigabytes of holes.
                let v = self.elements.dense_mut().expect("dense");
                let before = v.capacity();
                v.resize(i, Value::HOLE);
                v.push(value);
                grown(before, v.capacity());
            } else {
                self.to_sparse();
                self.set_element(index, value);
            }
        } else if let Some(map) = self.elements.sparse_mut() {
            let attrs = map.get(&index).map_or(Attrs::DEFAULT, |e| e.1);
            map.insert(index, (value, attrs));
        }
    }

    /// Define element `index` with `attrs`.
    pub fn define_element(&mut self, index: u32, value: Value, attrs: Attrs) {
        if attrs == Attrs::DEFAULT && self.elements.is_dense() {
            self.set_element(index, value);
            return;
        }
        self.to_sparse();
        if let Some(map) = self.elements.sparse_mut() {
            map.insert(index, (value, attrs));
        }
    }

    pub fn remove_element(&mut self, index: u32) -> bool {
        let present = match self.elements.view() {
            ElementsView::Dense(v) => v.get(index as usize).is_some_and(|v| !v.is_hole()),
            ElementsView::Sparse(map) => map.contains_key(&index),
        };
        if present {
            match self.elements.sparse_mut() {
                Some(map) => {
                    map.remove(&index);
                }
                None => self.elements.dense_mut().expect("dense")[index as usize] = Value::HOLE,
            }
        }
        present
    }

    pub fn to_sparse(&mut self) {
        self.elements.to_sparse();
    }

    /// Own element indices in ascending order.
    pub fn element_indices(&self) -> Vec<u32> {
        match self.elements.view() {
            ElementsView::Dense(v) => v
                .iter()
                .enumerate()
                .filter(|(_, v)| !v.is_hole())
                .map(|(i, _)| i as u32)
                .collect(),
            ElementsView::Sparse(map) => map.keys().copied().collect(),
        }
    }

    /// Every value this object holds, for the GC.
    pub fn for_each_value(&self, mut f: impl FnMut(Value)) {
        if let Some(p) = self.proto {
            f(Value::object(p));
        }
        match &self.props {
            Props::Shaped { slots, .. } => slots.iter().copied().for_each(&mut f),
            Props::Dictionary(d) => d.iter().for_each(|(k, v, _)| {
                if let PropertyKey::Symbol(s) = k {
                    f(Value::symbol(s));
                }
                f(v)
            }),
        }
        match self.elements.view() {
            ElementsView::Dense(v) => v.iter().copied().for_each(&mut f),
            ElementsView::Sparse(map) => map.values().for_each(|(v, _)| f(*v)),
        }
        match &self.kind {
            ObjectKind::Function(c) => {
                f(c.this_value);
                f(c.fields);
                if let Some(h) = c.home_object {
                    f(Value::object(h));
                }
            }
            ObjectKind::Native(n) => f(n.data),
            ObjectKind::Bound { target, this, args } => {
                f(Value::object(*target));
                f(*this);
                args.iter().copied().for_each(&mut f);
            }
            ObjectKind::AccessorPair { getter, setter } => {
                f(*getter);
                f(*setter);
            }
            ObjectKind::Proxy {
                target, handler, ..
            } => {
                target.map(Value::object).into_iter().for_each(&mut f);
                handler.map(Value::object).into_iter().for_each(&mut f);
            }
            ObjectKind::String(s) => f(Value::string(*s)),
            ObjectKind::Symbol(s) => f(Value::symbol(*s)),
            ObjectKind::BigInt(b) => f(Value::bigint(*b)),
            ObjectKind::ArrayIterator { target, .. } => f(*target),
            ObjectKind::StringIterator { string, .. } => f(Value::string(*string)),
            ObjectKind::Map(t) | ObjectKind::Set(t) => t.for_each(|k, v| {
                f(k);
                f(v);
            }),
            ObjectKind::MapIterator { map: c, .. } | ObjectKind::SetIterator { set: c, .. } => {
                f(*c)
            }
            ObjectKind::RegExp(d) => {
                f(Value::string(d.source));
                f(Value::string(d.flags));
            }
            ObjectKind::RegExpStringIterator { regexp, string, .. } => {
                f(*regexp);
                f(Value::string(*string));
            }
            ObjectKind::Coroutine(c) => c.for_each_value(f),
            ObjectKind::IteratorHelper(h) => h.for_each_value(f),
            ObjectKind::WrappedIterator { iterator, next }
            | ObjectKind::AsyncFromSyncIterator { iterator, next } => {
                f(*iterator);
                f(*next);
            }
            ObjectKind::Promise(p) => p.for_each_value(&mut f),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u32) -> PropertyKey {
        PropertyKey::String(StringRef(n))
    }

    #[test]
    fn named_properties_keep_insertion_order_through_dictionary_mode() {
        let mut shapes = Shapes::new();
        let mut o = Object::new(None, ObjectKind::Ordinary);
        for i in 0..5 {
            o.define_named(&mut shapes, key(i), Value::int(i as i32), Attrs::DEFAULT);
        }
        assert_eq!(
            o.get_own_named(&shapes, key(3)),
            Some((Value::int(3), Attrs::DEFAULT))
        );
        assert!(o.remove_named(&shapes, key(1)));
        assert!(matches!(o.props, Props::Dictionary(_)));
        o.define_named(&mut shapes, key(9), Value::int(9), Attrs::DEFAULT);
        let keys: Vec<_> = o.named_properties(&shapes).iter().map(|p| p.0).collect();
        assert_eq!(keys, vec![key(0), key(2), key(3), key(4), key(9)]);
    }

    #[test]
    fn elements_stay_packed_until_a_hole_is_written() {
        let mut e = Elements::default();
        assert!(e.is_packed());
        e.extend_dense(&[Value::int(1), Value::int(2), Value::int(3)]);
        e.set_dense(1, Value::int(5));
        e.splice_dense(0..1, &[Value::int(7), Value::int(8)]);
        e.reverse_dense();
        e.fill_dense(0..2, Value::int(0));
        assert_eq!(e.remove_dense(0), Some(Value::int(0)));
        assert_eq!(e.pop_dense(), Some(Value::int(7)));
        e.truncate_dense(1);
        assert!(e.is_packed(), "no edit above wrote a hole");
        assert_eq!(e.dense(), Some(&[Value::int(0)][..]));
        let mut hole = Elements::default();
        hole.push_dense(Value::HOLE);
        assert!(!hole.is_packed());
        let mut edited = Elements::from_values(vec![Value::int(1)]);
        assert!(edited.is_packed());
        edited.dense_mut();
        assert!(!edited.is_packed(), "an arbitrary edit may write holes");
        assert!(!Elements::from_values(vec![Value::HOLE]).is_packed());
        let mut o = Object::new(None, ObjectKind::Ordinary);
        o.set_element(0, Value::int(1));
        o.set_element(1, Value::int(2));
        assert!(o.elements.is_packed());
        o.remove_element(0);
        assert!(!o.elements.is_packed());
    }

    #[test]
    fn elements_stay_dense_until_a_far_index() {
        let mut o = Object::new(None, ObjectKind::Ordinary);
        o.set_element(0, Value::int(1));
        o.set_element(3, Value::int(4));
        assert!(o.elements.is_dense() && !o.elements.is_packed());
        assert_eq!(o.get_own_element(1), None);
        assert_eq!(o.element_indices(), vec![0, 3]);
        o.set_element(1_000_000, Value::int(5));
        assert!(!o.elements.is_dense());
        assert_eq!(o.element_indices(), vec![0, 3, 1_000_000]);
    }
}
