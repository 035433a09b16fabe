//! Promise (ECMA-262 27.2) and AggregateError (20.5.7): the constructor, its statics, the prototype
//! methods, and the abstract operations the rest of the engine uses (`Vm::new_promise`,
//! `Vm::promise_resolve`, `Vm::resolve_promise`, `Vm::reject_promise`, `Vm::fulfill_promise`,
//! `Vm::perform_promise_then`, `Vm::new_promise_capability`).
//!
//! Internal state that the spec keeps in closures (the resolving functions' [[AlreadyResolved]],
//! Promise.all's [[Values]] and [[RemainingElements]], …) lives in *records*: prototype-less
//! ordinary objects that JavaScript never sees, whose dense elements are the fields. A native
//! function reaches its record through `NativeFunction::data` (`vm.native_callee`).
//!
//! Jobs go to the VM's microtask queue (`vm/jobs.rs`); a job's tick count follows the spec exactly,
//! so orderings match node's.

use super::{arg, define_species_getter};
use crate::runtime::object::{Elements, Object, ObjectKind};
use crate::runtime::property::{Attrs, PropertyKey};
use crate::runtime::value::ObjectRef;
use crate::runtime::{NativeFn, Value};
use crate::vm::jobs::{Job, ReactionType};
use crate::vm::realm::ErrorKind;
use crate::vm::{JsResult, Throw, Vm};

/// [[PromiseState]].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromiseState {
    Pending,
    Fulfilled,
    Rejected,
}

/// ECMA-262 27.2.1.1 PromiseCapability Record. `resolve` and `reject` are undefined for a
/// capability of a built-in promise whose resolving functions were never exposed to JavaScript
/// (`then` on %Promise%): calling them is then `Vm::resolve_promise`/`Vm::reject_promise`, which is
/// unobservably the same and allocates nothing.
#[derive(Clone, Copy, Debug)]
pub struct PromiseCapability {
    pub promise: Value,
    pub resolve: Value,
    pub reject: Value,
}

impl PromiseCapability {
    pub fn for_each_value(&self, mut f: impl FnMut(Value)) {
        f(self.promise);
        f(self.resolve);
        f(self.reject);
    }
}

/// ECMA-262 27.2.1.2 PromiseReaction Records, the fulfill and the reject one of a `then` side by
/// side (they are always added and triggered together). A handler of undefined is the spec's
/// "empty".
#[derive(Clone, Copy, Debug)]
pub struct Reaction {
    pub capability: Option<PromiseCapability>,
    pub on_fulfilled: Value,
    pub on_rejected: Value,
}

/// The internal slots of a Promise instance (ECMA-262 27.2.6).
pub struct PromiseData {
    pub state: PromiseState,
    /// [[PromiseResult]] (undefined while pending).
    pub result: Value,
    /// [[PromiseFulfillReactions]] and [[PromiseRejectReactions]]; emptied when settled.
    pub reactions: Vec<Reaction>,
    /// [[PromiseIsHandled]].
    pub is_handled: bool,
}

impl PromiseData {
    pub fn pending() -> PromiseData {
        PromiseData {
            state: PromiseState::Pending,
            result: Value::UNDEFINED,
            reactions: Vec::new(),
            is_handled: false,
        }
    }

    /// Every value the promise holds, for the GC.
    pub fn for_each_value(&self, mut f: impl FnMut(Value)) {
        f(self.result);
        for r in &self.reactions {
            f(r.on_fulfilled);
            f(r.on_rejected);
            if let Some(c) = &r.capability {
                c.for_each_value(&mut f);
            }
        }
    }
}

// -------------------------------------------------------------------------------------------------
// Records and small helpers

/// A record: a prototype-less object, never exposed, whose dense elements are `fields`.
fn new_record(vm: &mut Vm, fields: Vec<Value>) -> ObjectRef {
    let mut o = Object::new(None, ObjectKind::Ordinary);
    o.extensible = false;
    o.elements = Elements::from_values(fields);
    vm.alloc_object(o)
}

fn field(vm: &Vm, record: Value, i: usize) -> Value {
    record
        .as_object()
        .and_then(|o| vm.heap.object(o).elements.dense())
        .and_then(|v| v.get(i).copied())
        .unwrap_or(Value::UNDEFINED)
}

fn set_field(vm: &mut Vm, record: Value, i: usize, value: Value) {
    if let Some(o) = record.as_object() {
        vm.heap.object_mut(o).elements.set_dense(i, value);
    }
}

/// The `data` of the native function being run.
fn callee_data(vm: &Vm) -> Value {
    vm.native_data()
}

fn is_callable(vm: &Vm, v: Value) -> bool {
    v.as_object().is_some_and(|o| vm.is_callable(o))
}

/// ECMA-262 27.2.1.6 IsPromise.
pub fn is_promise(vm: &Vm, v: Value) -> bool {
    v.as_object()
        .is_some_and(|o| matches!(vm.heap.object(o).kind, ObjectKind::Promise(_)))
}

fn data_mut(vm: &mut Vm, p: ObjectRef) -> Option<&mut PromiseData> {
    match &mut vm.heap.object_mut(p).kind {
        ObjectKind::Promise(d) => Some(d),
        _ => None,
    }
}

/// The state and result of a promise object (`None` for anything else).
pub fn promise_state(vm: &Vm, v: Value) -> Option<(PromiseState, Value)> {
    match &vm.heap.object(v.as_object()?).kind {
        ObjectKind::Promise(d) => Some((d.state, d.result)),
        _ => None,
    }
}

/// Mark `p` handled without a reaction (a host that reports the rejection itself, e.g. a
/// module evaluation error thrown to the embedder): HostPromiseRejectionTracker(p, "handle").
pub fn mark_handled(vm: &mut Vm, p: ObjectRef) {
    if let Some(d) = data_mut(vm, p) {
        if !d.is_handled {
            d.is_handled = true;
            vm.jobs.untrack_rejection(p);
        }
    }
}

/// A native function with `data` (read back through `vm.native_callee`): not a constructor, of
/// the current realm. It is rooted until the current native call returns.
pub fn native_with_data(
    vm: &mut Vm,
    name: &str,
    length: u32,
    call: NativeFn,
    data: Value,
) -> ObjectRef {
    vm.native_function(name, length, call, false, data)
}

// -------------------------------------------------------------------------------------------------
// The abstract operations, as Vm methods

impl Vm {
    /// A new pending promise of the current realm's %Promise.prototype%.
    pub fn new_promise(&mut self) -> ObjectRef {
        let proto = self.realm.promise_prototype.as_object();
        self.alloc_object(Object::new(
            proto,
            ObjectKind::Promise(Box::new(PromiseData::pending())),
        ))
    }

    /// ECMA-262 27.2.1.3 CreateResolvingFunctions: `(resolve, reject)` sharing one
    /// [[AlreadyResolved]] record.
    pub fn create_resolving_functions(&mut self, promise: ObjectRef) -> (Value, Value) {
        let record = new_record(self, vec![Value::object(promise), Value::FALSE]);
        let resolve = native_with_data(self, "", 1, resolve_function, Value::object(record));
        let reject = native_with_data(self, "", 1, reject_function, Value::object(record));
        (Value::object(resolve), Value::object(reject))
    }

    /// What a promise's resolve function does after its [[AlreadyResolved]] check (ECMA-262
    /// 27.2.1.3.2 steps 7–16): reject on self-resolution, fulfill with a non-thenable, or queue a
    /// NewPromiseResolveThenableJob. Only a termination (while reading `then`) is an `Err`.
    pub fn resolve_promise(&mut self, promise: ObjectRef, resolution: Value) -> JsResult<()> {
        if resolution == Value::object(promise) {
            let error = self.make_error(
                ErrorKind::TypeError,
                "Chaining cycle detected for promise #<Promise>",
            );
            self.reject_promise(promise, error);
            return Ok(());
        }
        if !resolution.is_object() {
            self.fulfill_promise(promise, resolution);
            return Ok(());
        }
        let roots = self.roots_len();
        self.root(Value::object(promise));
        self.root(resolution);
        let key = self.key("then");
        let then = match self.get_value(resolution, key) {
            Ok(t) => t,
            Err(Throw::Exception(e)) => {
                self.reject_promise(promise, e);
                self.truncate_roots(roots);
                return Ok(());
            }
            Err(t) => {
                self.truncate_roots(roots);
                return Err(t);
            }
        };
        if !is_callable(self, then) {
            self.fulfill_promise(promise, resolution);
        } else {
            // ECMA-262 27.2.2.2 NewPromiseResolveThenableJob.
            self.enqueue_job(Job::ResolveThenable {
                promise,
                thenable: resolution,
                then,
            });
        }
        self.truncate_roots(roots);
        Ok(())
    }

    /// ECMA-262 27.2.1.4 FulfillPromise (nothing happens to a settled promise).
    pub fn fulfill_promise(&mut self, promise: ObjectRef, value: Value) {
        self.settle(promise, PromiseState::Fulfilled, value);
    }

    /// ECMA-262 27.2.1.7 RejectPromise, with HostPromiseRejectionTracker(promise, "reject") when
    /// no handler is attached yet (nothing happens to a settled promise).
    pub fn reject_promise(&mut self, promise: ObjectRef, reason: Value) {
        if self.settle(promise, PromiseState::Rejected, reason) {
            let handled = matches!(&self.heap.object(promise).kind,
                ObjectKind::Promise(d) if d.is_handled);
            if !handled {
                self.jobs.track_rejection(promise);
            }
        }
    }

    /// Settle a pending promise and trigger its reactions (ECMA-262 27.2.1.8
    /// TriggerPromiseReactions); false if it was not pending.
    fn settle(&mut self, promise: ObjectRef, state: PromiseState, result: Value) -> bool {
        let Some(d) = data_mut(self, promise) else {
            return false;
        };
        if d.state != PromiseState::Pending {
            return false;
        }
        d.state = state;
        d.result = result;
        let reactions = std::mem::take(&mut d.reactions);
        let kind = if state == PromiseState::Fulfilled {
            ReactionType::Fulfill
        } else {
            ReactionType::Reject
        };
        for r in reactions {
            self.enqueue_reaction(r, kind, result);
        }
        true
    }

    /// ECMA-262 27.2.2.1 NewPromiseReactionJob, queued.
    fn enqueue_reaction(&mut self, r: Reaction, kind: ReactionType, argument: Value) {
        let handler = match kind {
            ReactionType::Fulfill => r.on_fulfilled,
            ReactionType::Reject => r.on_rejected,
        };
        self.enqueue_job(Job::Reaction {
            capability: r.capability,
            kind,
            handler,
            argument,
        });
    }

    /// ECMA-262 27.2.5.4.1 PerformPromiseThen: non-callable handlers count as absent; returns the
    /// capability's promise (undefined without a capability). Handlers may be natives carrying
    /// `data` (see `native_with_data`).
    pub fn perform_promise_then(
        &mut self,
        promise: ObjectRef,
        on_fulfilled: Value,
        on_rejected: Value,
        result_capability: Option<PromiseCapability>,
    ) -> Value {
        let on_fulfilled = if is_callable(self, on_fulfilled) {
            on_fulfilled
        } else {
            Value::UNDEFINED
        };
        let on_rejected = if is_callable(self, on_rejected) {
            on_rejected
        } else {
            Value::UNDEFINED
        };
        let reaction = Reaction {
            capability: result_capability,
            on_fulfilled,
            on_rejected,
        };
        let Some(d) = data_mut(self, promise) else {
            return Value::UNDEFINED;
        };
        let was_handled = d.is_handled;
        d.is_handled = true;
        match d.state {
            PromiseState::Pending => d.reactions.push(reaction),
            PromiseState::Fulfilled => {
                let v = d.result;
                self.enqueue_reaction(reaction, ReactionType::Fulfill, v);
            }
            PromiseState::Rejected => {
                let v = d.result;
                if !was_handled {
                    // HostPromiseRejectionTracker(promise, "handle").
                    self.jobs.untrack_rejection(promise);
                }
                self.enqueue_reaction(reaction, ReactionType::Reject, v);
            }
        }
        result_capability.map_or(Value::UNDEFINED, |c| c.promise)
    }

    /// PerformPromiseThen(promise, onFulfilled, onRejected) with two built-in reactions that
    /// share `data` (no result capability): how the engine itself waits on a promise (await,
    /// module evaluation, dynamic import).
    pub(crate) fn then_native(
        &mut self,
        promise: ObjectRef,
        on_fulfilled: NativeFn,
        on_rejected: NativeFn,
        data: Value,
    ) {
        let f = native_with_data(self, "", 1, on_fulfilled, data);
        let r = native_with_data(self, "", 1, on_rejected, data);
        self.perform_promise_then(promise, Value::object(f), Value::object(r), None);
    }

    /// ECMA-262 27.2.1.5 NewPromiseCapability(C). For the current realm's %Promise% the
    /// capability's functions are left undefined (see `PromiseCapability`).
    pub fn new_promise_capability(&mut self, c: Value) -> JsResult<PromiseCapability> {
        if c == self.realm.promise_constructor {
            let p = self.new_promise();
            return Ok(PromiseCapability {
                promise: Value::object(p),
                resolve: Value::UNDEFINED,
                reject: Value::UNDEFINED,
            });
        }
        if !c.as_object().is_some_and(|o| self.is_constructor(o)) {
            let shown = self.describe_for_error(c);
            return self.type_error(format!("{shown} is not a constructor"));
        }
        let roots = self.roots_len();
        // GetCapabilitiesExecutor: a record of [resolve, reject], both undefined at first.
        let record = new_record(self, vec![Value::UNDEFINED, Value::UNDEFINED]);
        let executor = native_with_data(self, "", 2, capabilities_executor, Value::object(record));
        let promise = self.construct(c, &[Value::object(executor)]);
        let result = promise.and_then(|promise| {
            let resolve = field(self, Value::object(record), 0);
            let reject = field(self, Value::object(record), 1);
            if !is_callable(self, resolve) {
                return self.type_error("Promise resolve function is not callable");
            }
            if !is_callable(self, reject) {
                return self.type_error("Promise reject function is not callable");
            }
            Ok(PromiseCapability {
                promise,
                resolve,
                reject,
            })
        });
        self.truncate_roots(roots);
        if let Ok(cap) = &result {
            cap.for_each_value(|v| {
                self.root(v);
            });
        }
        result
    }

    /// Call a capability's resolve function (or resolve its built-in promise directly).
    pub fn capability_resolve(&mut self, cap: PromiseCapability, value: Value) -> JsResult<()> {
        if cap.resolve.is_undefined() {
            match cap.promise.as_object() {
                Some(p) => self.resolve_promise(p, value),
                None => Ok(()),
            }
        } else {
            self.call(cap.resolve, Value::UNDEFINED, &[value]).map(drop)
        }
    }

    /// Call a capability's reject function (or reject its built-in promise directly).
    pub fn capability_reject(&mut self, cap: PromiseCapability, reason: Value) -> JsResult<()> {
        if cap.reject.is_undefined() {
            if let Some(p) = cap.promise.as_object() {
                self.reject_promise(p, reason);
            }
            Ok(())
        } else {
            self.call(cap.reject, Value::UNDEFINED, &[reason]).map(drop)
        }
    }

    /// ECMA-262 27.2.4.7.1 PromiseResolve(C, x): `x` itself when it is a promise whose
    /// `constructor` is `C`, else a new promise of `C` resolved with `x`.
    pub fn promise_resolve(&mut self, constructor: Value, value: Value) -> JsResult<ObjectRef> {
        if let Some(p) = value.as_object().filter(|_| is_promise(self, value)) {
            let key = self.key("constructor");
            let c = self.get_value(value, key)?;
            if c == constructor {
                return Ok(p);
            }
        }
        let cap = self.new_promise_capability(constructor)?;
        self.capability_resolve(cap, value)?;
        match cap.promise.as_object() {
            Some(p) => Ok(p),
            None => self.type_error("Promise capability is not an object"),
        }
    }

    /// The job a promise's thenable job runs (ECMA-262 27.2.2.2 step 1): call `then` on the
    /// thenable with new resolving functions of `promise`; a throw rejects it.
    pub(crate) fn run_resolve_thenable_job(
        &mut self,
        promise: ObjectRef,
        thenable: Value,
        then: Value,
    ) -> JsResult<()> {
        let (resolve, reject) = self.create_resolving_functions(promise);
        match self.call(then, thenable, &[resolve, reject]) {
            Ok(_) => Ok(()),
            Err(Throw::Exception(e)) => self.call(reject, Value::UNDEFINED, &[e]).map(drop),
            Err(t) => Err(t),
        }
    }

    /// The job a reaction job runs (ECMA-262 27.2.2.1 step 1).
    pub(crate) fn run_reaction_job(
        &mut self,
        capability: Option<PromiseCapability>,
        kind: ReactionType,
        handler: Value,
        argument: Value,
    ) -> JsResult<()> {
        let result = if handler.is_undefined() {
            match kind {
                ReactionType::Fulfill => Ok(argument),
                ReactionType::Reject => Err(Throw::Exception(argument)),
            }
        } else {
            self.call(handler, Value::UNDEFINED, &[argument])
        };
        let Some(cap) = capability else {
            // Step 1.g asserts the handler did not throw (the engine's own handlers never do);
            // if one does, the host reports it.
            return result.map(drop);
        };
        match result {
            Ok(v) => self.capability_resolve(cap, v),
            Err(Throw::Exception(e)) => self.capability_reject(cap, e),
            Err(t) => Err(t),
        }
    }
}

// -------------------------------------------------------------------------------------------------
// The natives behind the abstract operations

/// ECMA-262 27.2.1.3.2 Promise Resolve Functions.
fn resolve_function(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let record = callee_data(vm);
    if field(vm, record, 1) == Value::TRUE {
        return Ok(Value::UNDEFINED);
    }
    set_field(vm, record, 1, Value::TRUE);
    if let Some(p) = field(vm, record, 0).as_object() {
        vm.resolve_promise(p, arg(args, 0))?;
    }
    Ok(Value::UNDEFINED)
}

/// ECMA-262 27.2.1.3.1 Promise Reject Functions.
fn reject_function(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let record = callee_data(vm);
    if field(vm, record, 1) == Value::TRUE {
        return Ok(Value::UNDEFINED);
    }
    set_field(vm, record, 1, Value::TRUE);
    if let Some(p) = field(vm, record, 0).as_object() {
        vm.reject_promise(p, arg(args, 0));
    }
    Ok(Value::UNDEFINED)
}

/// ECMA-262 27.2.1.5 NewPromiseCapability step 4: GetCapabilitiesExecutor.
fn capabilities_executor(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let record = callee_data(vm);
    if !field(vm, record, 0).is_undefined() {
        return vm
            .type_error("Promise executor has already been invoked with non-undefined arguments");
    }
    if !field(vm, record, 1).is_undefined() {
        return vm
            .type_error("Promise executor has already been invoked with non-undefined arguments");
    }
    set_field(vm, record, 0, arg(args, 0));
    set_field(vm, record, 1, arg(args, 1));
    Ok(Value::UNDEFINED)
}

// -------------------------------------------------------------------------------------------------
// Installation

pub fn install(vm: &mut Vm) {
    let object_prototype = vm.realm.object_prototype;
    let proto = vm.alloc_object(Object::new(Some(object_prototype), ObjectKind::Ordinary));
    let ctor = vm.define_constructor("Promise", 1, promise_constructor, proto, Value::UNDEFINED);
    vm.realm.promise_prototype = Value::object(proto);
    vm.realm.promise_constructor = Value::object(ctor);

    vm.define_method(ctor, "all", 1, promise_all);
    vm.define_method(ctor, "allSettled", 1, promise_all_settled);
    vm.define_method(ctor, "any", 1, promise_any);
    vm.define_method(ctor, "race", 1, promise_race);
    vm.define_method(ctor, "reject", 1, promise_reject);
    vm.define_method(ctor, "resolve", 1, promise_resolve_static);
    vm.define_method(ctor, "try", 1, promise_try);
    vm.define_method(ctor, "withResolvers", 0, promise_with_resolvers);
    define_species_getter(vm, ctor);

    vm.define_method(proto, "catch", 1, promise_catch);
    vm.define_method(proto, "finally", 1, promise_finally);
    vm.define_method(proto, "then", 2, promise_then);
    let tag = Value::string(vm.heap.intern("Promise"));
    vm.define_own(
        proto,
        PropertyKey::Symbol(vm.realm.symbols.to_string_tag),
        tag,
        Attrs::new(Attrs::CONFIGURABLE),
    );

    install_aggregate_error(vm);
}

/// ECMA-262 20.5.7 AggregateError: its constructor inherits from %Error%, its prototype from
/// %Error.prototype%.
fn install_aggregate_error(vm: &mut Vm) {
    let error_prototype = vm.realm.error_prototypes[ErrorKind::Error as usize];
    let proto = vm.alloc_object(Object::new(Some(error_prototype), ObjectKind::Ordinary));
    let ctor = vm.define_constructor(
        "AggregateError",
        2,
        aggregate_error_constructor,
        proto,
        Value::UNDEFINED,
    );
    let key = vm.key("constructor");
    if let Ok(error) = vm.get_value(Value::object(error_prototype), key) {
        if let Some(error) = error.as_object() {
            vm.heap.object_mut(ctor).proto = Some(error);
        }
    }
    let name = Value::string(vm.heap.intern("AggregateError"));
    vm.define_value(proto, "name", name, Attrs::HIDDEN);
    let empty = Value::string(vm.heap.intern(""));
    vm.define_value(proto, "message", empty, Attrs::HIDDEN);
    vm.realm.aggregate_error_prototype = Value::object(proto);
}

/// A new AggregateError of the current realm with `errors` and `message` (Promise.any's).
fn make_aggregate_error(vm: &mut Vm, errors: Vec<Value>, message: &str) -> Value {
    let error = vm.make_error(ErrorKind::Error, message);
    let Some(o) = error.as_object() else {
        return error;
    };
    vm.heap.object_mut(o).proto = vm.realm.aggregate_error_prototype.as_object();
    vm.define_stack(o, &format!("AggregateError: {message}"));
    let list = vm.new_array(errors);
    let key = vm.key("errors");
    vm.define_own(o, key, Value::object(list), Attrs::HIDDEN);
    error
}

// ECMA-262 20.5.7.1.1 AggregateError ( errors, message [ , options ] )
fn aggregate_error_constructor(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let (new_target, callee) = (vm.native_new_target, vm.native_callee);
    let new_target = if new_target.is_undefined() {
        callee
    } else {
        new_target
    };
    let default = vm
        .realm
        .aggregate_error_prototype
        .as_object()
        .expect("AggregateError.prototype");
    let proto = vm.prototype_from_constructor(new_target, callee, default)?;
    vm.root(Value::object(proto));
    let message = arg(args, 1);
    let text = if message.is_undefined() {
        String::new()
    } else {
        vm.to_rust_string(message)?
    };
    let error = vm.make_error(ErrorKind::Error, &text);
    let o = error.as_object().expect("error object");
    vm.heap.object_mut(o).proto = Some(proto);
    let header = if text.is_empty() {
        "AggregateError".to_string()
    } else {
        format!("AggregateError: {text}")
    };
    vm.define_stack(o, &header);
    if message.is_undefined() {
        let key = vm.key("message");
        vm.delete_property(o, key)?;
    }
    // InstallErrorCause.
    let options = arg(args, 2);
    if let Some(opts) = options.as_object() {
        let cause = vm.key("cause");
        if vm.has_property(opts, cause)? {
            let value = vm.get_value(options, cause)?;
            vm.define_own(o, cause, value, Attrs::HIDDEN);
        }
    }
    // IterableToList(errors).
    let errors = iterable_to_list(vm, arg(args, 0))?;
    let list = vm.new_array(errors);
    let key = vm.key("errors");
    vm.define_own(o, key, Value::object(list), Attrs::HIDDEN);
    Ok(error)
}

/// ECMA-262 7.4.13 IterableToList.
fn iterable_to_list(vm: &mut Vm, iterable: Value) -> JsResult<Vec<Value>> {
    let (iterator, next) = vm.get_iterator(iterable)?;
    let mut out = Vec::new();
    while let Some(v) = vm.iterator_step(iterator, next)? {
        vm.root(v);
        out.push(v);
    }
    Ok(out)
}

// -------------------------------------------------------------------------------------------------
// The constructor and its statics

// ECMA-262 27.2.3.1 Promise ( executor )
fn promise_constructor(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let (new_target, callee) = (vm.native_new_target, vm.native_callee);
    if new_target.is_undefined() {
        return vm.type_error("Promise constructor cannot be invoked without 'new'");
    }
    let executor = arg(args, 0);
    if !is_callable(vm, executor) {
        let shown = vm.describe_for_error(executor);
        return vm.type_error(format!("Promise resolver {shown} is not a function"));
    }
    let default = vm
        .realm
        .promise_prototype
        .as_object()
        .expect("Promise.prototype");
    let proto = vm.prototype_from_constructor(new_target, callee, default)?;
    let promise = vm.new_promise();
    vm.heap.object_mut(promise).proto = Some(proto);
    let (resolve, reject) = vm.create_resolving_functions(promise);
    match vm.call(executor, Value::UNDEFINED, &[resolve, reject]) {
        Ok(_) => {}
        Err(Throw::Exception(e)) => {
            vm.call(reject, Value::UNDEFINED, &[e])?;
        }
        Err(t) => return Err(t),
    }
    Ok(Value::object(promise))
}

// ECMA-262 27.2.4.6 Promise.reject ( r )
fn promise_reject(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let cap = vm.new_promise_capability(this)?;
    vm.capability_reject(cap, arg(args, 0))?;
    Ok(cap.promise)
}

// ECMA-262 27.2.4.7 Promise.resolve ( x )
fn promise_resolve_static(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    if !this.is_object() {
        return vm.type_error("PromiseResolve called on non-object");
    }
    Ok(Value::object(vm.promise_resolve(this, arg(args, 0))?))
}

// ECMA-262 27.2.4.8 Promise.try ( callbackfn, ...args )
fn promise_try(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    if !this.is_object() {
        return vm.type_error("Promise.try called on non-object");
    }
    let cap = vm.new_promise_capability(this)?;
    let rest = args.get(1..).unwrap_or(&[]);
    match vm.call(arg(args, 0), Value::UNDEFINED, rest) {
        Ok(v) => vm.capability_resolve(cap, v)?,
        Err(Throw::Exception(e)) => vm.capability_reject(cap, e)?,
        Err(t) => return Err(t),
    }
    Ok(cap.promise)
}

// ECMA-262 27.2.4.9 Promise.withResolvers ( )
fn promise_with_resolvers(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    let cap = vm.new_promise_capability(this)?;
    let (resolve, reject) = if cap.resolve.is_undefined() {
        let p = cap.promise.as_object().expect("promise");
        vm.create_resolving_functions(p)
    } else {
        (cap.resolve, cap.reject)
    };
    let o = vm.new_object();
    for (name, v) in [
        ("promise", cap.promise),
        ("resolve", resolve),
        ("reject", reject),
    ] {
        let key = vm.key(name);
        vm.create_data_property_or_throw(o, key, v)?;
    }
    Ok(Value::object(o))
}

/// The capability a combinator settles, with resolving functions that JavaScript may receive
/// (`Promise.all` passes the reject function to `then`).
fn exposed_capability(vm: &mut Vm, c: Value) -> JsResult<PromiseCapability> {
    let mut cap = vm.new_promise_capability(c)?;
    if cap.resolve.is_undefined() {
        let p = cap.promise.as_object().expect("promise");
        let (resolve, reject) = vm.create_resolving_functions(p);
        cap.resolve = resolve;
        cap.reject = reject;
    }
    Ok(cap)
}

/// ECMA-262 27.2.4.1.1 GetPromiseResolve.
fn get_promise_resolve(vm: &mut Vm, c: Value) -> JsResult<Value> {
    let key = vm.key("resolve");
    let resolve = vm.get_value(c, key)?;
    if !is_callable(vm, resolve) {
        return vm.type_error("Promise resolve or reject function is not callable");
    }
    Ok(vm.root(resolve))
}

/// Which combinator runs (they share the iteration of 27.2.4.1 and its siblings).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Combinator {
    All,
    AllSettled,
    Any,
    Race,
}

fn promise_all(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    combinator(vm, this, arg(args, 0), Combinator::All)
}

fn promise_all_settled(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    combinator(vm, this, arg(args, 0), Combinator::AllSettled)
}

fn promise_any(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    combinator(vm, this, arg(args, 0), Combinator::Any)
}

fn promise_race(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    combinator(vm, this, arg(args, 0), Combinator::Race)
}

/// ECMA-262 27.2.4.1 Promise.all, 27.2.4.2 allSettled, 27.2.4.3 any, 27.2.4.5 race: the common
/// steps (capability, GetPromiseResolve, GetIterator, IteratorClose and IfAbruptRejectPromise).
fn combinator(vm: &mut Vm, c: Value, iterable: Value, which: Combinator) -> JsResult<Value> {
    let cap = exposed_capability(vm, c)?;
    let reject_with = |vm: &mut Vm, t: Throw| -> JsResult<Value> {
        match t {
            Throw::Exception(e) => {
                vm.call(cap.reject, Value::UNDEFINED, &[e])?;
                Ok(cap.promise)
            }
            t => Err(t),
        }
    };
    let promise_resolve = match get_promise_resolve(vm, c) {
        Ok(r) => r,
        Err(t) => return reject_with(vm, t),
    };
    let (iterator, next) = match vm.get_iterator(iterable) {
        Ok(r) => r,
        Err(t) => return reject_with(vm, t),
    };
    vm.root(iterator);
    vm.root(next);
    match perform(vm, iterator, next, c, cap, promise_resolve, which) {
        Ok(v) => Ok(v),
        // The iterator threw (its [[Done]] is true): no IteratorClose.
        Err((t, true)) => reject_with(vm, t),
        Err((t, false)) => {
            let t = crate::builtins::object::close_iterator_on_error(vm, iterator, t);
            reject_with(vm, t)
        }
    }
}

// Fields of a combinator's shared record.
const VALUES: usize = 0; // a record whose elements are [[Values]] (or the errors of `any`)
const REMAINING: usize = 1; // [[RemainingElements]].[[Value]]
const CAP_PROMISE: usize = 2;
const CAP_RESOLVE: usize = 3;
const CAP_REJECT: usize = 4;
// Fields of an element function's record.
const SHARED: usize = 0;
const INDEX: usize = 1;
const ALREADY_CALLED: usize = 2; // a record [bool] shared by allSettled's two functions

/// PerformPromiseAll / AllSettled / Any / Race. `Err((error, iterator_done))`.
fn perform(
    vm: &mut Vm,
    iterator: Value,
    next: Value,
    c: Value,
    cap: PromiseCapability,
    promise_resolve: Value,
    which: Combinator,
) -> Result<Value, (Throw, bool)> {
    let values = new_record(vm, Vec::new());
    let shared = new_record(
        vm,
        vec![
            Value::object(values),
            Value::int(1),
            cap.promise,
            cap.resolve,
            cap.reject,
        ],
    );
    let shared = Value::object(shared);
    let mut index: u32 = 0;
    loop {
        let roots = vm.roots_len();
        let value = match vm.iterator_step(iterator, next) {
            Ok(v) => v,
            Err(t) => return Err((t, true)),
        };
        let Some(value) = value else {
            if which == Combinator::Race {
                return Ok(cap.promise);
            }
            // remainingElementsCount.[[Value]] - 1; resolve (or reject, for `any`) at zero.
            if decrement_remaining(vm, shared) {
                let list = record_values(vm, shared);
                if which == Combinator::Any {
                    let error = make_aggregate_error(vm, list, "All promises were rejected");
                    return Err((Throw::Exception(error), true));
                }
                let array = vm.new_array(list);
                vm.call(cap.resolve, Value::UNDEFINED, &[Value::object(array)])
                    .map_err(|t| (t, true))?;
            }
            return Ok(cap.promise);
        };
        vm.root(value);
        if which != Combinator::Race {
            vm.heap
                .object_mut(values)
                .elements
                .push_dense(Value::UNDEFINED);
        }
        let next_promise = vm
            .call(promise_resolve, c, &[value])
            .map_err(|t| (t, false))?;
        vm.root(next_promise);
        let (on_fulfilled, on_rejected) = match which {
            Combinator::Race => (cap.resolve, cap.reject),
            Combinator::All => {
                let f = element_function(vm, shared, index, None, all_resolve_element);
                (f, cap.reject)
            }
            Combinator::AllSettled => {
                let called = Value::object(new_record(vm, vec![Value::FALSE]));
                let f = element_function(vm, shared, index, Some(called), settled_fulfilled);
                let r = element_function(vm, shared, index, Some(called), settled_rejected);
                (f, r)
            }
            Combinator::Any => {
                let r = element_function(vm, shared, index, None, any_reject_element);
                (cap.resolve, r)
            }
        };
        if which != Combinator::Race {
            let n = field(vm, shared, REMAINING).as_int().unwrap_or(0);
            set_field(vm, shared, REMAINING, Value::int(n.saturating_add(1)));
        }
        let key = vm.key("then");
        let then = vm.get_value(next_promise, key).map_err(|t| (t, false))?;
        vm.call(then, next_promise, &[on_fulfilled, on_rejected])
            .map_err(|t| (t, false))?;
        index = index.saturating_add(1);
        vm.truncate_roots(roots);
    }
}

/// A resolve/reject element function: its record is [shared, index, already-called record].
fn element_function(
    vm: &mut Vm,
    shared: Value,
    index: u32,
    called: Option<Value>,
    call: NativeFn,
) -> Value {
    let called = match called {
        Some(c) => c,
        None => Value::object(new_record(vm, vec![Value::FALSE])),
    };
    let record = new_record(vm, vec![shared, Value::number(index as f64), called]);
    Value::object(native_with_data(vm, "", 1, call, Value::object(record)))
}

/// remainingElementsCount.[[Value]] - 1; true when it reaches zero.
fn decrement_remaining(vm: &mut Vm, shared: Value) -> bool {
    let n = field(vm, shared, REMAINING).as_int().unwrap_or(0) - 1;
    set_field(vm, shared, REMAINING, Value::int(n));
    n == 0
}

fn record_values(vm: &Vm, shared: Value) -> Vec<Value> {
    let values = field(vm, shared, VALUES);
    values
        .as_object()
        .and_then(|o| vm.heap.object(o).elements.dense())
        .map_or_else(Vec::new, |v| v.to_vec())
}

/// The element function's record, after its [[AlreadyCalled]] check: (shared record, index), or
/// `None` when it was already called.
fn element_call(vm: &mut Vm) -> Option<(Value, usize)> {
    let record = callee_data(vm);
    let called = field(vm, record, ALREADY_CALLED);
    if field(vm, called, 0) == Value::TRUE {
        return None;
    }
    set_field(vm, called, 0, Value::TRUE);
    let shared = field(vm, record, SHARED);
    let index = field(vm, record, INDEX).as_number().unwrap_or(0.0) as usize;
    Some((shared, index))
}

fn store_value(vm: &mut Vm, shared: Value, index: usize, value: Value) {
    let values = field(vm, shared, VALUES);
    set_field(vm, values, index, value);
}

/// The capability stored in a shared record.
fn shared_capability(vm: &Vm, shared: Value) -> PromiseCapability {
    PromiseCapability {
        promise: field(vm, shared, CAP_PROMISE),
        resolve: field(vm, shared, CAP_RESOLVE),
        reject: field(vm, shared, CAP_REJECT),
    }
}

/// The last element settled: resolve the capability with a new array of the values.
fn finish_all(vm: &mut Vm, shared: Value) -> JsResult<Value> {
    if decrement_remaining(vm, shared) {
        let list = record_values(vm, shared);
        let array = vm.new_array(list);
        let cap = shared_capability(vm, shared);
        return vm.call(cap.resolve, Value::UNDEFINED, &[Value::object(array)]);
    }
    Ok(Value::UNDEFINED)
}

// ECMA-262 27.2.4.1.3 Promise.all Resolve Element Functions
fn all_resolve_element(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let Some((shared, index)) = element_call(vm) else {
        return Ok(Value::UNDEFINED);
    };
    store_value(vm, shared, index, arg(args, 0));
    finish_all(vm, shared)
}

/// An allSettled result object: `{ status, [key]: value }`.
fn settled_entry(vm: &mut Vm, status: &str, key: &str, value: Value) -> JsResult<Value> {
    vm.root(value);
    let o = vm.new_object();
    let status_value = Value::string(vm.heap.intern(status));
    let status_key = vm.key("status");
    vm.create_data_property_or_throw(o, status_key, status_value)?;
    let key = vm.key(key);
    vm.create_data_property_or_throw(o, key, value)?;
    Ok(Value::object(o))
}

// ECMA-262 27.2.4.2.2 Promise.allSettled Resolve Element Functions
fn settled_fulfilled(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let Some((shared, index)) = element_call(vm) else {
        return Ok(Value::UNDEFINED);
    };
    let entry = settled_entry(vm, "fulfilled", "value", arg(args, 0))?;
    store_value(vm, shared, index, entry);
    finish_all(vm, shared)
}

// ECMA-262 27.2.4.2.3 Promise.allSettled Reject Element Functions
fn settled_rejected(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let Some((shared, index)) = element_call(vm) else {
        return Ok(Value::UNDEFINED);
    };
    let entry = settled_entry(vm, "rejected", "reason", arg(args, 0))?;
    store_value(vm, shared, index, entry);
    finish_all(vm, shared)
}

// ECMA-262 27.2.4.3.2 Promise.any Reject Element Functions
fn any_reject_element(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let Some((shared, index)) = element_call(vm) else {
        return Ok(Value::UNDEFINED);
    };
    store_value(vm, shared, index, arg(args, 0));
    if decrement_remaining(vm, shared) {
        let list = record_values(vm, shared);
        let error = make_aggregate_error(vm, list, "All promises were rejected");
        let cap = shared_capability(vm, shared);
        return vm.call(cap.reject, Value::UNDEFINED, &[error]);
    }
    Ok(Value::UNDEFINED)
}

// -------------------------------------------------------------------------------------------------
// Promise.prototype

/// ECMA-262 7.3.22 SpeciesConstructor(O, %Promise%).
fn species_constructor(vm: &mut Vm, o: Value) -> JsResult<Value> {
    let default = vm.realm.promise_constructor;
    super::species_constructor(vm, o, default)
}

// ECMA-262 27.2.5.4 Promise.prototype.then ( onFulfilled, onRejected )
fn promise_then(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let Some(promise) = this.as_object().filter(|_| is_promise(vm, this)) else {
        let shown = vm.describe_for_error(this);
        return vm.type_error(format!(
            "Method Promise.prototype.then called on incompatible receiver {shown}"
        ));
    };
    let c = species_constructor(vm, this)?;
    let cap = vm.new_promise_capability(c)?;
    Ok(vm.perform_promise_then(promise, arg(args, 0), arg(args, 1), Some(cap)))
}

// ECMA-262 27.2.5.1 Promise.prototype.catch ( onRejected )
fn promise_catch(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let key = vm.key("then");
    let then = vm.get_value(this, key)?;
    if !is_callable(vm, then) {
        let shown = crate::builtins::array::describe_callee(vm, then);
        return vm.type_error(format!("{shown} is not a function"));
    }
    vm.call(then, this, &[Value::UNDEFINED, arg(args, 0)])
}

// ECMA-262 27.2.5.3 Promise.prototype.finally ( onFinally )
fn promise_finally(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    if !this.is_object() {
        let shown = vm.describe_for_error(this);
        return vm.type_error(format!(
            "Method Promise.prototype.finally called on incompatible receiver {shown}"
        ));
    }
    let c = species_constructor(vm, this)?;
    let on_finally = arg(args, 0);
    let (then_finally, catch_finally) = if !is_callable(vm, on_finally) {
        (on_finally, on_finally)
    } else {
        let record = Value::object(new_record(vm, vec![on_finally, c]));
        let t = native_with_data(vm, "", 1, then_finally_function, record);
        let k = native_with_data(vm, "", 1, catch_finally_function, record);
        (Value::object(t), Value::object(k))
    };
    let key = vm.key("then");
    let then = vm.get_value(this, key)?;
    if !is_callable(vm, then) {
        let shown = crate::builtins::array::describe_callee(vm, then);
        return vm.type_error(format!("{shown} is not a function"));
    }
    vm.call(then, this, &[then_finally, catch_finally])
}

/// The shared steps of thenFinally and catchFinally: call onFinally, PromiseResolve(C, result),
/// then `p.then(thunk)` where the thunk returns or throws `value`.
fn finally_step(vm: &mut Vm, value: Value, thunk: NativeFn) -> JsResult<Value> {
    let record = callee_data(vm);
    let on_finally = field(vm, record, 0);
    let c = field(vm, record, 1);
    vm.root(value);
    let result = vm.call(on_finally, Value::UNDEFINED, &[])?;
    let p = vm.promise_resolve(c, result)?;
    vm.root(Value::object(p));
    let f = native_with_data(vm, "", 0, thunk, value);
    let key = vm.key("then");
    let then = vm.get_value(Value::object(p), key)?;
    if !is_callable(vm, then) {
        let shown = crate::builtins::array::describe_callee(vm, then);
        return vm.type_error(format!("{shown} is not a function"));
    }
    vm.call(then, Value::object(p), &[Value::object(f)])
}

// ECMA-262 27.2.5.3 step 6.a: thenFinally
fn then_finally_function(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    finally_step(vm, arg(args, 0), |vm, _, _| Ok(callee_data(vm)))
}

// ECMA-262 27.2.5.3 step 6.c: catchFinally
fn catch_finally_function(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    finally_step(vm, arg(args, 0), |vm, _, _| {
        Err(Throw::Exception(callee_data(vm)))
    })
}
