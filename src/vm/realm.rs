//! The realm: the intrinsic objects, the global object and the global lexical environment
//! (ECMA-262 9.3), and the first built-ins installed on them.
//!
//! The standard library is small today (console, Object, Function, Array, String, Number, Math and the
//! Error family, in part); `builtins/` takes it over as it grows.

use super::Vm;
use crate::runtime::heap::Symbol;
use crate::runtime::heap::{Heap, Marker};
use crate::runtime::object::{NativeFunction, Object, ObjectKind};
use crate::runtime::property::Attrs;
use crate::runtime::value::{ObjectRef, StringRef, SymbolRef};
use crate::runtime::{NativeFn, Value};
use std::collections::HashMap;
use std::rc::Rc;

/// The native error constructors, in `ThrowError` operand order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    TypeError = 0,
    ReferenceError = 1,
    SyntaxError = 2,
    RangeError = 3,
    Error = 4,
    EvalError = 5,
    UriError = 6,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 7] = [
        ErrorKind::TypeError,
        ErrorKind::ReferenceError,
        ErrorKind::SyntaxError,
        ErrorKind::RangeError,
        ErrorKind::Error,
        ErrorKind::EvalError,
        ErrorKind::UriError,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::TypeError => "TypeError",
            ErrorKind::ReferenceError => "ReferenceError",
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::RangeError => "RangeError",
            ErrorKind::Error => "Error",
            ErrorKind::EvalError => "EvalError",
            ErrorKind::UriError => "URIError",
        }
    }

    pub fn from_index(i: u32) -> ErrorKind {
        ErrorKind::ALL
            .get(i as usize)
            .copied()
            .unwrap_or(ErrorKind::Error)
    }
}

/// Interned names the VM compares against often.
pub struct Names {
    pub length: StringRef,
    pub name: StringRef,
    pub prototype: StringRef,
    pub constructor: StringRef,
    pub caller: StringRef,
    pub arguments: StringRef,
    /// Iterator results and the iteration protocol.
    pub value: StringRef,
    pub done: StringRef,
    pub next: StringRef,
}

/// The well-known symbols (ECMA-262 6.1.5.1), shared by all realms.
#[derive(Clone, Copy)]
pub struct WellKnownSymbols {
    pub iterator: SymbolRef,
    pub async_iterator: SymbolRef,
    pub has_instance: SymbolRef,
    pub to_primitive: SymbolRef,
    pub to_string_tag: SymbolRef,
    pub species: SymbolRef,
    pub is_concat_spreadable: SymbolRef,
    pub unscopables: SymbolRef,
    pub r#match: SymbolRef,
    pub match_all: SymbolRef,
    pub replace: SymbolRef,
    pub search: SymbolRef,
    pub split: SymbolRef,
}

/// The prototypes of generator and async functions and of what they create (ECMA-262 27.3–27.7).
#[derive(Clone, Copy)]
pub struct CoroutineIntrinsics {
    pub generator_function_prototype: ObjectRef,
    pub generator_prototype: ObjectRef,
    pub async_function_prototype: ObjectRef,
    pub async_generator_function_prototype: ObjectRef,
    pub async_generator_prototype: ObjectRef,
    pub async_iterator_prototype: ObjectRef,
    pub async_from_sync_iterator_prototype: ObjectRef,
}

impl CoroutineIntrinsics {
    fn all(&self) -> [ObjectRef; 7] {
        [
            self.generator_function_prototype,
            self.generator_prototype,
            self.async_function_prototype,
            self.async_generator_function_prototype,
            self.async_generator_prototype,
            self.async_iterator_prototype,
            self.async_from_sync_iterator_prototype,
        ]
    }
}

/// A built-in compiled code can run without calling it (`Realm::inlinable`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Inlinable {
    /// %Array.prototype.push% with one argument: a vector push on a plain dense array.
    ArrayPush,
    /// `Math.sqrt`, `Math.abs` of a Number; `Math.min`, `Math.max` of two Numbers.
    MathSqrt,
    MathAbs,
    MathMin,
    MathMax,
}

pub struct Realm {
    pub global: ObjectRef,
    pub object_prototype: ObjectRef,
    pub function_prototype: ObjectRef,
    pub array_prototype: ObjectRef,
    pub string_prototype: ObjectRef,
    pub number_prototype: ObjectRef,
    pub boolean_prototype: ObjectRef,
    pub symbol_prototype: ObjectRef,
    pub bigint_prototype: ObjectRef,
    /// %IteratorPrototype%, %ArrayIteratorPrototype%, %StringIteratorPrototype%.
    pub iterator_prototype: ObjectRef,
    pub array_iterator_prototype: ObjectRef,
    pub string_iterator_prototype: ObjectRef,
    /// %Iterator%, %IteratorHelperPrototype% and %WrapForValidIteratorPrototype% (27.1).
    pub iterator_constructor: Value,
    pub iterator_helper_prototype: ObjectRef,
    pub wrap_for_valid_iterator_prototype: ObjectRef,
    /// %ArrayIteratorPrototype%.next, for the for-of fast path.
    pub array_iterator_next: Value,
    /// %Array.prototype.values% (also the `@@iterator` of arguments objects).
    pub array_values: Value,
    /// Built-ins compiled code runs without a call (the JIT's `Lower::inlined`): the name a call
    /// site loads them by, the function, and what it is.
    pub inlinable: Vec<(StringRef, Value, Inlinable)>,
    /// %ThrowTypeError% (ECMA-262 10.2.4.1): the poison pill of strict `arguments.callee`.
    pub throw_type_error: Value,
    /// %GeneratorFunction.prototype%, %GeneratorPrototype% (its `prototype`), and their async
    /// twins; %AsyncFunction.prototype%; %AsyncIteratorPrototype%, %AsyncFromSyncIteratorPrototype%.
    pub coroutines: CoroutineIntrinsics,
    /// %RegExp.prototype% and %RegExpStringIteratorPrototype%.
    pub regexp_prototype: ObjectRef,
    pub regexp_string_iterator_prototype: ObjectRef,
    /// %RegExp% and %RegExp.prototype.exec% (RegExpExec skips the call to the built-in exec).
    pub regexp_constructor: Value,
    pub regexp_exec: Value,
    /// The compiled patterns of regular expression literals, by (pattern, flags); both strings are
    /// interned, so permanent.
    pub regexp_literals: HashMap<(StringRef, StringRef), Rc<crate::builtins::regexp::Matcher>>,
    /// Patterns compiled by the RegExp constructor, by (pattern, flags), for reuse.
    pub regexp_cache:
        HashMap<(Box<[u16]>, crate::builtins::regexp::Flags), Rc<crate::builtins::regexp::Matcher>>,
    /// The last string a RegExp matched and its code units (kept alive, so the index is not reused).
    pub regexp_subject: Option<(StringRef, Rc<[u16]>)>,
    /// RegExp.$1 and the other legacy static properties.
    pub regexp_legacy: crate::builtins::regexp::LegacyStatics,
    pub symbols: WellKnownSymbols,
    /// %eval%, to recognise direct eval calls.
    pub eval: Value,
    pub error_prototypes: [ObjectRef; 7],
    /// %Error% (undefined until installed): its `stackTraceLimit` (`Vm::stack_trace`).
    pub error_constructor: Value,
    /// The global lexical environment: `let`/`const`/`class` of scripts (value, is const).
    pub global_lexical: GlobalLexical,
    /// The `prototype` of every built-in constructor, in installation order: the same position in
    /// another realm holds the corresponding intrinsic (GetPrototypeFromConstructor's fallback).
    pub constructor_prototypes: Vec<ObjectRef>,
    pub names: Names,
    /// %Promise%, %Promise.prototype% and %AggregateError.prototype% (undefined until installed).
    pub promise_constructor: Value,
    pub promise_prototype: Value,
    pub aggregate_error_prototype: Value,
}

impl Realm {
    /// The [[Prototype]] of a function of this kind: %Function.prototype%, or the prototype of
    /// %GeneratorFunction%, %AsyncFunction% or %AsyncGeneratorFunction%.
    pub fn function_prototype_for(
        &self,
        kind: Option<crate::bytecode::CoroutineKind>,
    ) -> ObjectRef {
        use crate::bytecode::CoroutineKind;
        let intrinsics = &self.coroutines;
        match kind {
            None => self.function_prototype,
            Some(CoroutineKind::Generator) => intrinsics.generator_function_prototype,
            Some(CoroutineKind::Async) => intrinsics.async_function_prototype,
            Some(CoroutineKind::AsyncGenerator) => intrinsics.async_generator_function_prototype,
        }
    }

    /// The first realm, with new well-known symbols.
    pub fn new(heap: &mut Heap) -> Realm {
        let symbol = |heap: &mut Heap, name: &str| {
            let description = Some(heap.intern(name));
            heap.alloc_symbol(Symbol {
                description,
                registered: false,
                private: false,
            })
        };
        let symbols = WellKnownSymbols {
            iterator: symbol(heap, "Symbol.iterator"),
            async_iterator: symbol(heap, "Symbol.asyncIterator"),
            has_instance: symbol(heap, "Symbol.hasInstance"),
            to_primitive: symbol(heap, "Symbol.toPrimitive"),
            to_string_tag: symbol(heap, "Symbol.toStringTag"),
            species: symbol(heap, "Symbol.species"),
            is_concat_spreadable: symbol(heap, "Symbol.isConcatSpreadable"),
            unscopables: symbol(heap, "Symbol.unscopables"),
            r#match: symbol(heap, "Symbol.match"),
            match_all: symbol(heap, "Symbol.matchAll"),
            replace: symbol(heap, "Symbol.replace"),
            search: symbol(heap, "Symbol.search"),
            split: symbol(heap, "Symbol.split"),
        };
        Realm::with_symbols(heap, &symbols)
    }

    /// A realm whose intrinsics are new objects (the built-ins are installed by
    /// `builtins::install`), sharing the agent's well-known symbols.
    pub fn with_symbols(heap: &mut Heap, symbols: &WellKnownSymbols) -> Realm {
        let object_prototype = heap.alloc_object(Object::new(None, ObjectKind::Ordinary));
        let ordinary =
            |heap: &mut Heap, kind| heap.alloc_object(Object::new(Some(object_prototype), kind));
        let function_prototype = ordinary(heap, ObjectKind::Ordinary);
        let array_prototype = ordinary(
            heap,
            ObjectKind::Array {
                length: 0,
                length_writable: true,
            },
        );
        let string_prototype = {
            let empty = heap.intern("");
            ordinary(heap, ObjectKind::String(empty))
        };
        let number_prototype = ordinary(heap, ObjectKind::Number(0.0));
        let boolean_prototype = ordinary(heap, ObjectKind::Boolean(false));
        let error_prototype = ordinary(heap, ObjectKind::Ordinary);
        let mut error_prototypes = [error_prototype; 7];
        for kind in ErrorKind::ALL {
            if kind != ErrorKind::Error {
                error_prototypes[kind as usize] =
                    heap.alloc_object(Object::new(Some(error_prototype), ObjectKind::Ordinary));
            }
        }
        let global = ordinary(heap, ObjectKind::Ordinary);
        let symbol_prototype = ordinary(heap, ObjectKind::Ordinary);
        let bigint_prototype = ordinary(heap, ObjectKind::Ordinary);
        let iterator_prototype = ordinary(heap, ObjectKind::Ordinary);
        let array_iterator_prototype =
            heap.alloc_object(Object::new(Some(iterator_prototype), ObjectKind::Ordinary));
        let string_iterator_prototype =
            heap.alloc_object(Object::new(Some(iterator_prototype), ObjectKind::Ordinary));
        let with_proto = |heap: &mut Heap, proto| {
            heap.alloc_object(Object::new(Some(proto), ObjectKind::Ordinary))
        };
        let async_iterator_prototype = ordinary(heap, ObjectKind::Ordinary);
        let coroutines = CoroutineIntrinsics {
            generator_function_prototype: with_proto(heap, function_prototype),
            generator_prototype: with_proto(heap, iterator_prototype),
            async_function_prototype: with_proto(heap, function_prototype),
            async_generator_function_prototype: with_proto(heap, function_prototype),
            async_generator_prototype: with_proto(heap, async_iterator_prototype),
            async_iterator_prototype,
            async_from_sync_iterator_prototype: with_proto(heap, async_iterator_prototype),
        };
        let iterator_helper_prototype = with_proto(heap, iterator_prototype);
        let wrap_for_valid_iterator_prototype = with_proto(heap, iterator_prototype);
        let regexp_prototype = ordinary(heap, ObjectKind::Ordinary);
        let regexp_string_iterator_prototype =
            heap.alloc_object(Object::new(Some(iterator_prototype), ObjectKind::Ordinary));
        let symbols = *symbols;
        let length = heap.intern("length");
        Realm {
            global,
            object_prototype,
            function_prototype,
            array_prototype,
            string_prototype,
            number_prototype,
            boolean_prototype,
            symbol_prototype,
            bigint_prototype,
            iterator_prototype,
            array_iterator_prototype,
            string_iterator_prototype,
            iterator_constructor: Value::UNDEFINED,
            iterator_helper_prototype,
            wrap_for_valid_iterator_prototype,
            array_iterator_next: Value::UNDEFINED,
            array_values: Value::UNDEFINED,
            inlinable: Vec::new(),
            throw_type_error: Value::UNDEFINED,
            coroutines,
            regexp_prototype,
            regexp_string_iterator_prototype,
            regexp_constructor: Value::UNDEFINED,
            regexp_exec: Value::UNDEFINED,
            regexp_literals: HashMap::new(),
            regexp_subject: None,
            regexp_cache: HashMap::new(),
            regexp_legacy: Default::default(),
            symbols,
            eval: Value::UNDEFINED,
            error_prototypes,
            error_constructor: Value::UNDEFINED,
            global_lexical: Default::default(),
            constructor_prototypes: Vec::new(),
            names: Names {
                length,
                name: heap.intern("name"),
                prototype: heap.intern("prototype"),
                constructor: heap.intern("constructor"),
                caller: heap.intern("caller"),
                arguments: heap.intern("arguments"),
                value: heap.intern("value"),
                done: heap.intern("done"),
                next: heap.intern("next"),
            },
            promise_constructor: Value::UNDEFINED,
            promise_prototype: Value::UNDEFINED,
            aggregate_error_prototype: Value::UNDEFINED,
        }
    }

    /// The realm's roots.
    pub fn trace(&self, m: &mut Marker) {
        for o in [
            self.global,
            self.object_prototype,
            self.function_prototype,
            self.array_prototype,
            self.string_prototype,
            self.number_prototype,
            self.boolean_prototype,
            self.symbol_prototype,
            self.bigint_prototype,
            self.iterator_prototype,
            self.array_iterator_prototype,
            self.string_iterator_prototype,
            self.regexp_prototype,
            self.regexp_string_iterator_prototype,
        ] {
            m.value(Value::object(o));
        }
        m.values(self.coroutines.all().into_iter().map(Value::object));
        m.value(self.iterator_constructor);
        m.value(Value::object(self.iterator_helper_prototype));
        m.value(Value::object(self.wrap_for_valid_iterator_prototype));
        m.value(self.array_iterator_next);
        m.value(self.array_values);
        m.values(self.inlinable.iter().map(|&(_, f, _)| f));
        m.value(self.throw_type_error);
        m.value(self.regexp_constructor);
        m.value(self.regexp_exec);
        if let Some((s, _)) = &self.regexp_subject {
            m.value(Value::string(*s));
        }
        let legacy = &self.regexp_legacy;
        for s in [legacy.input, legacy.subject].into_iter().flatten() {
            m.value(Value::string(s));
        }
        m.value(self.eval);
        m.value(self.error_constructor);
        m.value(self.promise_constructor);
        m.value(self.promise_prototype);
        m.value(self.aggregate_error_prototype);
        let s = &self.symbols;
        for sym in [
            s.iterator,
            s.async_iterator,
            s.has_instance,
            s.to_primitive,
            s.to_string_tag,
            s.species,
            s.is_concat_spreadable,
            s.unscopables,
            s.r#match,
            s.match_all,
            s.replace,
            s.search,
            s.split,
        ] {
            m.value(Value::symbol(sym));
        }
        m.values(self.error_prototypes.iter().map(|&o| Value::object(o)));
        m.values(
            self.constructor_prototypes
                .iter()
                .map(|&o| Value::object(o)),
        );
        for (&name, &(v, _)) in self.global_lexical.iter() {
            m.value(Value::string(name));
            m.value(v);
        }
    }
}

/// The global lexical environment's bindings (`let`, `const`, `class` of scripts): (value, is
/// const). Bindings are never removed, so each keeps its index, which `LdaGlobal`/`StaGlobal`
/// feedback caches.
#[derive(Default)]
pub struct GlobalLexical {
    index: crate::util::hash::FastMap<StringRef, u32>,
    slots: Vec<(StringRef, (Value, bool))>,
}

impl GlobalLexical {
    #[inline]
    pub fn get(&self, name: &StringRef) -> Option<&(Value, bool)> {
        self.index.get(name).map(|&i| &self.slots[i as usize].1)
    }

    pub fn get_mut(&mut self, name: &StringRef) -> Option<&mut (Value, bool)> {
        let i = *self.index.get(name)?;
        Some(&mut self.slots[i as usize].1)
    }

    pub fn contains_key(&self, name: &StringRef) -> bool {
        self.index.contains_key(name)
    }

    pub fn insert(&mut self, name: StringRef, binding: (Value, bool)) {
        match self.index.get(&name) {
            Some(&i) => self.slots[i as usize].1 = binding,
            None => {
                self.index.insert(name, self.slots.len() as u32);
                self.slots.push((name, binding));
            }
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&StringRef, &(Value, bool))> {
        self.slots.iter().map(|(n, b)| (n, b))
    }

    /// How many bindings there are (they are never removed).
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    pub fn index_of(&self, name: StringRef) -> Option<u32> {
        self.index.get(&name).copied()
    }

    /// Where the bindings are and how many (for compiled code, which reads and writes a binding's
    /// value in place; valid until the next declaration).
    pub fn raw_slots(&mut self) -> (*mut u8, usize) {
        (self.slots.as_mut_ptr() as *mut u8, self.slots.len())
    }

    /// The byte size of a binding record, and the offsets of its value and its `const` flag.
    pub const SLOT_SIZE: usize = std::mem::size_of::<(StringRef, (Value, bool))>();
    pub const VALUE_OFFSET: usize = std::mem::offset_of!((StringRef, (Value, bool)), 1.0);
    pub const CONST_OFFSET: usize = std::mem::offset_of!((StringRef, (Value, bool)), 1.1);

    /// The binding at `index_of`'s index.
    #[inline]
    pub fn slot(&self, i: u32) -> Option<&(Value, bool)> {
        self.slots.get(i as usize).map(|s| &s.1)
    }

    #[inline]
    pub fn slot_mut(&mut self, i: u32) -> Option<&mut (Value, bool)> {
        self.slots.get_mut(i as usize).map(|s| &mut s.1)
    }
}

impl Vm {
    /// A native function object.
    pub fn native_function(
        &mut self,
        name: &str,
        length: u32,
        call: NativeFn,
        constructor: bool,
        data: Value,
    ) -> ObjectRef {
        let proto = self.realm.function_prototype;
        let f = self.alloc_object(Object::new(
            Some(proto),
            ObjectKind::Native(NativeFunction {
                call,
                constructor,
                data,
                realm: self.realm_id,
            }),
        ));
        let name_value = Value::string(self.heap.intern(name));
        let name_key = self.key("name");
        let length_key = self.key("length");
        self.define_own(
            f,
            length_key,
            Value::int(length as i32),
            Attrs::new(Attrs::CONFIGURABLE),
        );
        self.define_own(f, name_key, name_value, Attrs::new(Attrs::CONFIGURABLE));
        f
    }

    /// Record built-in `f`, loaded as property `name`, as one compiled code may run without a
    /// call (`Realm::inlinable`).
    pub fn add_inlinable(&mut self, name: &str, f: ObjectRef, what: Inlinable) {
        let name = self.heap.intern(name);
        self.realm.inlinable.push((name, Value::object(f), what));
    }

    /// Install a native method `name` on `target` (writable, configurable, not enumerable).
    pub fn define_method(
        &mut self,
        target: ObjectRef,
        name: &str,
        length: u32,
        call: NativeFn,
    ) -> ObjectRef {
        let f = self.native_function(name, length, call, false, Value::UNDEFINED);
        let key = self.key(name);
        self.define_own(target, key, Value::object(f), Attrs::HIDDEN);
        f
    }

    pub fn define_value(&mut self, target: ObjectRef, name: &str, value: Value, attrs: Attrs) {
        let key = self.key(name);
        self.define_own(target, key, value, attrs);
    }

    /// A constructor with its `prototype` object linked both ways, installed as a global.
    pub fn define_constructor(
        &mut self,
        name: &str,
        length: u32,
        call: NativeFn,
        prototype: ObjectRef,
        data: Value,
    ) -> ObjectRef {
        let c = self.native_function(name, length, call, true, data);
        self.realm.constructor_prototypes.push(prototype);
        self.define_value(c, "prototype", Value::object(prototype), Attrs::FROZEN);
        self.define_value(prototype, "constructor", Value::object(c), Attrs::HIDDEN);
        let global = self.realm.global;
        self.define_value(global, name, Value::object(c), Attrs::HIDDEN);
        c
    }
}
