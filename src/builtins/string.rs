//! `String`, `String.prototype` and string iterators (ECMA-262 22.1, Annex B.2.2).
//!
//! Strings are sequences of UTF-16 code units: the methods read them through `Flat` views (or copies)
//! and build results of at most `MAX_STRING_LENGTH` units (longer is V8's RangeError "Invalid string
//! length", as for `+`). match, matchAll, replace, replaceAll, search and split hand an object
//! argument to its Symbol.match / matchAll / replace / search / split method (RegExps have them, see
//! `regexp.rs`); otherwise match, matchAll and search make a RegExp of the argument, and replace,
//! replaceAll and split work on strings. localeCompare compares code units of the NFC forms (there
//! is no collation data); normalize uses the `unicode-normalization` crate.

use super::arg;
use super::array::{clamp_relative, get_index, length_of_array_like, to_integer, to_length};
use crate::runtime::number::{self, is_whitespace_or_line_terminator};
use crate::runtime::object::{Object, ObjectKind};
use crate::runtime::property::Attrs;
use crate::runtime::string::Flat;
use crate::runtime::value::{Kind, StringRef};
use crate::runtime::{NativeFn, Value};
use crate::vm::property::Own;
use crate::vm::realm::ErrorKind;
use crate::vm::{JsResult, Vm};

/// The longest string the engine builds, in UTF-16 code units.
pub(crate) const MAX_STRING_LENGTH: usize = 1 << 30;

pub fn install(vm: &mut Vm) {
    let string_prototype = vm.realm.string_prototype;
    let string_ctor = vm.define_constructor(
        "String",
        1,
        string_constructor,
        string_prototype,
        Value::UNDEFINED,
    );
    vm.define_method(string_ctor, "fromCharCode", 1, from_char_code);
    vm.define_method(string_ctor, "fromCodePoint", 1, from_code_point);
    vm.define_method(string_ctor, "raw", 1, raw);

    let methods: [(&str, u32, NativeFn); 48] = [
        ("at", 1, at),
        ("charAt", 1, char_at),
        ("charCodeAt", 1, char_code_at),
        ("codePointAt", 1, code_point_at),
        ("concat", 1, concat),
        ("endsWith", 1, ends_with),
        ("includes", 1, includes),
        ("indexOf", 1, index_of),
        ("isWellFormed", 0, is_well_formed),
        ("lastIndexOf", 1, last_index_of),
        ("localeCompare", 1, locale_compare),
        ("normalize", 0, normalize),
        ("match", 1, match_),
        ("matchAll", 1, match_all),
        ("padEnd", 1, pad_end),
        ("padStart", 1, pad_start),
        ("repeat", 1, repeat),
        ("replace", 2, replace),
        ("replaceAll", 2, replace_all),
        ("search", 1, search),
        ("slice", 2, slice),
        ("split", 2, split),
        ("startsWith", 1, starts_with),
        ("substring", 2, substring),
        ("substr", 2, substr),
        ("toLowerCase", 0, to_lower_case),
        ("toUpperCase", 0, to_upper_case),
        ("toLocaleLowerCase", 0, to_locale_lower_case),
        ("toLocaleUpperCase", 0, to_locale_upper_case),
        ("toString", 0, to_string),
        ("valueOf", 0, value_of),
        ("toWellFormed", 0, to_well_formed),
        ("trim", 0, trim),
        ("trimEnd", 0, trim_end),
        ("trimStart", 0, trim_start),
        // Annex B.2.2.2–14: the HTML methods.
        ("anchor", 1, |vm, this, args| {
            create_html(vm, this, "anchor", "a", Some(("name", arg(args, 0))))
        }),
        ("big", 0, |vm, this, _| {
            create_html(vm, this, "big", "big", None)
        }),
        ("blink", 0, |vm, this, _| {
            create_html(vm, this, "blink", "blink", None)
        }),
        ("bold", 0, |vm, this, _| {
            create_html(vm, this, "bold", "b", None)
        }),
        ("fixed", 0, |vm, this, _| {
            create_html(vm, this, "fixed", "tt", None)
        }),
        ("fontcolor", 1, |vm, this, args| {
            create_html(vm, this, "fontcolor", "font", Some(("color", arg(args, 0))))
        }),
        ("fontsize", 1, |vm, this, args| {
            create_html(vm, this, "fontsize", "font", Some(("size", arg(args, 0))))
        }),
        ("italics", 0, |vm, this, _| {
            create_html(vm, this, "italics", "i", None)
        }),
        ("link", 1, |vm, this, args| {
            create_html(vm, this, "link", "a", Some(("href", arg(args, 0))))
        }),
        ("small", 0, |vm, this, _| {
            create_html(vm, this, "small", "small", None)
        }),
        ("strike", 0, |vm, this, _| {
            create_html(vm, this, "strike", "strike", None)
        }),
        ("sub", 0, |vm, this, _| {
            create_html(vm, this, "sub", "sub", None)
        }),
        ("sup", 0, |vm, this, _| {
            create_html(vm, this, "sup", "sup", None)
        }),
    ];
    for (name, length, f) in methods {
        vm.define_method(string_prototype, name, length, f);
    }
    // Annex B.2.2.15–16: trimLeft and trimRight are the trimStart and trimEnd function objects.
    for (alias, original) in [("trimLeft", "trimStart"), ("trimRight", "trimEnd")] {
        let key = vm.key(original);
        if let Some(Own::Data(f, _)) = vm.get_own(string_prototype, key) {
            vm.define_value(string_prototype, alias, f, Attrs::HIDDEN);
        }
    }
}

// -------------------------------------------------------------------------------------------------
// Helpers

fn string_too_long<T>(vm: &mut Vm) -> JsResult<T> {
    vm.throw(ErrorKind::RangeError, "Invalid string length")
}

/// RequireObjectCoercible(this) and ToString(this): the first steps of most methods.
fn this_str(vm: &mut Vm, this: Value, method: &str) -> JsResult<StringRef> {
    if this.is_nullish() || this.is_hole() {
        return vm.type_error(format!(
            "String.prototype.{method} called on null or undefined"
        ));
    }
    vm.to_string(this)
}

pub(crate) fn units_of(vm: &mut Vm, s: StringRef) -> Vec<u16> {
    let mut units = Vec::new();
    vm.heap.flat(s).push_to(&mut units);
    units
}

fn len_of(vm: &Vm, s: StringRef) -> usize {
    vm.heap.string_len(s) as usize
}

/// A new string from code units (a RangeError when too long).
pub(crate) fn new_string(vm: &mut Vm, units: &[u16]) -> JsResult<Value> {
    if units.len() > MAX_STRING_LENGTH {
        return string_too_long(vm);
    }
    if units.len() <= 1 && units.first().is_none_or(|&u| u < 0x80) {
        return Ok(Value::string(vm.heap.intern_utf16(units)));
    }
    Ok(Value::string(vm.alloc_utf16(units)))
}

fn empty(vm: &mut Vm) -> Value {
    Value::string(vm.heap.intern(""))
}

/// The code units `from..to` of `s` as a string (`s` itself when that is all of it).
pub(crate) fn substring_of(vm: &mut Vm, s: StringRef, from: usize, to: usize) -> Value {
    if from >= to {
        return empty(vm);
    }
    if from == 0 && to == len_of(vm, s) {
        return Value::string(s);
    }
    let units: Vec<u16> = match vm.heap.flat(s) {
        Flat::Latin1(b) => b[from..to].iter().map(|&b| u16::from(b)).collect(),
        Flat::Utf16(u) => u[from..to].to_vec(),
    };
    if units.len() == 1 && units[0] < 0x80 {
        return Value::string(vm.heap.intern_utf16(&units));
    }
    Value::string(vm.alloc_utf16(&units))
}

fn matches_at(hay: Flat<'_>, needle: &[u16], at: usize) -> bool {
    match hay {
        Flat::Latin1(b) => b[at..at + needle.len()]
            .iter()
            .zip(needle)
            .all(|(&x, &y)| u16::from(x) == y),
        Flat::Utf16(u) => u[at..at + needle.len()] == *needle,
    }
}

/// ECMA-262 6.1.4.1 StringIndexOf ( string, searchValue, fromIndex ).
fn find(hay: Flat<'_>, needle: &[u16], from: usize) -> Option<usize> {
    let (h, n) = (hay.len(), needle.len());
    if n == 0 {
        return (from <= h).then_some(from);
    }
    if n > h || from > h - n {
        return None;
    }
    let first = needle[0];
    match hay {
        Flat::Latin1(b) => {
            if needle.iter().any(|&u| u > 0xFF) {
                return None;
            }
            let first = first as u8;
            (from..=h - n).find(|&i| b[i] == first && matches_at(hay, needle, i))
        }
        Flat::Utf16(u) => (from..=h - n).find(|&i| u[i] == first && matches_at(hay, needle, i)),
    }
}

/// The last occurrence of `needle` starting at or before `start` (ECMA-262 6.1.4.2
/// StringLastIndexOf).
fn rfind(hay: Flat<'_>, needle: &[u16], start: usize) -> Option<usize> {
    let (h, n) = (hay.len(), needle.len());
    if n > h {
        return None;
    }
    let top = start.min(h - n);
    (0..=top).rev().find(|&i| matches_at(hay, needle, i))
}

/// The string for one code unit.
fn unit_string(vm: &mut Vm, unit: u16) -> Value {
    if unit < 0x80 {
        return Value::string(vm.heap.intern_utf16(&[unit]));
    }
    Value::string(vm.alloc_utf16(&[unit]))
}

fn is_lead(u: u16) -> bool {
    (0xD800..0xDC00).contains(&u)
}

fn is_trail(u: u16) -> bool {
    (0xDC00..0xE000).contains(&u)
}

/// ECMA-262 11.1.4 CodePointAt ( string, position ): the code point and its length in code units.
fn code_point_at_units(s: Flat<'_>, i: usize) -> (u32, usize) {
    let first = s.unit(i);
    if is_lead(first) && i + 1 < s.len() {
        let second = s.unit(i + 1);
        if is_trail(second) {
            let cp = 0x10000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(second) - 0xDC00);
            return (cp, 2);
        }
    }
    (u32::from(first), 1)
}

/// Append code point `cp` as UTF-16 (ECMA-262 11.1.1 UTF16EncodeCodePoint).
fn push_code_point(out: &mut Vec<u16>, cp: u32) {
    if cp < 0x10000 {
        out.push(cp as u16);
    } else {
        let c = cp - 0x10000;
        out.push(0xD800 + (c >> 10) as u16);
        out.push(0xDC00 + (c & 0x3FF) as u16);
    }
}

fn is_callable(vm: &Vm, v: Value) -> bool {
    v.as_object().is_some_and(|o| vm.is_callable(o))
}

// -------------------------------------------------------------------------------------------------
// The constructor

// ECMA-262 22.1.1.1 String ( value )
fn string_constructor(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let constructing = this.is_hole();
    let (new_target, callee) = (vm.native_new_target, vm.native_callee);
    let s = match args.first() {
        None => vm.heap.intern(""),
        Some(&v) => match v.as_symbol() {
            Some(sym) if !constructing => {
                let text = super::symbol::symbol_descriptive_string(vm, sym);
                return Ok(Value::string(vm.alloc_str(&text)));
            }
            _ => vm.to_string(v)?,
        },
    };
    if constructing {
        // ECMA-262 22.1.1.1 step 4: StringCreate(s, GetPrototypeFromConstructor(…)) after ToString.
        vm.root(Value::string(s));
        let default = vm.realm.string_prototype;
        let proto = vm.prototype_from_constructor(new_target, callee, default)?;
        return Ok(Value::object(
            vm.alloc_object(Object::new(Some(proto), ObjectKind::String(s))),
        ));
    }
    Ok(Value::string(s))
}

// ECMA-262 22.1.2.1 String.fromCharCode ( ...codeUnits )
fn from_char_code(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let mut units = Vec::with_capacity(args.len());
    for &a in args {
        let n = vm.to_number(a)?;
        units.push(number::to_uint16(n));
    }
    new_string(vm, &units)
}

// ECMA-262 22.1.2.2 String.fromCodePoint ( ...codePoints )
fn from_code_point(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let mut units = Vec::with_capacity(args.len());
    for &a in args {
        let n = vm.to_number(a)?;
        if n.fract() != 0.0 || !(0.0..=1_114_111.0).contains(&n) {
            let shown = number::number_to_string(n);
            return vm.throw(ErrorKind::RangeError, format!("Invalid code point {shown}"));
        }
        push_code_point(&mut units, n as u32);
    }
    new_string(vm, &units)
}

// ECMA-262 22.1.2.3 String.raw ( template, ...substitutions )
fn raw(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let substitutions = args.get(1..).unwrap_or(&[]);
    let cooked = vm.to_object(arg(args, 0))?;
    let raw_key = vm.key("raw");
    let raw_value = vm.get_value(Value::object(cooked), raw_key)?;
    let literals = vm.to_object(raw_value)?;
    let literal_count = length_of_array_like(vm, literals)?;
    let mut out = Vec::new();
    let mut next_index: u64 = 0;
    while next_index < literal_count {
        let literal = get_index(vm, literals, next_index)?;
        let literal = vm.to_string(literal)?;
        vm.heap.flat(literal).push_to(&mut out);
        if out.len() > MAX_STRING_LENGTH {
            return string_too_long(vm);
        }
        if next_index + 1 == literal_count {
            break;
        }
        if let Some(&sub) = substitutions.get(next_index as usize) {
            let sub = vm.to_string(sub)?;
            vm.heap.flat(sub).push_to(&mut out);
        }
        next_index += 1;
    }
    new_string(vm, &out)
}

// -------------------------------------------------------------------------------------------------
// String.prototype

// ECMA-262 22.1.3.1 String.prototype.at ( index )
fn at(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = this_str(vm, this, "at")?;
    let len = len_of(vm, s) as f64;
    let relative = to_integer(vm, arg(args, 0))?;
    let k = if relative >= 0.0 {
        relative
    } else {
        len + relative
    };
    if k < 0.0 || k >= len {
        return Ok(Value::UNDEFINED);
    }
    let unit = vm.heap.flat(s).unit(k as usize);
    Ok(unit_string(vm, unit))
}

/// The position argument of charAt, charCodeAt and codePointAt, if within the string.
fn position(vm: &mut Vm, s: StringRef, v: Value) -> JsResult<Option<usize>> {
    let pos = to_integer(vm, v)?;
    let len = len_of(vm, s);
    Ok((pos >= 0.0 && pos < len as f64).then_some(pos as usize))
}

// ECMA-262 22.1.3.2 String.prototype.charAt ( pos )
fn char_at(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = this_str(vm, this, "charAt")?;
    match position(vm, s, arg(args, 0))? {
        Some(i) => {
            let unit = vm.heap.flat(s).unit(i);
            Ok(unit_string(vm, unit))
        }
        None => Ok(empty(vm)),
    }
}

// ECMA-262 22.1.3.3 String.prototype.charCodeAt ( pos )
fn char_code_at(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = this_str(vm, this, "charCodeAt")?;
    Ok(match position(vm, s, arg(args, 0))? {
        Some(i) => Value::int(i32::from(vm.heap.flat(s).unit(i))),
        None => Value::NAN,
    })
}

// ECMA-262 22.1.3.4 String.prototype.codePointAt ( pos )
fn code_point_at(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = this_str(vm, this, "codePointAt")?;
    Ok(match position(vm, s, arg(args, 0))? {
        Some(i) => Value::int(code_point_at_units(vm.heap.flat(s), i).0 as i32),
        None => Value::UNDEFINED,
    })
}

// ECMA-262 22.1.3.5 String.prototype.concat ( ...args )
fn concat(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let mut result = this_str(vm, this, "concat")?;
    for &a in args {
        let next = vm.to_string(a)?;
        if len_of(vm, result) + len_of(vm, next) > MAX_STRING_LENGTH {
            return string_too_long(vm);
        }
        vm.maybe_collect_keeping(&[Value::string(result), Value::string(next)]);
        result = vm.heap.concat(result, next);
        vm.root(Value::string(result));
    }
    Ok(Value::string(result))
}

// ECMA-262 22.1.3.7 String.prototype.endsWith ( searchString [ , endPosition ] )
fn ends_with(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = this_str(vm, this, "endsWith")?;
    reject_regexp(vm, arg(args, 0), "endsWith")?;
    let search = vm.to_string(arg(args, 0))?;
    let len = len_of(vm, s);
    let end = if arg(args, 1).is_undefined() {
        len
    } else {
        to_integer(vm, arg(args, 1))?.clamp(0.0, len as f64) as usize
    };
    let needle = units_of(vm, search);
    let Some(start) = end.checked_sub(needle.len()) else {
        return Ok(Value::FALSE);
    };
    Ok(Value::boolean(matches_at(vm.heap.flat(s), &needle, start)))
}

// ECMA-262 22.1.3.8 String.prototype.includes ( searchString [ , position ] )
fn includes(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = this_str(vm, this, "includes")?;
    reject_regexp(vm, arg(args, 0), "includes")?;
    let search = vm.to_string(arg(args, 0))?;
    let pos = to_integer(vm, arg(args, 1))?;
    let start = pos.clamp(0.0, len_of(vm, s) as f64) as usize;
    let needle = units_of(vm, search);
    Ok(Value::boolean(
        find(vm.heap.flat(s), &needle, start).is_some(),
    ))
}

// ECMA-262 22.1.3.9 String.prototype.indexOf ( searchString [ , position ] )
fn index_of(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = this_str(vm, this, "indexOf")?;
    let search = vm.to_string(arg(args, 0))?;
    let pos = to_integer(vm, arg(args, 1))?;
    let start = pos.clamp(0.0, len_of(vm, s) as f64) as usize;
    let needle = units_of(vm, search);
    Ok(match find(vm.heap.flat(s), &needle, start) {
        Some(i) => Value::number(i as f64),
        None => Value::int(-1),
    })
}

// ECMA-262 22.1.3.10 String.prototype.isWellFormed ( )
fn is_well_formed(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    let s = this_str(vm, this, "isWellFormed")?;
    let flat = vm.heap.flat(s);
    let mut i = 0;
    while i < flat.len() {
        let u = flat.unit(i);
        if is_lead(u) || is_trail(u) {
            let (_, size) = code_point_at_units(flat, i);
            if size == 1 {
                return Ok(Value::FALSE);
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    Ok(Value::TRUE)
}

// ECMA-262 22.1.3.11 String.prototype.lastIndexOf ( searchString [ , position ] )
fn last_index_of(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = this_str(vm, this, "lastIndexOf")?;
    let search = vm.to_string(arg(args, 0))?;
    let num_pos = vm.to_number(arg(args, 1))?;
    let pos = if num_pos.is_nan() {
        f64::INFINITY
    } else {
        number::to_integer_or_infinity(num_pos)
    };
    let len = len_of(vm, s);
    let start = pos.clamp(0.0, len as f64) as usize;
    let needle = units_of(vm, search);
    Ok(match rfind(vm.heap.flat(s), &needle, start) {
        Some(i) => Value::number(i as f64),
        None => Value::int(-1),
    })
}

// ECMA-262 22.1.3.12 String.prototype.localeCompare ( that [ , reserved1 [ , reserved2 ] ] ):
// without collation data this is code-unit order.
// ECMA-262 22.1.3.12 String.prototype.localeCompare: without collation data the order is by code
// units, but canonically equivalent strings compare equal (step 5 requires it), so both sides are
// compared in NFC.
fn locale_compare(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = this_str(vm, this, "localeCompare")?;
    let that = vm.to_string(arg(args, 0))?;
    let a = normalized(&units_of(vm, s), Form::Nfc);
    let b = normalized(&units_of(vm, that), Form::Nfc);
    Ok(Value::int(match a.cmp(&b) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    }))
}

// ECMA-262 22.1.3.17.1 StringPaddingBuiltinsImpl ( O, maxLength, fillString, placement ) and
// 22.1.3.17.2 StringPad.
fn pad(vm: &mut Vm, this: Value, args: &[Value], at_start: bool) -> JsResult<Value> {
    let s = this_str(vm, this, if at_start { "padStart" } else { "padEnd" })?;
    let max_length = vm.to_number(arg(args, 0))?;
    let max_length = to_length(max_length);
    let len = len_of(vm, s);
    if max_length <= len as u64 {
        return Ok(Value::string(s));
    }
    let fill = if arg(args, 1).is_undefined() {
        vec![0x20]
    } else {
        let f = vm.to_string(arg(args, 1))?;
        units_of(vm, f)
    };
    if fill.is_empty() {
        return Ok(Value::string(s));
    }
    if max_length > MAX_STRING_LENGTH as u64 {
        return string_too_long(vm);
    }
    let fill_len = max_length as usize - len;
    let filler = fill.iter().copied().cycle().take(fill_len);
    let mut out = Vec::with_capacity(max_length as usize);
    if at_start {
        out.extend(filler);
        vm.heap.flat(s).push_to(&mut out);
    } else {
        vm.heap.flat(s).push_to(&mut out);
        out.extend(filler);
    }
    new_string(vm, &out)
}

// ECMA-262 22.1.3.16 String.prototype.padEnd ( maxLength [ , fillString ] )
fn pad_end(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    pad(vm, this, args, false)
}

// ECMA-262 22.1.3.17 String.prototype.padStart ( maxLength [ , fillString ] )
fn pad_start(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    pad(vm, this, args, true)
}

// ECMA-262 22.1.3.18 String.prototype.repeat ( count )
fn repeat(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = this_str(vm, this, "repeat")?;
    let count = vm.to_number(arg(args, 0))?;
    let n = number::to_integer_or_infinity(count);
    if n < 0.0 || n == f64::INFINITY {
        let shown = number::number_to_string(count);
        return vm.throw(
            ErrorKind::RangeError,
            format!("Invalid count value: {shown}"),
        );
    }
    let len = len_of(vm, s);
    if n == 0.0 || len == 0 {
        return Ok(empty(vm));
    }
    if n * len as f64 > MAX_STRING_LENGTH as f64 {
        return string_too_long(vm);
    }
    let units = units_of(vm, s);
    new_string(vm, &units.repeat(n as usize))
}

/// ECMA-262 22.1.3.19.1 GetSubstitution ( matched, str, position, captures, namedCaptures,
/// replacementTemplate ) without captures (string patterns): `$$`, `` $` ``, `$&` and `$'` are
/// replaced; `$n` and `$<` then stand for themselves.
fn get_substitution(
    matched: &[u16],
    string: &[u16],
    position: usize,
    template: &[u16],
    out: &mut Vec<u16>,
) {
    let dollar = u16::from(b'$');
    let mut i = 0;
    while i < template.len() {
        let c = template[i];
        if c == dollar && i + 1 < template.len() {
            let next = template[i + 1];
            let replaced = match u8::try_from(next).unwrap_or(0) {
                b'$' => {
                    out.push(dollar);
                    true
                }
                b'`' => {
                    out.extend_from_slice(&string[..position]);
                    true
                }
                b'&' => {
                    out.extend_from_slice(matched);
                    true
                }
                b'\'' => {
                    let tail = (position + matched.len()).min(string.len());
                    out.extend_from_slice(&string[tail..]);
                    true
                }
                _ => false,
            };
            if replaced {
                i += 2;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
}

/// What replace and replaceAll substitute for each match.
struct Replacer<'a> {
    /// The replacement function, or
    function: Value,
    /// the replacement template (when it is not a function).
    template: Option<&'a [u16]>,
    search: StringRef,
    string: StringRef,
    /// The code units of `search` and `string`.
    matched: &'a [u16],
    string_units: &'a [u16],
}

impl Replacer<'_> {
    /// Append the replacement for the match at `position`: the function's result or the template
    /// substituted.
    fn append(&self, vm: &mut Vm, position: usize, out: &mut Vec<u16>) -> JsResult<()> {
        match self.template {
            Some(template) => {
                get_substitution(self.matched, self.string_units, position, template, out)
            }
            None => {
                let r = vm.call(
                    self.function,
                    Value::UNDEFINED,
                    &[
                        Value::string(self.search),
                        Value::number(position as f64),
                        Value::string(self.string),
                    ],
                )?;
                let r = vm.to_string(r)?;
                vm.heap.flat(r).push_to(out);
            }
        }
        if out.len() > MAX_STRING_LENGTH {
            return string_too_long(vm);
        }
        Ok(())
    }
}

/// The common first steps of replace and replaceAll: the string, the search string, and the
/// replacement template (None for a function).
fn replace_operands(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
) -> JsResult<(StringRef, StringRef, Option<Vec<u16>>)> {
    let string = vm.to_string(this)?;
    let search = vm.to_string(arg(args, 0))?;
    let replace_value = arg(args, 1);
    let template = if is_callable(vm, replace_value) {
        None
    } else {
        let t = vm.to_string(replace_value)?;
        Some(units_of(vm, t))
    };
    Ok((string, search, template))
}

/// RequireObjectCoercible(this) for the methods that may hand over to a Symbol method.
fn require_coercible(vm: &mut Vm, this: Value, method: &str) -> JsResult<()> {
    if this.is_nullish() || this.is_hole() {
        return vm.type_error(format!(
            "String.prototype.{method} called on null or undefined"
        ));
    }
    Ok(())
}

/// IsRegExp(searchString) is an error for includes, startsWith and endsWith.
fn reject_regexp(vm: &mut Vm, v: Value, method: &str) -> JsResult<()> {
    if super::regexp::is_regexp(vm, v)? {
        return vm.type_error(format!(
            "First argument to String.prototype.{method} must not be a regular expression"
        ));
    }
    Ok(())
}

// ECMA-262 22.1.3.13 String.prototype.match ( regexp )
fn match_(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    require_coercible(vm, this, "match")?;
    let regexp = arg(args, 0);
    let symbol = vm.realm.symbols.r#match;
    if let Some(r) = super::regexp::delegate(vm, regexp, symbol, this, &[])? {
        return Ok(r);
    }
    let s = vm.to_string(this)?;
    super::regexp::create_and_invoke(vm, s, regexp, Value::UNDEFINED, symbol)
}

// ECMA-262 22.1.3.14 String.prototype.matchAll ( regexp )
fn match_all(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    require_coercible(vm, this, "matchAll")?;
    let regexp = arg(args, 0);
    let symbol = vm.realm.symbols.match_all;
    if regexp.is_object() {
        super::regexp::require_global(vm, regexp, "matchAll")?;
        if let Some(r) = super::regexp::delegate(vm, regexp, symbol, this, &[])? {
            return Ok(r);
        }
    }
    let s = vm.to_string(this)?;
    let g = Value::string(vm.heap.intern("g"));
    super::regexp::create_and_invoke(vm, s, regexp, g, symbol)
}

// ECMA-262 22.1.3.21 String.prototype.search ( regexp )
fn search(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    require_coercible(vm, this, "search")?;
    let regexp = arg(args, 0);
    let symbol = vm.realm.symbols.search;
    if let Some(r) = super::regexp::delegate(vm, regexp, symbol, this, &[])? {
        return Ok(r);
    }
    let s = vm.to_string(this)?;
    super::regexp::create_and_invoke(vm, s, regexp, Value::UNDEFINED, symbol)
}

// ECMA-262 22.1.3.19 String.prototype.replace ( searchValue, replaceValue )
fn replace(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    require_coercible(vm, this, "replace")?;
    let symbol = vm.realm.symbols.replace;
    let rest = [arg(args, 1)];
    if let Some(r) = super::regexp::delegate(vm, arg(args, 0), symbol, this, &rest)? {
        return Ok(r);
    }
    let (string, search, template) = replace_operands(vm, this, args)?;
    let hay = units_of(vm, string);
    let needle = units_of(vm, search);
    let Some(position) = find(vm.heap.flat(string), &needle, 0) else {
        return Ok(Value::string(string));
    };
    let replacer = Replacer {
        function: arg(args, 1),
        template: template.as_deref(),
        search,
        string,
        matched: &needle,
        string_units: &hay,
    };
    let mut out = hay[..position].to_vec();
    replacer.append(vm, position, &mut out)?;
    out.extend_from_slice(&hay[position + needle.len()..]);
    new_string(vm, &out)
}

// ECMA-262 22.1.3.20 String.prototype.replaceAll ( searchValue, replaceValue )
fn replace_all(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    require_coercible(vm, this, "replaceAll")?;
    let search_value = arg(args, 0);
    if search_value.is_object() {
        super::regexp::require_global(vm, search_value, "replaceAll")?;
        let symbol = vm.realm.symbols.replace;
        let rest = [arg(args, 1)];
        if let Some(r) = super::regexp::delegate(vm, search_value, symbol, this, &rest)? {
            return Ok(r);
        }
    }
    let (string, search, template) = replace_operands(vm, this, args)?;
    let hay = units_of(vm, string);
    let needle = units_of(vm, search);
    let advance_by = needle.len().max(1);
    let mut positions = Vec::new();
    let mut next = find(vm.heap.flat(string), &needle, 0);
    while let Some(p) = next {
        positions.push(p);
        next = find(vm.heap.flat(string), &needle, p + advance_by);
    }
    let replacer = Replacer {
        function: arg(args, 1),
        template: template.as_deref(),
        search,
        string,
        matched: &needle,
        string_units: &hay,
    };
    let mut out = Vec::new();
    let mut end_of_last_match = 0;
    for p in positions {
        out.extend_from_slice(&hay[end_of_last_match..p]);
        replacer.append(vm, p, &mut out)?;
        end_of_last_match = p + needle.len();
    }
    if end_of_last_match < hay.len() {
        out.extend_from_slice(&hay[end_of_last_match..]);
    }
    new_string(vm, &out)
}

// ECMA-262 22.1.3.22 String.prototype.slice ( start, end )
fn slice(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = this_str(vm, this, "slice")?;
    let len = len_of(vm, s) as u64;
    let start = clamp_relative(to_integer(vm, arg(args, 0))?, len);
    let end = if arg(args, 1).is_undefined() {
        len
    } else {
        clamp_relative(to_integer(vm, arg(args, 1))?, len)
    };
    Ok(substring_of(vm, s, start as usize, end as usize))
}

/// The `limit` argument of `split` (String.prototype.split step 4, RegExp.prototype[@@split]
/// step 13): 2^32 - 1 when undefined, else ToUint32(limit).
pub(super) fn split_limit(vm: &mut Vm, limit: Value) -> JsResult<usize> {
    if limit.is_undefined() {
        return Ok(u32::MAX as usize);
    }
    let n = vm.to_number(limit)?;
    Ok(number::to_uint32(n) as usize)
}

// ECMA-262 22.1.3.23 String.prototype.split ( separator, limit )
fn split(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    require_coercible(vm, this, "split")?;
    let (separator, limit) = (arg(args, 0), arg(args, 1));
    let symbol = vm.realm.symbols.split;
    if let Some(r) = super::regexp::delegate(vm, separator, symbol, this, &[limit])? {
        return Ok(r);
    }
    let s = vm.to_string(this)?;
    let lim = split_limit(vm, limit)?;
    let r = vm.to_string(separator)?;
    if lim == 0 {
        return Ok(Value::object(vm.new_array(Vec::new())));
    }
    if separator.is_undefined() {
        return Ok(Value::object(vm.new_array(vec![Value::string(s)])));
    }
    let len = len_of(vm, s);
    let needle = units_of(vm, r);
    let mut parts = Vec::new();
    if needle.is_empty() {
        for i in 0..len.min(lim) {
            let unit = vm.heap.flat(s).unit(i);
            parts.push(unit_string(vm, unit));
        }
        return Ok(Value::object(vm.new_array(parts)));
    }
    if len == 0 {
        return Ok(Value::object(vm.new_array(vec![Value::string(s)])));
    }
    let mut i = 0;
    let mut j = find(vm.heap.flat(s), &needle, 0);
    while let Some(at) = j {
        parts.push(substring_of(vm, s, i, at));
        if parts.len() == lim {
            return Ok(Value::object(vm.new_array(parts)));
        }
        i = at + needle.len();
        j = find(vm.heap.flat(s), &needle, i);
    }
    parts.push(substring_of(vm, s, i, len));
    Ok(Value::object(vm.new_array(parts)))
}

// ECMA-262 22.1.3.24 String.prototype.startsWith ( searchString [ , position ] )
fn starts_with(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = this_str(vm, this, "startsWith")?;
    reject_regexp(vm, arg(args, 0), "startsWith")?;
    let search = vm.to_string(arg(args, 0))?;
    let len = len_of(vm, s);
    let start = to_integer(vm, arg(args, 1))?.clamp(0.0, len as f64) as usize;
    let needle = units_of(vm, search);
    if start + needle.len() > len {
        return Ok(Value::FALSE);
    }
    Ok(Value::boolean(matches_at(vm.heap.flat(s), &needle, start)))
}

// ECMA-262 22.1.3.25 String.prototype.substring ( start, end )
fn substring(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = this_str(vm, this, "substring")?;
    let len = len_of(vm, s) as f64;
    let start = to_integer(vm, arg(args, 0))?.clamp(0.0, len) as usize;
    let end = if arg(args, 1).is_undefined() {
        len as usize
    } else {
        to_integer(vm, arg(args, 1))?.clamp(0.0, len) as usize
    };
    Ok(substring_of(vm, s, start.min(end), start.max(end)))
}

// ECMA-262 B.2.2.1 String.prototype.substr ( start, length )
fn substr(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = this_str(vm, this, "substr")?;
    let size = len_of(vm, s) as u64;
    let start = clamp_relative(to_integer(vm, arg(args, 0))?, size);
    let length = if arg(args, 1).is_undefined() {
        size as f64
    } else {
        to_integer(vm, arg(args, 1))?
    };
    let length = length.clamp(0.0, size as f64) as u64;
    let end = (start + length).min(size);
    Ok(substring_of(vm, s, start as usize, end as usize))
}

/// Full Unicode case mapping (Rust's, with the final-sigma rule); lone surrogates stay as they are.
fn convert_case(units: &[u16], upper: bool) -> Vec<u16> {
    if units.iter().all(|&u| u < 0x80) {
        return units
            .iter()
            .map(|&u| {
                let b = u as u8;
                u16::from(if upper {
                    b.to_ascii_uppercase()
                } else {
                    b.to_ascii_lowercase()
                })
            })
            .collect();
    }
    let mut out = Vec::with_capacity(units.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut Vec<u16>| {
        if !run.is_empty() {
            let mapped = if upper {
                run.to_uppercase()
            } else {
                run.to_lowercase()
            };
            out.extend(mapped.encode_utf16());
            run.clear();
        }
    };
    for c in char::decode_utf16(units.iter().copied()) {
        match c {
            Ok(c) => run.push(c),
            Err(e) => {
                flush(&mut run, &mut out);
                out.push(e.unpaired_surrogate());
            }
        }
    }
    flush(&mut run, &mut out);
    out
}

fn case_method(vm: &mut Vm, this: Value, method: &str, upper: bool) -> JsResult<Value> {
    let s = this_str(vm, this, method)?;
    let units = units_of(vm, s);
    let converted = convert_case(&units, upper);
    if converted == units {
        return Ok(Value::string(s));
    }
    new_string(vm, &converted)
}

// ECMA-262 22.1.3.28 String.prototype.toLowerCase ( )
fn to_lower_case(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    case_method(vm, this, "toLowerCase", false)
}

// ECMA-262 22.1.3.30 String.prototype.toUpperCase ( )
fn to_upper_case(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    case_method(vm, this, "toUpperCase", true)
}

// ECMA-262 22.1.3.26 String.prototype.toLocaleLowerCase ( [ reserved1 [ , reserved2 ] ] ): without
// locale data, as toLowerCase.
fn to_locale_lower_case(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    case_method(vm, this, "toLocaleLowerCase", false)
}

// ECMA-262 22.1.3.27 String.prototype.toLocaleUpperCase ( [ reserved1 [ , reserved2 ] ] ): without
// locale data, as toUpperCase.
fn to_locale_upper_case(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    case_method(vm, this, "toLocaleUpperCase", true)
}

/// ECMA-262 22.1.3.35.1 ThisStringValue ( value ).
fn this_string_value(vm: &mut Vm, this: Value, method: &str) -> JsResult<Value> {
    match this.kind() {
        Kind::String(_) => return Ok(this),
        Kind::Object(o) => {
            if let ObjectKind::String(s) = vm.heap.object(o).kind {
                return Ok(Value::string(s));
            }
        }
        _ => {}
    }
    vm.type_error(format!(
        "String.prototype.{method} requires that 'this' be a String"
    ))
}

// ECMA-262 22.1.3.29 String.prototype.toString ( )
fn to_string(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    this_string_value(vm, this, "toString")
}

// ECMA-262 22.1.3.35 String.prototype.valueOf ( )
fn value_of(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    this_string_value(vm, this, "valueOf")
}

// ECMA-262 22.1.3.31 String.prototype.toWellFormed ( )
/// The Unicode normalization forms (UAX #15).
#[derive(Clone, Copy)]
enum Form {
    Nfc,
    Nfd,
    Nfkc,
    Nfkd,
}

/// `units` in normalization form `form`. Lone surrogates are not characters: they stay as they
/// are, and the runs of characters between them are normalized on their own.
fn normalized(units: &[u16], form: Form) -> Vec<u16> {
    use unicode_normalization::UnicodeNormalization;
    fn flush(run: &mut String, form: Form, out: &mut Vec<u16>) {
        let mut text = String::new();
        match form {
            Form::Nfc => text.extend(run.nfc()),
            Form::Nfd => text.extend(run.nfd()),
            Form::Nfkc => text.extend(run.nfkc()),
            Form::Nfkd => text.extend(run.nfkd()),
        }
        out.extend(text.encode_utf16());
        run.clear();
    }
    let mut out = Vec::with_capacity(units.len());
    let mut run = String::new();
    for c in char::decode_utf16(units.iter().copied()) {
        match c {
            Ok(c) => run.push(c),
            Err(e) => {
                flush(&mut run, form, &mut out);
                out.push(e.unpaired_surrogate());
            }
        }
    }
    flush(&mut run, form, &mut out);
    out
}

// ECMA-262 22.1.3.15 String.prototype.normalize ( [ form ] )
fn normalize(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let s = this_str(vm, this, "normalize")?;
    let form = if arg(args, 0).is_undefined() {
        Form::Nfc
    } else {
        match vm.to_rust_string(arg(args, 0))?.as_str() {
            "NFC" => Form::Nfc,
            "NFD" => Form::Nfd,
            "NFKC" => Form::Nfkc,
            "NFKD" => Form::Nfkd,
            _ => {
                return vm.throw(
                    ErrorKind::RangeError,
                    "The normalization form should be one of NFC, NFD, NFKC, NFKD.",
                )
            }
        }
    };
    let units = units_of(vm, s);
    let out = normalized(&units, form);
    if out == units {
        return Ok(Value::string(s));
    }
    new_string(vm, &out)
}

fn to_well_formed(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    let s = this_str(vm, this, "toWellFormed")?;
    let units = units_of(vm, s);
    let mut out = Vec::with_capacity(units.len());
    let mut changed = false;
    for c in char::decode_utf16(units.iter().copied()) {
        match c {
            Ok(c) => push_code_point(&mut out, u32::from(c)),
            Err(_) => {
                out.push(0xFFFD);
                changed = true;
            }
        }
    }
    if !changed {
        return Ok(Value::string(s));
    }
    new_string(vm, &out)
}

/// ECMA-262 22.1.3.32.1 TrimString ( string, where ).
fn trim_string(vm: &mut Vm, this: Value, method: &str, start: bool, end: bool) -> JsResult<Value> {
    let s = this_str(vm, this, method)?;
    let (from, to) = {
        let flat = vm.heap.flat(s);
        let len = flat.len();
        let from = if start {
            (0..len)
                .find(|&i| !is_whitespace_or_line_terminator(flat.unit(i)))
                .unwrap_or(len)
        } else {
            0
        };
        let to = if end {
            (from..len)
                .rev()
                .find(|&i| !is_whitespace_or_line_terminator(flat.unit(i)))
                .map_or(from, |i| i + 1)
        } else {
            len
        };
        (from, to)
    };
    Ok(substring_of(vm, s, from, to))
}

// ECMA-262 22.1.3.32 String.prototype.trim ( )
fn trim(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    trim_string(vm, this, "trim", true, true)
}

// ECMA-262 22.1.3.33 String.prototype.trimEnd ( )
fn trim_end(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    trim_string(vm, this, "trimEnd", false, true)
}

// ECMA-262 22.1.3.34 String.prototype.trimStart ( )
fn trim_start(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    trim_string(vm, this, "trimStart", true, false)
}

// ECMA-262 B.2.2.2.1 CreateHTML ( string, tag, attribute, value )
fn create_html(
    vm: &mut Vm,
    this: Value,
    method: &str,
    tag: &str,
    attribute: Option<(&str, Value)>,
) -> JsResult<Value> {
    let s = this_str(vm, this, method)?;
    let mut out: Vec<u16> = format!("<{tag}").encode_utf16().collect();
    if let Some((name, value)) = attribute {
        let v = vm.to_string(value)?;
        out.extend(format!(" {name}=\"").encode_utf16());
        for u in units_of(vm, v) {
            if u == u16::from(b'"') {
                out.extend("&quot;".encode_utf16());
            } else {
                out.push(u);
            }
        }
        out.push(u16::from(b'"'));
    }
    out.push(u16::from(b'>'));
    vm.heap.flat(s).push_to(&mut out);
    out.extend(format!("</{tag}>").encode_utf16());
    new_string(vm, &out)
}
