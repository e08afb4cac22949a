//! Staged mode: reads the patch the full scanner reads (scan-staged.ts: the same `git diff`
//! command), rebuilds each changed file's new text from its one full-context hunk, and checks it.
//! Anything the patch does not show as text (binary to git, over the size limit, no hunk) is a
//! maybe: the full scanner reads those blobs itself.

use crate::precheck::{may_hold_credentials, Patterns};
use std::process::{Command, Stdio};

/// The empty blob: an added empty file has no hunk, and nothing in it.
const EMPTY_BLOB: &str = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";

pub enum Verdict {
    /// Nothing the full scanner could report; the number of files checked.
    Clean(usize),
    /// The full scanner must look.
    Maybe,
}

/// The arguments of the scanner's own `git diff` (scan-staged.ts, stagedDiffArgs, with the
/// `-c core.quotePath=false` its runGit adds): a test holds the two lists equal.
pub fn git_diff_args(max_file_bytes: u64) -> Vec<String> {
    let mut args: Vec<String> = ["-c", "core.quotePath=false", "-c"].map(String::from).to_vec();
    args.push(format!("core.bigFileThreshold={max_file_bytes}"));
    let rest = [
        "-c",
        "diff.suppressBlankEmpty=false",
        "diff",
        "--cached",
        "-M",
        "--diff-filter=ACMR",
        "--ignore-submodules",
        "--no-ext-diff",
        "--no-textconv",
        "--full-index",
        "--no-relative",
        "-U1000000000",
        "--no-color",
        "--src-prefix=a/",
        "--dst-prefix=b/",
    ];
    args.extend(rest.map(String::from));
    args
}

/// Runs `git diff --cached` in the current folder and checks what it adds.
pub fn check_staged(max_file_bytes: u64) -> Result<Verdict, String> {
    let output = Command::new("git")
        .args(git_diff_args(max_file_bytes))
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if !output.status.success() {
        return Err(format!("git diff --cached exited with {}", output.status));
    }
    Ok(check_patch(&output.stdout, &Patterns::new()))
}

/// One file of the patch, as the full scanner's parsePatch sees it.
struct PatchFile {
    old_sha: Vec<u8>,
    new_sha: Vec<u8>,
    /// A `+++` header or a hunk: git showed the file as text.
    shown_as_text: bool,
    added: bool,
    binary: bool,
    text: Vec<u8>,
}

impl PatchFile {
    fn new() -> PatchFile {
        PatchFile {
            old_sha: Vec::new(),
            new_sha: Vec::new(),
            shown_as_text: false,
            added: false,
            binary: false,
            text: Vec::new(),
        }
    }

    /// What this file means for the verdict: `None` when it adds nothing.
    fn may_hold_credentials(&self, patterns: &Patterns) -> Option<bool> {
        // Deleted, unchanged (pure rename) or mode-only: the full scanner skips it.
        if self.new_sha.is_empty() || self.new_sha == self.old_sha {
            return None;
        }
        if self.binary || !self.shown_as_text {
            return Some(self.binary || self.new_sha != EMPTY_BLOB.as_bytes());
        }
        if !self.added {
            return None;
        }
        Some(may_hold_credentials(&self.text, patterns))
    }
}

fn check_patch(patch: &[u8], patterns: &Patterns) -> Verdict {
    let mut checked = 0;
    let mut current: Option<PatchFile> = None;
    let mut in_header = false;
    let finish = |file: Option<PatchFile>, checked: &mut usize| -> bool {
        match file.and_then(|f| f.may_hold_credentials(patterns)) {
            Some(true) => true,
            Some(false) => {
                *checked += 1;
                false
            }
            None => false,
        }
    };
    for line in patch.split(|&c| c == b'\n') {
        if line.starts_with(b"diff --git ") {
            if finish(current.take(), &mut checked) {
                return Verdict::Maybe;
            }
            current = Some(PatchFile::new());
            in_header = true;
            continue;
        }
        let file = match current.as_mut() {
            Some(file) => file,
            None => continue,
        };
        if line.starts_with(b"@@ ") {
            in_header = false;
            file.shown_as_text = true;
        } else if !in_header {
            // Hunk body: the new file is its context and added lines, in order.
            match line.first() {
                Some(b'+') | Some(b' ') => {
                    file.added |= line[0] == b'+';
                    file.text.extend_from_slice(&line[1..]);
                    file.text.push(b'\n');
                }
                _ => {}
            }
        } else if line.starts_with(b"index ") {
            let rest = &line[6..];
            let ids = rest.split(|&c| c == b' ').next().unwrap_or(&[]);
            if let Some(dots) = ids.windows(2).position(|w| w == b"..") {
                file.old_sha = ids[..dots].to_vec();
                file.new_sha = ids[dots + 2..].to_vec();
            }
        } else if line.starts_with(b"Binary files ") || line.starts_with(b"GIT binary patch") {
            file.binary = true;
        } else if line.starts_with(b"+++ ") {
            file.shown_as_text = true;
        }
    }
    if finish(current.take(), &mut checked) {
        return Verdict::Maybe;
    }
    Verdict::Clean(checked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(patch: &str) -> Option<usize> {
        match check_patch(patch.as_bytes(), &Patterns::new()) {
            Verdict::Clean(n) => Some(n),
            Verdict::Maybe => None,
        }
    }

    #[test]
    fn reads_added_text_and_skips_deleted_lines() {
        let key = format!("{}{}", "AKIA", "Q".repeat(16));
        let clean = "diff --git a/x b/x\nindex 1111111111111111111111111111111111111111..2222222222222222222222222222222222222222 100644\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n keep\n+added\n";
        assert_eq!(verdict(clean), Some(1));
        let deleted = clean.replace("+added", &format!("-{key}\n+added"));
        assert_eq!(verdict(&deleted), Some(1));
        let added = clean.replace("+added", &format!("+{key}"));
        assert_eq!(verdict(&added), None);
    }

    #[test]
    fn binary_and_hunkless_files_are_maybes() {
        let binary = "diff --git a/x b/x\nindex 1111111111111111111111111111111111111111..2222222222222222222222222222222222222222 100644\nBinary files a/x and b/x differ\n";
        assert_eq!(verdict(binary), None);
        let empty = format!("diff --git a/e b/e\nnew file mode 100644\nindex 0000000000000000000000000000000000000000..{EMPTY_BLOB}\n");
        assert_eq!(verdict(&empty), Some(1));
    }
}
