//! A minimal SMTP client for an internal relay: EHLO, MAIL FROM, RCPT TO, DATA, QUIT, each
//! reply code checked and every step under a timeout. Plain SMTP only: no STARTTLS and no
//! authentication yet, so it is meant for a relay on the internal network (docs/notifications.md).

use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};

/// Where mail goes and how long each step may take.
#[derive(Debug, Clone)]
pub struct Relay {
    pub host: String,
    pub port: u16,
    /// The name this side gives in EHLO.
    pub helo: String,
    pub timeout: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum SmtpError {
    #[error("could not reach the SMTP relay: {0}")]
    Connect(std::io::Error),
    #[error("SMTP connection failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("the SMTP relay did not answer in time ({0})")]
    Timeout(&'static str),
    #[error("the SMTP relay answered {code} to {stage}")]
    Reply { stage: &'static str, code: u16 },
    #[error("the SMTP relay sent a malformed reply to {0}")]
    Malformed(&'static str),
    #[error("an address contains a line break or angle bracket")]
    BadAddress,
}

impl SmtpError {
    /// The relay refused this one message (a 5xx to the recipient or the content); others
    /// may still go through, unlike when the relay is down.
    pub fn refused_message(&self) -> bool {
        matches!(self, SmtpError::Reply { stage: "RCPT TO" | "end of data", code } if *code >= 500)
    }
}

/// Whether `a` can go in `MAIL FROM:<…>` / `RCPT TO:<…>` and a header unchanged.
pub fn plain_address(a: &str) -> bool {
    let (local, domain) = a.split_once('@').unwrap_or(("", ""));
    !local.is_empty()
        && !domain.is_empty()
        && a.len() <= 254
        && a.chars().all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '(' | ')' | ',' | ';' | '"' | '\\'))
}

/// The message text with CRLF line ends and dot-stuffing, ended by the lone dot.
pub fn data_block(message: &str) -> String {
    let mut out = String::with_capacity(message.len() + 16);
    for line in message.lines() {
        if line.starts_with('.') {
            out.push('.');
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str(".\r\n");
    out
}

struct Conn {
    read: BufReader<OwnedReadHalf>,
    write: OwnedWriteHalf,
    timeout: Duration,
}

impl Conn {
    /// Reads one reply (all its lines) and returns its code.
    async fn reply(&mut self, stage: &'static str) -> Result<u16, SmtpError> {
        loop {
            let mut line = String::new();
            let n = tokio::time::timeout(self.timeout, self.read.read_line(&mut line))
                .await
                .map_err(|_| SmtpError::Timeout(stage))??;
            if n == 0 {
                return Err(SmtpError::Malformed(stage));
            }
            let code = line.get(..3).and_then(|c| c.parse::<u16>().ok()).ok_or(SmtpError::Malformed(stage))?;
            // "250-…" continues the reply; "250 …" or a bare "250" ends it.
            if line.as_bytes().get(3) != Some(&b'-') {
                return Ok(code);
            }
        }
    }

    async fn send(&mut self, text: &str, stage: &'static str) -> Result<(), SmtpError> {
        tokio::time::timeout(self.timeout, self.write.write_all(text.as_bytes()))
            .await
            .map_err(|_| SmtpError::Timeout(stage))??;
        Ok(())
    }

    /// Sends a command and checks that the reply is one of `ok`.
    async fn command(&mut self, text: &str, stage: &'static str, ok: &[u16]) -> Result<(), SmtpError> {
        self.send(text, stage).await?;
        expect(self.reply(stage).await?, stage, ok)
    }
}

fn expect(code: u16, stage: &'static str, ok: &[u16]) -> Result<(), SmtpError> {
    if ok.contains(&code) { Ok(()) } else { Err(SmtpError::Reply { stage, code }) }
}

/// Delivers one message (headers and body, `\n` line ends allowed) from `from` to `to`.
pub async fn send(relay: &Relay, from: &str, to: &str, message: &str) -> Result<(), SmtpError> {
    if !plain_address(from) || !plain_address(to) {
        return Err(SmtpError::BadAddress);
    }
    let stream = tokio::time::timeout(relay.timeout, TcpStream::connect((relay.host.as_str(), relay.port)))
        .await
        .map_err(|_| SmtpError::Timeout("connect"))?
        .map_err(SmtpError::Connect)?;
    let (read, write) = stream.into_split();
    let mut c = Conn { read: BufReader::new(read), write, timeout: relay.timeout };
    expect(c.reply("greeting").await?, "greeting", &[220])?;
    c.send(&format!("EHLO {}\r\n", relay.helo), "EHLO").await?;
    let code = c.reply("EHLO").await?;
    if code != 250 {
        // A relay that only speaks the old protocol.
        c.command(&format!("HELO {}\r\n", relay.helo), "HELO", &[250]).await?;
    }
    c.command(&format!("MAIL FROM:<{from}>\r\n"), "MAIL FROM", &[250]).await?;
    c.command(&format!("RCPT TO:<{to}>\r\n"), "RCPT TO", &[250, 251]).await?;
    c.command("DATA\r\n", "DATA", &[354]).await?;
    c.command(&data_block(message), "end of data", &[250]).await?;
    // The message is accepted; a relay that hangs up before answering QUIT changes nothing.
    let _ = c.command("QUIT\r\n", "QUIT", &[221]).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_are_stuffed_and_lines_end_in_crlf() {
        assert_eq!(data_block("a\n.b\n..c\nd"), "a\r\n..b\r\n...c\r\nd\r\n.\r\n");
        assert_eq!(data_block("x\r\n.\r\ny\r\n"), "x\r\n..\r\ny\r\n.\r\n");
    }

    #[test]
    fn addresses_that_could_break_the_protocol_are_refused() {
        assert!(plain_address("kari.nordmann@nav.no"));
        for bad in ["kari", "@nav.no", "kari@", "kari@nav.no>\r\nRCPT TO:<x@y", "a b@c.no", "a@b.no\n", "<a@b.no>"] {
            assert!(!plain_address(bad), "{bad:?}");
        }
    }
}
