//! The Error family (ECMA-262 20.5).

use super::arg;
use crate::runtime::object::ObjectKind;
use crate::runtime::property::Attrs;
use crate::runtime::Value;
use crate::vm::realm::ErrorKind;
use crate::vm::{JsResult, Vm};

/// `Error.stackTraceLimit` to begin with (V8's, and node's, default): the frames an error's
/// `stack` lists (`Vm::stack_trace`).
pub const STACK_TRACE_LIMIT: usize = 10;

pub fn install(vm: &mut Vm) {
    // The Error family.
    for kind in ErrorKind::ALL {
        let proto = vm.realm.error_prototypes[kind as usize];
        let c = vm.define_constructor(
            kind.name(),
            1,
            error_constructor,
            proto,
            Value::int(kind as i32),
        );
        if kind == ErrorKind::Error {
            // V8's extension, which node programs read and set (writable, enumerable,
            // configurable there).
            let limit = Value::int(STACK_TRACE_LIMIT as i32);
            vm.define_value(c, "stackTraceLimit", limit, Attrs::DEFAULT);
            vm.realm.error_constructor = Value::object(c);
        }
        let name = Value::string(vm.heap.intern(kind.name()));
        vm.define_value(proto, "name", name, Attrs::HIDDEN);
        let empty = Value::string(vm.heap.intern(""));
        vm.define_value(proto, "message", empty, Attrs::HIDDEN);
    }

    let error_prototype = vm.realm.error_prototypes[ErrorKind::Error as usize];
    vm.define_method(error_prototype, "toString", 0, |vm, this, _| {
        // ECMA-262 20.5.3.4 step 2.
        if !this.is_object() {
            return vm.type_error("Error.prototype.toString requires that 'this' be an Object");
        }
        let name_key = vm.key("name");
        let message_key = vm.key("message");
        let name = vm.get_value(this, name_key)?;
        let name = if name.is_undefined() {
            "Error".to_string()
        } else {
            vm.to_rust_string(name)?
        };
        let message = vm.get_value(this, message_key)?;
        let message = if message.is_undefined() {
            String::new()
        } else {
            vm.to_rust_string(message)?
        };
        let text = match (name.is_empty(), message.is_empty()) {
            (_, true) => name,
            (true, false) => message,
            (false, false) => format!("{name}: {message}"),
        };
        Ok(Value::string(vm.alloc_str(&text)))
    });
}

fn error_constructor(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let callee = vm.native_callee;
    let kind = match callee.as_object().map(|o| &vm.heap.object(o).kind) {
        Some(ObjectKind::Native(n)) => ErrorKind::from_index(n.data.as_int().unwrap_or(4) as u32),
        _ => ErrorKind::Error,
    };
    // ECMA-262 20.5.1.1 step 2: OrdinaryCreateFromConstructor before the message is converted.
    let default = vm.realm.error_prototypes[kind as usize];
    let proto = vm.native_prototype_from_new_target(default)?;
    vm.root(Value::object(proto));
    let message = if arg(args, 0).is_undefined() {
        String::new()
    } else {
        vm.to_rust_string(arg(args, 0))?
    };
    let error = vm.make_error(kind, &message);
    if let Some(o) = error.as_object() {
        vm.heap.object_mut(o).proto = Some(proto);
    }
    if message.is_empty() {
        let key = vm.key("message");
        if let Some(o) = error.as_object() {
            vm.delete_property(o, key)?;
        }
    }
    let options = arg(args, 1);
    if let Some(o) = options.as_object() {
        let cause = vm.key("cause");
        if vm.has_property(o, cause)? {
            let value = vm.get_value(options, cause)?;
            vm.define_own(
                error.as_object().expect("error"),
                cause,
                value,
                Attrs::HIDDEN,
            );
        }
    }
    Ok(error)
}
