//! The function properties of the global object (ECMA-262 19.2): `isFinite`, `isNaN`, `parseFloat`,
//! `parseInt`, the URI functions, and Annex B's `escape` and `unescape` (B.2.1).
//!
//! `Number.parseFloat` and `Number.parseInt` are the same function objects as the globals
//! (21.1.2.12, 21.1.2.13); they are installed on `Number` here, after `number::install`.

use super::arg;
use crate::runtime::number;
use crate::runtime::property::Attrs;
use crate::runtime::{NativeFn, Value};
use crate::vm::realm::ErrorKind;
use crate::vm::{JsResult, Vm};

pub fn install(vm: &mut Vm) {
    let global = vm.realm.global;
    let functions: [(&str, u32, NativeFn); 10] = [
        ("decodeURI", 1, decode_uri),
        ("decodeURIComponent", 1, decode_uri_component),
        ("encodeURI", 1, encode_uri),
        ("encodeURIComponent", 1, encode_uri_component),
        ("escape", 1, escape),
        ("isFinite", 1, is_finite),
        ("isNaN", 1, is_nan),
        ("parseFloat", 1, parse_float),
        ("parseInt", 2, parse_int),
        ("unescape", 1, unescape),
    ];
    let number_key = vm.key("Number");
    let number_ctor = vm
        .heap
        .object(global)
        .get_own_named(&vm.heap.shapes, number_key);
    for (name, length, f) in functions {
        let function = vm.define_method(global, name, length, f);
        if let (Some((ctor, _)), "parseFloat" | "parseInt") = (number_ctor, name) {
            if let Some(ctor) = ctor.as_object() {
                vm.define_value(ctor, name, Value::object(function), Attrs::HIDDEN);
            }
        }
    }
}

/// ToString(argument) as UTF-16 code units.
fn string_units(vm: &mut Vm, v: Value) -> JsResult<Vec<u16>> {
    let s = vm.to_string(v)?;
    let mut units = Vec::new();
    vm.heap.flat(s).push_to(&mut units);
    Ok(units)
}

fn units_result(vm: &mut Vm, units: &[u16]) -> JsResult<Value> {
    Ok(Value::string(vm.alloc_utf16(units)))
}

// ECMA-262 19.2.2 isFinite ( number )
fn is_finite(vm: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    Ok(Value::boolean(vm.to_number(arg(args, 0))?.is_finite()))
}

// ECMA-262 19.2.3 isNaN ( number )
fn is_nan(vm: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    Ok(Value::boolean(vm.to_number(arg(args, 0))?.is_nan()))
}

// ECMA-262 19.2.4 parseFloat ( string )
fn parse_float(vm: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    let units = string_units(vm, arg(args, 0))?;
    Ok(Value::number(number::parse_float(&units)))
}

// ECMA-262 19.2.5 parseInt ( string, radix )
fn parse_int(vm: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    let units = string_units(vm, arg(args, 0))?;
    let radix = number::to_int32(vm.to_number(arg(args, 1))?);
    Ok(Value::number(number::parse_int(&units, radix)))
}

// -------------------------------------------------------------------------------------------------
// URI handling (ECMA-262 19.2.6)

/// uriReserved ::: one of `; / ? : @ & = + $ ,`
const URI_RESERVED: &str = ";/?:@&=+$,";
/// uriMark ::: one of `- _ . ! ~ * ' ( )`
const URI_MARK: &str = "-_.!~*'()";

/// uriUnescaped: uriAlpha, DecimalDigit and uriMark.
fn is_uri_unescaped(u: u16) -> bool {
    u < 128 && {
        let c = u as u8 as char;
        c.is_ascii_alphanumeric() || URI_MARK.contains(c)
    }
}

fn uri_error<T>(vm: &mut Vm) -> JsResult<T> {
    vm.throw(ErrorKind::UriError, "URI malformed")
}

// ECMA-262 19.2.6.5 encodeURI ( uri )
fn encode_uri(vm: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    let units = string_units(vm, arg(args, 0))?;
    encode(vm, &units, |u| {
        u < 128 && (URI_RESERVED.contains(u as u8 as char) || u == u16::from(b'#'))
    })
}

// ECMA-262 19.2.6.6 encodeURIComponent ( uriComponent )
fn encode_uri_component(vm: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    let units = string_units(vm, arg(args, 0))?;
    encode(vm, &units, |_| false)
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn push_percent_byte(out: &mut Vec<u16>, byte: u8) {
    out.push(u16::from(b'%'));
    out.push(u16::from(HEX[usize::from(byte >> 4)]));
    out.push(u16::from(HEX[usize::from(byte & 15)]));
}

// ECMA-262 19.2.6.7 Encode ( string, extraUnescaped ): code points outside the unescaped set become
// their UTF-8 bytes as %XX; a lone surrogate is a URIError.
fn encode(vm: &mut Vm, units: &[u16], extra_unescaped: impl Fn(u16) -> bool) -> JsResult<Value> {
    let mut out = Vec::with_capacity(units.len());
    for c in char::decode_utf16(units.iter().copied()) {
        let Ok(c) = c else {
            return uri_error(vm);
        };
        let u = c as u32 as u16;
        if c.is_ascii() && (is_uri_unescaped(u) || extra_unescaped(u)) {
            out.push(u);
            continue;
        }
        let mut bytes = [0u8; 4];
        for &b in c.encode_utf8(&mut bytes).as_bytes() {
            push_percent_byte(&mut out, b);
        }
    }
    units_result(vm, &out)
}

// ECMA-262 19.2.6.1 decodeURI ( encodedURI )
fn decode_uri(vm: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    let units = string_units(vm, arg(args, 0))?;
    decode(vm, &units, |c| URI_RESERVED.contains(c) || c == '#')
}

// ECMA-262 19.2.6.2 decodeURIComponent ( encodedURIComponent )
fn decode_uri_component(vm: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    let units = string_units(vm, arg(args, 0))?;
    decode(vm, &units, |_| false)
}

fn hex_value(u: u16) -> Option<u8> {
    char::from_u32(u32::from(u))?.to_digit(16).map(|d| d as u8)
}

/// The byte `%XX` encodes at `units[k..]`, if that is what is there.
fn percent_byte(units: &[u16], k: usize) -> Option<u8> {
    match units.get(k..k + 3)? {
        [0x25, hi, lo] => Some(hex_value(*hi)? << 4 | hex_value(*lo)?),
        _ => None,
    }
}

// ECMA-262 19.2.6.8 Decode ( string, preserveEscapeSet ): %XX sequences that spell a UTF-8 encoded
// code point are replaced by it (an ASCII character in the preserve set keeps its escape); any other
// `%` is a URIError, and so is invalid UTF-8 (overlong forms, surrogates, beyond U+10FFFF).
fn decode(vm: &mut Vm, units: &[u16], preserve: impl Fn(char) -> bool) -> JsResult<Value> {
    let mut out = Vec::with_capacity(units.len());
    let mut k = 0;
    while k < units.len() {
        if units[k] != u16::from(b'%') {
            out.push(units[k]);
            k += 1;
            continue;
        }
        let start = k;
        let Some(first) = percent_byte(units, k) else {
            return uri_error(vm);
        };
        k += 3;
        if first < 0x80 {
            let c = first as char;
            if preserve(c) {
                out.extend_from_slice(&units[start..k]);
            } else {
                out.push(u16::from(first));
            }
            continue;
        }
        let n = first.leading_ones() as usize;
        if n == 1 || n > 4 {
            return uri_error(vm);
        }
        let mut octets = vec![first];
        for _ in 1..n {
            match percent_byte(units, k) {
                Some(b) if b & 0xC0 == 0x80 => octets.push(b),
                _ => return uri_error(vm),
            }
            k += 3;
        }
        let Ok(text) = std::str::from_utf8(&octets) else {
            return uri_error(vm);
        };
        out.extend(text.encode_utf16());
    }
    units_result(vm, &out)
}

// -------------------------------------------------------------------------------------------------
// Annex B.2.1

// ECMA-262 B.2.1.1 escape ( string ): all but ASCII letters, digits and `@*_+-./` become %XX or
// %uXXXX.
fn escape(vm: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    let units = string_units(vm, arg(args, 0))?;
    let mut out = Vec::with_capacity(units.len());
    for &u in &units {
        if u < 128 && ((u as u8).is_ascii_alphanumeric() || b"@*_+-./".contains(&(u as u8))) {
            out.push(u);
        } else if u < 256 {
            push_percent_byte(&mut out, u as u8);
        } else {
            out.extend("%u".encode_utf16());
            for shift in [12, 8, 4, 0] {
                out.push(u16::from(HEX[usize::from((u >> shift) & 15)]));
            }
        }
    }
    units_result(vm, &out)
}

// ECMA-262 B.2.1.2 unescape ( string ): %uXXXX and %XX become the code unit; anything else stays.
fn unescape(vm: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    let units = string_units(vm, arg(args, 0))?;
    let mut out = Vec::with_capacity(units.len());
    let mut k = 0;
    while k < units.len() {
        let u = units[k];
        k += 1;
        if u == u16::from(b'%') {
            let hex4 = units.get(k..k + 5).and_then(|s| match s {
                [0x75, digits @ ..] => digits
                    .iter()
                    .try_fold(0u16, |acc, &d| Some(acc << 4 | u16::from(hex_value(d)?))),
                _ => None,
            });
            if let Some(unit) = hex4 {
                out.push(unit);
                k += 5;
                continue;
            }
            let hex2 = units
                .get(k..k + 2)
                .and_then(|s| Some(hex_value(s[0])? << 4 | hex_value(s[1])?));
            if let Some(byte) = hex2 {
                out.push(u16::from(byte));
                k += 2;
                continue;
            }
        }
        out.push(u);
    }
    units_result(vm, &out)
}
