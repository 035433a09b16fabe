//! Abstract operations on values (ECMA-262 7.1 type conversion, 7.2 testing and comparison, 13
//! operator semantics) used by the interpreter and the built-ins.

use super::realm::ErrorKind;
use super::{JsResult, Vm};
use crate::bytecode::Opcode;
use crate::runtime::bigint::{self, BigIntResult};
use crate::runtime::number;
use crate::runtime::object::ObjectKind;
use crate::runtime::property::PropertyKey;
use crate::runtime::value::{BigIntRef, Kind, ObjectRef, StringRef};
use crate::runtime::Value;
use num_bigint::BigInt;
use num_traits::Zero;
use std::cmp::Ordering;

const MIX_BIGINT: &str = "Cannot mix BigInt and other types, use explicit conversions";

/// The preferred type for ToPrimitive.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    Default,
    Number,
    String,
}

impl Vm {
    /// ECMA-262 7.1.2 ToBoolean.
    pub fn to_boolean(&mut self, v: Value) -> bool {
        match v.kind() {
            Kind::Undefined | Kind::Null | Kind::Hole => false,
            Kind::Boolean(b) => b,
            Kind::Number => {
                let n = v.as_number().unwrap_or(f64::NAN);
                n != 0.0 && !n.is_nan()
            }
            Kind::String(s) => self.heap.string_len(s) > 0,
            Kind::Symbol(_) | Kind::Object(_) => true,
            Kind::BigInt(b) => !self.heap.bigint(b).is_zero(),
        }
    }

    /// ECMA-262 7.1.1 ToPrimitive (without `Symbol.toPrimitive`, which arrives with Symbols):
    /// OrdinaryToPrimitive tries `valueOf` then `toString` (the reverse for the string hint).
    pub fn to_primitive(&mut self, v: Value, hint: Hint) -> JsResult<Value> {
        let Some(o) = v.as_object() else { return Ok(v) };
        // An exotic @@toPrimitive method comes first (ECMA-262 7.1.1 step 1.a).
        let key = PropertyKey::Symbol(self.realm.symbols.to_primitive);
        let exotic = self.get_value(v, key)?;
        if !exotic.is_nullish() {
            if !exotic.as_object().is_some_and(|f| self.is_callable(f)) {
                return self.type_error("Symbol.toPrimitive is not a function");
            }
            let hint_name = match hint {
                Hint::Default => "default",
                Hint::Number => "number",
                Hint::String => "string",
            };
            let h = Value::string(self.heap.intern(hint_name));
            let result = self.call(exotic, v, &[h])?;
            if result.is_object() {
                return self.type_error("Cannot convert object to primitive value");
            }
            return Ok(result);
        }
        let order: [&str; 2] = if hint == Hint::String {
            ["toString", "valueOf"]
        } else {
            ["valueOf", "toString"]
        };
        for name in order {
            let key = self.key(name);
            let method = self.get_value(Value::object(o), key)?;
            if let Some(m) = method.as_object() {
                if self.is_callable(m) {
                    let result = self.call(method, Value::object(o), &[])?;
                    if !result.is_object() {
                        return Ok(result);
                    }
                }
            }
        }
        self.type_error("Cannot convert object to primitive value")
    }

    /// ECMA-262 7.1.4 ToNumber.
    pub fn to_number(&mut self, v: Value) -> JsResult<f64> {
        Ok(match v.kind() {
            Kind::Number => v.as_number().unwrap_or(f64::NAN),
            Kind::Undefined | Kind::Hole => f64::NAN,
            Kind::Null => 0.0,
            Kind::Boolean(b) => f64::from(u8::from(b)),
            Kind::String(s) => {
                let mut units = Vec::new();
                self.heap.flat(s).push_to(&mut units);
                number::string_to_number(&units)
            }
            Kind::Symbol(_) => return self.type_error("Cannot convert a Symbol value to a number"),
            Kind::BigInt(_) => return self.type_error("Cannot convert a BigInt value to a number"),
            Kind::Object(_) => {
                let p = self.to_primitive(v, Hint::Number)?;
                return self.to_number(p);
            }
        })
    }

    /// ECMA-262 7.1.3 ToNumeric: a Number or a BigInt.
    pub fn to_numeric(&mut self, v: Value) -> JsResult<Value> {
        if v.is_number() || v.is_bigint() {
            return Ok(v);
        }
        let p = self.to_primitive(v, Hint::Number)?;
        if p.is_bigint() {
            return Ok(p);
        }
        Ok(Value::number(self.to_number(p)?))
    }

    /// ECMA-262 7.1.13 ToBigInt, with V8's messages.
    pub fn to_bigint(&mut self, v: Value) -> JsResult<BigIntRef> {
        let p = self.to_primitive(v, Hint::Number)?;
        let value = match p.kind() {
            Kind::BigInt(b) => return Ok(b),
            Kind::Boolean(b) => BigInt::from(u8::from(b)),
            Kind::String(s) => {
                let mut units = Vec::new();
                self.heap.flat(s).push_to(&mut units);
                match bigint::string_to_bigint(&units) {
                    Some(n) => n,
                    None => {
                        let text = self.heap.to_rust_string(s);
                        return self.throw(
                            ErrorKind::SyntaxError,
                            format!("Cannot convert {text} to a BigInt"),
                        );
                    }
                }
            }
            Kind::Undefined | Kind::Null | Kind::Hole | Kind::Number => {
                let text = self.describe_for_error(p);
                return self.type_error(format!("Cannot convert {text} to a BigInt"));
            }
            Kind::Symbol(s) => {
                let text = crate::builtins::symbol::symbol_descriptive_string(self, s);
                return self.type_error(format!("Cannot convert {text} to a BigInt"));
            }
            Kind::Object(_) => unreachable!("ToPrimitive returns a primitive"),
        };
        let b = self.alloc_bigint(value);
        Ok(b.as_bigint().expect("a BigInt"))
    }

    /// A BigInt operation's result on the heap, or its RangeError.
    pub fn bigint_result(&mut self, r: BigIntResult) -> JsResult<Value> {
        match r {
            Ok(n) => Ok(self.alloc_bigint(n)),
            Err(e) => self.throw(ErrorKind::RangeError, e.message()),
        }
    }

    /// ECMA-262 7.1.17 ToString.
    pub fn to_string(&mut self, v: Value) -> JsResult<StringRef> {
        if let Some(s) = v.as_string() {
            return Ok(s);
        }
        Ok(match v.kind() {
            Kind::String(s) => s,
            Kind::Undefined | Kind::Hole => self.heap.intern("undefined"),
            Kind::Null => self.heap.intern("null"),
            Kind::Boolean(true) => self.heap.intern("true"),
            Kind::Boolean(false) => self.heap.intern("false"),
            Kind::Number => match v.as_int() {
                Some(i) => self.int_to_string(i),
                None => {
                    let text = number::number_to_string(v.as_number().unwrap_or(f64::NAN));
                    self.alloc_str(&text)
                }
            },
            Kind::Symbol(_) => return self.type_error("Cannot convert a Symbol value to a string"),
            Kind::BigInt(b) => {
                let text = bigint::to_string_radix(self.heap.bigint(b), 10);
                self.alloc_str(&text)
            }
            Kind::Object(_) => {
                let p = self.to_primitive(v, Hint::String)?;
                return self.to_string(p);
            }
        })
    }

    /// The decimal digits of an int32 (Number::toString without the double machinery).
    fn int_to_string(&mut self, i: i32) -> StringRef {
        let mut buffer = [0u8; 11];
        let digits = int_digits(i, &mut buffer);
        self.alloc_js_string(crate::runtime::string::JsString::Latin1(digits.into()))
    }

    /// `s + i` or `i + s` (`int_first`) for a short Latin-1 string and an int32, built in one
    /// allocation (the Add operator's common `"item" + i`); `None` for anything else.
    fn concat_int(&mut self, s: StringRef, i: i32, int_first: bool) -> Option<StringRef> {
        let mut buffer = [0u8; 11];
        let digits = int_digits(i, &mut buffer);
        let bytes = self.heap.string(s).flat()?.latin1()?;
        if bytes.len() + digits.len() >= crate::runtime::heap::ROPE_MIN as usize {
            return None;
        }
        let mut out = Vec::with_capacity(bytes.len() + digits.len());
        if int_first {
            out.extend_from_slice(digits);
            out.extend_from_slice(bytes);
        } else {
            out.extend_from_slice(bytes);
            out.extend_from_slice(digits);
        }
        Some(self.alloc_js_string(crate::runtime::string::JsString::Latin1(out.into())))
    }

    /// ToString into Rust text (for messages and the console).
    pub fn to_rust_string(&mut self, v: Value) -> JsResult<String> {
        let s = self.to_string(v)?;
        Ok(self.heap.to_rust_string(s))
    }

    /// ECMA-262 7.1.18 ToObject.
    pub fn to_object(&mut self, v: Value) -> JsResult<ObjectRef> {
        use crate::runtime::object::Object;
        let (proto, kind) = match v.kind() {
            Kind::Object(o) => return Ok(o),
            Kind::Undefined | Kind::Null | Kind::Hole => {
                return self.type_error("Cannot convert undefined or null to object");
            }
            Kind::Boolean(b) => (self.realm.boolean_prototype, ObjectKind::Boolean(b)),
            Kind::Number => (
                self.realm.number_prototype,
                ObjectKind::Number(v.as_number().unwrap_or(0.0)),
            ),
            Kind::String(s) => (self.realm.string_prototype, ObjectKind::String(s)),
            Kind::Symbol(s) => (self.realm.symbol_prototype, ObjectKind::Symbol(s)),
            Kind::BigInt(b) => (self.realm.bigint_prototype, ObjectKind::BigInt(b)),
        };
        Ok(self.alloc_object(Object::new(Some(proto), kind)))
    }

    /// ECMA-262 7.1.19 ToPropertyKey.
    pub fn to_property_key(&mut self, v: Value) -> JsResult<PropertyKey> {
        if let Some(i) = v.as_int() {
            if i >= 0 {
                return Ok(PropertyKey::Index(i as u32));
            }
        }
        let v = if v.is_object() {
            self.to_primitive(v, Hint::String)?
        } else {
            v
        };
        if let Some(sym) = v.as_symbol() {
            return Ok(PropertyKey::Symbol(sym));
        }
        let s = self.to_string(v)?;
        Ok(self.string_key(s))
    }

    /// The property key for a string: an index if it is a canonical array index, else interned.
    pub fn string_key(&mut self, s: StringRef) -> PropertyKey {
        // Keys in code (`{a: 1}`, `o["a"]`) are atoms already: their key is remembered.
        if let Some(key) = self.heap.atom_key(s) {
            return key;
        }
        let key = match self.heap.flat(s).as_array_index() {
            Some(i) => PropertyKey::Index(i),
            None => PropertyKey::String(self.heap.intern_string(s)),
        };
        if key == PropertyKey::String(s) {
            // `s` is the atom itself.
            self.heap.cache_atom_key(s, key);
        }
        key
    }

    /// A property key as a JavaScript value (a string or a symbol).
    pub fn key_to_value(&mut self, key: PropertyKey) -> Value {
        match key {
            PropertyKey::String(s) => Value::string(s),
            PropertyKey::Symbol(s) => Value::symbol(s),
            PropertyKey::Index(i) => Value::string(self.heap.intern(&i.to_string())),
        }
    }

    pub fn key_to_display(&mut self, key: PropertyKey) -> String {
        match key {
            PropertyKey::String(s) => self.heap.to_rust_string(s),
            PropertyKey::Index(i) => i.to_string(),
            PropertyKey::Symbol(s) => crate::builtins::symbol::symbol_descriptive_string(self, s),
        }
    }

    /// How a value is named in a TypeError message.
    pub fn describe_for_error(&mut self, v: Value) -> String {
        match v.kind() {
            Kind::String(s) => format!("\"{}\"", self.heap.to_rust_string(s)),
            Kind::Object(o) => {
                if self.is_callable(o) {
                    "function".to_string()
                } else {
                    "object".to_string()
                }
            }
            Kind::Number => number::number_to_string(v.as_number().unwrap_or(f64::NAN)),
            Kind::Undefined | Kind::Hole => "undefined".to_string(),
            Kind::Null => "null".to_string(),
            Kind::Boolean(b) => b.to_string(),
            Kind::Symbol(s) => crate::builtins::symbol::symbol_descriptive_string(self, s),
            // Decimal text is quadratic in the length: a huge BigInt is not spelled out in a message.
            Kind::BigInt(b) if self.heap.bigint(b).bits() > 4096 => "a BigInt".to_string(),
            Kind::BigInt(b) => format!("{}n", self.heap.bigint(b)),
        }
    }

    /// ECMA-262 7.2.16 IsStrictlyEqual.
    pub fn strictly_equal(&mut self, a: Value, b: Value) -> bool {
        if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
            return x == y;
        }
        if let (Some(x), Some(y)) = (a.as_bigint(), b.as_bigint()) {
            // ECMA-262 6.1.6.2.13 BigInt::equal
            return x == y || self.heap.bigint(x) == self.heap.bigint(y);
        }
        match (a.as_string(), b.as_string()) {
            (Some(x), Some(y)) => self.heap.string_eq(x, y),
            _ => a == b,
        }
    }

    /// StringToBigInt on a string value (ECMA-262 7.1.14); `None` when it is not an integer.
    fn string_value_to_bigint(&mut self, s: StringRef) -> Option<BigInt> {
        let mut units = Vec::new();
        self.heap.flat(s).push_to(&mut units);
        bigint::string_to_bigint(&units)
    }

    /// ECMA-262 7.2.15 IsLooselyEqual.
    pub fn loosely_equal(&mut self, a: Value, b: Value) -> JsResult<bool> {
        if a.is_nullish() && b.is_nullish() {
            return Ok(true);
        }
        let same_type = std::mem::discriminant(&a.kind()) == std::mem::discriminant(&b.kind())
            || (a.is_number() && b.is_number());
        if same_type {
            return Ok(self.strictly_equal(a, b));
        }
        if a.is_nullish() || b.is_nullish() {
            return Ok(false);
        }
        if a.is_number() && b.is_string() {
            let n = self.to_number(b)?;
            return Ok(a.as_number() == Some(n));
        }
        if a.is_string() && b.is_number() {
            let n = self.to_number(a)?;
            return Ok(b.as_number() == Some(n));
        }
        // Steps 6–7: BigInt and String.
        if let (Some(x), Some(y)) = (a.as_bigint(), b.as_string()) {
            return Ok(self
                .string_value_to_bigint(y)
                .is_some_and(|n| *self.heap.bigint(x) == n));
        }
        if a.is_string() && b.is_bigint() {
            return self.loosely_equal(b, a);
        }
        if a.is_boolean() {
            let n = self.to_number(a)?;
            return self.loosely_equal(Value::number(n), b);
        }
        if b.is_boolean() {
            let n = self.to_number(b)?;
            return self.loosely_equal(a, Value::number(n));
        }
        let primitive = |v: Value| v.is_number() || v.is_string() || v.is_symbol() || v.is_bigint();
        if primitive(a) && b.is_object() {
            let p = self.to_primitive(b, Hint::Default)?;
            return self.loosely_equal(a, p);
        }
        if a.is_object() && primitive(b) {
            let p = self.to_primitive(a, Hint::Default)?;
            return self.loosely_equal(p, b);
        }
        // Step 13: a BigInt and a Number compare mathematically (NaN and ±Infinity equal nothing).
        if let (Some(x), Some(y)) = (a.as_bigint(), b.as_number()) {
            return Ok(bigint::compare_with_f64(self.heap.bigint(x), y) == Some(Ordering::Equal));
        }
        if let (Some(x), Some(y)) = (a.as_number(), b.as_bigint()) {
            return Ok(bigint::compare_with_f64(self.heap.bigint(y), x) == Some(Ordering::Equal));
        }
        Ok(false)
    }

    /// `<`, `>`, `<=`, `>=` (ECMA-262 7.2.13 IsLessThan).
    pub(super) fn compare(&mut self, op: Opcode, left: Value, right: Value) -> JsResult<bool> {
        if let (Some(a), Some(b)) = (left.as_int(), right.as_int()) {
            return Ok(match op {
                Opcode::Lt => a < b,
                Opcode::Gt => a > b,
                Opcode::LtEq => a <= b,
                _ => a >= b,
            });
        }
        let a = self.to_primitive(left, Hint::Number)?;
        self.root(a);
        let b = self.to_primitive(right, Hint::Number)?;
        self.root(b);
        // `None` is the spec's undefined (a NaN, or a string that is no BigInt): every operator is
        // false then.
        let ord = self.compare_primitives(a, b)?;
        Ok(match op {
            Opcode::Lt => ord == Some(Ordering::Less),
            Opcode::Gt => ord == Some(Ordering::Greater),
            Opcode::LtEq => matches!(ord, Some(Ordering::Less | Ordering::Equal)),
            _ => matches!(ord, Some(Ordering::Greater | Ordering::Equal)),
        })
    }

    /// The order of two primitives, as IsLessThan (ECMA-262 7.2.13) sees it from step 3 on.
    fn compare_primitives(&mut self, a: Value, b: Value) -> JsResult<Option<Ordering>> {
        if let (Some(x), Some(y)) = (a.as_string(), b.as_string()) {
            self.heap.flat(x);
            self.heap.flat(y);
            let ord = self
                .heap
                .string(x)
                .flat()
                .expect("flat")
                .compare(self.heap.string(y).flat().expect("flat"));
            return Ok(Some(ord));
        }
        // Steps 3.a–b: a BigInt and a string compare after StringToBigInt.
        if let (Some(x), Some(y)) = (a.as_bigint(), b.as_string()) {
            let Some(n) = self.string_value_to_bigint(y) else {
                return Ok(None);
            };
            return Ok(Some(self.heap.bigint(x).cmp(&n)));
        }
        if let (Some(x), Some(y)) = (a.as_string(), b.as_bigint()) {
            let Some(n) = self.string_value_to_bigint(x) else {
                return Ok(None);
            };
            return Ok(Some(n.cmp(self.heap.bigint(y))));
        }
        let x = self.to_numeric(a)?;
        let y = self.to_numeric(b)?;
        Ok(match (x.as_bigint(), y.as_bigint()) {
            (Some(p), Some(q)) => Some(self.heap.bigint(p).cmp(self.heap.bigint(q))),
            (Some(p), None) => bigint::compare_with_f64(self.heap.bigint(p), number_of(y)),
            (None, Some(q)) => {
                bigint::compare_with_f64(self.heap.bigint(q), number_of(x)).map(Ordering::reverse)
            }
            (None, None) => number_of(x).partial_cmp(&number_of(y)),
        })
    }

    /// Binary arithmetic and bitwise operators (ECMA-262 13.15.3 ApplyStringOrNumericBinaryOperator).
    pub(super) fn binary_arithmetic(
        &mut self,
        op: Opcode,
        left: Value,
        right: Value,
    ) -> JsResult<Value> {
        if let (Some(a), Some(b)) = (left.as_int(), right.as_int()) {
            let fast = match op {
                Opcode::Add => a.checked_add(b).map(Value::int),
                Opcode::Sub => a.checked_sub(b).map(Value::int),
                Opcode::BitAnd => Some(Value::int(a & b)),
                Opcode::BitOr => Some(Value::int(a | b)),
                Opcode::BitXor => Some(Value::int(a ^ b)),
                _ => None,
            };
            if let Some(v) = fast {
                return Ok(v);
            }
        }
        let (left, right) = if op == Opcode::Add {
            // A string and an int32: no temporary string for the digits.
            let quick = match (
                left.as_string(),
                right.as_int(),
                left.as_int(),
                right.as_string(),
            ) {
                (Some(s), Some(i), _, _) => self.concat_int(s, i, false),
                (_, _, Some(i), Some(s)) => self.concat_int(s, i, true),
                _ => None,
            };
            if let Some(s) = quick {
                return Ok(Value::string(s));
            }
            let a = self.to_primitive(left, Hint::Default)?;
            self.root(a);
            let b = self.to_primitive(right, Hint::Default)?;
            self.root(b);
            if a.is_string() || b.is_string() {
                let x = self.to_string(a)?;
                self.root(Value::string(x));
                let y = self.to_string(b)?;
                if self.heap.string_len(x) as u64 + self.heap.string_len(y) as u64 > (1 << 30) {
                    return self.throw(ErrorKind::RangeError, "Invalid string length");
                }
                self.maybe_collect_keeping(&[Value::string(x), Value::string(y)]);
                let s = self.heap.concat(x, y);
                return Ok(Value::string(s));
            }
            (a, b)
        } else {
            (left, right)
        };
        let x = self.to_numeric(left)?;
        self.root(x);
        let y = self.to_numeric(right)?;
        match (x.as_bigint(), y.as_bigint()) {
            (Some(p), Some(q)) => return self.bigint_binary(op, p, q),
            (None, None) => {}
            _ => return self.type_error(MIX_BIGINT),
        }
        let (x, y) = (number_of(x), number_of(y));
        Ok(Value::number(match op {
            Opcode::Add => x + y,
            Opcode::Sub => x - y,
            Opcode::Mul => x * y,
            Opcode::Div => x / y,
            Opcode::Mod => {
                if y.is_infinite() && x.is_finite() {
                    x
                } else {
                    x % y
                }
            }
            Opcode::Exp => exponentiate(x, y),
            Opcode::BitAnd => (number::to_int32(x) & number::to_int32(y)) as f64,
            Opcode::BitOr => (number::to_int32(x) | number::to_int32(y)) as f64,
            Opcode::BitXor => (number::to_int32(x) ^ number::to_int32(y)) as f64,
            Opcode::Shl => number::to_int32(x).wrapping_shl(number::to_uint32(y) & 31) as f64,
            Opcode::Shr => (number::to_int32(x) >> (number::to_uint32(y) & 31)) as f64,
            Opcode::UShr => (number::to_uint32(x) >> (number::to_uint32(y) & 31)) as f64,
            _ => unreachable!("not an arithmetic opcode"),
        }))
    }

    /// The BigInt operators of ECMA-262 6.1.6.2 (Table 2 of 13.15.3).
    fn bigint_binary(&mut self, op: Opcode, p: BigIntRef, q: BigIntRef) -> JsResult<Value> {
        let (x, y) = (self.heap.bigint(p), self.heap.bigint(q));
        let result = match op {
            Opcode::Add => bigint::add(x, y),
            Opcode::Sub => bigint::subtract(x, y),
            Opcode::Mul => bigint::multiply(x, y),
            Opcode::Div => bigint::divide(x, y),
            Opcode::Mod => bigint::remainder(x, y),
            Opcode::Exp => bigint::exponentiate(x, y),
            Opcode::BitAnd => Ok(bigint::bitwise_and(x, y)),
            Opcode::BitOr => Ok(bigint::bitwise_or(x, y)),
            Opcode::BitXor => Ok(bigint::bitwise_xor(x, y)),
            Opcode::Shl => bigint::shift_left(x, y),
            Opcode::Shr => bigint::shift_right(x, y),
            // ECMA-262 6.1.6.2.11 BigInt::unsignedRightShift throws a TypeError.
            Opcode::UShr => {
                return self.type_error("BigInts have no unsigned right shift, use >> instead")
            }
            _ => unreachable!("not an arithmetic opcode"),
        };
        self.bigint_result(result)
    }

    /// Collect now if due, with `extra` values rooted (for natives holding them in Rust locals).
    pub fn maybe_collect_keeping(&mut self, extra: &[Value]) {
        if self.heap.should_collect() {
            let n = self.roots.len();
            self.roots.extend_from_slice(extra);
            self.collect_garbage();
            self.roots.truncate(n);
        }
    }

    /// `-`, `~`, `++` and `--` (ECMA-262 13.5.4, 13.5.6, 13.4): Number or BigInt.
    pub(super) fn unary_arithmetic(&mut self, op: Opcode, v: Value) -> JsResult<Value> {
        if let Some(i) = v.as_int() {
            match op {
                Opcode::Inc => {
                    if let Some(r) = i.checked_add(1) {
                        return Ok(Value::int(r));
                    }
                }
                Opcode::Dec => {
                    if let Some(r) = i.checked_sub(1) {
                        return Ok(Value::int(r));
                    }
                }
                Opcode::BitNot => return Ok(Value::int(!i)),
                _ => {}
            }
        }
        let v = self.to_numeric(v)?;
        if let Some(b) = v.as_bigint() {
            let x = self.heap.bigint(b);
            let result = match op {
                // ECMA-262 6.1.6.2.1 BigInt::unaryMinus
                Opcode::Negate => Ok(-x),
                Opcode::BitNot => Ok(bigint::bitwise_not(x)),
                Opcode::Inc => bigint::add(x, &BigInt::from(1u8)),
                _ => bigint::subtract(x, &BigInt::from(1u8)),
            };
            return self.bigint_result(result);
        }
        let x = number_of(v);
        Ok(Value::number(match op {
            Opcode::Negate => -x,
            Opcode::BitNot => !number::to_int32(x) as f64,
            Opcode::Inc => x + 1.0,
            _ => x - 1.0,
        }))
    }

    /// ECMA-262 13.10.2 InstanceofOperator (with `Symbol.hasInstance`).
    pub(super) fn instance_of(&mut self, value: Value, target: Value) -> JsResult<bool> {
        crate::builtins::function::instanceof_operator(self, value, target)
    }
}

/// The f64 of a value known to be a Number.
fn number_of(v: Value) -> f64 {
    v.as_number().unwrap_or(f64::NAN)
}

/// ECMA-262 6.1.6.1.3 Number::exponentiate (differs from IEEE pow for ±1 ** ±Infinity and NaN).
fn exponentiate(base: f64, exponent: f64) -> f64 {
    if exponent.is_nan() || (base.abs() == 1.0 && exponent.is_infinite()) {
        return f64::NAN;
    }
    base.powf(exponent)
}

/// `numeric_binary` for the JIT's helper (two Numbers, else `None`; never allocates).
#[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
#[inline(never)]
pub(crate) fn numeric(op: Opcode, left: Value, right: Value) -> Option<Value> {
    numeric_binary(op, left, right)
}

/// The result of a binary operator when both operands are Numbers and the operator cannot call
/// user code or allocate: the interpreter's fast path. `None`: use the general operation.
/// Always inlined: the dispatch loop calls it with a constant `op`, so each use folds to one case.
#[inline(always)]
pub(super) fn numeric_binary(op: Opcode, left: Value, right: Value) -> Option<Value> {
    if let (Some(a), Some(b)) = (left.as_int(), right.as_int()) {
        let exact = match op {
            Opcode::Add => a.checked_add(b).map(Value::int),
            Opcode::Sub => a.checked_sub(b).map(Value::int),
            // 0 * -1 is -0, a double.
            Opcode::Mul => a
                .checked_mul(b)
                .filter(|&r| r != 0 || (a | b) >= 0)
                .map(Value::int),
            // The sign of a remainder is the dividend's; -0 when a negative dividend divides evenly.
            Opcode::Mod if a >= 0 && b > 0 => Some(Value::int(a % b)),
            Opcode::BitAnd => Some(Value::int(a & b)),
            Opcode::BitOr => Some(Value::int(a | b)),
            Opcode::BitXor => Some(Value::int(a ^ b)),
            Opcode::Shl => Some(Value::int(a.wrapping_shl(b as u32 & 31))),
            Opcode::Shr => Some(Value::int(a >> (b as u32 & 31))),
            Opcode::UShr => Some(Value::number(((a as u32) >> (b as u32 & 31)) as f64)),
            Opcode::Lt => Some(Value::boolean(a < b)),
            Opcode::Gt => Some(Value::boolean(a > b)),
            Opcode::LtEq => Some(Value::boolean(a <= b)),
            Opcode::GtEq => Some(Value::boolean(a >= b)),
            Opcode::StrictEq | Opcode::Eq => Some(Value::boolean(a == b)),
            Opcode::StrictNotEq | Opcode::NotEq => Some(Value::boolean(a != b)),
            _ => None,
        };
        if exact.is_some() {
            return exact;
        }
    }
    let (x, y) = (left.as_number()?, right.as_number()?);
    Some(match op {
        Opcode::Add => Value::number(x + y),
        Opcode::Sub => Value::number(x - y),
        Opcode::Mul => Value::number(x * y),
        Opcode::Div => Value::number(x / y),
        // f64 `%` is C's fmod: the sign of the dividend, as ECMA-262 6.1.6.1.6 Number::remainder.
        Opcode::Mod => Value::number(x % y),
        Opcode::BitAnd => Value::int(number::to_int32(x) & number::to_int32(y)),
        Opcode::BitOr => Value::int(number::to_int32(x) | number::to_int32(y)),
        Opcode::BitXor => Value::int(number::to_int32(x) ^ number::to_int32(y)),
        Opcode::Shl => Value::int(number::to_int32(x).wrapping_shl(number::to_uint32(y) & 31)),
        Opcode::Shr => Value::int(number::to_int32(x) >> (number::to_uint32(y) & 31)),
        Opcode::UShr => Value::number((number::to_uint32(x) >> (number::to_uint32(y) & 31)) as f64),
        Opcode::Lt => Value::boolean(x < y),
        Opcode::Gt => Value::boolean(x > y),
        Opcode::LtEq => Value::boolean(x <= y),
        Opcode::GtEq => Value::boolean(x >= y),
        Opcode::StrictEq | Opcode::Eq => Value::boolean(x == y),
        Opcode::StrictNotEq | Opcode::NotEq => Value::boolean(x != y),
        _ => return None,
    })
}

/// The decimal digits of `i` (with a leading `-`), written at the end of `buffer`.
fn int_digits(i: i32, buffer: &mut [u8; 11]) -> &[u8] {
    let mut at = buffer.len();
    let mut n = i.unsigned_abs();
    loop {
        at -= 1;
        buffer[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        at -= 1;
        buffer[at] = b'-';
    }
    &buffer[at..]
}
