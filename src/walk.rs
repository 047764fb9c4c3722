//! Finding the posts: paths and globs in, a sorted list of files out.
//!
//! Directories are walked with the `ignore` crate, so `.gitignore`, `.ignore` and
//! hidden files are honoured as in ripgrep; the walk is parallel, and its result is
//! sorted so nothing downstream depends on the order threads finished in. A file
//! named on the command line is taken literally: no glob expansion, no extension
//! check, and config excludes apply to it only with `--force-exclude` (what
//! pre-commit passes, since it names files itself).
//!
//! Include and exclude globs are relative to the project root. As in
//! `.gitignore`, a pattern without a `/` matches a file or folder name at any
//! depth (`*.draft.md`, `node_modules`); one with a `/` matches the whole path
//! (`drafts/**`, `content/*/index.md`).
//!
//! `resolve` turns a run's paths into its posts: which are targets, which are
//! only compared against (with explicit files in a project, every post of the
//! project is), how each is shown, and so what the targets were compared with.
//! Paths are shown relative to the folder the caller names, never to one this
//! module looks up, so a language server and a test resolve exactly as the CLI.
//!
//! The few path helpers the rest of postlint needs (lexical normalising,
//! relative paths, the git root) live here too, so paths are spelt one way.
//!
//! So does reading: every file postlint reads (posts, config, rule files,
//! baselines) goes through [`read_file`], which never blocks on a FIFO, checks
//! the handle it opened (not the path it walked, which may have been swapped
//! since) is a regular file, and stops at a size cap, so no special file can
//! hang a run or grow it without bound. Writing is here too: reports and
//! baselines go through [`write_atomically`], so an interrupted write never
//! leaves half a file where the last good one was.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Serialize;

use crate::error::{FileError, SourceError};

/// Which files are posts: the `[files]` settings.
#[derive(Debug, Clone, Serialize)]
pub struct Files {
    /// Globs (relative to the project root) a post must match, when not empty.
    pub include: Vec<String>,
    /// Globs a post must not match.
    pub exclude: Vec<String>,
    /// File name extensions of posts, without the dot.
    pub extensions: Vec<String>,
}

impl Default for Files {
    fn default() -> Self {
        Files {
            include: Vec::new(),
            exclude: Vec::new(),
            extensions: vec!["md".into(), "markdown".into()],
        }
    }
}

/// Include and exclude patterns, compiled.
#[derive(Debug, Clone)]
pub struct Filter {
    root: Option<PathBuf>,
    include: Globs,
    exclude: Globs,
    extensions: Vec<String>,
}

/// Compiled globs with `.gitignore`-like rules (see the module docs).
#[derive(Debug, Clone)]
pub struct Globs {
    /// Patterns with a `/`: matched against the path from the root.
    paths: GlobSet,
    /// Patterns without one: matched against each name along the path.
    names: GlobSet,
    empty: bool,
}

/// What to write instead of a broken glob.
pub const GLOB_HELP: &str = "globs use *, ** and ?, e.g. \"drafts/**\" or \"*.draft.md\"";

/// Compiles one pattern the way [`Globs`] matches it; the flag says whether it
/// has a `/` (and so matches whole paths).
fn compile(pattern: &str) -> Result<(globset::Glob, bool), globset::Error> {
    let trimmed = pattern.trim_start_matches("./").trim_end_matches('/');
    let glob = GlobBuilder::new(trimmed).literal_separator(true).build()?;
    Ok((glob, trimmed.contains('/')))
}

/// Why `pattern` is not a valid glob, if it is not: config checking reports
/// it with a span, before any walk.
pub fn glob_error(pattern: &str) -> Option<String> {
    compile(pattern).err().map(|e| e.kind().to_string())
}

impl Globs {
    /// Compiles `patterns`; `what` names them in errors ("include", "override").
    pub fn new(patterns: &[String], what: &str) -> Result<Globs, SourceError> {
        let mut paths = GlobSetBuilder::new();
        let mut names = GlobSetBuilder::new();
        for pattern in patterns {
            let (glob, has_slash) = compile(pattern).map_err(|e| {
                SourceError::new(format!("invalid {what} glob \"{pattern}\": {}", e.kind()))
                    .help(GLOB_HELP)
            })?;
            if has_slash {
                paths.add(glob);
            } else {
                names.add(glob);
            }
        }
        let build = |b: GlobSetBuilder| b.build().unwrap_or_else(|_| GlobSet::empty());
        Ok(Globs {
            paths: build(paths),
            names: build(names),
            empty: patterns.is_empty(),
        })
    }

    /// Whether `rel` (relative to the root, `/`-separated) or any of its folders
    /// matches.
    pub fn matches(&self, rel: &Path) -> bool {
        if self.empty {
            return false;
        }
        if self.paths.is_match(rel) {
            return true;
        }
        let mut prefix = PathBuf::new();
        for component in rel.components() {
            if let Component::Normal(name) = component {
                prefix.push(name);
                if self.names.is_match(Path::new(name)) || self.paths.is_match(&prefix) {
                    return true;
                }
            }
        }
        false
    }
}

impl Filter {
    /// Compiles the `[files]` settings; globs are relative to `root`.
    pub fn new(files: &Files, root: Option<&Path>) -> Result<Filter, SourceError> {
        Ok(Filter {
            root: root.map(Path::to_path_buf),
            include: Globs::new(&files.include, "include")?,
            exclude: Globs::new(&files.exclude, "exclude")?,
            extensions: files.extensions.clone(),
        })
    }

    fn relative<'p>(&self, path: &'p Path) -> &'p Path {
        let path = path.strip_prefix(".").unwrap_or(path);
        match &self.root {
            Some(root) => path.strip_prefix(root).unwrap_or(path),
            None => path,
        }
    }

    /// Whether config excludes `path`.
    pub fn is_excluded(&self, path: &Path) -> bool {
        self.exclude.matches(self.relative(path))
    }

    /// Whether a file found by walking is a post.
    pub fn is_post(&self, path: &Path) -> bool {
        let has_extension = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| self.extensions.iter().any(|x| x.eq_ignore_ascii_case(e)));
        if !has_extension {
            return false;
        }
        let rel = self.relative(path);
        (self.include.empty || self.include.matches(rel)) && !self.exclude.matches(rel)
    }
}

/// The posts found, sorted, and what could not be walked.
#[derive(Debug, Default)]
pub struct Found {
    /// Post paths, sorted and without duplicates.
    pub posts: Vec<PathBuf>,
    /// Paths named on the command line that are files (not directories).
    pub explicit_files: Vec<PathBuf>,
    /// Missing paths, unreadable folders, symlink loops.
    pub errors: Vec<FileError>,
}

/// Finds the posts under `inputs`. `threads` bounds the walk's parallelism.
pub fn find_posts(
    inputs: &[PathBuf],
    filter: &Filter,
    force_exclude: bool,
    threads: usize,
) -> Found {
    let mut found = Found::default();
    let mut dirs = Vec::new();
    for input in inputs {
        let input = clean(input);
        match std::fs::metadata(&input) {
            Ok(meta) if meta.is_dir() => dirs.push(input),
            Ok(_) => {
                if !(force_exclude && filter.is_excluded(&input)) {
                    found.explicit_files.push(input.clone());
                    found.posts.push(input);
                }
            }
            Err(e) => found.errors.push(FileError {
                path: input,
                message: io_message(&e),
            }),
        }
    }
    if !dirs.is_empty() {
        let (posts, errors) = walk(&dirs, filter, threads);
        found.posts.extend(posts);
        found.errors.extend(errors);
    }
    found.posts.sort_by_cached_key(|p| order_key(p));
    found.posts.dedup();
    found.explicit_files.sort();
    found.explicit_files.dedup();
    found.errors.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// Which posts a run compares against, when explicit files are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CorpusScope {
    /// Every post of the project (the default).
    #[default]
    Project,
    /// Only the posts given on the command line.
    Given,
}

/// What the cross-post rules compared the checked posts with, which the run's
/// summary says: a named file's findings depend on it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Compared {
    /// Every post found under the paths given, with each other.
    #[default]
    Walked,
    /// The named files, against every post of the project in this folder.
    Project(PathBuf),
    /// The named files only with each other, as `--corpus given` asks.
    Given,
    /// The named files only with each other: no config file, git repository
    /// or enclosing working folder marks a project.
    NoProject,
}

/// A post to read: where it is, how it is shown, whether it reports.
pub(crate) struct Input {
    pub(crate) path: PathBuf,
    pub(crate) display: PathBuf,
    pub(crate) target: bool,
    /// The text to check in place of the file's, when it is in memory: an
    /// editor's buffer, from standard input or a language server.
    pub(crate) buffer: Option<Vec<u8>>,
    /// Whether it was named on the command line (rather than found by walking).
    pub(crate) named: bool,
    /// Which config applies to it: 0 the run's, else the nested config
    /// `scopes[scope - 1]`.
    pub(crate) scope: usize,
    /// Whether it counts as being edited ([`crate::rule::Corpus::is_edited`]):
    /// a target, unless it is a buffer the same as its saved file, which is
    /// the post as saved (an editor piping an unchanged buffer on save).
    pub(crate) edited: bool,
}

/// Whether a buffer is being edited: it differs from the file it stands
/// for, or there is none.
fn differs_from_saved(buffer: Option<&Vec<u8>>, path: &Path) -> bool {
    buffer.is_none_or(|bytes| {
        read_file(path, MAX_POST_BYTES).map_or(true, |(saved, _)| saved != *bytes)
    })
}

/// What a run asks to check: the part of its options that says which posts.
pub(crate) struct Request<'a> {
    /// Files and folders; empty means `.`.
    pub paths: &'a [PathBuf],
    /// Apply config excludes to explicitly named files too.
    pub force_exclude: bool,
    /// Which posts explicit files are compared against.
    pub corpus: CorpusScope,
    /// A buffer to check in place of a file's contents.
    pub stdin: Option<&'a (PathBuf, Vec<u8>)>,
}

/// Resolves paths into corpus inputs: which posts, which of them are targets,
/// and what that means the targets are compared with.
pub(crate) fn resolve(
    options: &Request<'_>,
    files: &Files,
    root: Option<&Path>,
    cwd: &Path,
    threads: usize,
) -> (Vec<Input>, Vec<FileError>, Compared) {
    let root = root.map(Path::to_path_buf);
    let filter = match Filter::new(files, root.as_deref()) {
        Ok(f) => f,
        Err(e) => {
            return (
                Vec::new(),
                vec![FileError {
                    path: PathBuf::new(),
                    message: e.message().to_string(),
                }],
                Compared::Walked,
            );
        }
    };
    let mut paths = options.paths.to_vec();
    // The buffer's path is a post, never a folder to walk (`/` would walk
    // the whole file system); the CLI refuses a folder there outright.
    if let Some((stdin_path, _)) = &options.stdin
        && !paths.contains(stdin_path)
        && !stdin_path.is_dir()
    {
        paths.push(stdin_path.clone());
    }
    if paths.is_empty() {
        paths.push(PathBuf::from("."));
    }
    let mut found = find_posts(&paths, &filter, options.force_exclude, threads);
    if let Some((stdin_path, _)) = &options.stdin {
        // The buffer need not exist on disk yet. Like a named file, it is
        // skipped when the config excludes it and --force-exclude is given
        // (an editor checking every buffer).
        let stdin_path = clean(stdin_path);
        found.errors.retain(|e| e.path != stdin_path);
        let excluded = options.force_exclude && filter.is_excluded(&stdin_path);
        if !excluded && !found.posts.contains(&stdin_path) {
            found.posts.push(stdin_path.clone());
            found.explicit_files.push(stdin_path);
        }
    }

    // The post standing for standard input, however the walk spelt its path.
    // Only a post with the same file name is resolved, to spare a syscall per post.
    let absolute = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| cwd.join(p));
    let stdin_abs = options.stdin.as_ref().map(|(p, _)| absolute(p));
    let stdin_bytes = options.stdin.as_ref().map(|(_, bytes)| bytes);
    let is_stdin = |path: &Path| match (&options.stdin, &stdin_abs) {
        (Some((p, _)), Some(abs)) => path.file_name() == p.file_name() && absolute(path) == *abs,
        _ => false,
    };

    // With no config and no git repository, the working folder is the
    // project when every named file lies inside it, as ruff takes it.
    let cwd_encloses = || {
        let cwd_abs = absolute(cwd);
        found
            .explicit_files
            .iter()
            .all(|f| absolute(f).starts_with(&cwd_abs))
            .then(|| cwd.to_path_buf())
    };
    let (project, compared) = match options.corpus {
        CorpusScope::Project if found.explicit_files.is_empty() => (None, Compared::Walked),
        CorpusScope::Given => (None, Compared::Given),
        CorpusScope::Project => {
            match root.clone().or_else(|| git_root(cwd)).or_else(cwd_encloses) {
                Some(project) => {
                    let shown = std::fs::canonicalize(&project).unwrap_or(project.clone());
                    (Some(project), Compared::Project(shown))
                }
                None => (None, Compared::NoProject),
            }
        }
    };
    let Some(project) = project else {
        let inputs = found
            .posts
            .into_iter()
            .map(|path| {
                let buffer = stdin_bytes.filter(|_| is_stdin(&path)).cloned();
                Input {
                    display: display(&path, cwd),
                    edited: differs_from_saved(buffer.as_ref(), &path),
                    buffer,
                    named: found.explicit_files.contains(&path),
                    scope: 0,
                    path,
                    target: true,
                }
            })
            .collect();
        return (sorted(inputs), found.errors, compared);
    };

    // Explicit files in a project: the corpus is the whole project, the
    // targets are what was named. Paths are compared absolute, since the
    // project walk and the command line may spell them differently.
    let targets: HashSet<PathBuf> = found.posts.iter().map(|p| absolute(p)).collect();
    // The project walk starts from an absolute root, so its paths are
    // absolute already: only the (few) named paths need canonicalizing.
    let project_abs = absolute(&project);
    let project_found = find_posts(&[project_abs], &filter, false, threads);
    let mut by_abs: BTreeMap<Vec<u8>, (PathBuf, PathBuf)> = BTreeMap::new();
    for path in found.posts {
        let abs = absolute(&path);
        by_abs.entry(order_key(&abs)).or_insert((abs, path));
    }
    for path in project_found.posts {
        by_abs
            .entry(order_key(&path))
            .or_insert_with(|| (path.clone(), path));
    }
    let cwd_abs = absolute(cwd);
    let inputs = by_abs
        .into_values()
        .map(|(abs, path)| {
            let target = targets.contains(&abs);
            let buffer = stdin_bytes
                .filter(|_| stdin_abs.as_ref() == Some(&abs))
                .cloned();
            Input {
                display: display(&abs, &cwd_abs),
                target,
                named: target,
                edited: target && differs_from_saved(buffer.as_ref(), &abs),
                buffer,
                scope: 0,
                path,
            }
        })
        .collect();
    (sorted(inputs), found.errors, compared)
}

/// Inputs in display order, one per display path.
pub(crate) fn sorted(mut inputs: Vec<Input>) -> Vec<Input> {
    inputs.sort_by_cached_key(|input| order_key(&input.display));
    inputs.dedup_by(|a, b| a.display == b.display);
    inputs
}

/// Bytes that sort as `path` does (`Path`'s order, component by component):
/// a tag per component, a name's bytes, and a zero after each, which sorts
/// below any byte of a name. `Path::cmp` splits both paths into components
/// on every comparison, and sorting a 50,000-post project that way was half
/// of a one-file pre-commit check.
pub(crate) fn order_key(path: &Path) -> Vec<u8> {
    let mut key = Vec::with_capacity(path.as_os_str().len() + 16);
    for component in path.components() {
        // The tags follow the order of `Component`'s variants.
        match component {
            Component::Prefix(prefix) => {
                key.push(1);
                key.extend_from_slice(prefix.as_os_str().as_encoded_bytes());
            }
            Component::RootDir => key.push(2),
            Component::CurDir => key.push(3),
            Component::ParentDir => key.push(4),
            Component::Normal(name) => {
                key.push(5);
                key.extend_from_slice(name.as_encoded_bytes());
            }
        }
        key.push(0);
    }
    key
}

/// The path as shown: relative to the working directory when below it.
pub(crate) fn display(path: &Path, cwd: &Path) -> PathBuf {
    if path.is_absolute()
        && let Ok(rel) = path.strip_prefix(cwd)
        && !rel.as_os_str().is_empty()
    {
        return rel.to_path_buf();
    }
    path.to_path_buf()
}

fn walk(dirs: &[PathBuf], filter: &Filter, threads: usize) -> (Vec<PathBuf>, Vec<FileError>) {
    let mut builder = ignore::WalkBuilder::new(&dirs[0]);
    for dir in &dirs[1..] {
        builder.add(dir);
    }
    let prune = filter.clone();
    builder
        .follow_links(true)
        .require_git(false)
        .threads(threads)
        .filter_entry(move |entry| {
            // Skip excluded folders whole instead of filtering every file in them.
            !(entry.file_type().is_some_and(|t| t.is_dir())
                && entry.depth() > 0
                && prune.is_excluded(entry.path()))
        });
    let posts = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    builder.build_parallel().run(|| {
        let posts = &posts;
        let errors = &errors;
        let filter = filter.clone();
        Box::new(move |entry| {
            match entry {
                Ok(entry) => {
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    if is_file && filter.is_post(entry.path()) {
                        let path = clean(entry.path());
                        if let Ok(mut posts) = posts.lock() {
                            posts.push(path);
                        }
                    }
                }
                Err(error) => {
                    if let Ok(mut errors) = errors.lock() {
                        errors.push(walk_error(&error));
                    }
                }
            }
            ignore::WalkState::Continue
        })
    });
    (
        posts.into_inner().unwrap_or_default(),
        errors.into_inner().unwrap_or_default(),
    )
}

fn walk_error(error: &ignore::Error) -> FileError {
    // `ignore` wraps errors in path and depth context; find the path and the cause.
    fn parts(error: &ignore::Error) -> (Option<PathBuf>, String) {
        match error {
            ignore::Error::WithPath { path, err } => (Some(path.clone()), parts(err).1),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                parts(err)
            }
            ignore::Error::Loop { child, .. } => (
                Some(child.clone()),
                "symbolic link loop; skipped".to_string(),
            ),
            ignore::Error::Io(e) => (None, io_message(e)),
            other => (None, other.to_string()),
        }
    }
    let (path, message) = parts(error);
    FileError {
        path: path.unwrap_or_default(),
        message,
    }
}

/// The largest post postlint reads: 64 MiB. The biggest real posts (generated
/// API references, changelogs) are a few MiB; parsing costs up to about 50
/// bytes of memory per byte of dense inline markup, so this bounds one post at
/// about 3 GiB rather than letting a huge file push the machine into swap.
pub const MAX_POST_BYTES: u64 = 64 << 20;

/// The largest config or rule file postlint reads: 16 MiB.
pub const MAX_SETTINGS_BYTES: u64 = 16 << 20;

/// The largest baseline postlint reads: 1 GiB, about four million findings.
pub const MAX_BASELINE_BYTES: u64 = 1 << 30;

/// What a file is, identified by device and inode where the platform has
/// them, so one file reached by two paths (`d/a.md` and `d/../d/a.md`, or a
/// symlink) is read as one post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileId {
    device: u64,
    inode: u64,
}

impl FileId {
    /// The identity of the file `meta` describes (`None` where the platform
    /// has no inodes).
    pub fn of(meta: &std::fs::Metadata) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(FileId {
                device: meta.dev(),
                inode: meta.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }

    /// The identity of the file at `path`, following symlinks.
    pub fn at(path: &Path) -> Option<FileId> {
        FileId::of(&std::fs::metadata(path).ok()?)
    }
}

/// Reads the regular file at `path`, at most `cap` bytes, with its identity.
///
/// The file is opened without blocking, so a FIFO cannot hang the run, and the
/// opened handle's type is checked, so a path swapped for a FIFO or a device
/// after the walk saw a file is refused too. Errors are lower-case sentences
/// for people.
pub fn read_file(path: &Path, cap: u64) -> Result<(Vec<u8>, Option<FileId>), String> {
    read_file_stat(path, cap).map(|(bytes, meta)| (bytes, FileId::of(&meta)))
}

/// [`read_file`] with the metadata of the handle read, taken before its
/// bytes were: what a [`Stamp`] is made of.
pub fn read_file_stat(path: &Path, cap: u64) -> Result<(Vec<u8>, std::fs::Metadata), String> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| io_message(&e))?;
    let meta = file.metadata().map_err(|e| io_message(&e))?;
    if meta.is_dir() {
        return Err("is a folder, not a file".into());
    }
    if !meta.is_file() {
        return Err(format!(
            "not a regular file (it is {}); skipped",
            special_kind(&meta)
        ));
    }
    if meta.len() > cap {
        return Err(too_big(cap));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow between the stat and the read: the cap holds anyway.
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_message(&e))?;
    if bytes.len() as u64 > cap {
        return Err(too_big(cap));
    }
    Ok((bytes, meta))
}

/// What a file's metadata says of its bytes: size, modification and change
/// times to the nanosecond, and identity. A write changes the change time,
/// which no program can set back (unlike the modification time), and a file
/// replaced by a rename has a new inode; so while a file keeps its stamp its
/// bytes are the ones read, except for a write in the same clock tick as the
/// stamp was taken, which [`Stamp::settled`] rules out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    len: u64,
    modified: i64,
    changed: i64,
    device: u64,
    inode: u64,
}

/// How long before a stamp is read its file must have last changed for the
/// stamp to be trusted: more than a clock tick and than the two-second
/// granularity of the coarsest file systems' times.
const SETTLE_NANOS: i64 = 3_000_000_000;

impl Stamp {
    /// The stamp of the regular file `meta` describes (`None` where the
    /// platform lacks change times and inodes).
    pub fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let nanos =
                |secs: i64, nsec: i64| secs.saturating_mul(1_000_000_000).saturating_add(nsec);
            meta.is_file().then(|| Stamp {
                len: meta.len(),
                modified: nanos(meta.mtime(), meta.mtime_nsec()),
                changed: nanos(meta.ctime(), meta.ctime_nsec()),
                device: meta.dev(),
                inode: meta.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }

    /// Whether the file had stopped changing when this stamp was taken at
    /// `taken` (nanoseconds since the epoch): a file written in the same
    /// tick as it was read could be written again without its times moving,
    /// so its stamp says nothing until it is taken again later.
    pub fn settled(&self, taken: i64) -> bool {
        self.changed.max(self.modified) < taken.saturating_sub(SETTLE_NANOS)
    }

    /// The identity of the file.
    pub fn file(&self) -> FileId {
        FileId {
            device: self.device,
            inode: self.inode,
        }
    }
}

/// Now, in nanoseconds since the epoch, for [`Stamp::settled`].
pub fn now_nanos() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// [`read_file`] for settings (config, rule files, baselines): UTF-8 text of
/// at most `cap` bytes.
pub fn read_text(path: &Path, cap: u64) -> Result<String, String> {
    let (bytes, _) = read_file(path, cap)?;
    String::from_utf8(bytes).map_err(|_| "not valid UTF-8".to_string())
}

/// The error for a file over the cap of `cap` bytes.
pub(crate) fn too_big(cap: u64) -> String {
    format!(
        "larger than {} MiB, the most postlint reads from one file; skipped",
        cap >> 20
    )
}

fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    let _ = meta;
    "a special file"
}

/// Writes `file` whole or not at all: `write` fills a temporary file in the
/// same folder, which then replaces `file` in one rename. Interrupted (SIGINT,
/// a full disk), the previous `file` is left as it was.
pub fn write_atomically(
    file: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    replace(file, true, write)
}

/// [`write_atomically`] without waiting for the disk: for files whose readers
/// check them (the cache's carry a checksum), so that a crash can cost the
/// file but never leave a wrong one.
pub fn write_atomically_unsynced(
    file: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    replace(file, false, write)
}

fn replace(
    file: &Path,
    sync: bool,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::io::Write;
    let name = file.file_name().ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "is a folder, not a file")
    })?;
    let folder = file.parent().filter(|p| !p.as_os_str().is_empty());
    let temporary = folder.unwrap_or(Path::new(".")).join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = (|| {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&temporary)?);
        write(&mut out)?;
        out.flush()?;
        if sync {
            out.get_ref().sync_all()?;
        }
        std::fs::rename(&temporary, file)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// A lower-case description of an I/O error, without the OS error number.
pub fn io_message(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "no such file or directory".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let text = error.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text);
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => text.to_string(),
            }
        }
    }
}

/// Drops `./` components so that `./a.md` and `a.md` are one post.
pub(crate) fn clean(path: &Path) -> PathBuf {
    let cleaned: PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if cleaned.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        cleaned
    }
}

/// `path` with `.` and `..` resolved without touching the file system, so a
/// post named `./a.md` and one found as `a.md` are the same place.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to the folder `base` (both absolute and normalised), with
/// `..` steps when it is outside, `/`-separated.
pub fn relative_to(path: &Path, base: &Path) -> String {
    let path: Vec<Component> = path.components().collect();
    let base: Vec<Component> = base.components().collect();
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); base.len() - common];
    parts.extend(
        path[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// The nearest folder at or above `dir` that holds a `.git`: the project root
/// when there is no config file, and the root repository-relative paths start at.
pub fn git_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_keys_sort_as_paths_do() {
        let paths = [
            "a", "a/b", "a.b", "a-b", "ab", "a/b/c", "a//b", "a/b/", "../x", "-x", "/x", "/",
            "./y", "y", "A", "é/a", "e/é", "a b/c", "a/.b", "a0", "a/0",
        ];
        for a in paths {
            for b in paths {
                let (a, b) = (Path::new(a), Path::new(b));
                assert_eq!(order_key(a).cmp(&order_key(b)), a.cmp(b), "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn relative_paths_step_out_with_dot_dot() {
        let base = Path::new("/site/.config");
        assert_eq!(
            relative_to(Path::new("/site/content/a.md"), base),
            "../content/a.md"
        );
        assert_eq!(relative_to(Path::new("/site/.config/a.md"), base), "a.md");
        assert_eq!(
            normalize(Path::new("/site/./content/../a.md")),
            Path::new("/site/a.md")
        );
    }
}
