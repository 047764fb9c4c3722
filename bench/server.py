#!/usr/bin/env python3
"""What `postlint server` costs an editor: index time, re-check latency, memory.

Starts `postlint server` in CORPUS (the workspace root), as an editor would:
initialize (debounceMs 0 unless --debounce-ms, window.workDoneProgress), initialized, then opens one
post. The index time runs from `initialized` to the end of the server's
`$/progress` (or, without progress, to the post's first diagnostics); the time
to the post's first diagnostics is printed too. Then RUNS
times it sends a didChange with the whole text and a small edit (a sentence
appended to the last line, or as a new paragraph, in turn; each one different,
so no result can be reused) and times it until the publishDiagnostics of that
document with the new version. Prints the index time, the median, min and max
latency in ms, and the server's peak RSS (VmHWM) in MB.

    bench/server.py CORPUS [--bin BIN] [--runs 7] [--post REL] [--no-cache] [--debounce-ms 0]

BIN defaults to $POSTLINT, else target/release/postlint. Set POSTLINT_CACHE_DIR
to a scratch folder for read-only corpora: the server writes its cache at the
project root otherwise. Standard library only.
"""

import argparse
import json
import os
import pathlib
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = pathlib.Path(__file__).resolve().parent.parent


class Server:
    """A `postlint server` process and its messages, read on a thread."""

    def __init__(self, cmd, cwd):
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr
        )
        self.inbox = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put((time.perf_counter(), None))
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            body = out.read(length)
            self.inbox.put((time.perf_counter(), json.loads(body)))

    def send(self, message):
        body = json.dumps(dict(jsonrpc="2.0", **message)).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return time.perf_counter()

    def notify(self, method, params):
        return self.send({"method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.next_id

    def messages(self, timeout, what):
        """Yields (time, message) until the caller stops; answers the server's
        requests on the way. Fails after `timeout` seconds."""
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            try:
                at, msg = self.inbox.get(timeout=max(left, 0))
            except queue.Empty:
                self.fail(f"timed out after {timeout} s waiting for {what}")
            if msg is None:
                self.fail(f"the server closed its output while waiting for {what}")
            if "method" in msg and "id" in msg:
                self._answer(msg)
            yield at, msg

    def _answer(self, msg):
        method = msg["method"]
        if method == "workspace/configuration":
            result = [None] * len(msg.get("params", {}).get("items", []))
        else:
            # window/workDoneProgress/create, client/registerCapability, ...
            result = None
        self.send({"id": msg["id"], "result": result})

    def peak_rss_mb(self):
        for line in pathlib.Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def fail(self, why):
        self.proc.kill()
        self.proc.wait()
        self.stderr.seek(0)
        tail = self.stderr.read().decode(errors="replace")[-3000:]
        sys.exit(f"server.py: {why}\n--- server stderr (tail):\n{tail}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=pathlib.Path)
    ap.add_argument("--bin", default=os.environ.get("POSTLINT", str(REPO / "target/release/postlint")))
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--post", help="the post to edit, relative to CORPUS (default: the first .md, sorted)")
    ap.add_argument("--no-cache", action="store_true", help="pass --no-cache to the server")
    ap.add_argument("--debounce-ms", type=int, default=0, help="the debounceMs initialization option (default 0)")
    ap.add_argument("--index-timeout", type=float, default=300)
    ap.add_argument("--timeout", type=float, default=60, help="seconds to wait for each re-check")
    args = ap.parse_args()

    root = args.corpus.resolve()
    if args.post:
        post = root / args.post
    else:
        posts = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md"))
        if not posts:
            sys.exit(f"server.py: no .md file under {root}")
        post = root / posts[0]
    uri = post.resolve().as_uri()
    text = post.read_text(encoding="utf-8")

    cmd = [args.bin, "server"] + (["--no-cache"] if args.no_cache else [])
    server = Server(cmd, root)
    server.request("initialize", {
        "processId": os.getpid(),
        "clientInfo": {"name": "postlint bench/server.py"},
        "rootUri": root.as_uri(),
        "rootPath": str(root),
        "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
        "initializationOptions": {"debounceMs": args.debounce_ms},
        "capabilities": {
            "window": {"workDoneProgress": True},
            "general": {"positionEncodings": ["utf-16"]},
            "textDocument": {
                "synchronization": {"didSave": True},
                "publishDiagnostics": {"relatedInformation": True, "versionSupport": True},
            },
        },
    })
    for _, msg in server.messages(args.timeout, "the initialize response"):
        if msg.get("id") == 1 and "method" not in msg:
            if "error" in msg:
                server.fail(f"initialize failed: {msg['error']}")
            break
    started = server.notify("initialized", {})
    # Opened at once: the server publishes it when the index is ready.
    server.notify("textDocument/didOpen", {
        "textDocument": {"uri": uri, "languageId": "markdown", "version": 0, "text": text},
    })

    progress_open = set()
    progress_end = None
    first = None
    versions_missing = False
    for at, msg in server.messages(args.index_timeout, "the index"):
        method = msg.get("method")
        if method == "$/progress":
            kind = msg["params"].get("value", {}).get("kind")
            token = json.dumps(msg["params"].get("token"))
            if kind == "begin":
                progress_open.add(token)
            elif kind == "end":
                progress_open.discard(token)
                progress_end = at
        elif method == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
            first = (at, len(msg["params"]["diagnostics"]))
        if first and not progress_open:
            break
    index_s = (progress_end or first[0]) - started
    first_s = first[0] - started

    latencies = []
    for run in range(1, args.runs + 1):
        sentence = f"This sentence was added by run {run} of the server benchmark."
        if run % 2:
            edited = text.rstrip("\n") + " " + sentence + "\n"
        else:
            edited = text.rstrip("\n") + "\n\n" + sentence + "\n"
        sent = server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": run},
            "contentChanges": [{"text": edited}],
        })
        for at, msg in server.messages(args.timeout, f"the diagnostics of version {run}"):
            if msg.get("method") != "textDocument/publishDiagnostics" or msg["params"]["uri"] != uri:
                continue
            version = msg["params"].get("version")
            if version is None:
                # Without a version the first publish after the change is taken.
                versions_missing = True
            elif version != run:
                continue
            latencies.append((at - sent) * 1000)
            break

    rss = server.peak_rss_mb()
    server.request("shutdown", None)
    for _, msg in server.messages(args.timeout, "the shutdown response"):
        if "method" not in msg and msg.get("id") == server.next_id:
            break
    server.notify("exit", None)
    try:
        code = server.proc.wait(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        server.fail("the server did not exit after shutdown and exit")

    print(f"corpus      {root}")
    print(f"post        {post.relative_to(root).as_posix()} ({first[1]} findings when opened)")
    print(f"cache       {'off (--no-cache)' if args.no_cache else os.environ.get('POSTLINT_CACHE_DIR', 'project root')}")
    print(f"index       {index_s:.2f} s ({'to $/progress end' if progress_end else 'to the first diagnostics: no $/progress'}); "
          f"first diagnostics of the post at {first_s:.2f} s")
    print(f"re-check    median {statistics.median(latencies):.1f} ms, min {min(latencies):.1f}, "
          f"max {max(latencies):.1f} ({len(latencies)} runs, didChange to publishDiagnostics)")
    print(f"peak RSS    {rss:.0f} MB")
    if versions_missing:
        print("warning     the server published diagnostics without a version", file=sys.stderr)
    if code != 0:
        print(f"warning     the server exited with code {code}", file=sys.stderr)


if __name__ == "__main__":
    main()
