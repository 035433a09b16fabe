//! Tokens: the lexer's output and the parser's input.
//!
//! A `Token` is small and `Copy`: its kind, span, a few flags and an index-free payload. Payloads that
//! own memory (string values, template strings, regular expressions, BigInt digits) stay in the lexer
//! (`Lexer::string_value` etc.) until the parser takes them for the node it builds.

use super::atom::Atom;
use super::source::Span;

macro_rules! token_kinds {
    ($($(#[$doc:meta])* $name:ident => $text:literal,)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum TokenKind { $($(#[$doc])* $name,)* }

        impl TokenKind {
            /// The kind's name as `--dump-tokens` prints it: the punctuator or keyword itself, or a
            /// category name in angle brackets (`<identifier>`).
            pub fn describe(self) -> &'static str {
                match self { $(TokenKind::$name => $text,)* }
            }
        }
    };
}

token_kinds! {
    Eof => "<eof>",
    /// IdentifierName that is not a reserved word, or one written with escapes (`\u0069f`).
    Identifier => "<identifier>",
    /// `#name`
    PrivateName => "<private name>",
    Number => "<number>",
    BigInt => "<bigint>",
    String => "<string>",
    /// A template with no substitutions: `` `abc` ``.
    NoSubstitutionTemplate => "<template>",
    /// `` `abc${ ``
    TemplateHead => "<template head>",
    /// `}abc${` (after `rescan_template_continuation`)
    TemplateMiddle => "<template middle>",
    /// ``}abc` `` (after `rescan_template_continuation`)
    TemplateTail => "<template tail>",
    /// `/re/flags` (after `rescan_slash_as_regexp`)
    RegExp => "<regexp>",

    // Punctuators (ECMA-262 12.8)
    LBrace => "{", RBrace => "}", LParen => "(", RParen => ")", LBracket => "[", RBracket => "]",
    Dot => ".", Ellipsis => "...", Semicolon => ";", Comma => ",", Lt => "<", Gt => ">", LtEq => "<=",
    GtEq => ">=", EqEq => "==", NotEq => "!=", EqEqEq => "===", NotEqEq => "!==", Plus => "+",
    Minus => "-", Star => "*", Slash => "/", Percent => "%", StarStar => "**", PlusPlus => "++",
    MinusMinus => "--", LtLt => "<<", GtGt => ">>", GtGtGt => ">>>", Amp => "&", Pipe => "|",
    Caret => "^", Bang => "!", Tilde => "~", AmpAmp => "&&", PipePipe => "||", QuestionQuestion => "??",
    Question => "?", QuestionDot => "?.", Colon => ":", Eq => "=", PlusEq => "+=", MinusEq => "-=",
    StarEq => "*=", SlashEq => "/=", PercentEq => "%=", StarStarEq => "**=", LtLtEq => "<<=",
    GtGtEq => ">>=", GtGtGtEq => ">>>=", AmpEq => "&=", PipeEq => "|=", CaretEq => "^=",
    AmpAmpEq => "&&=", PipePipeEq => "||=", QuestionQuestionEq => "??=", Arrow => "=>", At => "@",

    // Reserved words (12.7.2), when written without escapes.
    Break => "break", Case => "case", Catch => "catch", Class => "class", Const => "const",
    Continue => "continue", Debugger => "debugger", Default => "default", Delete => "delete", Do => "do",
    Else => "else", Enum => "enum", Export => "export", Extends => "extends", False => "false",
    Finally => "finally", For => "for", Function => "function", If => "if", Import => "import", In => "in",
    Instanceof => "instanceof", New => "new", Null => "null", Return => "return", Super => "super",
    Switch => "switch", This => "this", Throw => "throw", True => "true", Try => "try", Typeof => "typeof",
    Var => "var", Void => "void", While => "while", With => "with",
}

impl TokenKind {
    /// The token's category as JavaScript tools name it (esprima's names): `Identifier`, `Keyword`,
    /// `Punctuator`, `Numeric`, `String`, `Template`, `RegularExpression`, … (`kestrel --dump-tokens`,
    /// the playground).
    pub fn category(self) -> &'static str {
        match self {
            TokenKind::Identifier => "Identifier",
            TokenKind::PrivateName => "PrivateName",
            TokenKind::Number => "Numeric",
            TokenKind::BigInt => "BigInt",
            TokenKind::String => "String",
            TokenKind::NoSubstitutionTemplate
            | TokenKind::TemplateHead
            | TokenKind::TemplateMiddle
            | TokenKind::TemplateTail => "Template",
            TokenKind::RegExp => "RegularExpression",
            TokenKind::Null => "Null",
            TokenKind::True | TokenKind::False => "Boolean",
            TokenKind::Eof => "EOF",
            k if k.is_keyword() => "Keyword",
            _ => "Punctuator",
        }
    }

    /// Reserved words: their token also carries the word's atom, so they can serve as property names.
    pub fn is_keyword(self) -> bool {
        (self as u8) >= (TokenKind::Break as u8)
    }

    /// Tokens that are IdentifierName (identifiers and reserved words), e.g. after `.` or as a property key.
    pub fn is_identifier_name(self) -> bool {
        self == TokenKind::Identifier || self.is_keyword()
    }

    /// Assignment operators (`=`, `+=`, …, `??=`).
    pub fn is_assignment(self) -> bool {
        use TokenKind::*;
        matches!(
            self,
            Eq | PlusEq
                | MinusEq
                | StarEq
                | SlashEq
                | PercentEq
                | StarStarEq
                | LtLtEq
                | GtGtEq
                | GtGtGtEq
                | AmpEq
                | PipeEq
                | CaretEq
                | AmpAmpEq
                | PipePipeEq
                | QuestionQuestionEq
        )
    }
}

/// One token. `atom` is set for identifiers, reserved words and private names (without the `#`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
    /// A LineTerminator (or a comment containing one) stands between the previous token and this one.
    pub newline_before: bool,
    /// The token's source contains an escape: `\u` in an identifier, or any escape in a string
    /// (a string with escapes cannot be a `"use strict"` directive).
    pub escaped: bool,
    /// Numbers: a legacy octal (`010`) or non-octal decimal integer (`08`).
    /// Strings and templates: contains a legacy octal escape (`\01`) or `\8`/`\9`; the span of the
    /// first one is `Lexer::legacy_escape_span`.
    pub legacy_octal: bool,
    pub atom: Atom,
    /// Numbers: the value.
    pub number: f64,
}

impl Token {
    pub fn is(&self, kind: TokenKind) -> bool {
        self.kind == kind
    }

    /// An unescaped identifier with the given name (a contextual keyword such as `let`, `of`, `async`).
    pub fn is_contextual(&self, name: Atom) -> bool {
        self.kind == TokenKind::Identifier && self.atom == name && !self.escaped
    }
}
