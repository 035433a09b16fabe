//! `eval` (ECMA-262 19.2.1). Indirect eval runs the code as a new global script (PerformEval with
//! `direct = false`); a direct `eval(...)` call, which must see the caller's scope, is compiled to
//! `CallDirectEval` and runs in the caller's scope (`vm/scope.rs`).

use super::arg;
use crate::bytecode::Source;
use crate::runtime::Value;
use crate::vm::realm::ErrorKind;
use crate::vm::{JsResult, Vm};
use std::rc::Rc;

pub fn install(vm: &mut Vm) {
    let global = vm.realm.global;
    let eval = vm.define_method(global, "eval", 1, indirect_eval);
    vm.realm.eval = Value::object(eval);
}

/// PerformEval(x, strictCaller = false, direct = false): non-strings are returned as they are.
fn indirect_eval(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let x = arg(args, 0);
    let Some(s) = x.as_string() else { return Ok(x) };
    let text = vm.heap.to_rust_string(s);
    let parsed = match crate::syntax::parse(&text, crate::syntax::Goal::Script) {
        Ok(p) => p,
        Err(e) => return vm.throw(ErrorKind::SyntaxError, e.message),
    };
    let source = Rc::new(Source::new("eval", text));
    let template = match crate::compiler::compile_script(&parsed, source, &mut vm.heap) {
        Ok(t) => t,
        Err(e) => {
            return vm.throw(
                ErrorKind::Error,
                format!("{} is not supported yet", e.message),
            )
        }
    };
    vm.run_script(template)
}
