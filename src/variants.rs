//! Versions and translations of one page.
//!
//! Versioned docs keep a folder per product version (`reference/5.1/x.md`,
//! `reference/7.4/x.md`) and translated sites one per language (`en/`, `fr/`).
//! The copies of a page in those folders are the same page, not duplicates of
//! each other, so the rules that compare posts (duplicate paragraphs, duplicate
//! titles) ask here which posts are one page, and all of them answer alike.

use crate::rule::{OptionInfo, OptionKind, PostRecord, RuleOptions};
use crate::text::shingles::UnionFind;

/// The `variants` option, shared by every rule that knows pages.
pub const VARIANTS_OPTION: OptionInfo = OptionInfo {
    name: "variants",
    kind: OptionKind::StringList,
    default: "[]",
    doc: "folder patterns whose `*` folder holds versions or translations of the same pages, such as \"reference/*/\"",
};

/// The `detect-variants` option.
pub const DETECT_VARIANTS_OPTION: OptionInfo = OptionInfo {
    name: "detect-variants",
    kind: OptionKind::Bool,
    default: "true",
    doc: "treat the same path under sibling version or language folders (5.1/, 7.4/; en/, fr/) as one page",
};

/// How a rule tells versions of one page: its `variants` patterns, and
/// whether folder names like versions or languages count too.
#[derive(Debug, Clone)]
pub struct Variants {
    patterns: Vec<VariantPattern>,
    detect: bool,
}

impl Variants {
    /// From a rule's `variants` and `detect-variants` options.
    pub fn from_options(options: &RuleOptions) -> Result<Variants, String> {
        Ok(Variants {
            patterns: options
                .strings("variants")
                .iter()
                .map(|p| VariantPattern::new(p))
                .collect::<Result<_, _>>()?,
            detect: options.bool("detect-variants"),
        })
    }

    /// The page of every post: posts that are versions or translations of one
    /// page (by the patterns, and by folder names when detecting) share the
    /// smallest post id among them. A folder only counts as a version folder
    /// when the layout proves it: one path under two or more such folders.
    pub fn pages(&self, posts: &[PostRecord]) -> Vec<u32> {
        let mut same: UnionFind = UnionFind::new(posts.len());
        // (path with the variant folder blanked, variant folder, post)
        let mut keyed: Vec<(String, String, u32)> = Vec::new();
        for (id, post) in posts.iter().enumerate() {
            let path = crate::diagnostic::display_path(post);
            let parts: Vec<&str> = path.split('/').collect();
            let Some((_, folders)) = parts.split_last() else {
                continue;
            };
            let mut at: Vec<usize> = self
                .patterns
                .iter()
                .flat_map(|p| p.variant_folders(folders))
                .collect();
            if self.detect {
                at.extend((0..folders.len()).filter(|&i| is_variant_folder(folders[i])));
            }
            at.sort_unstable();
            at.dedup();
            for i in at {
                let mut key = parts.clone();
                key[i] = "\0";
                keyed.push((key.join("/"), folders[i].to_string(), id as u32));
            }
        }
        keyed.sort_unstable();
        for run in keyed.chunk_by(|a, b| a.0 == b.0) {
            if run.iter().any(|k| k.1 != run[0].1) {
                for pair in run.windows(2) {
                    same.union(pair[0].2, pair[1].2);
                }
            }
        }
        (0..posts.len() as u32).map(|p| same.find(p)).collect()
    }
}

/// The folders a page sits in and the name its path gives it: the file's
/// stem, or a page bundle's folder (`permalink/index.md`, `_index.md`,
/// `README.md`), which then is not among the folders.
pub fn page_name(path: &str) -> (Vec<&str>, &str) {
    let mut folders: Vec<&str> = path.split('/').collect();
    let file = folders.pop().unwrap_or_default();
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let name = if ["index", "_index", "readme"]
        .iter()
        .any(|bundle| stem.eq_ignore_ascii_case(bundle))
    {
        folders.pop().unwrap_or(stem)
    } else {
        stem
    };
    (folders, name)
}

/// A folder pattern of `variants`: literal folder names and one `*`, the
/// folder whose name changes between versions of a page.
#[derive(Debug, Clone)]
struct VariantPattern {
    /// The folders, `None` at the `*`.
    segments: Vec<Option<String>>,
}

impl VariantPattern {
    fn new(pattern: &str) -> Result<VariantPattern, String> {
        let segments: Vec<Option<String>> = pattern
            .trim_matches('/')
            .split('/')
            .map(|s| (s != "*").then(|| s.to_string()))
            .collect();
        let stars = segments.iter().filter(|s| s.is_none()).count();
        let bad = segments
            .iter()
            .flatten()
            .find(|s| s.is_empty() || s.contains(['*', '?', '[', '\\']));
        if stars != 1 || bad.is_some() {
            return Err(format!(
                "`variants` entry {pattern:?} must be folder names with exactly one `*` folder, the one that changes between versions, as in \"reference/*/\" or \"*/docs/\""
            ));
        }
        Ok(VariantPattern { segments })
    }

    /// The positions in `folders` of the variant folder of every match.
    fn variant_folders<'a>(&'a self, folders: &'a [&str]) -> impl Iterator<Item = usize> + 'a {
        let n = self.segments.len();
        let star = self.segments.iter().position(Option::is_none).unwrap_or(0);
        (0..(folders.len() + 1).saturating_sub(n)).filter_map(move |at| {
            let matches = self
                .segments
                .iter()
                .zip(&folders[at..at + n])
                .all(|(s, f)| s.as_deref().is_none_or(|s| s == *f));
            matches.then_some(at + star)
        })
    }
}

/// Whether a folder name reads as a product version (`5.1`, `v2`, `1.x`,
/// `latest`) or a language (`en`, `fr`, `pt-br`, `zh-hans`).
fn is_variant_folder(name: &str) -> bool {
    const NAMED: &[&str] = &[
        "latest",
        "stable",
        "next",
        "current",
        "nightly",
        "beta",
        "unreleased",
        "dev",
    ];
    const LANGUAGES: &[&str] = &[
        "ar", "bg", "bn", "ca", "cs", "da", "de", "el", "en", "es", "et", "fa", "fi", "fr", "he",
        "hi", "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "ms", "nb", "nl", "no", "pl", "pt",
        "ro", "ru", "sk", "sl", "sr", "sv", "th", "tr", "uk", "vi", "zh",
    ];
    let lower = name.to_ascii_lowercase();
    if NAMED.contains(&lower.as_str()) {
        return true;
    }
    let (language, region) = lower.split_once(['-', '_']).unwrap_or((&lower, ""));
    if LANGUAGES.contains(&language)
        && (region.is_empty() || (2..=4).contains(&region.len()))
        && region.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return true;
    }
    let version = lower.strip_prefix('v').unwrap_or(&lower);
    let mut parts = version.split('.');
    let first_is_number = parts
        .next()
        .is_some_and(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()));
    let rest: Vec<&str> = parts.collect();
    first_is_number
        && (lower.starts_with('v') || !rest.is_empty())
        && rest
            .iter()
            .all(|p| *p == "x" || (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_and_language_folders_are_recognised() {
        for name in [
            "5.1", "7.4", "v2", "v1.3", "1.x", "latest", "en", "pt-br", "zh_hans",
        ] {
            assert!(is_variant_folder(name), "{name}");
        }
        for name in [
            "2023",
            "posts",
            "go",
            "12",
            "inside-rust",
            "v",
            "1.2a",
            "english",
        ] {
            assert!(!is_variant_folder(name), "{name}");
        }
    }

    #[test]
    fn variant_patterns_find_their_star_folder() {
        let p = VariantPattern::new("reference/*/").unwrap();
        let folders = ["site", "reference", "5.1", "Core"];
        assert_eq!(p.variant_folders(&folders).collect::<Vec<_>>(), vec![2]);
        assert_eq!(p.variant_folders(&["reference"]).count(), 0);
        for bad in ["reference/", "*/*/", "docs/v*/", "a//*/"] {
            assert!(VariantPattern::new(bad).is_err(), "{bad}");
        }
    }
}
