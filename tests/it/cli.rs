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
        vec!["core", "--help"],
        vec!["core", "reindex", "--help"],
        vec!["mail", "ingest", "--help"],
        vec!["desk", "ingest", "--help"],
        vec!["import-csv", "--help"],
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
    assert!(dup.status.success(), "one address may own accounts in several workspaces");
    let ambiguous = portico()
        .args(["--data-dir", d, "admin", "create-token", "--email", "olga@cafe.test", "--name", "ci"])
        .output()
        .unwrap();
    assert!(!ambiguous.status.success());
    let why = String::from_utf8_lossy(&ambiguous.stderr);
    assert!(why.contains("cafe-lyon") && why.contains("--workspace"), "{why}");
    let chosen = portico()
        .args([
            "--data-dir",
            d,
            "admin",
            "create-token",
            "--email",
            "olga@cafe.test",
            "--name",
            "ci",
            "--workspace",
            "x",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8(chosen.stdout).unwrap().trim().starts_with("pt_"));
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
fn modules_bring_their_own_commands() {
    let dir = tempdir();
    let d = dir.to_str().unwrap();
    assert!(run(&["--data-dir", d, "demo"]).0);
    let (ok, said) = run(&["--help"]);
    assert!(ok && said.contains("core") && said.contains("maintenance"), "the module's command is listed: {said}");
    let (ok, said) = run(&["--data-dir", d, "core", "reindex", "--workspace", "maison-lumiere"]);
    assert!(ok, "{said}");
    let n: u64 =
        said.split("re-indexed ").nth(1).and_then(|r| r.split(' ').next()).and_then(|n| n.parse().ok()).unwrap_or(0);
    assert!(n > 20, "every searchable record of the demo: {said}");
    assert!(said.contains(&format!("reindex: {n}/{n}")), "progress as plain lines off a terminal: {said}");
    let (ok, said) = run(&["--data-dir", d, "core", "reindex", "--workspace", "nowhere"]);
    assert!(!ok && said.contains("workspace: "), "{said}");
    let (ok, said) = run(&["--data-dir", d, "core"]);
    assert!(!ok && said.contains("reindex"), "a module's command without its subcommand says what there is: {said}");
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

#[test]
fn mail_ingest_files_messages_from_files_and_stdin() {
    let dir = tempdir();
    let d = dir.to_str().unwrap();
    assert!(run(&["--data-dir", d, "demo"]).0);
    let write = |name: &str, id: &str, from: &str| {
        let path = dir.join(name);
        let raw = format!(
            "From: {from}\r\nTo: service@maison-lumiere.example\r\nSubject: Devis\r\nMessage-ID: <{id}@client.test>\r\n\r\nBonjour, un devis svp.\r\n"
        );
        std::fs::write(&path, raw).unwrap();
        path
    };
    let one = write("one.eml", "cli-1", "Nina Roux <nina.roux@client.test>");
    let mailbox = ["--workspace", "maison-lumiere", "--mailbox", "service@maison-lumiere.example"];
    let (ok, said) = run(&[&["--data-dir", d, "mail", "ingest"][..], &mailbox, &[one.to_str().unwrap()]].concat());
    assert!(ok && said.contains("one.eml: filed in contact"), "{said}");
    // Several files: a line per file that was not filed, a count, progress off a terminal.
    let two = write("two.eml", "cli-2", "Paul <paul@client.test>");
    let dup = write("dup.eml", "cli-1", "Nina Roux <nina.roux@client.test>");
    let junk = dir.join("junk.eml");
    std::fs::write(&junk, [0u8, 1, 2, 3]).unwrap();
    let files = [two.to_str().unwrap(), dup.to_str().unwrap(), junk.to_str().unwrap()];
    let (ok, said) = run(&[&["--data-dir", d, "mail", "ingest"][..], &mailbox, &files].concat());
    assert!(ok, "{said}");
    assert!(
        said.contains("junk.eml: unreadable (not_mime)")
            && said.contains("3 messages taken into service@maison-lumiere.example (1 not filed)"),
        "{said}"
    );
    assert!(said.contains("messages: 3/3"), "progress as plain lines: {said}");
    // From stdin, as a mail server's pipe hands it over.
    let mut child = portico()
        .args(["--data-dir", d, "mail", "ingest"])
        .args(mailbox)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"From: Zoe <zoe@client.test>\r\nSubject: Hi\r\n\r\nBonjour\r\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("-: filed in contact"));
    let (ok, said) =
        run(&["--data-dir", d, "mail", "ingest", "--mailbox", "nobody@nowhere.test", one.to_str().unwrap()]);
    assert!(!ok && said.contains("no mailbox nobody@nowhere.test"), "{said}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn import_csv_checks_then_imports_and_writes_the_failed_rows_beside_the_file() {
    let dir = tempdir();
    let d = dir.to_str().unwrap();
    assert!(run(&["--data-dir", d, "demo"]).0);
    let file = dir.join("candidates.csv");
    std::fs::write(
        &file,
        "ID candidat;Prénom;Nom;E-mail\nX1;Nina;Roux;nina.roux@client.test\nX2;Paul;Roy;pas-une-adresse\n",
    )
    .unwrap();
    let import = |extra: &[&str]| {
        let base = ["--data-dir", d, "import-csv", "--as", "admin@demo.portico.test", "--importer", "recruit"];
        run(&[&base[..], extra, &[file.to_str().unwrap()]].concat())
    };
    // A dry run says what would happen and what is wrong, in the admin's language (French).
    let (ok, said) = import(&["--dry-run"]);
    assert!(!ok, "a failed row is an error for scripts: {said}");
    assert!(said.contains("candidates: 1 would be created, 0 updated, 0 unchanged; 1 failed"), "{said}");
    assert!(said.contains("candidates line 3: ") && said.contains("E-mail"), "the row and the field: {said}");
    assert!(said.contains("rows: 2/2"), "progress as plain lines: {said}");
    let failed = std::fs::read_to_string(dir.join("candidates.failed.csv")).unwrap();
    assert!(
        failed.starts_with("ID candidat,Prénom,Nom,E-mail,") && failed.contains("X2,Paul,Roy,pas-une-adresse,"),
        "{failed}"
    );
    // Fixed, then imported; again, nothing is made twice.
    std::fs::write(
        &file,
        "ID candidat;Prénom;Nom;E-mail\nX1;Nina;Roux;nina.roux@client.test\nX2;Paul;Roy;paul.roy@client.test\n",
    )
    .unwrap();
    let (ok, said) = import(&[]);
    assert!(ok && said.contains("candidates: 2 were created, 0 updated, 0 unchanged; 0 failed"), "{said}");
    let (ok, said) = import(&[]);
    assert!(ok && said.contains("candidates: 0 were created, 0 updated, 2 unchanged; 0 failed"), "{said}");
    let (ok, said) = run(&[
        "--data-dir",
        d,
        "import-csv",
        "--as",
        "nobody@nowhere.test",
        "--importer",
        "recruit",
        file.to_str().unwrap(),
    ]);
    assert!(!ok && said.contains("no user with e-mail nobody@nowhere.test"), "{said}");
    let (ok, said) = run(&[
        "--data-dir",
        d,
        "import-csv",
        "--as",
        "admin@demo.portico.test",
        "--importer",
        "ledger",
        file.to_str().unwrap(),
    ]);
    assert!(!ok && said.contains("no importer ledger: one of recruit"), "{said}");
    let _ = std::fs::remove_dir_all(dir);
}

/// `portico desk ingest`: a message opens a ticket in the demo's Desk mailbox, an answer to it
/// joins its ticket, and a second copy is a duplicate.
#[test]
fn desk_ingest_opens_tickets_from_files() {
    let dir = tempdir();
    let d = dir.to_str().unwrap();
    assert!(run(&["--data-dir", d, "demo"]).0);
    let write = |name: &str, extra: &str| {
        let path = dir.join(name);
        let raw = format!(
            "From: Lea Martin <lea.martin@client.test>\r\nTo: support@maison-lumiere.example\r\nSubject: Lampe en panne\r\n{extra}\r\nLa lampe ne s'allume plus.\r\n"
        );
        std::fs::write(&path, raw).unwrap();
        path
    };
    let first = write("first.eml", "Message-ID: <desk-cli-1@client.test>\r\n");
    let (ok, said) = run(&["--data-dir", d, "desk", "ingest", first.to_str().unwrap()]);
    assert!(ok && said.contains("first.eml: filed in desk_ticket"), "{said}");
    let ticket = said.split("filed in desk_ticket ").nth(1).unwrap().split(' ').next().unwrap().to_string();
    let answer =
        write("answer.eml", "Message-ID: <desk-cli-2@client.test>\r\nIn-Reply-To: <desk-cli-1@client.test>\r\n");
    let (ok, said) = run(&["--data-dir", d, "desk", "ingest", answer.to_str().unwrap()]);
    assert!(
        ok && said.contains(&format!("answer.eml: filed in desk_ticket {ticket}")),
        "the answer joins its ticket: {said}"
    );
    let (ok, said) = run(&["--data-dir", d, "desk", "ingest", first.to_str().unwrap(), answer.to_str().unwrap()]);
    assert!(ok && said.contains("2 messages taken into support@maison-lumiere.example (0 not filed)"), "{said}");
    let (ok, said) = run(&["--data-dir", d, "desk", "ingest", "--workspace", "nowhere", first.to_str().unwrap()]);
    assert!(!ok && said.contains("workspace"), "{said}");
    let _ = std::fs::remove_dir_all(dir);
}

fn run(args: &[&str]) -> (bool, String) {
    let out = portico().args(args).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

#[test]
fn export_import_backup_and_restore_from_the_command_line() {
    let (a, b) = (tempdir(), tempdir());
    let (a_dir, b_dir) = (a.to_str().unwrap(), b.to_str().unwrap());
    assert!(run(&["--data-dir", a_dir, "demo"]).0);
    let archive = a.join("lumiere.zip");
    let (ok, said) = run(&["--data-dir", a_dir, "export", "--workspace", "maison-lumiere", archive.to_str().unwrap()]);
    assert!(ok && said.contains("exported maison-lumiere"), "{said}");
    let (ok, said) = run(&["--data-dir", a_dir, "import", archive.to_str().unwrap()]);
    assert!(!ok && said.contains("already here") && said.contains("--as-slug"), "{said}");
    let (ok, said) = run(&["--data-dir", a_dir, "import", archive.to_str().unwrap(), "--as-slug", "lumiere-sandbox"]);
    assert!(ok && said.contains("imported lumiere-sandbox"), "{said}");
    let (_, listed) = run(&["--data-dir", a_dir, "admin", "list-workspaces"]);
    assert_eq!(listed.lines().count(), 2, "{listed}");

    let backup = a.join("backup.zip");
    let (ok, said) = run(&["--data-dir", a_dir, "backup", backup.to_str().unwrap()]);
    assert!(ok && said.contains("backed up 2 workspaces"), "{said}");
    let (ok, said) = run(&["--data-dir", a_dir, "restore", backup.to_str().unwrap()]);
    assert!(!ok && said.contains("only into an empty install"), "{said}");
    let (ok, said) = run(&["--data-dir", b_dir, "restore", backup.to_str().unwrap()]);
    assert!(ok && said.contains("restored 2 workspaces"), "{said}");
    assert_eq!(run(&["--data-dir", b_dir, "admin", "list-workspaces"]).1, listed);
    let (ok, said) = run(&["--data-dir", b_dir, "import", a.join("missing.zip").to_str().unwrap()]);
    assert!(!ok && said.contains("cannot open"), "{said}");
    for d in [a, b] {
        let _ = std::fs::remove_dir_all(d);
    }
}

/// PostgreSQL only, so named like the PostgreSQL half of a store test.
mod copy_to_moves_an_install_to_postgres {
    use super::*;

    #[test]
    fn postgres() {
        let dir = tempdir();
        let d = dir.to_str().unwrap();
        assert!(run(&["--data-dir", d, "demo"]).0);
        let base = portico_testkit::pg_url();
        let name = format!("portico_copy_{}", uuid::Uuid::now_v7().simple());
        let psql = |sql: &str| Command::new("psql").args([base.as_str(), "-qc", sql]).status().unwrap().success();
        assert!(psql(&format!("CREATE DATABASE {name}")));
        let url = format!("{}/{name}", base.rsplit_once('/').unwrap().0);
        let (ok, said) = run(&["--data-dir", d, "copy-to", "not-a-url"]);
        assert!(!ok && said.contains("postgres://"), "{said}");
        let (ok, said) = run(&["--data-dir", d, "copy-to", &url]);
        assert!(ok, "{said}");
        assert!(said.contains("and checked it") && !said.contains("DIFFERENT"), "{said}");
        assert!(said.lines().any(|l| l.starts_with("user ") && l.ends_with("same")), "{said}");
        let (ok, said) = run(&["--data-dir", d, "copy-to", &url]);
        assert!(!ok && said.contains("already has workspaces"), "a second copy is refused: {said}");
        let listed = |args: &[&str]| run(args).1;
        assert_eq!(
            listed(&["--database-url", &url, "admin", "list-workspaces"]),
            listed(&["--data-dir", d, "admin", "list-workspaces"])
        );
        let _ = psql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        let _ = std::fs::remove_dir_all(dir);
    }
}
