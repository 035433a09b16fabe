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
        Kind::BigInt(_) => "[BigInt]".into(),
        Kind::Object(o) => return format_object(vm, o, depth, seen),
    })
}

fn format_object(
    vm: &mut Vm,
    o: ObjectRef,
    depth: usize,
    seen: &mut Vec<ObjectRef>,
) -> JsResult<String> {
    if seen.contains(&o) {
        return Ok("[Circular]".into());
    }
    let kind = match &vm.heap.object(o).kind {
        ObjectKind::Function(_) | ObjectKind::Native(_) | ObjectKind::Bound { .. } => "function",
        ObjectKind::Array { .. } => "array",
        ObjectKind::Error => "error",
        _ => "object",
    };
    match kind {
        "function" => {
            let key = vm.key("name");
            let name = vm.get_value(Value::object(o), key)?;
            let name = if name.is_string() {
                vm.to_rust_string(name)?
            } else {
                String::new()
            };
            return Ok(if name.is_empty() {
                "[Function (anonymous)]".into()
            } else {
                format!("[Function: {name}]")
            });
        }
        "error" => {
            let key = vm.key("stack");
            let stack = vm.get_value(Value::object(o), key)?;
            if stack.is_string() {
                return vm.to_rust_string(stack);
            }
        }
        _ => {}
    }
    let is_array = kind == "array";
    if depth > MAX_DEPTH {
        return Ok(if is_array {
            "[Array]".into()
        } else {
            "[Object]".into()
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
    for key in vm.own_enumerable_keys(o) {
        if is_array && matches!(key, PropertyKey::Index(_)) {
            continue;
        }
        let name = vm.key_to_display(key);
        let name = if is_identifier(&name) {
            name
        } else {
            quote(&name)
        };
        let value = match vm.get_own(o, key) {
            Some(super::property::Own::Data(v, _)) => format(vm, v, false, depth + 1, seen)?,
            Some(super::property::Own::Accessor { getter, setter, .. }) => {
                match (getter.is_undefined(), setter.is_undefined()) {
                    (false, false) => "[Getter/Setter]".into(),
                    (false, true) => "[Getter]".into(),
                    _ => "[Setter]".into(),
                }
            }
            None => continue,
        };
        entries.push(format!("{name}: {value}"));
    }
    seen.pop();
    let (open, close) = if is_array { ("[", "]") } else { ("{", "}") };
    if entries.is_empty() {
        return Ok(format!("{open}{close}"));
    }
    let one_line = format!("{open} {} {close}", entries.join(", "));
    if one_line.len() <= LINE_WIDTH && !one_line.contains('\n') {
        return Ok(one_line);
    }
    let indent = "  ".repeat(depth + 1);
    let body: Vec<String> = entries
        .iter()
        .map(|e| format!("{indent}{}", e.replace('\n', &format!("\n{indent}"))))
        .collect();
    Ok(format!(
        "{open}\n{}\n{}{close}",
        body.join(",\n"),
        "  ".repeat(depth)
    ))
}
