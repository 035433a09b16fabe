//! `Function` and `Function.prototype` (ECMA-262 20.2).

use super::arg;
use crate::runtime::number;
use crate::runtime::object::{Object, ObjectKind};
use crate::runtime::property::{Attrs, PropertyKey};
use crate::runtime::Value;
use crate::vm::property::Own;
use crate::vm::realm::ErrorKind;
use crate::vm::{JsResult, Vm};

/// Argument lists longer than this are a RangeError (`apply`, `Reflect.apply`, `Reflect.construct`).
const MAX_ARGUMENTS: f64 = 10_000_000.0;

pub fn install(vm: &mut Vm) {
    // Function
    let function_prototype = vm.realm.function_prototype;
    vm.define_constructor(
        "Function",
        1,
        function_constructor,
        function_prototype,
        Value::UNDEFINED,
    );
    // Function.prototype is itself a function of length 0 named "" (ECMA-262 20.2.3).
    let length_key = vm.key("length");
    if vm.get_own(function_prototype, length_key).is_none() {
        vm.define_own(
            function_prototype,
            length_key,
            Value::int(0),
            Attrs::new(Attrs::CONFIGURABLE),
        );
    }
    let name_key = vm.key("name");
    if vm.get_own(function_prototype, name_key).is_none() {
        let empty = Value::string(vm.heap.intern(""));
        vm.define_own(
            function_prototype,
            name_key,
            empty,
            Attrs::new(Attrs::CONFIGURABLE),
        );
    }
    // %ThrowTypeError% (ECMA-262 10.2.4.1): frozen, `length` 0 and `name` "" non-configurable.
    let thrower = vm.native_function(
        "",
        0,
        |vm, _, _| {
            vm.type_error(
                "'caller', 'callee', and 'arguments' properties may not be accessed on strict mode functions or the arguments objects for calls to them",
            )
        },
        false,
        Value::UNDEFINED,
    );
    for name in ["length", "name"] {
        let key = vm.key(name);
        if let Some(crate::vm::property::Own::Data(v, _)) = vm.get_own(thrower, key) {
            vm.define_own(thrower, key, v, Attrs::FROZEN);
        }
    }
    vm.heap.object_mut(thrower).extensible = false;
    vm.realm.throw_type_error = Value::object(thrower);
    // AddRestrictedFunctionProperties (ECMA-262 10.2.4): Function.prototype.caller / .arguments.
    for name in ["caller", "arguments"] {
        let key = vm.key(name);
        vm.define_accessor(function_prototype, key, Value::object(thrower), false);
        vm.define_accessor(function_prototype, key, Value::object(thrower), true);
        let attrs = Attrs::new(Attrs::CONFIGURABLE | Attrs::ACCESSOR);
        if let Some((pair, _)) = vm
            .heap
            .object(function_prototype)
            .get_own_named(&vm.heap.shapes, key)
        {
            let shapes = &mut vm.heap.shapes;
            vm.heap
                .objects
                .get_mut(function_prototype.0)
                .define_named(shapes, key, pair, attrs);
        }
    }
    // ECMA-262 20.2.3.3 Function.prototype.call(thisArg, ...args).
    vm.define_method(function_prototype, "call", 1, |vm, this, args| {
        let rest = if args.is_empty() { &[][..] } else { &args[1..] };
        vm.call(this, arg(args, 0), rest)
    });
    // ECMA-262 20.2.3.1 Function.prototype.apply(thisArg, argArray).
    vm.define_method(function_prototype, "apply", 2, |vm, this, args| {
        if !this.as_object().is_some_and(|f| vm.is_callable(f)) {
            return vm.type_error("Function.prototype.apply was called on a non-function");
        }
        let list = arg(args, 1);
        let values = if list.is_nullish() {
            Vec::new()
        } else {
            create_list_from_array_like(vm, list)?
        };
        vm.call(this, arg(args, 0), &values)
    });
    vm.define_method(function_prototype, "bind", 1, function_bind);
    vm.define_method(function_prototype, "toString", 0, function_to_string);
    // ECMA-262 20.2.3.6 Function.prototype[@@hasInstance](V): not writable, enumerable or configurable.
    let has_instance = vm.realm.symbols.has_instance;
    let f = vm.native_function(
        "[Symbol.hasInstance]",
        1,
        function_has_instance,
        false,
        Value::UNDEFINED,
    );
    vm.define_own(
        function_prototype,
        PropertyKey::Symbol(has_instance),
        Value::object(f),
        Attrs::FROZEN,
    );
}

/// ECMA-262 20.2.1.1 Function(...parameterArgs, bodyArg), through 20.2.1.1.1 CreateDynamicFunction.
fn function_constructor(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    create_dynamic_function(vm, args, None)
}

/// ECMA-262 20.2.1.1.1 CreateDynamicFunction for the native constructor being run (`Function`, or
/// `GeneratorFunction`, `AsyncFunction`, `AsyncGeneratorFunction` for a coroutine `kind`).
pub(crate) fn create_dynamic_function(
    vm: &mut Vm,
    args: &[Value],
    kind: Option<crate::bytecode::CoroutineKind>,
) -> JsResult<Value> {
    use crate::bytecode::CoroutineKind;
    let (new_target, callee) = (vm.native_new_target, vm.native_callee);
    let (params, body) = match args.split_last() {
        Some((body, params)) => (params, *body),
        None => (&[][..], Value::UNDEFINED),
    };
    let mut p = String::new();
    for (i, &param) in params.iter().enumerate() {
        if i > 0 {
            p.push(',');
        }
        p.push_str(&vm.to_rust_string(param)?);
    }
    let body_text = if args.is_empty() {
        String::new()
    } else {
        vm.to_rust_string(body)?
    };
    let prefix = match kind {
        None => "(function anonymous(",
        Some(CoroutineKind::Generator) => "(function* anonymous(",
        Some(CoroutineKind::Async) => "(async function anonymous(",
        Some(CoroutineKind::AsyncGenerator) => "(async function* anonymous(",
    };
    let text = format!("{prefix}{p}\n) {{\n{body_text}\n}})");
    let parsed = match crate::syntax::parse(&text, crate::syntax::Goal::Script) {
        Ok(parsed) => parsed,
        Err(e) => return vm.throw(ErrorKind::SyntaxError, &e.message),
    };
    // The parameters and the body must each parse on their own: the whole text must be exactly our
    // function expression, with its body starting where we put the brace.
    let params_end = (prefix.len() + p.len()) as u32;
    let body_start = params_end + "\n) ".len() as u32;
    let well_formed = match parsed.program.body.as_slice() {
        [crate::syntax::ast::Statement::Expression(s)] => match &s.expression {
            crate::syntax::ast::Expression::Parenthesized(paren) => match &paren.expression {
                crate::syntax::ast::Expression::Function(f) => {
                    f.span.start == 1
                        && f.span.end as usize == text.len() - 1
                        && f.body.span.start == body_start
                        && f.params.iter().all(|q| q.span().end <= params_end)
                }
                _ => false,
            },
            _ => false,
        },
        _ => false,
    };
    if !well_formed {
        return vm.throw(
            ErrorKind::SyntaxError,
            "Arg string terminates parameters early",
        );
    }
    let source = std::rc::Rc::new(crate::bytecode::Source::new("anonymous".to_string(), text));
    let template = match crate::compiler::compile_script(&parsed, source, &mut vm.heap) {
        Ok(t) => t,
        Err(e) => return vm.throw(ErrorKind::SyntaxError, &e.message),
    };
    let f = vm.run_script(template)?;
    vm.root(f);
    // CreateDynamicFunction: the prototype from new.target, once the source has compiled.
    let default = vm.realm.function_prototype_for(kind);
    let proto = vm.prototype_from_constructor(new_target, callee, default)?;
    if let Some(o) = f.as_object() {
        vm.heap.object_mut(o).proto = Some(proto);
    }
    Ok(f)
}

/// ECMA-262 20.2.3.2 Function.prototype.bind(thisArg, ...args).
fn function_bind(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let Some(target) = this.as_object().filter(|&t| vm.is_callable(t)) else {
        return vm.type_error("Bind must be called on a function");
    };
    let bound_args: Box<[Value]> = args.iter().skip(1).copied().collect();
    let arg_count = bound_args.len() as f64;
    // ECMA-262 10.4.1.3 BoundFunctionCreate step 1: ? targetFunction.[[GetPrototypeOf]]().
    let proto = vm.get_prototype_of(target)?;
    let f = vm.alloc_object(Object::new(
        proto,
        ObjectKind::Bound {
            target,
            this: arg(args, 0),
            args: bound_args,
        },
    ));
    // Steps 5-7: length is max(0, target's length - bound arguments) when the target has one.
    let length_key = vm.key("length");
    let mut length = 0.0;
    if vm.has_own_property(target, length_key)? {
        let target_len = vm.get_value(Value::object(target), length_key)?;
        if let Some(n) = target_len.as_number() {
            length = if n == f64::INFINITY {
                f64::INFINITY
            } else if n == f64::NEG_INFINITY {
                0.0
            } else {
                (number::to_integer_or_infinity(n) - arg_count).max(0.0)
            };
        }
    }
    vm.define_own(
        f,
        length_key,
        Value::number(length),
        Attrs::new(Attrs::CONFIGURABLE),
    );
    // Steps 8-10: the name is "bound " + the target's name (if a string).
    let name_key = vm.key("name");
    let target_name = vm.get_value(Value::object(target), name_key)?;
    let mut units: Vec<u16> = "bound ".encode_utf16().collect();
    if let Some(s) = target_name.as_string() {
        vm.heap.flat(s).push_to(&mut units);
    }
    let name = vm.alloc_utf16(&units);
    vm.define_own(
        f,
        name_key,
        Value::string(name),
        Attrs::new(Attrs::CONFIGURABLE),
    );
    Ok(Value::object(f))
}

/// ECMA-262 20.2.3.5 Function.prototype.toString(): the source text of bytecode functions, the
/// NativeFunction form for the others.
fn function_to_string(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    let Some(f) = this.as_object() else {
        return vm.type_error("Function.prototype.toString requires that 'this' be a Function");
    };
    let native_name = match &vm.heap.object(f).kind {
        ObjectKind::Function(closure) => {
            let template = closure.template.clone();
            let (start, end) = (template.span.start as usize, template.span.end as usize);
            if let Some(text) = template.source.text.get(start..end) {
                return Ok(Value::string(vm.alloc_str(text)));
            }
            true
        }
        ObjectKind::Native(_) => true,
        ObjectKind::Bound { .. } | ObjectKind::Proxy { callable: true, .. } => false,
        // Function.prototype is itself a built-in function.
        _ if f == vm.realm.function_prototype => false,
        _ => {
            return vm.type_error("Function.prototype.toString requires that 'this' be a Function");
        }
    };
    let mut name = String::new();
    if native_name {
        let name_key = vm.key("name");
        if let Some(Own::Data(v, _)) = vm.get_own(f, name_key) {
            if let Some(s) = v.as_string() {
                name = vm.heap.to_rust_string(s);
            }
        }
    }
    let text = format!("function {name}() {{ [native code] }}");
    Ok(Value::string(vm.alloc_str(&text)))
}

/// ECMA-262 20.2.3.6 Function.prototype[@@hasInstance](V).
fn function_has_instance(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    Ok(Value::boolean(ordinary_has_instance(
        vm,
        this,
        arg(args, 0),
    )?))
}

/// ECMA-262 13.10.2 InstanceofOperator(V, target), with `Symbol.hasInstance`.
pub fn instanceof_operator(vm: &mut Vm, value: Value, target: Value) -> JsResult<bool> {
    if !target.is_object() {
        return vm.type_error("Right-hand side of 'instanceof' is not an object");
    }
    let key = PropertyKey::Symbol(vm.realm.symbols.has_instance);
    let handler = vm.get_value(target, key)?;
    if !handler.is_nullish() {
        let Some(h) = handler.as_object().filter(|&h| vm.is_callable(h)) else {
            let shown = vm.describe_for_error(handler);
            return vm.type_error(format!("{shown} is not a function"));
        };
        // The original Function.prototype[@@hasInstance] needs no call.
        let original = matches!(&vm.heap.object(h).kind, ObjectKind::Native(n)
            if std::ptr::fn_addr_eq(n.call, function_has_instance as crate::runtime::NativeFn));
        if original {
            return ordinary_has_instance(vm, target, value);
        }
        vm.root(handler);
        let result = vm.call(handler, target, &[value])?;
        return Ok(vm.to_boolean(result));
    }
    if !target.as_object().is_some_and(|t| vm.is_callable(t)) {
        return vm.type_error("Right-hand side of 'instanceof' is not callable");
    }
    ordinary_has_instance(vm, target, value)
}

/// ECMA-262 7.3.21 OrdinaryHasInstance(C, O).
pub fn ordinary_has_instance(vm: &mut Vm, c: Value, o: Value) -> JsResult<bool> {
    let Some(cf) = c.as_object().filter(|&f| vm.is_callable(f)) else {
        return Ok(false);
    };
    if let ObjectKind::Bound { target, .. } = vm.heap.object(cf).kind {
        return crate::util::stack::ensure(|| instanceof_operator(vm, o, Value::object(target)));
    }
    let Some(mut o) = o.as_object() else {
        return Ok(false);
    };
    let key = vm.key("prototype");
    let proto = vm.get_value(c, key)?;
    let Some(proto) = proto.as_object() else {
        return vm.type_error("Function has non-object prototype in instanceof check");
    };
    while let Some(p) = vm.get_prototype_of(o)? {
        if p == proto {
            return Ok(true);
        }
        o = p;
    }
    Ok(false)
}

/// ECMA-262 7.3.19 CreateListFromArrayLike (any element type). The values are rooted.
pub fn create_list_from_array_like(vm: &mut Vm, v: Value) -> JsResult<Vec<Value>> {
    let Some(o) = v.as_object() else {
        return vm.type_error("CreateListFromArrayLike called on non-object");
    };
    if let (ObjectKind::Array { length, .. }, Some(items)) =
        (&vm.heap.object(o).kind, vm.heap.object(o).elements.dense())
    {
        if items.len() == *length as usize && !items.iter().any(|v| v.is_hole()) {
            let items = items.to_vec();
            for &item in &items {
                vm.root(item);
            }
            return Ok(items);
        }
    }
    let length_key = vm.key("length");
    let len = vm.get_value(v, length_key)?;
    let len = number::to_integer_or_infinity(vm.to_number(len)?).max(0.0);
    if len > MAX_ARGUMENTS {
        return vm.throw(ErrorKind::RangeError, "Too many arguments in function call");
    }
    let mut out = Vec::with_capacity(len as usize);
    for i in 0..len as u32 {
        let item = vm.get_value(v, PropertyKey::Index(i))?;
        out.push(vm.root(item));
    }
    Ok(out)
}
