//! duplicate-paragraph's memory between runs: the verdict on every pair of
//! paragraph texts the last full pass verified.
//!
//! Verifying the pairs LSH offers (the longest common subsequence of each)
//! is a quarter of a pre-commit run on a large corpus, and nearly every pair
//! is the same as last time: one staged post changes a few dozen of half a
//! million. A verdict depends on the two texts and the rule's options alone,
//! so the engine keeps the verdicts in the cache under the rule's settings
//! key, and a run looks each pair up by the two texts' exact hashes before
//! verifying it. Findings are the same with or without the memory: it only
//! saves recomputing a pure function.

/// Verdicts on pairs of texts, by their exact hashes (the smaller first),
/// sorted: the similarity when they are alike, `NOT_ALIKE` when not.
#[derive(Default)]
pub(super) struct Verdicts {
    pairs: Vec<(u64, u64, f64)>,
}

/// The verdict on a pair verified and found not alike.
const NOT_ALIKE: f64 = -1.0;

/// Bytes per pair: two hashes and a verdict.
const PAIR_BYTES: usize = 24;

impl Verdicts {
    /// The verdicts `bytes` hold, or none when they are not verdicts (empty,
    /// another layout, out of order): the memory is only ever a shortcut.
    pub(super) fn read(bytes: &[u8]) -> Verdicts {
        if !bytes.len().is_multiple_of(PAIR_BYTES) {
            return Verdicts::default();
        }
        let word = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or_default());
        let pairs: Vec<(u64, u64, f64)> = bytes
            .chunks_exact(PAIR_BYTES)
            .map(|c| {
                (
                    word(&c[0..8]),
                    word(&c[8..16]),
                    f64::from_bits(word(&c[16..24])),
                )
            })
            .collect();
        let sorted = pairs.windows(2).all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1));
        if sorted {
            Verdicts { pairs }
        } else {
            Verdicts::default()
        }
    }

    /// The verdict on texts `a` and `b`, when it is known: `Some(None)` for
    /// a pair found not alike.
    pub(super) fn get(&self, a: u64, b: u64) -> Option<Option<f64>> {
        let key = (a.min(b), a.max(b));
        let at = self
            .pairs
            .binary_search_by(|&(x, y, _)| (x, y).cmp(&key))
            .ok()?;
        let verdict = self.pairs[at].2;
        Some((verdict != NOT_ALIKE).then_some(verdict))
    }

    /// The memory of this run's verdicts, in the order of `pairs` (each the
    /// two texts' hashes) and `verdicts`, as [`Verdicts::read`] reads it.
    pub(super) fn write(pairs: &[(u64, u64)], verdicts: &[Option<f64>]) -> Vec<u8> {
        let mut all: Vec<(u64, u64, f64)> = pairs
            .iter()
            .zip(verdicts)
            .map(|(&(a, b), v)| (a.min(b), a.max(b), v.unwrap_or(NOT_ALIKE)))
            .collect();
        all.sort_unstable_by_key(|&(a, b, _)| (a, b));
        all.dedup_by_key(|&mut (a, b, _)| (a, b));
        let mut out = Vec::with_capacity(all.len() * PAIR_BYTES);
        for (a, b, v) in all {
            out.extend_from_slice(&a.to_le_bytes());
            out.extend_from_slice(&b.to_le_bytes());
            out.extend_from_slice(&v.to_bits().to_le_bytes());
        }
        out
    }

    /// How many verdicts it holds.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.pairs.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_survive_writing_in_either_order_and_junk_reads_as_none() {
        let bytes = Verdicts::write(&[(9, 3), (1, 2)], &[Some(0.75), None]);
        let verdicts = Verdicts::read(&bytes);
        assert_eq!(verdicts.len(), 2);
        assert_eq!(verdicts.get(3, 9), Some(Some(0.75)));
        assert_eq!(verdicts.get(2, 1), Some(None));
        assert_eq!(verdicts.get(1, 3), None);
        assert_eq!(Verdicts::read(&bytes[1..]).len(), 0);
        // Out of order is not a memory this build wrote.
        let mut swapped = bytes[PAIR_BYTES..].to_vec();
        swapped.extend_from_slice(&bytes[..PAIR_BYTES]);
        assert_eq!(Verdicts::read(&swapped).len(), 0);
    }
}
