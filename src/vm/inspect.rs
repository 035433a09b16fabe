//! node-style display of values for `console.log` (a subset of `util.inspect`): strings are bare at
//! the top level and single-quoted inside structures, arrays as `[ 1, 2 ]`, objects as `{ a: 1 }`,
//! functions as `[Function: f]`, errors by their stack, nesting deeper than 2 as `[Object]`/`[Array]`,
//! cycles as `[Circular]`. Entries go on separate lines when the one-line form is longer than 72
//! characters, as node does.

use super::{JsResult, Vm};
use crate::runtime::number;
use crate::runtime::object::ObjectKind;
use crate::runtime::property::PropertyKey;
use crate::runtime::value::{Kind, ObjectRef};
use crate::runtime::Value;

const MAX_DEPTH: usize = 2;
const LINE_WIDTH: usize = 72;

pub fn inspect(vm: &mut Vm, v: Value, top: bool) -> JsResult<String> {
    let mut seen = Vec::new();
    format(vm, v, top, 0, &mut seen)
}

fn quote(s: &str) -> String {
    let mut out = String::from("'");
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

fn format(
    vm: &mut Vm,
    v: Value,
    top: bool,
    depth: usize,
    seen: &mut Vec<ObjectRef>,
) -> JsResult<String> {
    Ok(match v.kind() {
        Kind::Undefined | Kind::Hole => "undefined".into(),
        Kind::Null => "null".into(),
        Kind::Boolean(b) => b.to_string(),
        Kind::Number => {
            let n = v.as_number().unwrap_or(f64::NAN);
            if n == 0.0 && n.is_sign_negative() {
                "-0".into()
            } else {
                number::number_to_string(n)
            }
        }
        Kind::String(s) => {
            let text = vm.heap.to_rust_string(s);
            if top {
                text
            } else {
                quote(&text)
            }
        }
        Kind::Symbol(s) => crate::builtins::symbol::symbol_descriptive_string(vm, s),
        Kind::BigInt(b) => format!("{}n", vm.heap.bigint(b)),
        Kind::Object(o) => return format_object(vm, o, depth, seen),
    })
}

fn format_object(
    vm: &mut Vm,
    o: ObjectRef,
    depth: usize,
    seen: &mut Vec<ObjectRef>,
) -> JsResult<String> {
    // A proxy shows its target, without running any trap (as node does).
    let mut o = o;
    while let ObjectKind::Proxy { target, .. } = vm.heap.object(o).kind {
        match target {
            Some(t) => o = t,
            None => return Ok("<Revoked Proxy>".into()),
        }
    }
    if seen.contains(&o) {
        return Ok("[Circular]".into());
    }
    enum Shape {
        Function,
        Class,
        Array,
        Error,
        Map,
        Set,
        Weak(&'static str),
        Boxed(Value, &'static str),
        Date(f64),
        RegExp(
            crate::runtime::value::StringRef,
            crate::runtime::value::StringRef,
        ),
        Plain,
    }
    let shape = match &vm.heap.object(o).kind {
        ObjectKind::Function(c)
            if matches!(
                c.template.kind,
                crate::bytecode::FunctionKind::ClassConstructor { .. }
            ) =>
        {
            Shape::Class
        }
        ObjectKind::Function(_) | ObjectKind::Native(_) | ObjectKind::Bound { .. } => {
            Shape::Function
        }
        ObjectKind::Array { .. } => Shape::Array,
        ObjectKind::Error => Shape::Error,
        ObjectKind::Map(_) => Shape::Map,
        ObjectKind::Set(_) => Shape::Set,
        ObjectKind::WeakMap(_) => Shape::Weak("WeakMap"),
        ObjectKind::WeakSet(_) => Shape::Weak("WeakSet"),
        ObjectKind::Number(n) => Shape::Boxed(Value::number(*n), "Number"),
        ObjectKind::String(s) => Shape::Boxed(Value::string(*s), "String"),
        ObjectKind::Boolean(b) => Shape::Boxed(Value::boolean(*b), "Boolean"),
        ObjectKind::Symbol(s) => Shape::Boxed(Value::symbol(*s), "Symbol"),
        ObjectKind::BigInt(b) => Shape::Boxed(Value::bigint(*b), "BigInt"),
        ObjectKind::RegExp(d) => Shape::RegExp(d.source, d.flags),
        ObjectKind::Date(t) => Shape::Date(*t),
        _ => Shape::Plain,
    };
    let name_of = |vm: &mut Vm, f: Value| -> JsResult<String> {
        let key = vm.key("name");
        let name = vm.get_value(f, key)?;
        Ok(if name.is_string() {
            vm.to_rust_string(name)?
        } else {
            String::new()
        })
    };
    match shape {
        Shape::Function => {
            let name = name_of(vm, Value::object(o))?;
            // node names the kind of function: `[GeneratorFunction: g]`, `[AsyncFunction: f]`.
            let kind = match &vm.heap.object(o).kind {
                ObjectKind::Function(c) => match c.template.coroutine {
                    None => "Function",
                    Some(crate::bytecode::CoroutineKind::Generator) => "GeneratorFunction",
                    Some(crate::bytecode::CoroutineKind::Async) => "AsyncFunction",
                    Some(crate::bytecode::CoroutineKind::AsyncGenerator) => {
                        "AsyncGeneratorFunction"
                    }
                },
                _ => "Function",
            };
            return Ok(if name.is_empty() {
                format!("[{kind} (anonymous)]")
            } else {
                format!("[{kind}: {name}]")
            });
        }
        Shape::Class => {
            let name = name_of(vm, Value::object(o))?;
            let name = if name.is_empty() {
                "(anonymous)".to_string()
            } else {
                name
            };
            let parent = vm.heap.object(o).proto;
            let extends = match parent {
                Some(p) if p != vm.realm.function_prototype => {
                    let pn = name_of(vm, Value::object(p))?;
                    format!(" extends {pn}")
                }
                _ => String::new(),
            };
            return Ok(format!("[class {name}{extends}]"));
        }
        Shape::Error => {
            let key = vm.key("stack");
            let stack = vm.get_value(Value::object(o), key)?;
            if stack.is_string() {
                return vm.to_rust_string(stack);
            }
        }
        Shape::Weak(name) => return Ok(format!("{name} {{ <items unknown> }}")),
        // node shows a RegExp as its literal (RegExp.prototype.toString of the internal slots).
        // node shows a Date as its toISOString, or `Invalid Date`.
        Shape::Date(t) => {
            return Ok(if t.is_finite() {
                crate::builtins::date::iso_string(t)
            } else {
                "Invalid Date".into()
            });
        }
        Shape::RegExp(source, flags) => {
            let units = vm.heap.flat(source).units().collect::<Vec<u16>>();
            let source = String::from_utf16_lossy(&crate::builtins::regexp::escape_pattern(&units));
            let flags = vm.heap.to_rust_string(flags);
            return Ok(format!("/{source}/{flags}"));
        }
        _ => {}
    }
    // A prefix names what is not a plain object: `Point { … }`, `[Object: null prototype] { … }`.
    let proto = vm.heap.object(o).proto;
    let mut prefix = match &shape {
        Shape::Boxed(v, kind) => {
            let inner = format(vm, *v, false, depth + 1, seen)?;
            format!("[{kind}: {inner}]")
        }
        Shape::Map | Shape::Set => String::new(),
        _ if vm.namespace_module(o).is_some() => "[Module: null prototype]".to_string(),
        _ => match proto {
            None => "[Object: null prototype]".to_string(),
            Some(p) if p == vm.realm.object_prototype || p == vm.realm.array_prototype => {
                String::new()
            }
            Some(p) => {
                // As node: the name of the first named function found as an own `constructor`
                // up the prototype chain, then `[tag]` for a different @@toStringTag.
                let key = vm.key("constructor");
                let mut name = String::new();
                let mut at = Some(p);
                for _ in 0..100 {
                    let Some(q) = at else { break };
                    if let Some(super::property::Own::Data(c, _)) = vm.get_own(q, key) {
                        if c.as_object().is_some_and(|f| vm.is_callable(f)) {
                            name = name_of(vm, c)?;
                            if !name.is_empty() {
                                break;
                            }
                        }
                    }
                    at = vm.heap.object(q).proto;
                }
                let tag_key = PropertyKey::Symbol(vm.realm.symbols.to_string_tag);
                let tag = vm.get_value(Value::object(o), tag_key)?;
                let tag = if tag.is_string() {
                    vm.to_rust_string(tag)?
                } else {
                    String::new()
                };
                // As node: no prefix for another realm's Object and Array either.
                let array = matches!(shape, Shape::Array);
                let plain = if array { "Array" } else { "Object" };
                if !tag.is_empty() && tag != name {
                    let name = if name.is_empty() { "Object" } else { &name };
                    format!("{name} [{tag}]")
                } else if name == plain {
                    String::new()
                } else {
                    name
                }
            }
        },
    };
    let is_array = matches!(shape, Shape::Array);
    if depth > MAX_DEPTH {
        return Ok(match shape {
            Shape::Array => "[Array]".into(),
            Shape::Map => "[Map]".into(),
            Shape::Set => "[Set]".into(),
            _ if !prefix.is_empty() && !prefix.starts_with('[') => format!("[{prefix}]"),
            _ => "[Object]".into(),
        });
    }
    seen.push(o);
    let mut entries = Vec::new();
    if is_array {
        let items = crate::builtins::array_like_to_vec(vm, Value::object(o))?;
        let mut holes = 0;
        for item in items {
            if item.is_hole() {
                holes += 1;
                continue;
            }
            if holes > 0 {
                entries.push(format!(
                    "<{holes} empty item{}>",
                    if holes == 1 { "" } else { "s" }
                ));
                holes = 0;
            }
            entries.push(format(vm, item, false, depth + 1, seen)?);
        }
        if holes > 0 {
            entries.push(format!(
                "<{holes} empty item{}>",
                if holes == 1 { "" } else { "s" }
            ));
        }
    }
    if let Shape::Map | Shape::Set = shape {
        let mut pairs = Vec::new();
        if let ObjectKind::Map(t) | ObjectKind::Set(t) = &vm.heap.object(o).kind {
            t.for_each(|k, v| pairs.push((k, v)));
        }
        let is_map = matches!(shape, Shape::Map);
        prefix = format!("{}({})", if is_map { "Map" } else { "Set" }, pairs.len());
        for (k, v) in pairs {
            let key = format(vm, k, false, depth + 1, seen)?;
            if is_map {
                let value = format(vm, v, false, depth + 1, seen)?;
                entries.push(format!("{key} => {value}"));
            } else {
                entries.push(key);
            }
        }
    }
    // node: `Promise { <pending> }`, `Promise { 1 }`, `Promise { <rejected> Error: … }`.
    if let Some((state, result)) = crate::builtins::promise::promise_state(vm, Value::object(o)) {
        use crate::builtins::promise::PromiseState;
        entries.push(match state {
            PromiseState::Pending => "<pending>".to_string(),
            PromiseState::Fulfilled => format(vm, result, false, depth + 1, seen)?,
            PromiseState::Rejected => {
                format!("<rejected> {}", format(vm, result, false, depth + 1, seen)?)
            }
        });
    }
    let mut keys = vm.own_property_keys(o)?;
    keys.retain(|k| !(is_array && matches!(k, PropertyKey::Index(_))));
    if let Shape::Boxed(v, "String") = shape {
        let len = v.as_string().map_or(0, |s| vm.heap.string_len(s));
        keys.retain(|k| !matches!(k, PropertyKey::Index(i) if *i < len));
    }
    let namespace = vm.namespace_module(o);
    for key in keys {
        if let (Some(m), PropertyKey::Index(_) | PropertyKey::String(_)) = (namespace, key) {
            // A module namespace's export, read without throwing (node shows the TDZ).
            let value = match vm.namespace_get(m, key) {
                Ok(v) => format(vm, v, false, depth + 1, seen)?,
                Err(_) => "<uninitialized>".to_string(),
            };
            let name = vm.key_to_display(key);
            let name = if is_identifier(&name) {
                name
            } else {
                quote(&name)
            };
            entries.push(format!("{name}: {value}"));
            continue;
        }
        let (value, enumerable) = match vm.get_own(o, key) {
            Some(super::property::Own::Data(v, a)) => {
                (format(vm, v, false, depth + 1, seen)?, a.enumerable())
            }
            Some(super::property::Own::Accessor {
                getter,
                setter,
                attrs,
            }) => (
                match (getter.is_undefined(), setter.is_undefined()) {
                    (false, false) => "[Getter/Setter]".into(),
                    (false, true) => "[Getter]".into(),
                    _ => "[Setter]".into(),
                },
                attrs.enumerable(),
            ),
            None => continue,
        };
        if !enumerable {
            continue;
        }
        let name = match key {
            PropertyKey::Symbol(s) => format!(
                "[{}]",
                crate::builtins::symbol::symbol_descriptive_string(vm, s)
            ),
            _ => {
                let name = vm.key_to_display(key);
                if is_identifier(&name) {
                    name
                } else {
                    quote(&name)
                }
            }
        };
        entries.push(format!("{name}: {value}"));
    }
    seen.pop();
    let (open, close) = if is_array { ("[", "]") } else { ("{", "}") };
    let prefix = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix} ")
    };
    if entries.is_empty() {
        if let Shape::Boxed(..) = shape {
            return Ok(prefix.trim_end().to_string());
        }
        return Ok(format!("{prefix}{open}{close}"));
    }
    let one_line = format!("{prefix}{open} {} {close}", entries.join(", "));
    if one_line.len() <= LINE_WIDTH && !one_line.contains('\n') {
        return Ok(one_line);
    }
    let indent = "  ".repeat(depth + 1);
    let body: Vec<String> = entries
        .iter()
        .map(|e| format!("{indent}{}", e.replace('\n', &format!("\n{indent}"))))
        .collect();
    Ok(format!(
        "{prefix}{open}\n{}\n{}{close}",
        body.join(",\n"),
        "  ".repeat(depth)
    ))
}
