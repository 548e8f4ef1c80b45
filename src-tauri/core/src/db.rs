//! Opening dialogue files: header inspection, the one place pragmas are set, migrations,
//! integrity checks and the pre-migration backup.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{M, Migrations};

use crate::error::{Error, Result};

/// `PRAGMA application_id` of every Ketentafel file: "KTTF" in ASCII. Lets us tell our files
/// from any other program's SQLite database before touching them.
pub const APPLICATION_ID: u32 = 0x4B54_5446;

/// The file extension of a dialogue.
pub const EXTENSION: &str = "ketentafel";

/// Forward-only migrations, in order; the schema version is their count (`user_version`).
/// Never edit a released migration: add a new one.
const MIGRATION_SQL: &[&str] = &[
    include_str!("../migrations/0001_initial.sql"),
    include_str!("../migrations/0002_search.sql"),
    include_str!("../migrations/0003_party_segment.sql"),
    include_str!("../migrations/0004_agenda.sql"),
    include_str!("../migrations/0005_search_queue.sql"),
    include_str!("../migrations/0006_search_from_audit.sql"),
];

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATION_SQL.iter().map(|sql| M::up(sql)).collect())
}

/// The schema version this build writes and the newest it can open.
pub fn latest_version() -> i64 {
    MIGRATION_SQL.len() as i64
}

/// What a dialogue file's header says: from the raw bytes for the layout, and through
/// SQLite for the fields a not-yet-checkpointed WAL may have changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub page_size: u64,
    pub user_version: i64,
    pub application_id: u32,
}

/// The `-wal` file beside a database, if one with content exists. After a crash or kill the
/// latest pages (even page 1, with the application id) may live only there.
fn wal_in_use(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(PathBuf::from(wal)).map(|m| m.len() > 0).unwrap_or(false)
}

/// Reads the first 100 bytes without SQLite, so a file that is not SQLite at all, or is cut
/// off, is refused before SQLite sees it. Returns the page size.
pub fn inspect_raw(path: &Path) -> Result<u64> {
    let shown = path.display().to_string();
    let mut file = File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::FileNotFound(shown.clone()),
        _ => Error::Io(e),
    })?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(Error::NotADialogue(shown));
    }
    let len = meta.len();
    let mut buf = [0u8; 100];
    let mut read = 0;
    while read < buf.len() {
        let n = file.read(&mut buf[read..])?;
        if n == 0 {
            break;
        }
        read += n;
    }
    if read < 100 || &buf[..16] != b"SQLite format 3\0" {
        return Err(Error::NotADialogue(shown));
    }
    let be32 = |at: usize| u32::from_be_bytes([buf[at], buf[at + 1], buf[at + 2], buf[at + 3]]);
    // Page size: 1 encodes 65536; anything not a power of two in 512..=65536 is damage.
    let raw_page = u16::from_be_bytes([buf[16], buf[17]]) as u64;
    let page_size = if raw_page == 1 { 65536 } else { raw_page };
    if !(512..=65536).contains(&page_size) || !page_size.is_power_of_two() {
        return Err(Error::Corrupt(format!("{shown}: impossible page size {raw_page}")));
    }
    // Without a WAL the main file is the whole database: the in-header page count is valid
    // when "version-valid-for" equals the change counter, and then the file must be that long.
    if !wal_in_use(path) {
        let page_count = be32(28) as u64;
        if be32(92) == be32(24) && page_count > 0 && len < page_count * page_size {
            return Err(Error::Corrupt(format!(
                "{shown}: the file is {len} bytes but should hold {page_count} pages of {page_size} bytes (truncated)"
            )));
        }
        if len % page_size != 0 {
            return Err(Error::Corrupt(format!("{shown}: the size is not a whole number of pages")));
        }
    }
    Ok(page_size)
}

/// Checks, through a read-only connection (which sees the WAL), that this is a Ketentafel
/// file of a schema this build knows.
fn check_identity(conn: &Connection, path: &Path, page_size: u64) -> Result<Header> {
    let application_id = conn.pragma_query_value(None, "application_id", |r| r.get::<_, i64>(0))? as u32;
    if application_id != APPLICATION_ID {
        return Err(Error::NotADialogue(path.display().to_string()));
    }
    let user_version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if user_version > latest_version() {
        return Err(Error::NewerVersion { found: user_version, known: latest_version() });
    }
    Ok(Header { page_size, user_version, application_id })
}

/// How long a connection waits for another one's lock (see `configure`).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Sets every connection's pragmas. The one place they are set, each with its reason.
fn configure(conn: &Connection, read_only: bool) -> Result<()> {
    // Refuse to wait forever on a second writer (the CLI while the app holds the file), but
    // ride out short checkpoints and the other side's transactions.
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // SQLite leaves foreign keys off by default; our schema relies on them for every reference.
    conn.pragma_update(None, "foreign_keys", true)?;
    if !read_only {
        // WAL: readers never block the writer, and a crash mid-write leaves the main file
        // valid (the half-written transaction sits in the -wal and is discarded).
        let mode: String = conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
            return Err(Error::Internal(format!("journal_mode is {mode}, not wal")));
        }
        // NORMAL is durable in WAL mode except for the last transactions on power loss, never
        // corrupting; FULL would fsync on every keystroke of a live meeting.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
    }
    // Temporary tables and indices in memory: analysis sorts never touch the disk.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // A 32 MB page cache (SQLite's default is 2 MB): at sector scale the positions' keys and
    // indexes are some hundred MB, and an import or a recording probes them at random.
    conn.pragma_update(None, "cache_size", -32_768)?;
    Ok(())
}

/// Runs `PRAGMA integrity_check` and turns anything but "ok" into `Corrupt`.
pub fn integrity_check(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let problems: Vec<String> = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<_>>()?;
    if problems.len() == 1 && problems[0] == "ok" {
        Ok(())
    } else {
        Err(Error::Corrupt(problems.into_iter().take(5).collect::<Vec<_>>().join("; ")))
    }
}

/// Maps SQLite's "not a database"/"malformed" results while opening to our error kinds.
pub(crate) fn opening_error(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ffi::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::NotADatabase) => Error::NotADialogue(path.display().to_string()),
        Some(C::DatabaseCorrupt) => Error::Corrupt(format!("{}: {e}", path.display())),
        _ => Error::Sqlite(e),
    }
}

/// Opens an existing file read-only after checking its header and integrity. Never writes.
pub fn open_read_only(path: &Path) -> Result<(Connection, Header)> {
    let page_size = inspect_raw(path)?;
    match open_checked(path, page_size, false, true) {
        // A WAL file on a read-only disk: SQLite cannot create the `-shm` index beside it.
        // Nothing can change such a file while we read it, so read it as immutable instead.
        Err(Error::Sqlite(e))
            if e.sqlite_error_code() == Some(rusqlite::ffi::ErrorCode::CannotOpen) && !is_writable(path) =>
        {
            open_checked(path, page_size, true, true)
        }
        other => other,
    }
}

/// `file:` URI for `path` with `?immutable=1`; `%`, `?` and `#` are the characters a URI
/// path cannot hold as they are.
fn immutable_uri(path: &Path) -> Result<String> {
    let s = path.to_str().ok_or_else(|| Error::invalid("path", "the path is not valid UTF-8"))?;
    let escaped = s.replace('%', "%25").replace('?', "%3f").replace('#', "%23");
    Ok(format!("file:{escaped}?immutable=1"))
}

/// A read-only connection after the identity checks, and SQLite's whole-file check when
/// `whole` (everywhere but `open_before_check`, whose caller runs it in the background).
fn open_checked(path: &Path, page_size: u64, immutable: bool, whole: bool) -> Result<(Connection, Header)> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = if immutable {
        Connection::open_with_flags(immutable_uri(path)?, flags | OpenFlags::SQLITE_OPEN_URI)
    } else {
        Connection::open_with_flags(path, flags)
    }
    .map_err(|e| opening_error(path, e))?;
    let checked = configure(&conn, true)
        .and_then(|_| check_identity(&conn, path, page_size))
        .and_then(|header| if whole { integrity_check(&conn).map(|_| header) } else { Ok(header) });
    let header = checked.map_err(|e| match e {
        Error::Sqlite(s) => opening_error(path, s),
        other => other,
    })?;
    Ok((conn, header))
}

/// A read-only connection with the pragmas and the application id but no integrity check (on
/// a sector-scale file that alone takes seconds): for the background backups and the backup
/// list, whose file the app has checked, and for the first look at a file being opened
/// (`Workspace::begin_open`), whose whole-file check follows once the window is painted.
/// Under WAL it reads one consistent state while the app goes on writing.
pub fn open_reader(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| opening_error(path, e))?;
    configure(&conn, true)?;
    let application_id = conn.pragma_query_value(None, "application_id", |r| r.get::<_, i64>(0))? as u32;
    if application_id != APPLICATION_ID {
        return Err(Error::NotADialogue(path.display().to_string()));
    }
    Ok(conn)
}

/// The result of opening a file for writing.
pub struct Opened {
    pub conn: Connection,
    /// Set when the file was upgraded; the copy taken before the upgrade.
    pub backup: Option<PathBuf>,
    /// The file (or its disk) is read-only: `conn` can only read.
    pub read_only: bool,
}

/// Whether the file may be written: its permissions allow it (also when we are root, who
/// could write anyway: a read-only mark is the owner's wish), and the system lets us open it
/// for writing (a read-only disk or mount, another user's file). Opening changes nothing.
pub fn is_writable(path: &Path) -> bool {
    let marked_read_only = std::fs::metadata(path).map(|m| m.permissions().readonly()).unwrap_or(false);
    !marked_read_only && std::fs::OpenOptions::new().write(true).open(path).is_ok()
}

/// Opens an existing dialogue for reading and writing: header check, read-only integrity
/// check, then (if the schema is older) a backup copy and the migrations in one transaction.
/// A file that cannot be written is opened for reading only (`read_only`), so it can still
/// be viewed and analysed; an older one of those is refused, as it cannot be upgraded.
pub fn open(path: &Path) -> Result<Opened> {
    let (ro, header) = open_read_only(path)?;
    if !is_writable(path) {
        if header.user_version < latest_version() {
            return Err(Error::ReadOnly(path.display().to_string()));
        }
        return Ok(Opened { conn: ro, backup: None, read_only: true });
    }
    drop(ro);
    let mut conn = open_writer(path)?;
    let mut backup = None;
    if header.user_version < latest_version() {
        let target = backup_path(path, header.user_version);
        vacuum_into(&conn, &target)?;
        backup = Some(target);
        migrations().to_latest(&mut conn)?;
        checkpoint(&conn)?;
    }
    Ok(Opened { conn, backup, read_only: false })
}

/// Opens an existing dialogue for work like [`open`], but without SQLite's whole-file check
/// (seconds on a sector-scale file), which the caller runs in the background on a reader of
/// its own and makes every write wait for (`store::integrity`). Only for a writable file at
/// this build's schema: `None` for any other, which opens through [`open`], checked before it
/// is upgraded or read as it is.
pub fn open_before_check(path: &Path) -> Result<Option<Opened>> {
    let page_size = inspect_raw(path)?;
    if !is_writable(path) {
        return Ok(None);
    }
    // The header through a reader first, as `open` does: another program's file must not have
    // its journal mode set by `configure`.
    let (reader, header) = open_checked(path, page_size, false, false)?;
    drop(reader);
    if header.user_version != latest_version() {
        return Ok(None);
    }
    Ok(Some(Opened { conn: open_writer(path)?, backup: None, read_only: false }))
}

/// The read-write connection to a file whose header has been checked.
fn open_writer(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| opening_error(path, e))?;
    configure(&conn, false)?;
    Ok(conn)
}

/// Creates a new, empty dialogue file at `path`; refuses to overwrite.
pub fn create(path: &Path) -> Result<Connection> {
    if path.exists() {
        return Err(Error::FileExists(path.display().to_string()));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    configure(&conn, false)?;
    init_schema(&mut conn)?;
    checkpoint(&conn)?;
    Ok(conn)
}

/// Copies the WAL into the main file, so the file alone is complete (after creation and
/// upgrades, whose header changes should not wait for SQLite's automatic checkpoint).
pub fn checkpoint(conn: &Connection) -> Result<()> {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

/// Rewrites the whole file after personal data was erased, so that no freed page, no unused
/// space inside a page and no WAL frame still holds the old bytes. Must run outside a
/// transaction (VACUUM cannot run inside one). Returns `false` when another connection kept
/// the WAL from being emptied (the data is erased, but old frames may remain until it closes).
pub fn scrub(conn: &Connection) -> Result<bool> {
    // Zero what is freed from here on; off again afterwards, as it costs a write per freed page.
    conn.pragma_update(None, "secure_delete", true)?;
    // A reader elsewhere blocks a checkpoint; the erasure is committed already, so wait for it
    // briefly rather than the usual five seconds per step, and report it instead.
    conn.busy_timeout(Duration::from_millis(500))?;
    let scrubbed = (|| {
        // First move the erasing transaction out of the WAL, then rebuild every page from the
        // live rows only (VACUUM), then move that rebuilt file out of the WAL and truncate it.
        let first = checkpoint_truncate(conn)?;
        conn.execute_batch("VACUUM")?;
        let second = checkpoint_truncate(conn)?;
        Ok(first && second)
    })();
    conn.pragma_update(None, "secure_delete", false)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    scrubbed
}

/// `wal_checkpoint(TRUNCATE)`; `false` when a reader or writer elsewhere kept it from finishing.
fn checkpoint_truncate(conn: &Connection) -> Result<bool> {
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    Ok(busy == 0)
}

/// A fresh in-memory dialogue database, for tests and headless work.
pub fn open_in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    configure(&conn, false)?;
    init_schema(&mut conn)?;
    Ok(conn)
}

/// Stamps the application id and runs every migration.
fn init_schema(conn: &mut Connection) -> Result<()> {
    conn.pragma_update(None, "application_id", APPLICATION_ID as i32)?;
    migrations().to_latest(conn)?;
    Ok(())
}

/// Writes a consistent, compact copy of the database to `target` (which must not exist).
pub fn vacuum_into(conn: &Connection, target: &Path) -> Result<()> {
    if target.exists() {
        return Err(Error::FileExists(target.display().to_string()));
    }
    let target_str = target.to_str().ok_or_else(|| Error::invalid("path", "the path is not valid UTF-8"))?;
    conn.execute("VACUUM INTO ?1", [target_str])?;
    Ok(())
}

/// `dialoog.ketentafel` → `dialoog.v1-backup-20261126T130501.ketentafel`, next to it.
fn backup_path(path: &Path, version: i64) -> PathBuf {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("dialoog");
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%3f");
    path.with_file_name(format!("{stem}.v{version}-backup-{stamp}.{EXTENSION}"))
}

/// Applies the migrations up to `version` only: for tests that build old-schema fixtures.
#[doc(hidden)]
pub fn create_at_version(path: &Path, version: usize) -> Result<Connection> {
    let mut conn = Connection::open(path)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID as i32)?;
    migrations().to_version(&mut conn, version)?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    #[test]
    fn in_memory_has_schema_and_pragmas() {
        let conn = open_in_memory().unwrap();
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, latest_version());
        let fk: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
        let app: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).unwrap();
        assert_eq!(app as u32, APPLICATION_ID);
    }

    #[test]
    fn created_file_is_wal_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ketentafel");
        drop(create(&path).unwrap());
        assert!(matches!(create(&path), Err(Error::FileExists(_))));
        let opened = open(&path).unwrap();
        assert!(opened.backup.is_none());
        let mode: String = opened.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let sync: i64 = opened.conn.pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
        assert_eq!(sync, 1, "synchronous NORMAL");
    }

    #[test]
    fn refuses_text_file_without_touching_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, "hello, this is not a database\n".repeat(10)).unwrap();
        let before = std::fs::read(&path).unwrap();
        assert!(matches!(open(&path), Err(Error::NotADialogue(_))));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn refuses_other_programs_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        let c = Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
        drop(c);
        let before = std::fs::read(&path).unwrap();
        let err = open(&path).err().unwrap();
        assert_eq!(err.code(), crate::ErrorCode::NotADialogue);
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn refuses_newer_version_without_touching_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.ketentafel");
        let c = create(&path).unwrap();
        c.pragma_update(None, "user_version", latest_version() + 1).unwrap();
        c.pragma_update(None, "journal_mode", "delete").unwrap();
        drop(c);
        let before = std::fs::read(&path).unwrap();
        match open(&path) {
            Err(Error::NewerVersion { found, known }) => {
                assert_eq!(found, latest_version() + 1);
                assert_eq!(known, latest_version());
            }
            Err(other) => panic!("unexpected {other}"),
            Ok(_) => panic!("a newer file was opened"),
        }
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn refuses_truncated_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cut.ketentafel");
        let c = create(&path).unwrap();
        c.pragma_update(None, "journal_mode", "delete").unwrap();
        drop(c);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2 + 100]).unwrap();
        let before = std::fs::read(&path).unwrap();
        let err = open(&path).err().unwrap();
        assert_eq!(err.code(), crate::ErrorCode::Corrupt, "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn reopens_after_a_kill_with_everything_still_in_the_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.ketentafel");
        // Create the file through another process's view: header, schema and a write that
        // lives only in the WAL when the "process" dies (the connection is leaked, not closed).
        let conn = create(&path).unwrap();
        conn.execute("INSERT INTO dialogue (id, title, created_at, updated_at) VALUES ('x', 't', '', '')", []).unwrap();
        let wal = dir.path().join("k.ketentafel-wal");
        let copy = dir.path().join("copy.ketentafel");
        std::fs::copy(&path, &copy).unwrap();
        std::fs::copy(&wal, dir.path().join("copy.ketentafel-wal")).unwrap();
        std::mem::forget(conn);
        let opened = open(&copy).unwrap();
        let n: i64 = opened.conn.query_row("SELECT count(*) FROM dialogue", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1, "the write in the WAL survived");
    }

    #[test]
    fn older_schema_is_backed_up_then_upgraded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("oud.ketentafel");
        // Schema 0: a Ketentafel file from before the first migration, frozen here as a fixture.
        drop(create_at_version(&path, 0).unwrap());
        let original = std::fs::read(&path).unwrap();
        let opened = open(&path).unwrap();
        let v: i64 = opened.conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, latest_version());
        let backup = opened.backup.clone().expect("a backup was made before migrating");
        assert!(backup.file_name().unwrap().to_str().unwrap().starts_with("oud.v0-backup-"));
        let (bconn, header) = open_read_only(&backup).unwrap();
        assert_eq!(header.user_version, 0, "the backup holds the old schema");
        drop(bconn);
        assert_ne!(std::fs::read(&path).unwrap(), original);
    }

    fn schema_of(conn: &Connection) -> Vec<(String, String, Option<String>)> {
        let mut stmt = conn.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(|r| r.unwrap()).collect()
    }

    /// `tests/fixtures/demo-schema-v1.ketentafel` is the demo as the first release wrote it
    /// (schema 1), frozen. Upgrading it must give exactly the fresh schema and keep the data.
    #[test]
    fn frozen_schema_1_fixture_upgrades_to_the_fresh_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.ketentafel");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo-schema-v1.ketentafel");
        std::fs::copy(&fixture, &path).unwrap();
        let (ro, header) = open_read_only(&path).unwrap();
        assert_eq!(header.user_version, 1);
        drop(ro);
        let opened = open(&path).unwrap();
        assert!(opened.backup.as_ref().is_some_and(|b| b.exists()));
        let fresh = open_in_memory().unwrap();
        assert_eq!(schema_of(&opened.conn), schema_of(&fresh));
        let positions: i64 = opened.conn.query_row("SELECT count(*) FROM positions", [], |r| r.get(0)).unwrap();
        assert_eq!(positions, 462, "every position survived");
        // The upgrade indexed what was already there.
        let hits: i64 = opened
            .conn
            .query_row("SELECT count(*) FROM search_index WHERE search_index MATCH 'catalogus'", [], |r| r.get(0))
            .unwrap();
        assert!(hits > 0);
        let rows: i64 = opened.conn.query_row("SELECT count(*) FROM search_map", [], |r| r.get(0)).unwrap();
        let fts: i64 = opened.conn.query_row("SELECT count(*) FROM search_index", [], |r| r.get(0)).unwrap();
        assert_eq!(rows, fts);
        integrity_check(&opened.conn).unwrap();
    }

    /// Schema 5 moves positions to the search queue and topics, verdict notes and actions below
    /// rowid zero: upgrading the frozen schema 1 fixture through it keeps every text findable.
    #[test]
    fn schema_5_keeps_the_search_index_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.ketentafel");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo-schema-v1.ketentafel");
        std::fs::copy(&fixture, &path).unwrap();
        let opened = open(&path).unwrap();
        let c = &opened.conn;
        let count = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(count("SELECT count(*) FROM search_queue"), 0);
        assert_eq!(
            count(
                "SELECT count(*) FROM search_map WHERE kind IN ('topic', 'verdict_note', 'action') AND fts_rowid >= 0"
            ),
            0
        );
        assert!(count("SELECT count(*) FROM search_map WHERE kind = 'topic'") > 0);
        assert_eq!(
            count(
                "SELECT count(*) FROM search_map WHERE kind IN ('rationale', 'condition', 'quote') AND fts_rowid <= 0"
            ),
            0
        );
        // Every map row still points at its own text.
        assert_eq!(
            count(
                "SELECT count(*) FROM search_map m JOIN topics t ON m.kind = 'topic' AND t.id = m.ref_id
                 JOIN search_index s ON s.rowid = m.fts_rowid
                 WHERE s.body <> trim(t.code || ' ' || t.title || ' ' || t.description)"
            ),
            0
        );
        assert_eq!(
            count(
                "SELECT count(*) FROM search_map m JOIN positions p ON m.kind = 'rationale' AND p.id = m.ref_id
                 JOIN search_index s ON s.rowid = m.fts_rowid WHERE s.body <> p.rationale"
            ),
            0
        );
        assert_eq!(count("SELECT count(*) FROM search_map"), count("SELECT count(*) FROM search_index"));
        integrity_check(c).unwrap();
        drop(opened);
        // Through the store: a new topic goes below the lowest, and positions still come up.
        let mut store = crate::Store::open(&path).unwrap();
        let lowest = count_in(&store, "SELECT min(fts_rowid) FROM search_map");
        let b = store.list_bouwstenen().unwrap()[0].id;
        store
            .create_topic(crate::model::TopicInput {
                bouwsteen_id: b,
                code: String::new(),
                kind: crate::model::TopicKind::Ambition,
                title: "Zeldzaamheidsonderzoek".into(),
                description: String::new(),
                priority: 2,
                production_types: vec![],
            })
            .unwrap();
        assert_eq!(count_in(&store, "SELECT min(fts_rowid) FROM search_map"), lowest - 1);
        assert_eq!(store.search("zeldzaamheid").unwrap().len(), 1);
        assert!(store.search("catalogus").unwrap().iter().any(|h| h.kind == crate::model::HitKind::Rationale
            || h.kind == crate::model::HitKind::Condition
            || h.kind == crate::model::HitKind::Quote
            || h.kind == crate::model::HitKind::Topic));
    }

    /// Schema 6 takes new positions for the search index from the audit log: what schema 5
    /// had queued is still indexed, the log's earlier entries count as indexed, and what is
    /// recorded after the upgrade is found without a queue row.
    #[test]
    fn schema_6_indexes_what_schema_5_queued_and_what_the_log_records_after() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v5.ketentafel");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo-schema-v1.ketentafel");
        std::fs::copy(&fixture, &path).unwrap();
        {
            let mut c = Connection::open(&path).unwrap();
            migrations().to_version(&mut c, 5).unwrap();
            // Schema 5's trigger queues a corrected text.
            c.execute("UPDATE positions SET rationale = 'Zeldzaamheidstoets' WHERE rowid = (SELECT min(rowid) FROM positions)", [])
                .unwrap();
            let queued: i64 = c.query_row("SELECT count(*) FROM search_queue", [], |r| r.get(0)).unwrap();
            assert_eq!(queued, 1);
        }
        let mut store = crate::Store::open(&path).unwrap();
        assert_eq!(
            count_in(&store, "SELECT audit_id FROM search_progress"),
            count_in(&store, "SELECT max(id) FROM audit_log"),
            "the log so far counts as indexed"
        );
        assert_eq!(store.search("zeldzaamheidstoets").unwrap().len(), 1, "what schema 5 queued");
        // A new position: an audit entry, no queue row, and found.
        let (topic, party, session): (String, String, String) = store
            .conn()
            .query_row(
                "SELECT t.id, p.id, s.id FROM topics t, parties p, sessions s WHERE NOT EXISTS (SELECT 1 FROM positions
                 WHERE topic_id = t.id AND party_id = p.id AND session_id = s.id) LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        let id = |s: &str| uuid::Uuid::parse_str(s).unwrap();
        store
            .record_position(crate::model::PositionInput {
                topic_id: id(&topic),
                party_id: id(&party),
                session_id: id(&session),
                stance: Some(1),
                rationale: "Onwaarschijnlijkheidsbewijs".into(),
                condition: String::new(),
                quote: String::new(),
            })
            .unwrap();
        assert_eq!(count_in(&store, "SELECT count(*) FROM search_queue"), 0);
        assert_eq!(crate::store::search::queued(store.conn()).unwrap(), 1);
        assert_eq!(store.search("onwaarschijnlijkheid").unwrap().len(), 1);
        assert_eq!(crate::store::search::queued(store.conn()).unwrap(), 0);
        assert_eq!(
            count_in(&store, "SELECT audit_id FROM search_progress"),
            count_in(&store, "SELECT max(id) FROM audit_log")
        );
    }

    fn count_in(store: &crate::Store, sql: &str) -> i64 {
        store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn missing_file_is_file_not_found() {
        let err = open(Path::new("/nonexistent/x.ketentafel")).err().unwrap();
        assert_eq!(err.code(), crate::ErrorCode::FileNotFound);
    }
}
