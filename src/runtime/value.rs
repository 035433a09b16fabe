//! `Value`: every JavaScript value in 64 bits (NaN-boxing).
//!
//! A double is stored as itself. Every other value hides in the negative quiet-NaN space, which no
//! double the engine produces occupies (NaNs are canonicalised to `CANONICAL_NAN`, a positive NaN):
//!
//! ```text
//!  bits 63..48   47..32   31..0
//!  0xFFF9        0        int32            small integers (the int32 fast path)
//!  0xFFFA        0        special          undefined, null, false, true, hole
//!  0xFFFB        0        string index     heap references: an index into the heap's table of
//!  0xFFFC        0        object index     that kind (see runtime::heap)
//!  0xFFFD        0        symbol index
//!  0xFFFE        0        bigint index
//!  anything below 0xFFF9_0000_0000_0000     a double
//! ```
//!
//! So "is a double" is one unsigned compare and "is an int32" one compare of the top 16 bits; both
//! stay cheap in JIT code. Heap references are 32-bit indices, identical on 64-bit hosts and wasm32.
//!
//! Architecture Invariant: this module is the only place that knows the encoding.

use std::fmt;

/// Index of a string in the heap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StringRef(pub u32);
/// Index of an object in the heap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectRef(pub u32);
/// Index of a symbol in the heap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SymbolRef(pub u32);
/// Index of a BigInt in the heap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BigIntRef(pub u32);

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Value(u64);

const TAG_SHIFT: u32 = 48;
const TAG_INT: u64 = 0xFFF9;
const TAG_SPECIAL: u64 = 0xFFFA;
const TAG_STRING: u64 = 0xFFFB;
const TAG_OBJECT: u64 = 0xFFFC;
const TAG_SYMBOL: u64 = 0xFFFD;
const TAG_BIGINT: u64 = 0xFFFE;
/// Values at or above this are tagged; below it, doubles.
const FIRST_TAGGED: u64 = TAG_INT << TAG_SHIFT;
/// The one NaN bit pattern a `Value` holds.
pub const CANONICAL_NAN: u64 = 0x7FF8_0000_0000_0000;

/// The encoding, for the JIT's generated code (which must agree with this file, and reads it from here).
pub mod bits {
    /// `bits >> SHIFT` is the tag of a non-double value.
    pub const SHIFT: u32 = super::TAG_SHIFT;
    /// The tag of an int32 (its payload is the low 32 bits).
    pub const INT_TAG: u64 = super::TAG_INT;
    /// `INT_TAG << SHIFT`: or-ed with a zero-extended i32 it makes an int32 value.
    pub const INT_BITS: u64 = super::TAG_INT << super::TAG_SHIFT;
    /// Bits below this are doubles.
    pub const FIRST_TAGGED: u64 = super::FIRST_TAGGED;
    /// The one NaN the engine makes.
    pub const CANONICAL_NAN: u64 = super::CANONICAL_NAN;
    /// The tag of an object (its payload is the heap index).
    pub const OBJECT_TAG: u64 = super::TAG_OBJECT;
}

const fn tagged(tag: u64, payload: u32) -> Value {
    Value((tag << TAG_SHIFT) | payload as u64)
}

/// The kinds a `Value` can be, for `match`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    Undefined,
    Null,
    Boolean(bool),
    /// An int32 or a double; `Value::as_number` gives the f64.
    Number,
    String(StringRef),
    Symbol(SymbolRef),
    BigInt(BigIntRef),
    Object(ObjectRef),
    /// The engine's "no value here": an array hole, or a binding in its temporal dead zone.
    /// Never visible to JavaScript code.
    Hole,
}

impl Value {
    pub const UNDEFINED: Value = tagged(TAG_SPECIAL, 0);
    pub const NULL: Value = tagged(TAG_SPECIAL, 1);
    pub const FALSE: Value = tagged(TAG_SPECIAL, 2);
    pub const TRUE: Value = tagged(TAG_SPECIAL, 3);
    pub const HOLE: Value = tagged(TAG_SPECIAL, 4);
    pub const NAN: Value = Value(CANONICAL_NAN);

    /// The raw bits (for the JIT and for hashing).
    pub const fn to_bits(self) -> u64 {
        self.0
    }

    /// Rebuild from `to_bits` output.
    pub const fn from_bits(bits: u64) -> Value {
        Value(bits)
    }

    pub const fn int(i: i32) -> Value {
        tagged(TAG_INT, i as u32)
    }

    /// A number: int32-valued doubles (other than -0) use the int32 representation, NaN is canonical.
    pub fn number(n: f64) -> Value {
        let i = n as i32;
        if i as f64 == n && !(i == 0 && n.is_sign_negative()) {
            return Value::int(i);
        }
        Value::double(n)
    }

    /// A number kept as a double (NaN canonicalised).
    pub fn double(n: f64) -> Value {
        if n.is_nan() {
            Value(CANONICAL_NAN)
        } else {
            Value(n.to_bits())
        }
    }

    pub const fn boolean(b: bool) -> Value {
        if b {
            Value::TRUE
        } else {
            Value::FALSE
        }
    }

    pub const fn string(s: StringRef) -> Value {
        tagged(TAG_STRING, s.0)
    }

    pub const fn object(o: ObjectRef) -> Value {
        tagged(TAG_OBJECT, o.0)
    }

    pub const fn symbol(s: SymbolRef) -> Value {
        tagged(TAG_SYMBOL, s.0)
    }

    pub const fn bigint(b: BigIntRef) -> Value {
        tagged(TAG_BIGINT, b.0)
    }

    const fn tag(self) -> u64 {
        self.0 >> TAG_SHIFT
    }

    const fn payload(self) -> u32 {
        self.0 as u32
    }

    pub fn kind(self) -> Kind {
        if self.0 < FIRST_TAGGED {
            return Kind::Number;
        }
        match self.tag() {
            TAG_INT => Kind::Number,
            TAG_STRING => Kind::String(StringRef(self.payload())),
            TAG_OBJECT => Kind::Object(ObjectRef(self.payload())),
            TAG_SYMBOL => Kind::Symbol(SymbolRef(self.payload())),
            TAG_BIGINT => Kind::BigInt(BigIntRef(self.payload())),
            _ => match self.payload() {
                0 => Kind::Undefined,
                1 => Kind::Null,
                2 => Kind::Boolean(false),
                3 => Kind::Boolean(true),
                _ => Kind::Hole,
            },
        }
    }

    pub const fn is_int(self) -> bool {
        self.tag() == TAG_INT
    }

    pub const fn is_double(self) -> bool {
        self.0 < FIRST_TAGGED
    }

    pub const fn is_number(self) -> bool {
        self.is_double() || self.is_int()
    }

    pub const fn is_undefined(self) -> bool {
        self.0 == Value::UNDEFINED.0
    }

    pub const fn is_null(self) -> bool {
        self.0 == Value::NULL.0
    }

    /// `undefined` or `null`.
    pub const fn is_nullish(self) -> bool {
        self.is_undefined() || self.is_null()
    }

    pub const fn is_hole(self) -> bool {
        self.0 == Value::HOLE.0
    }

    pub const fn is_boolean(self) -> bool {
        self.0 == Value::TRUE.0 || self.0 == Value::FALSE.0
    }

    pub const fn is_string(self) -> bool {
        self.tag() == TAG_STRING
    }

    pub const fn is_object(self) -> bool {
        self.tag() == TAG_OBJECT
    }

    pub const fn is_symbol(self) -> bool {
        self.tag() == TAG_SYMBOL
    }

    pub const fn is_bigint(self) -> bool {
        self.tag() == TAG_BIGINT
    }

    /// The int32, if this is one.
    pub const fn as_int(self) -> Option<i32> {
        if self.is_int() {
            Some(self.payload() as i32)
        } else {
            None
        }
    }

    /// The number, if this is one (int32 or double).
    pub fn as_number(self) -> Option<f64> {
        if self.is_double() {
            Some(f64::from_bits(self.0))
        } else if self.is_int() {
            Some(self.payload() as i32 as f64)
        } else {
            None
        }
    }

    pub const fn as_boolean(self) -> Option<bool> {
        if self.0 == Value::TRUE.0 {
            Some(true)
        } else if self.0 == Value::FALSE.0 {
            Some(false)
        } else {
            None
        }
    }

    pub const fn as_string(self) -> Option<StringRef> {
        if self.is_string() {
            Some(StringRef(self.payload()))
        } else {
            None
        }
    }

    pub const fn as_object(self) -> Option<ObjectRef> {
        if self.is_object() {
            Some(ObjectRef(self.payload()))
        } else {
            None
        }
    }

    pub const fn as_symbol(self) -> Option<SymbolRef> {
        if self.is_symbol() {
            Some(SymbolRef(self.payload()))
        } else {
            None
        }
    }

    pub const fn as_bigint(self) -> Option<BigIntRef> {
        if self.is_bigint() {
            Some(BigIntRef(self.payload()))
        } else {
            None
        }
    }
}

impl Default for Value {
    fn default() -> Value {
        Value::UNDEFINED
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind() {
            Kind::Number => write!(f, "{}", self.as_number().unwrap_or(f64::NAN)),
            Kind::String(s) => write!(f, "string#{}", s.0),
            Kind::Object(o) => write!(f, "object#{}", o.0),
            Kind::Symbol(s) => write!(f, "symbol#{}", s.0),
            Kind::BigInt(b) => write!(f, "bigint#{}", b.0),
            other => write!(f, "{other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips() {
        assert_eq!(Value::UNDEFINED.kind(), Kind::Undefined);
        assert_eq!(Value::NULL.kind(), Kind::Null);
        assert_eq!(Value::TRUE.kind(), Kind::Boolean(true));
        assert_eq!(Value::FALSE.kind(), Kind::Boolean(false));
        assert_eq!(Value::HOLE.kind(), Kind::Hole);
        assert_eq!(Value::string(StringRef(7)).as_string(), Some(StringRef(7)));
        assert_eq!(
            Value::object(ObjectRef(u32::MAX)).as_object(),
            Some(ObjectRef(u32::MAX))
        );
        assert_eq!(
            Value::symbol(SymbolRef(3)).kind(),
            Kind::Symbol(SymbolRef(3))
        );
        assert_eq!(
            Value::bigint(BigIntRef(0)).kind(),
            Kind::BigInt(BigIntRef(0))
        );
        assert!(!Value::object(ObjectRef(1)).is_number());
    }

    #[test]
    fn numbers_use_int32_when_exact_and_canonical_nan_otherwise() {
        assert_eq!(Value::number(42.0), Value::int(42));
        assert_eq!(Value::number(-7.0).as_int(), Some(-7));
        // -0 must stay a double: 1 / -0 is -Infinity.
        let neg_zero = Value::number(-0.0);
        assert!(neg_zero.is_double() && neg_zero.as_number().unwrap().is_sign_negative());
        assert!(Value::number(2147483648.0).is_double());
        assert_eq!(Value::int(i32::MIN).as_number(), Some(-2147483648.0));
        let nan = Value::number(f64::from_bits(0xFFF8_0000_0000_1234));
        assert_eq!(nan.to_bits(), CANONICAL_NAN);
        assert!(nan.as_number().unwrap().is_nan());
        for x in [
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN_POSITIVE,
            -1.5,
            5e-324,
        ] {
            let v = Value::number(x);
            assert!(v.is_double(), "{x}");
            assert_eq!(v.as_number(), Some(x));
        }
    }
}
