//! The generator and async function intrinsics (ECMA-262 27.3–27.7): %GeneratorFunction%,
//! %AsyncFunction%, %AsyncGeneratorFunction% and their prototypes, %GeneratorPrototype% with
//! `next`/`return`/`throw`, and %AsyncIteratorPrototype%. None of the constructors is a global;
//! they are reached through the prototypes (`Object.getPrototypeOf(function* () {}).constructor`).
//!
//! The resumption machinery lives in vm/coroutine.rs.

use super::arg;
use crate::bytecode::CoroutineKind;
use crate::runtime::coroutine::ResumeMode;
use crate::runtime::property::{Attrs, PropertyKey};
use crate::runtime::value::ObjectRef;
use crate::runtime::Value;
use crate::vm::Vm;

pub fn install(vm: &mut Vm) {
    let intrinsics = vm.realm.coroutines;
    let function = vm.key("Function");
    let global = vm.realm.global;
    let function_constructor = match vm.get_own(global, function) {
        Some(crate::vm::property::Own::Data(v, _)) => v.as_object(),
        _ => None,
    };

    // %GeneratorFunction% and %GeneratorPrototype% (27.3, 27.5).
    install_kind(
        vm,
        "GeneratorFunction",
        |vm, _, args| {
            super::function::create_dynamic_function(vm, args, Some(CoroutineKind::Generator))
        },
        intrinsics.generator_function_prototype,
        Some((intrinsics.generator_prototype, "Generator")),
        function_constructor,
    );
    let generator_prototype = intrinsics.generator_prototype;
    vm.define_method(generator_prototype, "next", 1, |vm, this, args| {
        vm.generator_resume(
            this,
            ResumeMode::Next,
            arg(args, 0),
            "Generator.prototype.next",
        )
    });
    vm.define_method(generator_prototype, "return", 1, |vm, this, args| {
        vm.generator_resume(
            this,
            ResumeMode::Return,
            arg(args, 0),
            "Generator.prototype.return",
        )
    });
    vm.define_method(generator_prototype, "throw", 1, |vm, this, args| {
        vm.generator_resume(
            this,
            ResumeMode::Throw,
            arg(args, 0),
            "Generator.prototype.throw",
        )
    });

    // %AsyncFunction% (27.7).
    install_kind(
        vm,
        "AsyncFunction",
        |vm, _, args| {
            super::function::create_dynamic_function(vm, args, Some(CoroutineKind::Async))
        },
        intrinsics.async_function_prototype,
        None,
        function_constructor,
    );

    // %AsyncGeneratorFunction% and %AsyncGeneratorPrototype% (27.4, 27.6).
    install_kind(
        vm,
        "AsyncGeneratorFunction",
        |vm, _, args| {
            super::function::create_dynamic_function(vm, args, Some(CoroutineKind::AsyncGenerator))
        },
        intrinsics.async_generator_function_prototype,
        Some((intrinsics.async_generator_prototype, "AsyncGenerator")),
        function_constructor,
    );

    // %AsyncIteratorPrototype%[@@asyncIterator]() returns this (27.1.3.1).
    let async_iterator = vm.realm.symbols.async_iterator;
    let f = vm.native_function(
        "[Symbol.asyncIterator]",
        0,
        |_, this, _| Ok(this),
        false,
        Value::UNDEFINED,
    );
    vm.define_own(
        intrinsics.async_iterator_prototype,
        PropertyKey::Symbol(async_iterator),
        Value::object(f),
        Attrs::HIDDEN,
    );
}

/// One coroutine function kind: its constructor `name` (a subclass of `Function`, not a global),
/// the prototype of its functions, and — for generators — the prototype of what they create
/// with its @@toStringTag.
fn install_kind(
    vm: &mut Vm,
    name: &str,
    call: crate::runtime::NativeFn,
    function_prototype: ObjectRef,
    instances: Option<(ObjectRef, &str)>,
    function_constructor: Option<ObjectRef>,
) {
    let constructor = vm.native_function(name, 1, call, true, Value::UNDEFINED);
    vm.realm.constructor_prototypes.push(function_prototype);
    // The constructor inherits from %Function% (27.3.2); its `prototype` is fixed.
    if let Some(f) = function_constructor {
        vm.heap.object_mut(constructor).proto = Some(f);
    }
    vm.define_value(
        constructor,
        "prototype",
        Value::object(function_prototype),
        Attrs::FROZEN,
    );
    let configurable = Attrs::new(Attrs::CONFIGURABLE);
    vm.define_value(
        function_prototype,
        "constructor",
        Value::object(constructor),
        configurable,
    );
    let tag = PropertyKey::Symbol(vm.realm.symbols.to_string_tag);
    let name_value = Value::string(vm.heap.intern(name));
    vm.define_own(function_prototype, tag, name_value, configurable);
    if let Some((instance_prototype, instance_tag)) = instances {
        vm.define_value(
            function_prototype,
            "prototype",
            Value::object(instance_prototype),
            configurable,
        );
        vm.define_value(
            instance_prototype,
            "constructor",
            Value::object(function_prototype),
            configurable,
        );
        let tag_value = Value::string(vm.heap.intern(instance_tag));
        vm.define_own(instance_prototype, tag, tag_value, configurable);
    }
}
