//! Feedback vectors: what the interpreter saw at each instruction that has a `Feedback` operand.
//!
//! Property accesses keep an inline cache keyed by shape — empty, then monomorphic (one shape),
//! polymorphic (up to `POLY` shapes), then megamorphic (no more caching) — and arithmetic and
//! comparisons accumulate the operand types seen. The interpreter reads the caches to skip lookups;
//! the JIT will read both to decide what to speculate on.
//!
//! The vector belongs to the function template (shared by its closures). Entries name shapes and
//! prototype objects by index and are always re-checked against the object at hand, so they need no
//! tracing: a stale entry simply misses.

use crate::runtime::shape::ShapeId;
use std::cell::{Cell, RefCell};

/// Shapes a polymorphic cache holds before it goes megamorphic.
pub const POLY: usize = 4;

/// Where a cached property was found for one receiver shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PropertyEntry {
    /// The receiver's shape.
    pub shape: ShapeId,
    /// The slot of the property (in the receiver, or in `holder`).
    pub slot: u32,
    /// `NO_HOLDER` for an own property; else the index of the receiver's prototype holding it, and
    /// that prototype's shape.
    pub holder: u32,
    pub holder_shape: ShapeId,
}

pub const NO_HOLDER: u32 = u32::MAX;

/// `Slot::GlobalProperty` of a global object in dictionary mode.
pub const NO_SHAPE: ShapeId = ShapeId(u32::MAX);

/// Operand types seen by an arithmetic or comparison instruction (a bit set).
pub mod types {
    pub const INT32: u8 = 1;
    pub const NUMBER: u8 = 2;
    pub const STRING: u8 = 4;
    pub const BIGINT: u8 = 8;
    pub const OTHER: u8 = 16;
    /// int32 operands gave a double (an overflow, an uneven division, -0): the JIT keeps such
    /// an operation's int32 case inline with a double result on the side, instead of deopting
    /// at the overflow or computing it all on doubles.
    pub const OVERFLOW: u8 = 32;
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Slot {
    #[default]
    Empty,
    /// An arithmetic or comparison site: the union of `types` bits seen.
    Types(u8),
    Monomorphic(PropertyEntry),
    /// Index into `FeedbackVector::polymorphic`.
    Polymorphic(u32),
    /// A global name bound in the global lexical environment: the binding's index there.
    GlobalLexical(u32),
    /// A global name that is a data property of the global object: its slot when the global object
    /// has `shape`, or its position in the global object's dictionary when `shape` is `NO_SHAPE`;
    /// valid while the global lexical environment still has `lexicals` bindings (a later `let` of
    /// the same name would shadow it).
    GlobalProperty {
        shape: ShapeId,
        position: u32,
        lexicals: u32,
    },
    Megamorphic,
}

/// The feedback of one function.
#[derive(Debug, Default)]
pub struct FeedbackVector {
    slots: Box<[Cell<Slot>]>,
    polymorphic: RefCell<Vec<Vec<PropertyEntry>>>,
}

impl FeedbackVector {
    pub fn new(count: u32) -> FeedbackVector {
        FeedbackVector {
            slots: (0..count).map(|_| Cell::new(Slot::Empty)).collect(),
            polymorphic: RefCell::new(Vec::new()),
        }
    }

    #[inline]
    pub fn get(&self, i: u32) -> Slot {
        self.slots
            .get(i as usize)
            .map_or(Slot::Megamorphic, Cell::get)
    }

    /// The cached entry for `shape` at property site `i`.
    #[inline]
    pub fn lookup(&self, i: u32, shape: ShapeId) -> Option<PropertyEntry> {
        match self.get(i) {
            Slot::Monomorphic(e) if e.shape == shape => Some(e),
            Slot::Polymorphic(p) => self.polymorphic.borrow()[p as usize]
                .iter()
                .find(|e| e.shape == shape)
                .copied(),
            _ => None,
        }
    }

    /// The entries of property site `i` (for the JIT and the playground).
    pub fn entries(&self, i: u32) -> Vec<PropertyEntry> {
        match self.get(i) {
            Slot::Monomorphic(e) => vec![e],
            Slot::Polymorphic(p) => self.polymorphic.borrow()[p as usize].clone(),
            _ => Vec::new(),
        }
    }

    /// Add `entry` to property site `i`, moving it along empty → mono → poly → mega.
    pub fn record(&self, i: u32, entry: PropertyEntry) {
        let Some(cell) = self.slots.get(i as usize) else {
            return;
        };
        let next = match cell.get() {
            Slot::Empty | Slot::Types(_) | Slot::GlobalLexical(_) | Slot::GlobalProperty { .. } => {
                Slot::Monomorphic(entry)
            }
            Slot::Monomorphic(e) if e.shape == entry.shape => Slot::Monomorphic(entry),
            Slot::Monomorphic(e) => {
                let mut list = self.polymorphic.borrow_mut();
                list.push(vec![e, entry]);
                Slot::Polymorphic(list.len() as u32 - 1)
            }
            Slot::Polymorphic(p) => {
                let mut list = self.polymorphic.borrow_mut();
                let entries = &mut list[p as usize];
                if let Some(e) = entries.iter_mut().find(|e| e.shape == entry.shape) {
                    *e = entry;
                    Slot::Polymorphic(p)
                } else if entries.len() < POLY {
                    entries.push(entry);
                    Slot::Polymorphic(p)
                } else {
                    entries.clear();
                    Slot::Megamorphic
                }
            }
            Slot::Megamorphic => Slot::Megamorphic,
        };
        cell.set(next);
    }

    /// Global access site `i` found a data property of the global object (see `Slot::GlobalProperty`).
    pub fn record_global_property(&self, i: u32, shape: ShapeId, position: u32, lexicals: u32) {
        if let Some(cell) = self.slots.get(i as usize) {
            cell.set(Slot::GlobalProperty {
                shape,
                position,
                lexicals,
            });
        }
    }

    /// A global access site `i` found its name in the global lexical environment at `index`.
    pub fn record_global(&self, i: u32, index: u32) {
        if let Some(cell) = self.slots.get(i as usize) {
            cell.set(Slot::GlobalLexical(index));
        }
    }

    /// Note the operand types of arithmetic or comparison site `i`.
    #[inline]
    pub fn record_types(&self, i: u32, bits: u8) {
        if let Some(cell) = self.slots.get(i as usize) {
            let seen = match cell.get() {
                Slot::Types(t) => t,
                _ => 0,
            };
            if seen | bits != seen {
                cell.set(Slot::Types(seen | bits));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(shape: u32, slot: u32) -> PropertyEntry {
        PropertyEntry {
            shape: ShapeId(shape),
            slot,
            holder: NO_HOLDER,
            holder_shape: ShapeId(0),
        }
    }

    #[test]
    fn caches_go_mono_poly_mega() {
        let v = FeedbackVector::new(2);
        assert_eq!(v.get(0), Slot::Empty);
        v.record(0, entry(1, 0));
        assert!(matches!(v.get(0), Slot::Monomorphic(_)));
        assert_eq!(v.lookup(0, ShapeId(1)), Some(entry(1, 0)));
        assert_eq!(v.lookup(0, ShapeId(2)), None);
        for s in 2..=4 {
            v.record(0, entry(s, s));
        }
        assert!(matches!(v.get(0), Slot::Polymorphic(_)));
        assert_eq!(v.lookup(0, ShapeId(3)), Some(entry(3, 3)));
        assert_eq!(v.entries(0).len(), 4);
        v.record(0, entry(5, 5));
        assert_eq!(v.get(0), Slot::Megamorphic);
        assert_eq!(v.lookup(0, ShapeId(1)), None);
        v.record_types(1, types::INT32);
        v.record_types(1, types::NUMBER);
        assert_eq!(v.get(1), Slot::Types(types::INT32 | types::NUMBER));
    }
}
