//! wasm-bindgen exports for the playground and the npm package (wasm32 only).
//!
//! Architecture Invariant: these functions use the same public API as the CLI; they return plain JSON
//! strings or JS values and never expose interpreter internals.

use wasm_bindgen::prelude::*;

/// The engine version.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// Parse `source` and return the ESTree JSON of the AST, or throw the rendered SyntaxError.
#[wasm_bindgen]
pub fn ast_json(source: &str, module: bool) -> Result<String, JsValue> {
    let goal = if module {
        crate::Goal::Module
    } else {
        crate::Goal::Script
    };
    match crate::syntax::parse(source, goal) {
        Ok(parsed) => Ok(crate::syntax::estree::to_json(&parsed, source)),
        Err(e) => Err(JsValue::from_str(&e.render("input.js", source))),
    }
}
