//! The `Proxy` constructor and `Proxy.revocable` (ECMA-262 28.2). The exotic object itself is in
//! `vm/proxy.rs`.

use super::arg;
use crate::runtime::object::ObjectKind;
use crate::runtime::property::Attrs;
use crate::runtime::Value;
use crate::vm::{JsResult, Vm};

pub fn install(vm: &mut Vm) {
    // ECMA-262 28.2.1: Proxy has no `prototype` property.
    let proxy = vm.native_function("Proxy", 2, proxy_constructor, true, Value::UNDEFINED);
    let global = vm.realm.global;
    vm.define_value(global, "Proxy", Value::object(proxy), Attrs::HIDDEN);
    vm.define_method(proxy, "revocable", 2, proxy_revocable);
}

/// ECMA-262 28.2.1.1 Proxy(target, handler).
fn proxy_constructor(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    if vm.native_new_target.is_undefined() {
        return vm.type_error("Constructor Proxy requires 'new'");
    }
    let p = vm.proxy_create(arg(args, 0), arg(args, 1))?;
    Ok(Value::object(p))
}

/// ECMA-262 28.2.2.1 Proxy.revocable(target, handler).
fn proxy_revocable(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let p = vm.proxy_create(arg(args, 0), arg(args, 1))?;
    // The revoker's [[RevocableProxy]] is its `data`.
    let revoke = vm.native_function("", 0, revoke_proxy, false, Value::object(p));
    let result = vm.new_object();
    let proxy_key = vm.key("proxy");
    vm.create_data_property_or_throw(result, proxy_key, Value::object(p))?;
    let revoke_key = vm.key("revoke");
    vm.create_data_property_or_throw(result, revoke_key, Value::object(revoke))?;
    Ok(Value::object(result))
}

/// ECMA-262 28.2.2.1.1 Proxy Revocation Functions.
fn revoke_proxy(vm: &mut Vm, _this: Value, _args: &[Value]) -> JsResult<Value> {
    let Some(f) = vm.native_callee.as_object() else {
        return Ok(Value::UNDEFINED);
    };
    let p = match &mut vm.heap.object_mut(f).kind {
        ObjectKind::Native(n) => std::mem::replace(&mut n.data, Value::NULL),
        _ => Value::NULL,
    };
    if let Some(p) = p.as_object() {
        if let ObjectKind::Proxy {
            target, handler, ..
        } = &mut vm.heap.object_mut(p).kind
        {
            *target = None;
            *handler = None;
        }
    }
    Ok(Value::UNDEFINED)
}
