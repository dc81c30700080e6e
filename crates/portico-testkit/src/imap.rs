//! A real IMAP server for tests: Debian's Dovecot, started with a throwaway configuration on
//! loopback ports (plain IMAP, and IMAPS with a certificate from a CA made for the test),
//! users in a passwd file, mail in a temporary directory. Messages are appended over IMAP,
//! as a mail server delivering them would make them appear.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

pub struct Dovecot {
    pub port: u16,
    pub tls_port: u16,
    /// The CA that signed the server's certificate (trust it to connect over TLS).
    pub ca_file: PathBuf,
    dir: PathBuf,
    child: Child,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl").args(args).current_dir(dir).output().expect("openssl (for the test CA)");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A CA, and a certificate it signed for 127.0.0.1 and localhost.
fn certificates(dir: &Path) {
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
    let mut ca =
        vec!["req", "-x509", "-days", "2", "-subj", "/CN=Portico test CA", "-keyout", "ca.key", "-out", "ca.pem"];
    ca.extend(ec);
    ca.extend(["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
    openssl(dir, &ca);
    let mut req = vec!["req", "-subj", "/CN=localhost", "-keyout", "key.pem", "-out", "server.csr"];
    req.extend(ec);
    openssl(dir, &req);
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "server.ext",
            "-out",
            "cert.pem",
        ],
    );
}

impl Dovecot {
    /// Start a server with these (user, password) accounts; waits until it accepts connections.
    pub async fn start(users: &[(&str, &str)]) -> Dovecot {
        let dir = std::env::temp_dir().join(format!("portico-dovecot-{}", uuid::Uuid::now_v7().simple()));
        for sub in ["run", "state", "mail"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        certificates(&dir);
        let passwd: String = users.iter().map(|(u, p)| format!("{u}:{{PLAIN}}{p}::::::\n")).collect();
        std::fs::write(dir.join("users"), passwd).unwrap();
        // Dovecot will not store mail as root: as root, mail belongs to nobody.
        let uid = unsafe_uid();
        let (mail_uid, mail_gid) = if uid == 0 { (65534, 65534) } else { (uid, unsafe_gid()) };
        if uid == 0 {
            std::os::unix::fs::chown(dir.join("mail"), Some(mail_uid), Some(mail_gid)).unwrap();
        }
        let (port, tls_port) = (free_port(), free_port());
        let d = dir.display();
        let conf = format!(
            "protocols = imap\nlisten = 127.0.0.1\nbase_dir = {d}/run\nstate_dir = {d}/state\nlog_path = {d}/dovecot.log\n\
             ssl = yes\nssl_cert = <{d}/cert.pem\nssl_key = <{d}/key.pem\n\
             disable_plaintext_auth = no\nauth_mechanisms = plain login\n\
             default_internal_user = {internal}\ndefault_login_user = {login}\n\
             mail_location = maildir:{d}/mail/%u\nfirst_valid_uid = 1\n\
             passdb {{\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u {d}/users\n}}\n\
             userdb {{\n  driver = static\n  args = uid={mail_uid} gid={mail_gid} home={d}/mail/%u\n}}\n\
             service imap-login {{\n  chroot =\n  inet_listener imap {{\n    address = 127.0.0.1\n    port = {port}\n  }}\n  \
             inet_listener imaps {{\n    address = 127.0.0.1\n    port = {tls_port}\n    ssl = yes\n  }}\n}}\n\
             service anvil {{\n  chroot =\n}}\nprotocol imap {{\n  mail_max_userip_connections = 100\n}}\n",
            internal = if uid == 0 { "dovecot".to_string() } else { me() },
            login = if uid == 0 { "dovenull".to_string() } else { me() },
        );
        std::fs::write(dir.join("dovecot.conf"), conf).unwrap();
        let child = Command::new(dovecot_binary())
            .args(["-F", "-c"])
            .arg(dir.join("dovecot.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dovecot (bin/test-deps installs dovecot-imapd)");
        let server = Dovecot { port, tls_port, ca_file: dir.join("ca.pem"), dir, child };
        for _ in 0..100 {
            if TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "dovecot did not start: {}",
            std::fs::read_to_string(server.dir.join("dovecot.log")).unwrap_or_default()
        );
    }

    /// Append a message to a user's folder over IMAP (APPEND with a literal).
    pub async fn append(&self, user: &str, password: &str, folder: &str, raw: &[u8]) {
        let sock = TcpStream::connect(("127.0.0.1", self.port)).await.unwrap();
        let (r, mut w) = sock.into_split();
        let mut lines = BufReader::new(r);
        let mut line = String::new();
        lines.read_line(&mut line).await.unwrap();
        let mut expect = async |w: &mut tokio::net::tcp::OwnedWriteHalf, send: &[u8], until: &str| {
            w.write_all(send).await.unwrap();
            loop {
                line.clear();
                assert!(lines.read_line(&mut line).await.unwrap() > 0, "IMAP connection closed");
                if line.starts_with(until) {
                    assert!(!line.contains(" NO ") && !line.contains(" BAD "), "IMAP refused: {line}");
                    return;
                }
            }
        };
        expect(&mut w, format!("a1 LOGIN \"{user}\" \"{password}\"\r\n").as_bytes(), "a1 ").await;
        expect(&mut w, format!("a2 APPEND \"{folder}\" {{{}}}\r\n", raw.len()).as_bytes(), "+").await;
        let mut body = raw.to_vec();
        body.extend_from_slice(b"\r\n");
        expect(&mut w, &body, "a2 ").await;
        expect(&mut w, b"a3 LOGOUT\r\n", "a3 ").await;
    }

    /// What the server logged (for a failing test's message).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("dovecot.log")).unwrap_or_default()
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A user not running as root runs Dovecot's own processes as itself.
fn me() -> String {
    std::env::var("USER").unwrap_or_else(|_| "nobody".into())
}

fn dovecot_binary() -> &'static str {
    if Path::new("/usr/sbin/dovecot").exists() { "/usr/sbin/dovecot" } else { "dovecot" }
}

fn unsafe_uid() -> u32 {
    // SAFETY: getuid cannot fail and touches no memory.
    unsafe { libc::getuid() }
}

fn unsafe_gid() -> u32 {
    // SAFETY: getgid cannot fail and touches no memory.
    unsafe { libc::getgid() }
}
