//! Interned identifier names (`Atom`), one table per parse.
//!
//! Identifier names and property names compare by index. The atoms listed in `well_known!` exist in
//! every table at fixed indices, so the parser can test `name == atom::LET` without a lookup. The
//! reserved words come first, so "is this a reserved word" is a range check.

use std::collections::HashMap;
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Atom(pub u32);

macro_rules! well_known {
    ($($name:ident = $text:literal,)*) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms, reason = "one variant per atom")]
        #[repr(u32)]
        enum WellKnown { $($name,)* }
        $(pub const $name: Atom = Atom(WellKnown::$name as u32);)*
        const WELL_KNOWN: &[&str] = &[$($text,)*];
    };
}

well_known! {
    // ECMA-262 12.7.2 ReservedWord (always reserved)
    EMPTY = "",
    BREAK = "break", CASE = "case", CATCH = "catch", CLASS = "class", CONST = "const",
    CONTINUE = "continue", DEBUGGER = "debugger", DEFAULT = "default", DELETE = "delete", DO = "do",
    ELSE = "else", ENUM = "enum", EXPORT = "export", EXTENDS = "extends", FALSE = "false",
    FINALLY = "finally", FOR = "for", FUNCTION = "function", IF = "if", IMPORT = "import", IN = "in",
    INSTANCEOF = "instanceof", NEW = "new", NULL = "null", RETURN = "return", SUPER = "super",
    SWITCH = "switch", THIS = "this", THROW = "throw", TRUE = "true", TRY = "try", TYPEOF = "typeof",
    VAR = "var", VOID = "void", WHILE = "while", WITH = "with",
    // Reserved in strict mode code only (12.7.2, 13.1.1 Static Semantics: Early Errors)
    IMPLEMENTS = "implements", INTERFACE = "interface", LET = "let", PACKAGE = "package",
    PRIVATE = "private", PROTECTED = "protected", PUBLIC = "public", STATIC = "static", YIELD = "yield",
    // Contextual names the parser tests
    AWAIT = "await", ASYNC = "async", OF = "of", GET = "get", SET = "set", FROM = "from", AS = "as",
    EVAL = "eval", ARGUMENTS = "arguments", CONSTRUCTOR = "constructor", PROTO = "__proto__",
    TARGET = "target", META = "meta", PROTOTYPE = "prototype", USING = "using", SOURCE = "source",
    UNDEFINED = "undefined", NAN = "NaN", INFINITY = "Infinity",
}

impl Atom {
    /// ECMA-262 ReservedWord, excluding `await` and `yield` (contextual, handled by the parser).
    pub fn is_reserved_word(self) -> bool {
        self.0 >= BREAK.0 && self.0 <= WITH.0
    }

    /// Identifiers that are reserved in strict mode code: `implements` … `yield`.
    pub fn is_strict_reserved_word(self) -> bool {
        self.0 >= IMPLEMENTS.0 && self.0 <= YIELD.0
    }
}

/// The table of names for one parse.
pub struct Interner {
    map: HashMap<Rc<str>, Atom>,
    names: Vec<Rc<str>>,
}

impl Default for Interner {
    fn default() -> Self {
        Interner::new()
    }
}

impl Interner {
    pub fn new() -> Interner {
        let mut interner = Interner {
            map: HashMap::with_capacity(1024),
            names: Vec::with_capacity(1024),
        };
        for name in WELL_KNOWN {
            let rc: Rc<str> = Rc::from(*name);
            let atom = Atom(interner.names.len() as u32);
            interner.names.push(rc.clone());
            interner.map.insert(rc, atom);
        }
        interner
    }

    pub fn intern(&mut self, name: &str) -> Atom {
        if let Some(&atom) = self.map.get(name) {
            return atom;
        }
        let rc: Rc<str> = Rc::from(name);
        let atom = Atom(self.names.len() as u32);
        self.names.push(rc.clone());
        self.map.insert(rc, atom);
        atom
    }

    /// The atom for `name` if it was interned.
    pub fn lookup(&self, name: &str) -> Option<Atom> {
        self.map.get(name).copied()
    }

    pub fn get(&self, atom: Atom) -> &str {
        &self.names[atom.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_atoms_are_fixed_and_classified() {
        let mut i = Interner::new();
        assert_eq!(i.intern("let"), LET);
        assert_eq!(i.get(WITH), "with");
        assert!(i.intern("if").is_reserved_word());
        assert!(!LET.is_reserved_word() && LET.is_strict_reserved_word());
        assert!(!AWAIT.is_reserved_word() && !AWAIT.is_strict_reserved_word());
        let x = i.intern("x");
        assert_eq!(i.intern("x"), x);
        assert!(!x.is_reserved_word());
    }
}
