//! Small utilities shared by several stages; nothing here knows about JavaScript.

pub mod alloc;
pub mod hash;
pub mod stack;
