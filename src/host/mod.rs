//! The host: what ECMA-262 leaves to the embedding (module loading today).

pub mod modules;
