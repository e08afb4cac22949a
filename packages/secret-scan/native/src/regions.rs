//! Region mode: where in a file the quick check cannot rule out the full scanner must look, so
//! that it reads a few slices of a large file instead of all of it.
//!
//! Every finding of the full scanner lies within REACH of a hot span (see `hot_spans`): its own
//! base64 run, the key ID it is paired with (420 code units, 840 for a session token), or the joint
//! whose decoded region holds it (a region reaches 2,000 units around its trigger). And what the
//! full scanner decides at a place depends only on the text around it, except next to where a
//! slice cuts the text: windows, zones and decoded regions that cross the cut are shortened there,
//! and a zone's first trigger may differ for a line. None of that reaches further than about 6,000
//! units from the cut, so each slice keeps MARGIN of context on both sides of the lines whose
//! findings count. Findings on those lines are then exactly the whole file's.
//!
//! It holds for text where lines are short: zones and regions then start and end at line breaks,
//! and the state of every pass starts afresh at each line. So only files that are all ASCII (bytes
//! and code units agree), hold no NUL byte (the full scanner would sniff a slice as binary) and have
//! no line over MAX_LINE bytes are sliced; any other file is read whole. The differential test in
//! test/secret-scan/quick-check.test.ts compares the two on large generated files.

use crate::precheck::{hot_spans, Patterns};

/// The farthest a finding lies from the hot span that causes it (a decoded region: 2,000 code
/// units around its trigger), with room to spare.
const REACH: usize = 3 * 1024;
/// Context kept on each side of the lines that count: twice the reach of a cut, about 6,000 units.
const MARGIN: usize = 12 * 1024;
/// Longer lines (minified bundles) let zones and regions start mid-line: such files are read whole.
const MAX_LINE: usize = 1000;

/// A part of a file for the full scanner: bytes `start..end` (whole lines), the 1-based number
/// of its first line, and the lines `keep_from..=keep_to` whose findings count.
#[derive(Debug, PartialEq)]
pub struct Slice {
    pub start: usize,
    pub end: usize,
    pub first_line: usize,
    pub keep_from: usize,
    pub keep_to: usize,
}

/// The slices the full scanner must read in `b`, a file the quick check could not rule out; None
/// when it must read all of it (a text region mode does not take, or slices that would cover half
/// of it anyway).
pub fn slices(b: &[u8], patterns: &Patterns) -> Option<Vec<Slice>> {
    if !b.is_ascii() || b.contains(&0) || b.split(|&c| c == b'\n').any(|line| line.len() > MAX_LINE) {
        return None;
    }
    // Hot spans widened by REACH: the bytes whose findings count, merged where slices would meet.
    let mut cores: Vec<(usize, usize)> = Vec::new();
    for (lo, hi) in hot_spans(b, patterns) {
        let (lo, hi) = (lo.saturating_sub(REACH), (hi + REACH).min(b.len()));
        match cores.last_mut() {
            Some(last) if lo <= last.1 + 2 * MARGIN + 2 * MAX_LINE => last.1 = last.1.max(hi),
            _ => cores.push((lo, hi)),
        }
    }
    let mut lines = LineCounter::default();
    let mut out: Vec<Slice> = Vec::new();
    let mut total = 0;
    for (lo, hi) in cores {
        let start = line_start(b, lo.saturating_sub(MARGIN));
        let end = line_end(b, (hi + MARGIN).min(b.len()));
        let first_line = lines.line_of(b, start);
        let keep_from = lines.line_of(b, lo);
        let keep_to = lines.line_of(b, hi - 1);
        total += end - start;
        out.push(Slice {
            start,
            end,
            first_line,
            keep_from,
            keep_to,
        });
    }
    if total * 2 > b.len() {
        return None;
    }
    Some(out)
}

/// The start of the line holding `at`.
fn line_start(b: &[u8], at: usize) -> usize {
    b[..at].iter().rposition(|&c| c == b'\n').map_or(0, |k| k + 1)
}

/// Just past the end of the line holding `at - 1` (its `\n` included), or the end of the text.
fn line_end(b: &[u8], at: usize) -> usize {
    if at == 0 || b[at - 1] == b'\n' {
        return at;
    }
    b[at..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |k| at + k + 1)
}

/// 1-based line numbers of offsets asked in increasing order, counting each byte once.
#[derive(Default)]
struct LineCounter {
    at: usize,
    newlines: usize,
}

impl LineCounter {
    fn line_of(&mut self, b: &[u8], offset: usize) -> usize {
        debug_assert!(offset >= self.at);
        self.newlines += b[self.at..offset].iter().filter(|&&c| c == b'\n').count();
        self.at = offset;
        self.newlines + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filler(lines: usize) -> String {
        (0..lines)
            .map(|i| format!("const value{i} = compute({i}); // plain code\n"))
            .collect()
    }

    #[test]
    fn a_key_in_a_large_file_gives_one_slice_around_it() {
        let patterns = Patterns::new();
        let before = filler(4000);
        let text = format!("{before}id = {}{}\n{}", "AKIA", "Q".repeat(16), filler(4000));
        let key_line = before.lines().count() + 1;
        let slices = slices(text.as_bytes(), &patterns).expect("sliced");
        assert_eq!(slices.len(), 1);
        let s = &slices[0];
        assert!(s.keep_from <= key_line && key_line <= s.keep_to);
        assert!(s.start > 0 && s.end < text.len());
        // Whole lines, numbered as in the file.
        assert_eq!(text.as_bytes()[s.start - 1], b'\n');
        assert_eq!(text.as_bytes()[s.end - 1], b'\n');
        assert_eq!(s.first_line, text[..s.start].matches('\n').count() + 1);
        // MARGIN of context around the lines that count.
        assert!(
            text[s.start..]
                .lines()
                .take(s.keep_from - s.first_line)
                .map(str::len)
                .sum::<usize>()
                >= MARGIN - MAX_LINE
        );
    }

    #[test]
    fn files_region_mode_does_not_take_are_read_whole() {
        let patterns = Patterns::new();
        let key = format!("id = {}{}\n", "AKIA", "Q".repeat(16));
        let long_line = format!("{}{key}{}", filler(3000), "x".repeat(MAX_LINE + 1));
        let non_ascii = format!("{}{key}# é\n{}", filler(3000), filler(3000));
        let small = format!("{}{key}", filler(10));
        for text in [long_line, non_ascii, small] {
            assert_eq!(slices(text.as_bytes(), &patterns), None);
        }
    }
}
