//! The realm: the intrinsic objects, the global object and the global lexical environment
//! (ECMA-262 9.3), and the first built-ins installed on them.
//!
//! The standard library is small today (console, Object, Function, Array, String, Number, Math and the
//! Error family, in part); `builtins/` takes it over as it grows.

use super::{ConsoleLevel, JsResult, Vm};
use crate::runtime::heap::Symbol;
use crate::runtime::heap::{Heap, Marker};
use crate::runtime::number;
use crate::runtime::object::IterationKind;
use crate::runtime::object::{Elements, NativeFunction, Object, ObjectKind};
use crate::runtime::property::{Attrs, PropertyKey};
use crate::runtime::value::{Kind, ObjectRef, StringRef, SymbolRef};
use crate::runtime::{NativeFn, Value};
use std::collections::HashMap;

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
}

/// The well-known symbols (ECMA-262 6.1.5.1).
pub struct WellKnownSymbols {
    pub iterator: SymbolRef,
    pub async_iterator: SymbolRef,
    pub has_instance: SymbolRef,
    pub to_primitive: SymbolRef,
    pub to_string_tag: SymbolRef,
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
    /// %IteratorPrototype%, %ArrayIteratorPrototype%, %StringIteratorPrototype%.
    pub iterator_prototype: ObjectRef,
    pub array_iterator_prototype: ObjectRef,
    pub string_iterator_prototype: ObjectRef,
    /// %ArrayIteratorPrototype%.next, for the for-of fast path.
    pub array_iterator_next: Value,
    pub symbols: WellKnownSymbols,
    pub error_prototypes: [ObjectRef; 7],
    /// The global lexical environment: `let`/`const`/`class` of scripts (value, is const).
    pub global_lexical: HashMap<StringRef, (Value, bool)>,
    pub names: Names,
}

impl Realm {
    pub fn new(heap: &mut Heap) -> Realm {
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
        let iterator_prototype = ordinary(heap, ObjectKind::Ordinary);
        let array_iterator_prototype =
            heap.alloc_object(Object::new(Some(iterator_prototype), ObjectKind::Ordinary));
        let string_iterator_prototype =
            heap.alloc_object(Object::new(Some(iterator_prototype), ObjectKind::Ordinary));
        let symbol = |heap: &mut Heap, name: &str| {
            let description = Some(heap.intern(name));
            heap.alloc_symbol(Symbol {
                description,
                registered: false,
            })
        };
        let symbols = WellKnownSymbols {
            iterator: symbol(heap, "Symbol.iterator"),
            async_iterator: symbol(heap, "Symbol.asyncIterator"),
            has_instance: symbol(heap, "Symbol.hasInstance"),
            to_primitive: symbol(heap, "Symbol.toPrimitive"),
            to_string_tag: symbol(heap, "Symbol.toStringTag"),
        };
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
            iterator_prototype,
            array_iterator_prototype,
            string_iterator_prototype,
            array_iterator_next: Value::UNDEFINED,
            symbols,
            error_prototypes,
            global_lexical: HashMap::new(),
            names: Names { length },
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
            self.iterator_prototype,
            self.array_iterator_prototype,
            self.string_iterator_prototype,
        ] {
            m.value(Value::object(o));
        }
        m.value(self.array_iterator_next);
        let s = &self.symbols;
        for sym in [
            s.iterator,
            s.async_iterator,
            s.has_instance,
            s.to_primitive,
            s.to_string_tag,
        ] {
            m.value(Value::symbol(sym));
        }
        m.values(self.error_prototypes.iter().map(|&o| Value::object(o)));
        for (&name, &(v, _)) in &self.global_lexical {
            m.value(Value::string(name));
            m.value(v);
        }
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

    fn define_value(&mut self, target: ObjectRef, name: &str, value: Value, attrs: Attrs) {
        let key = self.key(name);
        self.define_own(target, key, value, attrs);
    }

    /// A constructor with its `prototype` object linked both ways, installed as a global.
    fn define_constructor(
        &mut self,
        name: &str,
        length: u32,
        call: NativeFn,
        prototype: ObjectRef,
        data: Value,
    ) -> ObjectRef {
        let c = self.native_function(name, length, call, true, data);
        self.define_value(c, "prototype", Value::object(prototype), Attrs::FROZEN);
        self.define_value(prototype, "constructor", Value::object(c), Attrs::HIDDEN);
        let global = self.realm.global;
        self.define_value(global, name, Value::object(c), Attrs::HIDDEN);
        c
    }
}

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).copied().unwrap_or(Value::UNDEFINED)
}

/// Install the global bindings and the built-ins.
pub fn install_globals(vm: &mut Vm) {
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

    // console
    let console = vm.new_object();
    vm.define_value(global, "console", Value::object(console), Attrs::HIDDEN);
    vm.define_method(console, "log", 0, |vm, _, args| {
        console_print(vm, ConsoleLevel::Log, args)
    });
    vm.define_method(console, "info", 0, |vm, _, args| {
        console_print(vm, ConsoleLevel::Info, args)
    });
    vm.define_method(console, "warn", 0, |vm, _, args| {
        console_print(vm, ConsoleLevel::Warn, args)
    });
    vm.define_method(console, "error", 0, |vm, _, args| {
        console_print(vm, ConsoleLevel::Error, args)
    });
    vm.define_method(global, "print", 0, |vm, _, args| {
        console_print(vm, ConsoleLevel::Log, args)
    });

    // Object
    let object_prototype = vm.realm.object_prototype;
    let object_ctor = vm.define_constructor(
        "Object",
        1,
        object_constructor,
        object_prototype,
        Value::UNDEFINED,
    );
    vm.define_method(object_ctor, "keys", 1, |vm, _, args| {
        let o = vm.to_object(arg(args, 0))?;
        let keys = vm.own_enumerable_keys(o);
        let values: Vec<Value> = keys.into_iter().map(|k| vm.key_to_value(k)).collect();
        Ok(Value::object(vm.new_array(values)))
    });
    // ECMA-262 7.2.10 SameValue.
    vm.define_method(object_ctor, "is", 2, |vm, _, args| {
        let (a, b) = (arg(args, 0), arg(args, 1));
        if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
            return Ok(Value::boolean(
                (x.is_nan() && y.is_nan())
                    || (x == y && x.is_sign_negative() == y.is_sign_negative()),
            ));
        }
        Ok(Value::boolean(vm.strictly_equal(a, b)))
    });
    vm.define_method(object_ctor, "getPrototypeOf", 1, |vm, _, args| {
        let o = vm.to_object(arg(args, 0))?;
        Ok(vm.heap.object(o).proto.map_or(Value::NULL, Value::object))
    });
    vm.define_method(object_prototype, "hasOwnProperty", 1, |vm, this, args| {
        let key = vm.to_property_key(arg(args, 0))?;
        let o = vm.to_object(this)?;
        Ok(Value::boolean(vm.get_own(o, key).is_some()))
    });
    vm.define_method(object_prototype, "toString", 0, |vm, this, _| {
        let tag = match this.kind() {
            Kind::Undefined => "Undefined",
            Kind::Null => "Null",
            Kind::Object(o) => match vm.heap.object(o).kind {
                ObjectKind::Array { .. } => "Array",
                ObjectKind::Function(_) | ObjectKind::Native(_) | ObjectKind::Bound { .. } => {
                    "Function"
                }
                ObjectKind::Error => "Error",
                ObjectKind::Boolean(_) => "Boolean",
                ObjectKind::Number(_) => "Number",
                ObjectKind::String(_) => "String",
                ObjectKind::Arguments { .. } => "Arguments",
                _ => "Object",
            },
            Kind::Number => "Number",
            Kind::String(_) => "String",
            Kind::Boolean(_) => "Boolean",
            _ => "Object",
        };
        Ok(Value::string(vm.alloc_str(&format!("[object {tag}]"))))
    });
    vm.define_method(object_prototype, "valueOf", 0, |vm, this, _| {
        Ok(Value::object(vm.to_object(this)?))
    });

    // Function
    let function_prototype = vm.realm.function_prototype;
    vm.define_method(function_prototype, "call", 1, |vm, this, args| {
        let rest = if args.is_empty() { &[][..] } else { &args[1..] };
        vm.call(this, arg(args, 0), rest)
    });
    vm.define_method(function_prototype, "apply", 2, |vm, this, args| {
        let list = arg(args, 1);
        let values = if list.is_nullish() {
            Vec::new()
        } else {
            array_like_to_vec(vm, list)?
        };
        vm.call(this, arg(args, 0), &values)
    });
    vm.define_method(function_prototype, "bind", 1, |vm, this, args| {
        let Some(target) = this.as_object().filter(|&t| vm.is_callable(t)) else {
            return vm.type_error("Bind must be called on a function");
        };
        let bound_args: Box<[Value]> = args.iter().skip(1).copied().collect();
        let proto = vm.heap.object(target).proto;
        let f = vm.alloc_object(Object::new(
            proto,
            ObjectKind::Bound {
                target,
                this: arg(args, 0),
                args: bound_args,
            },
        ));
        Ok(Value::object(f))
    });

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

    // String
    let string_prototype = vm.realm.string_prototype;
    vm.define_constructor(
        "String",
        1,
        string_constructor,
        string_prototype,
        Value::UNDEFINED,
    );
    vm.define_method(string_prototype, "toString", 0, this_string);
    vm.define_method(string_prototype, "valueOf", 0, this_string);
    vm.define_method(string_prototype, "toUpperCase", 0, |vm, this, _| {
        let s = this_string_text(vm, this)?;
        Ok(Value::string(vm.alloc_str(&s.to_uppercase())))
    });
    vm.define_method(string_prototype, "toLowerCase", 0, |vm, this, _| {
        let s = this_string_text(vm, this)?;
        Ok(Value::string(vm.alloc_str(&s.to_lowercase())))
    });
    vm.define_method(string_prototype, "charAt", 1, |vm, this, args| {
        let units = this_units(vm, this)?;
        let i = number::to_integer_or_infinity(vm.to_number(arg(args, 0))?);
        let r = if i >= 0.0 && (i as usize) < units.len() {
            vm.alloc_utf16(&units[i as usize..i as usize + 1])
        } else {
            vm.heap.intern("")
        };
        Ok(Value::string(r))
    });
    vm.define_method(string_prototype, "indexOf", 1, |vm, this, args| {
        let units = this_units(vm, this)?;
        let needle = vm.to_string(arg(args, 0))?;
        let mut n = Vec::new();
        vm.heap.flat(needle).push_to(&mut n);
        let found = if n.is_empty() {
            Some(0)
        } else {
            units.windows(n.len()).position(|w| w == n.as_slice())
        };
        Ok(Value::int(found.map_or(-1, |i| i as i32)))
    });
    vm.define_method(string_prototype, "slice", 2, |vm, this, args| {
        let units = this_units(vm, this)?;
        let len = units.len() as f64;
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
        let r = if start < end {
            vm.alloc_utf16(&units[start as usize..end as usize])
        } else {
            vm.heap.intern("")
        };
        Ok(Value::string(r))
    });

    // Number, Boolean
    let number_prototype = vm.realm.number_prototype;
    let number_ctor = vm.define_constructor(
        "Number",
        1,
        number_constructor,
        number_prototype,
        Value::UNDEFINED,
    );
    vm.define_value(
        number_ctor,
        "MAX_SAFE_INTEGER",
        Value::number(9007199254740991.0),
        Attrs::FROZEN,
    );
    vm.define_method(number_prototype, "toString", 1, |vm, this, args| {
        let n = match this.kind() {
            Kind::Number => this.as_number().unwrap_or(f64::NAN),
            Kind::Object(o) => match vm.heap.object(o).kind {
                ObjectKind::Number(n) => n,
                _ => {
                    return vm
                        .type_error("Number.prototype.toString requires that 'this' be a Number")
                }
            },
            _ => {
                return vm.type_error("Number.prototype.toString requires that 'this' be a Number")
            }
        };
        let radix = if arg(args, 0).is_undefined() {
            10.0
        } else {
            vm.to_number(arg(args, 0))?
        };
        if !(2.0..=36.0).contains(&radix) {
            return vm.throw(
                ErrorKind::RangeError,
                "toString() radix must be between 2 and 36",
            );
        }
        Ok(Value::string(vm.alloc_str(
            &number::number_to_string_radix(n, radix as u32),
        )))
    });
    vm.define_method(number_prototype, "toFixed", 1, |vm, this, args| {
        let n = vm.to_number(this)?;
        let digits = number::to_integer_or_infinity(vm.to_number(arg(args, 0))?);
        if !(0.0..=100.0).contains(&digits) {
            return vm.throw(
                ErrorKind::RangeError,
                "toFixed() digits argument must be between 0 and 100",
            );
        }
        Ok(Value::string(
            vm.alloc_str(&number::to_fixed(n, digits as u32)),
        ))
    });
    let boolean_prototype = vm.realm.boolean_prototype;
    vm.define_constructor(
        "Boolean",
        1,
        |vm, this, args| {
            let b = vm.to_boolean(arg(args, 0));
            if this.is_hole() {
                let proto = vm.realm.boolean_prototype;
                return Ok(Value::object(
                    vm.alloc_object(Object::new(Some(proto), ObjectKind::Boolean(b))),
                ));
            }
            Ok(Value::boolean(b))
        },
        boolean_prototype,
        Value::UNDEFINED,
    );

    // Global functions
    vm.define_method(global, "parseInt", 2, |vm, _, args| {
        let s = vm.to_string(arg(args, 0))?;
        let mut units = Vec::new();
        vm.heap.flat(s).push_to(&mut units);
        let radix = number::to_int32(vm.to_number(arg(args, 1))?);
        Ok(Value::number(number::parse_int(&units, radix)))
    });
    vm.define_method(global, "parseFloat", 1, |vm, _, args| {
        let s = vm.to_string(arg(args, 0))?;
        let mut units = Vec::new();
        vm.heap.flat(s).push_to(&mut units);
        Ok(Value::number(number::parse_float(&units)))
    });
    vm.define_method(global, "isNaN", 1, |vm, _, args| {
        Ok(Value::boolean(vm.to_number(arg(args, 0))?.is_nan()))
    });

    // Math
    let math = vm.new_object();
    vm.define_value(global, "Math", Value::object(math), Attrs::HIDDEN);
    vm.define_value(
        math,
        "PI",
        Value::number(std::f64::consts::PI),
        Attrs::FROZEN,
    );
    vm.define_value(math, "E", Value::number(std::f64::consts::E), Attrs::FROZEN);
    let unary: [(&str, NativeFn); 8] = [
        ("floor", |vm, _, a| {
            Ok(Value::number(vm.to_number(arg(a, 0))?.floor()))
        }),
        ("ceil", |vm, _, a| {
            Ok(Value::number(vm.to_number(arg(a, 0))?.ceil()))
        }),
        ("abs", |vm, _, a| {
            Ok(Value::number(vm.to_number(arg(a, 0))?.abs()))
        }),
        ("sqrt", |vm, _, a| {
            Ok(Value::number(vm.to_number(arg(a, 0))?.sqrt()))
        }),
        ("trunc", |vm, _, a| {
            Ok(Value::number(vm.to_number(arg(a, 0))?.trunc()))
        }),
        ("sign", |vm, _, a| {
            let x = vm.to_number(arg(a, 0))?;
            Ok(Value::number(if x.is_nan() || x == 0.0 {
                x
            } else {
                x.signum()
            }))
        }),
        // ECMA-262 21.3.2.28 Math.round: round half up (towards +∞), keeping -0.
        ("round", |vm, _, a| {
            let x = vm.to_number(arg(a, 0))?;
            Ok(Value::number(if x.is_finite() && x.fract() != 0.0 {
                (x + 0.5).floor()
            } else {
                x
            }))
        }),
        ("pow", |vm, _, a| {
            let (x, y) = (vm.to_number(arg(a, 0))?, vm.to_number(arg(a, 1))?);
            Ok(Value::number(
                if y.is_nan() || (x.abs() == 1.0 && y.is_infinite()) {
                    f64::NAN
                } else {
                    x.powf(y)
                },
            ))
        }),
    ];
    for (name, f) in unary {
        vm.define_method(math, name, 1, f);
    }
    vm.define_method(math, "max", 2, |vm, _, args| {
        let mut r = f64::NEG_INFINITY;
        for &a in args {
            let x = vm.to_number(a)?;
            if x.is_nan() || r.is_nan() {
                r = f64::NAN;
            } else if x > r || (x == 0.0 && r == 0.0 && r.is_sign_negative()) {
                r = x;
            }
        }
        Ok(Value::number(r))
    });
    vm.define_method(math, "min", 2, |vm, _, args| {
        let mut r = f64::INFINITY;
        for &a in args {
            let x = vm.to_number(a)?;
            if x.is_nan() || r.is_nan() {
                r = f64::NAN;
            } else if x < r || (x == 0.0 && r == 0.0 && x.is_sign_negative()) {
                r = x;
            }
        }
        Ok(Value::number(r))
    });

    // The Error family.
    for kind in ErrorKind::ALL {
        let proto = vm.realm.error_prototypes[kind as usize];
        vm.define_constructor(
            kind.name(),
            1,
            error_constructor,
            proto,
            Value::int(kind as i32),
        );
        let name = Value::string(vm.heap.intern(kind.name()));
        vm.define_value(proto, "name", name, Attrs::HIDDEN);
        let empty = Value::string(vm.heap.intern(""));
        vm.define_value(proto, "message", empty, Attrs::HIDDEN);
    }
    install_symbols_and_iterators(vm);

    let error_prototype = vm.realm.error_prototypes[ErrorKind::Error as usize];
    vm.define_method(error_prototype, "toString", 0, |vm, this, _| {
        let name_key = vm.key("name");
        let message_key = vm.key("message");
        let name = vm.get_value(this, name_key)?;
        let name = if name.is_undefined() {
            "Error".to_string()
        } else {
            vm.to_rust_string(name)?
        };
        let message = vm.get_value(this, message_key)?;
        let message = if message.is_undefined() {
            String::new()
        } else {
            vm.to_rust_string(message)?
        };
        let text = match (name.is_empty(), message.is_empty()) {
            (_, true) => name,
            (true, false) => message,
            (false, false) => format!("{name}: {message}"),
        };
        Ok(Value::string(vm.alloc_str(&text)))
    });
}

/// A method keyed by a symbol.
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

fn install_symbols_and_iterators(vm: &mut Vm) {
    // Symbol (ECMA-262 20.4)
    let symbol_prototype = vm.realm.symbol_prototype;
    let symbol_ctor = vm.define_constructor(
        "Symbol",
        0,
        |vm, this, args| {
            if this.is_hole() {
                return vm.type_error("Symbol is not a constructor");
            }
            let description = if arg(args, 0).is_undefined() {
                None
            } else {
                Some(vm.to_string(arg(args, 0))?)
            };
            vm.maybe_collect_keeping(&[description.map_or(Value::UNDEFINED, Value::string)]);
            let s = vm.heap.alloc_symbol(Symbol {
                description,
                registered: false,
            });
            Ok(vm.root(Value::symbol(s)))
        },
        symbol_prototype,
        Value::UNDEFINED,
    );
    let s = &vm.realm.symbols;
    let well_known = [
        ("iterator", s.iterator),
        ("asyncIterator", s.async_iterator),
        ("hasInstance", s.has_instance),
        ("toPrimitive", s.to_primitive),
        ("toStringTag", s.to_string_tag),
    ];
    for (name, sym) in well_known {
        vm.define_value(symbol_ctor, name, Value::symbol(sym), Attrs::FROZEN);
    }
    vm.define_method(symbol_prototype, "toString", 0, |vm, this, _| {
        let Some(s) = this_symbol(vm, this) else {
            return vm.type_error("Symbol.prototype.toString requires that 'this' be a Symbol");
        };
        let text = symbol_descriptive_string(vm, s);
        Ok(Value::string(vm.alloc_str(&text)))
    });

    // %IteratorPrototype%[@@iterator]() returns this.
    let iterator_prototype = vm.realm.iterator_prototype;
    let iterator = vm.realm.symbols.iterator;
    define_symbol_method(
        vm,
        iterator_prototype,
        iterator,
        "[Symbol.iterator]",
        0,
        |_, this, _| Ok(this),
    );

    // Arrays (ECMA-262 23.1.3.40 Array.prototype.values / @@iterator, 23.1.5 array iterators).
    let array_prototype = vm.realm.array_prototype;
    let values = vm.define_method(array_prototype, "values", 0, |vm, this, _| {
        make_array_iterator(vm, this, IterationKind::Values)
    });
    vm.define_own(
        array_prototype,
        PropertyKey::Symbol(iterator),
        Value::object(values),
        Attrs::HIDDEN,
    );
    vm.define_method(array_prototype, "keys", 0, |vm, this, _| {
        make_array_iterator(vm, this, IterationKind::Keys)
    });
    vm.define_method(array_prototype, "entries", 0, |vm, this, _| {
        make_array_iterator(vm, this, IterationKind::Entries)
    });
    let array_iterator_prototype = vm.realm.array_iterator_prototype;
    let next = vm.define_method(array_iterator_prototype, "next", 0, |vm, this, _| {
        let (value, done) = array_iterator_step(vm, this)?;
        iterator_result(vm, value, done)
    });
    vm.realm.array_iterator_next = Value::object(next);

    // Strings iterate by code point (ECMA-262 22.1.3.36, 22.1.5).
    let string_prototype = vm.realm.string_prototype;
    define_symbol_method(
        vm,
        string_prototype,
        iterator,
        "[Symbol.iterator]",
        0,
        |vm, this, _| {
            if this.is_nullish() {
                return vm
                    .type_error("String.prototype[Symbol.iterator] called on null or undefined");
            }
            let string = vm.to_string(this)?;
            let proto = vm.realm.string_iterator_prototype;
            Ok(Value::object(vm.alloc_object(Object::new(
                Some(proto),
                ObjectKind::StringIterator {
                    string,
                    position: 0,
                },
            ))))
        },
    );
    let string_iterator_prototype = vm.realm.string_iterator_prototype;
    vm.define_method(string_iterator_prototype, "next", 0, |vm, this, _| {
        let Some(o) = this.as_object() else {
            return vm.type_error("next called on incompatible receiver");
        };
        let ObjectKind::StringIterator { string, position } = vm.heap.object(o).kind else {
            return vm.type_error("next called on incompatible receiver");
        };
        let flat = vm.heap.flat(string);
        let len = flat.len() as u32;
        if position >= len {
            return iterator_result(vm, Value::UNDEFINED, true);
        }
        let first = flat.unit(position as usize);
        let size = if (0xD800..0xDC00).contains(&first)
            && position + 1 < len
            && (0xDC00..0xE000).contains(&flat.unit(position as usize + 1))
        {
            2
        } else {
            1
        };
        let units: Vec<u16> = (position..position + size)
            .map(|i| flat.unit(i as usize))
            .collect();
        if let ObjectKind::StringIterator { position, .. } = &mut vm.heap.object_mut(o).kind {
            *position += size;
        }
        let s = vm.alloc_utf16(&units);
        iterator_result(vm, Value::string(s), false)
    });
}

fn this_symbol(vm: &Vm, this: Value) -> Option<SymbolRef> {
    match this.kind() {
        Kind::Symbol(s) => Some(s),
        Kind::Object(o) => match vm.heap.object(o).kind {
            ObjectKind::Symbol(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// ECMA-262 20.4.3.3.1 SymbolDescriptiveString.
pub fn symbol_descriptive_string(vm: &mut Vm, s: SymbolRef) -> String {
    let description = vm.heap.symbol(s).description;
    let text = description
        .map(|d| vm.heap.to_rust_string(d))
        .unwrap_or_default();
    format!("Symbol({text})")
}

fn make_array_iterator(vm: &mut Vm, this: Value, kind: IterationKind) -> JsResult<Value> {
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

/// One step of an array iterator (%ArrayIteratorPrototype%.next without the result object).
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

/// ECMA-262 7.4.14 CreateIteratorResultObject.
pub fn iterator_result(vm: &mut Vm, value: Value, done: bool) -> JsResult<Value> {
    vm.root(value);
    let o = vm.new_object();
    let value_key = vm.key("value");
    let done_key = vm.key("done");
    vm.define_own(o, value_key, value, Attrs::DEFAULT);
    vm.define_own(o, done_key, Value::boolean(done), Attrs::DEFAULT);
    Ok(Value::object(o))
}

fn object_constructor(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let v = arg(args, 0);
    if v.is_nullish() {
        return Ok(Value::object(vm.new_object()));
    }
    Ok(Value::object(vm.to_object(v)?))
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

fn string_constructor(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = if args.is_empty() {
        vm.heap.intern("")
    } else {
        vm.to_string(arg(args, 0))?
    };
    if this.is_hole() {
        let proto = vm.realm.string_prototype;
        return Ok(Value::object(
            vm.alloc_object(Object::new(Some(proto), ObjectKind::String(s))),
        ));
    }
    Ok(Value::string(s))
}

fn number_constructor(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let n = if args.is_empty() {
        0.0
    } else {
        vm.to_number(arg(args, 0))?
    };
    if this.is_hole() {
        let proto = vm.realm.number_prototype;
        return Ok(Value::object(
            vm.alloc_object(Object::new(Some(proto), ObjectKind::Number(n))),
        ));
    }
    Ok(Value::number(n))
}

fn error_constructor(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let callee = vm.native_callee;
    let kind = match callee.as_object().map(|o| &vm.heap.object(o).kind) {
        Some(ObjectKind::Native(n)) => ErrorKind::from_index(n.data.as_int().unwrap_or(4) as u32),
        _ => ErrorKind::Error,
    };
    let message = if arg(args, 0).is_undefined() {
        String::new()
    } else {
        vm.to_rust_string(arg(args, 0))?
    };
    let error = vm.make_error(kind, &message);
    if message.is_empty() {
        let key = vm.key("message");
        if let Some(o) = error.as_object() {
            vm.delete_property(o, key);
        }
    }
    let options = arg(args, 1);
    if let Some(o) = options.as_object() {
        let cause = vm.key("cause");
        if vm.has_property(o, cause)? {
            let value = vm.get_value(options, cause)?;
            vm.define_own(
                error.as_object().expect("error"),
                cause,
                value,
                Attrs::HIDDEN,
            );
        }
    }
    Ok(error)
}

fn this_string(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    match this.kind() {
        Kind::String(_) => Ok(this),
        Kind::Object(o) => match vm.heap.object(o).kind {
            ObjectKind::String(s) => Ok(Value::string(s)),
            _ => vm.type_error("String.prototype.valueOf requires that 'this' be a String"),
        },
        _ => vm.type_error("String.prototype.valueOf requires that 'this' be a String"),
    }
}

fn this_units(vm: &mut Vm, this: Value) -> JsResult<Vec<u16>> {
    if this.is_nullish() {
        return vm.type_error("String.prototype method called on null or undefined");
    }
    let s = vm.to_string(this)?;
    let mut units = Vec::new();
    vm.heap.flat(s).push_to(&mut units);
    Ok(units)
}

fn this_string_text(vm: &mut Vm, this: Value) -> JsResult<String> {
    let units = this_units(vm, this)?;
    Ok(String::from_utf16_lossy(&units))
}

/// The elements of an array-like (ECMA-262 7.3.18 CreateListFromArrayLike), holes kept for arrays.
pub fn array_like_to_vec(vm: &mut Vm, v: Value) -> JsResult<Vec<Value>> {
    let o = vm.to_object(v)?;
    if let (ObjectKind::Array { length, .. }, Elements::Dense(items)) =
        (&vm.heap.object(o).kind, &vm.heap.object(o).elements)
    {
        if items.len() == *length as usize {
            return Ok(items.clone());
        }
    }
    let length_key = vm.key("length");
    let len = vm.get_value(Value::object(o), length_key)?;
    let len = number::to_integer_or_infinity(vm.to_number(len)?).clamp(0.0, 1e7) as u32;
    let mut out = Vec::with_capacity(len as usize);
    for i in 0..len {
        let v = vm.get_value(Value::object(o), PropertyKey::Index(i))?;
        out.push(v);
    }
    Ok(out)
}

fn console_print(vm: &mut Vm, level: ConsoleLevel, args: &[Value]) -> JsResult<Value> {
    let mut parts = Vec::with_capacity(args.len());
    for &a in args {
        parts.push(super::inspect::inspect(vm, a, true)?);
    }
    let line = parts.join(" ");
    (vm.console)(level, &line);
    Ok(Value::UNDEFINED)
}
