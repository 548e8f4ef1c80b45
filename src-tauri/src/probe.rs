//! The first-paint probe that `scripts/paint-bench.mjs` times: the page reports once that its
//! first screen is painted, with the times of what led up to it, and with
//! `KETENTAFEL_PAINT_PROBE` set in the environment that report is printed to stdout. Without
//! it the command does nothing. Compiled into the app and into the bare window it is measured
//! against (`src-tauri/bare-window`), so both report through the same code.

use std::io::Write;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Deserialize;

/// The environment variable that turns the probe on (any value but empty or `0`).
pub const ENV: &str = "KETENTAFEL_PAINT_PROBE";

/// What the page reports; times are milliseconds since the Unix epoch, by the page's clock.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PaintReport {
    /// The screen painted: `overview`, `start`, `bare`.
    pub screen: String,
    /// Moments on the way, e.g. `navigation` (the page began loading), `script` (its code ran).
    pub marks: Vec<(String, f64)>,
    /// The commands the page called before it painted: name, sent, answered.
    pub calls: Vec<(String, f64, f64)>,
}

/// Whether the probe was turned on when the process started.
fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os(ENV).is_some_and(|v| !v.is_empty() && v != "0"))
}

/// Only letters, digits, `-` and `_`: a name can neither split a line nor fake another.
fn tame(name: &str) -> String {
    name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')).take(40).collect()
}

/// The report as the harness reads it: a `ketentafel-mark` line per mark, a `ketentafel-ipc`
/// line per call, and last `ketentafel-paint <ms since the epoch> <screen>`, stamped `at`.
pub fn lines(at: SystemTime, report: &PaintReport) -> String {
    let ms = at.duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0);
    let mut out = String::new();
    for (name, t) in &report.marks {
        out += &format!("ketentafel-mark {} {t:.1}\n", tame(name));
    }
    for (name, sent, answered) in &report.calls {
        out += &format!("ketentafel-ipc {} {sent:.1} {answered:.1}\n", tame(name));
    }
    out + &format!("ketentafel-paint {ms:.1} {}\n", tame(&report.screen))
}

/// Notes a moment on the Rust side (`ketentafel-mark <name> <ms>`), when the probe is on.
pub fn mark(name: &str) {
    if enabled() {
        let ms = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0);
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "ketentafel-mark {} {ms:.1}", tame(name));
        let _ = out.flush();
    }
}

/// The page's first screen is painted.
#[tauri::command(rename_all = "snake_case")]
pub fn paint_probe(report: PaintReport) {
    if enabled() {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(lines(SystemTime::now(), &report).as_bytes());
        let _ = out.flush();
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn the_report_ends_in_the_paint_line_and_names_cannot_forge_one() {
        let at = UNIX_EPOCH + Duration::from_micros(1_764_230_400_123_456);
        let report = PaintReport {
            screen: "overview\nketentafel-paint 0 start".into(),
            marks: vec![("navigation".into(), 1_764_230_399_000.0)],
            calls: vec![("app_snapshot".into(), 1_764_230_399_500.0, 1_764_230_399_612.25)],
        };
        assert_eq!(
            lines(at, &report),
            "ketentafel-mark navigation 1764230399000.0\n\
             ketentafel-ipc app_snapshot 1764230399500.0 1764230399612.2\n\
             ketentafel-paint 1764230400123.5 overviewketentafel-paint0start\n"
        );
    }
}
