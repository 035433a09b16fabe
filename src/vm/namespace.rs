//! Module namespace exotic objects (ECMA-262 10.4.6): GetModuleNamespace and ModuleNamespaceCreate,
//! and the internal methods. The generic property code reaches them through the `proxy_*` entry
//! points (`Vm::is_proxy` is true for a namespace); symbol keys are ordinary (the only one is
//! @@toStringTag). An export's value is read from the exporter's environment each time (a live
//! binding), and one still in its TDZ throws a ReferenceError.

use super::module::{ModuleId, Resolution, Resolved};
use super::{JsResult, Vm};
use crate::runtime::object::{Object, ObjectKind, Props};
use crate::runtime::property::{Attrs, PropertyKey};
use crate::runtime::value::ObjectRef;
use crate::runtime::Value;

impl Vm {
    /// GetModuleNamespace and ModuleNamespaceCreate (10.4.6.12): the namespace object
    /// of a module, created once, with the unambiguous export names in code-unit order.
    pub fn module_namespace(&mut self, m: ModuleId) -> ObjectRef {
        if let Some(o) = self.module(m).namespace {
            return o;
        }
        let mut exports: Vec<(Vec<u16>, Resolution)> = Vec::new();
        for name in self.exported_names(m, &mut Vec::new()) {
            if let Resolved::Found(r) = self.resolve_export(m, &name, &mut Vec::new()) {
                exports.push((name.encode_utf16().collect(), r));
            }
        }
        exports.sort_by(|a, b| a.0.cmp(&b.0));
        let table: Vec<(PropertyKey, Resolution)> = exports
            .into_iter()
            .map(|(units, r)| {
                let s = self.heap.intern_utf16(&units);
                (self.string_key(s), r)
            })
            .collect();
        let mut object = Object::new(None, ObjectKind::ModuleNamespace { module: m });
        object.props = Props::Dictionary(Box::default());
        let o = self.alloc_object(object);
        // @@toStringTag (28.3.1): "Module", not writable, enumerable or configurable.
        let tag = PropertyKey::Symbol(self.realm.symbols.to_string_tag);
        let module = self.heap.intern("Module");
        self.define_own(o, tag, Value::string(module), Attrs::FROZEN);
        self.heap.object_mut(o).extensible = false;
        let record = self.module_mut(m);
        record.namespace = Some(o);
        record.namespace_exports = table;
        o
    }

    /// The module of a namespace object.
    pub(crate) fn namespace_module(&self, o: ObjectRef) -> Option<ModuleId> {
        match self.heap.object(o).kind {
            ObjectKind::ModuleNamespace { module } => Some(module),
            _ => None,
        }
    }

    fn namespace_export(&self, module: ModuleId, key: PropertyKey) -> Option<Resolution> {
        self.module(module)
            .namespace_exports
            .iter()
            .find(|e| e.0 == key)
            .map(|e| e.1)
    }

    /// [[Get]] (10.4.6.8) for a string key.
    pub(crate) fn namespace_get(&mut self, module: ModuleId, key: PropertyKey) -> JsResult<Value> {
        match self.namespace_export(module, key) {
            None => Ok(Value::UNDEFINED),
            Some(Resolution::Namespace(n)) => Ok(Value::object(self.module_namespace(n))),
            Some(Resolution::Binding { module, slot }) => {
                self.module_binding(module, slot, |vm| vm.key_to_display(key))
            }
        }
    }

    /// [[HasProperty]] (10.4.6.7) for a string key.
    pub(crate) fn namespace_has(&self, module: ModuleId, key: PropertyKey) -> bool {
        self.namespace_export(module, key).is_some()
    }

    /// [[GetOwnProperty]] (10.4.6.5) for a string key: writable, enumerable, not configurable.
    pub(crate) fn namespace_get_own_property(
        &mut self,
        module: ModuleId,
        key: PropertyKey,
    ) -> JsResult<Option<super::property::PropertyDescriptor>> {
        if !self.namespace_has(module, key) {
            return Ok(None);
        }
        let value = self.namespace_get(module, key)?;
        self.root(value);
        Ok(Some(super::property::PropertyDescriptor::data(
            value,
            Attrs::new(Attrs::WRITABLE | Attrs::ENUMERABLE),
        )))
    }

    /// [[DefineOwnProperty]] (10.4.6.6) for a string key.
    pub(crate) fn namespace_define_own_property(
        &mut self,
        module: ModuleId,
        key: PropertyKey,
        desc: &super::property::PropertyDescriptor,
    ) -> JsResult<bool> {
        let Some(current) = self.namespace_get_own_property(module, key)? else {
            return Ok(false);
        };
        if desc.configurable == Some(true)
            || desc.enumerable == Some(false)
            || desc.is_accessor()
            || desc.writable == Some(false)
        {
            return Ok(false);
        }
        Ok(match desc.value {
            Some(v) => self.same_value(v, current.value.unwrap_or(Value::UNDEFINED)),
            None => true,
        })
    }

    /// [[OwnPropertyKeys]] (10.4.6.11): the exports, then the symbol keys.
    pub(crate) fn namespace_own_keys(
        &mut self,
        o: ObjectRef,
        module: ModuleId,
    ) -> Vec<PropertyKey> {
        let mut keys: Vec<PropertyKey> = self
            .module(module)
            .namespace_exports
            .iter()
            .map(|e| e.0)
            .collect();
        for (k, _, _) in self.heap.object(o).named_properties(&self.heap.shapes) {
            if matches!(k, PropertyKey::Symbol(_)) {
                keys.push(k);
            }
        }
        keys
    }

    // The internal methods, as the generic property code calls them (through the `proxy_*`
    // entry points, which send a namespace here). Symbol keys are ordinary (the only one is
    // @@toStringTag).

    pub(crate) fn ns_get_own_property(
        &mut self,
        o: ObjectRef,
        module: ModuleId,
        key: PropertyKey,
    ) -> JsResult<Option<super::property::PropertyDescriptor>> {
        if let PropertyKey::Symbol(_) = key {
            return Ok(self
                .get_own(o, key)
                .map(super::property::PropertyDescriptor::from_own));
        }
        self.namespace_get_own_property(module, key)
    }

    pub(crate) fn ns_define_own_property(
        &mut self,
        o: ObjectRef,
        module: ModuleId,
        key: PropertyKey,
        desc: super::property::PropertyDescriptor,
    ) -> JsResult<bool> {
        if let PropertyKey::Symbol(_) = key {
            return Ok(self.ordinary_define_own_property(o, key, desc));
        }
        self.namespace_define_own_property(module, key, &desc)
    }

    pub(crate) fn ns_has(&mut self, o: ObjectRef, module: ModuleId, key: PropertyKey) -> bool {
        if let PropertyKey::Symbol(_) = key {
            return self.get_own(o, key).is_some();
        }
        self.namespace_has(module, key)
    }

    pub(crate) fn ns_get(
        &mut self,
        o: ObjectRef,
        module: ModuleId,
        key: PropertyKey,
    ) -> JsResult<Value> {
        if let PropertyKey::Symbol(_) = key {
            return Ok(match self.get_own(o, key) {
                Some(super::property::Own::Data(v, _)) => v,
                _ => Value::UNDEFINED,
            });
        }
        self.namespace_get(module, key)
    }

    /// [[Delete]] (10.4.6.10): an export cannot be deleted, anything else is not there (the
    /// symbol @@toStringTag is not configurable).
    pub(crate) fn ns_delete(&mut self, o: ObjectRef, module: ModuleId, key: PropertyKey) -> bool {
        if let PropertyKey::Symbol(_) = key {
            return self.get_own(o, key).is_none();
        }
        !self.namespace_has(module, key)
    }
}
