//! The Cranelift tier (native only; `feature = "jit"`).
//!
//! Architecture Invariant: the JIT is an optimisation. Every program behaves the same with it off, and the
//! wasm32 build never compiles this module or links Cranelift.
//!
//! Today this module only identifies the host instruction set Cranelift would compile for; the tier itself
//! is issue 5.

/// The name of the host ISA Cranelift targets, or why it cannot (for `kestrel --version`).
pub fn host_isa() -> String {
    match cranelift_native::builder() {
        Ok(builder) => builder.triple().to_string(),
        Err(e) => format!("unsupported ({e})"),
    }
}
