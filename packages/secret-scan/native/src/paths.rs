//! Path mode: walks the paths given as the full scanner does (scan-files.ts: folders recursively,
//! skipping `.git` and `node_modules`, never following a symlink inside a folder), checks every
//! file on all cores, and lists the files it cannot rule out. Files over the size limit and
//! anything but regular files are listed too: the full scanner reports or reads them itself.

use crate::precheck::{may_hold_credentials, Patterns};
use std::fs::{self, File};
use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

const SKIP_DIRS: [&str; 2] = [".git", "node_modules"];

pub struct PathsVerdict {
    /// Files checked and ruled out.
    pub clean: usize,
    /// Files the full scanner must read, in walk order.
    pub maybe: Vec<PathBuf>,
}

/// Any error (a path missing, a folder unreadable) ends the check: the full scanner then scans
/// everything and reports the error in its own words.
pub fn check_paths(paths: &[PathBuf], max_file_bytes: u64) -> Result<PathsVerdict, String> {
    let mut files = Vec::new();
    let mut maybe = Vec::new();
    for path in paths {
        let info = fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
        if info.is_dir() {
            walk(path.clone(), &mut files)?;
        } else if info.is_file() {
            files.push(path.clone());
        } else {
            maybe.push(path.clone());
        }
    }

    let patterns = Patterns::new();
    let next = AtomicUsize::new(0);
    let found = Mutex::new(Vec::new());
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
                        Ok(true) => found.lock().unwrap().push(index),
                        Ok(false) => {}
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
    let mut found = found.into_inner().unwrap();
    found.sort_unstable();
    let clean = files.len() - found.len();
    maybe.extend(found.into_iter().map(|i| files[i].clone()));
    Ok(PathsVerdict { clean, maybe })
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

/// True when the full scanner must read this file.
fn check_file(
    path: &PathBuf,
    max_file_bytes: u64,
    patterns: &Patterns,
    buffer: &mut Vec<u8>,
) -> Result<bool, String> {
    let mut file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let size = file
        .metadata()
        .map_err(|e| format!("{}: {e}", path.display()))?
        .len();
    if size > max_file_bytes {
        return Ok(true);
    }
    buffer.clear();
    file.read_to_end(buffer)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(may_hold_credentials(buffer, patterns))
}
