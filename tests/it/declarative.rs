//! Rule files: every kind, every scope, every rule-file error, inline tests,
//! suppressions, config, and the shipped pack on the seed.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{postlint, repo, run};

/// A project with `postlint.toml` (`rule-dirs = ["rules"]` plus `config`), the
/// rule files `rules` (name, text) and the posts `posts` (name, text).
fn project(config: &str, rules: &[(&str, &str)], posts: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("postlint.toml"),
        format!("rule-dirs = [\"rules\"]\n{config}"),
    )
    .unwrap();
    std::fs::create_dir(dir.join("rules")).unwrap();
    for (name, text) in rules {
        std::fs::write(dir.join("rules").join(name), text).unwrap();
    }
    for (name, text) in posts {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    tmp
}

/// Concise findings of `rules` (comma-separated) as "line:col text [rule]: message".
fn findings(dir: &Path, rules: &str) -> Vec<String> {
    let (code, stdout, stderr) = run(postlint(dir).args([
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--select",
        rules,
    ]));
    assert_eq!(code, 0, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let path = dir.join(d["path"].as_str().unwrap());
            let source = std::fs::read_to_string(path).unwrap();
            let start = d["offset"]["start"].as_u64().unwrap() as usize;
            let end = d["offset"]["end"].as_u64().unwrap() as usize;
            format!(
                "{}:{} {:?} [{}]: {}",
                d["range"]["start"]["line"],
                d["range"]["start"]["column"],
                &source[start..end],
                d["rule"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

fn rule(name: &str, body: &str) -> (String, String) {
    (
        format!("{name}.toml"),
        format!("name = \"{name}\"\nsummary = \"test rule\"\n{body}\n"),
    )
}

fn with_rules(
    config: &str,
    rules: &[(String, String)],
    posts: &[(&str, &str)],
) -> tempfile::TempDir {
    let rules: Vec<(&str, &str)> = rules
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    project(config, &rules, posts)
}

#[test]
fn existence_matches_whole_words_any_case_with_exceptions_and_regexes() {
    let rules = [
        rule(
            "simply",
            "kind = \"existence\"\ntokens = [\"simply\", \"just works\"]\nexceptions = [\"simply put\"]",
        ),
        rule(
            "exact-case",
            "kind = \"existence\"\nignorecase = false\ntokens = [\"Javascript\"]\nmessage = \"write JavaScript, not {match}\"",
        ),
        rule(
            "version-regex",
            "kind = \"existence\"\npatterns = ['v\\d+\\.\\d+']\nmessage = \"version {match}\"",
        ),
    ];
    let post = "# T\n\nSimply run it. It just works, simply put. Simplyfied and unsimply are words.\n\nJavascript and javascript; *SIMPLY* `simply` v1.2 [simply](https://x.y).\n";
    let tmp = with_rules("", &rules, &[("p.md", post)]);
    insta::assert_debug_snapshot!(findings(tmp.path(), "simply,exact-case,version-regex"));
}

#[test]
fn substitution_shows_the_preferred_form_in_the_matchs_case() {
    let rules = [rule(
        "plain-words",
        "kind = \"substitution\"\nswap = { \"utilize\" = \"use\", \"in order to\" = \"to\", \"e-mail\" = \"email\" }\nexceptions = [\"utilize-api\"]",
    )];
    let post = "# T\n\nUtilize the cache in order to win. We utilize-api here. Send an e-mail.\n";
    let tmp = with_rules("", &rules, &[("p.md", post)]);
    insta::assert_debug_snapshot!(findings(tmp.path(), "plain-words"));
}

#[test]
fn occurrence_counts_matches_and_elements_per_scope() {
    let rules = [
        rule(
            "exclamations",
            "kind = \"occurrence\"\nscope = \"post\"\ntokens = [\"!\"]\nmax = 3\nmessage = \"{count} exclamation marks, at most {max}\"",
        ),
        rule(
            "needs-a-link",
            "kind = \"occurrence\"\nscope = \"post\"\nelement = \"link\"\nmin = 1",
        ),
        rule(
            "one-link-per-paragraph",
            "kind = \"occurrence\"\nscope = \"paragraph\"\nelement = \"link\"\nmax = 1",
        ),
    ];
    let posts = [
        ("a.md", "# Wow!\n\nGreat! Really! Truly! Amazing!\n"),
        (
            "b.md",
            "# Calm\n\nOne [a](https://a) and [b](https://b) here.\n\nAnd [c](https://c).\n",
        ),
    ];
    let tmp = with_rules("", &rules, &posts);
    insta::assert_debug_snapshot!(findings(
        tmp.path(),
        "exclamations,needs-a-link,one-link-per-paragraph"
    ));
}

#[test]
fn conditional_requires_its_counterpart_in_the_same_scope() {
    let rules = [
        rule(
            "acronyms",
            "kind = \"conditional\"\nscope = \"post\"\nignorecase = false\nif.patterns = ['\\b([A-Z]{3,5})\\b']\nthen.patterns = ['\\b([A-Z]{3,5}) \\(']\nmessage = \"{match} is never expanded\"",
        ),
        rule(
            "promises-links",
            "kind = \"conditional\"\nscope = \"section\"\nif.tokens = [\"links below\"]\nthen.element = \"link\"",
        ),
        rule(
            "caveat",
            "kind = \"conditional\"\nscope = \"paragraph\"\nif.tokens = [\"benchmark\"]\nthen.tokens = [\"your mileage may vary\"]",
        ),
    ];
    let post = "# T\n\nWe use TLS and the API often. API (application programming interface) is defined; TLS is not.\n\n## A\n\nSee the links below.\n\n## B\n\nSee the links below: [one](https://x.y).\n\nThe benchmark won.\n\nThe benchmark won; your mileage may vary.\n";
    let tmp = with_rules("", &rules, &[("p.md", post)]);
    insta::assert_debug_snapshot!(findings(tmp.path(), "acronyms,promises-links,caveat"));
}

#[test]
fn metric_rules_compare_a_number_per_scope_with_bounds() {
    let rules = [
        rule(
            "long-sentence",
            "kind = \"metric\"\nscope = \"sentence\"\nmetric = \"words\"\nmax = 12",
        ),
        rule(
            "short-post",
            "kind = \"metric\"\nscope = \"post\"\nmetric = \"words\"\nmin = 40\nmessage = \"only {value} words, fewer than {min}\"",
        ),
        rule(
            "few-sentences",
            "kind = \"metric\"\nscope = \"paragraph\"\nmetric = \"sentences\"\nmax = 2",
        ),
        rule(
            "wordy-paragraph",
            "kind = \"metric\"\nscope = \"paragraph\"\nmetric = \"average-sentence-length\"\nmax = 10",
        ),
        rule(
            "hard-reading",
            "kind = \"metric\"\nscope = \"paragraph\"\nmetric = \"flesch-reading-ease\"\nmin = 30",
        ),
    ];
    let post = "# T\n\nShort one. Another short one. A third.\n\nThis sentence keeps going on and on and on without any pause for breath at all.\n\nComprehensive organizational infrastructure necessitates considerable investment.\n";
    let tmp = with_rules("", &rules, &[("p.md", post)]);
    insta::assert_debug_snapshot!(findings(
        tmp.path(),
        "long-sentence,short-post,few-sentences,wordy-paragraph,hard-reading"
    ));
}

#[test]
fn capitalization_checks_headings_in_title_or_sentence_case() {
    let rules = [
        rule(
            "title-case",
            "kind = \"capitalization\"\nscope = \"h2\"\nstyle = \"title\"\nexceptions = [\"macOS\"]",
        ),
        rule(
            "sentence-case",
            "kind = \"capitalization\"\nscope = \"h3\"\nstyle = \"sentence\"\nexceptions = [\"Docker\", \"Visual Studio Code\"]",
        ),
    ];
    let post = "# T\n\n## Getting started with the cli\n\n## Installing on MacOS and Linux\n\n## Notes on `cargo build` Output\n\n### Running In Docker\n\n### Running in Docker with Visual Studio Code\n\n### Using the API\n";
    let tmp = with_rules("", &rules, &[("p.md", post)]);
    insta::assert_debug_snapshot!(findings(tmp.path(), "title-case,sentence-case"));
}

#[test]
fn every_scope_sees_only_its_part_of_the_post_and_code_only_in_code() {
    let scopes = [
        "title",
        "heading",
        "h1",
        "h2",
        "h3",
        "paragraph",
        "sentence",
        "list-item",
        "blockquote",
        "link-text",
        "image-alt",
        "front-matter.tags",
        "front-matter.description",
        "section",
        "post",
        "code",
    ];
    let rules: Vec<(String, String)> = scopes
        .iter()
        .map(|scope| {
            let name = format!("in-{}", scope.replace('.', "-"));
            rule(
                &name,
                &format!("kind = \"existence\"\nscope = \"{scope}\"\ntokens = [\"zebra\"]"),
            )
        })
        .collect();
    let post = "---\ntitle: Zebra title\ndescription: \"a zebra post\"\ntags: [animals, zebra]\n---\n\n# Zebra heading\n\nA zebra paragraph. Its second sentence has a zebra.\n\n## Zebra section\n\n- a zebra item\n\n> a zebra quote\n\n### Deep zebra\n\nSee [the zebra](https://x.y) and ![a zebra](z.png) and `zebra code`.\n\n```text\nzebra block\n```\n";
    let tmp = with_rules("", &rules, &[("p.md", post)]);
    let names: Vec<String> = rules
        .iter()
        .map(|(n, _)| n.trim_end_matches(".toml").to_string())
        .collect();
    let mut by_rule: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for name in &names {
        by_rule.insert(name.clone(), Vec::new());
    }
    for f in findings(tmp.path(), &names.join(",")) {
        let rule = f
            .split('[')
            .nth(1)
            .unwrap()
            .split(']')
            .next()
            .unwrap()
            .to_string();
        by_rule
            .get_mut(&rule)
            .unwrap()
            .push(f.split(" [").next().unwrap().to_string());
    }
    // Code is matched by the code scope only.
    for (rule, found) in &by_rule {
        if rule != "in-code" {
            assert!(
                !found.iter().any(|f| f.starts_with("20:")),
                "{rule}: {found:?}"
            );
            assert!(
                !found.iter().any(|f| f.starts_with("18:62")),
                "{rule}: {found:?}"
            );
        }
    }
    insta::assert_debug_snapshot!(by_rule);
}

#[test]
fn files_and_exclude_globs_choose_the_posts_a_rule_checks() {
    let rules = [rule(
        "blog-only",
        "kind = \"existence\"\ntokens = [\"zebra\"]\nfiles = [\"blog/**\"]\nexclude = [\"*.draft.md\"]",
    )];
    let posts = [
        ("blog/a.md", "# A\n\nzebra\n"),
        ("blog/b.draft.md", "# B\n\nzebra\n"),
        ("docs/c.md", "# C\n\nzebra\n"),
    ];
    let tmp = with_rules("", &rules, &posts);
    let (_, stdout, _) =
        run(postlint(tmp.path()).args(["check", "--format", "concise", "--select", "blog-only"]));
    assert_eq!(
        stdout,
        "blog/a.md:3:1: warning: avoid \"zebra\" [blog-only]\n"
    );
}

#[test]
fn every_rule_file_problem_is_reported_in_one_run_with_its_span() {
    let rules = [
        (
            "bad-toml.toml",
            "name = \"bad-toml\"\nkind = \"existence\ntokens = [\"x\"]\n",
        ),
        (
            "unknown-key.toml",
            "name = \"unknown-key\"\nkind = \"existence\"\ntokens = [\"x\"]\ntokns = [\"y\"]\nswap = { a = \"b\" }\n",
        ),
        (
            "bad-regex.toml",
            "name = \"bad-regex\"\nkind = \"existence\"\npatterns = ['ok', '(unclosed']\n",
        ),
        (
            "unknown-scope.toml",
            "name = \"unknown-scope\"\nkind = \"existence\"\nscope = \"paragraphs\"\ntokens = [\"x\"]\n",
        ),
        (
            "unknown-kind.toml",
            "name = \"unknown-kind\"\nkind = \"existance\"\ntokens = [\"x\"]\n",
        ),
        (
            "bad-placeholder.toml",
            "name = \"bad-placeholder\"\nkind = \"existence\"\ntokens = [\"x\"]\nmessage = \"avoid {matched}\"\n",
        ),
        (
            "duplicate.toml",
            "name = \"empty-section\"\nkind = \"existence\"\ntokens = [\"x\"]\n",
        ),
        (
            "bad-test.toml",
            "name = \"bad-test\"\nkind = \"existence\"\ntokens = [\"x\"]\n\n[[test]]\ntext = \"x\"\n",
        ),
    ];
    let tmp = project("", &rules, &[("p.md", "# T\n\nText.\n")]);
    let (code, stdout, stderr) = run(postlint(tmp.path()).args(["check"]).env("NO_COLOR", "1"));
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_missing_rule_folder_is_an_error() {
    let tmp = project("", &[], &[("p.md", "# T\n\nText.\n")]);
    std::fs::write(
        tmp.path().join("postlint.toml"),
        "rule-dirs = [\"no-such-folder\"]\n",
    )
    .unwrap();
    let (code, _, stderr) = run(postlint(tmp.path()).args(["check"]).env("NO_COLOR", "1"));
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read rule folder"), "{stderr}");
    assert!(stderr.contains("no such file or directory"), "{stderr}");
}

#[test]
fn rules_test_runs_inline_tests_and_fails_on_a_broken_one() {
    let passing = "name = \"utilize\"\nkind = \"substitution\"\nswap = { \"utilize\" = \"use\" }\n\n[[test]]\ntext = \"We utilize caches.\"\nflagged = [\"utilize\"]\n\n[[test]]\ntext = \"We use caches.\"\nfindings = 0\n";
    let failing = "name = \"very\"\nkind = \"existence\"\ntokens = [\"very\"]\n\n[[test]]\ntext = \"A very good post.\"\nfindings = 0\n\n[[test]]\ntext = \"Every word.\"\nnot-flagged = [\"very\"]\n";
    let tmp = project("", &[("utilize.toml", passing)], &[]);
    let (code, stdout, _) = run(postlint(tmp.path()).args(["rules", "test", "rules"]));
    assert_eq!(code, 0);
    assert_eq!(stdout, "2 rule tests in 1 rule file: all passed\n");
    // Without a folder: the shipped pack and the config's rule-dirs.
    let (code, stdout, _) = run(postlint(tmp.path()).args(["rules", "test"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("in 6 rule files: all passed"), "{stdout}");

    std::fs::write(tmp.path().join("rules/very.toml"), failing).unwrap();
    let (code, stdout, stderr) = run(postlint(tmp.path())
        .args(["rules", "test", "rules"])
        .env("NO_COLOR", "1"));
    assert_eq!(code, 1);
    assert_eq!(stdout, "4 rule tests in 2 rule files: 1 failed\n");
    insta::assert_snapshot!(stderr);
    // `rules --format` still works beside the subcommand.
    let (code, stdout, _) = run(postlint(tmp.path()).args(["rules", "--format", "json"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("\"name\": \"very\""));
}

#[test]
fn suppression_comments_and_config_apply_to_rule_file_rules() {
    let rules = [rule(
        "no-zebra",
        "kind = \"existence\"\ntokens = [\"zebra\"]",
    )];
    let post = "# T\n\n<!-- postlint-disable-next no-zebra -->\nA zebra.\n\nAnother zebra.\n\n<!-- postlint-disable no-zebra, filler-phrase -->\n\nIt's worth noting that zebra.\n\n<!-- postlint-enable no-zebra -->\n\nLast zebra.\n";
    let tmp = with_rules(
        "\n[rules.no-zebra]\nseverity = \"error\"\n\n[[overrides]]\nfiles = [\"quiet/**\"]\nrules.no-zebra = \"off\"\n",
        &rules,
        &[("p.md", post), ("quiet/q.md", "# Q\n\nzebra\n")],
    );
    let (code, stdout, stderr) = run(postlint(tmp.path()).args(["check", "--format", "concise"]));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stdout,
        "p.md:6:9: error: avoid \"zebra\" [no-zebra]\np.md:14:6: error: avoid \"zebra\" [no-zebra]\n"
    );
    let (code, _, _) = run(postlint(tmp.path()).args(["check", "--ignore", "no-zebra"]));
    assert_eq!(code, 0);
    // Options are not a thing for rule-file rules: config says so with a span.
    std::fs::write(
        tmp.path().join("postlint.toml"),
        "rule-dirs = [\"rules\"]\n[rules.no-zebra]\ntokens = [\"x\"]\n",
    )
    .unwrap();
    let (code, _, stderr) = run(postlint(tmp.path()).args(["check"]).env("NO_COLOR", "1"));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown key `tokens` in [rules.no-zebra]"),
        "{stderr}"
    );
}

#[test]
fn off_by_default_rules_are_turned_on_by_config() {
    let post = "# Dense\n\nThe implementation of comprehensive observability infrastructure necessitates considerable organizational investment.\n";
    let tmp = project("", &[], &[("p.md", post)]);
    let (code, stdout, _) = run(postlint(tmp.path()).args(["check", "--format", "concise"]));
    assert_eq!((code, stdout.as_str()), (0, ""));
    std::fs::write(
        tmp.path().join("postlint.toml"),
        "[rules]\nlow-readability = \"info\"\n",
    )
    .unwrap();
    let (code, stdout, _) = run(postlint(tmp.path()).args(["check", "--format", "concise"]));
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("p.md:1:1: info: post has a Flesch reading ease of"),
        "{stdout}"
    );
}

#[test]
fn the_shipped_pack_flags_the_seeds_closing_filler_and_broken_promise() {
    let (_, stdout, _) = run(postlint(&repo().join("fixtures")).args([
        "check",
        "--isolated",
        "--format",
        "concise",
        "--select",
        "filler-closer,filler-opener,filler-phrase,promised-links",
        "seed",
    ]));
    insta::assert_snapshot!(stdout);
    assert!(stdout.contains("\"linked throughout this article\" promises links"));
    assert!(stdout.contains("\"Thanks for reading\" is a stock sign-off"));
}

#[test]
fn rules_explain_and_config_show_the_shipped_pack_and_team_rules() {
    let rules = [rule(
        "no-zebra",
        "kind = \"existence\"\ntokens = [\"zebra\"]\ndocs = \"## What it flags\\nZebras.\"",
    )];
    let tmp = with_rules("", &rules, &[]);
    let (code, stdout, _) = run(postlint(tmp.path()).args(["rules"]));
    assert_eq!(code, 0);
    assert!(
        stdout.contains("promised-links") && stdout.contains("no-zebra"),
        "{stdout}"
    );
    let (code, stdout, _) = run(postlint(tmp.path()).args(["explain", "no-zebra"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("Zebras."), "{stdout}");
    let (_, stdout, _) = run(postlint(tmp.path()).args(["config"]));
    assert!(stdout.contains("rule-dirs = ["), "{stdout}");
    assert!(
        stdout.contains("[rules.no-zebra]\nseverity = \"warning\""),
        "{stdout}"
    );
    assert!(
        stdout.contains("[rules.low-readability]\nseverity = \"off\""),
        "{stdout}"
    );
    let (code, stdout, _) = run(postlint(&repo()).args(["explain", "promised-links"]));
    assert_eq!(code, 0);
    insta::assert_snapshot!(stdout);
}

#[test]
fn the_readme_rule_file_example_works() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme.find("# style/rules/utilize.toml\n").unwrap();
    let end = start + readme[start..].find("```").unwrap();
    let example = &readme[start..end];
    let tmp = project(
        "",
        &[("utilize.toml", example)],
        &[("blog/p.md", "# T\n\nWe utilize caches.\n")],
    );
    let (code, stdout, stderr) = run(postlint(tmp.path()).args(["rules", "test", "rules"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("all passed"));
    let (_, stdout, _) =
        run(postlint(tmp.path()).args(["check", "--format", "concise", "--select", "utilize"]));
    assert_eq!(
        stdout,
        "blog/p.md:3:4: warning: write \"use\" instead of \"utilize\" [utilize]\n"
    );
}

#[test]
fn front_matter_scopes_point_at_list_items_and_nested_values() {
    let rules = [rule(
        "fm-zebra",
        "kind = \"existence\"\nscope = [\"title\", \"front-matter.tags\", \"front-matter.author.name\"]\ntokens = [\"zebra\"]",
    )];
    let posts = [
        (
            "a.md",
            "+++\ntitle = \"A Zebra post\"\ntags = [\"one\", \"zebra\"]\n[author]\nname = \"Zebra Jones\"\n+++\n\nBody zebra.\n",
        ),
        (
            "b.md",
            "---\ntitle: \"Quoted zebra\"\ntags:\n  - zebra\n  - two\n---\n\nBody.\n",
        ),
    ];
    let tmp = with_rules("", &rules, &posts);
    let (_, stdout, _) =
        run(postlint(tmp.path()).args(["check", "--format", "concise", "--select", "fm-zebra"]));
    let places: Vec<&str> = stdout
        .lines()
        .map(|l| l.split(": ").next().unwrap())
        .collect();
    assert_eq!(
        places,
        [
            "a.md:2:12",
            "a.md:3:17",
            "a.md:5:9",
            "b.md:2:16",
            "b.md:4:5"
        ]
    );
}

#[test]
fn link_text_and_alt_text_matches_point_inside_their_markup() {
    let rules = [rule(
        "inline-zebra",
        "kind = \"existence\"\nscope = [\"link-text\", \"image-alt\"]\ntokens = [\"zebra\"]",
    )];
    let post = "See [the *zebra* docs](https://x.y) and ![a **zebra**](z.png).\n\n## A [zebra](https://z) heading\n";
    let tmp = with_rules("", &rules, &[("p.md", post)]);
    let found = findings(tmp.path(), "inline-zebra");
    let places: Vec<&str> = found
        .iter()
        .map(|f| f.split(" [").next().unwrap())
        .collect();
    assert_eq!(
        places,
        ["1:11 \"zebra\"", "1:47 \"zebra\"", "3:7 \"zebra\""]
    );
}

#[test]
fn a_big_rule_pack_behind_the_word_filter_still_finds_every_match() {
    // 400 phrases put the automaton behind the word filter; the phrases that
    // matter sit among them, written with other case and apostrophes.
    let mut tokens: Vec<String> = (0..400).map(|i| format!("filler{i} phrase{i}")).collect();
    tokens.push("it's worth noting".into());
    tokens.push("zebra".into());
    tokens.push("!!".into());
    let list: Vec<String> = tokens.iter().map(|t| format!("{t:?}")).collect();
    let rules = [rule(
        "big-pack",
        &format!("kind = \"existence\"\ntokens = [{}]", list.join(", ")),
    )];
    let post = "# T\n\nIt’s Worth Noting that FILLER399 Phrase399 ends here!!\n\n- a Zebra, and filler3 phrase4 does not count\n";
    let tmp = with_rules("", &rules, &[("p.md", post)]);
    let found = findings(tmp.path(), "big-pack");
    let texts: Vec<&str> = found
        .iter()
        .map(|f| f.split(" [").next().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "3:1 \"It’s Worth Noting\"",
            "3:24 \"FILLER399 Phrase399\"",
            "3:53 \"!!\"",
            "5:5 \"Zebra\""
        ]
    );
}
