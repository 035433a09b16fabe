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
use crate::vm::{JsResult, Throw, Vm};

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

    let async_generator_prototype = intrinsics.async_generator_prototype;
    vm.define_method(async_generator_prototype, "next", 1, |vm, this, args| {
        vm.async_generator_enqueue(this, ResumeMode::Next, arg(args, 0))
    });
    vm.define_method(async_generator_prototype, "return", 1, |vm, this, args| {
        vm.async_generator_enqueue(this, ResumeMode::Return, arg(args, 0))
    });
    vm.define_method(async_generator_prototype, "throw", 1, |vm, this, args| {
        vm.async_generator_enqueue(this, ResumeMode::Throw, arg(args, 0))
    });

    install_async_from_sync(vm);

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

/// ECMA-262 27.1.6.1 CreateAsyncFromSyncIterator: an async iterator over a sync one, whose
/// results' values are awaited; returns it and its `next`.
pub fn create_async_from_sync_iterator(
    vm: &mut Vm,
    iterator: Value,
    next: Value,
) -> (Value, Value) {
    let proto = vm.realm.coroutines.async_from_sync_iterator_prototype;
    let o = vm.alloc_object(crate::runtime::object::Object::new(
        Some(proto),
        crate::runtime::object::ObjectKind::AsyncFromSyncIterator { iterator, next },
    ));
    let key = vm.key("next");
    let next_method = match vm.get_own(proto, key) {
        Some(crate::vm::property::Own::Data(v, _)) => v,
        _ => Value::UNDEFINED,
    };
    (Value::object(o), next_method)
}

/// %AsyncFromSyncIteratorPrototype% (27.1.6.2): `next`, `return`, `throw`.
pub(crate) fn install_async_from_sync(vm: &mut Vm) {
    let proto = vm.realm.coroutines.async_from_sync_iterator_prototype;
    vm.define_method(proto, "next", 1, |vm, this, args| {
        async_from_sync_method(vm, this, args, ResumeMode::Next)
    });
    vm.define_method(proto, "return", 1, |vm, this, args| {
        async_from_sync_method(vm, this, args, ResumeMode::Return)
    });
    vm.define_method(proto, "throw", 1, |vm, this, args| {
        async_from_sync_method(vm, this, args, ResumeMode::Throw)
    });
}

/// The three methods of %AsyncFromSyncIteratorPrototype%: call the sync iterator, and answer
/// with a promise of its result whose value is awaited. Errors reject the promise
/// (IfAbruptRejectPromise); terminations propagate.
fn async_from_sync_method(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    mode: ResumeMode,
) -> JsResult<Value> {
    use crate::runtime::object::ObjectKind;
    let constructor = vm.realm.promise_constructor;
    let capability = vm.new_promise_capability(constructor)?;
    vm.root(capability.promise);
    let (iterator, next) = match this.as_object().map(|o| &vm.heap.object(o).kind) {
        Some(&ObjectKind::AsyncFromSyncIterator { iterator, next }) => (iterator, next),
        _ => {
            let error = vm.make_error(
                crate::vm::realm::ErrorKind::TypeError,
                "not an async-from-sync iterator",
            );
            vm.capability_reject(capability, error)?;
            return Ok(capability.promise);
        }
    };
    let value = arg(args, 0);
    let outcome: JsResult<Option<(Value, bool)>> = (|| match mode {
        ResumeMode::Next => {
            let args: &[Value] = if args.is_empty() { &[] } else { &args[..1] };
            Ok(Some((vm.call(next, iterator, args)?, true)))
        }
        ResumeMode::Return => {
            let method = vm.get_method(iterator, "return")?;
            if method.is_undefined() {
                return Ok(None);
            }
            let args: &[Value] = if args.is_empty() { &[] } else { &args[..1] };
            let result = vm.call(method, iterator, args)?;
            if !result.is_object() {
                return vm.type_error("The iterator's return result is not an object");
            }
            Ok(Some((result, false)))
        }
        ResumeMode::Throw => {
            let method = vm.get_method(iterator, "throw")?;
            if method.is_undefined() {
                // Close the sync iterator, then reject: it cannot take the exception.
                vm.iterator_close(iterator)?;
                return vm.type_error("The iterator does not provide a 'throw' method");
            }
            let result = vm.call(method, iterator, &[value])?;
            if !result.is_object() {
                return vm.type_error("The iterator's throw result is not an object");
            }
            Ok(Some((result, true)))
        }
    })();
    match outcome {
        Ok(Some((result, close_on_rejection))) => {
            async_from_sync_continuation(vm, result, capability, iterator, close_on_rejection)?
        }
        Ok(None) => {
            let result = super::iterator_result(vm, value, true)?;
            vm.capability_resolve(capability, result)?;
        }
        Err(Throw::Exception(e)) => vm.capability_reject(capability, e)?,
        Err(t) => return Err(t),
    }
    Ok(capability.promise)
}

/// ECMA-262 27.1.6.4 AsyncFromSyncIteratorContinuation.
fn async_from_sync_continuation(
    vm: &mut Vm,
    result: Value,
    capability: crate::builtins::promise::PromiseCapability,
    iterator: Value,
    close_on_rejection: bool,
) -> JsResult<()> {
    vm.root(result);
    let step = (|| -> JsResult<(bool, ObjectRef)> {
        let done_key = vm.key("done");
        let done = vm.get_value(result, done_key)?;
        let done = vm.to_boolean(done);
        let value_key = vm.key("value");
        let value = vm.get_value(result, value_key)?;
        let constructor = vm.realm.promise_constructor;
        match vm.promise_resolve(constructor, value) {
            Ok(p) => Ok((done, p)),
            Err(Throw::Exception(e)) if !done && close_on_rejection => {
                // valueWrapper = IteratorClose(syncIteratorRecord, valueWrapper).
                if let Ok(m) = vm.get_method(iterator, "return") {
                    if !m.is_undefined() {
                        if let Err(t @ Throw::Termination(_)) = vm.call(m, iterator, &[]) {
                            return Err(t);
                        }
                    }
                }
                Err(Throw::Exception(e))
            }
            Err(t) => Err(t),
        }
    })();
    let (done, wrapper) = match step {
        Ok(v) => v,
        Err(Throw::Exception(e)) => return vm.capability_reject(capability, e),
        Err(t) => return Err(t),
    };
    vm.root(Value::object(wrapper));
    let on_fulfilled = crate::builtins::promise::native_with_data(
        vm,
        "",
        1,
        |vm, _, args| {
            let done = vm.native_data().as_boolean().unwrap_or(false);
            super::iterator_result(vm, arg(args, 0), done)
        },
        Value::boolean(done),
    );
    let on_rejected = if done || !close_on_rejection {
        Value::UNDEFINED
    } else {
        // Close the sync iterator, then pass the rejection on.
        let f = crate::builtins::promise::native_with_data(
            vm,
            "",
            1,
            |vm, _, args| {
                let iterator = vm.native_data();
                if let Ok(m) = vm.get_method(iterator, "return") {
                    if !m.is_undefined() {
                        if let Err(t @ Throw::Termination(_)) = vm.call(m, iterator, &[]) {
                            return Err(t);
                        }
                    }
                }
                Err(Throw::Exception(arg(args, 0)))
            },
            iterator,
        );
        Value::object(f)
    };
    vm.perform_promise_then(
        wrapper,
        Value::object(on_fulfilled),
        on_rejected,
        Some(capability),
    );
    Ok(())
}
