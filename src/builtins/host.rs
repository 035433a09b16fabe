//! Host-defined globals for test262 (`kestrel --test262-host`, the test262 runner): `$262` with
//! `global`, `evalScript`, `gc` and `detachArrayBuffer` (absent until ArrayBuffer exists).
//! See test262's INTERPRETING.md.

use super::arg;
use crate::bytecode::Source;
use crate::runtime::property::Attrs;
use crate::runtime::Value;
use crate::vm::realm::ErrorKind;
use crate::vm::{JsResult, Vm};
use std::rc::Rc;

pub fn install_test262_host(vm: &mut Vm) {
    let host = vm.new_object();
    let global = vm.realm.global;
    vm.define_value(host, "global", Value::object(global), Attrs::HIDDEN);
    vm.define_method(host, "evalScript", 1, eval_script);
    vm.define_method(host, "gc", 0, |vm, _, _| {
        vm.collect_garbage();
        Ok(Value::UNDEFINED)
    });
    vm.define_value(global, "$262", Value::object(host), Attrs::HIDDEN);
}

/// `$262.evalScript(source)`: run `source` as a new script in this realm; its completion value.
fn eval_script(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let text = vm.to_rust_string(arg(args, 0))?;
    let parsed = match crate::syntax::parse(&text, crate::syntax::Goal::Script) {
        Ok(p) => p,
        Err(e) => return vm.throw(ErrorKind::SyntaxError, e.message),
    };
    let source = Rc::new(Source {
        name: "evalScript".into(),
        text,
    });
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
