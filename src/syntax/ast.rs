//! The abstract syntax tree.
//!
//! The shapes follow ESTree (the format acorn, Babel and most JS tools share), so `estree.rs` is a plain
//! walk and the tree reads the way JS developers expect. Two deliberate differences from ESTree:
//! - `Expression::Parenthesized` keeps parentheses, which early errors and the compiler care about
//!   (`(a) = 1` is valid, `({a}) = 1` is not); the ESTree output drops them, as acorn does.
//! - Names are `Atom`s into the parse's `Interner`; literal strings are UTF-16 (`Box<[u16]>`), because
//!   JavaScript strings may hold lone surrogates.
//!
//! Every node carries its `Span` (byte offsets into the source).

use super::atom::Atom;
use super::source::Span;

/// Module or Script, as ECMA-262 calls the two goal symbols.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceType {
    Script,
    Module,
}

#[derive(Debug)]
pub struct Program {
    pub span: Span,
    pub body: Vec<Statement>,
    pub source_type: SourceType,
    /// The program's code is strict (modules, or a `"use strict"` directive prologue).
    pub strict: bool,
}

/// A JavaScript string value: UTF-16 code units, possibly with lone surrogates.
pub type JsStr = Box<[u16]>;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Identifier {
    pub span: Span,
    pub name: Atom,
}

/// `#name` (the atom excludes the `#`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PrivateIdentifier {
    pub span: Span,
    pub name: Atom,
}

// ---------------------------------------------------------------------------------------------------
// Statements

#[derive(Debug)]
pub enum Statement {
    Expression(Box<ExpressionStatement>),
    Block(Box<BlockStatement>),
    Empty(Span),
    Debugger(Span),
    With(Box<WithStatement>),
    Return(Box<ReturnStatement>),
    Labeled(Box<LabeledStatement>),
    Break(Box<JumpStatement>),
    Continue(Box<JumpStatement>),
    If(Box<IfStatement>),
    Switch(Box<SwitchStatement>),
    Throw(Box<ThrowStatement>),
    Try(Box<TryStatement>),
    While(Box<WhileStatement>),
    DoWhile(Box<DoWhileStatement>),
    For(Box<ForStatement>),
    ForIn(Box<ForInStatement>),
    ForOf(Box<ForOfStatement>),
    FunctionDeclaration(Box<Function>),
    VariableDeclaration(Box<VariableDeclaration>),
    ClassDeclaration(Box<Class>),
    Import(Box<ImportDeclaration>),
    ExportNamed(Box<ExportNamedDeclaration>),
    ExportDefault(Box<ExportDefaultDeclaration>),
    ExportAll(Box<ExportAllDeclaration>),
}

#[derive(Debug)]
pub struct ExpressionStatement {
    pub span: Span,
    pub expression: Expression,
    /// For a directive prologue entry: the string's source text without its quotes.
    pub directive: Option<Box<str>>,
}

#[derive(Debug)]
pub struct BlockStatement {
    pub span: Span,
    pub body: Vec<Statement>,
}

#[derive(Debug)]
pub struct WithStatement {
    pub span: Span,
    pub object: Expression,
    pub body: Statement,
}

#[derive(Debug)]
pub struct ReturnStatement {
    pub span: Span,
    pub argument: Option<Expression>,
}

#[derive(Debug)]
pub struct LabeledStatement {
    pub span: Span,
    pub label: Identifier,
    pub body: Statement,
}

/// `break` or `continue`.
#[derive(Debug)]
pub struct JumpStatement {
    pub span: Span,
    pub label: Option<Identifier>,
}

#[derive(Debug)]
pub struct IfStatement {
    pub span: Span,
    pub test: Expression,
    pub consequent: Statement,
    pub alternate: Option<Statement>,
}

#[derive(Debug)]
pub struct SwitchStatement {
    pub span: Span,
    pub discriminant: Expression,
    pub cases: Vec<SwitchCase>,
}

#[derive(Debug)]
pub struct SwitchCase {
    pub span: Span,
    /// `None` for `default:`.
    pub test: Option<Expression>,
    pub consequent: Vec<Statement>,
}

#[derive(Debug)]
pub struct ThrowStatement {
    pub span: Span,
    pub argument: Expression,
}

#[derive(Debug)]
pub struct TryStatement {
    pub span: Span,
    pub block: BlockStatement,
    pub handler: Option<CatchClause>,
    pub finalizer: Option<BlockStatement>,
}

#[derive(Debug)]
pub struct CatchClause {
    pub span: Span,
    pub param: Option<Pattern>,
    pub body: BlockStatement,
}

#[derive(Debug)]
pub struct WhileStatement {
    pub span: Span,
    pub test: Expression,
    pub body: Statement,
}

#[derive(Debug)]
pub struct DoWhileStatement {
    pub span: Span,
    pub body: Statement,
    pub test: Expression,
}

#[derive(Debug)]
pub enum ForInit {
    VariableDeclaration(Box<VariableDeclaration>),
    Expression(Expression),
}

#[derive(Debug)]
pub struct ForStatement {
    pub span: Span,
    pub init: Option<ForInit>,
    pub test: Option<Expression>,
    pub update: Option<Expression>,
    pub body: Statement,
}

/// The left side of `for (… in …)` / `for (… of …)`.
#[derive(Debug)]
pub enum ForHead {
    VariableDeclaration(Box<VariableDeclaration>),
    Pattern(Pattern),
}

#[derive(Debug)]
pub struct ForInStatement {
    pub span: Span,
    pub left: ForHead,
    pub right: Expression,
    pub body: Statement,
}

#[derive(Debug)]
pub struct ForOfStatement {
    pub span: Span,
    pub is_await: bool,
    pub left: ForHead,
    pub right: Expression,
    pub body: Statement,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VariableKind {
    Var,
    Let,
    Const,
}

impl VariableKind {
    pub fn as_str(self) -> &'static str {
        match self {
            VariableKind::Var => "var",
            VariableKind::Let => "let",
            VariableKind::Const => "const",
        }
    }
}

#[derive(Debug)]
pub struct VariableDeclaration {
    pub span: Span,
    pub kind: VariableKind,
    pub declarations: Vec<VariableDeclarator>,
}

#[derive(Debug)]
pub struct VariableDeclarator {
    pub span: Span,
    pub id: Pattern,
    pub init: Option<Expression>,
}

// ---------------------------------------------------------------------------------------------------
// Functions and classes

/// Function declarations and expressions, methods, accessors and constructors.
#[derive(Debug)]
pub struct Function {
    pub span: Span,
    pub id: Option<Identifier>,
    pub params: Vec<Pattern>,
    pub body: FunctionBody,
    pub is_generator: bool,
    pub is_async: bool,
    /// The function's code is strict (inherited, or its own `"use strict"`).
    pub strict: bool,
    /// Every parameter is a plain identifier (ECMA-262 IsSimpleParameterList).
    pub simple_params: bool,
}

#[derive(Debug)]
pub struct FunctionBody {
    pub span: Span,
    pub body: Vec<Statement>,
}

#[derive(Debug)]
pub enum ArrowBody {
    Expression(Expression),
    Block(FunctionBody),
}

#[derive(Debug)]
pub struct ArrowFunction {
    pub span: Span,
    pub params: Vec<Pattern>,
    pub body: ArrowBody,
    pub is_async: bool,
    pub strict: bool,
    pub simple_params: bool,
}

#[derive(Debug)]
pub struct Class {
    pub span: Span,
    pub id: Option<Identifier>,
    pub super_class: Option<Expression>,
    pub body: ClassBody,
}

#[derive(Debug)]
pub struct ClassBody {
    pub span: Span,
    pub body: Vec<ClassElement>,
}

#[derive(Debug)]
pub enum ClassElement {
    Method(Box<MethodDefinition>),
    Property(Box<PropertyDefinition>),
    StaticBlock(Box<StaticBlock>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MethodKind {
    Constructor,
    Method,
    Get,
    Set,
}

#[derive(Debug)]
pub struct MethodDefinition {
    pub span: Span,
    pub key: PropertyKey,
    pub value: Box<Function>,
    pub kind: MethodKind,
    pub is_static: bool,
    pub computed: bool,
}

#[derive(Debug)]
pub struct PropertyDefinition {
    pub span: Span,
    pub key: PropertyKey,
    pub value: Option<Expression>,
    pub is_static: bool,
    pub computed: bool,
}

#[derive(Debug)]
pub struct StaticBlock {
    pub span: Span,
    pub body: Vec<Statement>,
}

/// A property name in an object literal, pattern or class. For `computed` properties it is `Computed`.
#[derive(Debug)]
pub enum PropertyKey {
    Identifier(Identifier),
    Private(PrivateIdentifier),
    Literal(Box<Literal>),
    Computed(Expression),
}

// ---------------------------------------------------------------------------------------------------
// Expressions

#[derive(Debug)]
pub enum Expression {
    Identifier(Identifier),
    Literal(Box<Literal>),
    This(Span),
    /// `super`, only as the object of a member expression or the callee of a call.
    Super(Span),
    Array(Box<ArrayExpression>),
    Object(Box<ObjectExpression>),
    Function(Box<Function>),
    Arrow(Box<ArrowFunction>),
    Class(Box<Class>),
    Template(Box<TemplateLiteral>),
    TaggedTemplate(Box<TaggedTemplate>),
    Member(Box<MemberExpression>),
    Call(Box<CallExpression>),
    New(Box<NewExpression>),
    /// The outermost node of an optional chain (`a?.b.c`).
    Chain(Box<ChainExpression>),
    Unary(Box<UnaryExpression>),
    Update(Box<UpdateExpression>),
    Binary(Box<BinaryExpression>),
    /// `#x in obj`
    PrivateIn(Box<PrivateInExpression>),
    Logical(Box<LogicalExpression>),
    Conditional(Box<ConditionalExpression>),
    Assignment(Box<AssignmentExpression>),
    Sequence(Box<SequenceExpression>),
    Yield(Box<YieldExpression>),
    Await(Box<AwaitExpression>),
    /// `new.target`, `import.meta`
    MetaProperty(Box<MetaProperty>),
    /// `import(source, options)`
    Import(Box<ImportExpression>),
    Parenthesized(Box<ParenthesizedExpression>),
}

#[derive(Debug)]
pub struct Literal {
    pub span: Span,
    pub value: LiteralValue,
}

#[derive(Debug)]
pub enum LiteralValue {
    Null,
    Boolean(bool),
    Number(f64),
    String(JsStr),
    /// The literal's digits without separators or the `n` suffix, prefix kept (`0x1F`).
    BigInt(Box<str>),
    RegExp {
        pattern: Box<str>,
        flags: Box<str>,
    },
}

#[derive(Debug)]
pub struct ArrayExpression {
    pub span: Span,
    /// `None` is a hole (`[a, , b]`).
    pub elements: Vec<Option<ArrayElement>>,
}

#[derive(Debug)]
pub enum ArrayElement {
    Expression(Expression),
    Spread(SpreadElement),
}

#[derive(Debug)]
pub struct SpreadElement {
    pub span: Span,
    pub argument: Expression,
}

#[derive(Debug)]
pub struct ObjectExpression {
    pub span: Span,
    pub properties: Vec<ObjectMember>,
}

#[derive(Debug)]
pub enum ObjectMember {
    Property(Box<Property>),
    Spread(Box<SpreadElement>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PropertyKind {
    Init,
    Get,
    Set,
}

#[derive(Debug)]
pub struct Property {
    pub span: Span,
    pub key: PropertyKey,
    /// For methods and accessors, an `Expression::Function`.
    pub value: Expression,
    pub kind: PropertyKind,
    pub method: bool,
    pub shorthand: bool,
    pub computed: bool,
}

#[derive(Debug)]
pub struct TemplateLiteral {
    pub span: Span,
    pub quasis: Vec<TemplateElement>,
    pub expressions: Vec<Expression>,
}

#[derive(Debug)]
pub struct TemplateElement {
    /// The characters between the delimiters (without `` ` ``, `${` and `}`).
    pub span: Span,
    /// `None` when the element has an invalid escape (allowed only in tagged templates).
    pub cooked: Option<JsStr>,
    /// TRV: the source text with CR and CRLF normalised to LF.
    pub raw: Box<str>,
    pub tail: bool,
}

#[derive(Debug)]
pub struct TaggedTemplate {
    pub span: Span,
    pub tag: Expression,
    pub quasi: TemplateLiteral,
}

#[derive(Debug)]
pub enum MemberProperty {
    /// `a.b`
    Identifier(Identifier),
    /// `a.#b`
    Private(PrivateIdentifier),
    /// `a[b]`
    Computed(Expression),
}

#[derive(Debug)]
pub struct MemberExpression {
    pub span: Span,
    pub object: Expression,
    pub property: MemberProperty,
    /// `a?.b`: this link starts with `?.`
    pub optional: bool,
}

#[derive(Debug)]
pub enum Argument {
    Expression(Expression),
    Spread(SpreadElement),
}

#[derive(Debug)]
pub struct CallExpression {
    pub span: Span,
    pub callee: Expression,
    pub arguments: Vec<Argument>,
    pub optional: bool,
}

#[derive(Debug)]
pub struct NewExpression {
    pub span: Span,
    pub callee: Expression,
    pub arguments: Vec<Argument>,
}

#[derive(Debug)]
pub struct ChainExpression {
    pub span: Span,
    pub expression: Expression,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOperator {
    Minus,
    Plus,
    Not,
    BitNot,
    Typeof,
    Void,
    Delete,
}

impl UnaryOperator {
    pub fn as_str(self) -> &'static str {
        match self {
            UnaryOperator::Minus => "-",
            UnaryOperator::Plus => "+",
            UnaryOperator::Not => "!",
            UnaryOperator::BitNot => "~",
            UnaryOperator::Typeof => "typeof",
            UnaryOperator::Void => "void",
            UnaryOperator::Delete => "delete",
        }
    }
}

#[derive(Debug)]
pub struct UnaryExpression {
    pub span: Span,
    pub operator: UnaryOperator,
    pub argument: Expression,
}

#[derive(Debug)]
pub struct UpdateExpression {
    pub span: Span,
    /// `++` when true, `--` when false.
    pub increment: bool,
    pub prefix: bool,
    /// An Identifier or member expression (possibly parenthesised in the source).
    pub argument: Pattern,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOperator {
    Eq,
    NotEq,
    StrictEq,
    StrictNotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    Shl,
    Shr,
    UShr,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Exp,
    BitOr,
    BitXor,
    BitAnd,
    In,
    Instanceof,
}

impl BinaryOperator {
    pub fn as_str(self) -> &'static str {
        use BinaryOperator::*;
        match self {
            Eq => "==",
            NotEq => "!=",
            StrictEq => "===",
            StrictNotEq => "!==",
            Lt => "<",
            LtEq => "<=",
            Gt => ">",
            GtEq => ">=",
            Shl => "<<",
            Shr => ">>",
            UShr => ">>>",
            Add => "+",
            Sub => "-",
            Mul => "*",
            Div => "/",
            Rem => "%",
            Exp => "**",
            BitOr => "|",
            BitXor => "^",
            BitAnd => "&",
            In => "in",
            Instanceof => "instanceof",
        }
    }
}

#[derive(Debug)]
pub struct BinaryExpression {
    pub span: Span,
    pub operator: BinaryOperator,
    pub left: Expression,
    pub right: Expression,
}

#[derive(Debug)]
pub struct PrivateInExpression {
    pub span: Span,
    pub left: PrivateIdentifier,
    pub right: Expression,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogicalOperator {
    And,
    Or,
    Coalesce,
}

impl LogicalOperator {
    pub fn as_str(self) -> &'static str {
        match self {
            LogicalOperator::And => "&&",
            LogicalOperator::Or => "||",
            LogicalOperator::Coalesce => "??",
        }
    }
}

#[derive(Debug)]
pub struct LogicalExpression {
    pub span: Span,
    pub operator: LogicalOperator,
    pub left: Expression,
    pub right: Expression,
}

#[derive(Debug)]
pub struct ConditionalExpression {
    pub span: Span,
    pub test: Expression,
    pub consequent: Expression,
    pub alternate: Expression,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignmentOperator {
    Assign,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Exp,
    Shl,
    Shr,
    UShr,
    BitOr,
    BitXor,
    BitAnd,
    And,
    Or,
    Coalesce,
}

impl AssignmentOperator {
    pub fn as_str(self) -> &'static str {
        use AssignmentOperator::*;
        match self {
            Assign => "=",
            Add => "+=",
            Sub => "-=",
            Mul => "*=",
            Div => "/=",
            Rem => "%=",
            Exp => "**=",
            Shl => "<<=",
            Shr => ">>=",
            UShr => ">>>=",
            BitOr => "|=",
            BitXor => "^=",
            BitAnd => "&=",
            And => "&&=",
            Or => "||=",
            Coalesce => "??=",
        }
    }
}

#[derive(Debug)]
pub struct AssignmentExpression {
    pub span: Span,
    pub operator: AssignmentOperator,
    /// A destructuring pattern only with `=`; otherwise an Identifier or member expression.
    pub left: Pattern,
    pub right: Expression,
}

#[derive(Debug)]
pub struct SequenceExpression {
    pub span: Span,
    pub expressions: Vec<Expression>,
}

#[derive(Debug)]
pub struct YieldExpression {
    pub span: Span,
    pub argument: Option<Expression>,
    pub delegate: bool,
}

#[derive(Debug)]
pub struct AwaitExpression {
    pub span: Span,
    pub argument: Expression,
}

#[derive(Debug)]
pub struct MetaProperty {
    pub span: Span,
    pub meta: Identifier,
    pub property: Identifier,
}

#[derive(Debug)]
pub struct ImportExpression {
    pub span: Span,
    pub source: Expression,
    pub options: Option<Expression>,
}

#[derive(Debug)]
pub struct ParenthesizedExpression {
    pub span: Span,
    pub expression: Expression,
}

// ---------------------------------------------------------------------------------------------------
// Patterns (binding patterns and destructuring assignment targets)

#[derive(Debug)]
pub enum Pattern {
    Identifier(Identifier),
    /// Only in assignment targets (`[a.b] = …`, `a.b = …`, `a.b++`).
    Member(Box<MemberExpression>),
    Object(Box<ObjectPattern>),
    Array(Box<ArrayPattern>),
    /// `target = default` inside a pattern or parameter list.
    Assignment(Box<AssignmentPattern>),
    /// `...target`, last in an array or object pattern or a parameter list.
    Rest(Box<RestElement>),
    /// `f() = 1`, `f()++`, `for (f() in o)` in sloppy code: always an `Expression::Call`. ECMA-262
    /// B.3.7 (Runtime Errors for Function Call Assignment Targets): the call is evaluated, then a
    /// ReferenceError is thrown.
    Call(Expression),
}

#[derive(Debug)]
pub struct ObjectPattern {
    pub span: Span,
    pub properties: Vec<PatternProperty>,
}

#[derive(Debug)]
pub enum PatternProperty {
    Property(Box<AssignmentProperty>),
    Rest(Box<RestElement>),
}

#[derive(Debug)]
pub struct AssignmentProperty {
    pub span: Span,
    pub key: PropertyKey,
    pub value: Pattern,
    pub shorthand: bool,
    pub computed: bool,
}

#[derive(Debug)]
pub struct ArrayPattern {
    pub span: Span,
    pub elements: Vec<Option<Pattern>>,
}

#[derive(Debug)]
pub struct AssignmentPattern {
    pub span: Span,
    pub left: Pattern,
    pub right: Expression,
}

#[derive(Debug)]
pub struct RestElement {
    pub span: Span,
    pub argument: Pattern,
}

// ---------------------------------------------------------------------------------------------------
// Modules

#[derive(Debug)]
pub struct ImportDeclaration {
    pub span: Span,
    pub specifiers: Vec<ImportSpecifier>,
    pub source: Literal,
    pub attributes: Vec<ImportAttribute>,
}

#[derive(Debug)]
pub enum ImportSpecifier {
    /// `import a from "m"`
    Default { span: Span, local: Identifier },
    /// `import * as ns from "m"`
    Namespace { span: Span, local: Identifier },
    /// `import { imported as local } from "m"`
    Named {
        span: Span,
        imported: ModuleExportName,
        local: Identifier,
    },
}

/// An export or import name: an IdentifierName or (ES2022) a string literal.
#[derive(Debug)]
pub enum ModuleExportName {
    Identifier(Identifier),
    String(Box<Literal>),
}

#[derive(Debug)]
pub struct ImportAttribute {
    pub span: Span,
    /// An Identifier or a string Literal.
    pub key: ModuleExportName,
    pub value: Literal,
}

#[derive(Debug)]
pub struct ExportNamedDeclaration {
    pub span: Span,
    pub declaration: Option<Statement>,
    pub specifiers: Vec<ExportSpecifier>,
    pub source: Option<Literal>,
    pub attributes: Vec<ImportAttribute>,
}

#[derive(Debug)]
pub struct ExportSpecifier {
    pub span: Span,
    pub local: ModuleExportName,
    pub exported: ModuleExportName,
}

#[derive(Debug)]
pub enum ExportDefaultKind {
    Function(Box<Function>),
    Class(Box<Class>),
    Expression(Expression),
}

#[derive(Debug)]
pub struct ExportDefaultDeclaration {
    pub span: Span,
    pub declaration: ExportDefaultKind,
}

#[derive(Debug)]
pub struct ExportAllDeclaration {
    pub span: Span,
    pub exported: Option<ModuleExportName>,
    pub source: Literal,
    pub attributes: Vec<ImportAttribute>,
}

// ---------------------------------------------------------------------------------------------------
// Spans

impl Expression {
    pub fn span(&self) -> Span {
        use Expression::*;
        match self {
            Identifier(n) => n.span,
            Literal(n) => n.span,
            This(s) | Super(s) => *s,
            Array(n) => n.span,
            Object(n) => n.span,
            Function(n) => n.span,
            Arrow(n) => n.span,
            Class(n) => n.span,
            Template(n) => n.span,
            TaggedTemplate(n) => n.span,
            Member(n) => n.span,
            Call(n) => n.span,
            New(n) => n.span,
            Chain(n) => n.span,
            Unary(n) => n.span,
            Update(n) => n.span,
            Binary(n) => n.span,
            PrivateIn(n) => n.span,
            Logical(n) => n.span,
            Conditional(n) => n.span,
            Assignment(n) => n.span,
            Sequence(n) => n.span,
            Yield(n) => n.span,
            Await(n) => n.span,
            MetaProperty(n) => n.span,
            Import(n) => n.span,
            Parenthesized(n) => n.span,
        }
    }

    /// The expression inside any number of parentheses.
    pub fn unparenthesized(&self) -> &Expression {
        let mut e = self;
        while let Expression::Parenthesized(p) = e {
            e = &p.expression;
        }
        e
    }
}

impl Pattern {
    pub fn span(&self) -> Span {
        match self {
            Pattern::Identifier(n) => n.span,
            Pattern::Member(n) => n.span,
            Pattern::Object(n) => n.span,
            Pattern::Array(n) => n.span,
            Pattern::Assignment(n) => n.span,
            Pattern::Rest(n) => n.span,
            Pattern::Call(e) => e.span(),
        }
    }
}

impl Statement {
    pub fn span(&self) -> Span {
        use Statement::*;
        match self {
            Expression(n) => n.span,
            Block(n) => n.span,
            Empty(s) | Debugger(s) => *s,
            With(n) => n.span,
            Return(n) => n.span,
            Labeled(n) => n.span,
            Break(n) | Continue(n) => n.span,
            If(n) => n.span,
            Switch(n) => n.span,
            Throw(n) => n.span,
            Try(n) => n.span,
            While(n) => n.span,
            DoWhile(n) => n.span,
            For(n) => n.span,
            ForIn(n) => n.span,
            ForOf(n) => n.span,
            FunctionDeclaration(n) => n.span,
            VariableDeclaration(n) => n.span,
            ClassDeclaration(n) => n.span,
            Import(n) => n.span,
            ExportNamed(n) => n.span,
            ExportDefault(n) => n.span,
            ExportAll(n) => n.span,
        }
    }
}

impl PropertyKey {
    pub fn span(&self) -> Span {
        match self {
            PropertyKey::Identifier(n) => n.span,
            PropertyKey::Private(n) => n.span,
            PropertyKey::Literal(n) => n.span,
            PropertyKey::Computed(e) => e.span(),
        }
    }
}

impl ModuleExportName {
    pub fn span(&self) -> Span {
        match self {
            ModuleExportName::Identifier(n) => n.span,
            ModuleExportName::String(n) => n.span,
        }
    }
}
