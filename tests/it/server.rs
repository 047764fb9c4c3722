//! `postlint server` driven over JSON-RPC on pipes, as an editor drives it:
//! the handshake, diagnostics from unsaved text against the corpus, quick
//! fixes, hover, config errors on the config file, bad messages, and the
//! protocol's ending.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{json as run_json, postlint, repo};

const WAIT: Duration = Duration::from_secs(30);

/// A client talking to one server process.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    next_id: u64,
    folder: PathBuf,
}

impl Client {
    /// Starts a server in `folder` and completes the handshake.
    fn start(folder: &Path) -> Client {
        Client::start_with(folder, json!({}))
    }

    /// [`Client::start`] for a client that can also do what `workspace`
    /// (its workspace capabilities) says.
    fn start_with(folder: &Path, workspace: Value) -> Client {
        let mut client = Client::spawn(folder);
        let id = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(folder),
                "capabilities": {
                    "window": { "workDoneProgress": true, "showDocument": { "support": true } },
                    "workspace": workspace,
                },
                "initializationOptions": { "debounceMs": 0 },
            }),
        );
        let answer = client.response(id);
        assert_eq!(
            answer["result"]["serverInfo"]["name"], "postlint",
            "{answer}"
        );
        client.notify("initialized", json!({}));
        client
    }

    fn spawn(folder: &Path) -> Client {
        let mut child = postlint(folder)
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            messages,
            next_id: 0,
            folder: folder.to_path_buf(),
        }
    }

    fn raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, mut message: Value) {
        message["jsonrpc"] = json!("2.0");
        let body = serde_json::to_vec(&message).unwrap();
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend(body);
        self.raw(&frame);
    }

    fn request(&mut self, method: &str, params: Value) -> u64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "id": id, "method": method, "params": params }));
        id
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "method": method, "params": params }));
    }

    /// The next message that `wanted` accepts, skipping others.
    fn wait(&self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(_) => {}
                Err(_) => panic!("no {what} within {WAIT:?}"),
            }
        }
    }

    fn response(&self, id: u64) -> Value {
        self.wait(&format!("answer to request {id}"), |m| {
            m["id"] == json!(id) && m.get("method").is_none()
        })
    }

    /// The next diagnostics published for `post`, at `version` when given.
    fn diagnostics(&self, post: &str, version: Option<i64>) -> Vec<Value> {
        let uri = uri(&self.folder.join(post));
        let message = self.wait(&format!("diagnostics for {post}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == json!(uri)
                && version.is_none_or(|v| m["params"]["version"] == json!(v))
        });
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn open(&mut self, post: &str, text: &str) {
        let uri = uri(&self.folder.join(post));
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
    }

    fn change(&mut self, post: &str, version: i64, text: &str) {
        let uri = uri(&self.folder.join(post));
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "text": text }],
            }),
        );
    }

    /// Shuts down as the protocol asks and returns the exit code.
    fn finish(mut self) -> i32 {
        let id = self.request("shutdown", Value::Null);
        assert_eq!(self.response(id)["result"], Value::Null);
        self.notify("exit", Value::Null);
        self.exit_code()
    }

    fn exit_code(&mut self) -> i32 {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A copy of the seed posts in a fresh folder, with `config` as its
/// postlint.toml when given.
fn seed(config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(repo().join("fixtures/seed")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    if let Some(config) = config {
        std::fs::write(dir.path().join("postlint.toml"), config).unwrap();
    }
    dir
}

fn read(dir: &Path, post: &str) -> String {
    std::fs::read_to_string(dir.join(post)).unwrap()
}

/// (rule, 0-based line) of each diagnostic, sorted.
fn rules_and_lines(diagnostics: &[Value]) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The seed paragraph that nlp-pipelines-guide.md does not have.
fn copied_paragraph(dir: &Path) -> String {
    read(dir, "devops-cqrs-patterns.md")
        .split("\n\n")
        .find(|p| p.starts_with("We started this project"))
        .unwrap()
        .to_string()
}

#[test]
fn an_open_post_gets_the_findings_a_check_reports_for_it() {
    let dir = seed(None);
    let mut client = Client::start(dir.path());
    let post = "usage-based-pricing.md";
    client.open(post, &read(dir.path(), post));
    let diagnostics = client.diagnostics(post, Some(1));

    let report = run_json(postlint(dir.path()).arg("check"));
    let mut expected: Vec<(String, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == post)
        .map(|d| {
            let line = d["range"]["start"]["line"].as_u64().unwrap() - 1;
            (d["rule"].as_str().unwrap().to_string(), line)
        })
        .collect();
    expected.sort();
    assert!(!expected.is_empty());
    assert_eq!(rules_and_lines(&diagnostics), expected);

    let duplicate = diagnostics
        .iter()
        .find(|d| d["code"] == "duplicate-paragraph")
        .unwrap();
    assert_eq!(duplicate["source"], "postlint");
    assert_eq!(duplicate["severity"], 2, "warning");
    assert!(
        duplicate["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .contains("duplicate_paragraph"),
        "{duplicate}"
    );
    assert_eq!(client.finish(), 0);
}

#[test]
fn a_pasted_paragraph_is_reported_before_saving_and_its_quick_fix_silences_it() {
    let dir = seed(Some("[rules.duplicate-paragraph]\nsimilarity = 0.85\n"));
    let mut client = Client::start(dir.path());
    let post = "nlp-pipelines-guide.md";
    let original = read(dir.path(), post);
    client.open(post, &original);
    let before = client.diagnostics(post, Some(1));
    assert!(before.iter().all(|d| d["code"] != "duplicate-paragraph"));

    let pasted = format!("{original}\n{}\n", copied_paragraph(dir.path()));
    client.change(post, 2, &pasted);
    let after = client.diagnostics(post, Some(2));
    let duplicate = after
        .iter()
        .find(|d| d["code"] == "duplicate-paragraph")
        .expect("a duplicate-paragraph diagnostic for the pasted paragraph");
    let related = &duplicate["relatedInformation"][0];
    assert_eq!(
        related["location"]["uri"],
        json!(uri(&dir.path().join("devops-cqrs-patterns.md")))
    );
    assert_eq!(related["message"], "original");

    let id = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri(&dir.path().join(post)) },
            "range": duplicate["range"],
            "context": { "diagnostics": [duplicate] },
        }),
    );
    let actions = client.response(id)["result"].as_array().unwrap().clone();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Go to the original (devops-cqrs-patterns.md:9)"),
        "{titles:?}"
    );
    let allow = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Allow this paragraph")
        })
        .expect("an allow quick fix");
    let config_edit = allow["edit"]["changes"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap()[0]["newText"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        config_edit.contains("We started this project"),
        "{config_edit}"
    );

    let disable = actions
        .iter()
        .find(|a| a["title"] == "Disable duplicate-paragraph for this block")
        .unwrap();
    let edit = &disable["edit"]["changes"][uri(&dir.path().join(post))][0];
    let fixed = apply(&pasted, edit);
    client.change(post, 3, &fixed);
    let fixed_diagnostics = client.diagnostics(post, Some(3));
    assert!(
        fixed_diagnostics
            .iter()
            .all(|d| d["code"] != "duplicate-paragraph"),
        "{fixed_diagnostics:?}"
    );
    // The other findings stay: the comment names one rule.
    assert_eq!(rules_and_lines(&before).len(), fixed_diagnostics.len());
    // Nothing was written: the edits were the client's to make.
    assert_eq!(read(dir.path(), post), original);
    assert!(!read(dir.path(), "postlint.toml").contains("allow"));

    // Closing the buffer drops its unsaved text from the corpus.
    let other = "devops-cqrs-patterns.md";
    client.open(other, &read(dir.path(), other));
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri(&dir.path().join(post)) } }),
    );
    assert!(client.diagnostics(post, None).is_empty());
    assert_eq!(client.finish(), 0);
}

/// The titles of the quick fixes offered on a pasted copy in a project
/// without a config, and the allow fix, if any.
fn allow_fix_without_config(workspace: Value) -> (Vec<String>, Option<Value>) {
    let dir = seed(None);
    let mut client = Client::start_with(dir.path(), workspace);
    let post = "nlp-pipelines-guide.md";
    let pasted = format!(
        "{}\n{}\n",
        read(dir.path(), post),
        copied_paragraph(dir.path())
    );
    client.open(post, &pasted);
    let duplicate = client
        .diagnostics(post, Some(1))
        .into_iter()
        .find(|d| d["code"] == "duplicate-paragraph")
        .expect("a duplicate-paragraph diagnostic");
    let id = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri(&dir.path().join(post)) },
            "range": duplicate["range"],
            "context": { "diagnostics": [duplicate] },
        }),
    );
    let actions = client.response(id)["result"].as_array().unwrap().clone();
    assert_eq!(client.finish(), 0);
    assert!(
        !dir.path().join("postlint.toml").exists(),
        "nothing written"
    );
    let titles = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect();
    let allow = actions.into_iter().find(|a| {
        a["title"]
            .as_str()
            .unwrap()
            .starts_with("Allow this paragraph")
    });
    (titles, allow)
}

#[test]
fn without_a_config_the_allow_fix_creates_one_where_the_client_can() {
    let (_, allow) = allow_fix_without_config(json!({
        "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create"] },
    }));
    let allow = allow.expect("an allow quick fix");
    assert_eq!(
        allow["title"],
        "Allow this paragraph in a new postlint.toml (duplicate-paragraph `allow`)"
    );
    let changes = &allow["edit"]["documentChanges"];
    assert_eq!(changes[0]["kind"], "create", "{changes}");
    assert_eq!(changes[0]["options"]["overwrite"], false);
    assert!(
        changes[0]["uri"]
            .as_str()
            .unwrap()
            .ends_with("/postlint.toml")
    );
    let text = changes[1]["edits"][0]["newText"].as_str().unwrap();
    assert!(
        text.starts_with("[rules.duplicate-paragraph]\nallow = [")
            && text.contains("We started this project"),
        "{text}"
    );
    // A client that cannot create files is not offered one.
    let (titles, allow) = allow_fix_without_config(json!({}));
    assert!(allow.is_none(), "{titles:?}");
    assert!(
        titles.iter().any(|t| t.starts_with("Disable")),
        "{titles:?}"
    );
}

/// `text` with one insertion (an LSP edit whose range is empty) made.
fn apply(text: &str, edit: &Value) -> String {
    let start = &edit["range"]["start"];
    assert_eq!(edit["range"]["start"], edit["range"]["end"]);
    let line = start["line"].as_u64().unwrap() as usize;
    let column = start["character"].as_u64().unwrap() as usize;
    let offset: usize = text
        .split_inclusive('\n')
        .take(line)
        .map(str::len)
        .sum::<usize>()
        + column;
    let mut out = text.to_string();
    out.insert_str(offset, edit["newText"].as_str().unwrap());
    out
}

#[test]
fn hover_on_a_finding_explains_its_rule() {
    let dir = seed(None);
    let mut client = Client::start(dir.path());
    let post = "usage-based-pricing.md";
    client.open(post, &read(dir.path(), post));
    let diagnostics = client.diagnostics(post, Some(1));
    let duplicate = diagnostics
        .iter()
        .find(|d| d["code"] == "duplicate-paragraph")
        .unwrap();
    let id = client.request(
        "textDocument/hover",
        json!({
            "textDocument": { "uri": uri(&dir.path().join(post)) },
            "position": duplicate["range"]["start"],
        }),
    );
    let hover = client.response(id);
    let text = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        text.starts_with("**duplicate-paragraph** (warning):"),
        "{text}"
    );
    assert!(text.contains("# duplicate-paragraph"), "{text}");
    assert!(text.contains("## Options"), "{text}");

    // Nowhere near a finding: nothing.
    let id = client.request(
        "textDocument/hover",
        json!({
            "textDocument": { "uri": uri(&dir.path().join(post)) },
            "position": { "line": 10_000, "character": 0 },
        }),
    );
    assert_eq!(client.response(id)["result"], Value::Null);
    assert_eq!(client.finish(), 0);
}

#[test]
fn config_errors_are_diagnostics_on_the_config_file_and_clear_when_fixed() {
    let dir = seed(Some("[rules.duplicate-paragraph]\nsimilarity = \"high\"\n"));
    let config = uri(&dir.path().join("postlint.toml"));
    let mut client = Client::start(dir.path());
    let message = client.wait("config diagnostics", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == json!(config)
    });
    let diagnostics = message["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["severity"], 1);
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({ "line": 1, "character": 13 })
    );
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .contains("similarity"),
        "{diagnostics:?}"
    );

    std::fs::write(dir.path().join("postlint.toml"), "").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": config, "type": 2 }] }),
    );
    let cleared = client.wait("cleared config diagnostics", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == json!(config)
    });
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
    let post = "usage-based-pricing.md";
    client.open(post, &read(dir.path(), post));
    assert!(!client.diagnostics(post, Some(1)).is_empty());
    assert_eq!(client.finish(), 0);
}

#[test]
fn a_post_changed_on_disk_is_seen_by_the_open_posts() {
    let dir = seed(None);
    let mut client = Client::start(dir.path());
    let post = "stop-chasing-coverage.md";
    let text = read(dir.path(), post);
    client.open(post, &text);
    let copies = |diagnostics: &[Value]| -> Vec<Value> {
        diagnostics
            .iter()
            .filter(|d| d["code"] == "duplicate-paragraph")
            .cloned()
            .collect()
    };
    let before = copies(&client.diagnostics(post, Some(1)));

    // An older post, not open, gains a paragraph of the open one, which
    // makes the open one's paragraph the copy.
    let paragraph = text
        .split("\n\n")
        .find(|p| p.starts_with("Feature flags"))
        .unwrap()
        .to_string();
    let older = dir.path().join("devops-cqrs-patterns.md");
    let grown = format!(
        "{}\n{paragraph}\n",
        std::fs::read_to_string(&older).unwrap()
    );
    std::fs::write(&older, grown).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&older), "type": 2 }] }),
    );
    let after = copies(&client.diagnostics(post, None));
    let new: Vec<&Value> = after.iter().filter(|d| !before.contains(d)).collect();
    assert_eq!(new.len(), 1, "{after:?}");
    assert_eq!(
        new[0]["relatedInformation"][0]["location"]["uri"],
        json!(uri(&older))
    );
    assert_eq!(client.finish(), 0);
}

#[test]
fn a_malformed_message_is_answered_with_an_error_and_the_server_goes_on() {
    let dir = seed(None);
    let mut client = Client::start(dir.path());
    client.raw(b"Content-Length: 5\r\n\r\n{oops");
    let error = client.wait("an answer to the malformed message", |m| {
        m.get("error").is_some()
    });
    assert_eq!(error["id"], Value::Null);
    assert_eq!(error["error"]["code"], -32700);

    let id = client.request("textDocument/definition", json!({}));
    assert_eq!(client.response(id)["error"]["code"], -32601);
    let id = client.request("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(client.response(id)["error"]["code"], -32602);

    // Still serving.
    let post = "usage-based-pricing.md";
    client.open(post, &read(dir.path(), post));
    assert!(!client.diagnostics(post, Some(1)).is_empty());
    assert_eq!(client.finish(), 0);
}

#[test]
fn the_server_ends_as_the_protocol_says() {
    let dir = seed(None);
    // A request before initialize is refused, and the server waits on.
    let mut early = Client::spawn(dir.path());
    let id = early.request("textDocument/hover", json!({}));
    assert_eq!(early.response(id)["error"]["code"], -32002);
    // `exit` without `shutdown`: exit code 1.
    early.notify("exit", Value::Null);
    assert_eq!(early.exit_code(), 1);

    // After shutdown only exit is expected.
    let mut client = Client::start(dir.path());
    let id = client.request("shutdown", Value::Null);
    assert_eq!(client.response(id)["result"], Value::Null);
    let id = client.request("textDocument/hover", json!({}));
    assert_eq!(client.response(id)["error"]["code"], -32600);
    client.notify("exit", Value::Null);
    assert_eq!(client.exit_code(), 0);

    // A client that goes away ends the server.
    let mut gone = Client::start(dir.path());
    gone.stdin = None;
    assert_eq!(gone.exit_code(), 1);
}
