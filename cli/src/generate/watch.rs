//! `--watch`: regenerate whenever the schema file changes. The file's modification time and length are
//! polled, which needs no platform file-notification API and catches editors that replace the file.

use std::path::Path;
use std::time::{Duration, SystemTime};

/// How often the schema is looked at.
const POLL: Duration = Duration::from_millis(300);

/// Runs `generate` once, then again after every change to `path`, until the process is stopped.
pub fn run(path: &Path, mut generate: impl FnMut()) {
    // Stamped before generating, so a change made while the first run is under way is not missed.
    let mut seen = stamp(path);
    generate();
    println!("Watching... {}", path.display());
    loop {
        std::thread::sleep(POLL);
        let now = stamp(path);
        if now != seen && now.is_some() {
            seen = now;
            generate();
            println!("Watching... {}", path.display());
        }
    }
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}
