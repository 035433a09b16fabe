//! The heap: every string, object, symbol, BigInt and environment of one engine, and the mark-sweep collector.
//!
//! Each kind lives in its own `gc::Arena` and is addressed by the 32-bit index a `Value` carries.
//! Allocation here never collects: the VM decides when to collect (at allocation, through
//! `Vm::alloc_*`, which first calls `Vm::maybe_collect` with its roots). See docs/GC.md.

use super::object::{Object, ObjectKind};
use super::shape::Shapes;
use super::string::{Flat, JsString, Rope};
use super::value::{BigIntRef, Kind, ObjectRef, StringRef, SymbolRef, Value};
use crate::bytecode::ScopeLayout;
use crate::gc::Arena;
use num_bigint::BigInt;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Index of an environment (a heap context of captured variables).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ContextRef(pub u32);

/// An environment record on the heap: captured variables in slots resolved at compile time, or the
/// object of a `with` statement.
pub struct Context {
    pub parent: Option<ContextRef>,
    pub slots: Vec<Value>,
    /// Kind, slot names and binding modes (for dynamic lookup by `with` and direct eval, and the
    /// debugger).
    pub layout: Rc<ScopeLayout>,
    /// `With`: the binding object. `Function`: the `var`s a sloppy direct eval added, once it has
    /// (they can be deleted, so they live in an ordinary object).
    pub object: Option<ObjectRef>,
}

pub struct Symbol {
    pub description: Option<StringRef>,
    /// Created by `Symbol.for`: lives as long as the registry.
    pub registered: bool,
    /// A class's private name (`#x`): a property key that reflection never shows and that only
    /// the private-member instructions read and write.
    pub private: bool,
}

/// Strings shorter than this are copied when concatenated; longer ones make a rope.
pub(crate) const ROPE_MIN: u32 = 32;
/// Collect after this many allocations (grows with the live heap).
const INITIAL_GC_THRESHOLD: usize = 100_000;
/// Collect after this many bytes of dense elements allocated (grows with the live elements).
const INITIAL_ELEMENT_THRESHOLD: usize = 8 << 20;

pub struct Heap {
    pub strings: Arena<JsString>,
    pub objects: Arena<Object>,
    pub symbols: Arena<Symbol>,
    /// BigInt values (immutable once allocated).
    pub bigints: Arena<BigInt>,
    pub contexts: Arena<Context>,
    pub shapes: Shapes,
    /// Interned strings (property names, identifiers in code): permanent roots.
    atoms: crate::util::hash::FastMap<Box<[u16]>, StringRef>,
    /// The same atoms by their Rust text, for `intern(&str)` (natives name properties that way on
    /// hot paths: `value`, `done`, `next`), so that a lookup needs no UTF-16 copy.
    str_atoms: crate::util::hash::FastMap<Box<str>, StringRef>,
    /// The property key of each atom used as one (atoms are never freed, so indices stay valid).
    atom_keys: crate::util::hash::FastMap<StringRef, super::property::PropertyKey>,
    pub allocations_since_gc: usize,
    pub gc_threshold: usize,
    /// `object::element_bytes` at which to collect.
    pub element_threshold: usize,
    /// Collect at every allocation (`--gc-stress`, `KESTREL_GC_STRESS=1`).
    pub gc_stress: bool,
    pub collections: u64,
}

impl Default for Heap {
    fn default() -> Self {
        Heap::new()
    }
}

impl Heap {
    pub fn new() -> Heap {
        Heap {
            strings: Arena::default(),
            objects: Arena::default(),
            symbols: Arena::default(),
            bigints: Arena::default(),
            contexts: Arena::default(),
            shapes: Shapes::new(),
            atoms: Default::default(),
            str_atoms: Default::default(),
            atom_keys: Default::default(),
            allocations_since_gc: 0,
            gc_threshold: INITIAL_GC_THRESHOLD,
            element_threshold: INITIAL_ELEMENT_THRESHOLD,
            gc_stress: std::env::var_os("KESTREL_GC_STRESS").is_some_and(|v| v != "0"),
            collections: 0,
        }
    }

    /// Whether the VM should collect before its next allocation.
    pub fn should_collect(&self) -> bool {
        self.gc_stress
            || self.allocations_since_gc >= self.gc_threshold
            || super::object::element_bytes() >= self.element_threshold
    }

    // ---------------------------------------------------------------------------------------------
    // Strings

    pub fn alloc_string(&mut self, s: JsString) -> StringRef {
        self.allocations_since_gc += 1;
        StringRef(self.strings.alloc(s))
    }

    pub fn alloc_str(&mut self, s: &str) -> StringRef {
        self.alloc_string(JsString::from_text(s))
    }

    pub fn alloc_utf16(&mut self, units: &[u16]) -> StringRef {
        self.alloc_string(JsString::from_utf16(units))
    }

    /// The interned string with these contents (for property keys).
    pub fn intern_utf16(&mut self, units: &[u16]) -> StringRef {
        if let Some(&s) = self.atoms.get(units) {
            return s;
        }
        let s = StringRef(self.strings.alloc(JsString::from_utf16(units)));
        self.atoms.insert(units.into(), s);
        s
    }

    pub fn intern(&mut self, s: &str) -> StringRef {
        if let Some(&atom) = self.str_atoms.get(s) {
            return atom;
        }
        let units: Vec<u16> = s.encode_utf16().collect();
        let atom = self.intern_utf16(&units);
        self.str_atoms.insert(s.into(), atom);
        atom
    }

    /// The interned copy of `s` (itself, if already interned).
    pub fn intern_string(&mut self, s: StringRef) -> StringRef {
        let mut units = Vec::new();
        self.flat(s).push_to(&mut units);
        self.intern_utf16(&units)
    }

    /// The property key cached for the atom `s`, if any (see `Vm::string_key`).
    #[inline]
    pub fn atom_key(&self, s: StringRef) -> Option<super::property::PropertyKey> {
        self.atom_keys.get(&s).copied()
    }

    /// Remember the property key of the atom `s`.
    pub fn cache_atom_key(&mut self, s: StringRef, key: super::property::PropertyKey) {
        self.atom_keys.insert(s, key);
    }

    pub fn string(&self, s: StringRef) -> &JsString {
        self.strings.get(s.0)
    }

    pub fn string_len(&self, s: StringRef) -> u32 {
        self.string(s).len()
    }

    /// The contents of `s`, flattening it first if it is a rope.
    pub fn flat(&mut self, s: StringRef) -> Flat<'_> {
        if matches!(self.string(s), JsString::Rope(_)) {
            self.flatten(s);
        }
        self.string(s).flat().expect("flattened")
    }

    /// Replace the rope `s` by a flat string with the same contents (no recursion: ropes built by a
    /// long `+=` loop are deep).
    fn flatten(&mut self, s: StringRef) {
        let len = self.string_len(s) as usize;
        // A Latin-1 rope has Latin-1 leaves only: copy bytes, no widening.
        let flat = if self.string(s).is_latin1() {
            let mut bytes: Vec<u8> = Vec::with_capacity(len);
            self.rope_leaves(s, |leaf| match leaf {
                Flat::Latin1(b) => bytes.extend_from_slice(b),
                Flat::Utf16(u) => bytes.extend(u.iter().map(|&u| u as u8)),
            });
            JsString::Latin1(bytes.into())
        } else {
            let mut units: Vec<u16> = Vec::with_capacity(len);
            self.rope_leaves(s, |leaf| leaf.push_to(&mut units));
            JsString::Utf16(units.into())
        };
        *self.strings.get_mut(s.0) = flat;
    }

    /// The flat pieces of rope `s`, left to right (iteratively: ropes built by `+=` are deep).
    fn rope_leaves(&self, s: StringRef, mut f: impl FnMut(Flat<'_>)) {
        let mut stack = vec![s];
        while let Some(part) = stack.pop() {
            match self.string(part) {
                JsString::Rope(Rope { left, right, .. }) => {
                    stack.push(*right);
                    stack.push(*left);
                }
                other => f(other.flat().expect("leaf")),
            }
        }
    }

    /// `a + b` for strings.
    pub fn concat(&mut self, a: StringRef, b: StringRef) -> StringRef {
        let (la, lb) = (self.string_len(a), self.string_len(b));
        if la == 0 {
            return b;
        }
        if lb == 0 {
            return a;
        }
        let latin1 = self.string(a).is_latin1() && self.string(b).is_latin1();
        if la + lb < ROPE_MIN {
            if latin1 {
                let mut bytes = Vec::with_capacity((la + lb) as usize);
                bytes.extend_from_slice(self.flat(a).latin1().expect("latin1"));
                bytes.extend_from_slice(self.flat(b).latin1().expect("latin1"));
                return self.alloc_string(JsString::Latin1(bytes.into()));
            }
            let mut units = Vec::with_capacity((la + lb) as usize);
            self.flat(a).push_to(&mut units);
            self.flat(b).push_to(&mut units);
            return self.alloc_utf16(&units);
        }
        let len = la
            .checked_add(lb)
            .expect("string length checked by the caller");
        self.alloc_string(JsString::Rope(Rope {
            left: a,
            right: b,
            len,
            latin1,
        }))
    }

    /// The contents as Rust text (lone surrogates become U+FFFD).
    pub fn to_rust_string(&mut self, s: StringRef) -> String {
        self.flat(s).to_rust_lossy()
    }

    pub fn string_eq(&mut self, a: StringRef, b: StringRef) -> bool {
        if a == b {
            return true;
        }
        if self.string_len(a) != self.string_len(b) {
            return false;
        }
        self.flat(a);
        self.flat(b);
        self.string(a)
            .flat()
            .expect("flat")
            .same_units(self.string(b).flat().expect("flat"))
    }

    // ---------------------------------------------------------------------------------------------
    // Objects, symbols, contexts

    pub fn alloc_object(&mut self, object: Object) -> ObjectRef {
        self.allocations_since_gc += 1;
        ObjectRef(self.objects.alloc(object))
    }

    pub fn object(&self, o: ObjectRef) -> &Object {
        self.objects.get(o.0)
    }

    pub fn object_mut(&mut self, o: ObjectRef) -> &mut Object {
        self.objects.get_mut(o.0)
    }

    pub fn alloc_symbol(&mut self, symbol: Symbol) -> SymbolRef {
        self.allocations_since_gc += 1;
        SymbolRef(self.symbols.alloc(symbol))
    }

    pub fn symbol(&self, s: SymbolRef) -> &Symbol {
        self.symbols.get(s.0)
    }

    pub fn alloc_bigint(&mut self, value: BigInt) -> BigIntRef {
        self.allocations_since_gc += 1;
        BigIntRef(self.bigints.alloc(value))
    }

    pub fn bigint(&self, b: BigIntRef) -> &BigInt {
        self.bigints.get(b.0)
    }

    pub fn alloc_context(&mut self, context: Context) -> ContextRef {
        self.allocations_since_gc += 1;
        ContextRef(self.contexts.alloc(context))
    }

    pub fn context(&self, c: ContextRef) -> &Context {
        self.contexts.get(c.0)
    }

    pub fn context_mut(&mut self, c: ContextRef) -> &mut Context {
        self.contexts.get_mut(c.0)
    }

    // ---------------------------------------------------------------------------------------------
    // Collection

    /// Mark everything reachable from the roots `mark_roots` reports, then sweep.
    pub fn collect(&mut self, mark_roots: impl FnOnce(&mut Marker)) {
        let mut marker = Marker::default();
        // Interned strings are permanent; so are shapes, and with them the symbols they use as keys.
        for &s in self.atoms.values() {
            marker.values.push(Value::string(s));
        }
        self.shapes.for_each_key(|k| {
            if let super::property::PropertyKey::Symbol(s) = k {
                marker.values.push(Value::symbol(s));
            }
        });
        mark_roots(&mut marker);
        self.mark(&mut marker);
        self.mark_ephemerons(&mut marker);
        let live = self.objects.len() + self.strings.len() + self.bigints.len();
        self.objects.sweep();
        self.strings.sweep();
        self.symbols.sweep();
        self.bigints.sweep();
        self.contexts.sweep();
        self.allocations_since_gc = 0;
        self.gc_threshold = INITIAL_GC_THRESHOLD.max(live);
        super::object::reset_element_bytes();
        self.element_threshold = INITIAL_ELEMENT_THRESHOLD.max(marker.element_bytes);
        self.collections += 1;
    }

    fn mark(&mut self, marker: &mut Marker) {
        loop {
            if let Some(value) = marker.values.pop() {
                self.mark_value(value, marker);
            } else if let Some(c) = marker.contexts.pop() {
                if self.contexts.mark(c.0) {
                    let context = self.contexts.get(c.0);
                    marker.values.extend(context.slots.iter().copied());
                    marker
                        .values
                        .extend(context.layout.names.iter().map(|&n| Value::string(n)));
                    if let Some(o) = context.object {
                        marker.values.push(Value::object(o));
                    }
                    if let Some(parent) = context.parent {
                        marker.contexts.push(parent);
                    }
                }
            } else if let Some(template) = marker.templates.pop() {
                template.trace(marker);
            } else {
                break;
            }
        }
    }

    fn mark_value(&mut self, value: Value, marker: &mut Marker) {
        match value.kind() {
            Kind::String(s) if self.strings.mark(s.0) => {
                if let JsString::Rope(r) = self.strings.get(s.0) {
                    marker.values.push(Value::string(r.left));
                    marker.values.push(Value::string(r.right));
                }
            }
            Kind::Symbol(s) if self.symbols.mark(s.0) => {
                if let Some(d) = self.symbols.get(s.0).description {
                    marker.values.push(Value::string(d));
                }
                marker.release_ephemerons(value);
            }
            Kind::BigInt(b) => {
                self.bigints.mark(b.0);
            }
            Kind::Object(o) if self.objects.mark(o.0) => {
                marker.release_ephemerons(value);
                let object = self.objects.get(o.0);
                object.for_each_value(|v| marker.values.push(v));
                marker.element_bytes +=
                    object.elements.dense_capacity() * std::mem::size_of::<Value>();
                match &object.kind {
                    ObjectKind::Function(c) => {
                        if let Some(ctx) = c.context {
                            marker.contexts.push(ctx);
                        }
                        marker.template(&c.template);
                    }
                    ObjectKind::Arguments {
                        mapped: Some((ctx, _)),
                    } => marker.contexts.push(*ctx),
                    ObjectKind::WeakMap(_) | ObjectKind::WeakSet(_) => marker.weak.push(o),
                    ObjectKind::Coroutine(c) => c.trace_rest(marker),
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// Whether `v` survives this collection (values outside the heap always do).
    fn is_marked(&self, v: Value) -> bool {
        match v.kind() {
            Kind::Object(o) => self.objects.is_marked(o.0),
            Kind::String(s) => self.strings.is_marked(s.0),
            Kind::Symbol(s) => self.symbols.is_marked(s.0),
            Kind::BigInt(b) => self.bigints.is_marked(b.0),
            _ => true,
        }
    }

    /// WeakMap and WeakSet entries are ephemerons (ECMA-262 9.10, "Liveness"): an entry never keeps
    /// its key alive, and keeps its value alive only while the key is alive. `mark_value` traces
    /// nothing of a weak collection and lists it in `marker.weak`. Once the ordinary mark is done,
    /// each weak map is scanned once: an entry whose key is marked has its value marked now, and one
    /// whose key is not yet marked is parked in `marker.ephemerons` under its key, so that marking
    /// the key later (`mark_value`) releases the value. Scanning repeats for weak collections found
    /// meanwhile. This is linear in the entries, even for long key → value → key chains. The
    /// entries whose keys are still unmarked are then removed: those keys are about to be swept,
    /// and their indices reused.
    fn mark_ephemerons(&mut self, marker: &mut Marker) {
        let mut scanned = 0;
        while scanned < marker.weak.len() {
            let w = marker.weak[scanned];
            scanned += 1;
            if let ObjectKind::WeakMap(table) = &self.objects.get(w.0).kind {
                let Marker {
                    values, ephemerons, ..
                } = &mut *marker;
                table.for_each(|key, value| {
                    if self.is_marked(key) {
                        values.push(value);
                    } else {
                        ephemerons.entry(key).or_default().push(value);
                    }
                });
            }
            self.mark(marker);
        }
        marker.ephemerons.clear();
        for w in std::mem::take(&mut marker.weak) {
            let mut kind =
                std::mem::replace(&mut self.objects.get_mut(w.0).kind, ObjectKind::Ordinary);
            if let ObjectKind::WeakMap(table) | ObjectKind::WeakSet(table) = &mut kind {
                table.retain(|key| self.is_marked(key));
            }
            self.objects.get_mut(w.0).kind = kind;
        }
    }
}

/// The collector's work lists; roots are pushed here by the VM.
#[derive(Default)]
pub struct Marker {
    values: Vec<Value>,
    contexts: Vec<ContextRef>,
    templates: Vec<Rc<crate::bytecode::FunctionTemplate>>,
    seen_templates: HashSet<*const crate::bytecode::FunctionTemplate>,
    /// The weak collections marked so far (see `Heap::mark_ephemerons`).
    weak: Vec<ObjectRef>,
    /// Weak map values waiting for their (still unmarked) key to be marked.
    ephemerons: HashMap<Value, Vec<Value>>,
    /// Bytes of dense elements held by the objects marked so far.
    element_bytes: usize,
}

impl Marker {
    /// `key` was just marked: the weak map values parked under it are live now.
    fn release_ephemerons(&mut self, key: Value) {
        if !self.ephemerons.is_empty() {
            if let Some(values) = self.ephemerons.remove(&key) {
                self.values.extend(values);
            }
        }
    }

    pub fn value(&mut self, v: Value) {
        self.values.push(v);
    }

    pub fn values(&mut self, vs: impl IntoIterator<Item = Value>) {
        self.values.extend(vs);
    }

    pub fn context(&mut self, c: ContextRef) {
        self.contexts.push(c);
    }

    /// A function template: its constants and caches are traced once per collection.
    pub fn template(&mut self, t: &Rc<crate::bytecode::FunctionTemplate>) {
        if self.seen_templates.insert(Rc::as_ptr(t)) {
            self.templates.push(t.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ropes_flatten_iteratively_and_compare_by_contents() {
        let mut heap = Heap::new();
        let piece = heap.alloc_str("0123456789abcdefghijklmnopqrstuvwxyz");
        let mut s = heap.alloc_str("");
        for _ in 0..100_000 {
            s = heap.concat(s, piece);
        }
        assert_eq!(heap.string_len(s), 3_600_000);
        assert!(matches!(heap.string(s), JsString::Rope(_)));
        assert_eq!(heap.flat(s).unit(3_599_999), 'z' as u16);
        let short = heap.alloc_str("ab");
        let short2 = heap.alloc_str("cd");
        let abcd = heap.concat(short, short2);
        let other = heap.alloc_str("abcd");
        assert!(heap.string_eq(abcd, other));
    }

    #[test]
    fn weak_map_entries_are_ephemerons() {
        use crate::builtins::collections::{prepare_key, Table};
        let mut heap = Heap::new();
        let object = |heap: &mut Heap| heap.alloc_object(Object::new(None, ObjectKind::Ordinary));
        // live → a → b (a chain through the weak map), dead → d, and a value that refers to its key.
        let (live, a, b, dead, d) = (
            object(&mut heap),
            object(&mut heap),
            object(&mut heap),
            object(&mut heap),
            object(&mut heap),
        );
        heap.object_mut(d).set_element(0, Value::object(dead));
        let mut table = Table::default();
        for (k, v) in [(a, b), (dead, d), (live, a)] {
            let key = prepare_key(&mut heap, Value::object(k));
            table.set(heap.key_arenas(), &key, Value::object(v));
        }
        let map = heap.alloc_object(Object::new(None, ObjectKind::WeakMap(Box::new(table))));
        heap.collect(|m| {
            m.value(Value::object(map));
            m.value(Value::object(live));
        });
        for o in [live, a, b, map] {
            assert!(heap.objects.contains(o.0), "reachable through live keys");
        }
        assert!(!heap.objects.contains(dead.0) && !heap.objects.contains(d.0));
        match &heap.object(map).kind {
            ObjectKind::WeakMap(t) => assert_eq!(t.len(), 2, "the dead key's entry is gone"),
            _ => unreachable!(),
        }
        // Without the map, nothing is kept.
        heap.collect(|m| m.value(Value::object(live)));
        assert!(!heap.objects.contains(a.0) && !heap.objects.contains(b.0));
    }

    #[test]
    fn long_ephemeron_chains_across_two_maps_stay_alive() {
        use crate::builtins::collections::{prepare_key, Table};
        // k0 → k1 → … → k(n-1) with links alternating between two weak maps and inserted
        // backwards, the worst order for round-based ephemeron marking (staging/sm deep-weakmap).
        let mut heap = Heap::new();
        let n = 20_000;
        let keys: Vec<ObjectRef> = (0..n)
            .map(|_| heap.alloc_object(Object::new(None, ObjectKind::Ordinary)))
            .collect();
        let orphan = heap.alloc_object(Object::new(None, ObjectKind::Ordinary));
        let mut tables = [Table::default(), Table::default()];
        for i in (0..n - 1).rev() {
            let key = prepare_key(&mut heap, Value::object(keys[i]));
            tables[i % 2].set(heap.key_arenas(), &key, Value::object(keys[i + 1]));
        }
        let [t0, t1] = tables;
        let maps = [t0, t1]
            .map(|t| heap.alloc_object(Object::new(None, ObjectKind::WeakMap(Box::new(t)))));
        heap.collect(|m| {
            m.values(maps.map(Value::object));
            m.value(Value::object(keys[n / 2]));
        });
        let alive = keys.iter().filter(|k| heap.objects.contains(k.0)).count();
        assert_eq!(
            alive,
            n - n / 2,
            "exactly the chain from the root onwards survives"
        );
        assert!(heap.objects.contains(keys[n - 1].0) && !heap.objects.contains(orphan.0));
    }

    #[test]
    fn big_elements_call_for_a_collection_before_many_allocations_do() {
        let mut heap = Heap::new();
        super::super::object::reset_element_bytes();
        let mut kept = Object::new(None, ObjectKind::Ordinary);
        kept.elements = super::super::object::Elements::from_values(vec![Value::int(0); 600_000]);
        let kept = heap.alloc_object(kept);
        assert!(
            !heap.should_collect(),
            "4.8 MB is below the first threshold"
        );
        let mut dropped = Object::new(None, ObjectKind::Ordinary);
        for i in 0..600_000 {
            dropped.set_element(i, Value::int(1));
        }
        heap.alloc_object(dropped);
        assert!(
            heap.should_collect(),
            "two objects, but over 8 MB of elements"
        );
        heap.collect(|m| m.value(Value::object(kept)));
        assert!(!heap.should_collect());
        assert_eq!(
            heap.element_threshold, INITIAL_ELEMENT_THRESHOLD,
            "the live elements (4.8 MB) are below the first threshold"
        );
    }

    #[test]
    fn collection_frees_what_roots_do_not_reach() {
        let mut heap = Heap::new();
        let kept = heap.alloc_str("kept");
        let dropped = heap.alloc_str("dropped");
        let interned = heap.intern("name");
        let mut object = Object::new(None, ObjectKind::Ordinary);
        object.set_element(0, Value::string(kept));
        let o = heap.alloc_object(object);
        heap.collect(|m| m.value(Value::object(o)));
        assert!(heap.strings.contains(kept.0));
        assert!(heap.strings.contains(interned.0), "atoms are roots");
        assert!(!heap.strings.contains(dropped.0));
        heap.collect(|_| {});
        assert!(!heap.objects.contains(o.0) && !heap.strings.contains(kept.0));
    }
}
