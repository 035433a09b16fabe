//! The disassembler: a deterministic text form of a function template and the functions nested in it
//! (`kestrel --dump-bytecode`, bytecode snapshot tests). It walks operand kinds, so a new opcode needs
//! no printing code of its own.

use super::opcodes::Operand;
use super::template::{decode, Constant, FunctionTemplate};
use crate::runtime::Heap;
use crate::syntax::LineIndex;
use std::fmt::Write;

/// The text of `template` and, after it, every function nested in it (depth first, in order).
pub fn disassemble(template: &FunctionTemplate, heap: &mut Heap) -> String {
    let mut out = String::new();
    let index = LineIndex::new(&template.source.text);
    let mut templates: Vec<&FunctionTemplate> = vec![template];
    let mut i = 0;
    while i < templates.len() {
        let t = templates[i];
        for c in t.constants.iter() {
            if let Constant::Function(nested) = c {
                templates.push(nested);
            }
        }
        i += 1;
    }
    for t in templates {
        function(&mut out, t, heap, &index);
    }
    out
}

fn quoted(heap: &mut Heap, s: crate::runtime::value::StringRef) -> String {
    let text = heap.to_rust_string(s);
    format!("{text:?}")
}

fn function(out: &mut String, t: &FunctionTemplate, heap: &mut Heap, index: &LineIndex) {
    let name = t
        .name
        .map(|n| heap.to_rust_string(n))
        .unwrap_or_else(|| "<anonymous>".to_string());
    let pos = index.position(t.span.start);
    let _ = writeln!(
        out,
        "function {name} ({}:{}:{}) {:?}{}",
        t.source.name,
        pos.line,
        pos.column + 1,
        t.kind,
        if t.strict { " strict" } else { "" }
    );
    let _ = writeln!(
        out,
        "  params: {}, registers: {}, feedback slots: {}, length: {}",
        t.param_count, t.register_count, t.feedback_count, t.length
    );
    let mut pc = 0;
    while (pc as usize) < t.bytecode().len() {
        let ins = decode(t.bytecode(), pc);
        let marker = match t.positions.binary_search_by_key(&pc, |p| p.0) {
            Ok(i) => {
                let p = index.position(t.positions[i].1.start);
                format!("{:>4}:{:<3}", p.line, p.column + 1)
            }
            Err(_) => " ".repeat(8),
        };
        let mut text = format!("  {pc:04} {marker} {}", ins.opcode.name());
        for (k, &kind) in ins.opcode.operands().iter().enumerate() {
            let operand = operand_text(t, kind, ins.operands[k], heap);
            text.push(' ');
            text.push_str(&operand);
        }
        let _ = writeln!(out, "{text}");
        pc += ins.len;
    }
    if !t.handlers.is_empty() {
        let _ = writeln!(out, "  handlers:");
        for h in t.handlers.iter() {
            let _ = writeln!(
                out,
                "    @{:04}..@{:04} -> @{:04} (context depth {})",
                h.start, h.end, h.handler, h.context_depth
            );
        }
    }
    let _ = writeln!(out);
}

/// The text of operand value `v` of kind `kind` in `t` (`r3`, `c[2] "x"`, `@0012`, `[4]`, `-1`).
pub fn operand_text(t: &FunctionTemplate, kind: Operand, v: i64, heap: &mut Heap) -> String {
    match kind {
        Operand::Reg | Operand::RegOut | Operand::RegList => format!("r{v}"),
        Operand::Const => format!("c[{v}] {}", constant_text(t, v as usize, heap)),
        Operand::Imm | Operand::UImm => format!("{v}"),
        Operand::Feedback => format!("[{v}]"),
        Operand::Jump => format!("@{v:04}"),
    }
}

/// The text of constant `index` of `t` (numbers, quoted strings, `<function f>`, scope layouts, …).
pub fn constant_text(t: &FunctionTemplate, index: usize, heap: &mut Heap) -> String {
    let Some(constant) = t.constants.get(index) else {
        return "<no constant>".to_string();
    };
    match constant {
        Constant::Number(n) => format!("{n}"),
        Constant::String(s) => quoted(heap, *s),
        Constant::BigInt(b) => format!("{b}n"),
        Constant::Function(f) => {
            let n = f
                .name
                .map(|n| heap.to_rust_string(n))
                .unwrap_or_else(|| "<anonymous>".into());
            format!("<function {n}>")
        }
        Constant::Scope(layout) => {
            let list: Vec<String> = layout
                .names
                .iter()
                .map(|&n| heap.to_rust_string(n))
                .collect();
            match layout.kind {
                crate::bytecode::ScopeKind::Block => {
                    format!("[{}]", list.join(", "))
                }
                crate::bytecode::ScopeKind::Function => {
                    format!("function [{}]", list.join(", "))
                }
                crate::bytecode::ScopeKind::With => "<with>".to_string(),
            }
        }
        Constant::ArgumentsMap(map) => {
            let list: Vec<String> = map
                .iter()
                .map(|&m| {
                    if m == u32::MAX {
                        "-".into()
                    } else {
                        m.to_string()
                    }
                })
                .collect();
            format!("slots [{}]", list.join(", "))
        }
        Constant::EvalVars(d) => {
            let list: Vec<String> = d
                .vars
                .iter()
                .chain(&d.functions)
                .map(|&n| heap.to_rust_string(n))
                .collect();
            format!("eval [{}]", list.join(", "))
        }
        Constant::Globals(_) => "<globals>".to_string(),
        Constant::TemplateSite(_) => "<template strings>".to_string(),
    }
}
