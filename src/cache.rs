//! The content-hash cache: what the parallel phase made of each post, kept
//! between runs, so a run reads only the posts whose files changed and parses
//! only those whose bytes did.
//!
//! A post is found unchanged by its file's [`Stamp`] (size, times, inode),
//! trusted only when the file had settled before the run that read it
//! ([`Stamp::settled`]), as git trusts its index; any other post is read and
//! hashed, and a change the stamp cannot show (a same-tick write) changes the
//! hash. A post's entry is found by the hash of its path and bytes
//! (what postlint makes of a post depends on where it is), and each
//! part of it carries the key of the settings that made it (a corpus rule's
//! options for its summary, the post's rule set and options for its findings),
//! so a settings change re-checks exactly the posts whose parts it changes.
//! The version of postlint and the cache format are in every file's header: a
//! file from another build is ignored.
//!
//! Entries live in 256 shard files by the hash's first byte, so a run that
//! changes one post rewrites one shard and not the whole cache. The corpus
//! phase's findings are kept too, under a key of every post's path, hash and
//! settings: a run where nothing changed skips that phase. A run where it
//! does not skip it gives each corpus rule its memory, one file per rule's
//! settings ([`crate::rule::CorpusRule::check_remembering`]): what the rule
//! learnt of posts' text that it can look up rather than work out again,
//! such as duplicate-paragraph's verdicts on pairs of paragraphs.
//!
//! A file is written to a temporary name and renamed over the old one, so a
//! reader sees the old file or the new one, never half of either; two runs at
//! once each write whole files and the last rename wins. There is no fsync: a
//! file cut short by a crash fails its length or checksum and is ignored, with
//! a one-line warning, like any damaged or foreign file. The cache is never
//! the reason a run fails or a result differs.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_bytes::{ByteBuf, Bytes};
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use crate::rule::Finding;
use crate::suppress::Suppressions;
use crate::walk::Stamp;

/// The cache folder's name at the project root.
pub const FOLDER: &str = ".postlint_cache";

/// Whether a run keeps a cache, and where.
#[derive(Debug, Clone)]
pub enum CacheChoice {
    /// `--no-cache`.
    Off,
    /// In this folder, or `.postlint_cache` at the project root when `None`.
    At(Option<PathBuf>),
}

impl Default for CacheChoice {
    /// On, at the project root: as ruff and rumdl keep theirs.
    fn default() -> Self {
        CacheChoice::At(None)
    }
}

/// What every cache file starts with.
const MAGIC: &[u8; 8] = b"postlint";

/// The layout of the files, summaries included; bumped when it changes, since
/// builds between two releases share a version (2: claims learnt their
/// abbreviations; 3: paragraphs keep their line; 4: entries stored as bytes,
/// decoded when used).
const FORMAT: u32 = 4;

/// The file of [`Seen`] post files.
const FILES: &str = "files.bin";

/// How many shard files the post entries are spread over.
const SHARDS: usize = 256;

/// The key of a post: its path as shown and its bytes. The path is part of
/// it because what postlint makes of a post depends on where it is: rule
/// files' `files` globs, a date in the path, the folders a title may name.
pub fn post_key(path: &Path, bytes: &[u8]) -> u128 {
    let path = path.as_os_str().as_encoded_bytes();
    let mut hasher = Xxh3::new();
    hasher.update(&(path.len() as u64).to_le_bytes());
    hasher.update(path);
    hasher.update(bytes);
    hasher.digest128()
}

/// The key of a post's file in [`Cache::unchanged`]: the path opened, made
/// absolute, and the path shown, which the post's key is made from.
pub fn file_key(opened: &Path, display: &Path) -> u128 {
    let mut key = SettingsKey::new();
    key.add(opened.as_os_str().as_encoded_bytes())
        .add(display.as_os_str().as_encoded_bytes());
    key.0.digest128()
}

/// A post's file as a run read it: its stamp, when the stamp was taken, and
/// the key of the bytes read ([`post_key`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Seen {
    pub stamp: Stamp,
    pub taken: i64,
    pub content: u128,
}

/// A hash of settings, built from anything serialisable.
pub struct SettingsKey(Xxh3);

impl SettingsKey {
    /// An empty key.
    pub fn new() -> SettingsKey {
        SettingsKey(Xxh3::new())
    }

    /// Adds `part`; parts are separated, so ("ab", "c") and ("a", "bc") differ.
    pub fn add(&mut self, part: impl AsRef<[u8]>) -> &mut Self {
        let part = part.as_ref();
        self.0.update(&(part.len() as u64).to_le_bytes());
        self.0.update(part);
        self
    }

    /// Adds a number.
    pub fn add_u128(&mut self, part: u128) -> &mut Self {
        self.0.update(&part.to_le_bytes());
        self
    }

    /// The key.
    pub fn finish(&self) -> u64 {
        self.0.digest()
    }
}

impl Default for SettingsKey {
    fn default() -> Self {
        SettingsKey::new()
    }
}

/// Serde for a `Vec<u32>` as one run of little-endian bytes, for summaries'
/// long runs of hashes: postcard would write each as a varint of up to five
/// bytes, one call at a time, where this is a copy (`#[serde(with = ...)]`).
pub mod packed_u32 {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `values` as bytes.
    pub fn serialize<S: Serializer>(values: &[u32], out: S) -> Result<S::Ok, S::Error> {
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        out.serialize_bytes(&bytes)
    }

    /// Reads what [`serialize`] wrote.
    pub fn deserialize<'de, D: Deserializer<'de>>(input: D) -> Result<Vec<u32>, D::Error> {
        let bytes = serde_bytes::ByteBuf::deserialize(input)?;
        if bytes.len() % 4 != 0 {
            return Err(D::Error::custom("a packed list of u32 of the wrong length"));
        }
        Ok(bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
}

/// What the parallel phase made of one post, apart from its parse, as the
/// cache stores it: borrowed from the bytes of its shard file, so that opening
/// the cache copies nothing, and a part is decoded only when a run needs it
/// (a summary only when the corpus phase runs, findings only for a target).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PostEntry<'a> {
    /// The front-matter date, as [`crate::document::Document::date`] gives it.
    pub date: Option<&'a str>,
    /// The post's suppression comments.
    pub suppressions: Suppressions,
    /// Per corpus rule: the key of its settings and its summary of the post,
    /// encoded by the rule.
    #[serde(borrow)]
    pub summaries: Vec<(u64, &'a Bytes)>,
    /// The per-post rules' findings, encoded ([`encode_findings`]), and the
    /// key of the settings that made them, when the post was checked as a
    /// target.
    #[serde(borrow)]
    pub findings: Option<(u64, &'a Bytes)>,
}

impl PostEntry<'_> {
    /// The entry as it is stored.
    pub fn encode(&self) -> Vec<u8> {
        // Plain data into a Vec cannot fail to serialise; an empty entry
        // does not decode, so its post would be checked again.
        postcard::to_stdvec(self).unwrap_or_default()
    }

    /// The summary made with the settings of `key`.
    pub fn summary(&self, key: u64) -> Option<&[u8]> {
        self.summaries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, bytes)| &bytes[..])
    }

    /// The per-post findings, when they were made with the settings of `key`.
    pub fn findings(&self, key: u64) -> Option<Vec<Finding>> {
        let (made, bytes) = self.findings?;
        (made == key).then(|| postcard::from_bytes(bytes).ok())?
    }
}

/// Per-post findings as [`PostEntry::findings`] keeps them.
pub fn encode_findings(findings: &[Finding]) -> Vec<u8> {
    postcard::to_stdvec(findings).unwrap_or_default()
}

/// The corpus phase's findings for one state of the corpus.
#[derive(Serialize, Deserialize)]
struct CorpusEntry {
    key: u64,
    findings: Vec<Finding>,
}

/// The entries of one shard file.
#[derive(Default)]
struct Shard {
    /// The file, mapped ([`map_file`]).
    bytes: bytes::Bytes,
    /// Each entry: where its bytes are in `bytes`, or its bytes when this run
    /// made it.
    entries: HashMap<u128, Stored>,
    /// Whether the file needs writing: an entry was added, or one it holds
    /// was not used by this run (and so is dropped).
    changed: bool,
    /// The entries this run used.
    used: HashSet<u128>,
}

enum Stored {
    In(std::ops::Range<usize>),
    Made(Vec<u8>),
}

impl Shard {
    /// The shard in the file `path`, or a warning when it cannot be used.
    fn read(path: &Path) -> Result<Shard, String> {
        let Some(bytes) = map_file(path)? else {
            return Ok(Shard::default());
        };
        let ignored = |why: &str| format!("ignoring cache file {}: {why}", path.display());
        let entries = match payload(&bytes).map_err(ignored)? {
            Some(payload) => {
                let listed: Vec<(u128, &Bytes)> =
                    postcard::from_bytes(payload).map_err(|_| ignored("it is damaged"))?;
                let start = bytes.as_ptr() as usize;
                listed
                    .into_iter()
                    .map(|(key, entry)| {
                        let at = entry.as_ptr() as usize - start;
                        (key, Stored::In(at..at + entry.len()))
                    })
                    .collect()
            }
            None => HashMap::new(),
        };
        Ok(Shard {
            bytes,
            entries,
            ..Shard::default()
        })
    }

    /// The stored bytes of the entry of `key`.
    fn bytes_of(&self, key: u128) -> Option<&[u8]> {
        match self.entries.get(&key)? {
            Stored::In(range) => self.bytes.get(range.clone()),
            Stored::Made(bytes) => Some(bytes),
        }
    }
}

/// The cache of one project, read at the start of a run and written at its end.
pub struct Cache {
    dir: PathBuf,
    shards: Vec<Shard>,
    corpus: Option<CorpusEntry>,
    corpus_changed: bool,
    /// The corpus rules' memories this run read or wrote, by the key of the
    /// rule's settings, and whether each needs writing.
    memories: HashMap<u64, (ByteBuf, bool)>,
    /// Every post file the last runs read, by [`file_key`].
    files: HashMap<u128, Seen>,
    /// The files this run read or found unchanged.
    seen: HashMap<u128, Seen>,
    warnings: Vec<String>,
}

impl Cache {
    /// Reads the cache in `dir`. A folder that does not exist is an empty
    /// cache; a file that cannot be read, or is damaged or from another build
    /// of postlint, is empty too, with a warning.
    pub fn open(dir: &Path) -> Cache {
        let dir = dir.to_path_buf();
        let loaded: Vec<(Shard, Option<String>)> = (0..SHARDS)
            .into_par_iter()
            .map(|n| match Shard::read(&shard_path(&dir, n)) {
                Ok(shard) => (shard, None),
                Err(warning) => (
                    Shard {
                        changed: true,
                        ..Shard::default()
                    },
                    Some(warning),
                ),
            })
            .collect();
        let mut warnings = Vec::new();
        let mut shards = Vec::with_capacity(SHARDS);
        for (shard, warning) in loaded {
            shards.push(shard);
            warnings.extend(warning);
        }
        let corpus = match read::<CorpusEntry>(&dir.join("corpus.bin")) {
            Ok(entry) => entry,
            Err(warning) => {
                warnings.push(warning);
                None
            }
        };
        let files = match read::<Vec<(u128, Seen)>>(&dir.join(FILES)) {
            Ok(files) => files.unwrap_or_default().into_iter().collect(),
            Err(warning) => {
                warnings.push(warning);
                HashMap::new()
            }
        };
        Cache {
            dir,
            shards,
            corpus,
            corpus_changed: false,
            memories: HashMap::new(),
            files,
            seen: HashMap::new(),
            warnings,
        }
    }

    /// The key of the bytes of the file `file` ([`file_key`]) when its
    /// metadata is still `stamp` and was already settled when the bytes were
    /// read: they are the bytes that file holds now, so it need not be read.
    pub fn unchanged(&self, file: u128, stamp: &Stamp) -> Option<u128> {
        self.files
            .get(&file)
            .filter(|seen| seen.stamp == *stamp && seen.stamp.settled(seen.taken))
            .map(|seen| seen.content)
    }

    /// What the last runs saw of the file `file`, to keep for a run that
    /// found it unchanged.
    pub fn seen_before(&self, file: u128) -> Option<(u128, Seen)> {
        self.files.get(&file).map(|seen| (file, *seen))
    }

    /// Records what this run saw of the file `file`.
    pub fn saw(&mut self, file: u128, seen: Seen) {
        self.seen.insert(file, seen);
    }

    /// The entry of a post whose bytes have `content` as their key. One
    /// that does not decode is no entry: its post is checked again.
    pub fn post(&self, content: u128) -> Option<PostEntry<'_>> {
        let bytes = self.shards[shard_of(content)].bytes_of(content)?;
        postcard::from_bytes(bytes).ok()
    }

    /// The summaries made with the settings of each of `rules` in the entry
    /// of `content`, `None` when one is missing. They share the cache file's
    /// memory when `shared` (for a run, which ends before its cache is
    /// written again), or are copied (for a language server's index, which
    /// outlives the files it was read from).
    pub fn summaries(
        &self,
        content: u128,
        rules: &[u64],
        shared: bool,
    ) -> Option<Vec<bytes::Bytes>> {
        let shard = &self.shards[shard_of(content)];
        let entry = postcard::from_bytes::<PostEntry<'_>>(shard.bytes_of(content)?).ok()?;
        let in_file = matches!(shard.entries.get(&content)?, Stored::In(_));
        rules
            .iter()
            .map(|&rule| {
                let summary = entry.summary(rule)?;
                Some(if shared && in_file {
                    shard.bytes.slice_ref(summary)
                } else {
                    bytes::Bytes::copy_from_slice(summary)
                })
            })
            .collect()
    }

    /// Records that this run used the entry of `content`, as it was.
    pub fn keep(&mut self, content: u128) {
        let shard = &mut self.shards[shard_of(content)];
        if shard.entries.contains_key(&content) {
            shard.used.insert(content);
        }
    }

    /// Stores a new entry for `content` ([`PostEntry::encode`]), replacing
    /// any older one.
    pub fn insert(&mut self, content: u128, entry: Vec<u8>) {
        let shard = &mut self.shards[shard_of(content)];
        shard.entries.insert(content, Stored::Made(entry));
        shard.used.insert(content);
        shard.changed = true;
    }

    /// The corpus phase's findings of a run whose corpus had `key`.
    pub fn corpus(&self, key: u64) -> Option<&[Finding]> {
        self.corpus
            .as_ref()
            .filter(|c| c.key == key)
            .map(|c| c.findings.as_slice())
    }

    /// Stores the corpus phase's findings for `key`.
    pub fn set_corpus(&mut self, key: u64, findings: Vec<Finding>) {
        self.corpus = Some(CorpusEntry { key, findings });
        self.corpus_changed = true;
    }

    /// What a corpus rule whose settings have the key `rule` remembered in
    /// the last run ([`crate::rule::CorpusRule::check_remembering`]): empty
    /// when there is none, or it cannot be used (with a warning).
    pub fn memory(&mut self, rule: u64) -> Vec<u8> {
        if let Some((memory, _)) = self.memories.get(&rule) {
            return memory.to_vec();
        }
        let memory = match read::<ByteBuf>(&memory_path(&self.dir, rule)) {
            Ok(memory) => memory.unwrap_or_default(),
            Err(warning) => {
                self.warnings.push(warning);
                ByteBuf::new()
            }
        };
        let bytes = memory.to_vec();
        self.memories.insert(rule, (memory, false));
        bytes
    }

    /// Stores what the rule of `rule` remembers for the next run, when it
    /// differs from what it had.
    pub fn set_memory(&mut self, rule: u64, memory: Vec<u8>) {
        let unchanged = self
            .memories
            .get(&rule)
            .is_some_and(|(old, _)| old.as_slice() == memory.as_slice());
        if !unchanged {
            self.memories.insert(rule, (ByteBuf::from(memory), true));
        }
    }

    /// What was wrong with the files read, one line each.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Writes what changed. With `prune` (the run read the whole project),
    /// entries it did not use are dropped, so the cache holds about one
    /// corpus; a run over some files keeps the others' entries. Returns what
    /// could not be written, one line each: a run never fails over its cache.
    pub fn save(self, prune: bool) -> Vec<String> {
        if let Err(e) = prepare(&self.dir) {
            return vec![format!(
                "cannot write the cache in {}: {}",
                self.dir.display(),
                crate::walk::io_message(&e)
            )];
        }
        let dir = &self.dir;
        let mut problems: Vec<String> = self
            .shards
            .into_par_iter()
            .enumerate()
            .filter(|(_, shard)| shard.changed || (prune && shard.used.len() < shard.entries.len()))
            .filter_map(|(n, shard)| {
                let mut entries: Vec<(u128, &Bytes)> = shard
                    .entries
                    .keys()
                    .filter(|key| !prune || shard.used.contains(key))
                    .filter_map(|&key| Some((key, Bytes::new(shard.bytes_of(key)?))))
                    .collect();
                entries.sort_unstable_by_key(|(key, _)| *key);
                let path = shard_path(dir, n);
                let payload = encode(&path, &entries);
                // The old file is unmapped before the new one replaces it,
                // which Windows requires.
                drop(entries);
                drop(shard);
                payload
                    .and_then(|payload| write_payload(&path, &payload))
                    .err()
            })
            .collect();
        // With `prune`, the files this run saw are all the project has.
        let files_changed = if prune {
            self.seen != self.files
        } else {
            self.seen.iter().any(|(k, v)| self.files.get(k) != Some(v))
        };
        if files_changed {
            let mut files = self.seen;
            if !prune {
                for (key, seen) in self.files {
                    files.entry(key).or_insert(seen);
                }
            }
            let mut files: Vec<(u128, Seen)> = files.into_iter().collect();
            files.sort_unstable_by_key(|(key, _)| *key);
            if let Err(problem) = write(&dir.join(FILES), &files) {
                problems.push(problem);
            }
        }
        if self.corpus_changed
            && let Some(corpus) = &self.corpus
            && let Err(problem) = write(&dir.join("corpus.bin"), corpus)
        {
            problems.push(problem);
        }
        for (&rule, (memory, changed)) in &self.memories {
            if *changed && let Err(problem) = write(&memory_path(dir, rule), memory) {
                problems.push(problem);
            }
        }
        // A run whose corpus phase ran knows every rule's memory it needs:
        // those of settings no longer used go.
        if prune && !self.memories.is_empty() {
            for (path, rule) in memory_files(dir) {
                if !self.memories.contains_key(&rule) {
                    let _ = std::fs::remove_file(path);
                }
            }
        }
        problems
    }
}

/// Removes the cache in `dir`: the files postlint writes there and then the
/// folder, when nothing else is in it. Returns how many files it removed. A
/// folder given by mistake (`--cache-dir ~`) loses nothing but cache files.
pub fn clean(dir: &Path) -> Result<usize, String> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => {
            return Err(format!(
                "cannot read {}: {}",
                dir.display(),
                crate::walk::io_message(&e)
            ));
        }
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name == ".gitignore"
            || name == "CACHEDIR.TAG"
            || name == "corpus.bin"
            || name == FILES
            || (name.starts_with("posts-") && name.ends_with(".bin"))
            || memory_key(&name).is_some()
            || (name.starts_with('.') && name.ends_with(".tmp"));
        if ours && entry.file_type().is_ok_and(|t| t.is_file()) {
            std::fs::remove_file(entry.path()).map_err(|e| {
                format!(
                    "cannot remove {}: {}",
                    entry.path().display(),
                    crate::walk::io_message(&e)
                )
            })?;
            removed += 1;
        }
    }
    // Left in place when it holds anything else.
    let _ = std::fs::remove_dir(dir);
    Ok(removed)
}

fn memory_path(dir: &Path, rule: u64) -> PathBuf {
    dir.join(format!("memory-{rule:016x}.bin"))
}

/// The rule key of a memory file's name.
fn memory_key(name: &str) -> Option<u64> {
    let hex = name.strip_prefix("memory-")?.strip_suffix(".bin")?;
    (hex.len() == 16).then(|| u64::from_str_radix(hex, 16).ok())?
}

/// The memory files in `dir`, with their rule keys.
fn memory_files(dir: &Path) -> Vec<(PathBuf, u64)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| Some((e.path(), memory_key(&e.file_name().to_string_lossy())?)))
        .collect()
}

fn shard_of(content: u128) -> usize {
    (content >> 120) as usize % SHARDS
}

fn shard_path(dir: &Path, n: usize) -> PathBuf {
    dir.join(format!("posts-{n:02x}.bin"))
}

/// Makes the folder, with a `.gitignore` that keeps it out of the repository
/// and a `CACHEDIR.TAG` that backup tools read.
fn prepare(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(
            &ignore,
            "# Written by postlint: its cache, safe to delete.\n*\n",
        )?;
    }
    let tag = dir.join("CACHEDIR.TAG");
    if !tag.exists() {
        std::fs::write(
            &tag,
            "Signature: 8a477f597d28d172789f06886806bc55\n\
             # This file is a cache directory tag created by postlint.\n",
        )?;
    }
    Ok(())
}

/// The header of every file: magic, format, postlint's version, then the
/// payload's length and checksum.
fn header(payload: &[u8]) -> Vec<u8> {
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    let mut out = Vec::with_capacity(32 + version.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.push(version.len() as u8);
    out.extend_from_slice(version);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&xxh3_64(payload).to_le_bytes());
    out
}

fn write<T: Serialize>(file: &Path, value: &T) -> Result<(), String> {
    write_payload(file, &encode(file, value)?)
}

/// What [`write`] writes of `value` after the header.
fn encode<T: Serialize>(file: &Path, value: &T) -> Result<Vec<u8>, String> {
    postcard::to_stdvec(value).map_err(|e| format!("cannot write {}: {e}", file.display()))
}

fn write_payload(file: &Path, payload: &[u8]) -> Result<(), String> {
    crate::walk::write_atomically_unsynced(file, |out| {
        out.write_all(&header(payload))?;
        out.write_all(payload)
    })
    .map_err(|e| {
        format!(
            "cannot write {}: {}",
            file.display(),
            crate::walk::io_message(&e)
        )
    })
}

/// Reads one file: `Ok(None)` when there is none, `Err` with a warning when
/// it cannot be used.
fn read<T: for<'de> Deserialize<'de>>(file: &Path) -> Result<Option<T>, String> {
    let Some(bytes) = read_file(file)? else {
        return Ok(None);
    };
    let ignored = |why: &str| format!("ignoring cache file {}: {why}", file.display());
    let payload = payload(&bytes).map_err(ignored)?;
    match payload {
        Some(payload) => postcard::from_bytes(payload)
            .map(Some)
            .map_err(|_| ignored("it is damaged")),
        // Another version's cache is expected after an upgrade: no warning.
        None => Ok(None),
    }
}

/// The bytes of a shard file, mapped rather than read: they are most of the
/// cache, and a run decodes only the parts it needs, some of them (a rule's
/// long runs of ids) not at all ([`Cache::summary`]). postlint replaces its
/// files by renaming, never by writing into them, so a mapped file does not
/// change under the run that maps it.
fn map_file(file: &Path) -> Result<Option<bytes::Bytes>, String> {
    let problem = |e: &std::io::Error| {
        format!(
            "ignoring cache file {}: {}",
            file.display(),
            crate::walk::io_message(e)
        )
    };
    let opened = match std::fs::File::open(file) {
        Ok(opened) => opened,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(problem(&e)),
    };
    // SAFETY: the map is read-only, and the files it maps are only ever
    // replaced whole (`write` renames a new file over the old one), which
    // leaves the mapped file as it was; only another program writing into
    // the cache folder during a run could change it.
    let map = unsafe { memmap2::Mmap::map(&opened) }.map_err(|e| problem(&e))?;
    Ok(Some(bytes::Bytes::from_owner(map)))
}

/// The bytes of a cache file: `Ok(None)` when there is none.
fn read_file(file: &Path) -> Result<Option<Vec<u8>>, String> {
    match std::fs::read(file) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!(
            "ignoring cache file {}: {}",
            file.display(),
            crate::walk::io_message(&e)
        )),
    }
}

/// The payload of a file's bytes: `None` when the file is from another
/// version of postlint, `Err` when it is not a cache file or is damaged.
fn payload(bytes: &[u8]) -> Result<Option<&[u8]>, &'static str> {
    let rest = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or("it is not a postlint cache file")?;
    let (format, rest) = rest.split_at_checked(4).ok_or("it is cut short")?;
    let (&length, rest) = rest.split_first().ok_or("it is cut short")?;
    let (version, rest) = rest
        .split_at_checked(usize::from(length))
        .ok_or("it is cut short")?;
    if format != FORMAT.to_le_bytes() || version != env!("CARGO_PKG_VERSION").as_bytes() {
        return Ok(None);
    }
    let (size, rest) = rest.split_at_checked(8).ok_or("it is cut short")?;
    let (sum, payload) = rest.split_at_checked(8).ok_or("it is cut short")?;
    let size = u64::from_le_bytes(size.try_into().map_err(|_| "it is cut short")?);
    if payload.len() as u64 != size {
        return Err("it is cut short");
    }
    if xxh3_64(payload).to_le_bytes() != sum {
        return Err("it is damaged");
    }
    Ok(Some(payload))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(date: &str) -> Vec<u8> {
        PostEntry {
            date: Some(date),
            suppressions: Suppressions::default(),
            summaries: vec![(7, Bytes::new(&[1, 2, 3]))],
            findings: None,
        }
        .encode()
    }

    #[test]
    fn entries_survive_a_save_and_damage_is_ignored_with_a_warning() {
        let dir = std::env::temp_dir().join(format!("postlint-cache-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut cache = Cache::open(&dir);
        assert!(cache.warnings().is_empty());
        let key = post_key(Path::new("a.md"), b"a post");
        cache.insert(key, entry("2024-01-01"));
        cache.set_corpus(42, Vec::new());
        assert!(cache.save(true).is_empty());
        assert!(dir.join(".gitignore").exists());

        let mut cache = Cache::open(&dir);
        assert_eq!(
            cache.post(key).and_then(|e| e.date.map(str::to_owned)),
            Some("2024-01-01".to_owned())
        );
        assert!(cache.corpus(42).is_some() && cache.corpus(41).is_none());
        cache.keep(key);
        assert!(cache.save(true).is_empty());

        // Cut a shard short, flip a byte of another file: both are ignored.
        let shard = shard_path(&dir, shard_of(key));
        let bytes = std::fs::read(&shard).unwrap();
        std::fs::write(&shard, &bytes[..bytes.len() - 1]).unwrap();
        let corpus = dir.join("corpus.bin");
        let mut bytes = std::fs::read(&corpus).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&corpus, bytes).unwrap();
        let cache = Cache::open(&dir);
        assert!(cache.post(key).is_none() && cache.corpus(42).is_none());
        assert_eq!(cache.warnings().len(), 2, "{:?}", cache.warnings());
        assert!(cache.warnings()[0].contains("cut short"));

        // A foreign file is not a cache file.
        std::fs::write(&shard, b"hello").unwrap();
        let cache = Cache::open(&dir);
        assert!(
            cache
                .warnings()
                .iter()
                .any(|w| w.contains("not a postlint cache file"))
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
