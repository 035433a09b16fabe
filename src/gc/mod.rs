//! The garbage collector's building blocks: typed arenas with mark bits, and the mark stack.
//!
//! The heap (runtime::heap) is a set of `Arena`s, one per kind of heap thing (strings, objects, …),
//! addressed by 32-bit indices that `Value` carries. Collection is precise, non-moving mark-sweep:
//! the heap marks from its roots through `Arena::mark`, then `Arena::sweep` frees every unmarked entry
//! and puts its index on the free list. No entry ever moves, so an index stays valid while reachable.
//!
//! Architecture Invariant: this module knows nothing about JavaScript; it is safe Rust (entries are
//! `Option<T>` in a `Vec`), so tracing and sweeping are the same code on native and wasm32.
//! See docs/GC.md for the rooting rules.

/// One kind of heap entry, addressed by `u32` index.
pub struct Arena<T> {
    entries: Vec<Option<T>>,
    marks: Vec<u64>,
    free: Vec<u32>,
    live: usize,
}

impl<T> Default for Arena<T> {
    fn default() -> Self {
        Arena {
            entries: Vec::new(),
            marks: Vec::new(),
            free: Vec::new(),
            live: 0,
        }
    }
}

impl<T> Arena<T> {
    /// Store `value` and return its index (a freed index is reused first).
    pub fn alloc(&mut self, value: T) -> u32 {
        self.live += 1;
        if let Some(index) = self.free.pop() {
            self.entries[index as usize] = Some(value);
            return index;
        }
        let index = self.entries.len();
        assert!(index < u32::MAX as usize, "heap arena full");
        self.entries.push(Some(value));
        if index.is_multiple_of(64) {
            self.marks.push(0);
        }
        index as u32
    }

    /// The entry at `index`. Panics on a freed index: a dangling reference is an engine bug
    /// (precise GC never frees what is reachable), and GC-stress mode exists to find it.
    #[inline]
    pub fn get(&self, index: u32) -> &T {
        match self.entries.get(index as usize) {
            Some(Some(value)) => value,
            _ => dangling(index),
        }
    }

    #[inline]
    pub fn get_mut(&mut self, index: u32) -> &mut T {
        match self.entries.get_mut(index as usize) {
            Some(Some(value)) => value,
            _ => dangling(index),
        }
    }

    /// The address of the entries (for compiled code: valid until the next allocation, which
    /// may move them).
    pub fn base(&self) -> *const u8 {
        self.entries.as_ptr() as *const u8
    }

    /// The size of an entry and the offset of its value within it, measured on the live entry
    /// at `index`.
    pub fn entry_layout(&self, index: u32) -> Option<(usize, usize)> {
        let entry = self.entries.get(index as usize)?;
        let value = entry.as_ref()?;
        let offset = value as *const T as usize - entry as *const Option<T> as usize;
        Some((std::mem::size_of::<Option<T>>(), offset))
    }

    /// Whether `index` holds a live entry.
    pub fn contains(&self, index: u32) -> bool {
        matches!(self.entries.get(index as usize), Some(Some(_)))
    }

    /// Set the mark bit of `index`; true if it was not set before (the caller then traces it).
    #[inline]
    pub fn mark(&mut self, index: u32) -> bool {
        let word = &mut self.marks[index as usize / 64];
        let bit = 1u64 << (index % 64);
        let fresh = *word & bit == 0;
        *word |= bit;
        fresh
    }

    pub fn is_marked(&self, index: u32) -> bool {
        self.marks[index as usize / 64] & (1u64 << (index % 64)) != 0
    }

    /// Free every unmarked entry and clear all marks. Returns how many were freed.
    pub fn sweep(&mut self) -> usize {
        let mut freed = 0;
        for (index, entry) in self.entries.iter_mut().enumerate() {
            let marked = self.marks[index / 64] & (1u64 << (index % 64)) != 0;
            if !marked && entry.is_some() {
                *entry = None;
                self.free.push(index as u32);
                freed += 1;
            }
        }
        self.marks.iter_mut().for_each(|w| *w = 0);
        self.live -= freed;
        freed
    }

    /// Number of live entries.
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Live entries with their indices.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &T)> {
        self.entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.as_ref().map(|v| (i as u32, v)))
    }
}

#[cold]
#[inline(never)]
fn dangling(index: u32) -> ! {
    panic!("dangling heap reference #{index}: an object was collected while still in use (a missing GC root)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweep_frees_unmarked_entries_and_reuses_their_indices() {
        let mut arena = Arena::default();
        let a = arena.alloc("a");
        let b = arena.alloc("b");
        let c = arena.alloc("c");
        assert!(arena.mark(a));
        assert!(!arena.mark(a), "second mark reports already marked");
        arena.mark(c);
        assert_eq!(arena.sweep(), 1);
        assert!(arena.contains(a) && !arena.contains(b) && arena.contains(c));
        assert_eq!(arena.len(), 2);
        // Marks are cleared by the sweep.
        assert!(!arena.is_marked(a));
        assert_eq!(arena.alloc("d"), b);
        assert_eq!(*arena.get(b), "d");
    }

    #[test]
    #[should_panic(expected = "dangling heap reference")]
    fn a_freed_index_is_caught() {
        let mut arena = Arena::default();
        let a = arena.alloc(1);
        arena.sweep();
        arena.get(a);
    }
}
