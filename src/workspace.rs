//! The workspace: one project, loaded once, as every front end sees it.
//!
//! A CLI run, a language server and a test each construct one [`Workspace`]
//! and build their [`Linter`] from it. It holds what stays the same from one
//! check to the next: the folder paths are shown relative to, the project
//! root, the config and the rules that config names. Nothing below it reads
//! the process's working directory: the CLI reads it once and hands it in, so
//! a server started anywhere shows the paths a terminal run in the project
//! would, and a test names its folder instead of changing the process's.
//!
//! [`Linter`]: crate::engine::Linter

use std::path::{Path, PathBuf};

use crate::cache::{self, CacheChoice};
use crate::config::{self, Config};
use crate::error::SourceError;
use crate::rules::Registry;
use crate::walk;

/// Where config comes from.
#[derive(Debug, Clone, Default)]
pub struct ConfigSource {
    /// `--config FILE`.
    pub file: Option<PathBuf>,
    /// `--isolated`: no config file at all.
    pub isolated: bool,
}

impl ConfigSource {
    /// The config file this source names: the one given, else the one
    /// discovered from `cwd` upward, else none.
    pub fn config_file(&self, cwd: &Path) -> Option<PathBuf> {
        if self.isolated {
            return None;
        }
        match &self.file {
            Some(file) => Some(file.clone()),
            None => config::discover(cwd),
        }
    }
}

/// One project: where paths are shown from, its root, its config and its
/// rules.
pub struct Workspace {
    /// The folder relative paths are resolved from, and the one posts are
    /// shown relative to when below it: the CLI's working directory.
    pub cwd: PathBuf,
    /// The project root: the one given (`--root`), else the config file's
    /// folder. Config include and exclude globs are relative to it.
    pub root: Option<PathBuf>,
    /// The project's config.
    pub config: Config,
    /// Every rule the project knows: the built-in ones, the shipped pack and
    /// the config's `rule-dirs`.
    pub registry: Registry,
    /// Whether each post takes the nearest `postlint.toml` above it, rather
    /// than the project's config alone: on when the config was found by
    /// discovery, off with `--config` or `--isolated`.
    pub nested_configs: bool,
}

impl Workspace {
    /// A workspace of `registry`'s rules with `config`, showing paths from
    /// `cwd`, with no nested configs: what a test or a fuzz target builds.
    pub fn new(cwd: PathBuf, registry: Registry, config: Config) -> Workspace {
        Workspace {
            cwd,
            root: config.root().map(Path::to_path_buf),
            config,
            registry,
            nested_configs: false,
        }
    }

    /// The project seen from `cwd`: its config from `source`, and the rules.
    /// Rule files come first: the config's `[rules.NAME]` may name a rule
    /// from a file, and checking it needs them all. All problems of all rule
    /// files are returned together; config problems only when the rule files
    /// are fine, since a broken rule file would otherwise make its name
    /// "unknown" in the config too.
    pub fn load(
        cwd: PathBuf,
        source: &ConfigSource,
        root: Option<PathBuf>,
    ) -> Result<Workspace, Vec<SourceError>> {
        let file = source.config_file(&cwd);
        let registry = Registry::load(&rule_dirs(file.as_deref()))?;
        let config = match file {
            Some(file) => config::load(&file, &registry.infos())?,
            None => Config::default(),
        };
        let mut workspace = Workspace::new(cwd, registry, config);
        if root.is_some() {
            workspace.root = root;
        }
        // A config named with --config (or none, --isolated) is the config of
        // every post; a discovered one gives way to nearer ones.
        workspace.nested_configs = source.file.is_none() && !source.isolated;
        Ok(workspace)
    }

    /// The cache folder `choice` gives, if any: the folder given (relative
    /// to [`Workspace::cwd`]), else `.postlint_cache` at the project root,
    /// which is the config file's folder, else the git root, else `cwd`.
    pub fn cache_folder(&self, choice: &CacheChoice) -> Option<PathBuf> {
        let CacheChoice::At(dir) = choice else {
            return None;
        };
        Some(match dir {
            Some(dir) => self.cwd.join(dir),
            None => self
                .root
                .clone()
                .or_else(|| walk::git_root(&self.cwd))
                .unwrap_or_else(|| self.cwd.clone())
                .join(cache::FOLDER),
        })
    }
}

/// The `rule-dirs` of a config file. A file that cannot be read has none here;
/// loading the config reports why.
pub fn rule_dirs(file: Option<&Path>) -> Vec<PathBuf> {
    file.and_then(|f| {
        Some(config::rule_dirs(
            f,
            &walk::read_text(f, walk::MAX_SETTINGS_BYTES).ok()?,
        ))
    })
    .unwrap_or_default()
}
