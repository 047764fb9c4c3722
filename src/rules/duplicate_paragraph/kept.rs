//! duplicate-paragraph for a corpus that changes a few posts at a time: a
//! language server's, re-checked on every edit of an open post.
//!
//! A full pass over 50,000 posts takes most of a second, nearly all of it in
//! finding alike pairs. But an open post's findings depend only on the
//! families its paragraphs are in, and a family is a connected part of the
//! graph of alike paragraphs, whose edges depend on the two texts alone. So
//! the first pass keeps that graph ([`Graph`]): every paragraph text (by its
//! exact hash) with the posts holding it, its alike texts, and its LSH keys.
//! After that, a check:
//! 1. finds the posts whose text changed since the graph was made (an
//!    edited buffer, a file changed on disk) and links each of their new
//!    texts to the graph through its LSH keys, verified as the full pass
//!    verifies;
//! 2. walks the graph from the target posts' paragraphs, through texts that
//!    some post still holds, to the posts of every family they are in;
//! 3. runs the ordinary pass over those posts alone, with the corpus's pages
//!    and series (read from every path) as the full pass sees them.
//!
//! The findings are the full pass's, with one difference: in an LSH bucket of
//! more than 32 alike paragraphs the full pass compares each paragraph with
//! 32 neighbours only, and the pass over a few posts may compare more, so it
//! can link a copy the full pass skipped. A graph that too many changed posts
//! have left behind is rebuilt by a full pass.

use std::any::Any;
use std::collections::{HashMap, HashSet};

use super::{DuplicateParagraph, Paragraphs, Reach, Series, Unit};
use crate::document::PostId;
use crate::rule::{Corpus, Finding, Snapshot};
use crate::text::shingles::{LcsScratch, SimilarPair};

/// Changed posts beyond which a full pass (and a new graph) is cheaper than
/// linking each of them in.
const REBUILD_AFTER: usize = 2_000;

/// What a full pass learned of the corpus, for checks of it after a few
/// posts change.
pub struct Graph {
    /// Every post's text when the graph was made.
    texts: Snapshot,
    pages: Vec<u32>,
    /// `None` until the pass that makes the graph is done.
    series: Option<Series>,
    /// Every paragraph text, by exact hash, numbered.
    number: HashMap<u64, u32>,
    hashes: Vec<u64>,
    /// Per text: the (post, paragraph index) holding it.
    members: Vec<Vec<(u32, u32)>>,
    /// Per text: the texts found alike.
    alike: Vec<Vec<u32>>,
    /// Every text's LSH keys as `band << 59 | key << 27 | text`, sorted;
    /// anchors are band `bands`.
    keys: Vec<u64>,
}

const TEXT_BITS: u32 = 27;
const KEY_BITS: u32 = 32;

fn packed(band: usize, key: u32, text: u32) -> u64 {
    ((band as u64) << (KEY_BITS + TEXT_BITS)) | (u64::from(key) << TEXT_BITS) | u64::from(text)
}

impl Graph {
    fn new(corpus: &Corpus<'_, Paragraphs>) -> Graph {
        Graph {
            texts: Snapshot::of(corpus),
            pages: Vec::new(),
            series: None,
            number: HashMap::new(),
            hashes: Vec::new(),
            members: Vec::new(),
            alike: Vec::new(),
            keys: Vec::new(),
        }
    }

    /// Learns the paragraphs of a full pass: `owner` and `keys` per
    /// paragraph, one representative per text, and the alike pairs among
    /// them.
    pub(super) fn record(
        &mut self,
        owner: &[(PostId, &Unit)],
        keys: &[&[u32]],
        bands: usize,
        representatives: &[u32],
        pairs: &[SimilarPair],
    ) {
        let mut position = 0u32;
        let mut last = None;
        for &(post, unit) in owner {
            if last != Some(post) {
                position = 0;
                last = Some(post);
            }
            let text = self.text(unit.exact);
            self.members[text as usize].push((post as u32, position));
            position += 1;
        }
        if self.hashes.len() >= 1 << TEXT_BITS {
            // Beyond what a key entry can number: keep no keys, so every
            // check is a full pass (`usable` refuses the graph).
            self.keys.clear();
            return;
        }
        for &r in representatives {
            let text = self.number[&owner[r as usize].1.exact];
            for (slot, &key) in keys[r as usize].iter().enumerate() {
                // Band keys, then anchors, which are one more band; an
                // anchor of 0 is none.
                if slot < bands {
                    self.keys.push(packed(slot, key, text));
                } else if key != 0 {
                    self.keys.push(packed(bands, key, text));
                }
            }
        }
        self.keys.sort_unstable();
        for &(a, b, _) in pairs {
            let (a, b) = (
                self.number[&owner[a as usize].1.exact],
                self.number[&owner[b as usize].1.exact],
            );
            self.alike[a as usize].push(b);
            self.alike[b as usize].push(a);
        }
    }

    fn text(&mut self, hash: u64) -> u32 {
        let next = self.hashes.len() as u32;
        let text = *self.number.entry(hash).or_insert(next);
        if text == next {
            self.hashes.push(hash);
            self.members.push(Vec::new());
            self.alike.push(Vec::new());
        }
        text
    }

    /// The texts holding `key` in `band`.
    fn with_key(&self, band: usize, key: u32) -> impl Iterator<Item = u32> + '_ {
        let low = packed(band, key, 0);
        let start = self.keys.partition_point(|&k| k < low);
        self.keys[start..]
            .iter()
            .take_while(move |&&k| k >> TEXT_BITS == low >> TEXT_BITS)
            .map(|&k| (k & ((1 << TEXT_BITS) - 1)) as u32)
    }

    /// Whether the graph can be used: it is whole, and it numbers every text.
    fn usable(&self) -> bool {
        self.series.is_some() && (self.hashes.is_empty() || !self.keys.is_empty())
    }
}

/// [`crate::rule::CorpusRule::check_again`] for duplicate-paragraph.
pub fn check_again(
    rule: &DuplicateParagraph,
    corpus: &Corpus<'_, Paragraphs>,
    state: &mut Option<Box<dyn Any + Send + Sync>>,
    out: &mut Vec<Finding>,
) {
    let graph = state
        .as_mut()
        .and_then(|s| s.downcast_mut::<Graph>())
        .filter(|g| g.usable());
    if let Some(graph) = graph
        && let Some(series) = &graph.series
        && let Some(changed) = graph.texts.changed(corpus)
        && changed.len() <= REBUILD_AFTER
    {
        let involved = involved(rule, corpus, graph, &changed);
        rule.check_in(&corpus.only(&involved), &graph.pages, series, None, Reach::Needed, out);
        return;
    }
    let pages = rule.variants.pages(corpus.posts());
    let series = Series::new(corpus);
    let mut graph = Graph::new(corpus);
    rule.check_in(corpus, &pages, &series, None, Reach::Every(Some(&mut graph)), out);
    graph.pages = pages;
    graph.series = Some(series);
    *state = Some(Box::new(graph));
}

/// A changed post's paragraph, as the check reads it.
struct Fresh<'a> {
    hash: u64,
    post: PostId,
    words: super::Words<'a>,
    keys: &'a [u32],
}

/// Which posts the target posts' findings depend on: every post holding a
/// paragraph of a family one of theirs is in.
fn involved(
    rule: &DuplicateParagraph,
    corpus: &Corpus<'_, Paragraphs>,
    graph: &Graph,
    changed: &[PostId],
) -> Vec<bool> {
    let posts = corpus.posts().len();
    let mut is_changed = vec![false; posts];
    for &id in changed {
        is_changed[id] = true;
    }
    let bands = rule.minhash.bands();
    let per_unit = bands + super::ANCHORS;
    let paragraphs_of = |id: PostId| -> Vec<Fresh<'_>> {
        let Some(p) = corpus.summary(id) else {
            return Vec::new();
        };
        let mut start = 0;
        let mut out = Vec::with_capacity(p.units.len());
        for (i, unit) in p.units.iter().enumerate() {
            let end = unit.ids_end as usize;
            let (Some(words), Some(keys)) = (
                p.ids.get(start..end),
                p.keys.get(i * per_unit..(i + 1) * per_unit),
            ) else {
                break;
            };
            out.push(Fresh {
                hash: unit.exact,
                post: id,
                words,
                keys,
            });
            start = end;
        }
        out
    };
    let fresh: Vec<Fresh<'_>> = changed.iter().flat_map(|&id| paragraphs_of(id)).collect();
    let mut fresh_posts: HashMap<u64, Vec<PostId>> = HashMap::new();
    for f in &fresh {
        fresh_posts.entry(f.hash).or_default().push(f.post);
    }
    // A text is still in the corpus when an unchanged post or a changed
    // post's new text holds it.
    let held = |hash: u64| -> bool {
        fresh_posts.contains_key(&hash)
            || graph.number.get(&hash).is_some_and(|&t| {
                graph.members[t as usize]
                    .iter()
                    .any(|&(p, _)| !is_changed[p as usize])
            })
    };
    // The words of a text some unchanged post holds, for verifying a link.
    let words_of = |text: u32| -> Option<super::Words<'_>> {
        let &(post, position) = graph.members[text as usize]
            .iter()
            .find(|&&(p, _)| !is_changed[p as usize])?;
        let p = corpus.summary(post as usize)?;
        let position = position as usize;
        let start = match position {
            0 => 0,
            n => p.units.get(n - 1)?.ids_end as usize,
        };
        p.ids.get(start..p.units.get(position)?.ids_end as usize)
    };

    // 1. Links of the new texts: to the graph's texts through their keys,
    // and to each other.
    let mut links: HashMap<u64, Vec<u64>> = HashMap::new();
    let mut by_key: HashMap<(usize, u32), Vec<usize>> = HashMap::new();
    let mut scratch = LcsScratch::default();
    let mut seen_texts = HashSet::new();
    for (i, f) in fresh.iter().enumerate() {
        if graph.number.contains_key(&f.hash) || !seen_texts.insert(f.hash) {
            // The graph links it already, or another copy of it does here.
            continue;
        }
        let mut candidates: HashSet<u32> = HashSet::new();
        for (slot, &key) in f.keys.iter().enumerate() {
            let band = slot.min(bands);
            if slot >= bands && key == 0 {
                continue;
            }
            candidates.extend(graph.with_key(band, key));
            for &j in by_key.get(&(band, key)).into_iter().flatten() {
                let other = &fresh[j];
                if other.hash != f.hash && rule.alike(f.words, other.words, &mut scratch).is_some() {
                    links.entry(f.hash).or_default().push(other.hash);
                    links.entry(other.hash).or_default().push(f.hash);
                }
            }
            by_key.entry((band, key)).or_default().push(i);
        }
        for text in candidates {
            let hash = graph.hashes[text as usize];
            if hash == f.hash || !held(hash) {
                continue;
            }
            let Some(words) = words_of(text) else {
                continue;
            };
            if rule.alike(f.words, words, &mut scratch).is_some() {
                links.entry(f.hash).or_default().push(hash);
                links.entry(hash).or_default().push(f.hash);
            }
        }
    }

    // 2. The families of the target posts' paragraphs.
    let mut queue: Vec<u64> = (0..posts)
        .filter(|&id| corpus.is_target(id))
        .flat_map(|id| paragraphs_of(id).into_iter().map(|f| f.hash))
        .collect();
    let mut family: HashSet<u64> = queue.iter().copied().collect();
    while let Some(hash) = queue.pop() {
        let from_graph = graph
            .number
            .get(&hash)
            .into_iter()
            .flat_map(|&t| graph.alike[t as usize].iter().map(|&o| graph.hashes[o as usize]));
        let from_links = links.get(&hash).into_iter().flatten().copied();
        for next in from_graph.chain(from_links).collect::<Vec<_>>() {
            if held(next) && family.insert(next) {
                queue.push(next);
            }
        }
    }

    // 3. Their posts.
    let mut involved = vec![false; posts];
    for hash in &family {
        for &post in fresh_posts.get(hash).into_iter().flatten() {
            involved[post] = true;
        }
        if let Some(&text) = graph.number.get(hash) {
            for &(post, _) in &graph.members[text as usize] {
                if !is_changed[post as usize] {
                    involved[post as usize] = true;
                }
            }
        }
    }
    for id in (0..posts).filter(|&id| corpus.is_target(id)) {
        involved[id] = true;
    }
    involved
}
