//! `console` and `print` (node-like formatting in `vm::inspect`).

use crate::runtime::property::Attrs;
use crate::runtime::Value;
use crate::vm::{ConsoleLevel, JsResult, Vm};

pub fn install(vm: &mut Vm) {
    let global = vm.realm.global;
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
}

fn console_print(vm: &mut Vm, level: ConsoleLevel, args: &[Value]) -> JsResult<Value> {
    let mut parts = Vec::with_capacity(args.len());
    for &a in args {
        parts.push(crate::vm::inspect::inspect(vm, a, true)?);
    }
    let line = parts.join(" ");
    (vm.console)(level, &line);
    Ok(Value::UNDEFINED)
}
