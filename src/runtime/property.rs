//! Property keys and attributes (ECMA-262 6.1.7).

use super::value::{StringRef, SymbolRef};

/// A property key. String keys are interned (`Heap::intern`), so two string keys are equal exactly
/// when their `StringRef`s are. Canonical array indices (`"0"` … `"4294967294"`) are `Index`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PropertyKey {
    Index(u32),
    String(StringRef),
    Symbol(SymbolRef),
}

/// Property attributes: `[[Writable]]`, `[[Enumerable]]`, `[[Configurable]]`, and whether the
/// property is an accessor (its slot then holds an accessor pair object).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Attrs(u8);

impl Attrs {
    pub const WRITABLE: u8 = 1;
    pub const ENUMERABLE: u8 = 2;
    pub const CONFIGURABLE: u8 = 4;
    pub const ACCESSOR: u8 = 8;

    /// What assignment and object literals create: writable, enumerable, configurable.
    pub const DEFAULT: Attrs = Attrs(Self::WRITABLE | Self::ENUMERABLE | Self::CONFIGURABLE);
    /// Built-in methods: writable and configurable, not enumerable.
    pub const HIDDEN: Attrs = Attrs(Self::WRITABLE | Self::CONFIGURABLE);
    /// Nothing allowed.
    pub const FROZEN: Attrs = Attrs(0);

    pub const fn new(bits: u8) -> Attrs {
        Attrs(bits)
    }

    pub const fn bits(self) -> u8 {
        self.0
    }

    pub const fn writable(self) -> bool {
        self.0 & Self::WRITABLE != 0
    }

    pub const fn enumerable(self) -> bool {
        self.0 & Self::ENUMERABLE != 0
    }

    pub const fn configurable(self) -> bool {
        self.0 & Self::CONFIGURABLE != 0
    }

    pub const fn is_accessor(self) -> bool {
        self.0 & Self::ACCESSOR != 0
    }

    pub const fn with(self, bits: u8) -> Attrs {
        Attrs(self.0 | bits)
    }

    pub const fn without(self, bits: u8) -> Attrs {
        Attrs(self.0 & !bits)
    }
}
