//! Path mode: walks the paths given as the full scanner does (scan-files.ts: folders recursively,
//! skipping `.git` and `node_modules`, never following a symlink inside a folder), checks every
//! file on all cores, and reports each file it cannot rule out as soon as it knows, so the full
//! scanner can start on it at once. Files over the size limit and anything but regular files are
//! reported too: the full scanner reports or reads them itself.

use crate::precheck::{is_surely_binary, may_hold_credentials, Patterns};
use crate::regions::{slices, Slice};
use std::fs::{self, File};
use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

const SKIP_DIRS: [&str; 2] = [".git", "node_modules"];

/// What path mode says of one file.
pub enum FileVerdict {
    /// Nothing the full scanner could report.
    Clean,
    /// The full scanner must read it.
    Maybe,
    /// The full scanner must read these slices of it (see regions.rs); the file's size.
    Sliced(u64, Vec<Slice>),
    /// Binary, as the full scanner decides it (decode-bytes.ts): it would skip it, unread. The size.
    Binary(u64),
}

/// Checks the paths, calls `report` (from any thread, one call at a time) with each file that is
/// not clean, and returns how many files it ruled out. Any error (a path missing, a folder
/// unreadable) ends the check: the full scanner then scans everything and reports the error in its
/// own words.
pub fn check_paths(
    paths: &[PathBuf],
    max_file_bytes: u64,
    report: &(dyn Fn(&PathBuf, &FileVerdict) + Sync),
) -> Result<usize, String> {
    let mut files = Vec::new();
    for path in paths {
        let info = fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
        if info.is_dir() {
            walk(path.clone(), &mut files)?;
        } else if info.is_file() {
            files.push(path.clone());
        } else {
            report(path, &FileVerdict::Maybe);
        }
    }

    let patterns = Patterns::new();
    let next = AtomicUsize::new(0);
    let found = AtomicUsize::new(0);
    let failure = Mutex::new(None);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut buffer = Vec::new();
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= files.len() {
                        break;
                    }
                    match check_file(&files[index], max_file_bytes, &patterns, &mut buffer) {
                        Ok(FileVerdict::Clean) => {}
                        Ok(verdict) => {
                            found.fetch_add(1, Ordering::Relaxed);
                            report(&files[index], &verdict);
                        }
                        Err(error) => {
                            *failure.lock().unwrap() = Some(error);
                            next.store(files.len(), Ordering::Relaxed);
                        }
                    }
                }
            });
        }
    });
    if let Some(error) = failure.into_inner().unwrap() {
        return Err(error);
    }
    Ok(files.len() - found.into_inner())
}

fn walk(dir: PathBuf, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        let kind = entry
            .file_type()
            .map_err(|e| format!("{}: {e}", entry.path().display()))?;
        if kind.is_dir() {
            if !SKIP_DIRS.iter().any(|skip| entry.file_name() == *skip) {
                walk(entry.path(), out)?;
            }
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}

fn check_file(
    path: &PathBuf,
    max_file_bytes: u64,
    patterns: &Patterns,
    buffer: &mut Vec<u8>,
) -> Result<FileVerdict, String> {
    let mut file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let size = file
        .metadata()
        .map_err(|e| format!("{}: {e}", path.display()))?
        .len();
    if size > max_file_bytes {
        return Ok(FileVerdict::Maybe);
    }
    buffer.clear();
    file.read_to_end(buffer)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(if is_surely_binary(buffer) {
        FileVerdict::Binary(buffer.len() as u64)
    } else if may_hold_credentials(buffer, patterns) {
        match slices(buffer, patterns) {
            Some(slices) => FileVerdict::Sliced(size, slices),
            None => FileVerdict::Maybe,
        }
    } else {
        FileVerdict::Clean
    })
}
