//! The command line: the only place that knows clap.
//!
//! Flags are parsed in two steps, as in ripgrep: clap fills [`Cli`], then
//! [`Cli::into_action`] validates and turns it into the plain option structs of
//! [`postlint::commands`]. Nothing below this file sees a raw flag.

use std::path::PathBuf;
use std::sync::LazyLock;

use clap::builder::PossibleValue;
use clap::{Parser, Subcommand, ValueEnum};

use postlint::cache::CacheChoice;
use postlint::commands::{CheckOptions, ColorChoice, FailOn, RulesFormat};
use postlint::engine::RunOptions;
use postlint::report::Format;
use postlint::walk::CorpusScope;
use postlint::workspace::ConfigSource;

/// A fast content linter for Markdown posts.
#[derive(Debug, Parser)]
#[command(name = "postlint", version, about, max_term_width = 100)]
pub struct Cli {
    /// The command; a bare `postlint` checks the current folder.
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check posts (the default folder is `.`).
    Check(Box<CheckArgs>),
    /// List every rule, or test rule files (`rules test`).
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormatArg::Text)]
        format: RulesFormatArg,
        #[command(subcommand)]
        command: Option<RulesCommand>,
    },
    /// Print a rule's documentation.
    Explain {
        /// The rule's name, e.g. `empty-section`.
        rule: String,
    },
    /// Print the effective configuration.
    Config {
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Print the JSON Schema of postlint.toml (with the project's rule files),
    /// for editors that complete and check TOML.
    Schema {
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Write a starter postlint.toml for the site in DIR (default `.`), with the
    /// include and exclude globs its generator needs.
    Init {
        /// The site's folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Run the language server on stdin and stdout, for editors
    /// (docs/editors.md).
    Server {
        #[command(flatten)]
        cache: CacheUseArgs,
    },
    /// Remove the project's cache.
    Clean {
        #[command(flatten)]
        cache: CacheArgs,
        #[command(flatten)]
        config: ConfigArgs,
        /// The project root (default: the config file's folder, else the git root).
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
}

/// Whether to use the cache, and where it is.
#[derive(Debug, clap::Args)]
struct CacheUseArgs {
    /// Neither read nor write the cache.
    #[arg(long)]
    no_cache: bool,
    #[command(flatten)]
    cache: CacheArgs,
}

impl CacheUseArgs {
    fn choice(self) -> CacheChoice {
        if self.no_cache {
            CacheChoice::Off
        } else {
            CacheChoice::At(self.cache.cache_dir)
        }
    }
}

#[derive(Debug, clap::Args)]
struct CacheArgs {
    /// Keep the cache in DIR [default: .postlint_cache at the project root].
    #[arg(long, env = "POSTLINT_CACHE_DIR", value_name = "DIR")]
    cache_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum RulesCommand {
    /// Run the inline [[test]] cases of rule files (default: the shipped pack
    /// and the config's rule-dirs).
    Test {
        /// Folders of rule files to test instead.
        dirs: Vec<PathBuf>,
        #[command(flatten)]
        config: ConfigArgs,
    },
}

#[derive(Debug, clap::Args)]
struct ConfigArgs {
    /// Read config from this file instead of searching for postlint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore config files.
    #[arg(long)]
    isolated: bool,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Files and folders to check. Files are taken literally; folders are walked,
    /// honouring .gitignore and config include/exclude.
    paths: Vec<PathBuf>,
    #[command(flatten)]
    config: ConfigArgs,
    /// Output format [default: human].
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// When to use colour (NO_COLOR is honoured under `auto`).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// Exit 1 when a finding is at least this severe.
    #[arg(long, value_enum, default_value_t = FailOnArg::Warning)]
    fail_on: FailOnArg,
    /// Worker threads (0: one per core; at most 64, or one per core if more).
    /// Output is the same for any number.
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    threads: usize,
    /// Apply config excludes to files named on the command line too.
    #[arg(long)]
    force_exclude: bool,
    /// The project root (default: the config file's folder, else the git root).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// With explicit files: compare against the whole project, or only the files given.
    #[arg(long, value_enum, default_value_t = CorpusArg::Project)]
    corpus: CorpusArg,
    /// Run only these rules, groups (duplicates, filler, structure, topicality,
    /// ...) or ALL, comma-separated; replaces the config's `select`.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Vec<String>,
    /// Run these rules, groups or ALL as well, including rules that are off by
    /// default.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    extend_select: Vec<String>,
    /// Do not run these rules, groups or ALL (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
    /// Do not print the summary line on stderr.
    #[arg(long, short)]
    quiet: bool,
    /// Print one line per rule with its number of findings, most first, instead
    /// of the findings (JSON with --format json).
    #[arg(long)]
    statistics: bool,
    #[command(flatten)]
    cache: CacheUseArgs,
    /// Write the --format output to FILE; the terminal gets only the summary.
    #[arg(long, value_name = "FILE")]
    output_file: Option<PathBuf>,
    /// Check standard input as if it were the post at PATH (for editors); the rest
    /// of the project is still the corpus for cross-post rules.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record every finding in this baseline file (JSON), and exit 0 unless a file
    /// could not be read. Prints only the summary unless --format is given.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
}

/// `--format`: a name from [`postlint::report::FORMATS`], the one list of formats.
#[derive(Debug, Clone, Copy)]
struct FormatArg(Format);

impl ValueEnum for FormatArg {
    fn value_variants<'a>() -> &'a [Self] {
        static VARIANTS: LazyLock<Vec<FormatArg>> =
            LazyLock::new(|| Format::all().map(FormatArg).collect());
        &VARIANTS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.name()).help(self.0.about()))
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RulesFormatArg {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FailOnArg {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum CorpusArg {
    Project,
    Given,
}

/// A command with plain options.
pub enum Action {
    /// `check`.
    Check(Box<CheckOptions>),
    /// `rules`.
    Rules(RulesFormat),
    /// `rules test`.
    RulesTest(Vec<PathBuf>, ConfigSource),
    /// `explain`.
    Explain(String),
    /// `config`.
    Config(ConfigSource),
    /// `schema`.
    Schema(ConfigSource),
    /// `init`.
    Init(PathBuf),
    /// `server`: the cache it loads through.
    Server(CacheChoice),
    /// `clean`: the cache folder given, the config source and the root.
    Clean(Option<PathBuf>, ConfigSource, Option<PathBuf>),
}

impl ConfigArgs {
    fn into_source(self) -> ConfigSource {
        ConfigSource {
            file: self.config,
            isolated: self.isolated,
        }
    }
}

impl Cli {
    /// Turns parsed flags into a command.
    pub fn into_action(self) -> Action {
        let Some(command) = self.command else {
            // As `postlint check`, with every flag at its default.
            return Cli::parse_from(["postlint", "check"]).into_action();
        };
        match command {
            Command::Check(args) => Action::Check(Box::new(args.into_options())),
            Command::Rules {
                command: Some(RulesCommand::Test { dirs, config }),
                ..
            } => Action::RulesTest(dirs, config.into_source()),
            Command::Rules { format, .. } => Action::Rules(match format {
                RulesFormatArg::Text => RulesFormat::Text,
                RulesFormatArg::Json => RulesFormat::Json,
                RulesFormatArg::Markdown => RulesFormat::Markdown,
            }),
            Command::Explain { rule } => Action::Explain(rule),
            Command::Server { cache } => Action::Server(cache.choice()),
            Command::Config { config } => Action::Config(config.into_source()),
            Command::Schema { config } => Action::Schema(config.into_source()),
            Command::Init { dir } => Action::Init(dir),
            Command::Clean {
                cache,
                config,
                root,
            } => Action::Clean(cache.cache_dir, config.into_source(), root),
        }
    }
}

impl CheckArgs {
    fn into_options(self) -> CheckOptions {
        CheckOptions {
            run: RunOptions {
                paths: self.paths,
                force_exclude: self.force_exclude,
                corpus: match self.corpus {
                    CorpusArg::Project => CorpusScope::Project,
                    CorpusArg::Given => CorpusScope::Given,
                },
                threads: self.threads,
                select: self.select,
                ignore: self.ignore,
                stdin: None,
                // `check` decides whether anyone is watching.
                progress: None,
                // `check` finds the project's folder.
                cache: None,
            },
            cache: self.cache.choice(),
            config: self.config.into_source(),
            root: self.root,
            format: self.format.map(|FormatArg(format)| format),
            color: match self.color {
                ColorArg::Auto => ColorChoice::Auto,
                ColorArg::Always => ColorChoice::Always,
                ColorArg::Never => ColorChoice::Never,
            },
            fail_on: match self.fail_on {
                FailOnArg::Error => FailOn::Error,
                FailOnArg::Warning => FailOn::Warning,
                FailOnArg::Info => FailOn::Info,
                FailOnArg::Never => FailOn::Never,
            },
            quiet: self.quiet,
            statistics: self.statistics,
            output_file: self.output_file,
            stdin_filename: self.stdin_filename,
            baseline: self.baseline,
            write_baseline: self.write_baseline,
            extend_select: self.extend_select,
        }
    }
}
