//! Bytecode: the opcode table, function templates, encoding and the disassembler.
//!
//! Architecture Invariant: bytecode is the only interface between the compiler, the interpreter and
//! (later) the JIT; every consumer reads the one opcode table in `opcodes.rs`.

pub mod disasm;
pub mod feedback;
pub mod opcodes;
pub mod template;
pub mod verify;

pub use opcodes::{Opcode, Operand};
pub use template::{
    decode, fetch, Builder, Constant, CoroutineKind, EvalDeclarations, Fetched, FunctionKind,
    FunctionTemplate, GlobalDeclarations, Handler, Instruction, LocalInfo, Operands, ScopeKind,
    ScopeLayout, SlotMode, Source, TemplateSite,
};
