//! `duplicate-paragraph` beyond the bad/good fixture check: what each finding
//! says, which copy is the original, how related places are capped, and the
//! pre-commit promise that a new post is compared with the whole project; and
//! versions of a page, which `duplicate-title` reads the same way.

use std::fmt::Write;
use std::path::Path;

use serde_json::Value;

use crate::support::{json, postlint, repo, run};

const RULE: &str = "duplicate-paragraph";

/// The rule's JSON findings in `dir`, run with `args` after `check`.
fn diagnostics(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut cmd = postlint(dir);
    cmd.args(["check", "--select", RULE]).args(args);
    json(&mut cmd)["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The JSON findings of both duplicate rules in `dir`, outside any config.
fn with_boilerplate(dir: &Path) -> Vec<Value> {
    let mut cmd = postlint(dir);
    cmd.args([
        "check",
        "--isolated",
        "--select",
        "duplicate-paragraph,boilerplate-paragraph",
        ".",
    ]);
    json(&mut cmd)["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn line(d: &Value) -> String {
    format!(
        "{}:{}",
        d["path"].as_str().unwrap_or("?"),
        d["range"]["start"]["line"]
    )
}

/// One line per finding: place, message, then its related places and labels.
fn describe(found: &[Value]) -> String {
    let mut out = String::new();
    for d in found {
        let _ = writeln!(out, "{}  {}", line(d), d["message"].as_str().unwrap_or(""));
        for r in d["related"].as_array().into_iter().flatten() {
            let _ = writeln!(
                out,
                "    {}  {}",
                line(r),
                r["message"].as_str().unwrap_or("")
            );
        }
    }
    out
}

/// A word of letters for `n`: numbers are one word to the rule, so generated
/// text must not tell its words apart by digits.
fn letters(mut n: usize) -> String {
    let mut word = String::from("w");
    loop {
        word.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
        if n == 0 {
            return word;
        }
    }
}

fn fixture(case: &str) -> std::path::PathBuf {
    repo().join("fixtures/rules/duplicate-paragraph").join(case)
}

fn isolated(case: &str) -> String {
    describe(&diagnostics(&fixture(case), &["--isolated", "."]))
}

fn configured(case: &str) -> String {
    describe(&diagnostics(&fixture(case), &["."]))
}

#[test]
fn every_kind_of_edit_is_caught_and_measured_against_the_original() {
    // Rewrapped, marked-up, list-item and quoted copies are the same paragraph
    // once normalised; edited, extended, shortened and shuffled ones are near
    // copies. Code, HTML, a table cell, a heading and a paraphrase are not.
    insta::assert_snapshot!(configured("mutations"));
}

#[test]
fn a_paragraph_repeated_in_one_post_is_a_copy() {
    insta::assert_snapshot!(isolated("within-post"), @r"
    bad-repeated.md:17  same paragraph as bad-repeated.md:8
        bad-repeated.md:8  original
    ");
}

#[test]
fn paragraphs_under_min_words_are_never_compared() {
    // The shared 11-word footer is ignored; the shared 12-word line is not.
    insta::assert_snapshot!(isolated("min-words"), @r"
    bad-copy.md:10  same paragraph as good-original.md:10
        good-original.md:10  original
    ");
}

#[test]
fn allowed_texts_and_patterns_are_never_reported() {
    // The notice matches its exact text despite emphasis, a dash and a line
    // break; the question line matches the pattern although its endings
    // differ. The third shared paragraph is still reported.
    insta::assert_snapshot!(configured("allow"), @r"
    bad-copy.md:10  same paragraph as good-original.md:12
        good-original.md:12  original
    ");
}

#[test]
fn report_all_flags_the_original_too() {
    insta::assert_snapshot!(configured("report-all"), @r"
    bad-copy.md:8  same paragraph as bad-original.md:8
        bad-original.md:8  original
    bad-original.md:8  paragraph is copied in 1 other place
        bad-copy.md:8  other copy
    ");
}

#[test]
fn clusters_over_max_related_list_some_places_and_give_the_count() {
    let found = diagnostics(&fixture("max-related"), &["."]);
    assert_eq!(found.len(), 7, "{}", describe(&found));
    for d in &found {
        assert_eq!(d["related"].as_array().map(Vec::len), Some(2));
        assert_eq!(d["related"][0]["path"], "good-original.md");
        assert!(
            d["message"]
                .as_str()
                .unwrap()
                .ends_with("(8 copies in all)"),
            "{d}"
        );
    }
}

#[test]
fn human_output_shows_five_copies_then_how_many_more() {
    let (code, stdout, _) = run(postlint(&fixture("mutations")).args([
        "check",
        "--select",
        RULE,
        "--color",
        "never",
        "--root",
        ".",
        "bad-exact.md",
    ]));
    assert_eq!(code, 1);
    // Nine other copies: the original and four copies shown, four counted.
    assert_eq!(stdout.matches("☞ original").count(), 1, "{stdout}");
    assert_eq!(stdout.matches("☞ other copy").count(), 4, "{stdout}");
    assert!(stdout.contains("and 4 more places"), "{stdout}");
}

#[test]
fn a_new_post_is_compared_with_the_whole_project() {
    let tmp = tempfile::tempdir().unwrap();
    let paragraph = "We invested heavily in contract testing between our services, and the \
                     upfront cost paid for itself within a quarter of fewer incidents.";
    std::fs::write(tmp.path().join("postlint.toml"), "").unwrap();
    std::fs::create_dir(tmp.path().join("posts")).unwrap();
    let write = |name: &str, date: &str| {
        let text = format!("---\ntitle: {name}\ndate: {date}\n---\n\n{paragraph}\n");
        std::fs::write(tmp.path().join("posts").join(name), text).unwrap();
    };
    write("old.md", "2020-01-01");
    write("new.md", "2024-01-01");
    // Only the new post is named (a pre-commit hook); the old one still counts.
    let found = diagnostics(tmp.path(), &["posts/new.md"]);
    assert_eq!(
        describe(&found),
        "posts/new.md:6  same paragraph as posts/old.md:6\n    posts/old.md:6  original\n"
    );
    // The old post holds the original: nothing to report for it.
    assert!(diagnostics(tmp.path(), &["posts/old.md"]).is_empty());
    // --corpus given compares only the named files.
    assert!(diagnostics(tmp.path(), &["--corpus", "given", "posts/new.md"]).is_empty());

    // Undated posts: the named (staged) copy is reported even when its path
    // sorts before the copy already in the project.
    let undated = |name: &str| {
        let text = format!("# {name}\n\n{paragraph}\n");
        std::fs::write(tmp.path().join("posts").join(name), text).unwrap();
    };
    undated("zz-existing.md");
    undated("aa-staged.md");
    std::fs::remove_file(tmp.path().join("posts/old.md")).unwrap();
    std::fs::remove_file(tmp.path().join("posts/new.md")).unwrap();
    let found = diagnostics(tmp.path(), &["posts/aa-staged.md"]);
    assert_eq!(
        describe(&found),
        "posts/aa-staged.md:3  same paragraph as posts/zz-existing.md:3\n    posts/zz-existing.md:3  original\n"
    );
}

#[test]
fn a_paragraph_in_a_thousand_posts_is_one_boilerplate_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let paragraph = "This is the standard notice that every page of the documentation repeats \
                     word for word, because the legal team asked for it.";
    for i in 0..1000 {
        let text = format!("# Page {i}\n\nPage {i} has a short text of its own.\n\n{paragraph}\n");
        std::fs::write(tmp.path().join(format!("page-{i:04}.md")), text).unwrap();
    }
    let mut cmd = postlint(tmp.path());
    cmd.args(["check", "--isolated", "."]);
    let found = json(&mut cmd)["diagnostics"].as_array().cloned().unwrap();
    assert_eq!(found.len(), 1, "{}", describe(&found));
    let finding = &found[0];
    assert_eq!(finding["rule"], "boilerplate-paragraph");
    assert_eq!(finding["severity"], "info");
    // At the newest copy (undated: the last by path), listing the first copy.
    assert_eq!(finding["path"], "page-0999.md");
    assert_eq!(finding["message"], "paragraph recurs in 1000 posts");
    assert_eq!(finding["related"][0]["path"], "page-0000.md");
    assert_eq!(finding["related"][0]["message"], "first copy");
    // The default max-related keeps the finding small.
    assert_eq!(finding["related"].as_array().map(Vec::len), Some(10));
}

#[test]
fn near_copies_give_the_same_output_for_any_thread_count() {
    // Many overlapping near copies, so the clusters depend on which pairs LSH
    // offers and union-find joins, which must not depend on scheduling.
    let tmp = tempfile::tempdir().unwrap();
    let words: Vec<String> = (0..400).map(|i| letters(i * 7919 % 1009)).collect();
    for post in 0..60 {
        let mut body = String::new();
        for para in 0..4 {
            let start = (post * 13 + para * 29) % 300;
            let mut text: Vec<&str> = words[start..start + 40]
                .iter()
                .map(String::as_str)
                .collect();
            text[(post + para) % 40] = "edited";
            let _ = write!(body, "{}\n\n", text.join(" "));
        }
        std::fs::write(tmp.path().join(format!("p{post:02}.md")), body).unwrap();
    }
    // As copies, and (the default, since the windows chain into one large
    // family) as boilerplate.
    for (config, rules, least) in [
        (
            "[rules.duplicate-paragraph]\nboilerplate-copies = 0\n",
            RULE,
            50,
        ),
        ("", "duplicate-paragraph,boilerplate-paragraph", 1),
    ] {
        std::fs::write(tmp.path().join("postlint.toml"), config).unwrap();
        let mut outputs = Vec::new();
        for threads in ["1", "3"] {
            let (_, stdout, _) = run(postlint(tmp.path()).args([
                "check", "--select", rules, "--format", "json", "-j", threads, ".",
            ]));
            outputs.push(stdout);
        }
        let findings = outputs[0].matches("\"rule\"").count();
        assert!(findings >= least, "{}", outputs[0]);
        assert_eq!(outputs[0], outputs[1]);
    }
}

#[test]
fn a_bad_allow_pattern_is_a_config_error() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("postlint.toml"),
        "[rules.duplicate-paragraph]\nallow = [\"/(unclosed/\"]\n",
    )
    .unwrap();
    std::fs::write(tmp.path().join("a.md"), "# A\n\nText.\n").unwrap();
    let (code, _, stderr) = run(postlint(tmp.path()).args(["check", "."]));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("not a valid regular expression"),
        "{stderr}"
    );
}

#[test]
fn a_chained_cluster_never_names_a_similarity_below_the_threshold() {
    // b.md changes 4 of a.md's 40 words (90% alike); c.md changes 4 more of
    // b.md's (90% alike to b.md, only 80% to a.md, below the 85% default).
    // Union-find would chain all three; c.md must name b.md, not a.md, and
    // a.md must not be listed as a copy of c.md's paragraph at all.
    let tmp = tempfile::tempdir().unwrap();
    let base: Vec<String> = (0..40).map(letters).collect();
    let edit = |words: &[String], at: &[usize]| -> Vec<String> {
        let mut out = words.to_vec();
        for &i in at {
            out[i] = format!("edited{}", letters(i));
        }
        out
    };
    let b = edit(&base, &[4, 14, 24, 34]);
    let c = edit(&b, &[9, 19, 29, 39]);
    for (name, date, words) in [
        ("a.md", "2020-01-01", &base),
        ("b.md", "2021-01-01", &b),
        ("c.md", "2022-01-01", &c),
    ] {
        let text = format!("---\ndate: {date}\n---\n\n{}\n", words.join(" "));
        std::fs::write(tmp.path().join(name), text).unwrap();
    }
    let found = diagnostics(tmp.path(), &["--isolated", "."]);
    insta::assert_snapshot!(describe(&found), @r"
    b.md:5  paragraph is 90% similar to a.md:5 (3 copies in all)
        a.md:5  original
        c.md:5  other copy
    c.md:5  paragraph is 90% similar to b.md:5
        b.md:5  original
    ");
    for d in &found {
        let message = d["message"].as_str().unwrap();
        if let Some(at) = message.find("% similar") {
            let figure: u32 = message[..at].rsplit(' ').next().unwrap().parse().unwrap();
            assert!(figure >= 85, "{message}");
        }
    }
}

#[test]
fn an_edited_post_is_rechecked_against_the_stored_paragraphs() {
    use postlint::config::Config;
    use postlint::engine::{Linter, RunOptions};
    use postlint::rules::Registry;
    use postlint::workspace::Workspace;

    let tmp = tempfile::tempdir().unwrap();
    let paragraph = "Our deployment pipeline used to take forty minutes from merge to \
                     production, and most of that time was spent waiting for one suite.";
    let old = tmp.path().join("old.md");
    let new = tmp.path().join("new.md");
    std::fs::write(&old, format!("---\ndate: 2020-01-01\n---\n\n{paragraph}\n")).unwrap();
    std::fs::write(&new, "---\ndate: 2024-01-01\n---\n\nNothing copied yet.\n").unwrap();
    let linter = Linter::new(
        &Workspace::new(
            tmp.path().to_path_buf(),
            Registry::builtin(),
            Config::default(),
        ),
        &[RULE.into()],
        &[],
    )
    .unwrap();
    let options = RunOptions {
        paths: vec![tmp.path().to_path_buf()],
        ..RunOptions::default()
    };
    let mut index = linter.build_index(&options);
    assert!(linter.findings(&index).is_empty());
    // The old post is gone from disk: only its stored paragraphs remain.
    std::fs::remove_file(&old).unwrap();
    // Paths are shown relative to the workspace folder, the temporary one.
    let id = index
        .post_id(std::path::Path::new("new.md"))
        .expect("new.md is in the index");
    let edited = format!("---\ndate: 2024-01-01\n---\n\nIntro.\n\n{paragraph}\n");
    assert!(linter.update(&mut index, id, edited.into()));
    let found: Vec<String> = linter
        .findings(&index)
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f.path.rsplit('/').next().unwrap_or(""),
                f.finding.message
            )
        })
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("new.md same paragraph as "),
        "{found:?}"
    );
    assert!(found[0].ends_with("old.md:5"), "{found:?}");
}

/// Writes `files` (path, text) under a new temporary folder.
fn project(files: &[(String, String)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = tmp.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    tmp
}

#[test]
fn a_release_heavy_blog_gets_one_finding_per_template_and_none_per_changelog_line() {
    // Forty releases, each with the templated intro and install steps, a
    // thanks line naming its version, and a changelog whose backported
    // lines recur in the next three releases.
    let mut files = Vec::new();
    for r in 0..40usize {
        let version = format!("2.{r}.0");
        let mut text = format!(
            "---\ntitle: Release {version}\ndate: 2024-{:02}-{:02}\n---\n\n\
             We are happy to announce the release of Widget {version}, the fastest and most \
             reliable version of Widget yet, with {} fixes from our community.\n\n\
             If you already have Widget installed, you can upgrade to {version} by running the \
             installer again or with the package manager of your system.\n\n\
             Many people came together to make Widget {version} happen. We could not have done \
             it without all of you, so thank you!\n\n## Changes\n\n",
            1 + r / 4,
            1 + r % 28,
            100 + r
        );
        for change in r.saturating_sub(3)..=r {
            let _ = writeln!(
                text,
                "- [a1b2c{change:03}] - **build**: update the bundled compression library to fix \
                 the crash on large archives reported by users (Jane Doe) #{}",
                1000 + change
            );
        }
        files.push((format!("posts/release-{r:02}.md"), text));
    }
    let tmp = project(&files);
    let found = with_boilerplate(tmp.path());
    let count = |rule: &str| found.iter().filter(|d| d["rule"] == rule).count();
    assert_eq!(count("duplicate-paragraph"), 0, "{}", describe(&found));
    // Intro, install steps and thanks: one finding each, at the newest post.
    assert_eq!(count("boilerplate-paragraph"), 3, "{}", describe(&found));
    for d in &found {
        assert_eq!(d["path"], "posts/release-39.md");
        assert!(
            d["message"]
                .as_str()
                .unwrap()
                .starts_with("paragraph recurs in 40 posts"),
            "{d}"
        );
    }
    // Asked for, changelog lines are compared: each backport is a copy.
    std::fs::write(
        tmp.path().join("postlint.toml"),
        "[rules.duplicate-paragraph]\nchangelog-lines = true\n",
    )
    .unwrap();
    assert!(diagnostics(tmp.path(), &["."]).len() > 30);
}

#[test]
fn versions_of_a_page_are_one_page_and_copies_between_pages_still_count() {
    let paragraph = "The Credential parameter lets you run the command as another user, and it \
                     accepts a user name or a credential object from the Get-Credential command.";
    let mut files = Vec::new();
    for version in ["5.1", "7.4", "7.5"] {
        for page in ["Get-Item", "Set-Item"] {
            files.push((
                format!("reference/{version}/Management/{page}.md"),
                format!("# {page}\n\n{paragraph}\n"),
            ));
        }
    }
    // A layout detection cannot see: `old/` and `new/` are versions too.
    for folder in ["old", "new"] {
        files.push((
            format!("guide/{folder}/install.md"),
            "# Install\n\nDownload the installer for your platform from the releases page, run \
             it once per machine, and then restart the shell so that the new path is seen.\n"
                .to_string(),
        ));
    }
    let tmp = project(&files);
    // Set-Item copies Get-Item: one finding, in the last version, naming the
    // first version of the other page; versions of one page are not copies.
    // Without `variants`, guide/new/install.md is a copy of guide/old.
    insta::assert_snapshot!(describe(&diagnostics(tmp.path(), &["--isolated", "."])), @r"
    guide/old/install.md:3  same paragraph as guide/new/install.md:3
        guide/new/install.md:3  original
    reference/7.5/Management/Set-Item.md:3  same paragraph as reference/5.1/Management/Get-Item.md:3
        reference/5.1/Management/Get-Item.md:3  original
    ");
    std::fs::write(
        tmp.path().join("postlint.toml"),
        "[rules.duplicate-paragraph]\nvariants = [\"guide/*/\"]\n",
    )
    .unwrap();
    insta::assert_snapshot!(describe(&diagnostics(tmp.path(), &["."])), @r"
    reference/7.5/Management/Set-Item.md:3  same paragraph as reference/5.1/Management/Get-Item.md:3
        reference/5.1/Management/Get-Item.md:3  original
    ");
}

#[test]
fn duplicate_title_takes_versions_of_a_page_as_one_page_and_named_entries_as_distinct() {
    // Get-Item in three versions shares its title by design; "Copy-Item" is
    // also the title of a guide page, a real clash, reported once per page at
    // the page's last version.
    let mut files = Vec::new();
    for version in ["5.1", "7.4", "7.5"] {
        for page in ["Get-Item", "Copy-Item"] {
            files.push((
                format!("reference/{version}/Management/{page}.md"),
                format!("# {page}\n\nText.\n"),
            ));
        }
    }
    files.push(("guide/copying.md".into(), "# Copy-Item\n\nText.\n".into()));
    // Entries named by their files in folders of their own are two things
    // with one name; posts in year folders are not; nor are identifiers
    // whose words are joined by a dot.
    for (path, title) in [
        ("methods/page/Permalink.md", "Permalink"),
        ("methods/site/Permalink.md", "Permalink"),
        ("posts/2023/launch.md", "Launch"),
        ("posts/2024/launch.md", "Launch"),
        // A command and a function: folding would make them one title.
        ("commands/a.md", "hugo version"),
        ("functions/b.md", "hugo.Version"),
    ] {
        files.push((path.into(), format!("# {title}\n\nText.\n")));
    }
    let tmp = project(&files);
    let mut cmd = postlint(tmp.path());
    cmd.args(["check", "--isolated", "--select", "duplicate-title", "."]);
    let found = json(&mut cmd)["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    insta::assert_snapshot!(describe(&found), @r#"
    guide/copying.md:1  title "Copy-Item" is also the title of 1 other post
        reference/7.5/Management/Copy-Item.md:1  same title
    posts/2023/launch.md:1  title "Launch" is also the title of 1 other post
        posts/2024/launch.md:1  same title
    posts/2024/launch.md:1  title "Launch" is also the title of 1 other post
        posts/2023/launch.md:1  same title
    reference/7.5/Management/Copy-Item.md:1  title "Copy-Item" is also the title of 1 other post
        guide/copying.md:1  same title
    "#);
}

#[test]
fn a_variants_entry_without_one_star_is_a_config_error_at_the_rule() {
    let tmp = project(&[
        (
            "postlint.toml".into(),
            "[rules.duplicate-paragraph]\nvariants = [\"reference/\"]\n".into(),
        ),
        ("a.md".into(), "# A\n\nText.\n".into()),
    ]);
    let (code, _, stderr) = run(postlint(tmp.path()).args(["check", "--color", "never", "."]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("exactly one `*` folder"), "{stderr}");
    // The error points into the config file.
    assert!(stderr.contains("postlint.toml:1"), "{stderr}");
}

#[test]
fn the_original_is_dated_by_front_matter_path_or_folders() {
    let paragraph = "We rewrote the scheduler so that a job waiting on a lock no longer holds a \
                     worker thread, which cut the tail latency of the queue by half.";
    let tmp = project(&[
        // Dated by a `path` value that does not start with the date.
        (
            "content/b-first.md".into(),
            format!("+++\npath = \"inside-rust/2023/03/15/first\"\n+++\n\n{paragraph}\n"),
        ),
        // Dated by `pubDate`, later.
        (
            "content/a-second.md".into(),
            format!("---\npubDate: 2023-04-02\n---\n\n{paragraph}\n"),
        ),
        // Dated by its folders, later still.
        (
            "content/2024/05/c-third.md".into(),
            format!("# Third\n\n{paragraph}\n"),
        ),
    ]);
    insta::assert_snapshot!(describe(&diagnostics(tmp.path(), &["--isolated", "."])), @r"
    content/2024/05/c-third.md:3  same paragraph as content/b-first.md:5 (3 copies in all)
        content/b-first.md:5  original
        content/a-second.md:5  other copy
    content/a-second.md:5  same paragraph as content/b-first.md:5 (3 copies in all)
        content/b-first.md:5  original
        content/2024/05/c-third.md:3  other copy
    ");
}

#[test]
fn link_lists_code_and_template_bodies_are_not_paragraphs() {
    let body = "[Alpha](a.md) | [Beta](b.md) | [Gamma](c.md) | [Delta](d.md) | [Epsilon](e.md) | \
                [Zeta](f.md) | [Eta](g.md)\n\n\
                {{< code-toggle file=hugo >}}\n[params]\nauthor = 'someone who writes the docs for \
                the site every single day of the week'\n{{< /code-toggle >}}\n\n\
                Run `hugo server --buildDrafts --buildFuture --navigateToChanged --disableFastRender` \
                with `--port 1313`.\n";
    let tmp = project(&[
        ("a.md".into(), format!("# A\n\n{body}")),
        ("b.md".into(), format!("# B\n\n{body}")),
    ]);
    assert!(diagnostics(tmp.path(), &["--isolated", "."]).is_empty());
}

#[test]
fn a_template_pasted_with_an_older_posts_version_is_a_copy_of_that_post() {
    // Twelve pre-release posts fill one template with their own version and
    // date: boilerplate. A post of another kind pastes the 1.3 instalment's
    // text, edited but with its version and date: that is a copy of the 1.3
    // post. Guides whose steps share their numbers ("Step 4") are a
    // template, not stale copies of each other.
    let mut files = Vec::new();
    for r in 0..12usize {
        files.push((
            format!("posts/prerelease-1-{r}.md"),
            format!(
                "---\ntitle: Pre-release 1.{r}.0\ndate: 2024-{:02}-01\n---\n\n\
                 The 1.{r}.0 pre-release is ready for testing. The release is scheduled for \
                 March {}, and we would love for everyone to try it out before then.\n",
                r + 1,
                r + 10
            ),
        ));
        files.push((
            format!("guides/host-on-{}.md", letters(r)),
            format!(
                "---\ntitle: Host on {}\n---\n\nStep 4\n: Commit the changes to your local Git \
                 repository and push them to the repository that your {} site builds from.\n",
                letters(r),
                if r % 4 == 0 { "new" } else { "hosted" }
            ),
        ));
    }
    files.push((
        "posts/cargo-update.md".into(),
        "---\ntitle: This cycle in Cargo\ndate: 2025-06-01\n---\n\n\
         The 1.3.0 pre-release is now ready for testing. The release is scheduled for March 13, \
         and we would love for everyone to try it out before then.\n"
            .into(),
    ));
    let tmp = project(&files);
    let found = diagnostics(tmp.path(), &["--isolated", "."]);
    insta::assert_snapshot!(describe(&found), @r"
    posts/cargo-update.md:6  paragraph is 99% similar to posts/prerelease-1-3.md:6
        posts/prerelease-1-3.md:6  original
    ");
}

#[test]
fn posts_whose_names_share_a_rare_word_are_one_series() {
    // The survey's launch posts were named anew each year, yet they share
    // "survey" and their paragraph on questions: a series' template, one
    // boilerplate finding. Once a post named otherwise holds it too, it is
    // no series' template, and every copy is reported.
    let shared = "If you have any questions, please see our frequently asked questions or \
                  email the community team, who will be glad to help you with the survey.";
    let mut files: Vec<(String, String)> = [
        "survey-2017",
        "survey-2018",
        "survey-launch-2019",
        "annual-survey-2020-launch",
    ]
    .iter()
    .enumerate()
    .map(|(i, name)| {
        (
            format!("content/{name}.md"),
            format!(
                "---\ntitle: Survey {i}\ndate: 20{}-01-01\n---\n\nThe survey {} is open.\n\n{shared}\n",
                17 + i,
                letters(i)
            ),
        )
    })
    .collect();
    // A word is a series' when one post in twenty or fewer has it.
    for i in 0..80 {
        files.push((
            format!("content/{}-news.md", letters(i)),
            format!(
                "---\ntitle: News {i}\n---\n\nNothing here repeats {}.\n",
                letters(i)
            ),
        ));
    }
    let tmp = project(&files);
    let check = || describe(&with_boilerplate(tmp.path()));
    insta::assert_snapshot!(check(), @r"
    content/annual-survey-2020-launch.md:8  paragraph recurs in 4 posts of the series `survey`
        content/survey-2017.md:8  first copy
        content/survey-2018.md:8  copy
        content/survey-launch-2019.md:8  copy
    ");
    std::fs::write(
        tmp.path().join("content/release-notes.md"),
        format!("---\ntitle: Release notes\ndate: 2021-01-01\n---\n\nWhat changed.\n\n{shared}\n"),
    )
    .unwrap();
    insta::assert_snapshot!(check(), @r"
    content/annual-survey-2020-launch.md:8  same paragraph as content/survey-2017.md:8 (5 copies in all)
        content/survey-2017.md:8  original
        content/survey-2018.md:8  other copy
        content/survey-launch-2019.md:8  other copy
        content/release-notes.md:8  other copy
    content/release-notes.md:8  same paragraph as content/survey-2017.md:8 (5 copies in all)
        content/survey-2017.md:8  original
        content/survey-2018.md:8  other copy
        content/survey-launch-2019.md:8  other copy
        content/annual-survey-2020-launch.md:8  other copy
    content/survey-2018.md:8  same paragraph as content/survey-2017.md:8 (5 copies in all)
        content/survey-2017.md:8  original
        content/survey-launch-2019.md:8  other copy
        content/annual-survey-2020-launch.md:8  other copy
        content/release-notes.md:8  other copy
    content/survey-launch-2019.md:8  same paragraph as content/survey-2017.md:8 (5 copies in all)
        content/survey-2017.md:8  original
        content/survey-2018.md:8  other copy
        content/annual-survey-2020-launch.md:8  other copy
        content/release-notes.md:8  other copy
    ");
}
