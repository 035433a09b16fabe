//! Generators and async functions (ECMA-262 15.5, 15.6, 15.8, 27.5–27.7): the coroutine object's
//! creation, `yield`, `yield*` and `await`, and how such functions end.
//!
//! A suspension point is `Yield`/`Await` followed by `ResumeDispatch` on the mode register: a
//! `next` (or a settled await) goes on, a `throw` throws at the suspension point, and a `return`
//! falls into an ordinary `return` of the value sent — so it runs the enclosing `finally` blocks and
//! closes the enclosing for-of iterators exactly as a `return` statement would there.
//!
//! An async function's body (parameter initialisation included) is covered by one exception
//! handler that rejects the call's promise; its returns resolve it (`AsyncReturn`).

use super::{CResult, Compiler};
use crate::bytecode::{CoroutineKind, Handler, Opcode};
use crate::syntax::ast::{AwaitExpression, YieldExpression};

/// The coroutine kind of a function with these flags.
pub(super) fn coroutine_kind(is_async: bool, is_generator: bool) -> Option<CoroutineKind> {
    match (is_async, is_generator) {
        (false, false) => None,
        (false, true) => Some(CoroutineKind::Generator),
        (true, false) => Some(CoroutineKind::Async),
        (true, true) => Some(CoroutineKind::AsyncGenerator),
    }
}

impl Compiler<'_> {
    /// Async functions, first thing (before the parameters are initialised, since their errors
    /// reject the promise: ECMA-262 15.8.4 EvaluateAsyncFunctionBody).
    pub(super) fn start_async_function(&mut self) -> CResult<()> {
        if self.fs().coroutine != Some(CoroutineKind::Async) {
            return Ok(());
        }
        let r = self.alloc_register();
        self.f().coroutine_register = Some(r);
        self.emit(Opcode::CreateAsyncFunction, &[r as i64]);
        let start = self.offset();
        self.f().async_body_start = start;
        Ok(())
    }

    /// Generators, after the parameters are initialised (their errors throw from the call:
    /// ECMA-262 15.5.2 EvaluateGeneratorBody): create the generator and suspend until `next`.
    pub(super) fn start_generator(&mut self) {
        if !matches!(
            self.fs().coroutine,
            Some(CoroutineKind::Generator | CoroutineKind::AsyncGenerator)
        ) {
            return;
        }
        let r = self.alloc_register();
        self.f().coroutine_register = Some(r);
        self.emit(Opcode::CreateGenerator, &[r as i64]);
        // An async generator's body settles its requests however it ends.
        let start = self.offset();
        self.f().async_body_start = start;
    }

    /// Async functions, at the end: the handler that turns an exception leaving the body into a
    /// rejection of the call's promise.
    pub(super) fn finish_async_body(&mut self) {
        if !matches!(
            self.fs().coroutine,
            Some(CoroutineKind::Async | CoroutineKind::AsyncGenerator)
        ) {
            return;
        }
        let r = self.fs().coroutine_register.expect("async function state");
        let start = self.fs().async_body_start;
        let handler = self.offset();
        self.f().handlers.push(Handler {
            start,
            end: handler,
            handler,
            context_depth: 0,
        });
        self.emit(Opcode::AsyncThrow, &[r as i64]);
    }

    /// The instruction that ends the function with the accumulator as its return value, once the
    /// `finally` blocks have run.
    pub(super) fn emit_final_return(&mut self) {
        match (self.fs().coroutine, self.fs().coroutine_register) {
            (Some(CoroutineKind::Async | CoroutineKind::AsyncGenerator), Some(r)) => {
                self.emit(Opcode::AsyncReturn, &[r as i64])
            }
            _ => self.emit(Opcode::Return, &[]),
        }
    }

    /// Suspend at a `yield`/`await` instruction `op` and dispatch on how the frame is resumed.
    pub(super) fn suspend(&mut self, op: Opcode) {
        let coroutine = self.fs().coroutine_register.expect("inside a coroutine");
        self.f().suspends = true;
        let mark = self.register_mark();
        let mode = self.alloc_register();
        self.emit(op, &[coroutine as i64, mode as i64]);
        self.emit(Opcode::ResumeDispatch, &[mode as i64, 0]);
        let next = self.offset() - 4;
        // A `return` resumption (never after an `await`): return the value sent, through the
        // finally blocks.
        if op != Opcode::Await {
            self.emit_return();
        }
        self.patch_here(next);
        self.release_to(mark);
    }

    /// ECMA-262 15.5.5 YieldExpression evaluation.
    pub(super) fn yield_expression(&mut self, y: &YieldExpression) -> CResult<()> {
        let is_async = self.fs().coroutine == Some(CoroutineKind::AsyncGenerator);
        if is_async && y.delegate {
            let argument = y.argument.as_ref().expect("yield* has an operand");
            self.expression(argument)?;
            return self.async_yield_star();
        }
        if y.delegate {
            let argument = y.argument.as_ref().expect("yield* has an operand");
            self.expression(argument)?;
            return self.yield_star();
        }
        match &y.argument {
            Some(e) => self.expression(e)?,
            None => self.emit(Opcode::LdaUndefined, &[]),
        }
        self.position(y.span);
        if is_async {
            // AsyncGeneratorYield(? Await(value)).
            self.suspend(Opcode::Await);
            self.suspend(Opcode::AsyncGeneratorYield);
            return Ok(());
        }
        // GeneratorYield(CreateIterResultObject(value, false)).
        self.emit(Opcode::CreateIterResult, &[0]);
        self.suspend(Opcode::Yield);
        Ok(())
    }

    /// `return x` in an async generator awaits x first (ECMA-262 15.1 ReturnStatement step 3).
    pub(super) fn await_return_value(&mut self) {
        if self.fs().coroutine == Some(CoroutineKind::AsyncGenerator) {
            self.suspend(Opcode::Await);
        }
    }

    /// `yield* acc` in a generator (ECMA-262 15.5.5 step 7): forward each `next`/`throw`/`return`
    /// to the inner iterator and yield its results as they are, until one is done.
    fn yield_star(&mut self) -> CResult<()> {
        let coroutine = self.fs().coroutine_register.expect("inside a generator");
        let mark = self.register_mark();
        let iterator = self.alloc_registers(2);
        let mode = self.alloc_register();
        self.emit(Opcode::GetIterator, &[iterator as i64]);
        // The first request is `next(undefined)`.
        self.emit(Opcode::LdaSmi, &[0]);
        self.emit(Opcode::Star, &[mode as i64]);
        self.emit(Opcode::LdaUndefined, &[]);
        let top = self.offset();
        self.emit(Opcode::YieldStar, &[iterator as i64, mode as i64, 0]);
        let done = self.offset() - 4;
        self.emit(Opcode::Yield, &[coroutine as i64, mode as i64]);
        self.emit(Opcode::JumpLoop, &[top as i64]);
        self.patch_here(done);
        // Done: acc is the inner iterator's final value, the result of `yield*` unless the inner
        // iterator finished a `return`, which returns it from this generator too.
        self.emit(Opcode::ResumeDispatch, &[mode as i64, 0]);
        let normal = self.offset() - 4;
        self.emit_return();
        self.patch_here(normal);
        self.release_to(mark);
        Ok(())
    }

    /// `yield* acc` in an async generator (ECMA-262 15.5.5 step 7 with generatorKind async): each
    /// request is forwarded to the inner async iterator, its result awaited, and the value yielded
    /// (without the extra await a plain `yield` makes).
    fn async_yield_star(&mut self) -> CResult<()> {
        let coroutine = self.fs().coroutine_register.expect("inside a generator");
        let mark = self.register_mark();
        let iterator = self.alloc_registers(2);
        let mode = self.alloc_register();
        self.emit(Opcode::GetAsyncIterator, &[iterator as i64]);
        self.emit(Opcode::LdaSmi, &[0]);
        self.emit(Opcode::Star, &[mode as i64]);
        self.emit(Opcode::LdaUndefined, &[]);
        let top = self.offset();
        self.emit(Opcode::YieldStarCall, &[iterator as i64, mode as i64, 0]);
        let special = self.offset() - 4;
        self.suspend(Opcode::Await);
        self.emit(Opcode::YieldStarResult, &[mode as i64, 0]);
        let done = self.offset() - 4;
        self.emit(
            Opcode::AsyncGeneratorYield,
            &[coroutine as i64, mode as i64],
        );
        self.emit(Opcode::JumpLoop, &[top as i64]);
        // Done (mode 0: the value of `yield*`; 2: return it), or a missing method (mode 2:
        // return the value received; 3: the TypeError).
        self.patch_here(special);
        self.patch_here(done);
        self.emit(Opcode::ResumeDispatch, &[mode as i64, 0]);
        let normal = self.offset() - 4;
        // A return completion's value is awaited first (step 7.c.iii.2 and 7.c.viii.2).
        self.suspend(Opcode::Await);
        self.emit_return();
        self.patch_here(normal);
        self.release_to(mark);
        Ok(())
    }

    /// ECMA-262 15.8.5 AwaitExpression evaluation.
    pub(super) fn await_expression(&mut self, a: &AwaitExpression) -> CResult<()> {
        if self.fs().coroutine_register.is_none() {
            // `await` in a module's top level.
            return self.unsupported("top-level await", a.span);
        }
        self.expression(&a.argument)?;
        self.position(a.span);
        self.suspend(Opcode::Await);
        Ok(())
    }
}
