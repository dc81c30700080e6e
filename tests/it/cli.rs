//! The command line is a contract: flags, environment variables, output and exit codes.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

fn portico() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_portico"));
    c.env_remove("PORTICO_DATABASE_URL").env_remove("PORTICO_DATA_DIR").env("PORTICO_LOG", "warn");
    c
}

fn tempdir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("portico-cli-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Stops a server the test started, even when the test fails half-way.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[test]
fn every_subcommand_has_help() {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["worker", "--help"],
        vec!["migrate", "--help"],
        vec!["admin", "--help"],
        vec!["admin", "create-owner", "--help"],
        vec!["admin", "create-token", "--help"],
        vec!["admin", "list-workspaces", "--help"],
        vec!["demo", "--help"],
        vec!["openapi", "--help"],
        vec!["config", "show", "--help"],
    ] {
        let out = portico().args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Usage:"), "{args:?}: {text}");
        if args.len() > 1 {
            assert!(text.contains("--data-dir") && text.contains("--database-url"), "{args:?} lacks the global flags");
        }
    }
}

#[test]
fn admin_commands_on_sqlite() {
    let dir = tempdir();
    let d = dir.to_str().unwrap();
    let mut child = portico()
        .args(["--data-dir", d, "admin", "create-owner", "--workspace", "Café Lyon", "--email", "Olga@Cafe.test"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"a-long-password\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let list = portico().args(["--data-dir", d, "admin", "list-workspaces"]).output().unwrap();
    let text = String::from_utf8(list.stdout).unwrap();
    assert!(text.starts_with("cafe-lyon\tCafé Lyon\t"), "{text}");
    let token = portico()
        .args(["--data-dir", d, "admin", "create-token", "--email", "olga@cafe.test", "--name", "ci"])
        .output()
        .unwrap();
    assert!(String::from_utf8(token.stdout).unwrap().trim().starts_with("pt_"));
    let missing = portico()
        .args(["--data-dir", d, "admin", "create-token", "--email", "nobody@cafe.test", "--name", "ci"])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no user with e-mail nobody@cafe.test"));
    let dup = portico()
        .args([
            "--data-dir",
            d,
            "admin",
            "create-owner",
            "--workspace",
            "X",
            "--email",
            "olga@cafe.test",
            "--password",
            "a-long-password",
        ])
        .output()
        .unwrap();
    assert!(!dup.status.success());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn config_show_redacts_secrets() {
    let out = portico()
        .args(["--data-dir", "/tmp/x", "config", "show"])
        .env("PORTICO_DATABASE_URL", "postgres://app:s3cret@db.internal/portico")
        .env("PORTICO_SMTP__PASSWORD", "hunter2")
        .env("PORTICO_SMTP__HOST", "smtp.example.hr")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    assert!(text.contains("smtp.example.hr") && text.contains("data_dir = \"/tmp/x\""), "{text}");
    assert!(!text.contains("s3cret") && !text.contains("hunter2"), "{text}");
    let bad = portico().args(["config", "show"]).env("PORTICO_LISTEN", "not-an-address").output().unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("listen"));
}

#[test]
fn one_server_per_sqlite_file_busy_ports_and_graceful_stop() {
    let dir = tempdir();
    let d = dir.to_str().unwrap();
    let (port, metrics) = (free_port(), free_port());
    let listen = format!("127.0.0.1:{port}");
    let metrics_listen = format!("127.0.0.1:{metrics}");
    let server = portico()
        .args(["--data-dir", d, "serve", "--listen", &listen, "--metrics-listen", &metrics_listen])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = Running(server);
    let ready = (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(100));
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    assert!(ready, "the first server starts");
    let second = portico()
        .args(["--data-dir", d, "serve", "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert!(!second.status.success());
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("another Portico process is already serving"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    let other = tempdir();
    let busy = portico()
        .args(["--data-dir", other.to_str().unwrap(), "serve", "--listen", &format!("127.0.0.1:{port}")])
        .output()
        .unwrap();
    assert!(!busy.status.success());
    assert!(String::from_utf8_lossy(&busy.stderr).contains(&format!("cannot listen on 127.0.0.1:{port}")));
    // The metrics listener is separate from the app.
    let mut m = std::net::TcpStream::connect(("127.0.0.1", metrics)).unwrap();
    m.write_all(b"GET /metrics HTTP/1.0\r\n\r\n").unwrap();
    let mut body = String::new();
    std::io::Read::read_to_string(&mut m, &mut body).unwrap();
    assert!(body.starts_with("HTTP/1.0 200") || body.starts_with("HTTP/1.1 200"), "{body}");
    assert!(body.contains("portico_jobs{status="), "queue depth is exported: {body}");
    // SIGTERM: a clean exit.
    Command::new("kill").args(["-TERM", &first.0.id().to_string()]).status().unwrap();
    let status = first.0.wait().unwrap();
    assert!(status.success(), "graceful stop exits 0, got {status}");
    let _ = std::fs::remove_dir_all(dir);
    let _ = std::fs::remove_dir_all(other);
}

#[test]
fn openapi_command_prints_the_document() {
    let out = portico().arg("openapi").output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["info"]["title"], "Portico API");
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[test]
fn demo_loads_once_and_lists_its_accounts() {
    let dir = tempdir();
    let d = dir.to_str().unwrap();
    let out = portico().args(["--data-dir", d, "demo"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("owner@demo.portico.test") && text.contains("member.split@demo.portico.test"), "{text}");
    let again = portico().args(["--data-dir", d, "demo"]).output().unwrap();
    assert!(String::from_utf8(again.stdout).unwrap().contains("already loaded"));
    let list = portico().args(["--data-dir", d, "admin", "list-workspaces"]).output().unwrap();
    assert!(String::from_utf8(list.stdout).unwrap().starts_with("maison-lumiere\t"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn sigterm_right_after_the_port_opens_still_stops_gracefully() {
    let dir = tempdir();
    let (port, metrics) = (free_port(), free_port());
    let child = portico()
        .args(["--data-dir", dir.to_str().unwrap(), "serve"])
        .args(["--listen", &format!("127.0.0.1:{port}"), "--metrics-listen", &format!("127.0.0.1:{metrics}")])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Running(child);
    // As soon as the port accepts a connection, before the server has done anything else.
    let opened = (0..5000).any(|_| {
        std::thread::sleep(Duration::from_millis(2));
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    assert!(opened, "the server starts");
    Command::new("kill").args(["-TERM", &server.0.id().to_string()]).status().unwrap();
    let status = server.0.wait().unwrap();
    assert!(status.success(), "a SIGTERM at start-up is a graceful stop, got {status}");
    let _ = std::fs::remove_dir_all(dir);
}
