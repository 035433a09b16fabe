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
    /// [[GetOwnProperty]] (without creating a descriptor object).
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
            Kind::Undefined | Kind::Null | Kind::Hole | Kind::BigInt(_) => {
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
                return self
                    .type_error(format!("Cannot create property '{k}' on a primitive value"));
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
    pub fn set_array_length(&mut self, o: ObjectRef, value: Value, _strict: bool) -> JsResult<()> {
        let n = self.to_number(value)?;
        let new_len = n as u32;
        if new_len as f64 != n {
            return self.throw(super::realm::ErrorKind::RangeError, "Invalid array length");
        }
        let object = self.heap.object_mut(o);
        let ObjectKind::Array { length, .. } = &mut object.kind else {
            unreachable!()
        };
        let old = *length;
        *length = new_len;
        if new_len < old {
            match &mut object.elements {
                crate::runtime::object::Elements::Dense(v) => v.truncate(new_len as usize),
                crate::runtime::object::Elements::Sparse(map) => {
                    map.retain(|&i, _| i < new_len);
                }
            }
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
    pub fn delete_property(&mut self, o: ObjectRef, key: PropertyKey) -> bool {
        match self.get_own(o, key) {
            None => true,
            Some(Own::Data(_, attrs) | Own::Accessor { attrs, .. }) if !attrs.configurable() => {
                false
            }
            Some(_) => {
                let shapes = &self.heap.shapes;
                let object = self.heap.objects.get_mut(o.0);
                match key {
                    PropertyKey::Index(i) => object.remove_element(i),
                    _ => object.remove_named(shapes, key),
                };
                true
            }
        }
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
}
