//! The host-defined globals of the event loop: `setTimeout`, `setInterval`, `clearTimeout`,
//! `clearInterval` (node's semantics: extra arguments go to the callback, a delay that is not in
//! 1..=2^31-1 ms becomes 1 ms, an interval re-arms after each run) and `queueMicrotask`.
//!
//! Timers are identified by a number (node returns a `Timeout` object; a number is what browsers
//! return and what `clearTimeout` accepts everywhere). Numeric strings are accepted too, as node.

use crate::builtins::arg;
use crate::runtime::Value;
use crate::vm::jobs::Job;
use crate::vm::{JsResult, Vm};

pub fn install(vm: &mut Vm) {
    let global = vm.realm.global;
    vm.define_method(global, "setTimeout", 1, set_timeout);
    vm.define_method(global, "setInterval", 1, set_interval);
    vm.define_method(global, "clearTimeout", 1, clear);
    vm.define_method(global, "clearInterval", 1, clear);
    vm.define_method(global, "queueMicrotask", 1, queue_microtask);
}

/// Node's ERR_INVALID_ARG_TYPE for a callback that is not a function.
fn require_function(vm: &mut Vm, f: Value) -> JsResult<()> {
    if f.as_object().is_some_and(|o| vm.is_callable(o)) {
        return Ok(());
    }
    let received = if f.is_nullish() {
        vm.describe_for_error(f)
    } else {
        let shown = crate::vm::inspect::inspect(vm, f, false)?;
        format!("type {} ({shown})", vm.type_of(f))
    };
    vm.type_error(format!(
        "The \"callback\" argument must be of type function. Received {received}"
    ))
}

fn add(vm: &mut Vm, args: &[Value], repeat: bool) -> JsResult<Value> {
    let f = arg(args, 0);
    require_function(vm, f)?;
    // node: `after *= 1; if (!(after >= 1 && after <= TIMEOUT_MAX)) after = 1`.
    let delay = vm.to_number(arg(args, 1))?;
    let delay = if (1.0..=super::TIMEOUT_MAX).contains(&delay) {
        delay
    } else {
        1.0
    };
    let extra = args.get(2..).unwrap_or(&[]).to_vec();
    let id = super::add_timer(vm, f, extra, delay, repeat);
    Ok(Value::number(id as f64))
}

fn set_timeout(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    add(vm, args, false)
}

fn set_interval(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    add(vm, args, true)
}

fn clear(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let id = arg(args, 0);
    let n = if let Some(n) = id.as_number() {
        n
    } else if id.is_string() {
        let s = vm.to_rust_string(id)?;
        s.trim().parse::<f64>().unwrap_or(f64::NAN)
    } else {
        f64::NAN
    };
    if n.is_finite() && n >= 1.0 && n.fract() == 0.0 {
        super::clear_timer(vm, n as u64);
    }
    Ok(Value::UNDEFINED)
}

fn queue_microtask(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let f = arg(args, 0);
    require_function(vm, f)?;
    vm.enqueue_job(Job::Call {
        function: f,
        args: Vec::new(),
    });
    Ok(Value::UNDEFINED)
}
