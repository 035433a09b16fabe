//! Suspending and resuming frames: the interpreter side of generators and async functions.
//!
//! A coroutine's frame runs on the call stack like any other. At `CreateGenerator`, `Yield` and
//! `Await` it is taken off the stack — its registers copied into the coroutine object
//! (runtime/coroutine.rs) — and the value is handed to whoever was waiting: the caller at the
//! first suspension, the `next`/`throw`/`return` call or promise job that resumed it afterwards.
//! Resuming pushes the frame back as an entry frame and runs it in a nested `run`, as any call
//! from Rust does; the resumer then reads the coroutine's state to tell a suspension from a
//! completion.

use super::interpreter::Flow;
use super::realm::ErrorKind;
use super::{Frame, JsResult, Throw, Vm, MAX_FRAMES, MAX_NATIVE_DEPTH};
use crate::bytecode::CoroutineKind;
use crate::runtime::coroutine::{Coroutine, CoroutineState, ResumeMode, SuspendedFrame};
use crate::runtime::object::{Object, ObjectKind};
use crate::runtime::property::PropertyKey;
use crate::runtime::value::ObjectRef;
use crate::runtime::Value;

impl Vm {
    /// The coroutine state of `o`, if it is a coroutine object.
    pub(crate) fn coroutine(&self, o: ObjectRef) -> Option<&Coroutine> {
        match &self.heap.object(o).kind {
            ObjectKind::Coroutine(c) => Some(c),
            _ => None,
        }
    }

    pub(crate) fn coroutine_mut(&mut self, o: ObjectRef) -> &mut Coroutine {
        match &mut self.heap.object_mut(o).kind {
            ObjectKind::Coroutine(c) => c,
            _ => panic!("not a coroutine object"),
        }
    }

    /// A new coroutine object of `kind` with prototype `proto`.
    pub(crate) fn new_coroutine(
        &mut self,
        kind: CoroutineKind,
        proto: Option<ObjectRef>,
    ) -> ObjectRef {
        self.alloc_object(Object::new(
            proto,
            ObjectKind::Coroutine(Box::new(Coroutine::new(kind))),
        ))
    }

    /// `CreateGenerator`: ECMA-262 15.5.2 EvaluateGeneratorBody steps 2-5 (and 15.6.2 for async
    /// generators): OrdinaryCreateFromConstructor(functionObject, "%GeneratorPrototype%"), then
    /// suspend the frame in it and return it.
    pub(super) fn create_generator(&mut self, r: u32) -> JsResult<Flow> {
        let frame = self.frames.last().expect("frame");
        let (callee, kind) = (frame.callee, frame.template.coroutine.expect("a generator"));
        let key = PropertyKey::String(self.realm.names.prototype);
        let proto = match self.get_value(callee, key)?.as_object() {
            Some(p) => p,
            // GetPrototypeFromConstructor step 4: the intrinsic of the function's realm.
            None => {
                let intrinsic = match kind {
                    CoroutineKind::AsyncGenerator => {
                        self.realm.coroutines.async_generator_prototype
                    }
                    _ => self.realm.coroutines.generator_prototype,
                };
                let realm = match callee.as_object() {
                    Some(f) => self.function_realm(f)?,
                    None => self.realm_id,
                };
                self.intrinsic_in_realm(intrinsic, realm)
            }
        };
        let generator = self.new_coroutine(kind, Some(proto));
        let base = self.frames.last().expect("frame").base;
        self.registers[base + r as usize] = Value::object(generator);
        Ok(self.suspend(
            generator,
            None,
            CoroutineState::SuspendedStart,
            Value::object(generator),
        ))
    }

    /// `CreateAsyncFunction`: the state of this call of an async function, with the promise the
    /// call returns (ECMA-262 15.8.4 EvaluateAsyncFunctionBody step 1).
    pub(super) fn create_async_function(&mut self, r: u32) -> JsResult<()> {
        let state = self.new_coroutine(CoroutineKind::Async, None);
        let base = self.frames.last().expect("frame").base;
        self.registers[base + r as usize] = Value::object(state);
        self.type_error("async functions are not supported yet")
    }

    /// Take the running frame off the stack into `coroutine` (in `state`) and hand `value` to its
    /// caller or resumer. `mode_register` receives the resumption mode.
    pub(super) fn suspend(
        &mut self,
        coroutine: ObjectRef,
        mode_register: Option<u32>,
        state: CoroutineState,
        value: Value,
    ) -> Flow {
        let frame = self.frames.pop().expect("frame");
        let registers: Box<[Value]> = self.registers[frame.base..].into();
        self.registers.truncate(frame.base);
        let entry = frame.entry;
        let c = self.coroutine_mut(coroutine);
        c.state = state;
        c.frame = Some(SuspendedFrame {
            template: frame.template,
            pc: frame.pc,
            this: frame.this,
            callee: frame.callee,
            new_target: frame.new_target,
            context: frame.context,
            context_depth: frame.context_depth,
            realm: frame.realm,
            registers,
            mode_register,
        });
        self.return_to_caller(entry, value)
    }

    /// After the running frame was popped: an entry frame ends its `run` with `value`; otherwise the
    /// caller goes on with `value` in its accumulator, in its own realm.
    pub(super) fn return_to_caller(&mut self, entry: bool, value: Value) -> Flow {
        if entry {
            return Flow::Return(value);
        }
        let caller = self.frames.last_mut().expect("caller");
        caller.acc = value;
        let realm = caller.realm;
        if realm != self.realm_id {
            self.switch_realm(realm);
        }
        Flow::FrameChanged
    }

    /// Resume the suspended `coroutine` with `mode` and `value` and run it until it suspends again
    /// or completes: `Ok(v)` with what it yielded, awaited on or returned (its state says which),
    /// `Err` with what it threw (it is then completed).
    pub(crate) fn resume(
        &mut self,
        coroutine: ObjectRef,
        mode: ResumeMode,
        value: Value,
    ) -> JsResult<Value> {
        if self.native_depth >= MAX_NATIVE_DEPTH || self.frames.len() >= MAX_FRAMES {
            return self.throw(ErrorKind::RangeError, "Maximum call stack size exceeded");
        }
        let c = self.coroutine_mut(coroutine);
        let Some(saved) = c.frame.take() else {
            panic!("resuming a coroutine that is not suspended");
        };
        c.state = CoroutineState::Executing;
        self.native_depth += 1;
        let roots = self.roots.len();
        let caller_realm = self.realm_id;
        if saved.realm != self.realm_id {
            self.switch_realm(saved.realm);
        }
        let base = self.registers.len();
        self.registers.extend_from_slice(&saved.registers);
        if let Some(r) = saved.mode_register {
            self.registers[base + r as usize] = Value::int(mode as i32);
        }
        self.frames.push(Frame {
            template: saved.template,
            pc: saved.pc,
            acc: value,
            this: saved.this,
            callee: saved.callee,
            new_target: saved.new_target,
            base,
            context: saved.context,
            context_depth: saved.context_depth,
            construct_result: None,
            entry: true,
            realm: saved.realm,
        });
        let result = crate::util::stack::ensure(|| self.run());
        self.switch_realm(caller_realm);
        self.roots.truncate(roots);
        self.native_depth -= 1;
        let c = self.coroutine_mut(coroutine);
        if result.is_err() || c.state == CoroutineState::Executing {
            c.state = CoroutineState::Completed;
        }
        if let Ok(v) = result {
            self.roots.push(v);
        }
        result
    }

    /// `YieldStar`: one step of `yield*` in a generator (ECMA-262 15.5.5 step 7.a-c). `acc` is the
    /// value received; returns the inner result to yield, or (`Err(Ok(..))`) the final value and
    /// whether the generator returns it.
    pub(super) fn yield_star_step(
        &mut self,
        iterator: Value,
        next: Value,
        mode: i32,
        received: Value,
    ) -> JsResult<Result<Value, (Value, bool)>> {
        let inner = match mode {
            0 => self.call(next, iterator, &[received])?,
            1 => {
                let throw = self.get_method(iterator, "throw")?;
                if throw.is_undefined() {
                    // The iterator has no `throw`: close it, then complain (step 7.b.iii).
                    self.iterator_close(iterator)?;
                    return self.type_error("The iterator does not provide a 'throw' method");
                }
                self.call(throw, iterator, &[received])?
            }
            _ => {
                let ret = self.get_method(iterator, "return")?;
                if ret.is_undefined() {
                    return Ok(Err((received, true)));
                }
                self.call(ret, iterator, &[received])?
            }
        };
        if !inner.is_object() {
            let shown = self.describe_for_error(inner);
            return self.type_error(format!("Iterator result {shown} is not an object"));
        }
        self.root(inner);
        let done_key = self.key("done");
        let done = self.get_value(inner, done_key)?;
        if self.to_boolean(done) {
            let value_key = self.key("value");
            let value = self.get_value(inner, value_key)?;
            return Ok(Err((value, mode == 2)));
        }
        Ok(Ok(inner))
    }

    /// ECMA-262 7.3.10 GetMethod(v, name): undefined for undefined or null, a TypeError for
    /// anything else that is not callable.
    pub fn get_method(&mut self, v: Value, name: &str) -> JsResult<Value> {
        let key = self.key(name);
        let method = self.get_value(v, key)?;
        if method.is_nullish() {
            return Ok(Value::UNDEFINED);
        }
        if !method.as_object().is_some_and(|m| self.is_callable(m)) {
            let shown = self.describe_for_error(method);
            return self.type_error(format!("{shown} is not a function"));
        }
        Ok(method)
    }

    /// ECMA-262 27.5.3.3 GeneratorResume and 27.5.3.4 GeneratorResumeAbrupt: what
    /// `%GeneratorPrototype%.next/throw/return` do with `this`.
    pub fn generator_resume(
        &mut self,
        this: Value,
        mode: ResumeMode,
        value: Value,
        method: &str,
    ) -> JsResult<Value> {
        // 27.5.3.2 GeneratorValidate.
        let generator = match this.as_object() {
            Some(o) => match self.coroutine(o) {
                Some(c) if c.kind == CoroutineKind::Generator => Some((o, c.state)),
                _ => None,
            },
            None => None,
        };
        let Some((generator, state)) = generator else {
            let shown = self.describe_for_error(this);
            return self.type_error(format!(
                "{method} method called on incompatible receiver {shown}"
            ));
        };
        let state = match (state, mode) {
            (CoroutineState::Executing, _) => {
                return self.type_error("Generator is already running");
            }
            // A generator that has not started completes at once on `return` or `throw`.
            (CoroutineState::SuspendedStart, ResumeMode::Return | ResumeMode::Throw) => {
                let c = self.coroutine_mut(generator);
                c.state = CoroutineState::Completed;
                c.frame = None;
                CoroutineState::Completed
            }
            (s, _) => s,
        };
        if state == CoroutineState::Completed {
            return match mode {
                ResumeMode::Next => crate::builtins::iterator_result(self, Value::UNDEFINED, true),
                ResumeMode::Return => crate::builtins::iterator_result(self, value, true),
                ResumeMode::Throw => Err(Throw::Exception(value)),
            };
        }
        let result = self.resume(generator, mode, value)?;
        match self.coroutine(generator).map(|c| c.state) {
            // It yielded: `result` is the iterator result it made.
            Some(CoroutineState::SuspendedYield) => Ok(result),
            _ => crate::builtins::iterator_result(self, result, true),
        }
    }

    /// `Await`: ECMA-262 27.7.5.3 Await(acc) in `coroutine`, resuming with the mode in register
    /// `mode_register`.
    pub(super) fn await_value(
        &mut self,
        _coroutine: ObjectRef,
        _mode_register: u32,
    ) -> JsResult<Flow> {
        self.type_error("await is not supported yet")
    }

    /// `AsyncReturn`/`AsyncThrow`: settle the async function call's promise and return it.
    pub(super) fn async_function_end(
        &mut self,
        _state: ObjectRef,
        _value: Value,
        _threw: bool,
    ) -> JsResult<Flow> {
        self.type_error("async functions are not supported yet")
    }
}
