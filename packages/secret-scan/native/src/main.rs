//! `ssoenv-quickscan`: the native quick check in front of @ssoenv/secret-scan. Node.js takes longer
//! to start than a whole commit check by git-secrets; most commits and most files hold nothing
//! that could be a credential, and this proves it without starting Node.js. Whatever it cannot
//! rule out goes to the full scanner, the one reference for what is reported.
//!
//!   ssoenv-quickscan staged [--max-file-size N]        exit 0: the staged changes are clean
//!                                                      (--print-git-args: the git diff it runs)
//!   ssoenv-quickscan paths [--max-file-size N] PATH... exit 0, and on stdout NUL-terminated
//!                                                      records, as found: `M<path>` for each
//!                                                      file the full scanner must read,
//!                                                      `B<size> <path>` for each binary one
//!                                                      (it would skip it), `R<size>:<slice>...
//!                                                      <path>` for each it need only read parts
//!                                                      of, each slice `start,end,first line,
//!                                                      first line kept,last line kept` (see
//!                                                      regions.rs), then `C<n>`, the number of
//!                                                      files ruled out
//!
//! Exit codes: 0 clean (staged) or checked (paths), 1 maybe (staged), 2 usage or I/O error. A
//! crash aborts with a signal: anything but 0 means "run the full scanner".

mod paths;
mod precheck;
mod regions;
mod staged;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

const DEFAULT_MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let mode = args.next();
    let mut max_file_bytes = DEFAULT_MAX_FILE_BYTES;
    let mut rest: Vec<PathBuf> = Vec::new();
    let mut print_git_args = false;
    while let Some(arg) = args.next() {
        if arg == "--print-git-args" {
            print_git_args = true;
        } else if arg == "--max-file-size" {
            match args
                .next()
                .and_then(|v| v.to_str().and_then(|v| v.parse::<u64>().ok()))
            {
                Some(n) if n > 0 => max_file_bytes = n,
                _ => return usage("--max-file-size needs a positive number of bytes"),
            }
        } else if arg == "--" {
            rest.extend(args.by_ref().map(PathBuf::from));
        } else {
            rest.push(PathBuf::from(arg));
        }
    }
    match mode.as_ref().and_then(|m| m.to_str()) {
        Some("staged") if print_git_args => {
            // For the test that holds this command equal to the scanner's own.
            print!("{}\0", staged::git_diff_args(max_file_bytes).join("\0"));
            ExitCode::SUCCESS
        }
        Some("staged") if rest.is_empty() => match staged::check_staged(max_file_bytes) {
            Ok(staged::Verdict::Clean(files)) => {
                println!("{files}");
                ExitCode::SUCCESS
            }
            Ok(staged::Verdict::Maybe) => ExitCode::from(1),
            Err(message) => fail(&message),
        },
        Some("paths") if !rest.is_empty() => {
            // One record per file, flushed at once: the reader starts on it while the rest is checked.
            let write_failed = AtomicBool::new(false);
            let report = |path: &PathBuf, verdict: &paths::FileVerdict| {
                let mut record = match verdict {
                    paths::FileVerdict::Binary(size) => format!("B{size} ").into_bytes(),
                    paths::FileVerdict::Sliced(size, slices) => {
                        let mut header = format!("R{size}");
                        for s in slices {
                            let (start, end, first) = (s.start, s.end, s.first_line);
                            header += &format!(":{start},{end},{first},{},{}", s.keep_from, s.keep_to);
                        }
                        header.push(' ');
                        header.into_bytes()
                    }
                    _ => b"M".to_vec(),
                };
                record.extend_from_slice(&path_bytes(path));
                record.push(0);
                let mut out = std::io::stdout().lock();
                if out.write_all(&record).and_then(|_| out.flush()).is_err() {
                    write_failed.store(true, Ordering::Relaxed);
                }
            };
            match paths::check_paths(&rest, max_file_bytes, &report) {
                Ok(_) if write_failed.load(Ordering::Relaxed) => fail("cannot write the result"),
                Ok(clean) => {
                    let mut out = std::io::stdout().lock();
                    match write!(out, "C{clean}\0").and_then(|_| out.flush()) {
                        Ok(()) => ExitCode::SUCCESS,
                        Err(error) => fail(&format!("cannot write the result: {error}")),
                    }
                }
                Err(message) => fail(&message),
            }
        }
        _ => usage("usage: ssoenv-quickscan staged | ssoenv-quickscan paths PATH..."),
    }
}

/// A path as the bytes Node.js reads back: the raw bytes on Unix, UTF-8 elsewhere.
#[cfg(unix)]
fn path_bytes(path: &std::path::Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(path: &std::path::Path) -> Vec<u8> {
    path.to_string_lossy().into_owned().into_bytes()
}

fn usage(message: &str) -> ExitCode {
    eprintln!("ssoenv-quickscan: {message}");
    ExitCode::from(2)
}

fn fail(message: &str) -> ExitCode {
    eprintln!("ssoenv-quickscan: {message}");
    ExitCode::from(2)
}
