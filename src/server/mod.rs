//! `postlint server`: the language server editors talk to over stdio.
//!
//! An editor wants findings for the text being typed, against the rest of the
//! site, without saving and without paying for a full check on every
//! keystroke. The server loads the workspace once, in the background and
//! through the cache, into a [`CorpusIndex`]: every post parsed once, with
//! its per-post findings and its corpus rules' summaries. An open document's
//! buffer then replaces its post in that index ([`Linter::update`]), and the
//! corpus phase runs over the index in memory, so a paragraph pasted from
//! another post is reported before the buffer is saved, with the original
//! among its related places.
//!
//! Only open documents are reported (the index hides every other post), as
//! ruff and rumdl do: a site of 50,000 posts would otherwise flood the
//! editor's problem list. Posts changed on disk are re-read one at a time;
//! posts added or removed, or a change to `postlint.toml` or a rule file,
//! reload the workspace, which the cache makes cheap. Config errors are
//! published on the config file itself.
//!
//! Nothing here writes a post: quick fixes are edits the client applies when
//! the user picks them. The protocol loop is synchronous on one thread (the
//! checks themselves use the rayon pool); loading runs on its own thread so
//! requests are answered while a large site is read.

mod actions;
mod convert;
mod transport;

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as notify, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{Diagnostic, InitializeParams, Position, PublishDiagnosticsParams, Range, Uri};
use serde_json::Value;

use crate::cache::CacheChoice;
use crate::engine::{CorpusIndex, Kept, Linter, RunOptions};
use crate::error::SourceError;
use crate::lines::LineIndex;
use crate::progress::Progress;
use crate::rule::RuleInfo;
use crate::workspace::{ConfigSource, Workspace};

use convert::{Encoding, RuleLink};
use transport::Incoming;

/// How the server is started.
#[derive(Debug, Clone, Default)]
pub struct ServerOptions {
    /// The cache the workspace is loaded through.
    pub cache: CacheChoice,
    /// The workspace folder when the client names none: the folder the
    /// server was started in.
    pub cwd: PathBuf,
}

/// How long after the last change a document is checked, unless the client
/// says otherwise (`initializationOptions.debounceMs`): long enough that
/// typing a word costs one check, short enough to feel immediate.
const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(150);

/// How often loading progress is reported.
const PROGRESS_EVERY: Duration = Duration::from_millis(250);

/// The command that opens a related place (the original of a copy).
pub const SHOW_RELATED: &str = "postlint.showRelated";

/// Runs the server on stdin and stdout until the client exits or goes away.
/// Returns whether it was shut down as the protocol asks (exit code 0).
pub fn run(options: ServerOptions) -> bool {
    let incoming = transport::read_frames(io::stdin());
    let mut out = io::stdout();
    let Some((id, params)) = handshake(&incoming, &mut out) else {
        return false;
    };
    let mut server = Server::new(params, options, out);
    let result = actions::capabilities(server.encoding);
    server.respond(Response::new_ok(id, result));
    server.serve(&incoming)
}

/// Waits for `initialize`, answering anything before it as the protocol
/// says: requests with an error, notifications not at all.
fn handshake(
    incoming: &Receiver<Incoming>,
    out: &mut impl Write,
) -> Option<(RequestId, InitializeParams)> {
    loop {
        let message = match incoming.recv().ok()? {
            Incoming::Message(message) => message,
            Incoming::Malformed { id, code, message } => {
                transport::write_error(out, id, code, &message).ok()?;
                continue;
            }
        };
        match message {
            Message::Request(request) if request.method == req::Initialize::METHOD => {
                match serde_json::from_value::<InitializeParams>(request.params) {
                    Ok(params) => return Some((request.id, params)),
                    Err(e) => {
                        let answer = Response::new_err(
                            request.id,
                            ErrorCode::InvalidParams as i32,
                            format!("initialize: {e}"),
                        );
                        transport::write(out, &Message::Response(answer)).ok()?;
                    }
                }
            }
            Message::Request(request) => {
                let answer = Response::new_err(
                    request.id,
                    ErrorCode::ServerNotInitialized as i32,
                    "the server is not initialized yet: send `initialize` first".into(),
                );
                transport::write(out, &Message::Response(answer)).ok()?;
            }
            Message::Notification(n) if n.method == notify::Exit::METHOD => return None,
            Message::Notification(_) | Message::Response(_) => {}
        }
    }
}

/// What the client said it can do, as far as the server cares.
#[derive(Debug, Clone, Copy, Default)]
struct ClientSupport {
    progress: bool,
    show_document: bool,
    watch_files: bool,
    /// It applies workspace edits that create files: a quick fix may make
    /// the project's config.
    create_files: bool,
}

/// A document open in the editor.
struct OpenDocument {
    /// The post it is, shown from the workspace folder.
    path: PathBuf,
    text: Arc<str>,
    /// The text of its file when it was opened or last saved; `None` when
    /// it has no file yet.
    saved: Option<Arc<str>>,
    version: i32,
    /// Whether the index has this text.
    indexed: bool,
    /// What was last published for it, and the text it was for.
    marks: Marks,
    published: Option<(i32, Vec<Diagnostic>)>,
}

/// The findings published for one text of a document, for hover and quick
/// fixes.
#[derive(Default)]
struct Marks {
    text: Option<Arc<str>>,
    lines: LineIndex,
    found: Vec<actions::Mark>,
}

/// The loaded workspace: its rules and the corpus index.
struct Project {
    workspace: Workspace,
    linter: Linter,
    index: CorpusIndex,
    /// What the corpus rules learned of the index, so an edit re-checks
    /// only what it reaches.
    kept: Kept,
    rules: HashMap<String, (RuleInfo, RuleLink)>,
}

/// A load of the workspace, done on its own thread.
struct Loading {
    generation: u64,
    progress: Arc<Progress>,
    token: Option<String>,
    reported: Instant,
}

type Loaded = (u64, Result<Box<Project>, Vec<SourceError>>);

struct Server {
    out: io::Stdout,
    /// The workspace folder: paths are shown from it.
    folder: PathBuf,
    cache: CacheChoice,
    encoding: Encoding,
    debounce: Duration,
    client: ClientSupport,
    documents: BTreeMap<String, OpenDocument>,
    project: Option<Project>,
    loading: Option<Loading>,
    /// A reload asked for while one was running.
    reload_again: bool,
    generation: u64,
    loaded: (Sender<Loaded>, Receiver<Loaded>),
    /// When the documents changed since the last check are checked.
    due: Option<Instant>,
    /// Files that have config errors published on them.
    config_marked: Vec<Uri>,
    next_request: i32,
    shut_down: bool,
    /// The client stopped reading: nothing more can be said.
    gone: bool,
}

impl Server {
    fn new(params: InitializeParams, options: ServerOptions, out: io::Stdout) -> Server {
        let capabilities = &params.capabilities;
        let encoding = actions::negotiated_encoding(capabilities);
        let client = ClientSupport {
            progress: capabilities
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            show_document: capabilities
                .window
                .as_ref()
                .and_then(|w| w.show_document.as_ref())
                .is_some_and(|s| s.support),
            watch_files: capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            create_files: capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.workspace_edit.as_ref())
                .is_some_and(|e| {
                    e.document_changes == Some(true)
                        && e.resource_operations.as_ref().is_some_and(|ops| {
                            ops.contains(&lsp_types::ResourceOperationKind::Create)
                        })
                }),
        };
        let debounce = params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("debounceMs"))
            .and_then(Value::as_u64)
            .map_or(DEFAULT_DEBOUNCE, Duration::from_millis);
        Server {
            out,
            folder: workspace_folder(&params, &options.cwd),
            cache: options.cache,
            encoding,
            debounce,
            client,
            documents: BTreeMap::new(),
            project: None,
            loading: None,
            reload_again: false,
            generation: 0,
            loaded: crossbeam_channel::unbounded(),
            due: None,
            config_marked: Vec::new(),
            next_request: 0,
            shut_down: false,
            gone: false,
        }
    }

    /// The main loop. Returns whether the client shut the server down
    /// before it exited.
    fn serve(&mut self, incoming: &Receiver<Incoming>) -> bool {
        let loaded = self.loaded.1.clone();
        loop {
            let wake = self.next_wake();
            let timeout = wake.map_or(Duration::from_secs(3600), |at| {
                at.saturating_duration_since(Instant::now())
            });
            crossbeam_channel::select! {
                recv(incoming) -> message => match message {
                    Ok(Incoming::Message(Message::Notification(n))) if n.method == notify::Exit::METHOD => {
                        return self.shut_down;
                    }
                    Ok(incoming) => self.contained(incoming),
                    // The client closed our input: it is gone.
                    Err(_) => return false,
                },
                recv(loaded) -> done => if let Ok(done) = done {
                    self.finish_loading(done);
                },
                default(timeout) => {},
            }
            if self.gone {
                return false;
            }
            self.report_progress();
            // Messages already waiting (more typing) go first, so a burst of
            // changes costs one check.
            if self.due.is_some_and(|at| at <= Instant::now()) && incoming.is_empty() {
                self.due = None;
                self.check_documents();
            }
        }
    }

    fn next_wake(&self) -> Option<Instant> {
        let progress = self
            .loading
            .as_ref()
            .filter(|l| l.token.is_some())
            .map(|l| l.reported + PROGRESS_EVERY);
        match (self.due, progress) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Handles one message, so that a bug in handling it costs that message
    /// (answered with an error) and never the server.
    fn contained(&mut self, incoming: Incoming) {
        let request = match &incoming {
            Incoming::Message(Message::Request(r)) => Some(r.id.clone()),
            _ => None,
        };
        let handled = std::panic::catch_unwind(AssertUnwindSafe(|| self.handle(incoming)));
        if let Err(payload) = handled {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".into());
            let message = format!(
                "postlint failed on this message ({what}); this is a bug, please report it"
            );
            self.log(&message);
            if let Some(id) = request {
                self.respond(Response::new_err(
                    id,
                    ErrorCode::InternalError as i32,
                    message,
                ));
            }
        }
    }

    fn handle(&mut self, incoming: Incoming) {
        match incoming {
            Incoming::Malformed { id, code, message } => {
                if transport::write_error(&mut self.out.lock(), id, code, &message).is_err() {
                    self.gone = true;
                }
            }
            Incoming::Message(Message::Request(request)) => self.request(request),
            Incoming::Message(Message::Notification(n)) => self.notification(n),
            // Answers to our requests (progress tokens, registrations,
            // showDocument) need nothing more.
            Incoming::Message(Message::Response(_)) => {}
        }
    }

    fn request(&mut self, request: Request) {
        let Request { id, method, params } = request;
        if self.shut_down {
            self.respond(Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                format!("`{method}` after shutdown: only `exit` is expected now"),
            ));
            return;
        }
        let result = match method.as_str() {
            req::Shutdown::METHOD => {
                self.shut_down = true;
                Ok(Value::Null)
            }
            req::HoverRequest::METHOD => parse(params).map(|p| to_value(self.hover(p))),
            req::CodeActionRequest::METHOD => parse(params).map(|p| to_value(self.code_actions(p))),
            req::ExecuteCommand::METHOD => parse(params).and_then(|p| self.execute(p)),
            req::Initialize::METHOD => Err((
                ErrorCode::InvalidRequest,
                "the server is already initialized".to_string(),
            )),
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("postlint does not handle `{method}`"),
            )),
        };
        self.respond(match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        });
    }

    fn notification(&mut self, n: Notification) {
        let Notification { method, params } = n;
        match method.as_str() {
            notify::Initialized::METHOD => {
                self.watch_files();
                self.start_loading();
            }
            notify::DidOpenTextDocument::METHOD => {
                if let Ok(p) = parse::<lsp_types::DidOpenTextDocumentParams>(params) {
                    let doc = p.text_document;
                    self.open(doc.uri, &doc.language_id, doc.version, doc.text);
                }
            }
            notify::DidChangeTextDocument::METHOD => {
                if let Ok(p) = parse::<lsp_types::DidChangeTextDocumentParams>(params) {
                    // Full sync: the last change holds the whole text.
                    if let Some(change) = p.content_changes.into_iter().next_back() {
                        self.change(&p.text_document.uri, p.text_document.version, change.text);
                    }
                }
            }
            notify::DidCloseTextDocument::METHOD => {
                if let Ok(p) = parse::<lsp_types::DidCloseTextDocumentParams>(params) {
                    self.close(&p.text_document.uri);
                }
            }
            notify::DidSaveTextDocument::METHOD => {
                if let Ok(p) = parse::<lsp_types::DidSaveTextDocumentParams>(params) {
                    self.saved(&p.text_document.uri);
                }
            }
            notify::DidChangeWatchedFiles::METHOD => {
                if let Ok(p) = parse::<lsp_types::DidChangeWatchedFilesParams>(params) {
                    self.files_changed(p.changes);
                }
            }
            _ => {}
        }
    }

    // Documents.

    fn open(&mut self, uri: Uri, language: &str, version: i32, text: String) {
        let Some(path) = convert::path_of(&uri) else {
            return;
        };
        if !self.is_post(&path, language) {
            return;
        }
        let saved = crate::walk::read_text(&path, crate::walk::MAX_POST_BYTES)
            .ok()
            .map(Arc::from);
        let path = crate::walk::display(&path, &self.folder);
        self.documents.insert(
            uri.as_str().to_string(),
            OpenDocument {
                path,
                text: Arc::from(text),
                saved,
                version,
                indexed: false,
                marks: Marks::default(),
                published: None,
            },
        );
        self.due = Some(Instant::now());
    }

    fn change(&mut self, uri: &Uri, version: i32, text: String) {
        let Some(doc) = self.documents.get_mut(uri.as_str()) else {
            return;
        };
        doc.text = Arc::from(text);
        doc.version = version;
        doc.indexed = false;
        self.due = Some(Instant::now() + self.debounce);
    }

    /// The buffer is now its file's text: no longer newer than the posts
    /// it was copied from. A saved config or rule file reloads the
    /// workspace, when the client does not watch files for us.
    fn saved(&mut self, uri: &Uri) {
        if let Some(doc) = self.documents.get_mut(uri.as_str()) {
            doc.saved = Some(Arc::clone(&doc.text));
            doc.indexed = false;
            self.due = Some(Instant::now());
        } else if !self.client.watch_files && convert::path_of(uri).is_some_and(|p| is_settings(&p))
        {
            self.start_loading();
        }
    }

    fn close(&mut self, uri: &Uri) {
        let Some(doc) = self.documents.remove(uri.as_str()) else {
            return;
        };
        // The corpus goes back to what is on disk: the buffer's unsaved
        // text is gone with it.
        if let Some(project) = &mut self.project
            && let Some(id) = project.index.post_id(&doc.path)
        {
            project.reread(id, &self.folder.join(&doc.path));
        }
        self.publish(uri.clone(), None, Vec::new());
        // Other open posts may have been copies of this one's buffer.
        self.due = Some(Instant::now());
    }

    fn is_post(&self, path: &Path, language: &str) -> bool {
        let extensions = match &self.project {
            Some(p) => &p.workspace.config.files.extensions,
            None => &crate::walk::Files::default().extensions,
        };
        language == "markdown"
            || path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
    }

    fn files_changed(&mut self, changes: Vec<lsp_types::FileEvent>) {
        let mut reload = false;
        for change in changes {
            let Some(path) = convert::path_of(&change.uri) else {
                continue;
            };
            if is_settings(&path) {
                reload = true;
                continue;
            }
            if self.documents.contains_key(change.uri.as_str()) {
                // The buffer is what counts while it is open.
                continue;
            }
            let Some(project) = &mut self.project else {
                continue;
            };
            let display = crate::walk::display(&path, &self.folder);
            let known = project.index.post_id(&display);
            match (change.typ, known) {
                (lsp_types::FileChangeType::CHANGED, Some(id)) => project.reread(id, &path),
                (lsp_types::FileChangeType::DELETED, Some(id)) => {
                    project.linter.remove(&mut project.index, id);
                }
                // A new post: only a walk knows whether the config takes it.
                _ => reload = true,
            }
        }
        if reload {
            self.start_loading();
        }
        self.due = Some(Instant::now());
    }

    /// Puts every changed buffer into the index, runs the corpus phase and
    /// publishes what changed for each open document.
    fn check_documents(&mut self) {
        let Some(project) = &mut self.project else {
            return;
        };
        for doc in self.documents.values_mut() {
            if doc.indexed {
                continue;
            }
            let text = Arc::clone(&doc.text);
            let id = match project.index.post_id(&doc.path) {
                Some(id) => {
                    let _ = project.linter.update(&mut project.index, id, text);
                    id
                }
                None => project.linter.insert(&mut project.index, &doc.path, text),
            };
            let edited = doc.saved.as_deref() != Some(&*doc.text);
            project.index.set_edited(id, edited);
            doc.indexed = true;
        }
        let findings = project
            .linter
            .findings_again(&project.index, &mut project.kept);
        let mut by_post: HashMap<usize, Vec<&crate::diagnostic::Located>> = HashMap::new();
        for located in &findings {
            by_post
                .entry(located.finding.post)
                .or_default()
                .push(located);
        }
        let posts = &project.index.posts;
        let mut publish = Vec::new();
        for (uri, doc) in &mut self.documents {
            let Some(id) = project.index.post_id(&doc.path) else {
                continue;
            };
            let post = &posts[id];
            let mut diagnostics = Vec::new();
            let mut found = Vec::new();
            for located in by_post.get(&id).into_iter().flatten() {
                let rule = located.finding.rule.as_ref();
                let link = project.rules.get(rule).map(|(_, link)| link);
                let diagnostic =
                    convert::diagnostic(located, posts, &self.folder, link, self.encoding);
                found.push(actions::Mark::new(located, &diagnostic));
                diagnostics.push(diagnostic);
            }
            doc.marks = Marks {
                text: Some(Arc::clone(&post.source)),
                lines: post.lines.clone(),
                found,
            };
            let fresh = (doc.version, diagnostics);
            if doc.published.as_ref() != Some(&fresh) {
                publish.push((uri.clone(), fresh.0, fresh.1.clone()));
                doc.published = Some(fresh);
            }
        }
        for (uri, version, diagnostics) in publish {
            if let Ok(uri) = uri.parse() {
                self.publish(uri, Some(version), diagnostics);
            }
        }
    }

    // Loading.

    fn watch_files(&mut self) {
        if !self.client.watch_files {
            return;
        }
        let watchers = ["**/*.md", "**/*.markdown", "**/*.toml"]
            .into_iter()
            .map(|glob| lsp_types::FileSystemWatcher {
                glob_pattern: lsp_types::GlobPattern::String(glob.into()),
                kind: None,
            })
            .collect();
        let options = lsp_types::DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = lsp_types::Registration {
            id: "postlint-watch".into(),
            method: notify::DidChangeWatchedFiles::METHOD.into(),
            register_options: serde_json::to_value(options).ok(),
        };
        self.ask::<req::RegisterCapability>(lsp_types::RegistrationParams {
            registrations: vec![registration],
        });
    }

    /// Loads the workspace on its own thread: config, rules and the index
    /// of every post, through the cache.
    fn start_loading(&mut self) {
        if self.loading.is_some() {
            self.reload_again = true;
            return;
        }
        self.generation += 1;
        let generation = self.generation;
        let progress = Arc::new(Progress::default());
        let token = self
            .client
            .progress
            .then(|| format!("postlint-load-{generation}"));
        if let Some(token) = &token {
            let token = lsp_types::NumberOrString::String(token.clone());
            self.ask::<req::WorkDoneProgressCreate>(lsp_types::WorkDoneProgressCreateParams {
                token: token.clone(),
            });
            self.progress(
                &token,
                lsp_types::WorkDoneProgress::Begin(lsp_types::WorkDoneProgressBegin {
                    title: "postlint: reading posts".into(),
                    cancellable: Some(false),
                    message: None,
                    percentage: Some(0),
                }),
            );
        }
        self.loading = Some(Loading {
            generation,
            progress: Arc::clone(&progress),
            token,
            reported: Instant::now(),
        });
        let (folder, cache, sender) = (
            self.folder.clone(),
            self.cache.clone(),
            self.loaded.0.clone(),
        );
        let spawned = std::thread::Builder::new()
            .name("postlint-load".into())
            .spawn(move || {
                let loaded = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    load(folder, &cache, progress)
                }))
                .unwrap_or_else(|_| {
                    Err(vec![SourceError::new(
                        "postlint failed while loading the workspace; this is a bug, please report it",
                    )])
                });
                let _ = sender.send((generation, loaded));
            });
        if let Err(e) = spawned {
            self.log(&format!("cannot start loading the workspace: {e}"));
            self.loading = None;
        }
    }

    fn report_progress(&mut self) {
        let Some(loading) = &mut self.loading else {
            return;
        };
        let Some(token) = loading.token.clone() else {
            return;
        };
        if loading.reported.elapsed() < PROGRESS_EVERY {
            return;
        }
        loading.reported = Instant::now();
        let (done, total) = loading.progress.counts();
        let stage = loading.progress.stage();
        let (message, percentage) = match stage {
            crate::progress::Stage::Reading if total > 0 => (
                format!("{done}/{total} posts"),
                Some(u32::try_from(done * 100 / total).unwrap_or(100)),
            ),
            _ => ("finding posts".to_string(), None),
        };
        self.progress(
            &lsp_types::NumberOrString::String(token),
            lsp_types::WorkDoneProgress::Report(lsp_types::WorkDoneProgressReport {
                cancellable: Some(false),
                message: Some(message),
                percentage,
            }),
        );
    }

    fn finish_loading(&mut self, (generation, loaded): Loaded) {
        let Some(loading) = self.loading.take() else {
            return;
        };
        if loading.generation != generation {
            return;
        }
        let posts = loaded.as_ref().map_or(0, |p| p.index.posts.len());
        if let Some(token) = loading.token {
            self.progress(
                &lsp_types::NumberOrString::String(token),
                lsp_types::WorkDoneProgress::End(lsp_types::WorkDoneProgressEnd {
                    message: Some(format!("{posts} posts")),
                }),
            );
        }
        let config_errors = match loaded {
            Ok(project) => {
                for warning in project.index.cache_warnings() {
                    self.log(warning);
                }
                let errors = project.index.config_errors().to_vec();
                self.project = Some(*project);
                errors
            }
            Err(errors) => {
                self.project = None;
                self.show_error(
                    "postlint: the config or a rule file has errors; findings return once they are fixed",
                );
                errors
            }
        };
        self.publish_config_errors(&config_errors);
        for doc in self.documents.values_mut() {
            doc.indexed = false;
            if self.project.is_none() {
                doc.published = None;
            }
        }
        if self.project.is_none() {
            let uris: Vec<String> = self.documents.keys().cloned().collect();
            for uri in uris.iter().filter_map(|u| u.parse().ok()) {
                self.publish(uri, None, Vec::new());
            }
        }
        self.due = Some(Instant::now());
        if std::mem::take(&mut self.reload_again) {
            self.start_loading();
        }
    }

    fn publish_config_errors(&mut self, errors: &[SourceError]) {
        let mut by_file: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
        for error in errors {
            let Some((name, text, span)) = error.place() else {
                self.show_error(&format!("postlint: {}", error.message()));
                continue;
            };
            let Some(uri) = convert::uri_of(&self.folder.join(name)) else {
                continue;
            };
            let lines = LineIndex::new(text);
            let span = span.unwrap_or(0..0);
            let range = Range::new(
                convert::position(text, &lines, span.start, self.encoding),
                convert::position(text, &lines, span.end, self.encoding),
            );
            let mut message = error.message().to_string();
            if let Some(help) = error.help_text() {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            by_file
                .entry(uri.as_str().to_string())
                .or_default()
                .push(Diagnostic {
                    range,
                    severity: Some(lsp_types::DiagnosticSeverity::ERROR),
                    source: Some("postlint".into()),
                    message,
                    ..Diagnostic::default()
                });
        }
        let stale = std::mem::take(&mut self.config_marked);
        for uri in stale {
            if !by_file.contains_key(uri.as_str()) {
                self.publish(uri, None, Vec::new());
            }
        }
        for (uri, diagnostics) in by_file {
            if let Ok(uri) = uri.parse::<Uri>() {
                self.config_marked.push(uri.clone());
                self.publish(uri, None, diagnostics);
            }
        }
    }

    // Requests.

    fn hover(&self, params: lsp_types::HoverParams) -> Option<lsp_types::Hover> {
        let at = params.text_document_position_params;
        let doc = self.documents.get(at.text_document.uri.as_str())?;
        let project = self.project.as_ref()?;
        let marks = doc.marks.current(doc)?;
        let text = actions::hover_text(marks, at.position, |rule| {
            project.rules.get(rule).map(|(info, _)| info)
        })?;
        Some(lsp_types::Hover {
            contents: lsp_types::HoverContents::Markup(lsp_types::MarkupContent {
                kind: lsp_types::MarkupKind::Markdown,
                value: text,
            }),
            range: None,
        })
    }

    fn code_actions(
        &self,
        params: lsp_types::CodeActionParams,
    ) -> Vec<lsp_types::CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        let (Some(doc), Some(project)) = (self.documents.get(uri.as_str()), &self.project) else {
            return Vec::new();
        };
        let Some(found) = doc.marks.current(doc) else {
            return Vec::new();
        };
        let context = actions::Context {
            uri,
            text: &doc.text,
            lines: &doc.marks.lines,
            encoding: self.encoding,
            config: project.workspace.config.file.as_deref(),
            rules: &project.rules,
            show_document: self.client.show_document,
            create_files: self.client.create_files,
            folder: &self.folder,
        };
        actions::code_actions(&context, found, params.range)
    }

    fn execute(
        &mut self,
        params: lsp_types::ExecuteCommandParams,
    ) -> Result<Value, (ErrorCode, String)> {
        if params.command != SHOW_RELATED {
            return Err((
                ErrorCode::InvalidParams,
                format!(
                    "unknown command `{}`; postlint has `{SHOW_RELATED}`",
                    params.command
                ),
            ));
        }
        let location = params
            .arguments
            .into_iter()
            .next()
            .and_then(|a| serde_json::from_value::<lsp_types::Location>(a).ok())
            .ok_or((
                ErrorCode::InvalidParams,
                format!("`{SHOW_RELATED}` takes one argument, the location to show"),
            ))?;
        self.ask::<req::ShowDocument>(lsp_types::ShowDocumentParams {
            uri: location.uri,
            external: Some(false),
            take_focus: Some(true),
            selection: Some(location.range),
        });
        Ok(Value::Null)
    }

    // Output.

    fn send(&mut self, message: Message) {
        if transport::write(&mut self.out.lock(), &message).is_err() {
            self.gone = true;
        }
    }

    fn respond(&mut self, response: Response) {
        self.send(Message::Response(response));
    }

    fn notify<N: lsp_types::notification::Notification>(&mut self, params: N::Params) {
        self.send(Message::Notification(Notification::new(
            N::METHOD.into(),
            params,
        )));
    }

    /// Sends a request to the client; its answer is not awaited.
    fn ask<R: lsp_types::request::Request>(&mut self, params: R::Params) {
        self.next_request += 1;
        let id = RequestId::from(format!("postlint-{}", self.next_request));
        self.send(Message::Request(Request::new(id, R::METHOD.into(), params)));
    }

    fn publish(&mut self, uri: Uri, version: Option<i32>, diagnostics: Vec<Diagnostic>) {
        self.notify::<notify::PublishDiagnostics>(PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        });
    }

    fn progress(&mut self, token: &lsp_types::NumberOrString, value: lsp_types::WorkDoneProgress) {
        self.notify::<notify::Progress>(lsp_types::ProgressParams {
            token: token.clone(),
            value: lsp_types::ProgressParamsValue::WorkDone(value),
        });
    }

    fn log(&mut self, message: &str) {
        self.notify::<notify::LogMessage>(lsp_types::LogMessageParams {
            typ: lsp_types::MessageType::WARNING,
            message: message.to_string(),
        });
    }

    fn show_error(&mut self, message: &str) {
        self.notify::<notify::ShowMessage>(lsp_types::ShowMessageParams {
            typ: lsp_types::MessageType::ERROR,
            message: message.to_string(),
        });
    }
}

impl Project {
    /// Puts post `id` back as its file `path` reads now, hidden; a file that
    /// cannot be read is out of the corpus.
    fn reread(&mut self, id: usize, path: &Path) {
        match crate::walk::read_text(path, crate::walk::MAX_POST_BYTES) {
            Ok(text) => {
                let _ = self.linter.update(&mut self.index, id, Arc::from(text));
                self.index.hide(id);
            }
            Err(_) => self.linter.remove(&mut self.index, id),
        }
    }
}

impl Marks {
    /// The marks, when they were made for the document's current text: a
    /// quick fix computed for older text would edit the wrong bytes.
    fn current(&self, doc: &OpenDocument) -> Option<&[actions::Mark]> {
        let text = self.text.as_ref()?;
        (doc.indexed && text.as_ref() == doc.text.as_ref()).then_some(&self.found[..])
    }
}

/// Loads the workspace in `folder` as `postlint check` run there would see
/// it, and indexes every post, all hidden until opened.
fn load(
    folder: PathBuf,
    cache: &CacheChoice,
    progress: Arc<Progress>,
) -> Result<Box<Project>, Vec<SourceError>> {
    let workspace = Workspace::load(folder.clone(), &ConfigSource::default(), None)?;
    let linter = Linter::new(&workspace, &[], &[])?;
    let options = RunOptions {
        paths: vec![workspace.root.clone().unwrap_or(folder)],
        cache: workspace.cache_folder(cache),
        progress: Some(progress),
        ..RunOptions::default()
    };
    let mut index = linter.index_cached(&options);
    for id in 0..index.posts.len() {
        index.hide(id);
    }
    let rules = workspace
        .registry
        .infos()
        .into_iter()
        .filter_map(|info| {
            let href = crate::report::rule_url(&info).parse().ok()?;
            Some((info.name.to_string(), (info, RuleLink { href })))
        })
        .collect();
    Ok(Box::new(Project {
        workspace,
        linter,
        index,
        kept: Kept::default(),
        rules,
    }))
}

/// The folder the client opened: the first workspace folder, else the root
/// URI, else the folder the server was started in.
#[allow(deprecated)]
fn workspace_folder(params: &InitializeParams, cwd: &Path) -> PathBuf {
    params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .and_then(|f| convert::path_of(&f.uri))
        .or_else(|| params.root_uri.as_ref().and_then(convert::path_of))
        .unwrap_or_else(|| cwd.to_path_buf())
}

/// Whether a change to `path` can change the rules: a config file or a rule
/// file (rule files are TOML, wherever `rule-dirs` puts them).
fn is_settings(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "toml")
}

fn parse<P: serde::de::DeserializeOwned>(params: Value) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn to_value(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A position is inside a range, ends included: the cursor at a word's end
/// is still on it.
fn contains(range: &Range, at: Position) -> bool {
    range.start <= at && at <= range.end
}
