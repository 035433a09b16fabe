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
        let promise = self.new_promise();
        let c = self.coroutine_mut(state);
        c.promise = Value::object(promise);
        c.state = CoroutineState::Executing;
        Ok(())
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
        let spare = self.coroutine_mut(coroutine).spare_registers.take();
        let live = &self.registers[frame.base..];
        let registers = match spare {
            Some(mut spare) if spare.len() == live.len() => {
                spare.copy_from_slice(live);
                spare
            }
            _ => live.into(),
        };
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
        self.coroutine_mut(coroutine).spare_registers = Some(saved.registers);
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
            counted: true,
        });
        let result = crate::util::stack::ensure(|| self.run());
        self.switch_realm(caller_realm);
        self.roots.truncate(roots);
        self.native_depth -= 1;
        // Completed unless it suspended again (a frame saved) or finished itself (async generators
        // settle their requests and drain their queue when the body ends).
        let c = self.coroutine_mut(coroutine);
        if result.is_err() {
            c.state = CoroutineState::Completed;
            c.frame = None;
        } else if c.frame.is_none() && c.state == CoroutineState::Executing {
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

    /// `YieldStarCall`: the call of one `yield*` step in an async generator (ECMA-262 15.5.5 step
    /// 7, generatorKind async) before its result is awaited. Returns the result to await (with the
    /// mode, 3 once the iterator turned out to lack `throw` and is being closed), or no result
    /// when nothing is to be awaited: mode 2 (no `return`: return `received`) or 3 (no `throw`,
    /// no `return`: the TypeError).
    pub(super) fn async_yield_star_call(
        &mut self,
        iterator: Value,
        next: Value,
        mode: i32,
        received: Value,
    ) -> JsResult<(Option<Value>, i32)> {
        match mode {
            0 => Ok((Some(self.call(next, iterator, &[received])?), 0)),
            1 => {
                let throw = self.get_method(iterator, "throw")?;
                if !throw.is_undefined() {
                    return Ok((Some(self.call(throw, iterator, &[received])?), 1));
                }
                // Step 7.b.iii: AsyncIteratorClose, then the TypeError (mode 3).
                let ret = self.get_method(iterator, "return")?;
                if ret.is_undefined() {
                    return Ok((None, 3));
                }
                Ok((Some(self.call(ret, iterator, &[])?), 3))
            }
            _ => {
                let ret = self.get_method(iterator, "return")?;
                if ret.is_undefined() {
                    return Ok((None, 2));
                }
                Ok((Some(self.call(ret, iterator, &[received])?), 2))
            }
        }
    }

    /// ECMA-262 7.4.3 GetIterator(obj, async): the iterator from @@asyncIterator, else
    /// CreateAsyncFromSyncIterator of the one from @@iterator; and its `next`.
    pub(crate) fn get_async_iterator(&mut self, obj: Value) -> JsResult<(Value, Value)> {
        let key = PropertyKey::Symbol(self.realm.symbols.async_iterator);
        let method = self.get_value(obj, key)?;
        if method.is_nullish() {
            let (iterator, next) = self.get_iterator(obj)?;
            return Ok(crate::builtins::generator::create_async_from_sync_iterator(
                self, iterator, next,
            ));
        }
        if !method.as_object().is_some_and(|m| self.is_callable(m)) {
            let shown = self.describe_for_error(obj);
            return self.type_error(format!("{shown} is not async iterable"));
        }
        let iterator = self.call(method, obj, &[])?;
        if !iterator.is_object() {
            return self.type_error("Result of the Symbol.asyncIterator method is not an object");
        }
        self.root(iterator);
        let next_key = self.key("next");
        let next = self.get_value(iterator, next_key)?;
        Ok((iterator, next))
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
    /// `mode_register`: the frame waits on the heap until a promise job resumes it.
    pub(super) fn await_value(
        &mut self,
        coroutine: ObjectRef,
        mode_register: u32,
    ) -> JsResult<Flow> {
        let value = self.frames.last().expect("frame").acc;
        let constructor = self.realm.promise_constructor;
        let promise = self.promise_resolve(constructor, value)?;
        self.root(Value::object(promise));
        self.await_promise(coroutine, promise, Resumption::Settled);
        let callee = self.frames.last().expect("frame").callee;
        self.trace_await(callee, false);
        // The first suspension hands the async function's promise to its caller; a resumed frame
        // returns to the promise job that resumed it, which ignores it.
        let result = self
            .coroutine(coroutine)
            .map_or(Value::UNDEFINED, |c| c.promise);
        // An async generator stays "executing" while it awaits (27.6: next() calls only queue).
        Ok(self.suspend(
            coroutine,
            Some(mode_register),
            CoroutineState::Executing,
            result,
        ))
    }

    /// PerformPromiseThen(promise, onFulfilled, onRejected) with built-in reactions that carry the
    /// coroutine and what to do with it.
    fn await_promise(&mut self, coroutine: ObjectRef, promise: ObjectRef, how: Resumption) {
        let data = Value::object(coroutine);
        let (fulfilled, rejected): (crate::runtime::NativeFn, crate::runtime::NativeFn) = match how
        {
            Resumption::Settled => (resume_next, resume_throw),
            Resumption::Return => (resume_return, resume_throw),
            Resumption::Drain => (drain_fulfilled, drain_rejected),
        };
        self.then_native(promise, fulfilled, rejected, data);
    }

    /// `AsyncReturn`/`AsyncThrow`: the body of an async function or async generator ended with
    /// `value` (returned, or thrown when `threw`). An async function settles its promise and
    /// returns it; an async generator completes its current request and drains its queue
    /// (ECMA-262 27.7.5.2 AsyncBlockStart, 27.6.3.2 AsyncGeneratorStart step 4).
    pub(super) fn async_function_end(
        &mut self,
        state: ObjectRef,
        value: Value,
        threw: bool,
    ) -> JsResult<Flow> {
        self.root(value);
        let frame = self.frames.pop().expect("frame");
        self.registers.truncate(frame.base);
        let c = self.coroutine_mut(state);
        let (kind, promise) = (c.kind, c.promise);
        let result = if kind == CoroutineKind::AsyncGenerator {
            c.state = CoroutineState::DrainingQueue;
            self.async_generator_complete_step(state, value, threw, true)?;
            self.async_generator_drain_queue(state)?;
            Value::UNDEFINED
        } else {
            c.state = CoroutineState::Completed;
            let p = promise.as_object().expect("async function promise");
            if threw {
                self.reject_promise(p, value);
            } else {
                self.resolve_promise(p, value)?;
            }
            promise
        };
        Ok(self.return_to_caller(frame.entry, result))
    }

    /// `AsyncGeneratorYield`: ECMA-262 27.6.3.8 AsyncGeneratorYield(acc) — settle the current
    /// request with `{ value, done: false }`, then go on with the next request if one is queued
    /// (without suspending), else suspend until one comes.
    pub(super) fn async_generator_yield(
        &mut self,
        generator: ObjectRef,
        mode_register: u32,
    ) -> JsResult<Flow> {
        let value = self.frames.last().expect("frame").acc;
        self.async_generator_complete_step(generator, value, false, false)?;
        let Some(request) = self
            .coroutine(generator)
            .and_then(|c| c.queue.front().copied())
        else {
            return Ok(self.suspend(
                generator,
                Some(mode_register),
                CoroutineState::SuspendedYield,
                Value::UNDEFINED,
            ));
        };
        // 27.6.3.7 AsyncGeneratorUnwrapYieldResumption on the queued request.
        match request.mode {
            ResumeMode::Return => {
                let flow = self.suspend(
                    generator,
                    Some(mode_register),
                    CoroutineState::Executing,
                    Value::UNDEFINED,
                );
                self.async_generator_await_return_resumption(generator, request.value)?;
                Ok(flow)
            }
            mode => {
                let frame = self.frames.last_mut().expect("frame");
                frame.acc = request.value;
                let base = frame.base;
                self.registers[base + mode_register as usize] = Value::int(mode as i32);
                Ok(Flow::Next)
            }
        }
    }

    /// Resuming an async generator suspended at a `yield` with a return request: the value is
    /// awaited first (27.6.3.7 step 2), then the `yield` returns it — or throws the rejection.
    fn async_generator_await_return_resumption(
        &mut self,
        generator: ObjectRef,
        value: Value,
    ) -> JsResult<()> {
        self.coroutine_mut(generator).state = CoroutineState::Executing;
        let constructor = self.realm.promise_constructor;
        match self.promise_resolve(constructor, value) {
            Ok(promise) => {
                self.await_promise(generator, promise, Resumption::Return);
                Ok(())
            }
            Err(Throw::Exception(e)) => self.resume(generator, ResumeMode::Throw, e).map(drop),
            Err(t) => Err(t),
        }
    }

    /// ECMA-262 27.6.3.4 AsyncGeneratorCompleteStep: settle the first queued request's promise.
    fn async_generator_complete_step(
        &mut self,
        generator: ObjectRef,
        value: Value,
        threw: bool,
        done: bool,
    ) -> JsResult<()> {
        let Some(request) = self.coroutine_mut(generator).queue.pop_front() else {
            return Ok(());
        };
        let promise = request.promise.as_object().expect("request promise");
        self.root(request.promise);
        if threw {
            self.reject_promise(promise, value);
            Ok(())
        } else {
            let result = crate::builtins::iterator_result(self, value, done)?;
            self.resolve_promise(promise, result)
        }
    }

    /// ECMA-262 27.6.3.10 AsyncGeneratorDrainQueue: settle the requests queued behind a completed
    /// generator (`next` → done, `throw` → rejected, `return` → its awaited value).
    fn async_generator_drain_queue(&mut self, generator: ObjectRef) -> JsResult<()> {
        loop {
            let Some(request) = self
                .coroutine(generator)
                .and_then(|c| c.queue.front().copied())
            else {
                self.coroutine_mut(generator).state = CoroutineState::Completed;
                return Ok(());
            };
            match request.mode {
                ResumeMode::Return => return self.async_generator_await_return(generator),
                ResumeMode::Throw => {
                    self.async_generator_complete_step(generator, request.value, true, true)?
                }
                ResumeMode::Next => {
                    self.async_generator_complete_step(generator, Value::UNDEFINED, false, true)?
                }
            }
        }
    }

    /// ECMA-262 27.6.3.9 AsyncGeneratorAwaitReturn: await the value of the `return` request at
    /// the head of the queue of a finished generator, then settle it.
    fn async_generator_await_return(&mut self, generator: ObjectRef) -> JsResult<()> {
        let Some(request) = self
            .coroutine(generator)
            .and_then(|c| c.queue.front().copied())
        else {
            return Ok(());
        };
        let constructor = self.realm.promise_constructor;
        match self.promise_resolve(constructor, request.value) {
            Ok(promise) => {
                self.await_promise(generator, promise, Resumption::Drain);
                Ok(())
            }
            Err(Throw::Exception(e)) => {
                self.async_generator_complete_step(generator, e, true, true)?;
                self.async_generator_drain_queue(generator)
            }
            Err(t) => Err(t),
        }
    }

    /// %AsyncGeneratorPrototype%.next/return/throw (ECMA-262 27.6.1.2-4): queue the request and
    /// resume the generator if it is waiting; the request's promise settles when the generator
    /// gets to it.
    pub fn async_generator_enqueue(
        &mut self,
        this: Value,
        mode: ResumeMode,
        value: Value,
    ) -> JsResult<Value> {
        let promise = self.new_promise();
        let promise_value = Value::object(promise);
        self.root(promise_value);
        // 27.6.3.3 AsyncGeneratorValidate; an invalid receiver rejects the promise.
        let generator = this.as_object().filter(|&o| {
            self.coroutine(o)
                .is_some_and(|c| c.kind == CoroutineKind::AsyncGenerator)
        });
        let Some(generator) = generator else {
            let shown = self.describe_for_error(this);
            let error = self.make_error(
                super::realm::ErrorKind::TypeError,
                &format!("{shown} is not an async generator"),
            );
            self.reject_promise(promise, error);
            return Ok(promise_value);
        };
        let mut state = self.coroutine(generator).expect("async generator").state;
        if mode == ResumeMode::Throw && state == CoroutineState::SuspendedStart {
            let c = self.coroutine_mut(generator);
            c.state = CoroutineState::Completed;
            c.frame = None;
            state = CoroutineState::Completed;
        }
        if state == CoroutineState::Completed && mode != ResumeMode::Return {
            if mode == ResumeMode::Throw {
                self.reject_promise(promise, value);
            } else {
                let result = crate::builtins::iterator_result(self, Value::UNDEFINED, true)?;
                self.resolve_promise(promise, result)?;
            }
            return Ok(promise_value);
        }
        self.coroutine_mut(generator).queue.push_back(
            crate::runtime::coroutine::AsyncGeneratorRequest {
                mode,
                value,
                promise: promise_value,
            },
        );
        match (mode, state) {
            (ResumeMode::Return, CoroutineState::SuspendedStart | CoroutineState::Completed) => {
                let c = self.coroutine_mut(generator);
                c.state = CoroutineState::DrainingQueue;
                c.frame = None;
                self.async_generator_await_return(generator)?;
            }
            (ResumeMode::Return, CoroutineState::SuspendedYield) => {
                self.async_generator_await_return_resumption(generator, value)?;
            }
            (_, CoroutineState::SuspendedStart | CoroutineState::SuspendedYield) => {
                self.resume(generator, mode, value)?;
            }
            // Executing or draining: the request waits its turn.
            _ => {}
        }
        Ok(promise_value)
    }
}

/// What a settled promise does to the coroutine that awaited it.
#[derive(Clone, Copy)]
enum Resumption {
    /// `await`: go on with the value, or throw the reason.
    Settled,
    /// An async generator's `yield` resumed by `return(v)`: return the awaited value.
    Return,
    /// A finished async generator's queued `return(v)`: settle that request.
    Drain,
}

/// The coroutine a promise reaction belongs to (its `data`).
fn reaction_coroutine(vm: &Vm) -> ObjectRef {
    vm.native_data()
        .as_object()
        .expect("an await reaction carries its coroutine")
}

fn resume_with(vm: &mut Vm, mode: ResumeMode, value: Value) -> JsResult<Value> {
    let coroutine = reaction_coroutine(vm);
    if let Some(callee) = vm
        .coroutine(coroutine)
        .and_then(|c| c.frame.as_ref().map(|f| f.callee))
    {
        vm.trace_await(callee, true);
    }
    vm.resume(coroutine, mode, value)?;
    Ok(Value::UNDEFINED)
}

fn resume_next(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    resume_with(
        vm,
        ResumeMode::Next,
        args.first().copied().unwrap_or(Value::UNDEFINED),
    )
}

fn resume_throw(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    resume_with(
        vm,
        ResumeMode::Throw,
        args.first().copied().unwrap_or(Value::UNDEFINED),
    )
}

fn resume_return(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    resume_with(
        vm,
        ResumeMode::Return,
        args.first().copied().unwrap_or(Value::UNDEFINED),
    )
}

/// AsyncGeneratorAwaitReturn's onFulfilled: the request completes with the value, done.
fn drain_fulfilled(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let generator = reaction_coroutine(vm);
    let value = args.first().copied().unwrap_or(Value::UNDEFINED);
    vm.async_generator_complete_step(generator, value, false, true)?;
    vm.async_generator_drain_queue(generator)?;
    Ok(Value::UNDEFINED)
}

/// AsyncGeneratorAwaitReturn's onRejected: the request is rejected with the reason.
fn drain_rejected(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let generator = reaction_coroutine(vm);
    let reason = args.first().copied().unwrap_or(Value::UNDEFINED);
    vm.async_generator_complete_step(generator, reason, true, true)?;
    vm.async_generator_drain_queue(generator)?;
    Ok(Value::UNDEFINED)
}
