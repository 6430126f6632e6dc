//! The benchmarks' HTTP/1.1 client: one keep-alive connection per session, reading each
//! answer whole (by length or chunks) so that the next request can follow on it.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A keep-alive connection with what has been read past the last response.
pub(crate) struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

/// Sends one request on the kept-alive connection (opening one if needed) and returns the
/// status once the whole body has been read. `headers` are whole header lines (cookie or
/// bearer token, content type), each ending in CRLF.
pub(crate) async fn request(
    conn: &mut Option<Conn>,
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &str,
    body: &str,
) -> std::io::Result<u16> {
    let c = match conn {
        Some(c) => c,
        None => {
            let stream = TcpStream::connect(addr).await?;
            stream.set_nodelay(true)?;
            conn.insert(Conn { stream, buf: Vec::with_capacity(64 * 1024) })
        }
    };
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}");
    if method != "GET" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    head.push_str(body);
    c.stream.write_all(head.as_bytes()).await?;

    let end = loop {
        if let Some(i) = find(&c.buf, b"\r\n\r\n") {
            break i + 4;
        }
        fill(c).await?;
    };
    let text = String::from_utf8_lossy(&c.buf[..end]).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse::<u16>().ok()).ok_or_else(|| bad("no status line"))?;
    let header = |name: &str| {
        text.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_ascii_lowercase())
        })
    };
    let close = header("connection").is_some_and(|v| v == "close");
    c.buf.drain(..end);
    if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        read_chunked(c).await?;
    } else {
        let len: usize = header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
        while c.buf.len() < len {
            fill(c).await?;
        }
        c.buf.drain(..len);
    }
    if close {
        *conn = None;
    }
    Ok(status)
}

async fn read_chunked(c: &mut Conn) -> std::io::Result<()> {
    loop {
        let line_end = loop {
            if let Some(i) = find(&c.buf, b"\r\n") {
                break i;
            }
            fill(c).await?;
        };
        let size_text = String::from_utf8_lossy(&c.buf[..line_end]).into_owned();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| bad("bad chunk size"))?;
        c.buf.drain(..line_end + 2);
        if size == 0 {
            // No trailers are sent by the server: just the closing CRLF.
            while c.buf.len() < 2 {
                fill(c).await?;
            }
            c.buf.drain(..2);
            return Ok(());
        }
        while c.buf.len() < size + 2 {
            fill(c).await?;
        }
        c.buf.drain(..size + 2);
    }
}

async fn fill(c: &mut Conn) -> std::io::Result<()> {
    let mut chunk = [0u8; 16 * 1024];
    let n = c.stream.read(&mut chunk).await?;
    if n == 0 {
        return Err(bad("the server closed the connection"));
    }
    c.buf.extend_from_slice(&chunk[..n]);
    Ok(())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn bad(what: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned())
}
