//! The CLI writing to a file the app holds: SQLite's busy timeout makes it wait for the app's
//! write to finish, and when the app holds its write longer than that, the CLI stops with a
//! clear error and changes nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use rusqlite::Connection;

const ROWS: &str = "bouwsteen,topic,party,chain_role,stance
Zichtbaarheid,Filmtheaters in de regio,Filmhuis Noord,cinema,2
";

fn cli() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ketentafel-cli"));
    c.env("LANG", "nl_NL.UTF-8").env_remove("KETENTAFEL_LANG");
    c
}

fn setup(dir: &Path) -> (PathBuf, PathBuf) {
    let path = dir.join("werkgroep.ketentafel");
    let out = cli().arg("new").arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = dir.join("in.csv");
    std::fs::write(&csv, ROWS).unwrap();
    (path, csv)
}

/// The app's side: a connection that takes the write lock the way `Store::write` does.
fn app_holding_a_write(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE; UPDATE dialogue SET description = 'door de app';").unwrap();
    conn
}

fn parties(path: &Path) -> i64 {
    Connection::open(path).unwrap().query_row("SELECT count(*) FROM parties", [], |r| r.get(0)).unwrap()
}

#[test]
fn the_cli_waits_for_the_apps_write_then_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let (path, csv) = setup(dir.path());
    let app = app_holding_a_write(&path);
    let mut child = cli()
        .arg("import")
        .arg(&path)
        .arg("--positions")
        .arg(&csv)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The app's transaction lasts a moment (a large import in the window, say)…
    std::thread::sleep(std::time::Duration::from_millis(1500));
    // …and the CLI cannot have finished meanwhile: it cannot write, and it does not give up.
    assert!(child.try_wait().unwrap().is_none(), "the CLI did not wait for the app");
    app.execute_batch("COMMIT").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(parties(&path), 1);
    let description: String = app.query_row("SELECT description FROM dialogue", [], |r| r.get(0)).unwrap();
    assert_eq!(description, "door de app", "both writes are there");
}

#[test]
fn the_cli_gives_up_cleanly_when_the_app_holds_its_write_past_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let (path, csv) = setup(dir.path());
    let app = app_holding_a_write(&path);
    // The app holds its write for the CLI's whole run (longer than the 5 s busy timeout).
    let out: Output = cli().arg("import").arg(&path).arg("--positions").arg(&csv).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Het dialoogbestand is bezet") && stderr.contains("niets gewijzigd"), "{stderr}");
    app.execute_batch("ROLLBACK").unwrap();
    drop(app);
    assert_eq!(parties(&path), 0, "nothing of the import was written");
    let check = cli().arg("check").arg(&path).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
}
