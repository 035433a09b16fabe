//! The runtime's data: values, strings, objects and shapes, the heap they live in.
//!
//! Architecture Invariant: nothing here runs JavaScript; the interpreter (vm/) and built-ins use these
//! types through the VM, which owns the heap and decides when to collect.

pub mod bigint;
pub mod coroutine;
pub mod heap;
pub mod number;
pub mod object;
pub mod property;
pub mod shape;
pub mod string;
pub mod value;

pub use heap::Heap;
pub use value::Value;

/// A Rust function callable from JavaScript: `(vm, this, arguments) -> result`.
pub type NativeFn = fn(&mut crate::vm::Vm, Value, &[Value]) -> crate::vm::JsResult<Value>;
