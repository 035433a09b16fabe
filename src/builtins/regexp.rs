//! `RegExp` (ECMA-262 22.2): the constructor, `RegExp.prototype` with the Symbol.match / matchAll /
//! replace / search / split methods, %RegExpStringIteratorPrototype%, `RegExp.escape`, and Annex B's
//! `compile`.
//!
//! Patterns are checked by our own validator (`syntax::regexp`, the early errors with V8's messages)
//! and then compiled by the `regress` crate, which matches over UTF-16: by code points with `u` or
//! `v` (`find_from_utf16`), by code units otherwise (`find_from_ucs2`). A pattern is a list of code
//! units without `u`/`v` and of code points with them, as ECMA-262 22.2.3.4 ParsePattern says.
//!
//! regress has no sticky mode, so a `y` RegExp also gets a second matcher for `(?:P)|()`: the empty
//! alternative always matches, so only the start position is ever tried, and the last group tells
//! whether P matched. When that extra group would change what P means (a `\N` escape without `u`
//! naming group N = its number), sticky matching searches forward and keeps a match only at the start.
//!
//! regress backtracks: a catastrophic pattern (`/(a*)*b/` on a long run of `a`) runs in exponential
//! time inside one `find` call, which neither the fuel budget nor the interrupt flag can stop.
//!
//! Known differences from the spec that come from regress: without `u`/`v`, ignoreCase folds ſ to s,
//! ı to i and K (Kelvin) to k, where Canonicalize keeps non-ASCII characters apart from ASCII ones;
//! groups nest at most 256 deep (V8 allows more).
//!
//! The Symbol methods follow the spec step by step, including every observable Get and Set. Where
//! RegExpExec finds the built-in `exec` (the common case), the match stays a Rust value until a caller
//! needs the array, which saves building arrays nobody sees; `@@split` with the built-in constructor
//! searches instead of trying every position with a sticky splitter.

use super::arg;
use super::array::{length_of_array_like, to_integer, to_length};
use super::string::{new_string, substring_of, units_of, MAX_STRING_LENGTH};
use crate::runtime::number;
use crate::runtime::object::{Object, ObjectKind};
use crate::runtime::property::{Attrs, PropertyKey};
use crate::runtime::value::{Kind, ObjectRef, StringRef};
use crate::runtime::{NativeFn, Value};
use crate::vm::property::Own;
use crate::vm::realm::ErrorKind;
use crate::vm::{JsResult, Vm};
use std::rc::Rc;

// -------------------------------------------------------------------------------------------------
// Flags, matchers and the internal slots

/// How many compiled patterns `new RegExp(...)` keeps for reuse (the cache empties when full).
const COMPILE_CACHE_SIZE: usize = 256;

/// The flags of a RegExp ([[OriginalFlags]] parsed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Flags {
    pub has_indices: bool,
    pub global: bool,
    pub ignore_case: bool,
    pub multiline: bool,
    pub dot_all: bool,
    pub unicode: bool,
    pub unicode_sets: bool,
    pub sticky: bool,
}

impl Flags {
    /// ECMA-262 22.2.3.1 RegExpInitialize steps 5–6: only `d g i m s u v y`, none twice, not both
    /// `u` and `v`.
    pub fn parse(units: &[u16]) -> Option<Flags> {
        let mut f = Flags::default();
        for &u in units {
            let slot = match u8::try_from(u).ok()? {
                b'd' => &mut f.has_indices,
                b'g' => &mut f.global,
                b'i' => &mut f.ignore_case,
                b'm' => &mut f.multiline,
                b's' => &mut f.dot_all,
                b'u' => &mut f.unicode,
                b'v' => &mut f.unicode_sets,
                b'y' => &mut f.sticky,
                _ => return None,
            };
            if *slot {
                return None;
            }
            *slot = true;
        }
        if f.unicode && f.unicode_sets {
            return None;
        }
        Some(f)
    }

    /// `u` or `v`: the input is a list of code points (fullUnicode).
    pub fn full_unicode(self) -> bool {
        self.unicode || self.unicode_sets
    }
}

/// A compiled pattern ([[RegExpMatcher]]) and what exec needs to know about it.
pub struct Matcher {
    regex: regress::Regex,
    /// `(?:P)|()` for sticky matching (see the module comment), when that is safe.
    sticky: Option<regress::Regex>,
    full_unicode: bool,
    /// The name of each capturing group (None for unnamed ones).
    names: Box<[Option<Box<str>>]>,
}

impl Matcher {
    fn has_names(&self) -> bool {
        self.names.iter().any(Option::is_some)
    }

    fn find_with(
        &self,
        re: &regress::Regex,
        units: &[u16],
        start: usize,
    ) -> Option<regress::Match> {
        if self.full_unicode {
            re.find_from_utf16(units, start).next()
        } else {
            re.find_from_ucs2(units, start).next()
        }
    }

    /// The first match at or after `start` (code units; at most `units.len()`).
    fn search(&self, units: &[u16], start: usize) -> Option<regress::Match> {
        self.find_with(&self.regex, units, start)
    }

    /// A match starting exactly at `start`.
    fn match_at(&self, units: &[u16], start: usize) -> Option<regress::Match> {
        match &self.sticky {
            Some(re) => {
                let mut m = self.find_with(re, units, start)?;
                let marker = m.captures.pop()?;
                (marker.is_none() && m.start() == start).then_some(m)
            }
            None => self.search(units, start).filter(|m| m.start() == start),
        }
    }
}

/// Compile `pattern` (code units) with `flags`; the error is the reason a SyntaxError gives.
fn compile(pattern: &[u16], flags: Flags) -> Result<Matcher, String> {
    let mut text = String::new();
    for (on, c) in [(flags.unicode, 'u'), (flags.unicode_sets, 'v')] {
        if on {
            text.push(c);
        }
    }
    let info = crate::syntax::regexp::validate_units(pattern, &text)?;
    let full_unicode = flags.full_unicode();
    let chars: Vec<u32> = if full_unicode {
        char::decode_utf16(pattern.iter().copied())
            .map(|c| c.map_or_else(|e| u32::from(e.unpaired_surrogate()), u32::from))
            .collect()
    } else {
        pattern.iter().map(|&u| u32::from(u)).collect()
    };
    let regress_flags = regress::Flags {
        icase: flags.ignore_case,
        multiline: flags.multiline,
        dot_all: flags.dot_all,
        unicode: flags.unicode,
        unicode_sets: flags.unicode_sets,
        ..regress::Flags::default()
    };
    let chars = prepare_for_regress(chars, full_unicode, flags.unicode_sets, &info.group_names);
    let regex = regress::Regex::from_unicode(chars.iter().copied(), regress_flags)
        .map_err(|e| capitalise(&e.text))?;
    let sticky = if flags.sticky && (full_unicode || !names_group(pattern, info.capture_count + 1))
    {
        let wrapped: Vec<u32> = "(?:"
            .chars()
            .map(u32::from)
            .chain(chars.iter().copied())
            .chain(")|()".chars().map(u32::from))
            .collect();
        regress::Regex::from_unicode(wrapped.into_iter(), regress_flags).ok()
    } else {
        None
    };
    Ok(Matcher {
        regex,
        sticky,
        full_unicode,
        names: info
            .group_names
            .into_iter()
            .map(|n| n.map(String::into_boxed_str))
            .collect(),
    })
}

/// Adjust a valid pattern where regress reads it differently from the spec. A group name (in
/// `(?<name>` and `\k<name>`) is written out as plain code points: without `u`/`v` the pattern is
/// code units, and regress does not pair a surrogate pair there. `\k<name>` for a name that several
/// groups share becomes `(?:\i\j…)`: at most one of them has participated, and a back reference to
/// a group that has not matches the empty string (regress would only look at the first).
fn prepare_for_regress(
    chars: Vec<u32>,
    full_unicode: bool,
    sets: bool,
    names: &[Option<String>],
) -> Vec<u32> {
    let shared = |name: &str| names.iter().flatten().filter(|n| *n == name).count() > 1;
    let any_shared = names.iter().flatten().any(|n| shared(n));
    let pairs = !full_unicode && chars.iter().any(|&c| (0xD800..0xE000).contains(&c));
    if !(any_shared || pairs && names.iter().any(Option::is_some)) {
        return chars;
    }
    let c = |ch: char| u32::from(ch);
    let at = |i: usize| chars.get(i).copied().unwrap_or(0);
    let name_end = |from: usize| (from..chars.len()).find(|&j| chars[j] == c('>'));
    let mut out = Vec::with_capacity(chars.len() + 16);
    let mut class_depth = 0u32;
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        if ch == c('\\') {
            if class_depth == 0 && at(i + 1) == c('k') && at(i + 2) == c('<') {
                if let Some(end) = name_end(i + 3) {
                    let name = decode_group_name(&chars[i + 3..end]);
                    if shared(&name) {
                        out.extend("(?:".chars().map(u32::from));
                        for (k, n) in names.iter().enumerate() {
                            if n.as_deref() == Some(name.as_str()) {
                                out.push(c('\\'));
                                out.extend((k + 1).to_string().chars().map(u32::from));
                            }
                        }
                        out.push(c(')'));
                    } else {
                        out.extend("\\k<".chars().map(u32::from));
                        out.extend(name.chars().map(u32::from));
                        out.push(c('>'));
                    }
                    i = end + 1;
                    continue;
                }
            }
            out.push(ch);
            if i + 1 < chars.len() {
                out.push(chars[i + 1]);
            }
            i += 2;
            continue;
        }
        if ch == c('[') {
            if sets || class_depth == 0 {
                class_depth += 1;
            }
        } else if ch == c(']') {
            class_depth = class_depth.saturating_sub(1);
        } else if ch == c('(')
            && class_depth == 0
            && at(i + 1) == c('?')
            && at(i + 2) == c('<')
            && at(i + 3) != c('=')
            && at(i + 3) != c('!')
        {
            if let Some(end) = name_end(i + 3) {
                let name = decode_group_name(&chars[i + 3..end]);
                out.extend("(?<".chars().map(u32::from));
                out.extend(name.chars().map(u32::from));
                out.push(c('>'));
                i = end + 1;
                continue;
            }
        }
        out.push(ch);
        i += 1;
    }
    out
}

/// A GroupName's text (between `<` and `>`, already validated) as the name it denotes: `\uXXXX`,
/// `\u{X}` and surrogate pairs (written or escaped) decoded.
fn decode_group_name(raw: &[u32]) -> String {
    let hex = |s: &[u32]| -> Option<u32> {
        let text: String = s.iter().filter_map(|&c| char::from_u32(c)).collect();
        u32::from_str_radix(&text, 16).ok()
    };
    let mut units: Vec<u32> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == u32::from('\\') && raw.get(i + 1) == Some(&u32::from('u')) {
            if raw.get(i + 2) == Some(&u32::from('{')) {
                let close = (i + 3..raw.len()).find(|&j| raw[j] == u32::from('}'));
                if let Some(close) = close {
                    units.push(hex(&raw[i + 3..close]).unwrap_or(0xFFFD));
                    i = close + 1;
                    continue;
                }
            } else if i + 6 <= raw.len() {
                units.push(hex(&raw[i + 2..i + 6]).unwrap_or(0xFFFD));
                i += 6;
                continue;
            }
        }
        units.push(raw[i]);
        i += 1;
    }
    let mut name = String::new();
    let mut k = 0;
    while k < units.len() {
        let u = units[k];
        if (0xD800..0xDC00).contains(&u) {
            if let Some(&t) = units.get(k + 1) {
                if (0xDC00..0xE000).contains(&t) {
                    let cp = 0x10000 + ((u - 0xD800) << 10) + (t - 0xDC00);
                    name.extend(char::from_u32(cp));
                    k += 2;
                    continue;
                }
            }
        }
        name.extend(char::from_u32(u));
        k += 1;
    }
    name
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Whether the pattern has a `\` followed by digits whose value is `group` (it would refer to a group
/// added after the pattern's own).
fn names_group(pattern: &[u16], group: u64) -> bool {
    let is_digit = |u: u16| (u16::from(b'0')..=u16::from(b'9')).contains(&u);
    let mut i = 0;
    while i < pattern.len() {
        if pattern[i] == u16::from(b'\\') {
            let mut j = i + 1;
            let mut value: u64 = 0;
            while j < pattern.len() && is_digit(pattern[j]) {
                value = value
                    .saturating_mul(10)
                    .saturating_add(u64::from(pattern[j] - u16::from(b'0')));
                j += 1;
            }
            if j > i + 1 && value == group {
                return true;
            }
            i = j.max(i + 2);
        } else {
            i += 1;
        }
    }
    false
}

/// The internal slots of a RegExp instance: [[OriginalSource]], [[OriginalFlags]] and
/// [[RegExpMatcher]].
pub struct RegExpData {
    pub source: StringRef,
    pub flags: StringRef,
    pub parsed: Flags,
    pub matcher: Rc<Matcher>,
    /// [[LegacyFeaturesEnabled]]: created by %RegExp% itself (not a subclass), so its matches
    /// update RegExp.$1 and friends and `compile` works on it.
    pub legacy: bool,
    /// [[Realm]] (the legacy features proposal's RegExpAlloc): the realm it was made in.
    pub realm: u32,
}

/// The legacy static properties of %RegExp% (the RegExp legacy features proposal, Annex B in
/// waiting): RegExp.input / $_, lastMatch / $&, lastParen / $+, leftContext / $`, rightContext / $'
/// and $1–$9. They describe the last successful built-in match of a RegExp %RegExp% created; the
/// substrings are made when read. Before any match they are empty strings, as in V8.
#[derive(Default)]
pub struct LegacyStatics {
    /// RegExp.input: the string last matched, or what was assigned to it.
    pub input: Option<StringRef>,
    /// The string of the last match, the match's range and its captures.
    pub subject: Option<StringRef>,
    range: std::ops::Range<usize>,
    captures: Vec<Option<std::ops::Range<usize>>>,
}

fn data_of(vm: &Vm, o: ObjectRef) -> Option<&RegExpData> {
    match &vm.heap.object(o).kind {
        ObjectKind::RegExp(d) => Some(d),
        _ => None,
    }
}

fn is_regexp_object(vm: &Vm, v: Value) -> bool {
    v.as_object().is_some_and(|o| data_of(vm, o).is_some())
}

// -------------------------------------------------------------------------------------------------
// Installation

pub fn install(vm: &mut Vm) {
    let prototype = vm.realm.regexp_prototype;
    let ctor = vm.define_constructor("RegExp", 2, regexp_constructor, prototype, Value::UNDEFINED);
    vm.realm.regexp_constructor = Value::object(ctor);
    super::define_species_getter(vm, ctor);
    vm.define_method(ctor, "escape", 1, escape);
    let legacy: [(&str, i32); 14] = [
        ("input", 0),
        ("$_", 0),
        ("lastMatch", 1),
        ("$&", 1),
        ("lastParen", 2),
        ("$+", 2),
        ("leftContext", 3),
        ("$`", 3),
        ("rightContext", 4),
        ("$'", 4),
        ("$1", 5),
        ("$2", 6),
        ("$3", 7),
        ("$4", 8),
    ];
    let more: [(&str, i32); 5] = [("$5", 9), ("$6", 10), ("$7", 11), ("$8", 12), ("$9", 13)];
    for (name, which) in legacy.into_iter().chain(more) {
        let getter = vm.native_function(
            &format!("get {name}"),
            0,
            legacy_get,
            false,
            Value::int(which),
        );
        let setter = if which == 0 {
            Value::object(vm.native_function(
                &format!("set {name}"),
                1,
                legacy_set_input,
                false,
                Value::UNDEFINED,
            ))
        } else {
            Value::UNDEFINED
        };
        let pair = vm.alloc_object(Object::new(
            None,
            ObjectKind::AccessorPair {
                getter: Value::object(getter),
                setter,
            },
        ));
        let key = vm.key(name);
        vm.define_own(
            ctor,
            key,
            Value::object(pair),
            Attrs::new(Attrs::CONFIGURABLE | Attrs::ACCESSOR),
        );
    }

    let exec_fn = vm.define_method(prototype, "exec", 1, exec);
    vm.realm.regexp_exec = Value::object(exec_fn);
    let getters: [(&str, NativeFn); 10] = [
        ("dotAll", |vm, this, _| {
            flag(vm, this, "dotAll", |f| f.dot_all)
        }),
        ("flags", get_flags),
        ("global", |vm, this, _| {
            flag(vm, this, "global", |f| f.global)
        }),
        ("hasIndices", |vm, this, _| {
            flag(vm, this, "hasIndices", |f| f.has_indices)
        }),
        ("ignoreCase", |vm, this, _| {
            flag(vm, this, "ignoreCase", |f| f.ignore_case)
        }),
        ("multiline", |vm, this, _| {
            flag(vm, this, "multiline", |f| f.multiline)
        }),
        ("source", get_source),
        ("sticky", |vm, this, _| {
            flag(vm, this, "sticky", |f| f.sticky)
        }),
        ("unicode", |vm, this, _| {
            flag(vm, this, "unicode", |f| f.unicode)
        }),
        ("unicodeSets", |vm, this, _| {
            flag(vm, this, "unicodeSets", |f| f.unicode_sets)
        }),
    ];
    for (name, f) in getters {
        super::define_getter(vm, prototype, name, f);
    }
    vm.define_method(prototype, "compile", 2, compile_method);
    vm.define_method(prototype, "test", 1, test);
    vm.define_method(prototype, "toString", 0, to_string);
    let s = &vm.realm.symbols;
    let symbol_methods = [
        (s.r#match, "[Symbol.match]", 1, symbol_match as NativeFn),
        (s.match_all, "[Symbol.matchAll]", 1, symbol_match_all),
        (s.replace, "[Symbol.replace]", 2, symbol_replace),
        (s.search, "[Symbol.search]", 1, symbol_search),
        (s.split, "[Symbol.split]", 2, symbol_split),
    ];
    for (symbol, name, length, f) in symbol_methods {
        super::define_symbol_method(vm, prototype, symbol, name, length, f);
    }

    // ECMA-262 22.2.9.2 %RegExpStringIteratorPrototype%
    let iterator_prototype = vm.realm.regexp_string_iterator_prototype;
    vm.define_method(iterator_prototype, "next", 0, string_iterator_next);
    let tag = vm.realm.symbols.to_string_tag;
    let tag_value = Value::string(vm.heap.intern("RegExp String Iterator"));
    vm.define_own(
        iterator_prototype,
        PropertyKey::Symbol(tag),
        tag_value,
        Attrs::new(Attrs::CONFIGURABLE),
    );
}

/// GetLegacyRegExpStaticProperty ( C, thisValue, internalSlotName ): only on %RegExp% itself.
fn legacy_receiver(vm: &mut Vm, this: Value, name: &str) -> JsResult<()> {
    if this != vm.realm.regexp_constructor {
        return vm.type_error(format!(
            "RegExp.{name} is only available on the RegExp constructor"
        ));
    }
    Ok(())
}

// get RegExp.input / $_ / lastMatch / … / $9 (the native's data says which)
fn legacy_get(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    let which = vm.native_data().as_int().unwrap_or(0);
    const NAMES: [&str; 14] = [
        "input",
        "lastMatch",
        "lastParen",
        "leftContext",
        "rightContext",
        "$1",
        "$2",
        "$3",
        "$4",
        "$5",
        "$6",
        "$7",
        "$8",
        "$9",
    ];
    legacy_receiver(vm, this, NAMES.get(which as usize).unwrap_or(&"input"))?;
    let statics = &vm.realm.regexp_legacy;
    if which == 0 {
        let input = statics.input;
        return Ok(Value::string(input.unwrap_or_else(|| vm.heap.intern(""))));
    }
    let Some(s) = statics.subject else {
        return Ok(Value::string(vm.heap.intern("")));
    };
    let len = vm.heap.string_len(s) as usize;
    let range = match which {
        1 => Some(statics.range.clone()),
        2 => statics.captures.last().cloned().flatten(),
        3 => Some(0..statics.range.start),
        4 => Some(statics.range.end..len),
        n => statics.captures.get((n - 5) as usize).cloned().flatten(),
    };
    Ok(match range {
        Some(r) => slice(vm, s, r),
        None => Value::string(vm.heap.intern("")),
    })
}

/// UpdateLegacyRegExpStaticProperties after a successful built-in match in `s`. As in V8, every RegExp updates them (the proposal would make them unreadable after a
/// match of a subclass instance).
fn update_legacy_statics(vm: &mut Vm, s: StringRef, m: &regress::Match) {
    let statics = &mut vm.realm.regexp_legacy;
    statics.input = Some(s);
    statics.subject = Some(s);
    statics.range = m.range();
    statics.captures.clone_from(&m.captures);
}

// set RegExp.input / $_ (SetLegacyRegExpStaticProperty)
fn legacy_set_input(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    legacy_receiver(vm, this, "input")?;
    let s = vm.to_string(arg(args, 0))?;
    vm.realm.regexp_legacy.input = Some(s);
    Ok(Value::UNDEFINED)
}

// -------------------------------------------------------------------------------------------------
// Creating RegExp objects

fn syntax_error<T>(vm: &mut Vm, message: String) -> JsResult<T> {
    vm.throw(ErrorKind::SyntaxError, message)
}

/// ECMA-262 22.2.3.1 RegExpInitialize steps 1–10, without the object: the source, the flags and the
/// matcher for `pattern` and `flags` (undefined counts as the empty string).
fn initialize_parts(vm: &mut Vm, pattern: Value, flags: Value) -> JsResult<RegExpData> {
    let source = if pattern.is_undefined() {
        vm.heap.intern("")
    } else {
        vm.to_string(pattern)?
    };
    vm.root(Value::string(source));
    let flags_str = if flags.is_undefined() {
        vm.heap.intern("")
    } else {
        vm.to_string(flags)?
    };
    vm.root(Value::string(flags_str));
    let flag_units = units_of(vm, flags_str);
    let Some(parsed) = Flags::parse(&flag_units) else {
        let shown = String::from_utf16_lossy(&flag_units);
        return syntax_error(
            vm,
            format!("Invalid flags supplied to RegExp constructor '{shown}'"),
        );
    };
    let pattern_units = units_of(vm, source);
    let key = (pattern_units.into_boxed_slice(), parsed);
    let matcher = match vm.realm.regexp_cache.get(&key) {
        Some(m) => m.clone(),
        None => match compile(&key.0, parsed) {
            Ok(m) => {
                let m = Rc::new(m);
                let cache = &mut vm.realm.regexp_cache;
                if cache.len() >= COMPILE_CACHE_SIZE {
                    cache.clear();
                }
                cache.insert(key, m.clone());
                m
            }
            Err(reason) => {
                let shown = String::from_utf16_lossy(&key.0);
                let flags_shown = String::from_utf16_lossy(&flag_units);
                return syntax_error(
                    vm,
                    format!("Invalid regular expression: /{shown}/{flags_shown}: {reason}"),
                );
            }
        },
    };
    Ok(RegExpData {
        source,
        flags: flags_str,
        parsed,
        matcher,
        legacy: true,
        realm: vm.realm_id,
    })
}

/// ECMA-262 22.2.3.2 RegExpAlloc with the slots already known: the object and its `lastIndex`
/// (writable, not enumerable, not configurable), set to 0 as RegExpInitialize's last step does.
fn alloc_regexp(vm: &mut Vm, proto: ObjectRef, data: RegExpData) -> ObjectRef {
    let o = vm.alloc_object(Object::new(Some(proto), ObjectKind::RegExp(Box::new(data))));
    let key = vm.key("lastIndex");
    vm.define_own(o, key, Value::int(0), Attrs::new(Attrs::WRITABLE));
    o
}

/// ECMA-262 13.2.7.3 (evaluation of a RegularExpressionLiteral): a new object each time; the
/// compiled pattern is shared between the evaluations of the same literal text.
pub fn create_literal(vm: &mut Vm, pattern: StringRef, flags: StringRef) -> JsResult<ObjectRef> {
    let matcher = match vm.realm.regexp_literals.get(&(pattern, flags)) {
        Some(m) => m.clone(),
        None => {
            let data = initialize_parts(vm, Value::string(pattern), Value::string(flags))?;
            vm.realm
                .regexp_literals
                .insert((pattern, flags), data.matcher.clone());
            data.matcher
        }
    };
    let flag_units = units_of(vm, flags);
    let parsed = Flags::parse(&flag_units).unwrap_or_default();
    let proto = vm.realm.regexp_prototype;
    Ok(alloc_regexp(
        vm,
        proto,
        RegExpData {
            source: pattern,
            flags,
            parsed,
            matcher,
            legacy: true,
            realm: vm.realm_id,
        },
    ))
}

/// ECMA-262 22.2.3.3 RegExpCreate ( P, F ).
fn regexp_create(vm: &mut Vm, pattern: Value, flags: Value) -> JsResult<ObjectRef> {
    let data = initialize_parts(vm, pattern, flags)?;
    let proto = vm.realm.regexp_prototype;
    Ok(alloc_regexp(vm, proto, data))
}

/// ECMA-262 7.2.8 IsRegExp ( argument ).
pub fn is_regexp(vm: &mut Vm, v: Value) -> JsResult<bool> {
    if !v.is_object() {
        return Ok(false);
    }
    let key = PropertyKey::Symbol(vm.realm.symbols.r#match);
    let matcher = vm.get_value(v, key)?;
    if !matcher.is_undefined() {
        return Ok(vm.to_boolean(matcher));
    }
    Ok(is_regexp_object(vm, v))
}

// ECMA-262 22.2.4.1 RegExp ( pattern, flags )
fn regexp_constructor(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let callee = vm.native_callee;
    let new_target = vm.native_new_target;
    let (pattern, flags) = (arg(args, 0), arg(args, 1));
    let pattern_is_regexp = is_regexp(vm, pattern)?;
    let new_target = if new_target.is_undefined() {
        if pattern_is_regexp && flags.is_undefined() {
            let key = vm.key("constructor");
            let pattern_constructor = vm.get_value(pattern, key)?;
            if pattern_constructor == callee {
                return Ok(pattern);
            }
        }
        callee
    } else {
        new_target
    };
    let (p, f) = match pattern.as_object().and_then(|o| data_of(vm, o)) {
        Some(d) => {
            let f = if flags.is_undefined() {
                Value::string(d.flags)
            } else {
                flags
            };
            (Value::string(d.source), f)
        }
        None if pattern_is_regexp => {
            let key = vm.key("source");
            let p = vm.get_value(pattern, key)?;
            vm.root(p);
            let f = if flags.is_undefined() {
                let key = vm.key("flags");
                vm.get_value(pattern, key)?
            } else {
                flags
            };
            (p, f)
        }
        None => (pattern, flags),
    };
    vm.root(p);
    vm.root(f);
    // RegExpAlloc step 1: GetPrototypeFromConstructor(newTarget, "%RegExp.prototype%").
    let default = vm.realm.regexp_prototype;
    let proto = vm.prototype_from_constructor(new_target, callee, default)?;
    vm.root(Value::object(proto));
    let mut data = initialize_parts(vm, p, f)?;
    data.legacy = new_target == callee;
    Ok(Value::object(alloc_regexp(vm, proto, data)))
}

// ECMA-262 22.2.5.1 RegExp.escape ( S )
fn escape(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let Some(s) = arg(args, 0).as_string() else {
        return vm.type_error("RegExp.escape requires a string");
    };
    let units = subject_units(vm, s);
    let mut out: Vec<u16> = Vec::with_capacity(units.len());
    let push_str = |out: &mut Vec<u16>, text: &str| out.extend(text.encode_utf16());
    for (i, c) in char::decode_utf16(units.iter().copied()).enumerate() {
        let cp = c.map_or_else(|e| u32::from(e.unpaired_surrogate()), u32::from);
        let ascii = u8::try_from(cp).ok().filter(u8::is_ascii);
        if i == 0 && ascii.is_some_and(|b| b.is_ascii_alphanumeric()) {
            push_str(&mut out, &format!("\\x{cp:02x}"));
            continue;
        }
        // EncodeForRegExpEscape ( c )
        if let Some(b) = ascii {
            if b"^$\\.*+?()[]{}|/".contains(&b) {
                out.push(u16::from(b'\\'));
                out.push(u16::from(b));
                continue;
            }
            let control = match b {
                b'\t' => Some('t'),
                b'\n' => Some('n'),
                0x0B => Some('v'),
                0x0C => Some('f'),
                b'\r' => Some('r'),
                _ => None,
            };
            if let Some(letter) = control {
                push_str(&mut out, &format!("\\{letter}"));
                continue;
            }
        }
        let is_surrogate = (0xD800..0xE000).contains(&cp);
        let other_punctuator = ascii.is_some_and(|b| b",-=<>#&!%:;@~'`\"".contains(&b));
        let space = cp <= 0xFFFF && number::is_whitespace_or_line_terminator(cp as u16);
        if other_punctuator || space || is_surrogate {
            if cp <= 0xFF {
                push_str(&mut out, &format!("\\x{cp:02x}"));
            } else {
                let mut buf = [0u16; 2];
                let encoded: &[u16] = match char::from_u32(cp) {
                    Some(ch) => ch.encode_utf16(&mut buf),
                    None => {
                        buf[0] = cp as u16;
                        &buf[..1]
                    }
                };
                for &u in encoded {
                    push_str(&mut out, &format!("\\u{u:04x}"));
                }
            }
            continue;
        }
        match char::from_u32(cp) {
            Some(ch) => {
                let mut buf = [0u16; 2];
                out.extend_from_slice(ch.encode_utf16(&mut buf));
            }
            None => out.push(cp as u16),
        }
    }
    new_string(vm, &out)
}

// -------------------------------------------------------------------------------------------------
// Matching

/// The code units of a string being matched, shared between calls: a loop of `exec` calls over one
/// long string converts it once, not once per call (the realm keeps the last subject alive).
fn subject_units(vm: &mut Vm, s: StringRef) -> Rc<[u16]> {
    if let Some((last, units)) = &vm.realm.regexp_subject {
        if *last == s {
            return units.clone();
        }
    }
    let units: Rc<[u16]> = units_of(vm, s).into();
    vm.realm.regexp_subject = Some((s, units.clone()));
    units
}

fn last_index_key(vm: &mut Vm) -> PropertyKey {
    vm.key("lastIndex")
}

/// Set(R, "lastIndex", value, true), with V8's message when a RegExp's lastIndex is read-only.
fn set_last_index(vm: &mut Vm, r: ObjectRef, value: u64) -> JsResult<()> {
    let key = last_index_key(vm);
    if data_of(vm, r).is_some() {
        if let Some(Own::Data(_, attrs)) = vm.get_own(r, key) {
            if !attrs.writable() {
                return vm.type_error(
                    "Cannot assign to read only property 'lastIndex' of object '[object RegExp]'",
                );
            }
        }
    }
    vm.set_value(Value::object(r), key, Value::number(value as f64), true)
}

/// ToLength(? Get(R, "lastIndex")).
fn get_last_index(vm: &mut Vm, r: ObjectRef) -> JsResult<u64> {
    let key = last_index_key(vm);
    let v = vm.get_value(Value::object(r), key)?;
    if let Some(i) = v.as_int() {
        return Ok(i.max(0) as u64);
    }
    let n = vm.to_number(v)?;
    Ok(to_length(n))
}

fn is_lead(u: u16) -> bool {
    (0xD800..0xDC00).contains(&u)
}

fn is_trail(u: u16) -> bool {
    (0xDC00..0xE000).contains(&u)
}

/// ECMA-262 22.2.7.3 AdvanceStringIndex ( S, index, unicode ).
fn advance_string_index(units: &[u16], index: u64, unicode: bool) -> u64 {
    if !unicode || index + 1 >= units.len() as u64 {
        return index + 1;
    }
    let i = index as usize;
    if is_lead(units[i]) && is_trail(units[i + 1]) {
        index + 2
    } else {
        index + 1
    }
}

/// A successful match of the built-in exec, before it becomes an array.
struct NativeMatch {
    m: regress::Match,
    matcher: Rc<Matcher>,
    flags: Flags,
}

/// ECMA-262 22.2.7.2 RegExpBuiltinExec ( R, S ) up to the match: lastIndex is read, and written when
/// the RegExp is global or sticky.
fn builtin_match(
    vm: &mut Vm,
    r: ObjectRef,
    s: StringRef,
    units: &[u16],
) -> JsResult<Option<NativeMatch>> {
    let last_index = get_last_index(vm, r)?;
    // Read the slots after ToLength, which may have run `compile`.
    let Some(data) = data_of(vm, r) else {
        return incompatible(vm, Value::object(r), "RegExp.prototype.exec");
    };
    let (flags, matcher) = (data.parsed, data.matcher.clone());
    let global_or_sticky = flags.global || flags.sticky;
    let last_index = if global_or_sticky { last_index } else { 0 };
    if last_index > units.len() as u64 {
        if global_or_sticky {
            set_last_index(vm, r, 0)?;
        }
        return Ok(None);
    }
    let mut start = last_index as usize;
    // The input is a list of code points: an index inside a surrogate pair means the pair.
    if flags.full_unicode()
        && start > 0
        && start < units.len()
        && is_trail(units[start])
        && is_lead(units[start - 1])
    {
        start -= 1;
    }
    let found = if flags.sticky {
        matcher.match_at(units, start)
    } else {
        matcher.search(units, start)
    };
    match found {
        None => {
            if global_or_sticky {
                set_last_index(vm, r, 0)?;
            }
            Ok(None)
        }
        Some(m) => {
            if global_or_sticky {
                set_last_index(vm, r, m.end() as u64)?;
            }
            update_legacy_statics(vm, s, &m);
            Ok(Some(NativeMatch { m, matcher, flags }))
        }
    }
}

fn slice(vm: &mut Vm, s: StringRef, range: std::ops::Range<usize>) -> Value {
    substring_of(vm, s, range.start, range.end)
}

/// RegExpBuiltinExec steps 20–36: the match as an array with `index`, `input`, `groups` and, with
/// the `d` flag, `indices`.
fn match_array(vm: &mut Vm, found: &NativeMatch, s: StringRef) -> Value {
    let m = &found.m;
    let mut values = Vec::with_capacity(m.captures.len() + 1);
    values.push(slice(vm, s, m.range()));
    for capture in &m.captures {
        let v = match capture {
            Some(r) => slice(vm, s, r.clone()),
            None => Value::UNDEFINED,
        };
        values.push(v);
    }
    let a = vm.new_array(values.clone());
    let index_key = vm.key("index");
    vm.define_own(
        a,
        index_key,
        Value::number(m.start() as f64),
        Attrs::DEFAULT,
    );
    let input_key = vm.key("input");
    vm.define_own(a, input_key, Value::string(s), Attrs::DEFAULT);
    let groups = groups_object(vm, &found.matcher, |i| values[i]);
    let groups_key = vm.key("groups");
    vm.define_own(a, groups_key, groups, Attrs::DEFAULT);
    if found.flags.has_indices {
        // ECMA-262 22.2.7.8 MakeMatchIndicesIndexPairArray
        let mut pairs = Vec::with_capacity(m.captures.len() + 1);
        for i in 0..=m.captures.len() {
            let pair = match m.group(i) {
                Some(r) => {
                    let pair = vec![Value::number(r.start as f64), Value::number(r.end as f64)];
                    Value::object(vm.new_array(pair))
                }
                None => Value::UNDEFINED,
            };
            pairs.push(pair);
        }
        let indices = vm.new_array(pairs.clone());
        let groups = groups_object(vm, &found.matcher, |i| pairs[i]);
        vm.define_own(indices, groups_key, groups, Attrs::DEFAULT);
        let key = vm.key("indices");
        vm.define_own(a, key, Value::object(indices), Attrs::DEFAULT);
    }
    Value::object(a)
}

/// The `groups` object of a match (null prototype), or undefined when the pattern names no group.
/// `value(i)` is what group `i` (from 1) captured. With duplicate names the participating group wins
/// (RegExpBuiltinExec step 33).
fn groups_object(vm: &mut Vm, matcher: &Matcher, value: impl Fn(usize) -> Value) -> Value {
    if !matcher.has_names() {
        return Value::UNDEFINED;
    }
    let groups = vm.alloc_object(Object::new(None, ObjectKind::Ordinary));
    let mut matched: Vec<&str> = Vec::new();
    for (i, name) in matcher.names.iter().enumerate() {
        let Some(name) = name else { continue };
        if matched.contains(&&**name) {
            continue;
        }
        let v = value(i + 1);
        if !v.is_undefined() {
            matched.push(name);
        }
        let key = vm.key(name);
        vm.define_own(groups, key, v, Attrs::DEFAULT);
    }
    Value::object(groups)
}

/// What RegExpExec gave: a built-in match, or the object a user `exec` returned.
enum Exec {
    Native(NativeMatch),
    Object(Value),
}

/// ECMA-262 22.2.7.1 RegExpExec ( R, S ). `units` are the code units of `s`.
fn regexp_exec(vm: &mut Vm, r: ObjectRef, s: StringRef, units: &[u16]) -> JsResult<Option<Exec>> {
    let key = vm.key("exec");
    let exec_fn = vm.get_value(Value::object(r), key)?;
    if exec_fn.as_object().is_some_and(|f| vm.is_callable(f)) {
        if exec_fn == vm.realm.regexp_exec && data_of(vm, r).is_some() {
            return Ok(builtin_match(vm, r, s, units)?.map(Exec::Native));
        }
        let result = vm.call(exec_fn, Value::object(r), &[Value::string(s)])?;
        if result.is_null() {
            return Ok(None);
        }
        if !result.is_object() {
            return vm
                .type_error("RegExp exec method returned something other than an Object or null");
        }
        return Ok(Some(Exec::Object(result)));
    }
    if data_of(vm, r).is_none() {
        return incompatible(vm, Value::object(r), "RegExp.prototype.exec");
    }
    Ok(builtin_match(vm, r, s, units)?.map(Exec::Native))
}

/// A result of RegExpExec as the value JavaScript sees.
fn exec_value(vm: &mut Vm, e: &Exec, s: StringRef) -> Value {
    match e {
        Exec::Native(n) => match_array(vm, n, s),
        Exec::Object(v) => *v,
    }
}

/// ToString(? Get(result, "0")) as code units.
fn matched_units(vm: &mut Vm, e: &Exec, units: &[u16]) -> JsResult<Vec<u16>> {
    match e {
        Exec::Native(n) => Ok(units[n.m.range()].to_vec()),
        Exec::Object(v) => {
            let x = vm.get_value(*v, PropertyKey::Index(0))?;
            let x = vm.to_string(x)?;
            Ok(units_of(vm, x))
        }
    }
}

// -------------------------------------------------------------------------------------------------
// Receivers and errors

/// A receiver as V8's messages show it: primitives as their string, objects as `#<Object>`.
fn receiver_text(vm: &mut Vm, v: Value) -> String {
    match v.kind() {
        Kind::Object(o) => {
            if vm.is_callable(o) {
                "function".to_string()
            } else if data_of(vm, o).is_some() {
                "[object RegExp]".to_string()
            } else if matches!(vm.heap.object(o).kind, ObjectKind::Array { .. }) {
                "[object Array]".to_string()
            } else {
                "#<Object>".to_string()
            }
        }
        Kind::String(s) => vm.heap.to_rust_string(s),
        _ => vm.describe_for_error(v),
    }
}

fn incompatible<T>(vm: &mut Vm, this: Value, method: &str) -> JsResult<T> {
    let shown = receiver_text(vm, this);
    vm.type_error(format!(
        "Method {method} called on incompatible receiver {shown}"
    ))
}

/// `this` as a RegExp instance (RequireInternalSlot(R, [[RegExpMatcher]])).
fn this_regexp(vm: &mut Vm, this: Value, method: &str) -> JsResult<ObjectRef> {
    match this.as_object() {
        Some(o) if data_of(vm, o).is_some() => Ok(o),
        _ => incompatible(vm, this, method),
    }
}

/// `this` as any object (the Symbol methods and the generic accessors).
fn this_object(vm: &mut Vm, this: Value, method: &str) -> JsResult<ObjectRef> {
    match this.as_object() {
        Some(o) => Ok(o),
        None => incompatible(vm, this, method),
    }
}

/// ToString(? Get(rx, "flags")) as code units.
fn flags_of(vm: &mut Vm, rx: ObjectRef) -> JsResult<Vec<u16>> {
    let key = vm.key("flags");
    let flags = vm.get_value(Value::object(rx), key)?;
    let flags = vm.to_string(flags)?;
    Ok(units_of(vm, flags))
}

fn has_unit(units: &[u16], c: u8) -> bool {
    units.contains(&u16::from(c))
}

/// ECMA-262 7.3.22 SpeciesConstructor ( O, %RegExp% ).
fn species_constructor(vm: &mut Vm, o: ObjectRef) -> JsResult<Value> {
    let default = vm.realm.regexp_constructor;
    super::species_constructor(vm, Value::object(o), default)
}

// -------------------------------------------------------------------------------------------------
// RegExp.prototype

// ECMA-262 22.2.6.2 RegExp.prototype.exec ( string )
fn exec(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let r = this_regexp(vm, this, "RegExp.prototype.exec")?;
    let s = vm.to_string(arg(args, 0))?;
    let units = subject_units(vm, s);
    match builtin_match(vm, r, s, &units)? {
        Some(found) => Ok(match_array(vm, &found, s)),
        None => Ok(Value::NULL),
    }
}

// ECMA-262 22.2.6.16 RegExp.prototype.test ( S )
fn test(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let r = this_object(vm, this, "RegExp.prototype.test")?;
    let s = vm.to_string(arg(args, 0))?;
    let units = subject_units(vm, s);
    Ok(Value::boolean(regexp_exec(vm, r, s, &units)?.is_some()))
}

// ECMA-262 22.2.6.17 RegExp.prototype.toString ( )
fn to_string(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    let r = this_object(vm, this, "RegExp.prototype.toString")?;
    let key = vm.key("source");
    let source = vm.get_value(Value::object(r), key)?;
    let source = vm.to_string(source)?;
    vm.root(Value::string(source));
    let key = vm.key("flags");
    let flags = vm.get_value(Value::object(r), key)?;
    let flags = vm.to_string(flags)?;
    let mut out = vec![u16::from(b'/')];
    vm.heap.flat(source).push_to(&mut out);
    out.push(u16::from(b'/'));
    vm.heap.flat(flags).push_to(&mut out);
    new_string(vm, &out)
}

/// ECMA-262 22.2.6.4.1 RegExpHasFlag ( R, codeUnit ), for the flag accessors.
fn flag(vm: &mut Vm, this: Value, name: &str, pick: fn(Flags) -> bool) -> JsResult<Value> {
    if let Some(o) = this.as_object() {
        if let Some(d) = data_of(vm, o) {
            return Ok(Value::boolean(pick(d.parsed)));
        }
        if o == vm.realm.regexp_prototype {
            return Ok(Value::UNDEFINED);
        }
    }
    vm.type_error(format!(
        "RegExp.prototype.{name} getter called on non-RegExp object"
    ))
}

// ECMA-262 22.2.6.4 get RegExp.prototype.flags
fn get_flags(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    if !this.is_object() {
        let shown = receiver_text(vm, this);
        return vm.type_error(format!(
            "RegExp.prototype.flags getter called on non-object {shown}"
        ));
    }
    let mut out = String::new();
    for (c, name) in [
        ('d', "hasIndices"),
        ('g', "global"),
        ('i', "ignoreCase"),
        ('m', "multiline"),
        ('s', "dotAll"),
        ('u', "unicode"),
        ('v', "unicodeSets"),
        ('y', "sticky"),
    ] {
        let key = vm.key(name);
        let v = vm.get_value(this, key)?;
        if vm.to_boolean(v) {
            out.push(c);
        }
    }
    Ok(Value::string(vm.heap.intern(&out)))
}

// ECMA-262 22.2.6.13 get RegExp.prototype.source
fn get_source(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    if let Some(o) = this.as_object() {
        if let Some(d) = data_of(vm, o) {
            let source = d.source;
            let units = units_of(vm, source);
            let escaped = escape_pattern(&units);
            if escaped == units {
                return Ok(Value::string(source));
            }
            return new_string(vm, &escaped);
        }
        if o == vm.realm.regexp_prototype {
            return Ok(Value::string(vm.heap.intern("(?:)")));
        }
    }
    vm.type_error("RegExp.prototype.source getter called on non-RegExp object")
}

/// ECMA-262 22.2.6.13.1 EscapeRegExpPattern: `/` outside classes and line terminators escaped, so
/// that `/${source}/${flags}` reads back as the same literal; the empty pattern is `(?:)`.
pub fn escape_pattern(units: &[u16]) -> Vec<u16> {
    if units.is_empty() {
        return "(?:)".encode_utf16().collect();
    }
    let mut out = Vec::with_capacity(units.len());
    let mut in_class = false;
    let mut i = 0;
    while i < units.len() {
        let u = units[i];
        let escaped_line_terminator = |u: u16| match u {
            0x0A => Some("n"),
            0x0D => Some("r"),
            0x2028 => Some("u2028"),
            0x2029 => Some("u2029"),
            _ => None,
        };
        if u == u16::from(b'\\') {
            out.push(u);
            if let Some(&next) = units.get(i + 1) {
                match escaped_line_terminator(next) {
                    Some(text) => out.extend(text.encode_utf16()),
                    None => out.push(next),
                }
            }
            i += 2;
            continue;
        }
        if let Some(text) = escaped_line_terminator(u) {
            out.push(u16::from(b'\\'));
            out.extend(text.encode_utf16());
        } else if u == u16::from(b'/') && !in_class {
            out.push(u16::from(b'\\'));
            out.push(u);
        } else {
            if u == u16::from(b'[') {
                in_class = true;
            } else if u == u16::from(b']') {
                in_class = false;
            }
            out.push(u);
        }
        i += 1;
    }
    out
}

// ECMA-262 B.2.4.1 RegExp.prototype.compile ( pattern, flags )
fn compile_method(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let o = this_regexp(vm, this, "RegExp.prototype.compile")?;
    if data_of(vm, o).is_some_and(|d| d.realm != vm.realm_id) {
        // The legacy features proposal: only in the realm that made the RegExp.
        return vm.type_error("RegExp.prototype.compile cannot be used on another realm's RegExp");
    }
    if data_of(vm, o).is_some_and(|d| !d.legacy) {
        // The legacy features proposal: not for instances of subclasses.
        return vm
            .type_error("RegExp.prototype.compile cannot be used on a RegExp subclass instance");
    }
    let (pattern, flags) = (arg(args, 0), arg(args, 1));
    let (p, f) = match pattern.as_object().and_then(|p| data_of(vm, p)) {
        Some(d) => {
            let (source, original_flags) = (d.source, d.flags);
            if !flags.is_undefined() {
                return vm
                    .type_error("Cannot supply flags when constructing one RegExp from another");
            }
            (Value::string(source), Value::string(original_flags))
        }
        None => (pattern, flags),
    };
    let mut data = initialize_parts(vm, p, f)?;
    if let ObjectKind::RegExp(d) = &mut vm.heap.object_mut(o).kind {
        data.legacy = d.legacy;
        data.realm = d.realm;
        **d = data;
    }
    set_last_index(vm, o, 0)?;
    Ok(this)
}

// ECMA-262 22.2.6.8 RegExp.prototype [ @@match ] ( string )
fn symbol_match(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let rx = this_object(vm, this, "RegExp.prototype.@@match")?;
    let s = vm.to_string(arg(args, 0))?;
    vm.root(Value::string(s));
    let flags = flags_of(vm, rx)?;
    let units = subject_units(vm, s);
    if !has_unit(&flags, b'g') {
        return Ok(match regexp_exec(vm, rx, s, &units)? {
            Some(e) => exec_value(vm, &e, s),
            None => Value::NULL,
        });
    }
    let full_unicode = has_unit(&flags, b'u') || has_unit(&flags, b'v');
    set_last_index(vm, rx, 0)?;
    let mut found = Vec::new();
    loop {
        let Some(e) = regexp_exec(vm, rx, s, &units)? else {
            if found.is_empty() {
                return Ok(Value::NULL);
            }
            return Ok(Value::object(vm.new_array(found)));
        };
        let (value, empty) = match &e {
            Exec::Native(n) => (slice(vm, s, n.m.range()), n.m.range().is_empty()),
            Exec::Object(v) => {
                let x = vm.get_value(*v, PropertyKey::Index(0))?;
                let x = vm.to_string(x)?;
                vm.root(Value::string(x));
                (Value::string(x), vm.heap.string_len(x) == 0)
            }
        };
        found.push(value);
        if empty {
            let this_index = get_last_index(vm, rx)?;
            let next = advance_string_index(&units, this_index, full_unicode);
            set_last_index(vm, rx, next)?;
        }
    }
}

// ECMA-262 22.2.6.9 RegExp.prototype [ @@matchAll ] ( string )
fn symbol_match_all(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let r = this_object(vm, this, "RegExp.prototype.@@matchAll")?;
    let s = vm.to_string(arg(args, 0))?;
    vm.root(Value::string(s));
    let c = species_constructor(vm, r)?;
    let key = vm.key("flags");
    let flags = vm.get_value(Value::object(r), key)?;
    let flags = vm.to_string(flags)?;
    vm.root(Value::string(flags));
    let matcher = vm.construct(c, &[Value::object(r), Value::string(flags)])?;
    let Some(matcher) = matcher.as_object() else {
        return vm.type_error("RegExp species constructor returned a non-object");
    };
    let last_index = get_last_index(vm, r)?;
    set_last_index(vm, matcher, last_index)?;
    let flag_units = units_of(vm, flags);
    let global = has_unit(&flag_units, b'g');
    let full_unicode = has_unit(&flag_units, b'u') || has_unit(&flag_units, b'v');
    // ECMA-262 22.2.9.1 CreateRegExpStringIterator
    let proto = vm.realm.regexp_string_iterator_prototype;
    let it = vm.alloc_object(Object::new(
        Some(proto),
        ObjectKind::RegExpStringIterator {
            regexp: Value::object(matcher),
            string: s,
            global,
            full_unicode,
            done: false,
        },
    ));
    Ok(Value::object(it))
}

// ECMA-262 22.2.9.2.1 %RegExpStringIteratorPrototype%.next ( )
fn string_iterator_next(vm: &mut Vm, this: Value, _args: &[Value]) -> JsResult<Value> {
    let state = this.as_object().and_then(|o| match vm.heap.object(o).kind {
        ObjectKind::RegExpStringIterator {
            regexp,
            string,
            global,
            full_unicode,
            done,
        } => Some((o, regexp, string, global, full_unicode, done)),
        _ => None,
    });
    let Some((it, regexp, s, global, full_unicode, done)) = state else {
        return incompatible(vm, this, "%RegExpStringIterator%.prototype.next");
    };
    if done {
        return super::iterator_result(vm, Value::UNDEFINED, true);
    }
    let finish = |vm: &mut Vm| {
        if let ObjectKind::RegExpStringIterator { done, .. } = &mut vm.heap.object_mut(it).kind {
            *done = true;
        }
    };
    let Some(r) = regexp.as_object() else {
        finish(vm);
        return super::iterator_result(vm, Value::UNDEFINED, true);
    };
    let units = subject_units(vm, s);
    let Some(e) = regexp_exec(vm, r, s, &units)? else {
        finish(vm);
        return super::iterator_result(vm, Value::UNDEFINED, true);
    };
    let result = exec_value(vm, &e, s);
    if !global {
        finish(vm);
        return super::iterator_result(vm, result, false);
    }
    let matched = matched_units(vm, &e, &units)?;
    if matched.is_empty() {
        let this_index = get_last_index(vm, r)?;
        let next = advance_string_index(&units, this_index, full_unicode);
        set_last_index(vm, r, next)?;
    }
    super::iterator_result(vm, result, false)
}

// ECMA-262 22.2.6.12 RegExp.prototype [ @@search ] ( string )
fn symbol_search(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let rx = this_object(vm, this, "RegExp.prototype.@@search")?;
    let s = vm.to_string(arg(args, 0))?;
    vm.root(Value::string(s));
    let key = last_index_key(vm);
    let previous = vm.get_value(Value::object(rx), key)?;
    vm.root(previous);
    if !vm.same_value(previous, Value::int(0)) {
        vm.set_value(Value::object(rx), key, Value::int(0), true)?;
    }
    let units = subject_units(vm, s);
    let result = regexp_exec(vm, rx, s, &units)?;
    let current = vm.get_value(Value::object(rx), key)?;
    if !vm.same_value(current, previous) {
        vm.set_value(Value::object(rx), key, previous, true)?;
    }
    match result {
        None => Ok(Value::int(-1)),
        Some(Exec::Native(n)) => Ok(Value::number(n.m.start() as f64)),
        Some(Exec::Object(v)) => {
            let key = vm.key("index");
            vm.get_value(v, key)
        }
    }
}

// ECMA-262 22.2.6.14 RegExp.prototype [ @@split ] ( string, limit )
fn symbol_split(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let rx = this_object(vm, this, "RegExp.prototype.@@split")?;
    let s = vm.to_string(arg(args, 0))?;
    vm.root(Value::string(s));
    let c = species_constructor(vm, rx)?;
    let flags = flags_of(vm, rx)?;
    let unicode_matching = has_unit(&flags, b'u') || has_unit(&flags, b'v');
    let mut new_flags = flags.clone();
    if !has_unit(&flags, b'y') {
        new_flags.push(u16::from(b'y'));
    }
    let new_flags = new_string(vm, &new_flags)?;
    let splitter = vm.construct(c, &[Value::object(rx), new_flags])?;
    let Some(splitter) = splitter.as_object() else {
        return vm.type_error("RegExp species constructor returned a non-object");
    };
    let lim = super::string::split_limit(vm, arg(args, 1))?;
    let mut parts: Vec<Value> = Vec::new();
    if lim == 0 {
        return Ok(Value::object(vm.new_array(parts)));
    }
    let units = subject_units(vm, s);
    let size = units.len();
    if size == 0 {
        if regexp_exec(vm, splitter, s, &units)?.is_none() {
            parts.push(Value::string(s));
        }
        return Ok(Value::object(vm.new_array(parts)));
    }
    if c == vm.realm.regexp_constructor && exec_is_builtin(vm, splitter) {
        return split_searching(vm, splitter, s, &units, lim, unicode_matching);
    }
    let (mut p, mut q) = (0usize, 0usize);
    while q < size {
        set_last_index(vm, splitter, q as u64)?;
        let Some(z) = regexp_exec(vm, splitter, s, &units)? else {
            q = advance_string_index(&units, q as u64, unicode_matching) as usize;
            continue;
        };
        let e = (get_last_index(vm, splitter)?).min(size as u64) as usize;
        if e == p {
            q = advance_string_index(&units, q as u64, unicode_matching) as usize;
            continue;
        }
        parts.push(substring_of(vm, s, p, q));
        if parts.len() == lim {
            return Ok(Value::object(vm.new_array(parts)));
        }
        p = e;
        match &z {
            Exec::Native(n) => {
                for capture in n.m.captures.clone() {
                    let v = capture.map_or(Value::UNDEFINED, |r| slice(vm, s, r));
                    parts.push(v);
                    if parts.len() == lim {
                        return Ok(Value::object(vm.new_array(parts)));
                    }
                }
            }
            Exec::Object(z) => {
                let z = z.as_object().expect("RegExpExec returns objects");
                let n = length_of_array_like(vm, z)?.saturating_sub(1);
                for i in 1..=n {
                    let v = super::array::get_index(vm, z, i)?;
                    parts.push(vm.root(v));
                    if parts.len() == lim {
                        return Ok(Value::object(vm.new_array(parts)));
                    }
                }
            }
        }
        q = p;
    }
    parts.push(substring_of(vm, s, p, size));
    Ok(Value::object(vm.new_array(parts)))
}

/// Whether Get(o, "exec") would give the built-in exec without running code (a data property all the
/// way), and o's lastIndex is writable: then splitting by search is the same as the spec's loop.
fn exec_is_builtin(vm: &mut Vm, o: ObjectRef) -> bool {
    let last_index = last_index_key(vm);
    if !matches!(vm.get_own(o, last_index), Some(Own::Data(_, a)) if a.writable()) {
        return false;
    }
    let key = vm.key("exec");
    let mut current = o;
    loop {
        match vm.get_own(current, key) {
            Some(Own::Data(v, _)) => return v == vm.realm.regexp_exec,
            Some(Own::Accessor { .. }) => return false,
            None => match vm.heap.object(current).proto {
                Some(p) => current = p,
                None => return false,
            },
        }
    }
}

/// The loop of @@split for a splitter only we can see, with the built-in exec: search for the next
/// match rather than trying the sticky splitter at every position (same result, linear time).
fn split_searching(
    vm: &mut Vm,
    splitter: ObjectRef,
    s: StringRef,
    units: &[u16],
    lim: usize,
    unicode_matching: bool,
) -> JsResult<Value> {
    let Some(matcher) = data_of(vm, splitter).map(|d| d.matcher.clone()) else {
        return incompatible(vm, Value::object(splitter), "RegExp.prototype.exec");
    };
    let size = units.len();
    let mut parts: Vec<Value> = Vec::new();
    let (mut p, mut q) = (0usize, 0usize);
    let mut last: Option<regress::Match> = None;
    let result = loop {
        if q >= size {
            break None;
        }
        let Some(m) = matcher.search(units, q) else {
            break None;
        };
        if m.start() >= size {
            break None;
        }
        let e = m.end().min(size);
        if e == p {
            q = advance_string_index(units, m.start() as u64, unicode_matching) as usize;
            last = Some(m);
            continue;
        }
        parts.push(substring_of(vm, s, p, m.start()));
        if parts.len() == lim {
            break Some(m);
        }
        p = e;
        for capture in &m.captures {
            let v = capture
                .clone()
                .map_or(Value::UNDEFINED, |r| slice(vm, s, r));
            parts.push(v);
            if parts.len() == lim {
                break;
            }
        }
        if parts.len() == lim {
            break Some(m);
        }
        q = p;
        last = Some(m);
    };
    // The splitter's exec calls would have left the statics at the last successful match.
    if let Some(m) = result.as_ref().or(last.as_ref()) {
        update_legacy_statics(vm, s, m);
    }
    if result.is_some() {
        return Ok(Value::object(vm.new_array(parts)));
    }
    parts.push(substring_of(vm, s, p, size));
    Ok(Value::object(vm.new_array(parts)))
}

// -------------------------------------------------------------------------------------------------
// @@replace

/// The named captures GetSubstitution reads `$<name>` from.
enum Named<'a> {
    /// The result has no `groups` (undefined): `$<` is literal.
    Absent,
    /// A built-in match: its groups, by name.
    Native(&'a NativeMatch, &'a [u16]),
    /// ToObject(result.groups).
    Object(ObjectRef),
}

/// ECMA-262 22.1.3.19.1 GetSubstitution ( matched, str, position, captures, namedCaptures,
/// replacementTemplate ), appending to `out`.
#[allow(clippy::too_many_arguments)]
fn get_substitution(
    vm: &mut Vm,
    matched: &[u16],
    string: &[u16],
    position: usize,
    captures: &[Option<Vec<u16>>],
    named: &Named<'_>,
    template: &[u16],
    out: &mut Vec<u16>,
) -> JsResult<()> {
    let dollar = u16::from(b'$');
    let digit = |u: u16| {
        (u16::from(b'0')..=u16::from(b'9'))
            .contains(&u)
            .then(|| usize::from(u - u16::from(b'0')))
    };
    let mut i = 0;
    while i < template.len() {
        let c = template[i];
        if c != dollar || i + 1 == template.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let next = template[i + 1];
        match u8::try_from(next).unwrap_or(0) {
            b'$' => {
                out.push(dollar);
                i += 2;
            }
            b'`' => {
                out.extend_from_slice(&string[..position.min(string.len())]);
                i += 2;
            }
            b'&' => {
                out.extend_from_slice(matched);
                i += 2;
            }
            b'\'' => {
                let tail = (position + matched.len()).min(string.len());
                out.extend_from_slice(&string[tail..]);
                i += 2;
            }
            b'0'..=b'9' => {
                let first = digit(next).unwrap_or(0);
                let two = template.get(i + 2).and_then(|&u| digit(u));
                let (index, len) = match two {
                    Some(second) if first * 10 + second <= captures.len() => {
                        (first * 10 + second, 2)
                    }
                    _ => (first, 1),
                };
                if (1..=captures.len()).contains(&index) {
                    if let Some(capture) = &captures[index - 1] {
                        out.extend_from_slice(capture);
                    }
                } else {
                    out.extend_from_slice(&template[i..i + 1 + len]);
                }
                i += 1 + len;
            }
            b'<' => {
                let gt = template[i + 2..].iter().position(|&u| u == u16::from(b'>'));
                match (gt, named) {
                    (None, _) | (_, Named::Absent) => {
                        out.extend_from_slice(&template[i..i + 2]);
                        i += 2;
                    }
                    (Some(gt), named) => {
                        let name = &template[i + 2..i + 2 + gt];
                        match named {
                            Named::Native(n, units) => {
                                let text = String::from_utf16_lossy(name);
                                let range =
                                    n.matcher.names.iter().enumerate().find_map(|(k, group)| {
                                        match group {
                                            Some(g) if **g == *text => n.m.captures[k].clone(),
                                            _ => None,
                                        }
                                    });
                                if let Some(r) = range {
                                    out.extend_from_slice(&units[r]);
                                }
                            }
                            Named::Object(groups) => {
                                let key = Value::string(vm.alloc_utf16(name));
                                let key = vm.to_property_key(key)?;
                                let capture = vm.get_value(Value::object(*groups), key)?;
                                if !capture.is_undefined() {
                                    let capture = vm.to_string(capture)?;
                                    vm.heap.flat(capture).push_to(out);
                                }
                            }
                            Named::Absent => {}
                        }
                        i += 2 + gt + 1;
                    }
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
        if out.len() > MAX_STRING_LENGTH {
            return vm.throw(ErrorKind::RangeError, "Invalid string length");
        }
    }
    Ok(())
}

// ECMA-262 22.2.6.11 RegExp.prototype [ @@replace ] ( string, replaceValue )
fn symbol_replace(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let rx = this_object(vm, this, "RegExp.prototype.@@replace")?;
    let s = vm.to_string(arg(args, 0))?;
    vm.root(Value::string(s));
    let units = subject_units(vm, s);
    let length_s = units.len();
    let mut replace_value = arg(args, 1);
    let functional = replace_value.as_object().is_some_and(|f| vm.is_callable(f));
    let mut template = Vec::new();
    if !functional {
        let t = vm.to_string(replace_value)?;
        replace_value = Value::string(t);
        vm.root(replace_value);
        template = units_of(vm, t);
    }
    let flags = flags_of(vm, rx)?;
    let global = has_unit(&flags, b'g');
    let mut full_unicode = false;
    if global {
        full_unicode = has_unit(&flags, b'u') || has_unit(&flags, b'v');
        set_last_index(vm, rx, 0)?;
    }
    let mut results = Vec::new();
    while let Some(e) = regexp_exec(vm, rx, s, &units)? {
        if let Exec::Object(v) = &e {
            vm.root(*v);
        }
        if !global {
            results.push(e);
            break;
        }
        let matched = matched_units(vm, &e, &units)?;
        results.push(e);
        if matched.is_empty() {
            let this_index = get_last_index(vm, rx)?;
            let next = advance_string_index(&units, this_index, full_unicode);
            set_last_index(vm, rx, next)?;
        }
    }
    let mut out: Vec<u16> = Vec::new();
    let mut next_source_position = 0usize;
    for result in &results {
        let (matched, position, captures, named_value) = match result {
            Exec::Native(n) => {
                let captures: Vec<Option<Vec<u16>>> =
                    n.m.captures
                        .iter()
                        .map(|c| c.clone().map(|r| units[r].to_vec()))
                        .collect();
                (
                    units[n.m.range()].to_vec(),
                    n.m.start(),
                    captures,
                    Value::UNDEFINED,
                )
            }
            Exec::Object(v) => {
                let o = v.as_object().expect("RegExpExec returns objects");
                let n_captures = length_of_array_like(vm, o)?.saturating_sub(1);
                let matched = matched_units(vm, result, &units)?;
                let key = vm.key("index");
                let position = vm.get_value(*v, key)?;
                let position = to_integer(vm, position)?.clamp(0.0, length_s as f64) as usize;
                let mut captures = Vec::new();
                for i in 1..=n_captures {
                    let c = super::array::get_index(vm, o, i)?;
                    if c.is_undefined() {
                        captures.push(None);
                    } else {
                        let c = vm.to_string(c)?;
                        captures.push(Some(units_of(vm, c)));
                    }
                }
                let key = vm.key("groups");
                let groups = vm.get_value(*v, key)?;
                vm.root(groups);
                (matched, position, captures, groups)
            }
        };
        let mut replacement = Vec::new();
        if functional {
            let mut call_args = Vec::with_capacity(captures.len() + 4);
            call_args.push(new_string(vm, &matched)?);
            for c in &captures {
                let v = match c {
                    Some(c) => new_string(vm, c)?,
                    None => Value::UNDEFINED,
                };
                call_args.push(v);
            }
            call_args.push(Value::number(position as f64));
            call_args.push(Value::string(s));
            let groups = match result {
                Exec::Native(n) => {
                    let values: Vec<Value> = call_args[..=captures.len()].to_vec();
                    groups_object(vm, &n.matcher, |i| values[i])
                }
                Exec::Object(_) => named_value,
            };
            if !groups.is_undefined() {
                call_args.push(groups);
            }
            let r = vm.call(replace_value, Value::UNDEFINED, &call_args)?;
            let r = vm.to_string(r)?;
            replacement = units_of(vm, r);
        } else {
            let named = match result {
                Exec::Native(n) if n.matcher.has_names() => Named::Native(n, &units),
                Exec::Native(_) => Named::Absent,
                Exec::Object(_) if named_value.is_undefined() => Named::Absent,
                Exec::Object(_) => Named::Object(vm.to_object(named_value)?),
            };
            get_substitution(
                vm,
                &matched,
                &units,
                position,
                &captures,
                &named,
                &template,
                &mut replacement,
            )?;
        }
        if position >= next_source_position {
            out.extend_from_slice(&units[next_source_position..position]);
            out.extend_from_slice(&replacement);
            if out.len() > MAX_STRING_LENGTH {
                return vm.throw(ErrorKind::RangeError, "Invalid string length");
            }
            next_source_position = position + matched.len();
        }
    }
    if next_source_position < length_s {
        out.extend_from_slice(&units[next_source_position..]);
    }
    new_string(vm, &out)
}

// -------------------------------------------------------------------------------------------------
// String.prototype's RegExp entry points (ECMA-262 22.1.3)

/// The first steps of String.prototype.match / matchAll / replace / replaceAll / search / split:
/// when the argument is an object with a `method` (Symbol.match, ...), call it with `this` and
/// `rest`. None means go on with the string algorithm.
pub fn delegate(
    vm: &mut Vm,
    target: Value,
    symbol: crate::runtime::value::SymbolRef,
    this: Value,
    rest: &[Value],
) -> JsResult<Option<Value>> {
    if !target.is_object() {
        return Ok(None);
    }
    let method = vm.get_value(target, PropertyKey::Symbol(symbol))?;
    if method.is_nullish() {
        return Ok(None);
    }
    if !method.as_object().is_some_and(|f| vm.is_callable(f)) {
        let shown = vm.describe_for_error(method);
        return vm.type_error(format!("{shown} is not a function"));
    }
    let mut call_args = vec![this];
    call_args.extend_from_slice(rest);
    vm.call(method, target, &call_args).map(Some)
}

/// String.prototype.matchAll and replaceAll steps 2.a–b: a RegExp argument must be global.
pub fn require_global(vm: &mut Vm, v: Value, method: &str) -> JsResult<()> {
    if !is_regexp(vm, v)? {
        return Ok(());
    }
    let key = vm.key("flags");
    let flags = vm.get_value(v, key)?;
    if flags.is_nullish() {
        return vm.type_error(format!(
            "String.prototype.{method} called with a non-global RegExp argument"
        ));
    }
    let flags = vm.to_string(flags)?;
    let units = units_of(vm, flags);
    if !has_unit(&units, b'g') {
        return vm.type_error(format!(
            "String.prototype.{method} called with a non-global RegExp argument"
        ));
    }
    Ok(())
}

/// String.prototype.match / matchAll / search after the delegation: RegExpCreate(regexp, flags) and
/// Invoke(rx, symbol, « S »).
pub fn create_and_invoke(
    vm: &mut Vm,
    s: StringRef,
    regexp: Value,
    flags: Value,
    symbol: crate::runtime::value::SymbolRef,
) -> JsResult<Value> {
    vm.root(Value::string(s));
    let rx = regexp_create(vm, regexp, flags)?;
    let method = vm.get_value(Value::object(rx), PropertyKey::Symbol(symbol))?;
    if !method.as_object().is_some_and(|f| vm.is_callable(f)) {
        let shown = vm.describe_for_error(method);
        return vm.type_error(format!("{shown} is not a function"));
    }
    vm.call(method, Value::object(rx), &[Value::string(s)])
}
