//! `Symbol` (ECMA-262 20.4) and %IteratorPrototype% (27.1.2).

use super::{arg, define_symbol_method, iterator_result};
use crate::runtime::heap::Symbol;
use crate::runtime::object::{IterationKind, Object, ObjectKind};
use crate::runtime::property::{Attrs, PropertyKey};
use crate::runtime::value::{Kind, SymbolRef};
use crate::runtime::Value;
use crate::vm::Vm;

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

pub fn symbol_descriptive_string(vm: &mut Vm, s: SymbolRef) -> String {
    let description = vm.heap.symbol(s).description;
    let text = description
        .map(|d| vm.heap.to_rust_string(d))
        .unwrap_or_default();
    format!("Symbol({text})")
}

pub fn install(vm: &mut Vm) {
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
                private: false,
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
        ("species", s.species),
        ("isConcatSpreadable", s.is_concat_spreadable),
        ("unscopables", s.unscopables),
        ("match", s.r#match),
        ("matchAll", s.match_all),
        ("replace", s.replace),
        ("search", s.search),
        ("split", s.split),
    ];
    for (name, sym) in well_known {
        vm.define_value(symbol_ctor, name, Value::symbol(sym), Attrs::FROZEN);
    }
    // Symbol.for / Symbol.keyFor (ECMA-262 20.4.2.2, 20.4.2.6).
    vm.define_method(symbol_ctor, "for", 1, |vm, _, args| {
        let key = vm.to_string(super::arg(args, 0))?;
        let key = vm.heap.intern_string(key);
        if let Some(&s) = vm.symbol_registry.get(&key) {
            return Ok(Value::symbol(s));
        }
        let s = vm.heap.alloc_symbol(Symbol {
            description: Some(key),
            registered: true,
            private: false,
        });
        vm.symbol_registry.insert(key, s);
        Ok(Value::symbol(s))
    });
    vm.define_method(symbol_ctor, "keyFor", 1, |vm, _, args| {
        let Some(s) = super::arg(args, 0).as_symbol() else {
            let shown = vm.describe_for_error(super::arg(args, 0));
            return vm.type_error(format!("{shown} is not a symbol"));
        };
        let symbol = vm.heap.symbol(s);
        Ok(if symbol.registered {
            symbol.description.map_or(Value::UNDEFINED, Value::string)
        } else {
            Value::UNDEFINED
        })
    });
    vm.define_method(
        symbol_prototype,
        "valueOf",
        0,
        |vm, this, _| match this_symbol(vm, this) {
            Some(s) => Ok(Value::symbol(s)),
            None => vm.type_error("Symbol.prototype.valueOf requires that 'this' be a Symbol"),
        },
    );
    let to_primitive = vm.realm.symbols.to_primitive;
    let f = vm.native_function(
        "[Symbol.toPrimitive]",
        1,
        |vm, this, _| match this_symbol(vm, this) {
            Some(s) => Ok(Value::symbol(s)),
            None => {
                vm.type_error("Symbol.prototype [ @@toPrimitive ] requires that 'this' be a Symbol")
            }
        },
        false,
        Value::UNDEFINED,
    );
    vm.define_own(
        symbol_prototype,
        PropertyKey::Symbol(to_primitive),
        Value::object(f),
        Attrs::new(Attrs::CONFIGURABLE),
    );
    let tag = vm.realm.symbols.to_string_tag;
    let tag_value = Value::string(vm.heap.intern("Symbol"));
    vm.define_own(
        symbol_prototype,
        PropertyKey::Symbol(tag),
        tag_value,
        Attrs::new(Attrs::CONFIGURABLE),
    );
    // `description` is an accessor (ECMA-262 20.4.3.2).
    let getter = vm.native_function(
        "get description",
        0,
        |vm, this, _| match this_symbol(vm, this) {
            Some(s) => Ok(vm
                .heap
                .symbol(s)
                .description
                .map_or(Value::UNDEFINED, Value::string)),
            None => vm.type_error("Symbol.prototype.description requires that 'this' be a Symbol"),
        },
        false,
        Value::UNDEFINED,
    );
    let description_key = vm.key("description");
    vm.define_accessor(
        symbol_prototype,
        description_key,
        Value::object(getter),
        false,
    );
    vm.set_property_enumerable(symbol_prototype, description_key, false);
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
        super::array::make_array_iterator(vm, this, IterationKind::Values)
    });
    vm.define_own(
        array_prototype,
        PropertyKey::Symbol(iterator),
        Value::object(values),
        Attrs::HIDDEN,
    );
    vm.realm.array_values = Value::object(values);
    vm.define_method(array_prototype, "keys", 0, |vm, this, _| {
        super::array::make_array_iterator(vm, this, IterationKind::Keys)
    });
    vm.define_method(array_prototype, "entries", 0, |vm, this, _| {
        super::array::make_array_iterator(vm, this, IterationKind::Entries)
    });
    let array_iterator_prototype = vm.realm.array_iterator_prototype;
    let next = vm.define_method(array_iterator_prototype, "next", 0, |vm, this, _| {
        let (value, done) = super::array::array_iterator_step(vm, this)?;
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
