//! Regular expression literal validation: the flags and the early errors of a RegularExpressionLiteral's
//! pattern (ECMA-262 22.2.1 "Patterns" and its Static Semantics: Early Errors), with the web-compatibility
//! grammar of Annex B.1.2 for patterns without the `u` or `v` flag.
//!
//! Why our own parser rather than `regress` alone: measured on ~300 patterns × 3 flag sets against V8, regress
//! 0.12 is too lax in places (quantified `\b`, duplicate group names in one alternative, `v`-flag class syntax,
//! non-BMP ranges without `u`) and has no Annex B/`u` distinction for several escapes. It is used for what it
//! knows best: the names and values of Unicode properties in `\p{...}` (see [`property_is_valid`]).
//!
//! The three modes, as the spec's grammar parameters:
//! - UnicodeMode (`u` or `v`): the pattern is a sequence of code points; escapes are strict.
//! - UnicodeSetsMode (`v`): character classes are ClassSetExpressions (nesting, `--`, `&&`, `\q{...}`).
//! - NamedCaptureGroups: set in UnicodeMode, or when the pattern has a group name (then `\k` must be a
//!   well-formed reference); without `u`/`v` the pattern is a sequence of UTF-16 code units.
//!
//! Error messages are V8's (checked with node 20), e.g. "Nothing to repeat"; the caller wraps them as
//! `Invalid regular expression: /pattern/flags: message`. Validation never panics and is linear in the
//! pattern's length except for `\p{...}` (a small regress compile each) and duplicate-name checks.

/// The message for bad flags (V8's wording).
pub const INVALID_FLAGS: &str = "Invalid regular expression flags";

/// Deeper nesting of groups or `v`-mode classes is rejected rather than risk the stack.
const MAX_NESTING: u32 = 500;

/// Check a regular expression literal's pattern and flags (ECMA-262 22.2.1 early errors, Annex B.1.2).
/// `pattern` is the raw source text between the slashes; `flags` the text after the closing slash.
pub fn validate(pattern: &str, flags: &str) -> Result<(), String> {
    let units: Vec<u16> = pattern.encode_utf16().collect();
    validate_units(&units, flags).map(|_| ())
}

/// What validation learnt about a pattern.
#[derive(Clone, Debug, Default)]
pub struct PatternInfo {
    /// The number of capturing groups.
    pub capture_count: u64,
    /// The name of each capturing group, in the order of their left parentheses.
    pub group_names: Vec<Option<String>>,
}

/// [`validate`] for a pattern given as UTF-16 code units (the `RegExp` constructor's, which may hold
/// lone surrogates). With `u` or `v` the pattern is read as code points (ECMA-262 22.2.3.4
/// ParsePattern: StringToCodePoints), otherwise as code units.
pub fn validate_units(pattern: &[u16], flags: &str) -> Result<PatternInfo, String> {
    let (unicode, sets) = parse_flags(flags)?;
    let u = unicode || sets;
    let s: Vec<u32> = if u {
        char::decode_utf16(pattern.iter().copied())
            .map(|c| c.map_or_else(|e| u32::from(e.unpaired_surrogate()), u32::from))
            .collect()
    } else {
        pattern.iter().map(|&c| u32::from(c)).collect()
    };
    let mut p = Parser {
        s,
        i: 0,
        u,
        v: sets,
        named: u,
        capture_count: 0,
        groups: Vec::new(),
        groups_by_name: std::collections::HashMap::new(),
        references: Vec::new(),
        path: Vec::new(),
        next_disjunction: 0,
        depth: 0,
        names: Vec::new(),
    };
    p.prescan();
    p.pattern()?;
    Ok(PatternInfo {
        capture_count: p.capture_count,
        group_names: p.names,
    })
}

/// Only `d g i m s u y v`, each at most once, and not both `u` and `v`. Returns (u, v).
fn parse_flags(flags: &str) -> Result<(bool, bool), String> {
    let mut seen = 0u32;
    for c in flags.chars() {
        let bit = match "dgimsuyv".find(c) {
            Some(n) if c.is_ascii() => 1u32 << n,
            _ => return Err(INVALID_FLAGS.to_string()),
        };
        if seen & bit != 0 {
            return Err(INVALID_FLAGS.to_string());
        }
        seen |= bit;
    }
    let (u, v) = (seen & (1 << 5) != 0, seen & (1 << 7) != 0);
    if u && v {
        return Err(INVALID_FLAGS.to_string());
    }
    Ok((u, v))
}

type R<T> = Result<T, String>;

fn err<T>(message: &str) -> R<T> {
    Err(message.to_string())
}

const fn ch(c: char) -> u32 {
    c as u32
}

fn is_digit(c: u32) -> bool {
    (ch('0')..=ch('9')).contains(&c)
}

fn is_octal(c: u32) -> bool {
    (ch('0')..=ch('7')).contains(&c)
}

fn hex_value(c: u32) -> Option<u32> {
    char::from_u32(c).and_then(|c| c.to_digit(16))
}

fn is_ascii_letter(c: u32) -> bool {
    char::from_u32(c).is_some_and(|c| c.is_ascii_alphabetic())
}

fn is_lead(c: u32) -> bool {
    (0xD800..0xDC00).contains(&c)
}

fn is_trail(c: u32) -> bool {
    (0xDC00..0xE000).contains(&c)
}

fn combine(lead: u32, trail: u32) -> u32 {
    0x10000 + ((lead - 0xD800) << 10) + (trail - 0xDC00)
}

/// `^ $ \ . * + ? ( ) [ ] { } |`
fn is_syntax_char(c: u32) -> bool {
    char::from_u32(c).is_some_and(|c| "^$\\.*+?()[]{}|".contains(c))
}

/// ClassSetSyntaxCharacter: `( ) [ ] { } / - \ |`
fn is_class_set_syntax_char(c: u32) -> bool {
    char::from_u32(c).is_some_and(|c| "()[]{}/-\\|".contains(c))
}

/// ClassSetReservedPunctuator: `& - ! # % , : ; < = > @ ` ~`
fn is_class_set_reserved_punctuator(c: u32) -> bool {
    char::from_u32(c).is_some_and(|c| "&-!#%,:;<=>@`~".contains(c))
}

/// The characters that form a ClassSetReservedDoublePunctuator when doubled (`&&`, `!!`, ...).
fn is_double_punctuator_char(c: u32) -> bool {
    char::from_u32(c).is_some_and(|c| "&!#$%*+,.:;<=>?@^`~".contains(c))
}

fn is_group_name_start(c: u32) -> bool {
    c == ch('$') || c == ch('_') || char::from_u32(c).is_some_and(unicode_id_start::is_id_start)
}

fn is_group_name_part(c: u32) -> bool {
    c == ch('$')
        || c == 0x200C
        || c == 0x200D
        || char::from_u32(c).is_some_and(unicode_id_start::is_id_continue)
}

/// Compare two non-empty decimal digit strings by value (they may be too long for any integer type).
fn decimal_greater(a: &[u32], b: &[u32]) -> bool {
    let strip = |d: &[u32]| -> Vec<u32> {
        let first = d.iter().position(|&c| c != ch('0')).unwrap_or(d.len());
        d[first..].to_vec()
    };
    let (a, b) = (strip(a), strip(b));
    a.len() > b.len() || (a.len() == b.len() && a > b)
}

/// A `{n}`, `{n,}` or `{n,m}` quantifier: its end index, the digits of n, and those of m if present.
type Braces<'a> = (usize, &'a [u32], Option<&'a [u32]>);

/// What a group construct was, for deciding whether a quantifier may follow it.
#[derive(PartialEq)]
enum GroupKind {
    Lookahead,
    Lookbehind,
    Other,
}

/// A class atom (non-`v` classes): a single character (code unit or code point) or a class escape.
enum ClassAtom {
    Char(u32),
    Set,
}

/// A `v`-mode ClassSetOperand (or a range): whether it may contain strings, and its character if it is a
/// single ClassSetCharacter (and so may be a range endpoint).
struct Operand {
    strings: bool,
    char: Option<u32>,
}

struct GroupName {
    /// The (disjunction id, alternative index) pairs from the pattern's root to the group.
    path: Vec<(u32, u32)>,
}

struct Parser {
    s: Vec<u32>,
    i: usize,
    u: bool,
    v: bool,
    named: bool,
    capture_count: u64,
    groups: Vec<GroupName>,
    /// Indices into `groups` by name (so duplicate checks compare only same-name groups).
    groups_by_name: std::collections::HashMap<Vec<u32>, Vec<usize>>,
    references: Vec<Vec<u32>>,
    path: Vec<(u32, u32)>,
    next_disjunction: u32,
    depth: u32,
    /// Each capturing group's name (None for an unnamed group), in order.
    names: Vec<Option<String>>,
}

impl Parser {
    fn peek(&self) -> Option<u32> {
        self.s.get(self.i).copied()
    }

    fn peek_at(&self, n: usize) -> Option<u32> {
        self.s.get(self.i + n).copied()
    }

    fn at(&self, c: char) -> bool {
        self.peek() == Some(ch(c))
    }

    fn at2(&self, a: char, b: char) -> bool {
        self.peek() == Some(ch(a)) && self.peek_at(1) == Some(ch(b))
    }

    fn eat(&mut self, c: char) -> bool {
        if self.at(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return err("Regular expression too large");
        }
        Ok(())
    }

    /// Count the capturing groups (for DecimalEscape) and find whether any group has a name (which turns
    /// on NamedCaptureGroups without `u`/`v`), skipping escapes and character classes.
    fn prescan(&mut self) {
        let s = &self.s;
        let mut i = 0;
        let mut class_depth = 0u32;
        while i < s.len() {
            let c = s[i];
            if c == ch('\\') {
                i += 1;
            } else if c == ch('[') {
                if self.v || class_depth == 0 {
                    class_depth += 1;
                }
            } else if c == ch(']') {
                class_depth = class_depth.saturating_sub(1);
            } else if c == ch('(') && class_depth == 0 {
                if s.get(i + 1) != Some(&ch('?')) {
                    self.capture_count += 1;
                } else if s.get(i + 2) == Some(&ch('<'))
                    && !matches!(s.get(i + 3), Some(&c) if c == ch('=') || c == ch('!'))
                {
                    self.capture_count += 1;
                    self.named = true;
                }
            }
            i += 1;
        }
    }

    fn pattern(&mut self) -> R<()> {
        self.disjunction()?;
        if self.i < self.s.len() {
            // The only way a Disjunction stops early at the top level.
            return err("Unmatched ')'");
        }
        for name in &self.references {
            if !self.groups_by_name.contains_key(name) {
                return err("Invalid named capture referenced");
            }
        }
        Ok(())
    }

    fn disjunction(&mut self) -> R<()> {
        self.enter()?;
        let id = self.next_disjunction;
        self.next_disjunction += 1;
        let mut alternative = 0;
        loop {
            self.path.push((id, alternative));
            while let Some(c) = self.peek() {
                if c == ch('|') || c == ch(')') {
                    break;
                }
                self.term()?;
            }
            self.path.pop();
            if !self.eat('|') {
                break;
            }
            alternative += 1;
        }
        self.depth -= 1;
        Ok(())
    }

    fn term(&mut self) -> R<()> {
        let c = self.peek().unwrap_or(0);
        match char::from_u32(c).unwrap_or('\0') {
            '^' | '$' => {
                self.i += 1;
                return self.no_quantifier("Nothing to repeat");
            }
            '\\' if matches!(self.peek_at(1), Some(b) if b == ch('b') || b == ch('B')) => {
                self.i += 2;
                return self.no_quantifier("Nothing to repeat");
            }
            '(' => match self.group()? {
                GroupKind::Lookbehind => return self.no_quantifier("Invalid quantifier"),
                GroupKind::Lookahead if self.u => return self.no_quantifier("Invalid quantifier"),
                _ => {}
            },
            '*' | '+' | '?' => return err("Nothing to repeat"),
            '{' => {
                if self.braced_quantifier().is_some() {
                    // Annex B's InvalidBracedQuantifier is an early error too.
                    return err("Nothing to repeat");
                }
                if self.u {
                    return err("Lone quantifier brackets");
                }
                self.i += 1; // Annex B: ExtendedPatternCharacter
            }
            '}' | ']' => {
                if self.u {
                    return err("Lone quantifier brackets");
                }
                self.i += 1;
            }
            '[' => {
                if self.v {
                    self.class_v()?;
                } else {
                    self.class()?;
                }
            }
            '\\' => self.atom_escape()?,
            _ => self.i += 1,
        }
        self.quantifier()
    }

    fn no_quantifier(&self, message: &str) -> R<()> {
        match self.peek().and_then(char::from_u32) {
            Some('*' | '+' | '?') => err(message),
            Some('{') if self.braced_quantifier().is_some() => err(message),
            _ => Ok(()),
        }
    }

    /// At `{`: if `{n}`, `{n,}` or `{n,m}` follows, its end index and digit strings.
    fn braced_quantifier(&self) -> Option<Braces<'_>> {
        let s = &self.s;
        let mut j = self.i + 1;
        let min_start = j;
        while j < s.len() && is_digit(s[j]) {
            j += 1;
        }
        if j == min_start {
            return None;
        }
        let min = &s[min_start..j];
        let mut max = None;
        if s.get(j) == Some(&ch(',')) {
            j += 1;
            let max_start = j;
            while j < s.len() && is_digit(s[j]) {
                j += 1;
            }
            if j > max_start {
                max = Some(&s[max_start..j]);
            }
        }
        if s.get(j) != Some(&ch('}')) {
            return None;
        }
        Some((j + 1, min, max))
    }

    fn quantifier(&mut self) -> R<()> {
        match self.peek().and_then(char::from_u32) {
            Some('*' | '+' | '?') => self.i += 1,
            Some('{') => match self.braced_quantifier() {
                Some((end, min, max)) => {
                    if max.is_some_and(|max| decimal_greater(min, max)) {
                        return err("numbers out of order in {} quantifier");
                    }
                    self.i = end;
                }
                None if self.u => return err("Incomplete quantifier"),
                None => return Ok(()), // Annex B: a literal `{`, parsed as the next term
            },
            _ => return Ok(()),
        }
        self.eat('?');
        Ok(())
    }

    /// At `(`: a group, lookaround, named group or modifier group, through its `)`.
    fn group(&mut self) -> R<GroupKind> {
        self.i += 1;
        let mut kind = GroupKind::Other;
        if self.eat('?') {
            match self.peek().and_then(char::from_u32) {
                Some(':') => self.i += 1,
                Some('=' | '!') => {
                    self.i += 1;
                    kind = GroupKind::Lookahead;
                }
                Some('<') if matches!(self.peek_at(1), Some(c) if c == ch('=') || c == ch('!')) => {
                    self.i += 2;
                    kind = GroupKind::Lookbehind;
                }
                Some('<') => {
                    self.i += 1;
                    let name = self.group_name()?;
                    let path = self.path.clone();
                    let same_name = self.groups_by_name.entry(name.clone()).or_default();
                    for &g in same_name.iter() {
                        if might_both_participate(&self.groups[g].path, &path) {
                            return err("Duplicate capture group name");
                        }
                    }
                    same_name.push(self.groups.len());
                    self.groups.push(GroupName { path });
                    let text = name.iter().filter_map(|&c| char::from_u32(c)).collect();
                    self.names.push(Some(text));
                }
                _ => self.modifiers()?,
            }
        } else {
            self.names.push(None);
        }
        self.disjunction()?;
        if !self.eat(')') {
            return err("Unterminated group");
        }
        Ok(kind)
    }

    /// After `(?`: ES2025 modifiers `ims-ims:` (at least one flag, none repeated).
    fn modifiers(&mut self) -> R<()> {
        let mut seen = 0u32;
        let mut dash = false;
        let mut count = 0;
        loop {
            match self.peek().and_then(char::from_u32) {
                Some(c @ ('i' | 'm' | 's')) => {
                    let bit = 1 << (c as u32 - 'a' as u32);
                    if seen & bit != 0 {
                        return err("Repeated flag in flag group");
                    }
                    seen |= bit;
                    count += 1;
                }
                Some('-') => {
                    if dash {
                        return err("Multiple dashes in flag group");
                    }
                    dash = true;
                }
                Some(':') => {
                    self.i += 1;
                    break;
                }
                _ => return err("Invalid group"),
            }
            self.i += 1;
        }
        if dash && count == 0 {
            return err("Invalid flag group");
        }
        Ok(())
    }

    /// After `<`: a RegExpIdentifierName through `>`, as code points.
    fn group_name(&mut self) -> R<Vec<u32>> {
        let mut name = Vec::new();
        loop {
            let Some(c) = self.peek() else {
                return err("Invalid capture group name");
            };
            if c == ch('>') {
                self.i += 1;
                break;
            }
            let cp = if c == ch('\\') {
                self.i += 1;
                if !self.at('u') {
                    return err("Invalid capture group name");
                }
                self.unicode_escape_strict()?
            } else if is_lead(c) && self.peek_at(1).is_some_and(is_trail) {
                self.i += 2;
                combine(c, self.s[self.i - 1])
            } else {
                self.i += 1;
                c
            };
            let ok = if name.is_empty() {
                is_group_name_start(cp)
            } else {
                is_group_name_part(cp)
            };
            if !ok {
                return err("Invalid capture group name");
            }
            name.push(cp);
        }
        if name.is_empty() {
            return err("Invalid capture group name");
        }
        Ok(name)
    }

    /// At `u` after `\`, with UnicodeMode syntax: `\uXXXX` (a surrogate pair of such escapes is one code
    /// point) or `\u{X...}` up to 10FFFF.
    fn unicode_escape_strict(&mut self) -> R<u32> {
        const BAD: &str = "Invalid Unicode escape";
        self.i += 1;
        if self.eat('{') {
            let mut value: u32 = 0;
            let mut digits = 0;
            while let Some(d) = self.peek().and_then(hex_value) {
                value = value.saturating_mul(16).saturating_add(d);
                digits += 1;
                self.i += 1;
            }
            if digits == 0 || !self.eat('}') || value > 0x10FFFF {
                return err(BAD);
            }
            return Ok(value);
        }
        let Some(value) = self.hex4(self.i) else {
            return err(BAD);
        };
        self.i += 4;
        if is_lead(value) && self.at2('\\', 'u') {
            if let Some(trail) = self.hex4(self.i + 2).filter(|&t| is_trail(t)) {
                self.i += 6;
                return Ok(combine(value, trail));
            }
        }
        Ok(value)
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let mut value = 0;
        for k in 0..4 {
            value = value * 16 + self.s.get(at + k).copied().and_then(hex_value)?;
        }
        Some(value)
    }

    /// At the character after `\`, outside a class (`\b` and `\B` are handled by `term`).
    fn atom_escape(&mut self) -> R<()> {
        self.i += 1;
        let Some(c) = self.peek() else {
            return err("\\ at end of pattern");
        };
        match char::from_u32(c).unwrap_or('\0') {
            '1'..='9' => {
                let start = self.i;
                let mut value: u64 = 0;
                while let Some(d) = self.peek().filter(|&d| is_digit(d)) {
                    value = value
                        .saturating_mul(10)
                        .saturating_add(u64::from(d - ch('0')));
                    self.i += 1;
                }
                if value > self.capture_count {
                    if self.u {
                        return err("Invalid escape");
                    }
                    // Annex B: not a back reference; a legacy octal escape (\1-\7) or an identity escape.
                    self.i = start;
                    if is_octal(c) {
                        self.legacy_octal();
                    } else {
                        self.i += 1;
                    }
                }
            }
            'k' if self.named => {
                self.i += 1;
                if !self.eat('<') {
                    return err("Invalid named reference");
                }
                let name = self.group_name()?;
                self.references.push(name);
            }
            'd' | 'D' | 's' | 'S' | 'w' | 'W' => self.i += 1,
            'p' | 'P' if self.u => {
                self.i += 1;
                self.property(c == ch('P'), false)?;
            }
            '0' if self.u && self.peek_at(1).is_some_and(is_digit) => {
                return err("Invalid decimal escape")
            }
            _ => {
                self.character_escape()?;
            }
        }
        Ok(())
    }

    /// Annex B LegacyOctalEscapeSequence, at its first digit (0-7): up to 3 digits, value at most 0o377.
    fn legacy_octal(&mut self) -> u32 {
        let first = self.s[self.i] - ch('0');
        self.i += 1;
        let mut value = first;
        let max_more = if first <= 3 { 2 } else { 1 };
        for _ in 0..max_more {
            match self.peek().filter(|&d| is_octal(d)) {
                Some(d) => {
                    value = value * 8 + (d - ch('0'));
                    self.i += 1;
                }
                None => break,
            }
        }
        value
    }

    /// CharacterEscape (with Annex B's extensions without `u`/`v`), at the character after `\`; returns the
    /// character's value. Callers handle digits 1-9 (except the legacy octal case) and class escapes.
    fn character_escape(&mut self) -> R<u32> {
        let c = self.peek().unwrap_or(0);
        let value = match char::from_u32(c).unwrap_or('\0') {
            'f' => 0x0C,
            'n' => 0x0A,
            'r' => 0x0D,
            't' => 0x09,
            'v' => 0x0B,
            'c' => {
                if let Some(letter) = self.peek_at(1).filter(|&l| is_ascii_letter(l)) {
                    self.i += 2;
                    return Ok(letter % 32);
                }
                if self.u {
                    return err("Invalid Unicode escape");
                }
                // Annex B: `\` [lookahead = c] is a literal backslash; the `c` is read next.
                return Ok(ch('\\'));
            }
            '0' if !self.peek_at(1).is_some_and(is_digit) => 0,
            '0'..='7' if !self.u => return Ok(self.legacy_octal()),
            'x' => {
                if let (Some(h), Some(l)) = (
                    self.peek_at(1).and_then(hex_value),
                    self.peek_at(2).and_then(hex_value),
                ) {
                    self.i += 3;
                    return Ok(h * 16 + l);
                }
                if self.u {
                    return err("Invalid escape");
                }
                ch('x') // Annex B: identity escape
            }
            'u' => {
                if self.u {
                    return self.unicode_escape_strict();
                }
                if let Some(value) = self.hex4(self.i + 1) {
                    self.i += 5;
                    return Ok(value);
                }
                ch('u') // Annex B: identity escape
            }
            'k' if self.named => return err("Invalid escape"),
            _ => {
                if self.u && !(is_syntax_char(c) || c == ch('/')) {
                    return err("Invalid escape");
                }
                c // identity escape (Annex B: any character without `u`/`v`)
            }
        };
        self.i += 1;
        Ok(value)
    }

    /// A character class without the `v` flag, at `[`, through its `]`.
    fn class(&mut self) -> R<()> {
        self.i += 1;
        self.eat('^');
        loop {
            let Some(c) = self.peek() else {
                return err("Unterminated character class");
            };
            if c == ch(']') {
                self.i += 1;
                return Ok(());
            }
            let first = self.class_atom()?;
            if self.at('-') && self.peek_at(1).is_some_and(|c| c != ch(']')) {
                self.i += 1;
                let second = self.class_atom()?;
                match (first, second) {
                    (ClassAtom::Char(a), ClassAtom::Char(b)) if a > b => {
                        return err("Range out of order in character class");
                    }
                    (ClassAtom::Char(_), ClassAtom::Char(_)) => {}
                    // Annex B allows `[\d-a]` without `u` (a union of \d, `-` and `a`).
                    _ if self.u => return err("Invalid character class"),
                    _ => {}
                }
            }
        }
    }

    /// ClassAtom (non-`v` classes).
    fn class_atom(&mut self) -> R<ClassAtom> {
        let c = self.peek().unwrap_or(0);
        self.i += 1;
        if c != ch('\\') {
            return Ok(ClassAtom::Char(c));
        }
        let Some(e) = self.peek() else {
            return err("\\ at end of pattern");
        };
        match char::from_u32(e).unwrap_or('\0') {
            'b' => {
                self.i += 1;
                Ok(ClassAtom::Char(8))
            }
            '-' if self.u => {
                self.i += 1;
                Ok(ClassAtom::Char(e))
            }
            'd' | 'D' | 's' | 'S' | 'w' | 'W' => {
                self.i += 1;
                Ok(ClassAtom::Set)
            }
            'p' | 'P' if self.u => {
                self.i += 1;
                self.property(e == ch('P'), true)?;
                Ok(ClassAtom::Set)
            }
            // Annex B ClassControlLetter: `\c` followed by a digit or `_` inside a class.
            'c' if !self.u && self.peek_at(1).is_some_and(|d| is_digit(d) || d == ch('_')) => {
                let d = self.s[self.i + 1];
                self.i += 2;
                Ok(ClassAtom::Char(d % 32))
            }
            _ => self.class_character_escape().map(ClassAtom::Char),
        }
    }

    /// CharacterEscape inside a class: like outside, but decimal digits are not back references.
    fn class_character_escape(&mut self) -> R<u32> {
        let e = self.peek().unwrap_or(0);
        if self.u && is_digit(e) {
            if e == ch('0') && !self.peek_at(1).is_some_and(is_digit) {
                self.i += 1;
                return Ok(0);
            }
            if e == ch('8') || e == ch('9') {
                return err("Invalid escape");
            }
            return err("Invalid class escape");
        }
        if !self.u && (e == ch('8') || e == ch('9')) {
            self.i += 1;
            return Ok(e); // Annex B identity escape
        }
        self.character_escape()
    }

    /// A `v`-mode class (ClassSetExpression), at `[`, through its `]`. Returns MayContainStrings.
    fn class_v(&mut self) -> R<bool> {
        self.enter()?;
        self.i += 1;
        let negated = self.eat('^');
        let strings = self.class_set_expression()?;
        if negated && strings {
            return err("Negated character class may contain strings");
        }
        self.depth -= 1;
        Ok(strings && !negated)
    }

    /// ClassUnion, ClassIntersection or ClassSubtraction, through the closing `]`.
    fn class_set_expression(&mut self) -> R<bool> {
        if self.eat(']') {
            return Ok(false);
        }
        let first = self.class_set_operand_or_range()?;
        if self.at2('&', '&') || self.at2('-', '-') {
            // (A range followed by `&&` or `--` was rejected by class_set_operand_or_range.)
            let intersection = self.at('&');
            let mut strings = first.strings;
            let (a, b) = if intersection { ('&', '&') } else { ('-', '-') };
            while self.at2(a, b) {
                self.i += 2;
                if intersection && self.at('&') {
                    return err("Invalid character in character class");
                }
                let operand = self.class_set_operand()?;
                if intersection {
                    strings &= operand.strings;
                }
            }
            if !self.eat(']') {
                if self.peek().is_none() {
                    return err("Unterminated character class");
                }
                return err("Invalid set operation in character class");
            }
            return Ok(strings);
        }
        let mut strings = first.strings;
        loop {
            if self.eat(']') {
                return Ok(strings);
            }
            if self.peek().is_none() {
                return err("Unterminated character class");
            }
            if self.at2('&', '&') || self.at2('-', '-') {
                return err("Invalid set operation in character class");
            }
            strings |= self.class_set_operand_or_range()?.strings;
        }
    }

    fn class_set_operand_or_range(&mut self) -> R<Operand> {
        let first = self.class_set_operand()?;
        if !self.at('-') || self.at2('-', '-') {
            return Ok(first);
        }
        let Some(lo) = first.char else {
            return err("Invalid character class");
        };
        self.i += 1;
        let second = self.class_set_operand()?;
        let Some(hi) = second.char else {
            return err("Invalid character class");
        };
        if lo > hi {
            return err("Range out of order in character class");
        }
        if self.at('-') && !self.at2('-', '-') {
            return err("Invalid character class");
        }
        if self.at2('&', '&') || self.at2('-', '-') {
            // A range is not a ClassSetOperand: `[a-z&&b]`.
            return err("Invalid set operation in character class");
        }
        Ok(Operand {
            strings: false,
            char: None,
        })
    }

    /// ClassSetOperand: a nested class, `\q{...}`, a class escape, or a ClassSetCharacter.
    fn class_set_operand(&mut self) -> R<Operand> {
        let Some(c) = self.peek() else {
            return err("Unterminated character class");
        };
        if c == ch('[') {
            let strings = self.class_v()?;
            return Ok(Operand {
                strings,
                char: None,
            });
        }
        if c == ch('\\') {
            let e = self.peek_at(1).unwrap_or(0);
            match char::from_u32(e).unwrap_or('\0') {
                'q' if self.peek_at(2) == Some(ch('{')) => {
                    self.i += 3;
                    let strings = self.class_string_disjunction()?;
                    return Ok(Operand {
                        strings,
                        char: None,
                    });
                }
                'd' | 'D' | 's' | 'S' | 'w' | 'W' => {
                    self.i += 2;
                    return Ok(Operand {
                        strings: false,
                        char: None,
                    });
                }
                'p' | 'P' => {
                    self.i += 2;
                    let strings = self.property(e == ch('P'), true)?;
                    return Ok(Operand {
                        strings,
                        char: None,
                    });
                }
                _ => {}
            }
        }
        let value = self.class_set_character()?;
        Ok(Operand {
            strings: false,
            char: Some(value),
        })
    }

    /// ClassSetCharacter: a character that is not ClassSetSyntaxCharacter nor the start of a reserved double
    /// punctuator, or an escape (CharacterEscape, `\b`, `\` ClassSetReservedPunctuator).
    fn class_set_character(&mut self) -> R<u32> {
        let Some(c) = self.peek() else {
            return err("Unterminated character class");
        };
        if c == ch('\\') {
            self.i += 1;
            let Some(e) = self.peek() else {
                return err("\\ at end of pattern");
            };
            if e == ch('b') {
                self.i += 1;
                return Ok(8);
            }
            if is_class_set_reserved_punctuator(e) {
                self.i += 1;
                return Ok(e);
            }
            return self.class_character_escape();
        }
        if is_double_punctuator_char(c) && self.peek_at(1) == Some(c) {
            return err("Invalid set operation in character class");
        }
        if is_class_set_syntax_char(c) {
            return err("Invalid character in character class");
        }
        self.i += 1;
        Ok(c)
    }

    /// After `\q{`: ClassStrings separated by `|`, through `}`. Returns whether any string's length is not 1.
    fn class_string_disjunction(&mut self) -> R<bool> {
        let mut strings = false;
        let mut len = 0;
        loop {
            match self.peek() {
                None => return err("Unterminated character class"),
                Some(c) if c == ch('}') => {
                    self.i += 1;
                    return Ok(strings || len != 1);
                }
                Some(c) if c == ch('|') => {
                    self.i += 1;
                    strings |= len != 1;
                    len = 0;
                }
                Some(_) => {
                    self.class_set_character()?;
                    len += 1;
                }
            }
        }
    }

    /// After `\p` or `\P` (with `u` or `v`): `{Name}` or `{Name=Value}`. Returns MayContainStrings (a
    /// property of strings, allowed only with `v` and not negated).
    fn property(&mut self, negated: bool, in_class: bool) -> R<bool> {
        let bad = || {
            if in_class {
                err("Invalid property name in character class")
            } else {
                err("Invalid property name")
            }
        };
        if !self.eat('{') {
            return bad();
        }
        let start = self.i;
        while let Some(c) = self.peek() {
            if c == ch('}') {
                break;
            }
            if !(is_ascii_letter(c) || is_digit(c) || c == ch('_') || c == ch('=')) {
                return bad();
            }
            self.i += 1;
        }
        if !self.eat('}') {
            return bad();
        }
        let text: String = self.s[start..self.i - 1]
            .iter()
            .filter_map(|&c| char::from_u32(c))
            .collect();
        match property_is_valid(&text, self.v) {
            Some(false) => Ok(false),
            Some(true) if !negated => Ok(true),
            _ => bad(),
        }
    }
}

/// ES2025 duplicate named groups: two groups with one name are allowed only when they are in different
/// alternatives of some Disjunction (so at most one of them can participate in a match).
fn might_both_participate(a: &[(u32, u32)], b: &[(u32, u32)]) -> bool {
    for (x, y) in a.iter().zip(b) {
        if x.0 != y.0 {
            return true;
        }
        if x.1 != y.1 {
            return false;
        }
    }
    true
}

/// The properties of strings (allowed in `\p{...}` with the `v` flag only).
const STRING_PROPERTIES: &[&str] = &[
    "Basic_Emoji",
    "Emoji_Keycap_Sequence",
    "RGI_Emoji_Modifier_Sequence",
    "RGI_Emoji_Flag_Sequence",
    "RGI_Emoji_Tag_Sequence",
    "RGI_Emoji_ZWJ_Sequence",
    "RGI_Emoji",
];

/// The names allowed before `=` in `\p{Name=Value}`.
const VALUED_PROPERTIES: &[&str] = &[
    "General_Category",
    "gc",
    "Script",
    "sc",
    "Script_Extensions",
    "scx",
];

/// Whether `text` (between the braces of `\p{...}`) names a property: Some(false) for a property of code
/// points, Some(true) for a property of strings (only with `v`), None if invalid. Names and values are
/// matched exactly (no loose matching), as ECMA-262 requires; regress knows the tables.
fn property_is_valid(text: &str, sets: bool) -> Option<bool> {
    if let Some((name, value)) = text.split_once('=') {
        if value.is_empty() || value.contains('=') || !VALUED_PROPERTIES.contains(&name) {
            return None;
        }
    } else if text.is_empty() {
        return None;
    } else if STRING_PROPERTIES.contains(&text) {
        return if sets { Some(true) } else { None };
    }
    let flags = regress::Flags {
        unicode: true,
        ..Default::default()
    };
    regress::Regex::with_flags(&format!("\\p{{{text}}}"), flags)
        .ok()
        .map(|_| false)
}

#[cfg(test)]
mod tests {
    use super::validate;

    /// (pattern, flags, expected: "ok" or the error message). Messages are V8's: each case was run with node
    /// 20 (`new RegExp(pattern, flags)`), except where a comment says the case is newer than node 20.
    const CASES: &[(&str, &str, &str)] = &[
        // Flags.
        ("a", "dgimsuy", "ok"),
        ("a", "v", "ok"),
        ("a", "gg", "Invalid regular expression flags"),
        ("a", "uv", "Invalid regular expression flags"),
        ("a", "x", "Invalid regular expression flags"),
        ("a", "G", "Invalid regular expression flags"),
        // Structure.
        ("a|b", "", "ok"),
        ("a|", "", "ok"),
        ("|", "u", "ok"),
        ("()", "", "ok"),
        ("(?:)", "", "ok"),
        ("a)", "", "Unmatched ')'"),
        ("(a))", "u", "Unmatched ')'"),
        ("(a", "", "Unterminated group"),
        ("(?:a", "v", "Unterminated group"),
        ("((a)", "", "Unterminated group"),
        ("\\", "", "\\ at end of pattern"),
        ("a\\", "u", "\\ at end of pattern"),
        // Quantifiers.
        ("*", "", "Nothing to repeat"),
        ("+a", "u", "Nothing to repeat"),
        ("a**", "", "Nothing to repeat"),
        ("a*?", "", "ok"),
        ("a??", "u", "ok"),
        ("a{1}", "", "ok"),
        ("a{1,}", "u", "ok"),
        ("a{0,0}", "", "ok"),
        ("a{01,1}", "", "ok"),
        ("a{2,1}", "", "numbers out of order in {} quantifier"),
        ("a{10,9}", "u", "numbers out of order in {} quantifier"),
        ("x{99999999999999999999}", "", "ok"),
        ("x{2,99999999999999999999}", "u", "ok"),
        (
            "x{99999999999999999999,2}",
            "",
            "numbers out of order in {} quantifier",
        ),
        ("a{1", "", "ok"),
        ("a{1", "u", "Incomplete quantifier"),
        ("a{,1}", "", "ok"),
        ("a{,1}", "v", "Incomplete quantifier"),
        ("a{", "u", "Incomplete quantifier"),
        ("{", "", "ok"),
        ("{", "u", "Lone quantifier brackets"),
        ("}", "", "ok"),
        ("}", "v", "Lone quantifier brackets"),
        ("]", "", "ok"),
        ("]", "u", "Lone quantifier brackets"),
        ("{1}", "", "Nothing to repeat"),
        ("{1,2}", "u", "Nothing to repeat"),
        ("{1", "u", "Lone quantifier brackets"),
        ("a{1}{2}", "", "Nothing to repeat"),
        ("a{1}?{", "", "ok"),
        ("a{1}?{", "u", "Lone quantifier brackets"),
        ("\\u{41}{2}", "", "Nothing to repeat"),
        ("\\u{41}{2}", "u", "ok"),
        ("^*", "", "Nothing to repeat"),
        ("$+", "u", "Nothing to repeat"),
        ("\\b*", "", "Nothing to repeat"),
        ("\\B{1}", "", "Nothing to repeat"),
        // Lookarounds: Annex B makes lookaheads quantifiable without u/v.
        ("(?=a)*", "", "ok"),
        ("(?!a)+", "", "ok"),
        ("(?=a){1}", "", "ok"),
        ("(?=a)?", "", "ok"),
        ("(?=a)*", "u", "Invalid quantifier"),
        ("(?=a)?", "v", "Invalid quantifier"),
        ("(?<=a)", "", "ok"),
        ("(?<!a)", "u", "ok"),
        ("(?<=a)*", "", "Invalid quantifier"),
        ("(?<!a)?", "u", "Invalid quantifier"),
        ("(?a)", "", "Invalid group"),
        // Modifiers (ES2025; newer than node 20, messages as in current V8).
        ("(?i:a)", "", "ok"),
        ("(?ims:a)", "u", "ok"),
        ("(?-i:a)", "", "ok"),
        ("(?i-m:a)", "v", "ok"),
        ("(?im-s:a)", "", "ok"),
        ("(?i-:a)", "", "ok"),
        ("(?i-i:a)", "", "Repeated flag in flag group"),
        ("(?ii:a)", "", "Repeated flag in flag group"),
        ("(?-:a)", "", "Invalid flag group"),
        ("(?--i:a)", "", "Multiple dashes in flag group"),
        ("(?x:a)", "", "Invalid group"),
        ("(?i)", "", "Invalid group"),
        ("(?i:a", "", "Unterminated group"),
        // Escapes (Annex B without u/v).
        ("\\a", "", "ok"),
        ("\\a", "u", "Invalid escape"),
        ("\\-", "", "ok"),
        ("\\-", "v", "Invalid escape"),
        ("\\/", "u", "ok"),
        ("\\]", "u", "ok"),
        ("\\{", "v", "ok"),
        ("\\c", "", "ok"),
        ("\\c", "u", "Invalid Unicode escape"),
        ("\\c1", "", "ok"),
        ("\\c_", "v", "Invalid Unicode escape"),
        ("\\cA", "u", "ok"),
        ("\\cz", "v", "ok"),
        ("\\0", "u", "ok"),
        ("\\00", "", "ok"),
        ("\\07", "", "ok"),
        ("\\00", "u", "Invalid decimal escape"),
        ("\\01", "v", "Invalid decimal escape"),
        ("\\1", "", "ok"),
        ("\\8", "", "ok"),
        ("\\9", "", "ok"),
        ("\\1", "u", "Invalid escape"),
        ("\\8", "v", "Invalid escape"),
        ("(a)\\1", "u", "ok"),
        ("\\1(a)", "u", "ok"),
        ("(a)\\2", "", "ok"),
        ("(a)\\2", "u", "Invalid escape"),
        ("\\10(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)", "u", "ok"),
        ("\\x", "", "ok"),
        ("\\x1g", "", "ok"),
        ("\\x41", "u", "ok"),
        ("\\x1", "u", "Invalid escape"),
        ("\\u", "", "ok"),
        ("\\u12", "", "ok"),
        ("\\u{110000}", "", "ok"),
        ("\\u0041", "u", "ok"),
        ("\\u{41}", "u", "ok"),
        ("\\u{10FFFF}", "v", "ok"),
        ("\\uD83D\\uDE00", "u", "ok"),
        ("\\uD83D", "u", "ok"),
        ("\\u", "u", "Invalid Unicode escape"),
        ("\\u12", "v", "Invalid Unicode escape"),
        ("\\u{110000}", "u", "Invalid Unicode escape"),
        ("\\u{}", "u", "Invalid Unicode escape"),
        ("\\u{FFFFFFF}", "v", "Invalid Unicode escape"),
        ("😀", "", "ok"),
        ("😀+", "u", "ok"),
        ("\\u{1F600}", "u", "ok"),
        // Named groups and references.
        ("\\k", "", "ok"),
        ("\\k<a>", "", "ok"),
        ("\\k", "u", "Invalid named reference"),
        ("\\k<a>", "u", "Invalid named capture referenced"),
        ("(?<a>x)\\k<a>", "", "ok"),
        ("\\k<a>(?<a>x)", "", "ok"),
        ("(?<a>x)\\k<b>", "", "Invalid named capture referenced"),
        ("(?<a>x)\\k", "", "Invalid named reference"),
        ("(?<a>x)\\k<a", "", "Invalid capture group name"),
        ("(?<a>x)\\k<1>", "u", "Invalid capture group name"),
        ("(?<a>x)[\\k]", "", "Invalid escape"),
        ("[\\k]", "", "ok"),
        ("[\\k]", "u", "Invalid escape"),
        ("(?<a>a)(?<b>b)\\k<a>\\k<b>", "", "ok"),
        ("(?<𝒜>x)", "", "ok"),
        ("(?<𝒜>x)", "u", "ok"),
        ("(?<\\u0061>x)", "", "ok"),
        ("(?<\\u{61}>x)", "", "ok"),
        ("(?<a\\uD835\\uDC9C>x)", "", "ok"),
        ("(?<$_>x)", "", "ok"),
        ("(?<a\\u200Cb>x)", "", "ok"),
        ("(?<a\u{200C}b>x)", "u", "ok"),
        ("(?<1a>x)", "", "Invalid capture group name"),
        ("(?<>x)", "", "Invalid capture group name"),
        ("(?<a", "", "Invalid capture group name"),
        ("(?<a-b>x)", "", "Invalid capture group name"),
        ("(?<\\uD835>x)", "", "Invalid capture group name"),
        ("(?<\\u{110000}>x)", "", "Invalid Unicode escape"),
        ("(?<a>x", "", "Unterminated group"),
        ("(?<a>x)(?<a>y)", "", "Duplicate capture group name"),
        ("(?<a>x)(?<\\u0061>y)", "u", "Duplicate capture group name"),
        (
            "((?<a>x)|(?<a>y))(?<a>z)",
            "",
            "Duplicate capture group name",
        ),
        ("(?<a>(?<a>x))", "", "Duplicate capture group name"),
        // ES2025 duplicate named groups in different alternatives (newer than node 20).
        ("(?<a>x)|(?<a>y)", "", "ok"),
        ("(?<a>x)|((?<a>y)|(?<a>z))", "u", "ok"),
        ("x(?<a>x)|(?<a>y)|(?<a>z)", "", "ok"),
        ("(?:(?<a>x)|(?<a>y))\\k<a>", "", "ok"),
        (
            "(?:(?<a>x)|(?<b>y))(?<a>z)",
            "",
            "Duplicate capture group name",
        ),
        // Character classes without v.
        ("[]", "", "ok"),
        ("[^]", "u", "ok"),
        ("[a-z]", "", "ok"),
        ("[z-a]", "", "Range out of order in character class"),
        ("[😂-😀]", "u", "Range out of order in character class"),
        ("[😀-😂]", "u", "ok"),
        ("[😀-😂]", "", "Range out of order in character class"),
        ("[\\d-a]", "", "ok"),
        ("[a-\\d]", "", "ok"),
        ("[\\s-\\S]", "", "ok"),
        ("[\\d-a]", "u", "Invalid character class"),
        ("[a-\\d]", "u", "Invalid character class"),
        ("[\\w-]", "u", "ok"),
        ("[-\\w]", "u", "ok"),
        ("[a-]", "", "ok"),
        ("[\\b]", "u", "ok"),
        ("[\\b-a]", "", "ok"),
        ("[a-\\b]", "", "Range out of order in character class"),
        ("[\\B]", "", "ok"),
        ("[\\B]", "u", "Invalid escape"),
        ("[\\-]", "u", "ok"),
        ("[a-\\-]", "u", "Range out of order in character class"),
        ("[\\c]", "", "ok"),
        ("[\\c1]", "", "ok"),
        ("[\\c_]", "", "ok"),
        ("[\\ca]", "u", "ok"),
        ("[\\c]", "u", "Invalid Unicode escape"),
        ("[\\c-a]", "", "Range out of order in character class"),
        ("[\\1]", "", "ok"),
        ("[\\8]", "", "ok"),
        ("[\\00]", "", "ok"),
        ("[\\0]", "u", "ok"),
        ("[\\1]", "u", "Invalid class escape"),
        ("[\\00]", "u", "Invalid class escape"),
        ("[\\8]", "u", "Invalid escape"),
        ("[\\x]", "", "ok"),
        ("[\\x]", "u", "Invalid escape"),
        ("[\\u]", "u", "Invalid Unicode escape"),
        ("[\\u{41}]", "u", "ok"),
        ("[\\u{110000}]", "u", "Invalid Unicode escape"),
        ("[\\a]", "u", "Invalid escape"),
        ("[\\/]", "u", "ok"),
        ("[(]", "u", "ok"),
        ("[[]", "u", "ok"),
        ("[a", "", "Unterminated character class"),
        ("[\\]", "", "Unterminated character class"),
        ("[a]]", "", "ok"),
        ("[a]]", "u", "Lone quantifier brackets"),
        ("[a&&b]", "u", "ok"),
        ("[a--b]", "", "Range out of order in character class"),
        // Unicode property escapes.
        ("\\p{L}", "", "ok"),
        ("\\p{Foo}", "", "ok"),
        ("\\p{L}", "u", "ok"),
        ("\\p{Letter}", "u", "ok"),
        ("\\p{Lu}", "v", "ok"),
        ("\\p{General_Category=Lu}", "u", "ok"),
        ("\\p{gc=Lu}", "u", "ok"),
        ("\\p{Script=Greek}", "u", "ok"),
        ("\\p{sc=Grek}", "u", "ok"),
        ("\\p{Script_Extensions=Greek}", "u", "ok"),
        ("\\p{scx=Grek}", "v", "ok"),
        ("\\p{sc=Zyyy}", "u", "ok"),
        ("\\p{ASCII}", "u", "ok"),
        ("\\p{Any}", "u", "ok"),
        ("\\p{Assigned}", "u", "ok"),
        ("\\p{ASCII_Hex_Digit}", "u", "ok"),
        ("\\p{Lowercase}", "u", "ok"),
        ("\\p{IDS}", "u", "ok"),
        ("\\p{XIDC}", "u", "ok"),
        ("\\p{Extended_Pictographic}", "u", "ok"),
        ("\\p{LC}", "u", "ok"),
        ("\\p{punct}", "u", "ok"),
        ("\\P{Lu}", "u", "ok"),
        ("[\\p{Lu}]", "u", "ok"),
        ("[\\P{Lu}]", "u", "ok"),
        ("\\p{Foo}", "u", "Invalid property name"),
        ("\\p{Script=Foo}", "u", "Invalid property name"),
        ("\\p{lowercase}", "u", "Invalid property name"),
        ("\\p{sc=greek}", "u", "Invalid property name"),
        ("\\p{Greek}", "u", "Invalid property name"),
        ("\\p{Block=Basic_Latin}", "u", "Invalid property name"),
        ("\\p{Any=Lu}", "u", "Invalid property name"),
        ("\\p{Script=Lu}", "u", "Invalid property name"),
        ("\\p{gc=RGI_Emoji}", "v", "Invalid property name"),
        ("\\p{ General_Category=Lu}", "u", "Invalid property name"),
        ("\\p{Lu }", "u", "Invalid property name"),
        ("\\p{Script=Greek,Latin}", "u", "Invalid property name"),
        ("\\p{L", "u", "Invalid property name"),
        ("\\p", "u", "Invalid property name"),
        ("\\p{}", "u", "Invalid property name"),
        ("\\p{=L}", "u", "Invalid property name"),
        ("\\p{gc=}", "u", "Invalid property name"),
        ("\\p{ID_Compat_Math_Start}", "u", "Invalid property name"),
        ("[\\p{Lu}-z]", "", "Range out of order in character class"),
        ("[\\p{Lu}-z]", "u", "Invalid character class"),
        (
            "[\\p{Foo}]",
            "u",
            "Invalid property name in character class",
        ),
        // Properties of strings: v only, never negated.
        ("\\p{RGI_Emoji}", "v", "ok"),
        ("\\p{Basic_Emoji}", "v", "ok"),
        ("\\p{RGI_Emoji_Flag_Sequence}", "v", "ok"),
        ("\\p{Emoji_Keycap_Sequence}", "v", "ok"),
        ("\\p{RGI_Emoji_ZWJ_Sequence}", "v", "ok"),
        ("\\p{RGI_Emoji}", "u", "Invalid property name"),
        ("\\P{RGI_Emoji}", "v", "Invalid property name"),
        (
            "[^\\p{RGI_Emoji}]",
            "u",
            "Invalid property name in character class",
        ),
        (
            "[^\\p{RGI_Emoji}]",
            "v",
            "Negated character class may contain strings",
        ),
        (
            "[^[\\p{RGI_Emoji}]]",
            "v",
            "Negated character class may contain strings",
        ),
        // v-mode class set syntax.
        ("[a&&b]", "v", "ok"),
        ("[a--b]", "v", "ok"),
        ("[a&&b&&c]", "v", "ok"),
        ("[a--b--c]", "v", "ok"),
        ("[[a]&&[b]]", "v", "ok"),
        ("[[a]--[b]]", "v", "ok"),
        ("[[a]--b]", "v", "ok"),
        ("[[[a]]]", "v", "ok"),
        ("[a[b]]", "v", "ok"),
        ("[a-z[b]]", "v", "ok"),
        ("[^[a]]", "v", "ok"),
        ("[\\w--\\d]", "v", "ok"),
        ("[\\p{L}--\\p{Lu}]", "v", "ok"),
        ("[\\-\\-]", "v", "ok"),
        ("[\\&&\\&]", "v", "ok"),
        ("[\\(]", "v", "ok"),
        ("[\\/]", "v", "ok"),
        ("[\\&]", "v", "ok"),
        ("[\\!]", "v", "ok"),
        ("[\\]]", "v", "ok"),
        ("[a-\\-]", "v", "Range out of order in character class"),
        ("[a-z&&b]", "v", "Invalid set operation in character class"),
        ("[a&&b--c]", "v", "Invalid set operation in character class"),
        ("[a--b&&c]", "v", "Invalid set operation in character class"),
        ("[ab--c]", "v", "Invalid set operation in character class"),
        ("[a&&[b]c]", "v", "Invalid set operation in character class"),
        ("[&&a]", "v", "Invalid set operation in character class"),
        ("[a!!b]", "v", "Invalid set operation in character class"),
        ("[a##]", "v", "Invalid set operation in character class"),
        ("[!!]", "v", "Invalid set operation in character class"),
        ("[a&&&b]", "v", "Invalid character in character class"),
        ("[a&&]", "v", "Invalid character in character class"),
        ("[a--]", "v", "Invalid character in character class"),
        ("[a&&-]", "v", "Invalid character in character class"),
        ("[\\d--]", "v", "Invalid character in character class"),
        ("[--a]", "v", "Invalid character in character class"),
        ("[-\\w]", "v", "Invalid character in character class"),
        ("[a-]", "v", "Invalid character in character class"),
        ("[(]", "v", "Invalid character in character class"),
        ("[)]", "v", "Invalid character in character class"),
        ("[{]", "v", "Invalid character in character class"),
        ("[|]", "v", "Invalid character in character class"),
        ("[/]", "v", "Invalid character in character class"),
        ("[\\w-]", "v", "Invalid character class"),
        ("[a-b-c]", "v", "Invalid character class"),
        ("[\\d-a]", "v", "Invalid character class"),
        ("[\\p{RGI_Emoji}-a]", "v", "Invalid character class"),
        ("[a-\\q{b}]", "v", "Invalid character class"),
        ("[\\a]", "v", "Invalid escape"),
        ("[\\B]", "v", "Invalid escape"),
        ("[\\1]", "v", "Invalid class escape"),
        ("[[]", "v", "Unterminated character class"),
        ("[a-z]--]", "v", "Lone quantifier brackets"),
        // \q{...}
        ("[\\q{abc}]", "v", "ok"),
        ("[\\q{a|bc}]", "v", "ok"),
        ("[\\q{}]", "v", "ok"),
        ("[\\q{a|}]", "v", "ok"),
        ("[\\q{\\(}]", "v", "ok"),
        ("[^\\q{a}]", "v", "ok"),
        ("[^\\q{a|b}]", "v", "ok"),
        ("[\\q{ab}--\\q{a}]", "v", "ok"),
        ("[^\\q{ab}&&a]", "v", "ok"),
        ("[^a&&\\q{ab}]", "v", "ok"),
        ("[^\\p{L}--\\p{RGI_Emoji}]", "v", "ok"),
        ("[^[\\p{RGI_Emoji}]&&\\p{L}]", "v", "ok"),
        (
            "[^\\q{abc}]",
            "v",
            "Negated character class may contain strings",
        ),
        (
            "[^\\q{}]",
            "v",
            "Negated character class may contain strings",
        ),
        (
            "[^\\q{|a}]",
            "v",
            "Negated character class may contain strings",
        ),
        (
            "[^\\q{ab}--\\q{a}]",
            "v",
            "Negated character class may contain strings",
        ),
        (
            "[^[\\q{ab}]--\\q{a}]",
            "v",
            "Negated character class may contain strings",
        ),
        (
            "[^\\q{ab}&&\\q{cd}]",
            "v",
            "Negated character class may contain strings",
        ),
        (
            "[^\\p{RGI_Emoji}--\\q{ab}]",
            "v",
            "Negated character class may contain strings",
        ),
        ("[\\q{a-b}]", "v", "Invalid character in character class"),
        ("[\\q{(}]", "v", "Invalid character in character class"),
        ("[\\q{\\q}]", "v", "Invalid escape"),
        ("[\\q{abc}]", "u", "Invalid escape"),
        ("[\\q{abc}]", "", "ok"),
    ];

    #[test]
    fn cases_match_v8() {
        let mut failures = Vec::new();
        for &(pattern, flags, expected) in CASES {
            let got = match validate(pattern, flags) {
                Ok(()) => "ok".to_string(),
                Err(e) => e,
            };
            if got != expected {
                failures.push(format!(
                    "/{pattern}/{flags}: expected {expected:?}, got {got:?}"
                ));
            }
        }
        assert!(
            failures.is_empty(),
            "{} of {} cases differ:\n{}",
            failures.len(),
            CASES.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn never_panics_on_prefixes_and_deep_nesting() {
        for &(pattern, _, _) in CASES {
            for end in (0..=pattern.len()).filter(|&e| pattern.is_char_boundary(e)) {
                for flags in ["", "u", "v"] {
                    let _ = validate(&pattern[..end], flags);
                }
            }
        }
        let deep = "(".repeat(100_000) + &")".repeat(100_000);
        assert_eq!(
            validate(&deep, ""),
            Err("Regular expression too large".to_string())
        );
        let deep_class = "[".repeat(100_000) + &"]".repeat(100_000);
        assert_eq!(
            validate(&deep_class, "v"),
            Err("Regular expression too large".to_string())
        );
        assert_eq!(validate(&"(a)".repeat(10_000), "u"), Ok(()));
    }
}
