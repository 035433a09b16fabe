//! The global functions: `parseInt`, `parseFloat`, `isNaN` (ECMA-262 19.2).

use super::arg;
use crate::runtime::number;
use crate::runtime::Value;
use crate::vm::Vm;

pub fn install(vm: &mut Vm) {
    let global = vm.realm.global;
    // Global functions
    vm.define_method(global, "parseInt", 2, |vm, _, args| {
        let s = vm.to_string(arg(args, 0))?;
        let mut units = Vec::new();
        vm.heap.flat(s).push_to(&mut units);
        let radix = number::to_int32(vm.to_number(arg(args, 1))?);
        Ok(Value::number(number::parse_int(&units, radix)))
    });
    vm.define_method(global, "parseFloat", 1, |vm, _, args| {
        let s = vm.to_string(arg(args, 0))?;
        let mut units = Vec::new();
        vm.heap.flat(s).push_to(&mut units);
        Ok(Value::number(number::parse_float(&units)))
    });
    vm.define_method(global, "isNaN", 1, |vm, _, args| {
        Ok(Value::boolean(vm.to_number(arg(args, 0))?.is_nan()))
    });
}
