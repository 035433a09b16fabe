//! `Function.prototype` (ECMA-262 20.2).

use super::{arg, array_like_to_vec};
use crate::runtime::object::{Object, ObjectKind};
use crate::runtime::Value;
use crate::vm::Vm;

pub fn install(vm: &mut Vm) {
    // Function
    let function_prototype = vm.realm.function_prototype;
    vm.define_method(function_prototype, "call", 1, |vm, this, args| {
        let rest = if args.is_empty() { &[][..] } else { &args[1..] };
        vm.call(this, arg(args, 0), rest)
    });
    vm.define_method(function_prototype, "apply", 2, |vm, this, args| {
        let list = arg(args, 1);
        let values = if list.is_nullish() {
            Vec::new()
        } else {
            array_like_to_vec(vm, list)?
        };
        vm.call(this, arg(args, 0), &values)
    });
    vm.define_method(function_prototype, "bind", 1, |vm, this, args| {
        let Some(target) = this.as_object().filter(|&t| vm.is_callable(t)) else {
            return vm.type_error("Bind must be called on a function");
        };
        let bound_args: Box<[Value]> = args.iter().skip(1).copied().collect();
        let proto = vm.heap.object(target).proto;
        let f = vm.alloc_object(Object::new(
            proto,
            ObjectKind::Bound {
                target,
                this: arg(args, 0),
                args: bound_args,
            },
        ));
        Ok(Value::object(f))
    });
}
