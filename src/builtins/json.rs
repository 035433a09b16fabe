//! The `JSON` object (ECMA-262 25.5): `parse` (an iterative parser, so nesting depth costs no Rust
//! stack) and `stringify`.

use super::arg;
use crate::runtime::number;
use crate::runtime::object::{Object, ObjectKind};
use crate::runtime::property::{Attrs, PropertyKey};
use crate::runtime::value::{Kind, ObjectRef};
use crate::runtime::Value;
use crate::vm::realm::ErrorKind;
use crate::vm::{JsResult, Vm};

/// Nesting deeper than this in `stringify` and in the reviver walk is a RangeError.
const MAX_DEPTH: usize = 5_000;
/// Results longer than this (in UTF-16 code units) are a RangeError, as string concatenation's are.
const MAX_STRING_LENGTH: usize = 1 << 30;

pub fn install(vm: &mut Vm) {
    // JSON (ECMA-262 25.5)
    let proto = vm.realm.object_prototype;
    let json = vm.alloc_object(Object::new(Some(proto), ObjectKind::Ordinary));
    let global = vm.realm.global;
    vm.define_value(global, "JSON", Value::object(json), Attrs::HIDDEN);
    vm.define_method(json, "parse", 2, json_parse);
    vm.define_method(json, "stringify", 3, json_stringify);
    // ECMA-262 25.5.3 JSON[@@toStringTag]
    let tag = Value::string(vm.heap.intern("JSON"));
    let key = PropertyKey::Symbol(vm.realm.symbols.to_string_tag);
    vm.define_own(json, key, tag, Attrs::new(Attrs::CONFIGURABLE));
}

// -------------------------------------------------------------------------------------------------
// JSON.parse

/// ECMA-262 25.5.1 JSON.parse(text [, reviver]).
/// ECMA-262 25.5.1 JSON.parse (also ParseJSONModule's parser).
pub(crate) fn json_parse(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let text = vm.to_string(arg(args, 0))?;
    vm.root(Value::string(text));
    let mut units = Vec::new();
    vm.heap.flat(text).push_to(&mut units);
    let unfiltered = Parser {
        units: &units,
        pos: 0,
    }
    .parse(vm)?;
    let reviver = arg(args, 1);
    if !reviver.as_object().is_some_and(|r| vm.is_callable(r)) {
        return Ok(unfiltered);
    }
    let root = vm.new_object();
    let empty = PropertyKey::String(vm.heap.intern(""));
    vm.define_own(root, empty, unfiltered, Attrs::DEFAULT);
    internalize(vm, root, empty, reviver, 0)
}

/// ECMA-262 25.5.1.1 InternalizeJSONProperty(holder, name, reviver).
fn internalize(
    vm: &mut Vm,
    holder: ObjectRef,
    name: PropertyKey,
    reviver: Value,
    depth: usize,
) -> JsResult<Value> {
    let value = vm.get_value(Value::object(holder), name)?;
    vm.root(value);
    if let Some(o) = value.as_object() {
        if depth >= MAX_DEPTH {
            return vm.throw(ErrorKind::RangeError, "Maximum call stack size exceeded");
        }
        let keys = if vm.is_array(value)? {
            let len = length_of_array_like(vm, value)?;
            (0..len.min(u32::MAX as f64) as u32)
                .map(PropertyKey::Index)
                .collect()
        } else {
            enumerable_own_string_keys(vm, o)?
        };
        for key in keys {
            let element =
                crate::util::stack::ensure(|| internalize(vm, o, key, reviver, depth + 1))?;
            if element.is_undefined() {
                vm.delete_property(o, key)?;
            } else {
                vm.root(element);
                vm.create_data_property(o, key, element)?;
            }
        }
    }
    let name_value = vm.key_to_value(name);
    vm.call(reviver, Value::object(holder), &[name_value, value])
}

/// ECMA-262 7.3.18 LengthOfArrayLike (ToLength of `length`).
fn length_of_array_like(vm: &mut Vm, o: Value) -> JsResult<f64> {
    let key = vm.key("length");
    let len = vm.get_value(o, key)?;
    let len = number::to_integer_or_infinity(vm.to_number(len)?);
    Ok(len.clamp(0.0, 9_007_199_254_740_991.0))
}

/// EnumerableOwnProperties(O, key) as property keys.
fn enumerable_own_string_keys(vm: &mut Vm, o: ObjectRef) -> JsResult<Vec<PropertyKey>> {
    let mut keys = Vec::new();
    for k in vm.own_property_keys(o)? {
        if !matches!(k, PropertyKey::Symbol(_)) && vm.has_own_enumerable(o, k)? {
            keys.push(k);
        }
    }
    Ok(keys)
}

/// An open array or object while parsing.
enum Open {
    /// The elements so far (each rooted: the parser allocated it).
    Array(Vec<Value>),
    /// The object and the key of the member being parsed.
    Object(ObjectRef, PropertyKey),
}

/// A JSON text parser (ECMA-404) over UTF-16 code units. Every value it allocates stays rooted until
/// `JSON.parse` returns.
struct Parser<'a> {
    units: &'a [u16],
    pos: usize,
}

fn is_json_whitespace(u: u16) -> bool {
    matches!(u, 0x09 | 0x0A | 0x0D | 0x20)
}

impl Parser<'_> {
    fn peek(&self) -> Option<u16> {
        self.units.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(is_json_whitespace) {
            self.pos += 1;
        }
    }

    /// A SyntaxError at the current position.
    fn error<T>(&self, vm: &mut Vm) -> JsResult<T> {
        let Some(u) = self.peek() else {
            return vm.throw(ErrorKind::SyntaxError, "Unexpected end of JSON input");
        };
        let c = char::from_u32(u32::from(u)).unwrap_or(char::REPLACEMENT_CHARACTER);
        let message = if u < 0x20 && self.in_string() {
            format!(
                "Bad control character in string literal in JSON at position {}",
                self.pos
            )
        } else {
            format!("Unexpected token '{c}' in JSON at position {}", self.pos)
        };
        vm.throw(ErrorKind::SyntaxError, message)
    }

    /// Whether the current position is inside a string (for the error message only).
    fn in_string(&self) -> bool {
        let mut inside = false;
        let mut i = 0;
        while i < self.pos {
            match self.units[i] {
                0x5C if inside => i += 1,
                0x22 => inside = !inside,
                _ => {}
            }
            i += 1;
        }
        inside
    }

    fn expect(&mut self, vm: &mut Vm, u: u8) -> JsResult<()> {
        self.skip_whitespace();
        if self.peek() == Some(u16::from(u)) {
            self.pos += 1;
            return Ok(());
        }
        self.error(vm)
    }

    /// The whole text: one value and nothing but whitespace after it.
    fn parse(mut self, vm: &mut Vm) -> JsResult<Value> {
        let mut open: Vec<Open> = Vec::new();
        'value: loop {
            self.skip_whitespace();
            let mut value = match self.peek() {
                Some(0x7B) => {
                    // '{'
                    self.pos += 1;
                    let o = vm.new_object();
                    self.skip_whitespace();
                    if self.peek() == Some(0x7D) {
                        self.pos += 1;
                        Value::object(o)
                    } else {
                        let key = self.member_key(vm)?;
                        open.push(Open::Object(o, key));
                        continue 'value;
                    }
                }
                Some(0x5B) => {
                    // '['
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(0x5D) {
                        self.pos += 1;
                        Value::object(vm.new_array(Vec::new()))
                    } else {
                        open.push(Open::Array(Vec::new()));
                        continue 'value;
                    }
                }
                Some(0x22) => {
                    let units = self.string(vm)?;
                    Value::string(vm.alloc_utf16(&units))
                }
                Some(0x74) => self.literal(vm, "true", Value::TRUE)?,
                Some(0x66) => self.literal(vm, "false", Value::FALSE)?,
                Some(0x6E) => self.literal(vm, "null", Value::NULL)?,
                Some(u) if u == u16::from(b'-') || (0x30..=0x39).contains(&u) => self.number(vm)?,
                _ => return self.error(vm),
            };
            // A value is complete: add it to the innermost open array or object.
            loop {
                match open.last_mut() {
                    None => {
                        self.skip_whitespace();
                        if self.pos < self.units.len() {
                            return vm.throw(
                                ErrorKind::SyntaxError,
                                format!(
                                    "Unexpected non-whitespace character after JSON at position {}",
                                    self.pos
                                ),
                            );
                        }
                        return Ok(value);
                    }
                    Some(Open::Array(items)) => {
                        items.push(value);
                        self.skip_whitespace();
                        match self.peek() {
                            Some(0x2C) => {
                                self.pos += 1;
                                continue 'value;
                            }
                            Some(0x5D) => {
                                self.pos += 1;
                                let Some(Open::Array(items)) = open.pop() else {
                                    unreachable!("the innermost open value is an array")
                                };
                                value = Value::object(vm.new_array(items));
                            }
                            _ => return self.error(vm),
                        }
                    }
                    Some(Open::Object(o, key)) => {
                        let (o, key) = (*o, *key);
                        vm.define_own(o, key, value, Attrs::DEFAULT);
                        self.skip_whitespace();
                        match self.peek() {
                            Some(0x2C) => {
                                self.pos += 1;
                                let key = self.member_key(vm)?;
                                open.pop();
                                open.push(Open::Object(o, key));
                                continue 'value;
                            }
                            Some(0x7D) => {
                                self.pos += 1;
                                open.pop();
                                value = Value::object(o);
                            }
                            _ => return self.error(vm),
                        }
                    }
                }
            }
        }
    }

    /// `"name" :` before a member's value.
    fn member_key(&mut self, vm: &mut Vm) -> JsResult<PropertyKey> {
        self.skip_whitespace();
        if self.peek() != Some(0x22) {
            return self.error(vm);
        }
        let units = self.string(vm)?;
        self.expect(vm, b':')?;
        Ok(key_from_units(vm, &units))
    }

    fn literal(&mut self, vm: &mut Vm, word: &str, value: Value) -> JsResult<Value> {
        for b in word.bytes() {
            if self.peek() != Some(u16::from(b)) {
                return self.error(vm);
            }
            self.pos += 1;
        }
        Ok(value)
    }

    /// A JSON string's code units (the opening quote is at `pos`).
    fn string(&mut self, vm: &mut Vm) -> JsResult<Vec<u16>> {
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let Some(u) = self.peek() else {
                return self.error(vm);
            };
            match u {
                0x22 => {
                    self.pos += 1;
                    return Ok(out);
                }
                0x5C => {
                    self.pos += 1;
                    let Some(e) = self.peek() else {
                        return self.error(vm);
                    };
                    let unit = match e {
                        0x22 | 0x5C | 0x2F => e,
                        0x62 => 0x08,
                        0x66 => 0x0C,
                        0x6E => 0x0A,
                        0x72 => 0x0D,
                        0x74 => 0x09,
                        0x75 => {
                            let mut v: u16 = 0;
                            for _ in 0..4 {
                                self.pos += 1;
                                let Some(d) = self.peek().and_then(|d| {
                                    char::from_u32(u32::from(d)).and_then(|c| c.to_digit(16))
                                }) else {
                                    return self.error(vm);
                                };
                                v = v * 16 + d as u16;
                            }
                            v
                        }
                        _ => return self.error(vm),
                    };
                    out.push(unit);
                    self.pos += 1;
                }
                u if u < 0x20 => return self.error(vm),
                u => {
                    out.push(u);
                    self.pos += 1;
                }
            }
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self, vm: &mut Vm) -> JsResult<Value> {
        let start = self.pos;
        let is_digit = |u: Option<u16>| u.is_some_and(|u| (0x30..=0x39).contains(&u));
        if self.peek() == Some(u16::from(b'-')) {
            self.pos += 1;
        }
        match self.peek() {
            Some(0x30) => self.pos += 1,
            u if is_digit(u) => {
                while is_digit(self.peek()) {
                    self.pos += 1;
                }
            }
            _ => return self.error(vm),
        }
        if self.peek() == Some(u16::from(b'.')) {
            self.pos += 1;
            if !is_digit(self.peek()) {
                return self.error(vm);
            }
            while is_digit(self.peek()) {
                self.pos += 1;
            }
        }
        if matches!(self.peek(), Some(0x65 | 0x45)) {
            self.pos += 1;
            if matches!(self.peek(), Some(0x2B | 0x2D)) {
                self.pos += 1;
            }
            if !is_digit(self.peek()) {
                return self.error(vm);
            }
            while is_digit(self.peek()) {
                self.pos += 1;
            }
        }
        let text: String = self.units[start..self.pos]
            .iter()
            .map(|&u| u as u8 as char)
            .collect();
        Ok(Value::number(text.parse::<f64>().unwrap_or(f64::NAN)))
    }
}

/// The property key for a member name (an index if canonical, else an interned string).
fn key_from_units(vm: &mut Vm, units: &[u16]) -> PropertyKey {
    let s = vm.heap.intern_utf16(units);
    if let Some(i) = vm.heap.flat(s).as_array_index() {
        return PropertyKey::Index(i);
    }
    PropertyKey::String(s)
}

// -------------------------------------------------------------------------------------------------
// JSON.stringify

/// The state of one `JSON.stringify` (ECMA-262 25.5.2, the JSON Serialization Record).
struct Serializer {
    replacer: Option<Value>,
    property_list: Option<Vec<PropertyKey>>,
    gap: Vec<u16>,
    indent: Vec<u16>,
    /// The objects being serialized (a cycle is a TypeError).
    stack: Vec<ObjectRef>,
    out: Vec<u16>,
}

/// ECMA-262 25.5.2 JSON.stringify(value [, replacer [, space]]).
fn json_stringify(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let (value, replacer, space) = (arg(args, 0), arg(args, 1), arg(args, 2));
    let mut s = Serializer {
        replacer: None,
        property_list: None,
        gap: Vec::new(),
        indent: Vec::new(),
        stack: Vec::new(),
        out: Vec::new(),
    };
    if let Some(r) = replacer.as_object() {
        if vm.is_callable(r) {
            s.replacer = Some(replacer);
        } else if vm.is_array(replacer)? {
            let len = length_of_array_like(vm, replacer)?;
            let mut list: Vec<PropertyKey> = Vec::new();
            let mut k = 0.0;
            while k < len {
                let key = if k < u32::MAX as f64 {
                    PropertyKey::Index(k as u32)
                } else {
                    let name = vm.alloc_str(&number::number_to_string(k));
                    vm.string_key(name)
                };
                let v = vm.get_value(replacer, key)?;
                let item = match v.kind() {
                    Kind::String(_) | Kind::Number => Some(v),
                    Kind::Object(o)
                        if matches!(
                            vm.heap.object(o).kind,
                            ObjectKind::String(_) | ObjectKind::Number(_)
                        ) =>
                    {
                        Some(v)
                    }
                    _ => None,
                };
                if let Some(item) = item {
                    vm.root(item);
                    let name = vm.to_string(item)?;
                    let key = vm.string_key(name);
                    if !list.contains(&key) {
                        list.push(key);
                    }
                }
                k += 1.0;
            }
            s.property_list = Some(list);
        }
    }
    let (is_number, is_string) = match space.as_object().map(|o| &vm.heap.object(o).kind) {
        Some(ObjectKind::Number(_)) => (true, false),
        Some(ObjectKind::String(_)) => (false, true),
        _ => (false, false),
    };
    let space = if is_number {
        Value::number(vm.to_number(space)?)
    } else if is_string {
        Value::string(vm.to_string(space)?)
    } else {
        space
    };
    if let Some(n) = space.as_number() {
        let n = number::to_integer_or_infinity(n).min(10.0);
        if n >= 1.0 {
            s.gap = vec![u16::from(b' '); n as usize];
        }
    } else if let Some(text) = space.as_string() {
        let flat = vm.heap.flat(text);
        s.gap = flat.units().take(10).collect();
    }
    let wrapper = vm.new_object();
    let empty = PropertyKey::String(vm.heap.intern(""));
    vm.define_own(wrapper, empty, value, Attrs::DEFAULT);
    let value = s.prepare(vm, empty, wrapper)?;
    if !s.write(vm, value)? {
        return Ok(Value::UNDEFINED);
    }
    Ok(Value::string(vm.alloc_utf16(&s.out)))
}

impl Serializer {
    /// SerializeJSONProperty steps 1-4: the value to serialize for `key` of `holder`, after
    /// `toJSON`, the replacer function and unwrapping primitive wrappers. The result is rooted.
    fn prepare(&mut self, vm: &mut Vm, key: PropertyKey, holder: ObjectRef) -> JsResult<Value> {
        let mut value = vm.get_value(Value::object(holder), key)?;
        vm.root(value);
        if value.is_object() || value.is_bigint() {
            let to_json_key = vm.key("toJSON");
            let to_json = vm.get_value(value, to_json_key)?;
            if to_json.as_object().is_some_and(|f| vm.is_callable(f)) {
                vm.root(to_json);
                let key_value = vm.key_to_value(key);
                value = vm.call(to_json, value, &[key_value])?;
                vm.root(value);
            }
        }
        if let Some(replacer) = self.replacer {
            let key_value = vm.key_to_value(key);
            value = vm.call(replacer, Value::object(holder), &[key_value, value])?;
            vm.root(value);
        }
        if let Some(o) = value.as_object() {
            match vm.heap.object(o).kind {
                ObjectKind::Number(_) => value = Value::number(vm.to_number(value)?),
                ObjectKind::String(_) => value = Value::string(vm.to_string(value)?),
                ObjectKind::Boolean(b) => value = Value::boolean(b),
                // Step 4.d: a BigInt wrapper serializes (that is, throws) as its BigInt.
                ObjectKind::BigInt(b) => value = Value::bigint(b),
                _ => {}
            }
            vm.root(value);
        }
        Ok(value)
    }

    /// Whether SerializeJSONProperty produces text for `value` (not undefined, a symbol or a function).
    fn serializable(vm: &Vm, value: Value) -> bool {
        match value.kind() {
            Kind::Undefined | Kind::Hole | Kind::Symbol(_) => false,
            Kind::Object(o) => !vm.is_callable(o),
            _ => true,
        }
    }

    /// SerializeJSONProperty steps 5-11 for a prepared value: false when it produces nothing.
    fn write(&mut self, vm: &mut Vm, value: Value) -> JsResult<bool> {
        match value.kind() {
            Kind::Null => self.push_str("null"),
            Kind::Boolean(true) => self.push_str("true"),
            Kind::Boolean(false) => self.push_str("false"),
            Kind::String(s) => {
                let mut units = Vec::new();
                vm.heap.flat(s).push_to(&mut units);
                quote(&mut self.out, &units);
            }
            Kind::Number => {
                let n = value.as_number().unwrap_or(f64::NAN);
                if n.is_finite() {
                    self.push_str(&number::number_to_string(n));
                } else {
                    self.push_str("null");
                }
            }
            Kind::BigInt(_) => return vm.type_error("Do not know how to serialize a BigInt"),
            Kind::Object(o) if !vm.is_callable(o) => {
                if self.stack.contains(&o) {
                    return vm.type_error("Converting circular structure to JSON");
                }
                if self.stack.len() >= MAX_DEPTH {
                    return vm.throw(ErrorKind::RangeError, "Maximum call stack size exceeded");
                }
                self.stack.push(o);
                let stepback = self.indent.len();
                self.indent.extend_from_slice(&self.gap);
                let result = crate::util::stack::ensure(|| {
                    if vm.is_array(value)? {
                        self.array(vm, o)
                    } else {
                        self.object(vm, o)
                    }
                });
                self.indent.truncate(stepback);
                self.stack.pop();
                result?;
            }
            _ => return Ok(false),
        }
        if self.out.len() > MAX_STRING_LENGTH {
            return vm.throw(ErrorKind::RangeError, "Invalid string length");
        }
        Ok(true)
    }

    fn push_str(&mut self, s: &str) {
        self.out.extend(s.bytes().map(u16::from));
    }

    /// A line break and the current indentation (only when there is a gap).
    fn newline(&mut self, indent: usize) {
        if !self.gap.is_empty() {
            self.out.push(u16::from(b'\n'));
            self.out.extend_from_slice(&self.indent[..indent]);
        }
    }

    /// ECMA-262 25.5.2.5 SerializeJSONObject.
    fn object(&mut self, vm: &mut Vm, o: ObjectRef) -> JsResult<()> {
        let stepback = self.indent.len() - self.gap.len();
        let keys = match &self.property_list {
            Some(list) => list.clone(),
            None => enumerable_own_string_keys(vm, o)?,
        };
        self.out.push(u16::from(b'{'));
        let mut any = false;
        for key in keys {
            let value = self.prepare(vm, key, o)?;
            if !Self::serializable(vm, value) {
                continue;
            }
            if any {
                self.out.push(u16::from(b','));
            }
            any = true;
            self.newline(self.indent.len());
            let name = vm.key_to_value(key);
            let name = name.as_string().expect("a string key");
            let mut units = Vec::new();
            vm.heap.flat(name).push_to(&mut units);
            quote(&mut self.out, &units);
            self.out.push(u16::from(b':'));
            if !self.gap.is_empty() {
                self.out.push(u16::from(b' '));
            }
            self.write(vm, value)?;
        }
        if any {
            self.newline(stepback);
        }
        self.out.push(u16::from(b'}'));
        Ok(())
    }

    /// ECMA-262 25.5.2.6 SerializeJSONArray.
    fn array(&mut self, vm: &mut Vm, o: ObjectRef) -> JsResult<()> {
        let stepback = self.indent.len() - self.gap.len();
        let len = length_of_array_like(vm, Value::object(o))?;
        self.out.push(u16::from(b'['));
        let mut index = 0.0;
        while index < len {
            if index > 0.0 {
                self.out.push(u16::from(b','));
            }
            self.newline(self.indent.len());
            let key = if index < u32::MAX as f64 {
                PropertyKey::Index(index as u32)
            } else {
                let name = vm.alloc_str(&number::number_to_string(index));
                vm.string_key(name)
            };
            let value = self.prepare(vm, key, o)?;
            if Self::serializable(vm, value) {
                self.write(vm, value)?;
            } else {
                self.push_str("null");
            }
            if self.out.len() > MAX_STRING_LENGTH {
                return vm.throw(ErrorKind::RangeError, "Invalid string length");
            }
            index += 1.0;
        }
        if len > 0.0 {
            self.newline(stepback);
        }
        self.out.push(u16::from(b']'));
        Ok(())
    }
}

/// ECMA-262 25.5.2.3 QuoteJSONString (well-formed: lone surrogates are escaped).
fn quote(out: &mut Vec<u16>, units: &[u16]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(u16::from(b'"'));
    let mut i = 0;
    while i < units.len() {
        let u = units[i];
        let escape = match u {
            0x08 => Some(b'b'),
            0x09 => Some(b't'),
            0x0A => Some(b'n'),
            0x0C => Some(b'f'),
            0x0D => Some(b'r'),
            0x22 => Some(b'"'),
            0x5C => Some(b'\\'),
            _ => None,
        };
        if let Some(e) = escape {
            out.push(u16::from(b'\\'));
            out.push(u16::from(e));
        } else if (0xD800..0xDC00).contains(&u)
            && units
                .get(i + 1)
                .is_some_and(|n| (0xDC00..0xE000).contains(n))
        {
            out.push(u);
            out.push(units[i + 1]);
            i += 1;
        } else if u < 0x20 || (0xD800..0xE000).contains(&u) {
            out.extend(b"\\u".iter().map(|&b| u16::from(b)));
            for shift in [12, 8, 4, 0] {
                out.push(u16::from(HEX[usize::from((u >> shift) & 0xF)]));
            }
        } else {
            out.push(u);
        }
        i += 1;
    }
    out.push(u16::from(b'"'));
}

#[cfg(test)]
mod tests {
    use crate::Engine;

    /// Evaluate `source` and return what it evaluates to, as `console.log` shows it.
    fn eval(source: &str) -> String {
        let mut engine = Engine::new();
        let v = engine
            .eval(source, "json-test.js")
            .expect("no uncaught exception");
        engine.display(v)
    }

    const DEEP: &str = "let open = '[', close = ']';
        for (let i = 0; i < 17; i++) { open += open; close += close; }
        const text = open + close;";

    #[test]
    fn parse_nests_as_deep_as_the_input() {
        let source = format!(
            "{DEEP} let v = JSON.parse(text), depth = 0;
            while (v.length) {{ v = v[0]; depth++; }}
            depth"
        );
        assert_eq!(eval(&source), "131071");
    }

    #[test]
    fn deep_stringify_and_reviver_are_range_errors() {
        let source = format!(
            "{DEEP} const v = JSON.parse(text);
            let out = [];
            try {{ JSON.stringify(v); }} catch (e) {{ out.push(e.name); }}
            try {{ JSON.parse(text, (k, x) => x); }} catch (e) {{ out.push(e.name); }}
            out.join()"
        );
        assert_eq!(eval(&source), "RangeError,RangeError");
    }

    #[test]
    fn malformed_input_is_a_syntax_error_never_a_panic() {
        for text in [
            "[",
            "{\"a\"",
            "\"\\u12",
            "-",
            "[1,]",
            "\u{0}",
            "\"\\ud800\"x",
        ] {
            let source = format!(
                "let r; try {{ JSON.parse({}); r = 'parsed'; }} catch (e) {{ r = e.name; }} r",
                js_quote(text)
            );
            assert_eq!(eval(&source), "SyntaxError", "{text:?}");
        }
    }

    /// A JavaScript string literal for `s`.
    fn js_quote(s: &str) -> String {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }
}
