//! Where compiled code finds a shaped object's shape and named slots, and a plain object's or
//! array's dense elements, in the heap — measured once per VM, not assumed: `Props`, `Elements`
//! and `ObjectKind` are `repr(u32)` (the tag first, then the variant's fields), the offsets of
//! fields are taken from references, and a `Vec`'s field order — which std does not promise — is
//! read off a sample (`memory::vec_fields`). If anything does not look as expected, there is no
//! layout and compiled code calls the helpers instead.

use crate::runtime::object::{Elements, Object, ObjectKind, Props};
use crate::runtime::shape::ShapeId;
use crate::runtime::value::ObjectRef;
use crate::runtime::Heap;

/// Byte offsets for compiled code (see the module comment).
#[derive(Clone, Copy, Debug)]
pub struct ObjectLayout {
    /// The size of an object arena entry (`Option<Object>`).
    pub entry_size: u32,
    /// Within an entry: `Props`' tag (`object::SHAPED_TAG` for a shaped object), a shaped
    /// object's shape, and its slots' data pointer and length (`usize`).
    pub tag: u32,
    pub shape: u32,
    pub slots_ptr: u32,
    pub slots_len: u32,
    /// Within an entry: `ObjectKind`'s tag, `Elements`' tag (`object::PACKED_TAG` or
    /// `HOLEY_TAG` for dense elements), and dense elements' data pointer and length (`usize`).
    pub kind: u32,
    /// Within an entry: an array's length (`u32`).
    pub array_length: u32,
    pub elements: u32,
    pub dense_ptr: u32,
    pub dense_len: u32,
    /// Within an entry: dense elements' capacity (`usize`), an array's `length_writable` and
    /// the object's `extensible` (bytes: 0 or 1) — what a push in place checks.
    pub dense_cap: u32,
    pub length_writable: u32,
    pub extensible: u32,
    /// Within an entry: the prototype (`Option<ObjectRef>`, two `u32`s): the word that says
    /// `Some` (equal to `proto_some`) and the index.
    pub proto_tag: u32,
    pub proto_some: u32,
    pub proto_index: u32,
}

impl ObjectLayout {
    /// Measure the layout on `object`, a live object of `heap`.
    pub fn probe(heap: &Heap, object: ObjectRef) -> Option<ObjectLayout> {
        let (entry_size, in_entry) = heap.objects.entry_layout(object.0)?;
        let props = in_entry + std::mem::offset_of!(Object, props);
        let sample = Props::Shaped {
            shape: ShapeId(0),
            slots: Vec::new(),
        };
        let Props::Shaped { shape, slots } = &sample else {
            return None;
        };
        let base = &sample as *const Props as usize;
        let shape = shape as *const ShapeId as usize - base;
        let slots = slots as *const Vec<_> as usize - base;
        let values = Elements::dense_vec_offset()?;
        let elements = in_entry + std::mem::offset_of!(Object, elements);
        let kind = in_entry + std::mem::offset_of!(Object, kind);
        let array = ObjectKind::Array {
            length: 0,
            length_writable: true,
        };
        let ObjectKind::Array {
            length,
            length_writable,
        } = &array
        else {
            return None;
        };
        let length = length as *const u32 as usize - &array as *const ObjectKind as usize;
        let writable =
            length_writable as *const bool as usize - &array as *const ObjectKind as usize;
        let (ptr, len) = super::memory::vec_fields()?;
        let cap = [0, 8, 16].into_iter().find(|&w| w != ptr && w != len)?;
        let (proto_tag, proto_some, proto_index) = super::memory::option_ref_fields()?;
        let proto = in_entry + std::mem::offset_of!(Object, proto);
        let extensible = in_entry + std::mem::offset_of!(Object, extensible);
        let at = |offset: usize| u32::try_from(offset).ok();
        Some(ObjectLayout {
            entry_size: at(entry_size)?,
            tag: at(props)?,
            shape: at(props + shape)?,
            slots_ptr: at(props + slots + ptr)?,
            slots_len: at(props + slots + len)?,
            kind: at(kind)?,
            array_length: at(kind + length)?,
            elements: at(elements)?,
            dense_ptr: at(elements + values + ptr)?,
            dense_len: at(elements + values + len)?,
            dense_cap: at(elements + values + cap)?,
            length_writable: at(kind + writable)?,
            extensible: at(extensible)?,
            proto_tag: at(proto + proto_tag)?,
            proto_some,
            proto_index: at(proto + proto_index)?,
        })
    }
}

/// Where compiled code pushes and pops the frame of a function it calls itself
/// (`lower::InlineCall`): the VM's frame stack and register file — `Vec`s, whose field order is
/// read off a sample (`memory::vec_fields_of`) — and the fields of a frame it sets (the rest it
/// copies from a frame made by Rust: `jit::KnownCallee::frame`). Byte offsets.
#[derive(Clone, Copy, Debug)]
pub struct CallLayout {
    /// In the VM: the frames' data pointer, length and capacity.
    pub frames_ptr: i32,
    pub frames_len: i32,
    pub frames_cap: i32,
    /// In the VM: the register file's data pointer, length and capacity.
    pub registers_ptr: i32,
    pub registers_len: i32,
    pub registers_cap: i32,
    /// In the VM: the current realm's index (`u32`).
    pub realm_id: i32,
    /// A frame's size, and its `pc` (`u32`), `acc`, `this` and `base` (words).
    pub frame_size: i32,
    pub frame_pc: i32,
    pub frame_acc: i32,
    pub frame_this: i32,
    pub frame_base: i32,
    /// A frame's `counted` (a `bool`).
    pub frame_counted: i32,
}

impl CallLayout {
    pub fn probe() -> Option<CallLayout> {
        use crate::vm::{Frame, Vm};
        use std::mem::offset_of;
        let (fp, fl, fc) = super::memory::vec_fields_of::<Frame>()?;
        let (rp, rl, rc) = super::memory::vec_fields_of::<crate::runtime::Value>()?;
        let at = |offset: usize| i32::try_from(offset).ok();
        Some(CallLayout {
            frames_ptr: at(Vm::FRAMES_AT + fp)?,
            frames_len: at(Vm::FRAMES_AT + fl)?,
            frames_cap: at(Vm::FRAMES_AT + fc)?,
            registers_ptr: at(Vm::REGISTERS_AT + rp)?,
            registers_len: at(Vm::REGISTERS_AT + rl)?,
            registers_cap: at(Vm::REGISTERS_AT + rc)?,
            realm_id: at(offset_of!(Vm, realm_id))?,
            frame_size: at(std::mem::size_of::<Frame>())?,
            frame_pc: at(offset_of!(Frame, pc))?,
            frame_acc: at(offset_of!(Frame, acc))?,
            frame_this: at(offset_of!(Frame, this))?,
            frame_base: at(offset_of!(Frame, base))?,
            frame_counted: at(offset_of!(Frame, counted))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::ObjectLayout;

    #[test]
    fn the_call_layout_is_found_on_this_host() {
        // Without it, compiled code calls compiled functions through the runtime (slower, not
        // wrong).
        let l = super::CallLayout::probe().expect("a call layout");
        assert!(l.frame_size % 8 == 0, "{l:?}");
        let template = std::rc::Rc::new(7u64);
        let strong = super::super::memory::rc_strong_count(&template).expect("the strong count");
        assert_eq!(strong % 8, 0);
    }

    #[test]
    fn the_layout_is_found_on_this_host_and_fits_an_entry() {
        // Without a layout, property and element sites fall back to helper calls (slower, not
        // wrong): this catches a std or layout change that would silently disable them.
        let vm = crate::vm::Vm::new();
        let l = ObjectLayout::probe(&vm.heap, vm.realm.global).expect("a layout");
        let words = [
            l.slots_ptr,
            l.slots_len,
            l.dense_ptr,
            l.dense_len,
            l.dense_cap,
        ];
        let tags = [
            l.tag,
            l.shape,
            l.kind,
            l.elements,
            l.array_length,
            l.proto_tag,
            l.proto_index,
        ];
        for &at in &words {
            assert!(at % 8 == 0 && at + 8 <= l.entry_size, "{l:?}");
        }
        for &at in &tags {
            assert!(at % 4 == 0 && at + 4 <= l.entry_size, "{l:?}");
        }
        let bytes = [l.length_writable, l.extensible];
        for &at in &bytes {
            assert!(at < l.entry_size, "{l:?}");
        }
        let mut all: Vec<u32> = words.iter().chain(&tags).chain(&bytes).copied().collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 14, "overlapping fields: {l:?}");
    }
}
