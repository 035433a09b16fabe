//! Host-defined globals for test262 (`kestrel --test262-host`, the test262 runner): `$262` with
//! `global`, `createRealm`, `evalScript`, `gc` and `detachArrayBuffer` (absent until ArrayBuffer
//! exists). See test262's INTERPRETING.md.

use super::arg;
use crate::bytecode::Source;
use crate::runtime::property::Attrs;
use crate::runtime::value::ObjectRef;
use crate::runtime::Value;
use crate::vm::realm::ErrorKind;
use crate::vm::{JsResult, Vm};
use std::rc::Rc;

/// Install `$262` on the current realm's global object; returns it. Its methods belong to that
/// realm, so `evalScript` runs scripts there.
pub fn install_test262_host(vm: &mut Vm) -> ObjectRef {
    let host = vm.new_object();
    let global = vm.realm.global;
    vm.define_value(host, "global", Value::object(global), Attrs::HIDDEN);
    vm.define_method(host, "createRealm", 0, create_realm);
    vm.define_method(host, "evalScript", 1, eval_script);
    vm.define_method(host, "gc", 0, |vm, _, _| {
        vm.collect_garbage();
        Ok(Value::UNDEFINED)
    });
    vm.define_value(global, "$262", Value::object(host), Attrs::HIDDEN);
    host
}

/// How many realms `$262.createRealm()` may make in one engine.
const MAX_REALMS: usize = 1000;

/// `$262.createRealm()`: a new realm with every built-in and its own `$262`, which it returns.
fn create_realm(vm: &mut Vm, _this: Value, _args: &[Value]) -> JsResult<Value> {
    // Realms are never collected: a bound keeps a runaway loop from exhausting memory.
    if vm.realm_count() >= MAX_REALMS {
        return vm.throw(ErrorKind::RangeError, "Too many realms");
    }
    let realm = vm.create_realm();
    let previous = vm.realm_id;
    vm.switch_realm(realm);
    let host = install_test262_host(vm);
    vm.switch_realm(previous);
    Ok(Value::object(host))
}

/// `$262.evalScript(source)`: run `source` as a new script in this realm; its completion value.
fn eval_script(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let text = vm.to_rust_string(arg(args, 0))?;
    let parsed = match crate::syntax::parse(&text, crate::syntax::Goal::Script) {
        Ok(p) => p,
        Err(e) => return vm.throw(ErrorKind::SyntaxError, e.message),
    };
    let source = Rc::new(Source::new("evalScript", text));
    let template = match crate::compiler::compile_script(&parsed, source, &mut vm.heap) {
        Ok(t) => t,
        Err(e) => {
            return vm.throw(
                ErrorKind::SyntaxError,
                format!("{} (not supported yet)", e.message),
            )
        }
    };
    vm.run_script(template)
}
