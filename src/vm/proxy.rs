//! Proxy exotic objects (ECMA-262 10.5): the thirteen internal methods, each with its invariant
//! checks. `property.rs` sends a proxy here from the generic internal methods; ordinary objects never
//! reach this file. A proxy has no own properties and no [[Prototype]] of its own (its `proto` field is
//! None and its properties an empty dictionary, so no inline cache ever matches it).

use super::property::PropertyDescriptor;
use super::realm::ErrorKind;
use super::{JsResult, Vm, MAX_NATIVE_DEPTH};
use crate::runtime::object::ObjectKind;
use crate::runtime::property::PropertyKey;
use crate::runtime::value::{Kind, ObjectRef};
use crate::runtime::Value;

impl Vm {
    /// Whether `o` is a Proxy exotic object.
    #[inline]
    ///
    /// A module namespace object (10.4.6) answers too: it is the other exotic object whose internal
    /// methods live outside `property.rs`, so the generic code sends it through the `proxy_*`
    /// entry points, which hand it to `vm/module.rs`.
    pub fn is_proxy(&self, o: ObjectRef) -> bool {
        matches!(
            self.heap.object(o).kind,
            ObjectKind::Proxy { .. } | ObjectKind::ModuleNamespace { .. }
        )
    }

    /// Run one proxy internal method. A chain of proxies recurses in Rust (each forwards to its
    /// target), so the depth is bounded like native re-entry.
    fn proxy_step<T>(&mut self, f: impl FnOnce(&mut Vm) -> JsResult<T>) -> JsResult<T> {
        if self.native_depth >= MAX_NATIVE_DEPTH {
            return self.throw(ErrorKind::RangeError, "Maximum call stack size exceeded");
        }
        self.native_depth += 1;
        let result = crate::util::stack::ensure(|| f(self));
        self.native_depth -= 1;
        result
    }

    /// ECMA-262 10.5.14 ValidateNonRevokedProxy, then GetMethod(handler, trap): the target, the
    /// handler and the trap (None when the handler has none). Target and handler are rooted: a trap
    /// may revoke the proxy.
    fn proxy_trap(
        &mut self,
        o: ObjectRef,
        trap: &str,
    ) -> JsResult<(ObjectRef, ObjectRef, Option<Value>)> {
        let (target, handler) = match self.heap.object(o).kind {
            ObjectKind::Proxy {
                target: Some(t),
                handler: Some(h),
                ..
            } => (t, h),
            _ => {
                return self.type_error(format!(
                    "Cannot perform '{trap}' on a proxy that has been revoked"
                ))
            }
        };
        self.root(Value::object(target));
        self.root(Value::object(handler));
        let key = self.key(trap);
        let method = self.get_value(Value::object(handler), key)?;
        if method.is_nullish() {
            return Ok((target, handler, None));
        }
        if !method.as_object().is_some_and(|m| self.is_callable(m)) {
            let shown = self.describe_for_error(method);
            return self.type_error(format!(
                "{shown} returned for property '{trap}' of object '#<Object>' is not a function"
            ));
        }
        self.root(method);
        Ok((target, handler, Some(method)))
    }

    fn proxy_invariant<T>(&mut self, trap: &str, what: &str) -> JsResult<T> {
        self.type_error(format!("'{trap}' on proxy: {what}"))
    }

    /// ECMA-262 10.5.1 [[GetPrototypeOf]].
    pub(super) fn proxy_get_prototype_of(&mut self, o: ObjectRef) -> JsResult<Option<ObjectRef>> {
        if self.namespace_module(o).is_some() {
            return Ok(None); // 10.4.6.1
        }
        self.proxy_step(|vm| {
            let (target, handler, trap) = vm.proxy_trap(o, "getPrototypeOf")?;
            let Some(trap) = trap else {
                return vm.get_prototype_of(target);
            };
            let proto = vm.call(trap, Value::object(handler), &[Value::object(target)])?;
            let proto = match proto.kind() {
                Kind::Object(p) => Some(p),
                Kind::Null => None,
                _ => {
                    return vm.proxy_invariant(
                        "getPrototypeOf",
                        "trap returned neither object nor null",
                    )
                }
            };
            if vm.is_extensible(target)? {
                return Ok(proto);
            }
            if vm.get_prototype_of(target)? != proto {
                return vm.proxy_invariant(
                    "getPrototypeOf",
                    "proxy target is non-extensible but the trap did not return its actual prototype",
                );
            }
            Ok(proto)
        })
    }

    /// ECMA-262 10.5.2 [[SetPrototypeOf]].
    pub(super) fn proxy_set_prototype_of(
        &mut self,
        o: ObjectRef,
        proto: Option<ObjectRef>,
    ) -> JsResult<bool> {
        if self.namespace_module(o).is_some() {
            return Ok(proto.is_none()); // 10.4.6.2 SetImmutablePrototype
        }
        self.proxy_step(|vm| {
            let (target, handler, trap) = vm.proxy_trap(o, "setPrototypeOf")?;
            let Some(trap) = trap else {
                return vm.set_prototype_of(target, proto);
            };
            let v = proto.map_or(Value::NULL, Value::object);
            let result = vm.call(trap, Value::object(handler), &[Value::object(target), v])?;
            if !vm.to_boolean(result) {
                return Ok(false);
            }
            if vm.is_extensible(target)? {
                return Ok(true);
            }
            if vm.get_prototype_of(target)? != proto {
                return vm.proxy_invariant(
                    "setPrototypeOf",
                    "trap returned truish for setting a new prototype on the non-extensible proxy target",
                );
            }
            Ok(true)
        })
    }

    /// ECMA-262 10.5.3 [[IsExtensible]].
    pub(super) fn proxy_is_extensible(&mut self, o: ObjectRef) -> JsResult<bool> {
        if self.namespace_module(o).is_some() {
            return Ok(false); // 10.4.6.3
        }
        self.proxy_step(|vm| {
            let (target, handler, trap) = vm.proxy_trap(o, "isExtensible")?;
            let Some(trap) = trap else {
                return vm.is_extensible(target);
            };
            let result = vm.call(trap, Value::object(handler), &[Value::object(target)])?;
            let result = vm.to_boolean(result);
            if result != vm.is_extensible(target)? {
                return vm.proxy_invariant(
                    "isExtensible",
                    "trap result does not reflect extensibility of proxy target",
                );
            }
            Ok(result)
        })
    }

    /// ECMA-262 10.5.4 [[PreventExtensions]].
    pub(super) fn proxy_prevent_extensions(&mut self, o: ObjectRef) -> JsResult<bool> {
        if self.namespace_module(o).is_some() {
            return Ok(true); // 10.4.6.4
        }
        self.proxy_step(|vm| {
            let (target, handler, trap) = vm.proxy_trap(o, "preventExtensions")?;
            let Some(trap) = trap else {
                return vm.prevent_extensions(target);
            };
            let result = vm.call(trap, Value::object(handler), &[Value::object(target)])?;
            let result = vm.to_boolean(result);
            if result && vm.is_extensible(target)? {
                return vm.proxy_invariant(
                    "preventExtensions",
                    "trap returned truish but the proxy target is extensible",
                );
            }
            Ok(result)
        })
    }

    /// ECMA-262 10.5.5 [[GetOwnProperty]].
    pub(super) fn proxy_get_own_property(
        &mut self,
        o: ObjectRef,
        key: PropertyKey,
    ) -> JsResult<Option<PropertyDescriptor>> {
        const TRAP: &str = "getOwnPropertyDescriptor";
        if let Some(m) = self.namespace_module(o) {
            return self.ns_get_own_property(o, m, key);
        }
        self.proxy_step(|vm| {
            let (target, handler, trap) = vm.proxy_trap(o, TRAP)?;
            let Some(trap) = trap else {
                return vm.get_own_property(target, key);
            };
            let k = vm.key_to_value(key);
            let result = vm.call(trap, Value::object(handler), &[Value::object(target), k])?;
            if !result.is_object() && !result.is_undefined() {
                return vm.proxy_invariant(
                    TRAP,
                    "trap returned neither object nor undefined for property",
                );
            }
            let target_desc = vm.get_own_property(target, key)?;
            if result.is_undefined() {
                let Some(target_desc) = target_desc else {
                    return Ok(None);
                };
                if target_desc.configurable == Some(false) {
                    return vm.proxy_invariant(
                        TRAP,
                        "trap returned undefined for a property which is non-configurable in the proxy target",
                    );
                }
                if !vm.is_extensible(target)? {
                    return vm.proxy_invariant(
                        TRAP,
                        "trap returned undefined for a property which exists in the non-extensible proxy target",
                    );
                }
                return Ok(None);
            }
            let extensible = vm.is_extensible(target)?;
            let mut desc = vm.to_property_descriptor(result)?;
            desc.complete();
            // IsCompatiblePropertyDescriptor.
            if !vm.validate_and_apply_property_descriptor(None, key, extensible, desc, target_desc)
            {
                return vm.proxy_invariant(
                    TRAP,
                    "trap returned a descriptor incompatible with the existing property in the proxy target",
                );
            }
            if desc.configurable == Some(false) {
                match target_desc {
                    Some(t) if t.configurable == Some(false) => {
                        if desc.writable == Some(false) && t.writable == Some(true) {
                            return vm.proxy_invariant(
                                TRAP,
                                "trap reported non-configurable and writable for a property which is non-configurable, non-writable in the proxy target",
                            );
                        }
                    }
                    _ => {
                        return vm.proxy_invariant(
                            TRAP,
                            "trap reported non-configurability for a property which is either non-existent or configurable in the proxy target",
                        )
                    }
                }
            }
            Ok(Some(desc))
        })
    }

    /// ECMA-262 10.5.6 [[DefineOwnProperty]].
    pub(super) fn proxy_define_own_property(
        &mut self,
        o: ObjectRef,
        key: PropertyKey,
        desc: PropertyDescriptor,
    ) -> JsResult<bool> {
        const TRAP: &str = "defineProperty";
        if let Some(m) = self.namespace_module(o) {
            return self.ns_define_own_property(o, m, key, desc);
        }
        self.proxy_step(|vm| {
            let (target, handler, trap) = vm.proxy_trap(o, TRAP)?;
            let Some(trap) = trap else {
                return vm.define_own_property(target, key, desc);
            };
            let desc_obj = vm.from_property_descriptor(Some(desc));
            let k = vm.key_to_value(key);
            let result = vm.call(
                trap,
                Value::object(handler),
                &[Value::object(target), k, desc_obj],
            )?;
            if !vm.to_boolean(result) {
                return Ok(false);
            }
            let target_desc = vm.get_own_property(target, key)?;
            let extensible = vm.is_extensible(target)?;
            let setting_config_false = desc.configurable == Some(false);
            match target_desc {
                None => {
                    if !extensible {
                        return vm.proxy_invariant(
                            TRAP,
                            "trap returned truish for adding a property to the non-extensible proxy target",
                        );
                    }
                    if setting_config_false {
                        return vm.proxy_invariant(
                            TRAP,
                            "trap returned truish for defining a non-configurable property which is non-existent in the proxy target",
                        );
                    }
                }
                Some(t) => {
                    if !vm.validate_and_apply_property_descriptor(
                        None,
                        key,
                        extensible,
                        desc,
                        Some(t),
                    ) {
                        return vm.proxy_invariant(
                            TRAP,
                            "trap returned truish for adding a property that is incompatible with the existing property in the proxy target",
                        );
                    }
                    if setting_config_false && t.configurable == Some(true) {
                        return vm.proxy_invariant(
                            TRAP,
                            "trap returned truish for defining a non-configurable property which is configurable in the proxy target",
                        );
                    }
                    if t.is_data()
                        && t.configurable == Some(false)
                        && t.writable == Some(true)
                        && desc.writable == Some(false)
                    {
                        return vm.proxy_invariant(
                            TRAP,
                            "trap returned truish for defining a non-configurable property as non-writable while it is writable in the proxy target",
                        );
                    }
                }
            }
            Ok(true)
        })
    }

    /// ECMA-262 10.5.7 [[HasProperty]].
    pub(super) fn proxy_has(&mut self, o: ObjectRef, key: PropertyKey) -> JsResult<bool> {
        if let Some(m) = self.namespace_module(o) {
            return Ok(self.ns_has(o, m, key));
        }
        self.proxy_step(|vm| {
            let (target, handler, trap) = vm.proxy_trap(o, "has")?;
            let Some(trap) = trap else {
                return vm.has_property(target, key);
            };
            let k = vm.key_to_value(key);
            let result = vm.call(trap, Value::object(handler), &[Value::object(target), k])?;
            let result = vm.to_boolean(result);
            if !result {
                if let Some(t) = vm.get_own_property(target, key)? {
                    if t.configurable == Some(false) {
                        return vm.proxy_invariant(
                            "has",
                            "trap returned falsish for a property which exists in the proxy target as non-configurable",
                        );
                    }
                    if !vm.is_extensible(target)? {
                        return vm.proxy_invariant(
                            "has",
                            "trap returned falsish for a property but the proxy target is not extensible",
                        );
                    }
                }
            }
            Ok(result)
        })
    }

    /// ECMA-262 10.5.8 [[Get]].
    pub(super) fn proxy_get(
        &mut self,
        o: ObjectRef,
        key: PropertyKey,
        receiver: Value,
    ) -> JsResult<Value> {
        if let Some(m) = self.namespace_module(o) {
            return self.ns_get(o, m, key);
        }
        self.proxy_step(|vm| {
            let (target, handler, trap) = vm.proxy_trap(o, "get")?;
            let Some(trap) = trap else {
                return vm.get_from(target, key, receiver);
            };
            let k = vm.key_to_value(key);
            let result = vm.call(
                trap,
                Value::object(handler),
                &[Value::object(target), k, receiver],
            )?;
            if let Some(t) = vm.get_own_property(target, key)? {
                if t.configurable == Some(false) {
                    if t.is_data() && t.writable == Some(false) {
                        let expected = t.value.unwrap_or(Value::UNDEFINED);
                        if !vm.same_value(result, expected) {
                            return vm.proxy_invariant(
                                "get",
                                "the proxy target has a non-configurable, non-writable data property with a different value",
                            );
                        }
                    }
                    if t.is_accessor() && t.get == Some(Value::UNDEFINED) && !result.is_undefined()
                    {
                        return vm.proxy_invariant(
                            "get",
                            "the proxy target has a non-configurable accessor property without a getter, but the trap did not return undefined",
                        );
                    }
                }
            }
            Ok(result)
        })
    }

    /// ECMA-262 10.5.9 [[Set]].
    pub(super) fn proxy_set(
        &mut self,
        o: ObjectRef,
        key: PropertyKey,
        value: Value,
        receiver: Value,
    ) -> JsResult<bool> {
        if self.namespace_module(o).is_some() {
            return Ok(false); // 10.4.6.9
        }
        self.proxy_step(|vm| {
            let (target, handler, trap) = vm.proxy_trap(o, "set")?;
            let Some(trap) = trap else {
                return vm.ordinary_set(target, key, value, receiver);
            };
            let k = vm.key_to_value(key);
            let result = vm.call(
                trap,
                Value::object(handler),
                &[Value::object(target), k, value, receiver],
            )?;
            if !vm.to_boolean(result) {
                return Ok(false);
            }
            if let Some(t) = vm.get_own_property(target, key)? {
                if t.configurable == Some(false) {
                    if t.is_data() && t.writable == Some(false) {
                        let current = t.value.unwrap_or(Value::UNDEFINED);
                        if !vm.same_value(value, current) {
                            return vm.proxy_invariant(
                                "set",
                                "trap returned truish for a property which exists in the proxy target as a non-configurable and non-writable data property with a different value",
                            );
                        }
                    }
                    if t.is_accessor() && t.set == Some(Value::UNDEFINED) {
                        return vm.proxy_invariant(
                            "set",
                            "trap returned truish for a property which exists in the proxy target as a non-configurable accessor property without a setter",
                        );
                    }
                }
            }
            Ok(true)
        })
    }

    /// ECMA-262 10.5.10 [[Delete]].
    pub(super) fn proxy_delete(&mut self, o: ObjectRef, key: PropertyKey) -> JsResult<bool> {
        if let Some(m) = self.namespace_module(o) {
            return Ok(self.ns_delete(o, m, key));
        }
        self.proxy_step(|vm| {
            let (target, handler, trap) = vm.proxy_trap(o, "deleteProperty")?;
            let Some(trap) = trap else {
                return vm.delete_property(target, key);
            };
            let k = vm.key_to_value(key);
            let result = vm.call(trap, Value::object(handler), &[Value::object(target), k])?;
            if !vm.to_boolean(result) {
                return Ok(false);
            }
            let Some(t) = vm.get_own_property(target, key)? else {
                return Ok(true);
            };
            if t.configurable == Some(false) {
                return vm.proxy_invariant(
                    "deleteProperty",
                    "trap returned truish for property which is non-configurable in the proxy target",
                );
            }
            if !vm.is_extensible(target)? {
                return vm.proxy_invariant(
                    "deleteProperty",
                    "trap returned truish for property but the proxy target is non-extensible",
                );
            }
            Ok(true)
        })
    }

    /// ECMA-262 10.5.11 [[OwnPropertyKeys]].
    pub(super) fn proxy_own_keys(&mut self, o: ObjectRef) -> JsResult<Vec<PropertyKey>> {
        const TRAP: &str = "ownKeys";
        if let Some(m) = self.namespace_module(o) {
            return Ok(self.namespace_own_keys(o, m));
        }
        self.proxy_step(|vm| {
            let (target, handler, trap) = vm.proxy_trap(o, TRAP)?;
            let Some(trap) = trap else {
                return vm.own_property_keys(target);
            };
            let array = vm.call(trap, Value::object(handler), &[Value::object(target)])?;
            // CreateListFromArrayLike(trapResultArray, « String, Symbol »).
            if !array.is_object() {
                return vm.proxy_invariant(TRAP, "trap returned a non-object");
            }
            let length_key = PropertyKey::String(vm.realm.names.length);
            let len = vm.get_value(array, length_key)?;
            let len = crate::runtime::number::to_integer_or_infinity(vm.to_number(len)?).max(0.0);
            if len > u32::MAX as f64 {
                return vm.throw(ErrorKind::RangeError, "Too many properties");
            }
            let mut keys: Vec<PropertyKey> = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for i in 0..len as u32 {
                let v = vm.get_value(array, PropertyKey::Index(i))?;
                if !matches!(v.kind(), Kind::String(_) | Kind::Symbol(_)) {
                    let shown = vm.describe_for_error(v);
                    return vm.type_error(format!("{shown} is not a valid property name"));
                }
                vm.root(v);
                let key = vm.to_property_key(v)?;
                if !seen.insert(key) {
                    let k = vm.key_to_display(key);
                    return vm
                        .proxy_invariant(TRAP, &format!("trap returned duplicate entries: '{k}'"));
                }
                keys.push(key);
            }
            let extensible = vm.is_extensible(target)?;
            let target_keys = vm.own_property_keys(target)?;
            let mut configurable = Vec::new();
            let mut nonconfigurable = Vec::new();
            for k in target_keys {
                match vm.get_own_property(target, k)? {
                    Some(d) if d.configurable == Some(false) => nonconfigurable.push(k),
                    _ => configurable.push(k),
                }
            }
            if extensible && nonconfigurable.is_empty() {
                return Ok(keys);
            }
            let mut unchecked = seen;
            for k in nonconfigurable {
                if !unchecked.remove(&k) {
                    let k = vm.key_to_display(k);
                    return vm.proxy_invariant(TRAP, &format!("trap result did not include '{k}'"));
                }
            }
            if extensible {
                return Ok(keys);
            }
            for k in configurable {
                if !unchecked.remove(&k) {
                    let k = vm.key_to_display(k);
                    return vm.proxy_invariant(TRAP, &format!("trap result did not include '{k}'"));
                }
            }
            if !unchecked.is_empty() {
                return vm.proxy_invariant(
                    TRAP,
                    "trap returned extra keys but proxy target is non-extensible",
                );
            }
            Ok(keys)
        })
    }

    /// ECMA-262 10.5.12 [[Call]].
    pub(super) fn proxy_call(
        &mut self,
        o: ObjectRef,
        this: Value,
        args: &[Value],
    ) -> JsResult<Value> {
        self.proxy_step(|vm| {
            let (target, handler, trap) = vm.proxy_trap(o, "apply")?;
            let Some(trap) = trap else {
                return vm.call(Value::object(target), this, args);
            };
            let array = vm.new_array(args.to_vec());
            vm.call(
                trap,
                Value::object(handler),
                &[Value::object(target), this, Value::object(array)],
            )
        })
    }

    /// ECMA-262 10.5.13 [[Construct]].
    pub(super) fn proxy_construct(
        &mut self,
        o: ObjectRef,
        args: &[Value],
        new_target: Value,
    ) -> JsResult<Value> {
        self.proxy_step(|vm| {
            let (target, handler, trap) = vm.proxy_trap(o, "construct")?;
            let Some(trap) = trap else {
                return vm.construct_with(Value::object(target), args, new_target);
            };
            let array = vm.new_array(args.to_vec());
            let result = vm.call(
                trap,
                Value::object(handler),
                &[Value::object(target), Value::object(array), new_target],
            )?;
            if !result.is_object() {
                return vm.proxy_invariant("construct", "trap returned non-object");
            }
            Ok(result)
        })
    }

    /// ECMA-262 7.2.2 IsArray: sees through proxies; a revoked proxy throws.
    pub fn is_array(&mut self, v: Value) -> JsResult<bool> {
        let Some(mut o) = v.as_object() else {
            return Ok(false);
        };
        loop {
            match self.heap.object(o).kind {
                ObjectKind::Array { .. } => return Ok(true),
                ObjectKind::Proxy {
                    target: Some(t), ..
                } => o = t,
                ObjectKind::Proxy { target: None, .. } => {
                    return self
                        .type_error("Cannot perform 'IsArray' on a proxy that has been revoked")
                }
                _ => return Ok(false),
            }
        }
    }

    /// ECMA-262 10.5.14 ProxyCreate(target, handler).
    pub fn proxy_create(&mut self, target: Value, handler: Value) -> JsResult<ObjectRef> {
        let (Some(t), Some(h)) = (target.as_object(), handler.as_object()) else {
            return self.type_error("Cannot create proxy with a non-object as target or handler");
        };
        let callable = self.is_callable(t);
        let constructor = self.is_constructor(t);
        let mut object = crate::runtime::object::Object::new(
            None,
            ObjectKind::Proxy {
                target: Some(t),
                handler: Some(h),
                callable,
                constructor,
            },
        );
        object.props = crate::runtime::object::Props::Dictionary(Box::default());
        Ok(self.alloc_object(object))
    }
}
