//! Word shingles, MinHash and LSH banding to find candidate near-duplicate
//! paragraphs without comparing every pair, and the word-level similarity that
//! verifies each candidate.
//!
//! A paragraph is a sequence of 32-bit word ids. **Candidates** come from the
//! set of its word 3-shingles (every run of three consecutive words): two
//! paragraphs whose shingle sets have Jaccard index J share one MinHash value
//! with probability J, so with `rows` values per band and `bands` bands they
//! share at least one bucket with probability `1 - (1 - J^rows)^bands`.
//! [`NEAR_DUPLICATE_BANDING`] (2 rows, 24 bands) gives 0.95 at J = 0.35 and
//! 0.999 at J = 0.5. Three-word shingles are used because an edit of one word
//! in ten leaves about 0.9^3 = 73% of them (J about 0.57) but only 59% of the
//! five-word ones (J about 0.42, below what banding finds surely); see
//! `docs/duplicate-paragraph.md` for the measurements on real prose.
//!
//! **Verification** is word-level: [`similarity`] is the longest common
//! subsequence of the two word sequences over the length of the shorter one,
//! computed bit-parallel ([`lcs_len`]). It reads as "this share of the shorter
//! paragraph's words appear, in order, in the other", so a copy with a sentence
//! added or dropped keeps a high figure, which Jaccard of shingles does not.
//! Banding can only miss pairs, never invent them: every candidate is verified.
//!
//! The cost is linear: 48 multiply-add-shift hashes per shingle, a sort of the
//! bucket keys per band, and one bit-parallel pass per candidate pair.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 3;

/// The hash of one normalised word (its UTF-8 bytes).
pub fn word_hash(word: &[u8]) -> u64 {
    xxh3_64(word)
}

/// Fills `out` with the sorted, deduplicated 32-bit hashes of the word
/// shingles of `words` (word ids). Text shorter than one shingle has one
/// shingle: all its words.
pub fn shingle_set(words: &[u32], out: &mut Vec<u32>) {
    out.clear();
    if words.is_empty() {
        return;
    }
    let k = SHINGLE_WORDS.min(words.len());
    out.extend(words.windows(k).map(shingle_hash));
    out.sort_unstable();
    out.dedup();
}

/// The 32-bit hash of a window of word ids: an order-sensitive multiply-rotate
/// chain and a final mix, a few instructions per word.
#[inline]
fn shingle_hash(window: &[u32]) -> u32 {
    let mut h = 0x9E37_79B9_7F4A_7C15u64;
    for &w in window {
        h = (h ^ u64::from(w))
            .wrapping_mul(0xA076_1D64_78BD_642F)
            .rotate_left(29);
    }
    h ^= h >> 32;
    h = h.wrapping_mul(0xE703_7ED1_A0B4_28DB);
    (h >> 32) as u32
}

/// Scratch space for [`lcs_len`], reused across pairs so that verification
/// allocates nothing per pair.
#[derive(Debug, Default)]
pub struct LcsScratch {
    /// (word, position) of the shorter sequence, sorted by word.
    positions: Vec<(u32, u32)>,
    /// The distinct words of the shorter sequence, sorted.
    symbols: Vec<u32>,
    /// One bit mask per distinct word (`blocks` words each): where it occurs.
    masks: Vec<u64>,
    /// The running bit vector.
    row: Vec<u64>,
    /// Shingle sets of the two sequences, for [`similarity`].
    sets: (Vec<u32>, Vec<u32>),
    /// Two sequences decoded for comparing, for callers that keep theirs
    /// encoded.
    pub words: (Vec<u32>, Vec<u32>),
}

/// The length of the longest common subsequence of two word sequences, with
/// the bit-parallel algorithm of Allison and Dix (one pass over the longer
/// sequence, `len / 64` machine words per step).
pub fn lcs_len(a: &[u32], b: &[u32], scratch: &mut LcsScratch) -> usize {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return 0;
    }
    let blocks = short.len().div_ceil(64);
    let LcsScratch {
        positions,
        symbols,
        masks,
        row,
        ..
    } = scratch;
    positions.clear();
    positions.extend(short.iter().enumerate().map(|(i, &w)| (w, i as u32)));
    positions.sort_unstable();
    symbols.clear();
    masks.clear();
    for &(w, i) in positions.iter() {
        if symbols.last() != Some(&w) {
            symbols.push(w);
            masks.resize(masks.len() + blocks, 0);
        }
        let base = masks.len() - blocks;
        masks[base + i as usize / 64] |= 1 << (i % 64);
    }
    row.clear();
    row.resize(blocks, u64::MAX);
    for w in long {
        let Ok(s) = symbols.binary_search(w) else {
            continue;
        };
        let mask = &masks[s * blocks..(s + 1) * blocks];
        // V' = (V + U) | (V - U) with U = V & M; V - U is V & !U since U ⊆ V.
        let mut carry = 0u64;
        for (v, &m) in row.iter_mut().zip(mask) {
            let u = *v & m;
            let (sum, c1) = v.overflowing_add(u);
            let (sum, c2) = sum.overflowing_add(carry);
            carry = u64::from(c1 || c2);
            *v = sum | (*v & !u);
        }
    }
    let tail = short.len() % 64;
    let zeros: usize = row
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let live = if i + 1 == blocks && tail != 0 {
                (1u64 << tail) - 1
            } else {
                u64::MAX
            };
            (!v & live).count_ones() as usize
        })
        .sum();
    zeros
}

/// How alike two paragraphs are, from 0 to 1: the larger of
/// - the words of their longest common subsequence over the words of the
///   shorter one ("this share of its words appear, in order, in the other"),
///   and
/// - the share of the shorter one's word 3-shingles found in the other, which
///   keeps a copy whose sentences were reordered, where the subsequence
///   breaks at every moved sentence.
///
/// Identical text scores 1, a copy with one word in ten changed about 0.9, a
/// copy with a sentence added, dropped or moved close to 1, unrelated prose
/// of the same length 0.2 to 0.45 (English function words line up by chance).
/// `at_least` skips the second measure when the first reaches it.
pub fn similarity(a: &[u32], b: &[u32], at_least: f64, scratch: &mut LcsScratch) -> f64 {
    let shorter = a.len().min(b.len());
    if shorter == 0 {
        return 0.0;
    }
    let in_order = lcs_len(a, b, scratch) as f64 / shorter as f64;
    if in_order >= at_least {
        return in_order;
    }
    let (sa, sb) = &mut scratch.sets;
    shingle_set(a, sa);
    shingle_set(b, sb);
    let phrases = intersection(sa, sb) as f64 / sa.len().min(sb.len()).max(1) as f64;
    in_order.max(phrases)
}

/// The size of the intersection of two sorted sets.
fn intersection(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut inter) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter
}

/// Rows per band and bands of the near-duplicate search: 2 rows keep a common
/// three-word phrase from making a candidate on its own, and 24 bands find
/// 95% of pairs at J = 0.35 and 99.9% at J = 0.5 (sentence-dropped and
/// edited copies of real paragraphs sit at 0.35 to 0.7).
pub const NEAR_DUPLICATE_BANDING: (usize, usize) = (2, 24);

/// MinHash with LSH banding over 32-bit shingle sets.
#[derive(Debug, Clone)]
pub struct MinHash {
    rows: usize,
    bands: usize,
    /// Multiply-add-shift parameters, one (a, b) per hash function, in two
    /// arrays so that the per-shingle loop vectorises.
    mul: Vec<u64>,
    add: Vec<u64>,
}

impl MinHash {
    /// `rows * bands` hash functions from a fixed seed, so bucket keys are the
    /// same on every run and machine.
    pub fn new(rows: usize, bands: usize) -> Self {
        let rows = rows.clamp(1, 16);
        let mut state = 0x243F_6A88_85A3_08D3u64;
        let mut next = || {
            // splitmix64
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let mut mul = Vec::with_capacity(rows * bands);
        let mut add = Vec::with_capacity(rows * bands);
        for _ in 0..rows * bands {
            mul.push(next() | 1);
            add.push(next());
        }
        MinHash {
            rows,
            bands,
            mul,
            add,
        }
    }

    /// The number of bands, which is the number of keys per set.
    pub fn bands(&self) -> usize {
        self.bands
    }

    /// The probability that two sets with Jaccard index `j` share a band.
    pub fn recall_at(&self, j: f64) -> f64 {
        1.0 - (1.0 - j.powi(self.rows as i32)).powi(self.bands as i32)
    }

    /// Appends one bucket key per band of `set` to `out`. `signature` is
    /// scratch space, reused to keep allocation out of the loop.
    pub fn band_keys(&self, set: &[u32], signature: &mut Vec<u32>, out: &mut Vec<u32>) {
        let n = self.mul.len();
        signature.clear();
        signature.resize(n, u32::MAX);
        let sig = &mut signature[..n];
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU supports AVX2, checked just above.
                unsafe { minima_avx2(set, &self.mul[..n], &self.add[..n], sig) };
            } else {
                minima(set, &self.mul[..n], &self.add[..n], sig);
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        minima(set, &self.mul[..n], &self.add[..n], sig);
        let mut bytes = [0u8; 64];
        for (band, rows) in sig.chunks_exact(self.rows).enumerate() {
            for (i, r) in rows.iter().enumerate() {
                bytes[i * 4..i * 4 + 4].copy_from_slice(&r.to_le_bytes());
            }
            // 32-bit keys: a million paragraphs give about a hundred chance
            // collisions per band, each only one wasted verification.
            out.push(xxh3_64_with_seed(&bytes[..rows.len() * 4], band as u64) as u32);
        }
    }
}

/// The MinHash minima of `set`: `sig[i]` becomes the least value of hash
/// function `i` over the set. Inlined into both callers so each gets its own
/// code generation.
#[inline(always)]
fn minima(set: &[u32], mul: &[u64], add: &[u64], sig: &mut [u32]) {
    let n = sig.len().min(mul.len()).min(add.len());
    let (mul, add, sig) = (&mul[..n], &add[..n], &mut sig[..n]);
    for &x in set {
        let x = u64::from(x);
        for i in 0..n {
            // Multiply-add-shift (Dietzfelbinger): a strongly universal family
            // from 32-bit keys to 32-bit values.
            let h = (mul[i].wrapping_mul(x).wrapping_add(add[i]) >> 32) as u32;
            sig[i] = sig[i].min(h);
        }
    }
}

/// [`minima`] compiled for AVX2, where the hash functions run four or eight
/// at a time: 2.5 times faster than the baseline x86-64 build on the shingle
/// sets of a generated corpus (0.077 s against 0.194 s for 100,000 sets), and
/// MinHash is the largest single cost of summarizing a post.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn minima_avx2(set: &[u32], mul: &[u64], add: &[u64], sig: &mut [u32]) {
    minima(set, mul, add, sig);
}

/// Disjoint sets over unit indices (path halving, smaller index becomes the
/// root so that roots do not depend on the order of unions).
#[derive(Debug, Clone)]
pub struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    /// `n` singletons.
    pub fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
        }
    }

    /// The root of `x`'s set.
    pub fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    /// Joins the sets of `a` and `b`.
    pub fn union(&mut self, a: u32, b: u32) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            let (low, high) = if a < b { (a, b) } else { (b, a) };
            self.parent[high as usize] = low;
        }
    }
}

/// Members of one bucket beyond which not every pair is compared: each member
/// is compared with the previous [`LARGE_BUCKET_WINDOW`] members only. A pair
/// at J = 0.5 shares `bands * J^rows` (about 6) buckets on average, so one
/// capped bucket rarely loses it, and the cap keeps a corpus full of
/// near-identical boilerplate from costing a quadratic number of comparisons.
const LARGE_BUCKET: usize = 32;
const LARGE_BUCKET_WINDOW: usize = 32;

/// A verified pair: two unit indices (the smaller first) and their similarity.
pub type SimilarPair = (u32, u32, f64);

/// Every pair of `units` that LSH offers as candidates and `verify` accepts,
/// sorted by unit indices. `keys[u]` holds one bucket key per band for unit
/// `u`, then any number of anchor keys (0: none), which match an equal anchor
/// of any other unit in any position: the hashes of whole sentences, which
/// find a paragraph with a sentence dropped (J about 0.4 for a two-sentence
/// one, where banding is a coin toss). `verify(a, b, scratch)` returns the
/// pair's similarity when it counts.
/// Candidates are verified in parallel; the result does not depend on the
/// thread count.
pub fn similar_pairs<V>(units: &[u32], keys: &[&[u32]], bands: usize, verify: V) -> Vec<SimilarPair>
where
    V: Fn(u32, u32, &mut LcsScratch) -> Option<f64> + Sync,
{
    candidate_pairs(units, keys, bands)
        .par_iter()
        .map_init(LcsScratch::default, |scratch, &(a, b)| {
            verify(a, b, scratch).map(|s| (a, b, s))
        })
        .flatten_iter()
        .collect()
}

/// The pairs of `units` that [`similar_pairs`] verifies: every pair that
/// shares a bucket (within the window of a large one), sorted, each once.
pub fn candidate_pairs(units: &[u32], keys: &[&[u32]], bands: usize) -> Vec<(u32, u32)> {
    // Buckets keep the order units come in (see `bucket_pairs`).
    let ascending;
    let units = if units.is_sorted() {
        units
    } else {
        ascending = {
            let mut sorted = units.to_vec();
            sorted.sort_unstable();
            sorted
        };
        &ascending
    };
    // The bands, the anchors last as one more, a few at a time: gathering
    // one band's keys loads a cache line of every unit's keys, so a group
    // loads each line once for all of its bands (the gathering was a tenth
    // of a pre-commit run, one band at a time).
    let groups: Vec<std::ops::Range<usize>> = (0..=bands)
        .step_by(BANDS_GATHERED)
        .map(|start| start..(start + BANDS_GATHERED).min(bands + 1))
        .collect();
    let mut pairs: Vec<(u32, u32)> = groups
        .into_par_iter()
        .flat_map_iter(|group| {
            let entry = |u: u32, key: u32| (u64::from(key) << 32) | u64::from(u);
            let mut columns: Vec<Vec<u64>> = group
                .clone()
                .map(|_| Vec::with_capacity(units.len()))
                .collect();
            for &u in units {
                let unit_keys = keys[u as usize];
                for (column, band) in columns.iter_mut().zip(group.clone()) {
                    if band < bands {
                        if let Some(&key) = unit_keys.get(band) {
                            column.push(entry(u, key));
                        }
                    } else {
                        let anchors = unit_keys.get(bands..).unwrap_or_default();
                        column.extend(anchors.iter().filter(|&&k| k != 0).map(|&k| entry(u, k)));
                    }
                }
            }
            columns.into_iter().flat_map(bucket_pairs)
        })
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

/// How far back in a bucket of `len` members each member is paired.
fn window(len: usize) -> usize {
    if len > LARGE_BUCKET {
        LARGE_BUCKET_WINDOW
    } else {
        len
    }
}

/// A bucket: a band (the anchors are band `bands`) and a key in it.
pub type Bucket = (u32, u32);

/// The buckets `unit` is in, as [`candidate_pairs`] files it.
pub fn buckets_of<'k>(keys: &'k [u32], bands: usize) -> impl Iterator<Item = Bucket> + 'k {
    let (band_keys, anchors) = keys.split_at(bands.min(keys.len()));
    let anchor = bands as u32;
    (0u32..).zip(band_keys.iter().copied()).chain(
        anchors
            .iter()
            .filter(|&&k| k != 0)
            .map(move |&k| (anchor, k)),
    )
}

/// The members of each of the `wanted` buckets among `units` (ascending),
/// each bucket's members ascending and once: one pass over every unit's keys,
/// for a search that starts from a few units rather than bucketing them all.
pub fn bucket_members(
    units: &[u32],
    keys: &[&[u32]],
    bands: usize,
    wanted: &HashSet<Bucket>,
) -> HashMap<Bucket, Vec<u32>> {
    // Most keys are not wanted: a bit per hashed bucket rules them out
    // before the set is asked.
    const BITS: usize = 1 << 20;
    let slot = |(band, key): Bucket| {
        (key.wrapping_mul(0x9E37_79B1) ^ band.wrapping_mul(0x85EB_CA77)) as usize % BITS
    };
    let mut maybe = vec![0u64; BITS / 64];
    for &bucket in wanted {
        let bit = slot(bucket);
        maybe[bit / 64] |= 1 << (bit % 64);
    }
    let mut hits: Vec<(Bucket, u32)> = units
        .par_chunks(4096)
        .flat_map_iter(|chunk| {
            let mut found = Vec::new();
            for &u in chunk {
                for bucket in buckets_of(keys[u as usize], bands) {
                    let bit = slot(bucket);
                    if maybe[bit / 64] & (1 << (bit % 64)) != 0 && wanted.contains(&bucket) {
                        found.push((bucket, u));
                    }
                }
            }
            found
        })
        .collect();
    hits.sort_unstable();
    hits.dedup();
    let mut members: HashMap<Bucket, Vec<u32>> = HashMap::new();
    for (bucket, u) in hits {
        members.entry(bucket).or_default().push(u);
    }
    members
}

/// The units that [`candidate_pairs`] pairs with `unit` in one bucket of
/// `members` (ascending, `unit` among them).
pub fn bucket_partners(members: &[u32], unit: u32) -> &[u32] {
    let Ok(i) = members.binary_search(&unit) else {
        return &[];
    };
    let w = window(members.len());
    &members[i.saturating_sub(w)..(i + w + 1).min(members.len())]
}

/// How many bands [`candidate_pairs`] gathers in one pass over the units.
const BANDS_GATHERED: usize = 4;

/// The pairs that share a bucket of one band's `(key << 32 | unit)` entries,
/// given in ascending unit order.
fn bucket_pairs(mut entries: Vec<u64>) -> Vec<(u32, u32)> {
    // Units come in ascending order, so a stable sort by key alone gives the
    // order of a full sort.
    sort_by_high_half(&mut entries);
    // A unit whose two sentences read alike is in a bucket once.
    entries.dedup();
    let mut pairs = Vec::new();
    for bucket in entries.chunk_by(|a, b| a >> 32 == b >> 32) {
        let window = window(bucket.len());
        for (i, &b) in bucket.iter().enumerate() {
            for &a in &bucket[i.saturating_sub(window)..i] {
                pairs.push((a as u32, b as u32));
            }
        }
    }
    pairs
}

/// Sorts `values` by their upper 32 bits, keeping the order of values with
/// the same upper half: a least-significant-digit radix sort in three passes
/// of 11 bits. Bucketing half a million keys per band this way costs a third
/// of a comparison sort, which was a fifth of a pre-commit run.
fn sort_by_high_half(values: &mut Vec<u64>) {
    const DIGIT: u32 = 11;
    const BUCKETS: usize = 1 << DIGIT;
    if values.len() < 256 {
        values.sort_by_key(|v| v >> 32);
        return;
    }
    let mut other = vec![0u64; values.len()];
    let mut counts = vec![0usize; BUCKETS];
    for pass in 0..3 {
        let shift = 32 + pass * DIGIT;
        let digit = |v: u64| ((v >> shift) as usize) & (BUCKETS - 1);
        counts.fill(0);
        for &v in values.iter() {
            counts[digit(v)] += 1;
        }
        let mut start = 0;
        for count in counts.iter_mut() {
            let n = *count;
            *count = start;
            start += n;
        }
        for &v in values.iter() {
            let d = digit(v);
            other[counts[d]] = v;
            counts[d] += 1;
        }
        std::mem::swap(values, &mut other);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<u32> {
        text.split_whitespace()
            .map(|w| word_hash(w.as_bytes()) as u32)
            .collect()
    }

    fn set(text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        shingle_set(&words(text), &mut out);
        out
    }

    /// The textbook quadratic LCS, to check the bit-parallel one against.
    fn lcs_reference(a: &[u32], b: &[u32]) -> usize {
        let mut row = vec![0usize; b.len() + 1];
        for &x in a {
            let mut diagonal = 0;
            for (j, &y) in b.iter().enumerate() {
                let up = row[j + 1];
                row[j + 1] = if x == y { diagonal + 1 } else { up.max(row[j]) };
                diagonal = up;
            }
        }
        row[b.len()]
    }

    #[test]
    fn an_anchor_key_pairs_units_that_share_no_band() {
        // Two bands each, all different; the anchors after them match in
        // different positions, and 0 is no anchor.
        let keys: Vec<Vec<u32>> = vec![
            vec![1, 2, 7, 0],
            vec![3, 4, 9, 7],
            vec![5, 6, 0, 0],
            vec![8, 10, 0, 0],
        ];
        let keys: Vec<&[u32]> = keys.iter().map(Vec::as_slice).collect();
        let pairs = similar_pairs(&[0, 1, 2, 3], &keys, 2, |_, _, _| Some(1.0));
        assert_eq!(pairs, vec![(0, 1, 1.0)]);
    }

    #[test]
    fn sorting_by_the_high_half_keeps_ascending_low_halves_in_order() {
        // Keys repeat, low halves ascend: the order of a full sort.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for len in [0, 3, 255, 256, 5_000] {
            // A few keys over all 32 bits, so each recurs and every digit varies.
            let keys: Vec<u64> = (0..7).map(|_| next() >> 32).collect();
            let mut values: Vec<u64> = (0..len as u64)
                .map(|unit| keys[(next() % 7) as usize] << 32 | unit)
                .collect();
            let mut sorted = values.clone();
            sorted.sort_unstable();
            sort_by_high_half(&mut values);
            assert_eq!(values, sorted, "{len} values");
        }
    }

    #[test]
    fn shingles_are_three_word_windows_without_repeats() {
        assert_eq!(set("a b c d e f g").len(), 5);
        assert_eq!(set("a b c a b c a b c").len(), 3);
        assert_eq!(set("a b").len(), 1);
        assert!(set("").is_empty());
        // Order matters inside a shingle.
        assert_ne!(set("a b c"), set("c b a"));
    }

    #[test]
    fn bit_parallel_lcs_matches_the_quadratic_one() {
        let mut state = 11u64;
        let mut rnd = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n) as u32
        };
        let mut scratch = LcsScratch::default();
        for trial in 0..400 {
            // Small alphabets make long common subsequences; lengths cross
            // the 64-word block boundary.
            let alphabet = 2 + u64::from(rnd(20));
            let a: Vec<u32> = (0..rnd(150)).map(|_| rnd(alphabet)).collect();
            let b: Vec<u32> = (0..rnd(150)).map(|_| rnd(alphabet)).collect();
            assert_eq!(
                lcs_len(&a, &b, &mut scratch),
                lcs_reference(&a, &b),
                "trial {trial}"
            );
        }
    }

    #[test]
    fn similarity_is_the_shorter_paragraphs_share_in_order() {
        let mut s = LcsScratch::default();
        let a = words("one two three four five six seven eight nine ten");
        let edited = words("one two three four five six SEVEN eight nine ten");
        let longer = words("one two three four five six seven eight nine ten and more words");
        assert_eq!(similarity(&a, &a, 1.0, &mut s), 1.0);
        assert_eq!(similarity(&a, &edited, 1.0, &mut s), 0.9);
        assert_eq!(similarity(&a, &longer, 1.0, &mut s), 1.0);
        assert_eq!(similarity(&a, &[], 1.0, &mut s), 0.0);
        // Two sentences swapped: the subsequence keeps one, the phrases both.
        let first = "one two three four five six seven eight nine ten";
        let second = "alpha beta gamma delta epsilon zeta eta theta iota kappa";
        let (ab, ba) = (
            words(&format!("{first} {second}")),
            words(&format!("{second} {first}")),
        );
        assert_eq!(similarity(&ab, &ba, 0.0, &mut s), 0.5);
        assert_eq!(similarity(&ab, &ba, 1.0, &mut s), 16.0 / 18.0);
    }

    #[test]
    fn banding_recall_matches_the_formula() {
        let (rows, bands) = NEAR_DUPLICATE_BANDING;
        let m = MinHash::new(rows, bands);
        assert!((m.recall_at(0.5) - 0.999).abs() < 1e-3);
        // Measured: random pairs of 60-element sets sharing 31 (J = 0.35).
        let mut state = 7u64;
        let mut rnd = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 16) as u32
        };
        let trials = 4000;
        let mut found = 0;
        let (mut sig, mut ka, mut kb) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..trials {
            let common: Vec<u32> = (0..31).map(|_| rnd()).collect();
            let mut a = common.clone();
            a.extend((0..29).map(|_| rnd()));
            let mut b = common;
            b.extend((0..29).map(|_| rnd()));
            for s in [&mut a, &mut b] {
                s.sort_unstable();
                s.dedup();
            }
            ka.clear();
            kb.clear();
            m.band_keys(&a, &mut sig, &mut ka);
            m.band_keys(&b, &mut sig, &mut kb);
            found += usize::from(ka.iter().zip(&kb).any(|(x, y)| x == y));
        }
        // J = 31/89: expected about 0.95 of 4000; a broken hash family lands far below.
        let expected = m.recall_at(31.0 / 89.0) * trials as f64;
        assert!(
            (found as f64) > expected - 60.0,
            "{found} of {trials}, expected {expected}"
        );
    }

    #[test]
    fn near_copies_are_paired_and_strangers_are_not() {
        let texts = [
            "the quick brown fox jumps over the lazy dog and runs far away into the woods",
            "the quick brown fox jumps over the lazy dog and runs far away into the hills",
            "a completely different sentence about compilers and borrow checkers in rust",
        ];
        let (rows, bands) = NEAR_DUPLICATE_BANDING;
        let m = MinHash::new(rows, bands);
        let seqs: Vec<Vec<u32>> = texts.iter().map(|t| words(t)).collect();
        let keys: Vec<Vec<u32>> = seqs
            .iter()
            .map(|w| {
                let (mut set, mut k) = (Vec::new(), Vec::new());
                shingle_set(w, &mut set);
                m.band_keys(&set, &mut Vec::new(), &mut k);
                k
            })
            .collect();
        let key_refs: Vec<&[u32]> = keys.iter().map(Vec::as_slice).collect();
        let pairs = similar_pairs(&[0, 1, 2], &key_refs, bands, |a, b, s| {
            let sim = similarity(&seqs[a as usize], &seqs[b as usize], 0.8, s);
            (sim >= 0.8).then_some(sim)
        });
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].0, pairs[0].1), (0, 1));
    }
}
