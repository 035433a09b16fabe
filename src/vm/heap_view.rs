//! The heap as an observer sees it: the objects (and closure environments) reachable from some
//! roots, each with an id, a kind, a short label and its properties, a property that holds an
//! object naming it by id. The playground's stepper draws this next to the call stack.
//!
//! Reading never runs user code (getters are not called, proxies are not trapped) and is bounded:
//! a breadth-first walk from the roots stops at a node budget, and each node shows a bounded number
//! of properties. Ids are the heap's own indices (`o12` an object, `e3` an environment), so the
//! same object keeps its id from one step to the next (an index freed by a collection may be
//! reused later by another object).

use super::property::Own;
use super::Vm;
use crate::runtime::heap::ContextRef;
use crate::runtime::object::ObjectKind;
use crate::runtime::property::PropertyKey;
use crate::runtime::value::{ObjectRef, Value};
use std::collections::{HashSet, VecDeque};

/// The most properties (or elements, or environment slots) a node shows.
pub const MAX_NODE_PROPERTIES: usize = 24;

/// One object or environment.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct HeapNode {
    /// `o<index>` for an object, `e<index>` for an environment.
    pub id: String,
    /// `object`, `array`, `function`, `class`, `environment`, `promise`, `map`, … (see `kind_of`).
    pub kind: &'static str,
    /// What a one-line view shows: `Object`, `Point`, `Array(3)`, `[Function: f]`, …
    pub label: String,
    pub properties: Vec<HeapProperty>,
    /// Some properties were left out (`MAX_NODE_PROPERTIES`).
    pub truncated: bool,
}

/// A property (element, internal slot or environment binding) of a node.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct HeapProperty {
    pub key: String,
    /// The value as `console.log` shows a primitive, or the target's label.
    pub value: String,
    /// The node this property refers to.
    pub target: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Node {
    Object(ObjectRef),
    Env(ContextRef),
}

impl Vm {
    /// The id an object value has in the heap view (`None` for primitives).
    pub fn heap_id(&self, v: Value) -> Option<String> {
        v.as_object().map(|o| format!("o{}", o.0))
    }

    /// The nodes reachable from `roots`, breadth first, at most `max_nodes` of them. The global
    /// object is never expanded (its properties are the whole standard library); built-in
    /// functions and prototypes show no properties.
    pub fn heap_view(&mut self, roots: &[Value], max_nodes: usize) -> Vec<HeapNode> {
        let mut queue: VecDeque<Node> = roots
            .iter()
            .filter_map(|v| v.as_object())
            .map(Node::Object)
            .collect();
        let mut seen: HashSet<Node> = HashSet::new();
        let mut out = Vec::new();
        while let Some(node) = queue.pop_front() {
            if out.len() >= max_nodes {
                break;
            }
            if !seen.insert(node) {
                continue;
            }
            let view = match node {
                Node::Object(o) => self.object_node(o, &mut queue),
                Node::Env(c) => self.env_node(c, &mut queue),
            };
            out.push(view);
        }
        out
    }

    fn object_node(&mut self, o: ObjectRef, queue: &mut VecDeque<Node>) -> HeapNode {
        let kind = self.kind_of(o);
        let label = self.label_of(o);
        let mut properties = Vec::new();
        let mut truncated = false;
        let global = self.realm.global;
        let builtin = matches!(self.heap.object(o).kind, ObjectKind::Native(_))
            || o == global
            || self.is_intrinsic_prototype(o);
        if !builtin {
            // Internal slots first, as node's inspector lists them.
            let internal: Vec<(&str, Value)> = match &self.heap.object(o).kind {
                ObjectKind::Promise(p) => {
                    use crate::builtins::promise::PromiseState;
                    let state = match p.state {
                        PromiseState::Pending => "pending",
                        PromiseState::Fulfilled => "fulfilled",
                        PromiseState::Rejected => "rejected",
                    };
                    properties.push(HeapProperty {
                        key: "[[PromiseState]]".into(),
                        value: state.into(),
                        target: None,
                    });
                    vec![("[[PromiseResult]]", p.result)]
                }
                ObjectKind::Bound { target, this, .. } => vec![
                    ("[[BoundTargetFunction]]", Value::object(*target)),
                    ("[[BoundThis]]", *this),
                ],
                _ => Vec::new(),
            };
            for (key, v) in internal {
                properties.push(self.property(key.into(), v, queue));
            }
            let keys = if self.is_user_prototype(o) {
                // Methods are not enumerable: a class's prototype shows all its string keys.
                self.heap
                    .object(o)
                    .named_properties(&self.heap.shapes)
                    .into_iter()
                    .map(|(k, _, _)| k)
                    .filter(|k| matches!(k, PropertyKey::String(_)))
                    .collect()
            } else {
                self.own_enumerable_keys(o)
            };
            for key in keys {
                if properties.len() >= MAX_NODE_PROPERTIES {
                    truncated = true;
                    break;
                }
                let name = self.key_to_display(key);
                match self.get_own(o, key) {
                    Some(Own::Data(v, _)) => properties.push(self.property(name, v, queue)),
                    Some(Own::Accessor { getter, setter, .. }) => {
                        let value = match (getter.is_undefined(), setter.is_undefined()) {
                            (false, false) => "[Getter/Setter]",
                            (false, true) => "[Getter]",
                            _ => "[Setter]",
                        };
                        properties.push(HeapProperty {
                            key: name,
                            value: value.into(),
                            target: None,
                        });
                    }
                    None => {}
                }
            }
            if let ObjectKind::Function(closure) = &self.heap.object(o).kind {
                if let Some(c) = closure.context {
                    properties.push(HeapProperty {
                        key: "[[Environment]]".into(),
                        value: "environment".into(),
                        target: Some(format!("e{}", c.0)),
                    });
                    queue.push_back(Node::Env(c));
                }
            }
            if let Some(proto) = self.heap.object(o).proto {
                if self.is_user_prototype(proto) {
                    properties.push(self.property(
                        "[[Prototype]]".into(),
                        Value::object(proto),
                        queue,
                    ));
                }
            }
        }
        HeapNode {
            id: format!("o{}", o.0),
            kind,
            label,
            properties,
            truncated,
        }
    }

    fn env_node(&mut self, c: ContextRef, queue: &mut VecDeque<Node>) -> HeapNode {
        let (names, slots, parent) = {
            let cx = self.heap.context(c);
            (cx.layout.names.clone(), cx.slots.clone(), cx.parent)
        };
        let mut properties = Vec::new();
        let mut truncated = false;
        for (name, value) in names.iter().zip(slots) {
            let name = self.heap.to_rust_string(*name);
            if name.starts_with('#') || name.starts_with('<') {
                continue; // the compiler's own slots
            }
            if properties.len() >= MAX_NODE_PROPERTIES {
                truncated = true;
                break;
            }
            if value.is_hole() {
                properties.push(HeapProperty {
                    key: name,
                    value: "<uninitialized>".into(),
                    target: None,
                });
            } else {
                properties.push(self.property(name, value, queue));
            }
        }
        if let Some(p) = parent {
            properties.push(HeapProperty {
                key: "[[OuterEnv]]".into(),
                value: "environment".into(),
                target: Some(format!("e{}", p.0)),
            });
            queue.push_back(Node::Env(p));
        }
        HeapNode {
            id: format!("e{}", c.0),
            kind: "environment",
            label: "Environment".into(),
            properties,
            truncated,
        }
    }

    fn property(&mut self, key: String, v: Value, queue: &mut VecDeque<Node>) -> HeapProperty {
        match v.as_object() {
            Some(o) => {
                queue.push_back(Node::Object(o));
                HeapProperty {
                    key,
                    value: self.label_of(o),
                    target: Some(format!("o{}", o.0)),
                }
            }
            None => HeapProperty {
                key,
                value: super::inspect::inspect(self, v, false).unwrap_or_else(|_| "<?>".into()),
                target: None,
            },
        }
    }

    fn kind_of(&self, o: ObjectRef) -> &'static str {
        use crate::bytecode::{CoroutineKind, FunctionKind};
        match &self.heap.object(o).kind {
            ObjectKind::Ordinary => "object",
            ObjectKind::Array { .. } => "array",
            ObjectKind::Function(c)
                if matches!(c.template.kind, FunctionKind::ClassConstructor { .. }) =>
            {
                "class"
            }
            ObjectKind::Function(_) | ObjectKind::Native(_) | ObjectKind::Bound { .. } => {
                "function"
            }
            ObjectKind::Proxy { .. } => "proxy",
            ObjectKind::Arguments { .. } => "arguments",
            ObjectKind::Error => "error",
            ObjectKind::Date(_) => "date",
            ObjectKind::RegExp(_) => "regexp",
            ObjectKind::Map(_) => "map",
            ObjectKind::Set(_) => "set",
            ObjectKind::WeakMap(_) => "weakmap",
            ObjectKind::WeakSet(_) => "weakset",
            ObjectKind::Promise(_) => "promise",
            ObjectKind::Coroutine(c) => match c.kind {
                CoroutineKind::Generator => "generator",
                CoroutineKind::AsyncGenerator => "asyncgenerator",
                _ => "asyncfunction",
            },
            ObjectKind::ModuleNamespace { .. } => "module",
            ObjectKind::Boolean(_)
            | ObjectKind::Number(_)
            | ObjectKind::String(_)
            | ObjectKind::Symbol(_)
            | ObjectKind::BigInt(_) => "wrapper",
            _ => "iterator",
        }
    }

    /// A short label that never walks into the object's contents (cheap at every step).
    fn label_of(&mut self, o: ObjectRef) -> String {
        if o == self.realm.global {
            return "globalThis".into();
        }
        let (kind, proto) = {
            let object = self.heap.object(o);
            (self.kind_of(o), object.proto)
        };
        match &self.heap.object(o).kind {
            ObjectKind::Array { length, .. } => return format!("Array({length})"),
            ObjectKind::Map(t) => return format!("Map({})", t.len()),
            ObjectKind::Set(t) => return format!("Set({})", t.len()),
            ObjectKind::Function(_) | ObjectKind::Native(_) | ObjectKind::Bound { .. } => {
                return super::inspect::inspect(self, Value::object(o), false)
                    .unwrap_or_else(|_| "[Function]".into());
            }
            _ => {}
        }
        // Ordinary objects and the rest: the constructor's name, as node prints `Point {}`.
        let ctor = proto.and_then(|p| self.constructor_name(p));
        match (kind, ctor) {
            ("object", Some(name)) => name,
            ("object", None) => "Object".into(),
            ("error", name) => name.unwrap_or_else(|| "Error".into()),
            ("promise", _) => "Promise".into(),
            ("iterator", Some(name)) => name,
            (other, _) => {
                let mut s = other.to_string();
                if let Some(first) = s.get_mut(0..1) {
                    first.make_ascii_uppercase();
                }
                s
            }
        }
    }

    /// The `name` of `proto.constructor`, read as data only.
    fn constructor_name(&mut self, proto: ObjectRef) -> Option<String> {
        let key = PropertyKey::String(self.realm.names.constructor);
        match self.get_own(proto, key) {
            Some(Own::Data(ctor, _)) => self.own_name(ctor),
            _ => None,
        }
    }

    /// `proto.constructor` is a function written in JavaScript (a class's or a function's
    /// `prototype`): worth showing, unlike the built-in prototypes.
    fn is_user_prototype(&mut self, proto: ObjectRef) -> bool {
        self.constructor_is(proto, |kind| matches!(kind, ObjectKind::Function(_)))
    }

    /// A built-in prototype (`Object.prototype`, `Array.prototype`, …): its `constructor` is native.
    fn is_intrinsic_prototype(&mut self, o: ObjectRef) -> bool {
        self.constructor_is(o, |kind| matches!(kind, ObjectKind::Native(_)))
    }

    /// `o` has an own data property `constructor` holding an object whose kind passes `test`.
    fn constructor_is(&mut self, o: ObjectRef, test: impl Fn(&ObjectKind) -> bool) -> bool {
        let key = PropertyKey::String(self.realm.names.constructor);
        match self.get_own(o, key) {
            Some(Own::Data(ctor, _)) => ctor
                .as_object()
                .is_some_and(|c| test(&self.heap.object(c).kind)),
            _ => false,
        }
    }
}
