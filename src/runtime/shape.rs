//! Shapes (hidden classes): the layout of an object's named properties.
//!
//! Objects that gain the same properties in the same order share a `Shape`: it maps each key to a slot
//! index in the object's `slots` and to its attributes. Adding a property follows (or creates) a
//! transition to a child shape, so shapes form a tree rooted at the empty shape. Inline caches compare
//! an object's shape index and reuse the slot they found, which makes `o.x` one compare and one load.
//!
//! Siblings and descendants along one path share a single descriptor list (`Descriptors`): a shape is
//! a prefix of it (its `len`). A transition that branches off in the middle copies the prefix.
//! Objects whose layout keeps changing (deletes, attribute changes, very many properties) leave the
//! tree for dictionary mode (see object.rs).

use super::property::{Attrs, PropertyKey};
use crate::util::hash::FastMap;
use std::cell::RefCell;
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct ShapeId(pub u32);

type Descriptors = Rc<RefCell<Vec<(PropertyKey, Attrs)>>>;

pub struct Shape {
    descriptors: Descriptors,
    /// Number of properties (a prefix of `descriptors`).
    len: u32,
    transitions: FastMap<(PropertyKey, Attrs), ShapeId>,
    /// Key → slot, built on the first lookup of a large shape.
    index: RefCell<Option<FastMap<PropertyKey, u32>>>,
}

/// Shapes with this many properties or fewer are searched linearly.
const LINEAR_LOOKUP: u32 = 8;
/// Objects with more named properties than this go to dictionary mode.
pub const MAX_SHAPED_PROPERTIES: u32 = 128;

/// The shape tree. Shapes live as long as the engine (their number is bounded by the distinct
/// property orders a program builds; dictionary mode covers the rest).
pub struct Shapes {
    shapes: Vec<Shape>,
}

impl Default for Shapes {
    fn default() -> Self {
        Shapes::new()
    }
}

impl Shapes {
    /// The empty shape.
    pub const ROOT: ShapeId = ShapeId(0);

    pub fn new() -> Shapes {
        Shapes {
            shapes: vec![Shape {
                descriptors: Rc::new(RefCell::new(Vec::new())),
                len: 0,
                transitions: FastMap::default(),
                index: RefCell::new(None),
            }],
        }
    }

    pub fn len(&self, shape: ShapeId) -> u32 {
        self.shapes[shape.0 as usize].len
    }

    /// Total number of shapes (for diagnostics).
    pub fn count(&self) -> usize {
        self.shapes.len()
    }

    /// The shape after adding `key` with `attrs` to `shape`; the new property's slot is `len(shape)`.
    pub fn add(&mut self, shape: ShapeId, key: PropertyKey, attrs: Attrs) -> ShapeId {
        if let Some(&next) = self.shapes[shape.0 as usize].transitions.get(&(key, attrs)) {
            return next;
        }
        let parent = &self.shapes[shape.0 as usize];
        let len = parent.len;
        let descriptors = {
            let mut list = parent.descriptors.borrow_mut();
            if list.len() == len as usize {
                // The parent owns the end of the list: extend it in place.
                list.push((key, attrs));
                parent.descriptors.clone()
            } else {
                let mut copy = list[..len as usize].to_vec();
                copy.push((key, attrs));
                Rc::new(RefCell::new(copy))
            }
        };
        let id = ShapeId(self.shapes.len() as u32);
        self.shapes.push(Shape {
            descriptors,
            len: len + 1,
            transitions: FastMap::default(),
            index: RefCell::new(None),
        });
        self.shapes[shape.0 as usize]
            .transitions
            .insert((key, attrs), id);
        id
    }

    /// The slot and attributes of `key` in `shape`.
    pub fn lookup(&self, shape: ShapeId, key: PropertyKey) -> Option<(u32, Attrs)> {
        let s = &self.shapes[shape.0 as usize];
        let list = s.descriptors.borrow();
        if s.len <= LINEAR_LOOKUP {
            return list[..s.len as usize]
                .iter()
                .position(|(k, _)| *k == key)
                .map(|i| (i as u32, list[i].1));
        }
        let mut index = s.index.borrow_mut();
        let map = index.get_or_insert_with(|| {
            list[..s.len as usize]
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (*k, i as u32))
                .collect()
        });
        map.get(&key).map(|&i| (i, list[i as usize].1))
    }

    /// The keys and attributes of `shape` in insertion order.
    pub fn properties(&self, shape: ShapeId) -> Vec<(PropertyKey, Attrs)> {
        let s = &self.shapes[shape.0 as usize];
        s.descriptors.borrow()[..s.len as usize].to_vec()
    }

    /// Every key `shape` refers to (for the GC: string keys are atoms, symbol keys must stay alive).
    pub fn for_each_key(&self, mut f: impl FnMut(PropertyKey)) {
        for s in &self.shapes {
            for (k, _) in &s.descriptors.borrow()[..s.len as usize] {
                f(*k);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::value::StringRef;

    fn key(n: u32) -> PropertyKey {
        PropertyKey::String(StringRef(n))
    }

    #[test]
    fn same_order_same_shape_and_branches_copy_the_prefix() {
        let mut shapes = Shapes::new();
        let a = shapes.add(Shapes::ROOT, key(1), Attrs::DEFAULT);
        let ab = shapes.add(a, key(2), Attrs::DEFAULT);
        assert_eq!(shapes.add(Shapes::ROOT, key(1), Attrs::DEFAULT), a);
        assert_eq!(shapes.add(a, key(2), Attrs::DEFAULT), ab);
        let ac = shapes.add(a, key(3), Attrs::DEFAULT);
        assert_ne!(ab, ac);
        assert_eq!(shapes.lookup(ab, key(2)), Some((1, Attrs::DEFAULT)));
        assert_eq!(shapes.lookup(ac, key(3)), Some((1, Attrs::DEFAULT)));
        assert_eq!(shapes.lookup(ac, key(2)), None);
        assert_eq!(
            shapes.lookup(a, key(2)),
            None,
            "a prefix does not see later keys"
        );
    }

    #[test]
    fn large_shapes_use_an_index() {
        let mut shapes = Shapes::new();
        let mut s = Shapes::ROOT;
        for i in 0..50 {
            s = shapes.add(s, key(i), Attrs::DEFAULT);
        }
        assert_eq!(shapes.lookup(s, key(37)), Some((37, Attrs::DEFAULT)));
        assert_eq!(shapes.lookup(s, key(99)), None);
        assert_eq!(shapes.properties(s).len(), 50);
    }
}
