//! `postlint init`: a starter `postlint.toml` that fits the site in front of it.
//!
//! The first run on a real site should report posts, not the site's machinery.
//! A Hugo tree keeps its posts under `content/` beside `archetypes/` and
//! `layouts/`, whose Markdown is templates; a repository keeps `LICENSE.md`,
//! `AGENTS.md` and `CONTRIBUTING.md` at its top, which have no title and are no
//! one's post. Without a config, the first run on a Hugo site flagged 56 such
//! files as missing a title. So `init` looks at the tree for the marks each
//! generator leaves (its config file and folders), writes the include or
//! exclude globs that keep only the posts, and comments every section so the
//! file explains itself. It never overwrites a config.
//!
//! Where a generator keeps its posts in known folders (Hugo, Zola, MkDocs,
//! Docusaurus), the config includes those folders, which also leaves out
//! whatever else the repository holds. Jekyll's posts and pages may be anywhere,
//! so there the config excludes Jekyll's own folders instead.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A static site generator whose layout `init` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    /// Hugo: `hugo.toml`, or `content/` beside `archetypes/` (or an older
    /// `config.toml` with Hugo's folders).
    Hugo,
    /// Jekyll: `_config.yml`.
    Jekyll,
    /// MkDocs: `mkdocs.yml`, posts under its `docs_dir`.
    MkDocs,
    /// Docusaurus: `docusaurus.config.js` (or `.ts`, `.mjs`, `.cjs`).
    Docusaurus,
    /// Zola: `config.toml` with `base_url`, posts under `content/`.
    Zola,
}

impl Generator {
    /// The generator's name as its users write it.
    pub fn name(self) -> &'static str {
        match self {
            Generator::Hugo => "Hugo",
            Generator::Jekyll => "Jekyll",
            Generator::MkDocs => "MkDocs",
            Generator::Docusaurus => "Docusaurus",
            Generator::Zola => "Zola",
        }
    }
}

/// What `init` found in a tree: the generator, and the globs that keep only posts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// The generator, when its marks are there.
    pub generator: Option<Generator>,
    /// Folders of posts, as `include` globs (empty: every Markdown file).
    pub include: Vec<String>,
    /// Files and folders that are not posts, as `exclude` globs.
    pub exclude: Vec<String>,
}

/// Files a repository keeps beside its posts that are about the repository.
/// They are excluded by name wherever they are, and only when the tree has them.
const REPOSITORY_FILES: &[&str] = &[
    "AGENTS.md",
    "CHANGELOG.md",
    "CLAUDE.md",
    "CODE_OF_CONDUCT.md",
    "CONTRIBUTING.md",
    "LICENSE.md",
    "LICENSE-CODE.md",
    "SECURITY.md",
    "SUPPORT.md",
    "ThirdPartyNotices.md",
];

/// Reads the marks of a site generator in `root`.
pub fn detect(root: &Path) -> Site {
    let has = |name: &str| root.join(name).exists();
    let dir = |name: &str| root.join(name).is_dir();
    // `archetypes/` is Hugo's alone: a copy of a Hugo site's posts and archetypes
    // without its config is still laid out as Hugo.
    let generator = if any_file(root, &["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json"])
        || (dir("content") && dir("archetypes"))
        || (any_file(
            root,
            &["config.toml", "config.yaml", "config.yml", "config.json"],
        ) && dir("content")
            && (dir("archetypes") || dir("layouts") || dir("themes"))
            && !file_mentions(root, "config.toml", "base_url"))
    {
        Some(Generator::Hugo)
    } else if has("config.toml") && file_mentions(root, "config.toml", "base_url") {
        Some(Generator::Zola)
    } else if any_file(
        root,
        &[
            "docusaurus.config.js",
            "docusaurus.config.ts",
            "docusaurus.config.mjs",
            "docusaurus.config.cjs",
        ],
    ) {
        Some(Generator::Docusaurus)
    } else if any_file(root, &["mkdocs.yml", "mkdocs.yaml"]) {
        Some(Generator::MkDocs)
    } else if any_file(root, &["_config.yml", "_config.yaml"]) {
        Some(Generator::Jekyll)
    } else {
        None
    };

    let mut include = Vec::new();
    let mut exclude = Vec::new();
    match generator {
        Some(Generator::Hugo) => {
            include.push("content/**".to_string());
            exclude.extend(headless_bundles(root));
        }
        Some(Generator::Zola) => include.push("content/**".to_string()),
        Some(Generator::MkDocs) => {
            let docs = mkdocs_docs_dir(root).unwrap_or_else(|| "docs".to_string());
            include.push(format!("{docs}/**"));
        }
        Some(Generator::Docusaurus) => {
            for folder in ["docs", "blog", "src/pages", "versioned_docs"] {
                if dir(folder) {
                    include.push(format!("{folder}/**"));
                }
            }
        }
        Some(Generator::Jekyll) => {
            for folder in ["_site", "_layouts", "_includes", "_sass", "vendor"] {
                if dir(folder) {
                    exclude.push(folder.to_string());
                }
            }
        }
        None => {}
    }
    // An include already leaves the repository's own files out when they lie
    // outside the post folders; inside them, or with no include, name them.
    for name in REPOSITORY_FILES {
        if exists_anywhere(root, name, &include) {
            exclude.push((*name).to_string());
        }
    }
    Site {
        generator,
        include,
        exclude,
    }
}

/// Hugo folders that are never rendered: headless bundles (`headless: true` in
/// `index.md`) and branches whose `_index.md` cascades `render: never`. Their
/// Markdown is snippets that pages include, without titles of their own.
fn headless_bundles(root: &Path) -> Vec<String> {
    let mut found: Vec<String> = ignore::WalkBuilder::new(root.join("content"))
        .build()
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            name == "_index.md" || name == "index.md"
        })
        .filter(|e| {
            crate::walk::read_text(e.path(), crate::walk::MAX_SETTINGS_BYTES)
                .is_ok_and(|text| never_rendered(&text))
        })
        .filter_map(|e| {
            let folder = e.path().parent()?.strip_prefix(root).ok()?;
            let folder = folder.to_str()?.replace('\\', "/");
            Some(format!("{folder}/**"))
        })
        .collect();
    found.sort();
    found
}

/// Whether front matter (YAML or TOML) says the page or branch is not rendered.
fn never_rendered(text: &str) -> bool {
    let Some(fence) = ["---", "+++"].into_iter().find(|f| text.starts_with(f)) else {
        return false;
    };
    text.lines()
        .skip(1)
        .take_while(|line| line.trim_end() != fence)
        .any(|line| {
            let squeezed: String = line
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '"' && *c != '\'')
                .collect();
            matches!(
                squeezed.as_str(),
                "headless:true" | "headless=true" | "render:never" | "render=never"
            )
        })
}

fn any_file(root: &Path, names: &[&str]) -> bool {
    names.iter().any(|n| root.join(n).is_file())
}

fn file_mentions(root: &Path, name: &str, needle: &str) -> bool {
    crate::walk::read_text(&root.join(name), crate::walk::MAX_SETTINGS_BYTES).is_ok_and(|text| {
        text.lines()
            .any(|line| line.trim_start().starts_with(needle))
    })
}

/// MkDocs's `docs_dir`, when `mkdocs.yml` sets it on a line of its own.
fn mkdocs_docs_dir(root: &Path) -> Option<String> {
    let text = ["mkdocs.yml", "mkdocs.yaml"].iter().find_map(|n| {
        crate::walk::read_text(&root.join(n), crate::walk::MAX_SETTINGS_BYTES).ok()
    })?;
    text.lines().find_map(|line| {
        let value = line.strip_prefix("docs_dir:")?.trim();
        let value = value
            .trim_matches(|c| c == '"' || c == '\'')
            .trim_end_matches('/');
        (!value.is_empty() && !value.contains(['*', '?', '[', '{'])).then(|| value.to_string())
    })
}

/// Whether a file called `name` is in the tree, inside the include folders when
/// there are any. The search is shallow on purpose: repository files sit at the
/// top of a folder, and walking a whole site to find them would make `init`
/// slow on the very trees it is for.
fn exists_anywhere(root: &Path, name: &str, include: &[String]) -> bool {
    let folders: Vec<PathBuf> = if include.is_empty() {
        vec![root.to_path_buf()]
    } else {
        include
            .iter()
            .map(|glob| root.join(glob.trim_end_matches("/**")))
            .collect()
    };
    folders.iter().any(|folder| {
        folder.join(name).is_file()
            || std::fs::read_dir(folder).is_ok_and(|entries| {
                entries
                    .flatten()
                    .any(|e| e.path().is_dir() && e.path().join(name).is_file())
            })
    })
}

/// The starter config for `site`, every section commented.
pub fn starter_config(site: &Site) -> String {
    let mut out = String::new();
    out.push_str("# postlint configuration: https://docs.rs/postlint\n");
    match site.generator {
        Some(generator) => {
            let _ = writeln!(
                out,
                "# Written by `postlint init` for a {} site.",
                generator.name()
            );
        }
        None => out.push_str("# Written by `postlint init`; no site generator was recognised.\n"),
    }
    out.push_str(
        "#\n\
         # `postlint rules` lists every rule and `postlint explain RULE` shows its\n\
         # docs and options. `postlint config` prints the configuration in effect.\n\n",
    );
    out.push_str(
        "[files]\n\
         # Which files are posts. Globs are relative to this file's folder; a glob\n\
         # without a `/` matches a name at any depth, as in .gitignore, and\n\
         # .gitignore itself is honoured.\n",
    );
    if site.include.is_empty() {
        out.push_str("# include = [\"content/**\"]\n");
    } else {
        let _ = writeln!(out, "include = {}", toml_list(&site.include));
    }
    if site.exclude.is_empty() {
        out.push_str("# exclude = [\"drafts/**\", \"*.draft.md\"]\n");
    } else {
        out.push_str("# Files of the repository and the generator that are not posts.\n");
        let _ = writeln!(out, "exclude = {}", toml_list(&site.exclude));
    }
    out.push_str("# extensions = [\"md\", \"markdown\"]\n\n");
    out.push_str(
        "# A rule's severity is \"error\", \"warning\", \"info\" or \"off\"; its options\n\
         # sit beside it. Some you may want:\n\
         #\n\
         # [rules.duplicate-paragraph]\n\
         # allow = [\"This page is part of the reference.\"]   # repetition on purpose\n\
         #\n\
         # [rules.empty-section]\n\
         # allow-headings = [\"Notes\"]                         # empty by template\n\
         #\n\
         # [rules.off-topic-section]\n\
         # severity = \"info\"\n\
         \n\
         # Settings for some posts only:\n\
         #\n\
         # [[overrides]]\n\
         # files = [\"changelog/**\"]\n\
         # rules.title-body-mismatch = \"off\"\n",
    );
    out
}

fn toml_list(items: &[String]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|s| toml::Value::String(s.clone()).to_string())
        .collect();
    format!("[{}]", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for file in files {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "x = 1\n").unwrap();
        }
        dir
    }

    #[test]
    fn hugo_headless_bundles_are_excluded() {
        let dir = tree(&["hugo.toml", "content/posts/a.md"]);
        let write = |path: &str, text: &str| {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "content/_common/_index.md",
            "---\ncascade:\n  build:\n    render: never\n---\n",
        );
        write("content/snippets/index.md", "+++\nheadless = true\n+++\n");
        write(
            "content/posts/_index.md",
            "---\ntitle: Posts\n---\nrender: never\n",
        );
        let site = detect(dir.path());
        assert_eq!(site.exclude, ["content/_common/**", "content/snippets/**"]);
    }

    #[test]
    fn mkdocs_reads_its_docs_dir() {
        let dir = tree(&["mkdocs.yml", "site-src/index.md"]);
        std::fs::write(
            dir.path().join("mkdocs.yml"),
            "site_name: X\ndocs_dir: 'site-src/'\n",
        )
        .unwrap();
        let site = detect(dir.path());
        assert_eq!(site.generator, Some(Generator::MkDocs));
        assert_eq!(site.include, ["site-src/**"]);
    }

    #[test]
    fn zola_is_told_from_an_older_hugo_by_base_url() {
        let dir = tree(&["config.toml", "content/a.md", "templates/base.html"]);
        std::fs::write(dir.path().join("config.toml"), "base_url = \"https://x\"\n").unwrap();
        assert_eq!(detect(dir.path()).generator, Some(Generator::Zola));
        let hugo = tree(&["config.toml", "content/a.md", "archetypes/default.md"]);
        assert_eq!(detect(hugo.path()).generator, Some(Generator::Hugo));
    }
}
