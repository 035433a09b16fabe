//! Inline caches for `GetNamed` and `SetNamed` (see `bytecode::feedback`).
//!
//! A load hit needs the receiver's shape to match an entry; for a property found on the prototype,
//! the receiver's prototype must also be the recorded holder with the recorded shape (shapes do not
//! record the prototype, so it is checked). A store hit needs an own writable data property. Only
//! shaped (not dictionary) objects whose named properties are all in their shape are cached: arrays
//! and string wrappers keep `length` outside it, so `length` is never cached on them.

use super::Vm;
use crate::bytecode::feedback::{FeedbackVector, PropertyEntry, Slot, NO_HOLDER};
use crate::runtime::object::{ObjectKind, Props};
use crate::runtime::property::PropertyKey;
use crate::runtime::value::ObjectRef;
use crate::runtime::Value;

impl Vm {
    /// The value in `slot` of `o` if `o` is shaped with `shape` (a monomorphic own-property hit;
    /// compiled code calls this with the entry its feedback had at compile time).
    #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
    #[inline]
    pub(super) fn own_slot(&self, o: ObjectRef, shape: u32, slot: u32) -> Option<Value> {
        match &self.heap.object(o).props {
            Props::Shaped { shape: s, slots } if s.0 == shape => slots.get(slot as usize).copied(),
            _ => None,
        }
    }

    /// The value in `slot` of `o`'s prototype `holder` if `o` is shaped with `shape`, its
    /// prototype is `holder` and that has `holder_shape` (a prototype-held entry of a `GetNamed`
    /// site, as compiled: the receiver's shape fixes which properties it has itself).
    #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
    #[inline]
    pub(super) fn proto_slot(
        &self,
        o: ObjectRef,
        shape: u32,
        holder: u32,
        holder_shape: u32,
        slot: u32,
    ) -> Option<Value> {
        let object = self.heap.object(o);
        match &object.props {
            Props::Shaped { shape: s, .. } if s.0 == shape => {}
            _ => return None,
        }
        let p = object.proto.filter(|p| p.0 == holder)?;
        match &self.heap.object(p).props {
            Props::Shaped { shape: s, slots } if s.0 == holder_shape => {
                slots.get(slot as usize).copied()
            }
            _ => None,
        }
    }

    /// Store `v` in `slot` of `o` if `o` is shaped with `shape` (a store cache hit: the feedback
    /// records only own writable data properties for stores).
    #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
    #[inline]
    pub(super) fn set_own_slot(&mut self, o: ObjectRef, shape: u32, slot: u32, v: Value) -> bool {
        match &mut self.heap.objects.get_mut(o.0).props {
            Props::Shaped { shape: s, slots } if s.0 == shape => match slots.get_mut(slot as usize)
            {
                Some(place) => {
                    *place = v;
                    true
                }
                None => false,
            },
            _ => false,
        }
    }

    /// A `GetNamed` cache hit: the property's value.
    #[inline]
    pub(super) fn cached_get(&self, fv: &FeedbackVector, i: u32, o: ObjectRef) -> Option<Value> {
        let object = self.heap.object(o);
        let Props::Shaped { shape, slots } = &object.props else {
            return None;
        };
        let e = fv.lookup(i, *shape)?;
        if e.holder == NO_HOLDER {
            return slots.get(e.slot as usize).copied();
        }
        let p = object.proto.filter(|p| p.0 == e.holder)?;
        match &self.heap.object(p).props {
            Props::Shaped { shape, slots } if *shape == e.holder_shape => {
                slots.get(e.slot as usize).copied()
            }
            _ => None,
        }
    }

    /// After a `GetNamed` miss: cache where `key` is, if it is a data property of `o` or of its
    /// prototype.
    pub(super) fn record_get(&self, fv: &FeedbackVector, i: u32, o: ObjectRef, key: PropertyKey) {
        if fv.get(i) == Slot::Megamorphic || self.length_outside_shape(o, key) {
            return;
        }
        let object = self.heap.object(o);
        let Props::Shaped { shape, .. } = &object.props else {
            return;
        };
        if let Some((slot, attrs)) = self.heap.shapes.lookup(*shape, key) {
            if !attrs.is_accessor() {
                fv.record(i, own_entry(*shape, slot));
            }
            return;
        }
        let Some(p) = object.proto else { return };
        if self.length_outside_shape(p, key) {
            return;
        }
        if let Props::Shaped {
            shape: holder_shape,
            ..
        } = &self.heap.object(p).props
        {
            if let Some((slot, attrs)) = self.heap.shapes.lookup(*holder_shape, key) {
                if !attrs.is_accessor() {
                    fv.record(
                        i,
                        PropertyEntry {
                            shape: *shape,
                            slot,
                            holder: p.0,
                            holder_shape: *holder_shape,
                        },
                    );
                }
            }
        }
    }

    /// A `SetNamed` cache hit: the value is stored.
    #[inline]
    pub(super) fn cached_set(
        &mut self,
        fv: &FeedbackVector,
        i: u32,
        o: ObjectRef,
        v: Value,
    ) -> bool {
        let object = self.heap.objects.get_mut(o.0);
        let Props::Shaped { shape, slots } = &mut object.props else {
            return false;
        };
        match fv.lookup(i, *shape) {
            Some(e) if e.holder == NO_HOLDER => match slots.get_mut(e.slot as usize) {
                Some(slot) => {
                    *slot = v;
                    true
                }
                None => false,
            },
            _ => false,
        }
    }

    /// After a `SetNamed` miss: cache an own writable data property.
    pub(super) fn record_set(&self, fv: &FeedbackVector, i: u32, o: ObjectRef, key: PropertyKey) {
        if fv.get(i) == Slot::Megamorphic || self.length_outside_shape(o, key) {
            return;
        }
        if let Props::Shaped { shape, .. } = &self.heap.object(o).props {
            if let Some((slot, attrs)) = self.heap.shapes.lookup(*shape, key) {
                if !attrs.is_accessor() && attrs.writable() {
                    fv.record(i, own_entry(*shape, slot));
                }
            }
        }
    }

    /// Objects with own named properties kept outside their shape: `length` of arrays and string
    /// wrappers (see `get_own`).
    fn length_outside_shape(&self, o: ObjectRef, key: PropertyKey) -> bool {
        key == PropertyKey::String(self.realm.names.length)
            && matches!(
                self.heap.object(o).kind,
                ObjectKind::Array { .. } | ObjectKind::String(_)
            )
    }
}

/// A cache entry for an own property (`holder_shape` is unused then).
fn own_entry(shape: crate::runtime::shape::ShapeId, slot: u32) -> PropertyEntry {
    PropertyEntry {
        shape,
        slot,
        holder: NO_HOLDER,
        holder_shape: shape,
    }
}
