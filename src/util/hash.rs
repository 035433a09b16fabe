//! A fast hasher for small integer keys (atoms, property keys, string and shape indices).
//!
//! SipHash, the standard library's default, resists hash flooding but costs more than the lookups
//! it serves here; the keys hashed with this one are indices the engine itself hands out.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Multiply-rotate mixing of each word written (in the spirit of FxHash).
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.add(b as u64);
        }
    }

    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.add(n as u64);
    }

    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.add(n as u64);
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    #[inline]
    fn write_isize(&mut self, n: isize) {
        self.add(n as u64);
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_small_keys_spread() {
        // hashbrown picks the bucket from the low bits and a 7-bit tag from the top ones.
        let mut buckets = FastSet::default();
        let mut tags = FastSet::default();
        for i in 0u32..1000 {
            let mut h = FastHasher::default();
            h.write_u32(i);
            buckets.insert(h.finish() & 1023);
            tags.insert(h.finish() >> 57);
        }
        assert!(buckets.len() > 900, "{} buckets", buckets.len());
        assert!(tags.len() > 100, "{} tags", tags.len());
    }
}
