//! Property access (ECMA-262 10.1 ordinary object internal methods, with the Array and String exotic
//! behaviours of 10.4.2 and 10.4.3): [[Get]], [[Set]], [[HasProperty]], [[DefineOwnProperty]],
//! [[Delete]].

use super::{JsResult, Vm};
use crate::runtime::object::{Object, ObjectKind};
use crate::runtime::property::{Attrs, PropertyKey};
use crate::runtime::value::{Kind, ObjectRef};
use crate::runtime::Value;

/// An own property as found: a data value, or the accessor pair's getter and setter.
#[derive(Clone, Copy)]
pub enum Own {
    Data(Value, Attrs),
    Accessor {
        getter: Value,
        setter: Value,
        attrs: Attrs,
    },
}

impl Vm {
    /// Ordinary [[GetOwnProperty]] (without creating a descriptor object). A proxy has no own
    /// properties here: use `get_own_property` for any object that may be a proxy.
    pub fn get_own(&mut self, o: ObjectRef, key: PropertyKey) -> Option<Own> {
        let length_name = self.realm.names.length;
        let object = self.heap.object(o);
        let found = match key {
            PropertyKey::Index(i) => match &object.kind {
                ObjectKind::String(s) => {
                    let s = *s;
                    if i < self.heap.string_len(s) {
                        let unit = self.heap.flat(s).unit(i as usize);
                        let c = self.heap.alloc_utf16(&[unit]);
                        return Some(Own::Data(Value::string(c), Attrs::new(Attrs::ENUMERABLE)));
                    }
                    self.heap.object(o).get_own_element(i)
                }
                ObjectKind::Arguments { mapped: Some(_) } => {
                    let found = object.get_own_element(i);
                    // A mapped index reads its parameter (ECMA-262 10.4.4.1 [[GetOwnProperty]]).
                    match (found, self.argument_mapping(o, i)) {
                        (Some((_, attrs)), Some((c, slot))) if !attrs.is_accessor() => {
                            Some((self.heap.context(c).slots[slot], attrs))
                        }
                        (found, _) => found,
                    }
                }
                _ => object.get_own_element(i),
            },
            PropertyKey::String(name) => match &object.kind {
                ObjectKind::Array {
                    length,
                    length_writable,
                } if name == length_name => {
                    let attrs = if *length_writable {
                        Attrs::new(Attrs::WRITABLE)
                    } else {
                        Attrs::FROZEN
                    };
                    return Some(Own::Data(Value::number(*length as f64), attrs));
                }
                ObjectKind::String(s) if name == length_name => {
                    let len = self.heap.string_len(*s);
                    return Some(Own::Data(Value::int(len as i32), Attrs::FROZEN));
                }
                _ => object.get_own_named(&self.heap.shapes, key),
            },
            PropertyKey::Symbol(_) => object.get_own_named(&self.heap.shapes, key),
        };
        let (value, attrs) = found?;
        if attrs.is_accessor() {
            let pair = value.as_object().expect("accessor pair");
            if let ObjectKind::AccessorPair { getter, setter } = self.heap.object(pair).kind {
                return Some(Own::Accessor {
                    getter,
                    setter,
                    attrs,
                });
            }
        }
        Some(Own::Data(value, attrs))
    }

    /// ECMA-262 7.3.12 HasOwnProperty (through [[GetOwnProperty]], so a proxy's trap runs).
    pub fn has_own_property(&mut self, o: ObjectRef, key: PropertyKey) -> JsResult<bool> {
        if self.is_proxy(o) {
            return Ok(self.proxy_get_own_property(o, key)?.is_some());
        }
        Ok(self.get_own(o, key).is_some())
    }

    /// Whether `o` has an own enumerable property `key` (through [[GetOwnProperty]]).
    pub fn has_own_enumerable(&mut self, o: ObjectRef, key: PropertyKey) -> JsResult<bool> {
        if self.is_proxy(o) {
            let desc = self.proxy_get_own_property(o, key)?;
            return Ok(desc.is_some_and(|d| d.enumerable == Some(true)));
        }
        Ok(match self.get_own(o, key) {
            Some(Own::Data(_, attrs) | Own::Accessor { attrs, .. }) => attrs.enumerable(),
            None => false,
        })
    }

    /// The parameter slot a mapped arguments object's index `i` aliases, if it still does.
    pub(crate) fn argument_mapping(
        &self,
        o: ObjectRef,
        i: u32,
    ) -> Option<(crate::runtime::heap::ContextRef, usize)> {
        match &self.heap.object(o).kind {
            ObjectKind::Arguments {
                mapped: Some((c, map)),
            } => match map.get(i as usize) {
                Some(&slot) if slot != u32::MAX => Some((*c, slot as usize)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Stop aliasing index `i` of a mapped arguments object.
    fn unmap_argument(&mut self, o: ObjectRef, i: u32) {
        if let ObjectKind::Arguments {
            mapped: Some((_, map)),
        } = &mut self.heap.object_mut(o).kind
        {
            if let Some(slot) = map.get_mut(i as usize) {
                *slot = u32::MAX;
            }
        }
    }

    /// [[Get]] on any value (primitives use their prototype; ECMA-262 7.3.2 GetV).
    pub fn get_value(&mut self, receiver: Value, key: PropertyKey) -> JsResult<Value> {
        let current = match receiver.kind() {
            Kind::Object(o) => o,
            Kind::String(s) => {
                match key {
                    PropertyKey::String(n) if n == self.realm.names.length => {
                        return Ok(Value::int(self.heap.string_len(s) as i32));
                    }
                    PropertyKey::Index(i) if i < self.heap.string_len(s) => {
                        let unit = self.heap.flat(s).unit(i as usize);
                        let c = self.alloc_utf16(&[unit]);
                        return Ok(Value::string(c));
                    }
                    _ => {}
                }
                self.realm.string_prototype
            }
            Kind::Number => self.realm.number_prototype,
            Kind::Boolean(_) => self.realm.boolean_prototype,
            Kind::Symbol(_) => self.realm.symbol_prototype,
            Kind::BigInt(_) => self.realm.bigint_prototype,
            Kind::Undefined | Kind::Null | Kind::Hole => {
                let k = self.key_to_display(key);
                let what = if receiver.is_null() {
                    "null"
                } else {
                    "undefined"
                };
                return self
                    .type_error(format!("Cannot read properties of {what} (reading '{k}')"));
            }
        };
        self.get_from(current, key, receiver)
    }

    /// OrdinaryGet starting at `start`, with `receiver` as `this` for getters.
    pub fn get_from(
        &mut self,
        start: ObjectRef,
        key: PropertyKey,
        receiver: Value,
    ) -> JsResult<Value> {
        let mut current = start;
        loop {
            match self.get_own(current, key) {
                Some(Own::Data(v, _)) => return Ok(v),
                Some(Own::Accessor { getter, .. }) => {
                    if getter.is_undefined() {
                        return Ok(Value::UNDEFINED);
                    }
                    return self.call(getter, receiver, &[]);
                }
                None => match self.heap.object(current).proto {
                    Some(p) => current = p,
                    // A proxy has no prototype of its own: its [[Get]] takes over (10.5.8).
                    None if self.is_proxy(current) => {
                        return self.proxy_get(current, key, receiver)
                    }
                    None => return Ok(Value::UNDEFINED),
                },
            }
        }
    }

    /// [[HasProperty]].
    pub fn has_property(&mut self, o: ObjectRef, key: PropertyKey) -> JsResult<bool> {
        let mut current = o;
        loop {
            if self.get_own(current, key).is_some() {
                return Ok(true);
            }
            match self.heap.object(current).proto {
                Some(p) => current = p,
                None if self.is_proxy(current) => return self.proxy_has(current, key),
                None => return Ok(false),
            }
        }
    }

    /// [[Set]] (ECMA-262 10.1.9 OrdinarySet); `strict` code throws where sloppy code ignores.
    pub fn set_value(
        &mut self,
        receiver: Value,
        key: PropertyKey,
        value: Value,
        strict: bool,
    ) -> JsResult<()> {
        let Some(o) = receiver.as_object() else {
            if receiver.is_nullish() {
                let k = self.key_to_display(key);
                let what = if receiver.is_null() {
                    "null"
                } else {
                    "undefined"
                };
                return self.type_error(format!("Cannot set properties of {what} (setting '{k}')"));
            }
            if strict {
                let k = self.key_to_display(key);
                let type_name = self.type_of(receiver);
                let shown = match receiver.kind() {
                    Kind::Symbol(s) => crate::builtins::symbol::symbol_descriptive_string(self, s),
                    _ => self.to_rust_string(receiver)?,
                };
                return self.type_error(format!(
                    "Cannot create property '{k}' on {type_name} '{shown}'"
                ));
            }
            return Ok(());
        };
        // Find the property on the object or its prototypes.
        let mut current = o;
        loop {
            match self.get_own(current, key) {
                Some(Own::Accessor { setter, .. }) => {
                    if setter.is_undefined() {
                        if strict {
                            let k = self.key_to_display(key);
                            return self.type_error(format!(
                                "Cannot set property {k} of object which has only a getter"
                            ));
                        }
                        return Ok(());
                    }
                    self.call(setter, receiver, &[value])?;
                    return Ok(());
                }
                Some(Own::Data(_, attrs)) => {
                    if !attrs.writable() {
                        if strict {
                            let k = self.key_to_display(key);
                            return self.type_error(format!(
                                "Cannot assign to read only property '{k}' of object"
                            ));
                        }
                        return Ok(());
                    }
                    if current == o {
                        self.write_own(o, key, value, strict)?;
                        return Ok(());
                    }
                    break;
                }
                None => match self.heap.object(current).proto {
                    Some(p) => current = p,
                    None if self.is_proxy(current) => {
                        if !self.proxy_set(current, key, value, receiver)? && strict {
                            let k = self.key_to_display(key);
                            if self.namespace_module(current).is_some() {
                                return self.type_error(format!(
                                    "Cannot assign to read only property '{k}' of object '[object Module]'"
                                ));
                            }
                            return self.type_error(format!(
                                "'set' on proxy: trap returned falsish for property '{k}'"
                            ));
                        }
                        return Ok(());
                    }
                    None => break,
                },
            }
        }
        if !self.heap.object(o).extensible {
            if strict {
                let k = self.key_to_display(key);
                return self
                    .type_error(format!("Cannot add property {k}, object is not extensible"));
            }
            return Ok(());
        }
        // An index at or past a read-only array `length` cannot be added (ECMA-262 10.4.2.1).
        if let (
            PropertyKey::Index(i),
            ObjectKind::Array {
                length,
                length_writable: false,
            },
        ) = (key, &self.heap.object(o).kind)
        {
            if i >= *length {
                if strict {
                    let k = self.key_to_display(key);
                    return self
                        .type_error(format!("Cannot add property {k}, object is not extensible"));
                }
                return Ok(());
            }
        }
        self.define_own(o, key, value, Attrs::DEFAULT);
        Ok(())
    }

    /// Overwrite an existing own writable data property (Array `length` truncates).
    fn write_own(
        &mut self,
        o: ObjectRef,
        key: PropertyKey,
        value: Value,
        strict: bool,
    ) -> JsResult<()> {
        match key {
            PropertyKey::Index(i) => {
                if let Some((c, slot)) = self.argument_mapping(o, i) {
                    self.heap.context_mut(c).slots[slot] = value;
                }
                self.define_own(o, PropertyKey::Index(i), value, Attrs::DEFAULT);
                Ok(())
            }
            PropertyKey::String(name)
                if name == self.realm.names.length
                    && matches!(self.heap.object(o).kind, ObjectKind::Array { .. }) =>
            {
                self.set_array_length(o, value, strict)
            }
            _ => {
                let shapes = &self.heap.shapes;
                let object = self.heap.objects.get_mut(o.0);
                object.set_named_value(shapes, key, value);
                Ok(())
            }
        }
    }

    /// ArraySetLength (ECMA-262 10.4.2.4), for writes to `length`.
    pub fn set_array_length(&mut self, o: ObjectRef, value: Value, strict: bool) -> JsResult<()> {
        let desc = PropertyDescriptor {
            value: Some(value),
            ..PropertyDescriptor::default()
        };
        if !self.array_set_length(o, desc)? && strict {
            return self.type_error("Cannot assign to read only property 'length' of object");
        }
        Ok(())
    }

    /// Define (or replace) an own data property without checks (object literals, built-ins).
    pub fn define_own(&mut self, o: ObjectRef, key: PropertyKey, value: Value, attrs: Attrs) {
        let shapes = &mut self.heap.shapes;
        let object = self.heap.objects.get_mut(o.0);
        match key {
            PropertyKey::Index(i) => {
                object.define_element(i, value, attrs);
                if let ObjectKind::Array { length, .. } = &mut object.kind {
                    if i >= *length {
                        *length = i + 1;
                    }
                }
            }
            _ => object.define_named(shapes, key, value, attrs),
        }
    }

    /// Define a getter or setter, keeping the other half of an existing accessor.
    pub fn define_accessor(&mut self, o: ObjectRef, key: PropertyKey, f: Value, is_setter: bool) {
        let (mut getter, mut setter) = match self.get_own(o, key) {
            Some(Own::Accessor { getter, setter, .. }) => (getter, setter),
            _ => (Value::UNDEFINED, Value::UNDEFINED),
        };
        if is_setter {
            setter = f;
        } else {
            getter = f;
        }
        let pair = self.alloc_object(Object::new(
            None,
            ObjectKind::AccessorPair { getter, setter },
        ));
        let attrs = Attrs::new(Attrs::ENUMERABLE | Attrs::CONFIGURABLE | Attrs::ACCESSOR);
        let shapes = &mut self.heap.shapes;
        let object = self.heap.objects.get_mut(o.0);
        match key {
            PropertyKey::Index(i) => object.define_element(i, Value::object(pair), attrs),
            _ => object.define_named(shapes, key, Value::object(pair), attrs),
        }
    }

    /// [[Delete]]: false when the property is non-configurable.
    pub fn delete_property(&mut self, o: ObjectRef, key: PropertyKey) -> JsResult<bool> {
        if self.is_proxy(o) {
            return self.proxy_delete(o, key);
        }
        Ok(match self.get_own(o, key) {
            None => true,
            Some(Own::Data(_, attrs) | Own::Accessor { attrs, .. }) if !attrs.configurable() => {
                false
            }
            Some(_) => {
                if let PropertyKey::Index(i) = key {
                    self.unmap_argument(o, i);
                }
                let shapes = &self.heap.shapes;
                let object = self.heap.objects.get_mut(o.0);
                match key {
                    PropertyKey::Index(i) => object.remove_element(i),
                    _ => object.remove_named(shapes, key),
                };
                true
            }
        })
    }

    /// Own enumerable string keys in ECMA-262 order: indices ascending, then strings in insertion
    /// order (OrdinaryOwnPropertyKeys, filtered).
    pub fn own_enumerable_keys(&mut self, o: ObjectRef) -> Vec<PropertyKey> {
        let object = self.heap.object(o);
        let mut keys: Vec<PropertyKey> = object
            .element_indices()
            .into_iter()
            .map(PropertyKey::Index)
            .collect();
        if let ObjectKind::String(s) = object.kind {
            let len = self.heap.string_len(s);
            keys = (0..len).map(PropertyKey::Index).chain(keys).collect();
        }
        let object = self.heap.object(o);
        keys.retain(|k| match k {
            PropertyKey::Index(i) => object
                .get_own_element(*i)
                .is_none_or(|(_, a)| a.enumerable()),
            _ => true,
        });
        for (k, _, attrs) in object.named_properties(&self.heap.shapes) {
            if attrs.enumerable() && matches!(k, PropertyKey::String(_)) {
                keys.push(k);
            }
        }
        keys
    }

    // ---------------------------------------------------------------------------------------------
    // Property descriptors and the remaining ordinary internal methods (ECMA-262 6.2.6, 10.1).

    /// ECMA-262 7.2.11 SameValue.
    pub fn same_value(&mut self, a: Value, b: Value) -> bool {
        if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
            return (x.is_nan() && y.is_nan())
                || (x == y && x.is_sign_negative() == y.is_sign_negative());
        }
        self.strictly_equal(a, b)
    }

    /// [[GetOwnProperty]] as a complete property descriptor (ECMA-262 10.1.5.1, 10.5.5 for
    /// proxies). A data value is rooted (String exotic objects' index properties are new strings).
    pub fn get_own_property(
        &mut self,
        o: ObjectRef,
        key: PropertyKey,
    ) -> JsResult<Option<PropertyDescriptor>> {
        if self.is_proxy(o) {
            return self.proxy_get_own_property(o, key);
        }
        Ok(self.ordinary_get_own_property(o, key))
    }

    /// ECMA-262 10.1.5.1 OrdinaryGetOwnProperty as a complete descriptor (a data value is rooted).
    fn ordinary_get_own_property(
        &mut self,
        o: ObjectRef,
        key: PropertyKey,
    ) -> Option<PropertyDescriptor> {
        let own = self.get_own(o, key)?;
        if let Own::Data(v, _) = own {
            self.root(v);
        }
        Some(PropertyDescriptor::from_own(own))
    }

    /// ECMA-262 6.2.6.5 ToPropertyDescriptor. The values it reads are rooted.
    pub fn to_property_descriptor(&mut self, v: Value) -> JsResult<PropertyDescriptor> {
        let Some(o) = v.as_object() else {
            let shown = self.describe_for_error(v);
            return self.type_error(format!("Property description must be an object: {shown}"));
        };
        let mut desc = PropertyDescriptor::default();
        let field = |vm: &mut Vm, name: &str| -> JsResult<Option<Value>> {
            let key = vm.key(name);
            if !vm.has_property(o, key)? {
                return Ok(None);
            }
            let value = vm.get_value(Value::object(o), key)?;
            Ok(Some(vm.root(value)))
        };
        if let Some(e) = field(self, "enumerable")? {
            desc.enumerable = Some(self.to_boolean(e));
        }
        if let Some(c) = field(self, "configurable")? {
            desc.configurable = Some(self.to_boolean(c));
        }
        desc.value = field(self, "value")?;
        if let Some(w) = field(self, "writable")? {
            desc.writable = Some(self.to_boolean(w));
        }
        for (name, is_set) in [("get", false), ("set", true)] {
            let Some(f) = field(self, name)? else {
                continue;
            };
            if !f.is_undefined() && !f.as_object().is_some_and(|f| self.is_callable(f)) {
                let shown = self.describe_for_error(f);
                let what = if is_set { "Setter" } else { "Getter" };
                return self.type_error(format!("{what} must be a function: {shown}"));
            }
            if is_set {
                desc.set = Some(f);
            } else {
                desc.get = Some(f);
            }
        }
        if desc.is_accessor() && desc.is_data() {
            return self.type_error(
                "Invalid property descriptor. Cannot both specify accessors and a value or writable attribute",
            );
        }
        Ok(desc)
    }

    /// ECMA-262 6.2.6.4 FromPropertyDescriptor: undefined for an absent property.
    pub fn from_property_descriptor(&mut self, desc: Option<PropertyDescriptor>) -> Value {
        let Some(desc) = desc else {
            return Value::UNDEFINED;
        };
        let o = self.new_object();
        let fields = [
            ("value", desc.value),
            ("writable", desc.writable.map(Value::boolean)),
            ("get", desc.get),
            ("set", desc.set),
            ("enumerable", desc.enumerable.map(Value::boolean)),
            ("configurable", desc.configurable.map(Value::boolean)),
        ];
        for (name, value) in fields {
            if let Some(v) = value {
                let key = self.key(name);
                self.define_own(o, key, v, Attrs::DEFAULT);
            }
        }
        Value::object(o)
    }

    /// [[DefineOwnProperty]] (ECMA-262 10.1.6.1), with the Array (10.4.2.1) and String (10.4.3.2)
    /// exotic behaviours. `Ok(false)` when the definition is not allowed.
    pub fn define_own_property(
        &mut self,
        o: ObjectRef,
        key: PropertyKey,
        desc: PropertyDescriptor,
    ) -> JsResult<bool> {
        if let ObjectKind::Array {
            length,
            length_writable,
        } = self.heap.object(o).kind
        {
            match key {
                PropertyKey::String(name) if name == self.realm.names.length => {
                    return self.array_set_length(o, desc);
                }
                PropertyKey::Index(index) => {
                    if index >= length && !length_writable {
                        return Ok(false);
                    }
                    // OrdinaryDefineOwnProperty; `define_own` raises `length` past the index.
                    return Ok(self.ordinary_define_own_property(o, key, desc));
                }
                _ => {}
            }
        }
        if let PropertyKey::Index(i) = key {
            if let Some((c, slot)) = self.argument_mapping(o, i) {
                return Ok(self.define_mapped_argument(o, i, c, slot, desc));
            }
        }
        if self.is_proxy(o) {
            return self.proxy_define_own_property(o, key, desc);
        }
        Ok(self.ordinary_define_own_property(o, key, desc))
    }

    /// ECMA-262 10.4.4.2 [[DefineOwnProperty]] of a mapped arguments object, for a mapped index.
    fn define_mapped_argument(
        &mut self,
        o: ObjectRef,
        i: u32,
        c: crate::runtime::heap::ContextRef,
        slot: usize,
        mut desc: PropertyDescriptor,
    ) -> bool {
        let key = PropertyKey::Index(i);
        let current = self.heap.context(c).slots[slot];
        // Freezing without a value keeps the parameter's current value.
        if desc.is_data() && desc.value.is_none() && desc.writable == Some(false) {
            desc.value = Some(current);
        }
        // The element may hold a stale value: bring it up to date first.
        if let Some((_, attrs)) = self.heap.object(o).get_own_element(i) {
            if !attrs.is_accessor() {
                self.heap
                    .objects
                    .get_mut(o.0)
                    .define_element(i, current, attrs);
            }
        }
        if !self.ordinary_define_own_property(o, key, desc) {
            return false;
        }
        if desc.is_accessor() {
            self.unmap_argument(o, i);
        } else {
            if let Some(v) = desc.value {
                self.heap.context_mut(c).slots[slot] = v;
            }
            if desc.writable == Some(false) {
                self.unmap_argument(o, i);
            }
        }
        true
    }

    /// ECMA-262 7.3.8 DefinePropertyOrThrow.
    pub fn define_property_or_throw(
        &mut self,
        o: ObjectRef,
        key: PropertyKey,
        desc: PropertyDescriptor,
    ) -> JsResult<()> {
        if self.define_own_property(o, key, desc)? {
            return Ok(());
        }
        let k = self.key_to_display(key);
        if self.is_proxy(o) {
            return self.type_error(format!(
                "'defineProperty' on proxy: trap returned falsish for property '{k}'"
            ));
        }
        if self.get_own(o, key).is_none() && !self.heap.object(o).extensible {
            return self.type_error(format!(
                "Cannot define property {k}, object is not extensible"
            ));
        }
        self.type_error(format!("Cannot redefine property: {k}"))
    }

    /// ECMA-262 7.3.5 CreateDataProperty.
    pub fn create_data_property(
        &mut self,
        o: ObjectRef,
        key: PropertyKey,
        value: Value,
    ) -> JsResult<bool> {
        self.define_own_property(o, key, PropertyDescriptor::data(value, Attrs::DEFAULT))
    }

    /// ECMA-262 7.3.7 CreateDataPropertyOrThrow.
    pub fn create_data_property_or_throw(
        &mut self,
        o: ObjectRef,
        key: PropertyKey,
        value: Value,
    ) -> JsResult<()> {
        self.define_property_or_throw(o, key, PropertyDescriptor::data(value, Attrs::DEFAULT))
    }

    /// ECMA-262 10.1.6.1 OrdinaryDefineOwnProperty.
    pub fn ordinary_define_own_property(
        &mut self,
        o: ObjectRef,
        key: PropertyKey,
        desc: PropertyDescriptor,
    ) -> bool {
        let current = self.ordinary_get_own_property(o, key);
        let extensible = self.heap.object(o).extensible;
        // String exotic objects' indices and `length` are computed: they can be validated against,
        // never changed (they are non-configurable and non-writable, so a valid change is a no-op).
        let computed = match (&self.heap.object(o).kind, key) {
            (ObjectKind::String(s), PropertyKey::Index(i)) => i < self.heap.string_len(*s),
            (ObjectKind::String(_), PropertyKey::String(n)) => n == self.realm.names.length,
            _ => false,
        };
        let target = if computed { None } else { Some(o) };
        self.validate_and_apply_property_descriptor(target, key, extensible, desc, current)
    }

    /// ECMA-262 10.1.6.3 ValidateAndApplyPropertyDescriptor (`o` is None to only validate).
    pub fn validate_and_apply_property_descriptor(
        &mut self,
        o: Option<ObjectRef>,
        key: PropertyKey,
        extensible: bool,
        desc: PropertyDescriptor,
        current: Option<PropertyDescriptor>,
    ) -> bool {
        let Some(current) = current else {
            if !extensible {
                return false;
            }
            if let Some(o) = o {
                let complete = if desc.is_accessor() {
                    PropertyDescriptor {
                        value: None,
                        writable: None,
                        get: Some(desc.get.unwrap_or(Value::UNDEFINED)),
                        set: Some(desc.set.unwrap_or(Value::UNDEFINED)),
                        enumerable: Some(desc.enumerable.unwrap_or(false)),
                        configurable: Some(desc.configurable.unwrap_or(false)),
                    }
                } else {
                    PropertyDescriptor {
                        value: Some(desc.value.unwrap_or(Value::UNDEFINED)),
                        writable: Some(desc.writable.unwrap_or(false)),
                        get: None,
                        set: None,
                        enumerable: Some(desc.enumerable.unwrap_or(false)),
                        configurable: Some(desc.configurable.unwrap_or(false)),
                    }
                };
                self.write_own_property(o, key, &complete);
            }
            return true;
        };
        if desc.is_empty() {
            return true;
        }
        if current.configurable == Some(false) {
            if desc.configurable == Some(true) {
                return false;
            }
            if desc.enumerable.is_some() && desc.enumerable != current.enumerable {
                return false;
            }
            if !desc.is_generic() && desc.is_accessor() != current.is_accessor() {
                return false;
            }
            if current.is_accessor() {
                for (new, old) in [(desc.get, current.get), (desc.set, current.set)] {
                    if let Some(new) = new {
                        let old = old.unwrap_or(Value::UNDEFINED);
                        if !self.same_value(new, old) {
                            return false;
                        }
                    }
                }
            } else if current.writable == Some(false) {
                if desc.writable == Some(true) {
                    return false;
                }
                if let Some(new) = desc.value {
                    let old = current.value.unwrap_or(Value::UNDEFINED);
                    if !self.same_value(new, old) {
                        return false;
                    }
                }
            }
        }
        let Some(o) = o else {
            return true;
        };
        let enumerable = desc.enumerable.or(current.enumerable);
        let configurable = desc.configurable.or(current.configurable);
        let complete = if current.is_data() && desc.is_accessor() {
            PropertyDescriptor {
                value: None,
                writable: None,
                get: Some(desc.get.unwrap_or(Value::UNDEFINED)),
                set: Some(desc.set.unwrap_or(Value::UNDEFINED)),
                enumerable,
                configurable,
            }
        } else if current.is_accessor() && desc.is_data() {
            PropertyDescriptor {
                value: Some(desc.value.unwrap_or(Value::UNDEFINED)),
                writable: Some(desc.writable.unwrap_or(false)),
                get: None,
                set: None,
                enumerable,
                configurable,
            }
        } else if current.is_accessor() {
            PropertyDescriptor {
                value: None,
                writable: None,
                get: desc.get.or(current.get),
                set: desc.set.or(current.set),
                enumerable,
                configurable,
            }
        } else {
            PropertyDescriptor {
                value: desc.value.or(current.value),
                writable: desc.writable.or(current.writable),
                get: None,
                set: None,
                enumerable,
                configurable,
            }
        };
        self.write_own_property(o, key, &complete);
        true
    }

    /// Store a complete descriptor as an own property (creating or replacing it). The accessor
    /// functions must be rooted or reachable: the accessor pair is allocated here.
    fn write_own_property(&mut self, o: ObjectRef, key: PropertyKey, d: &PropertyDescriptor) {
        let mut bits = 0;
        if d.enumerable == Some(true) {
            bits |= Attrs::ENUMERABLE;
        }
        if d.configurable == Some(true) {
            bits |= Attrs::CONFIGURABLE;
        }
        if d.is_accessor() {
            let getter = d.get.unwrap_or(Value::UNDEFINED);
            let setter = d.set.unwrap_or(Value::UNDEFINED);
            let pair = self.alloc_object(Object::new(
                None,
                ObjectKind::AccessorPair { getter, setter },
            ));
            self.define_own(
                o,
                key,
                Value::object(pair),
                Attrs::new(bits | Attrs::ACCESSOR),
            );
            return;
        }
        let writable = d.writable == Some(true);
        if writable {
            bits |= Attrs::WRITABLE;
        }
        let value = d.value.unwrap_or(Value::UNDEFINED);
        let length_name = self.realm.names.length;
        if let ObjectKind::Array {
            length,
            length_writable,
        } = &mut self.heap.object_mut(o).kind
        {
            if key == PropertyKey::String(length_name) {
                // Only ArraySetLength gets here with a new value (a valid length).
                if let Some(n) = value.as_number() {
                    *length = n as u32;
                }
                *length_writable = writable;
                return;
            }
        }
        self.define_own(o, key, value, Attrs::new(bits));
    }

    /// ECMA-262 10.4.2.4 ArraySetLength.
    fn array_set_length(&mut self, o: ObjectRef, desc: PropertyDescriptor) -> JsResult<bool> {
        let length_key = PropertyKey::String(self.realm.names.length);
        let Some(value) = desc.value else {
            return Ok(self.ordinary_define_own_property(o, length_key, desc));
        };
        let new_len = crate::runtime::number::to_uint32(self.to_number(value)?);
        let number_len = self.to_number(value)?;
        if new_len as f64 != number_len {
            return self.throw(super::realm::ErrorKind::RangeError, "Invalid array length");
        }
        let mut new_desc = desc;
        new_desc.value = Some(Value::number(new_len as f64));
        // ToNumber may have run code; read the current length afterwards.
        let ObjectKind::Array {
            length: old_len,
            length_writable,
        } = self.heap.object(o).kind
        else {
            return Ok(self.ordinary_define_own_property(o, length_key, new_desc));
        };
        if new_len >= old_len {
            return Ok(self.ordinary_define_own_property(o, length_key, new_desc));
        }
        if !length_writable {
            return Ok(false);
        }
        let new_writable = new_desc.writable != Some(false);
        if !new_writable {
            // Deleting may fail part-way: make `length` read-only only at the end.
            new_desc.writable = Some(true);
        }
        if !self.ordinary_define_own_property(o, length_key, new_desc) {
            return Ok(false);
        }
        // Delete the elements at or above the new length, from the highest down.
        let mut stopped_at = None;
        let object = self.heap.object_mut(o);
        match object.elements.sparse_mut() {
            None => object.elements.truncate_dense(new_len as usize),
            Some(map) => {
                let doomed: Vec<u32> = map.range(new_len..).map(|(&i, _)| i).rev().collect();
                for i in doomed {
                    if map.get(&i).is_some_and(|(_, a)| !a.configurable()) {
                        stopped_at = Some(i);
                        break;
                    }
                    map.remove(&i);
                }
            }
        }
        if let Some(i) = stopped_at {
            new_desc.value = Some(Value::number(i as f64 + 1.0));
            if !new_writable {
                new_desc.writable = Some(false);
            }
            self.ordinary_define_own_property(o, length_key, new_desc);
            return Ok(false);
        }
        if !new_writable {
            let read_only = PropertyDescriptor {
                writable: Some(false),
                ..PropertyDescriptor::default()
            };
            self.ordinary_define_own_property(o, length_key, read_only);
        }
        Ok(true)
    }

    /// [[OwnPropertyKeys]] (ECMA-262 10.1.11.1 OrdinaryOwnPropertyKeys, 10.4.3.3 for strings):
    /// indices ascending, then string keys, then symbols, each in creation order.
    pub fn own_property_keys(&mut self, o: ObjectRef) -> JsResult<Vec<PropertyKey>> {
        if self.is_proxy(o) {
            return self.proxy_own_keys(o);
        }
        let length = PropertyKey::String(self.realm.names.length);
        let object = self.heap.object(o);
        let mut keys: Vec<PropertyKey> = Vec::new();
        let mut string_length = 0;
        let mut computed_length = false;
        match object.kind {
            ObjectKind::String(s) => {
                string_length = self.heap.string_len(s);
                keys.extend((0..string_length).map(PropertyKey::Index));
                computed_length = true;
            }
            ObjectKind::Array { .. } => computed_length = true,
            _ => {}
        }
        keys.extend(
            object
                .element_indices()
                .into_iter()
                .filter(|&i| i >= string_length)
                .map(PropertyKey::Index),
        );
        if computed_length {
            keys.push(length);
        }
        let named = object.named_properties(&self.heap.shapes);
        let mut symbols = Vec::new();
        for (k, _, _) in named {
            match k {
                // Private names are not properties as far as reflection is concerned.
                PropertyKey::Symbol(sym) if self.heap.symbol(sym).private => {}
                PropertyKey::Symbol(sym) => {
                    // Kept alive for the caller, who may run code that deletes the property.
                    self.root(Value::symbol(sym));
                    symbols.push(k);
                }
                _ if computed_length && k == length => {}
                _ => keys.push(k),
            }
        }
        keys.extend(symbols);
        Ok(keys)
    }

    /// ECMA-262 10.1.3 [[IsExtensible]] (10.5.3 for proxies).
    pub fn is_extensible(&mut self, o: ObjectRef) -> JsResult<bool> {
        if self.is_proxy(o) {
            return self.proxy_is_extensible(o);
        }
        Ok(self.heap.object(o).extensible)
    }

    /// ECMA-262 10.1.4 [[PreventExtensions]] (always succeeds for ordinary objects; 10.5.4 for
    /// proxies).
    pub fn prevent_extensions(&mut self, o: ObjectRef) -> JsResult<bool> {
        if self.is_proxy(o) {
            return self.proxy_prevent_extensions(o);
        }
        self.heap.object_mut(o).extensible = false;
        Ok(true)
    }

    /// ECMA-262 10.1.1 [[GetPrototypeOf]] (10.5.1 for proxies).
    pub fn get_prototype_of(&mut self, o: ObjectRef) -> JsResult<Option<ObjectRef>> {
        if self.is_proxy(o) {
            return self.proxy_get_prototype_of(o);
        }
        Ok(self.heap.object(o).proto)
    }

    /// [[SetPrototypeOf]] (ECMA-262 10.1.2.1 OrdinarySetPrototypeOf; %Object.prototype% is an
    /// immutable prototype exotic object, 10.4.7; 10.5.2 for proxies). False for a cycle or a
    /// non-extensible object.
    pub fn set_prototype_of(&mut self, o: ObjectRef, proto: Option<ObjectRef>) -> JsResult<bool> {
        if self.is_proxy(o) {
            return self.proxy_set_prototype_of(o, proto);
        }
        let current = self.heap.object(o).proto;
        if current == proto {
            return Ok(true);
        }
        // ECMA-262 10.4.7.1: every realm's %Object.prototype% has an immutable prototype.
        let immutable = o == self.realm.object_prototype
            || self
                .realms
                .iter()
                .flatten()
                .any(|r| r.object_prototype == o);
        if immutable || !self.heap.object(o).extensible {
            return Ok(false);
        }
        // The cycle check stops at a proxy (its `proto` is None), as step 8.c.i says.
        let mut p = proto;
        while let Some(q) = p {
            if q == o {
                return Ok(false);
            }
            p = self.heap.object(q).proto;
        }
        self.heap.object_mut(o).proto = proto;
        Ok(true)
    }

    /// ECMA-262 7.3.15 SetIntegrityLevel (`frozen`, else sealed).
    pub fn set_integrity_level(&mut self, o: ObjectRef, frozen: bool) -> JsResult<bool> {
        if !self.prevent_extensions(o)? {
            return Ok(false);
        }
        for key in self.own_property_keys(o)? {
            let mut desc = PropertyDescriptor {
                configurable: Some(false),
                ..PropertyDescriptor::default()
            };
            if frozen {
                match self.get_own_property(o, key)? {
                    None => continue,
                    Some(d) if d.is_accessor() => {}
                    Some(_) => desc.writable = Some(false),
                }
            }
            self.define_property_or_throw(o, key, desc)?;
        }
        Ok(true)
    }

    /// ECMA-262 7.3.16 TestIntegrityLevel (`frozen`, else sealed).
    pub fn test_integrity_level(&mut self, o: ObjectRef, frozen: bool) -> JsResult<bool> {
        if self.is_extensible(o)? {
            return Ok(false);
        }
        for key in self.own_property_keys(o)? {
            let locked = match self.get_own_property(o, key)? {
                None => true,
                Some(d) => {
                    d.configurable == Some(false)
                        && (!frozen || !d.is_data() || d.writable == Some(false))
                }
            };
            if !locked {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// [[Set]] with an explicit receiver (ECMA-262 10.1.9.2 OrdinarySetWithOwnDescriptor): false
    /// where strict code would throw.
    pub fn ordinary_set(
        &mut self,
        o: ObjectRef,
        key: PropertyKey,
        value: Value,
        receiver: Value,
    ) -> JsResult<bool> {
        let mut current = o;
        let own = loop {
            match self.get_own(current, key) {
                Some(own) => break own,
                None => match self.heap.object(current).proto {
                    Some(p) => current = p,
                    // ECMA-262 10.5.9: a proxy's [[Set]] takes over.
                    None if self.is_proxy(current) => {
                        return self.proxy_set(current, key, value, receiver)
                    }
                    None => break Own::Data(Value::UNDEFINED, Attrs::DEFAULT),
                },
            }
        };
        match own {
            Own::Data(_, attrs) => {
                if !attrs.writable() {
                    return Ok(false);
                }
                let Some(r) = receiver.as_object() else {
                    return Ok(false);
                };
                match self.get_own_property(r, key)? {
                    Some(d) if d.is_accessor() => Ok(false),
                    Some(d) if d.writable != Some(true) => Ok(false),
                    Some(_) => {
                        let desc = PropertyDescriptor {
                            value: Some(value),
                            ..PropertyDescriptor::default()
                        };
                        self.define_own_property(r, key, desc)
                    }
                    None => self.create_data_property(r, key, value),
                }
            }
            Own::Accessor { setter, .. } => {
                if setter.is_undefined() {
                    return Ok(false);
                }
                self.call(setter, receiver, &[value])?;
                Ok(true)
            }
        }
    }
}

/// A property descriptor (ECMA-262 6.2.6): every field may be absent.
#[derive(Clone, Copy, Debug, Default)]
pub struct PropertyDescriptor {
    pub value: Option<Value>,
    pub writable: Option<bool>,
    pub get: Option<Value>,
    pub set: Option<Value>,
    pub enumerable: Option<bool>,
    pub configurable: Option<bool>,
}

impl PropertyDescriptor {
    /// A complete data descriptor.
    pub fn data(value: Value, attrs: Attrs) -> PropertyDescriptor {
        PropertyDescriptor {
            value: Some(value),
            writable: Some(attrs.writable()),
            get: None,
            set: None,
            enumerable: Some(attrs.enumerable()),
            configurable: Some(attrs.configurable()),
        }
    }

    /// The complete descriptor of a property as found.
    pub fn from_own(own: Own) -> PropertyDescriptor {
        match own {
            Own::Data(value, attrs) => PropertyDescriptor::data(value, attrs),
            Own::Accessor {
                getter,
                setter,
                attrs,
            } => PropertyDescriptor {
                value: None,
                writable: None,
                get: Some(getter),
                set: Some(setter),
                enumerable: Some(attrs.enumerable()),
                configurable: Some(attrs.configurable()),
            },
        }
    }

    /// ECMA-262 6.2.6.1 IsAccessorDescriptor.
    pub fn is_accessor(&self) -> bool {
        self.get.is_some() || self.set.is_some()
    }

    /// ECMA-262 6.2.6.2 IsDataDescriptor.
    pub fn is_data(&self) -> bool {
        self.value.is_some() || self.writable.is_some()
    }

    /// ECMA-262 6.2.6.3 IsGenericDescriptor.
    pub fn is_generic(&self) -> bool {
        !self.is_accessor() && !self.is_data()
    }

    /// ECMA-262 6.2.6.6 CompletePropertyDescriptor.
    pub fn complete(&mut self) {
        if self.is_generic() || self.is_data() {
            self.value.get_or_insert(Value::UNDEFINED);
            self.writable.get_or_insert(false);
        } else {
            self.get.get_or_insert(Value::UNDEFINED);
            self.set.get_or_insert(Value::UNDEFINED);
        }
        self.enumerable.get_or_insert(false);
        self.configurable.get_or_insert(false);
    }

    /// A descriptor with no fields.
    pub fn is_empty(&self) -> bool {
        self.is_generic() && self.enumerable.is_none() && self.configurable.is_none()
    }
}
