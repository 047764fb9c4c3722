//! JSON-RPC over stdio, framed as LSP frames it (`Content-Length` headers).
//!
//! lsp-server's own stdio transport ends the connection on the first body that
//! is not a JSON-RPC message, so one bad message from a client (or a person
//! typing into the pipe) would kill the server. This reader keeps going: a
//! body that is not JSON, or not a message, is handed on as [`Incoming::Malformed`]
//! for the server to answer with an error, and the next frame is read as
//! usual. Only the end of input, or headers it cannot frame, end it.

use std::io::{self, BufRead, Read, Write};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{ErrorCode, Message};
use serde_json::Value;

/// The largest body accepted: a post may be 16 MiB (`walk::MAX_POST_BYTES`),
/// and JSON escapes can grow it several times over.
const MAX_BODY_BYTES: usize = 128 << 20;

/// What the reader hands the server.
pub enum Incoming {
    Message(Message),
    /// A frame whose body is not a message: the error to answer, and the
    /// request id when the body had one.
    Malformed {
        id: Value,
        code: ErrorCode,
        message: String,
    },
}

/// Starts the thread that reads frames from `input` until it ends.
pub fn read_frames(input: impl Read + Send + 'static) -> Receiver<Incoming> {
    let (sender, receiver) = crossbeam_channel::unbounded();
    std::thread::Builder::new()
        .name("postlint-lsp-reader".into())
        .spawn(move || read_loop(io::BufReader::new(input), &sender))
        .map_err(|e| eprintln!("postlint server: cannot start the reader: {e}"))
        .ok();
    receiver
}

fn read_loop(mut input: impl BufRead, sender: &Sender<Incoming>) {
    loop {
        let body = match read_frame(&mut input) {
            Ok(Some(body)) => body,
            Ok(None) => return,
            Err(problem) => {
                // Headers that cannot be framed leave no way to find the
                // next message: say why on stderr, where clients log it.
                eprintln!("postlint server: {problem}; closing the connection");
                return;
            }
        };
        let incoming = parse(&body);
        let exit =
            matches!(&incoming, Incoming::Message(Message::Notification(n)) if n.method == "exit");
        if sender.send(incoming).is_err() || exit {
            return;
        }
    }
}

/// One frame's body, `None` at the end of input.
fn read_frame(input: &mut impl BufRead) -> Result<Option<Vec<u8>>, String> {
    let mut length = None;
    let mut line = String::new();
    let mut first = true;
    loop {
        line.clear();
        let read = input
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the input: {e}"))?;
        if read == 0 {
            return if first {
                Ok(None)
            } else {
                Err("the input ended inside a message's headers".into())
            };
        }
        first = false;
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if length.is_none() {
                // Stray blank lines between frames are harmless.
                first = true;
                continue;
            }
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            let value = value.trim();
            length = Some(
                value
                    .parse::<usize>()
                    .map_err(|_| format!("Content-Length `{value}` is not a number of bytes"))?,
            );
        }
    }
    let length = length.unwrap_or(0);
    if length > MAX_BODY_BYTES {
        return Err(format!(
            "a message of {length} bytes is more than the {MAX_BODY_BYTES} accepted"
        ));
    }
    let mut body = vec![0; length];
    input
        .read_exact(&mut body)
        .map_err(|e| format!("the input ended inside a message ({e})"))?;
    Ok(Some(body))
}

fn parse(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => {
            return Incoming::Malformed {
                id: Value::Null,
                code: ErrorCode::ParseError,
                message: format!("the message is not JSON: {e}"),
            };
        }
    };
    let id = value.get("id").cloned().unwrap_or(Value::Null);
    match serde_json::from_value::<Message>(value) {
        Ok(message) => Incoming::Message(message),
        Err(e) => Incoming::Malformed {
            id,
            code: ErrorCode::InvalidRequest,
            message: format!(
                "the message is not a JSON-RPC request, response or notification: {e}"
            ),
        },
    }
}

/// Writes one message, framed, and flushes it.
pub fn write(out: &mut impl Write, message: &Message) -> io::Result<()> {
    let mut value = serde_json::to_value(message)?;
    if let Value::Object(fields) = &mut value {
        fields.insert("jsonrpc".into(), Value::from("2.0"));
    }
    write_value(out, &value)
}

/// Writes the error answer to a malformed message.
pub fn write_error(
    out: &mut impl Write,
    id: Value,
    code: ErrorCode,
    message: &str,
) -> io::Result<()> {
    let value = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code as i32, "message": message },
    });
    write_value(out, &value)
}

fn write_value(out: &mut impl Write, value: &Value) -> io::Result<()> {
    let body = serde_json::to_vec(value)?;
    write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
    out.write_all(&body)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<Incoming> {
        let mut reader = io::BufReader::new(input.as_bytes());
        let mut out = Vec::new();
        while let Ok(Some(body)) = read_frame(&mut reader) {
            out.push(parse(&body));
        }
        out
    }

    #[test]
    fn a_bad_body_is_answered_and_the_next_frame_still_read() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "Content-Length: 5\r\n\r\n{{oops\r\n\r\nContent-Length: {}\r\n\r\n{good}",
            good.len()
        );
        let read = frames(&input);
        assert_eq!(read.len(), 2);
        assert!(matches!(
            &read[0],
            Incoming::Malformed {
                code: ErrorCode::ParseError,
                ..
            }
        ));
        assert!(
            matches!(&read[1], Incoming::Message(Message::Notification(n)) if n.method == "initialized")
        );
    }

    #[test]
    fn json_that_is_not_a_message_keeps_its_id() {
        let body = r#"{"jsonrpc":"2.0","id":7,"params":[]}"#;
        let read = frames(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
        match &read[..] {
            [Incoming::Malformed { id, code, .. }] => {
                assert_eq!(id, &Value::from(7));
                assert_eq!(*code as i32, ErrorCode::InvalidRequest as i32);
            }
            _ => panic!("expected one malformed message"),
        }
    }

    #[test]
    fn headers_without_a_number_end_the_input() {
        let mut reader = io::BufReader::new("Content-Length: lots\r\n\r\n{}".as_bytes());
        assert!(read_frame(&mut reader).is_err());
    }
}
