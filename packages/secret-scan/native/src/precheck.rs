//! The quick check: could the full scanner (`packages/secret-scan/src`, the reference) report
//! anything in these bytes? It answers `false` only when no finding is possible, and `true`
//! ("maybe") otherwise, so the full scanner runs on whatever it cannot rule out.
//!
//! It follows the full scanner's reasoning from the other end: values first, names only when a
//! value needs one. Loosened everywhere it is not exact, never tightened:
//! - every credential is a base64 run of 20 or more characters: a key ID (anywhere in it), a
//!   session-token prefix, a key-ID prefix spelled in base64 inside a run of 28+: maybe;
//! - a run the full scanner would report or decode near a name (40 characters that could be a
//!   secret key, 100+ that could be a token, 28+ that decode to text) needs that name: it is a
//!   maybe when one of `secret`, `credential`, `passw`, `private key`, `aws key`, `sak`, `token`
//!   has it in its window;
//! - an encoded secret (percent-encoding, backslash escapes, string literals joined by `+`) needs
//!   a joint between long base64 runs, inside the zone around a name: maybe.
//!
//! Names are only searched in a file once something needs them, so most files are read once, by
//! a loop over 64-byte blocks that picks out long base64 runs and the few quote, `%` and `\` bytes.
//!
//! Distances are the full scanner's, in UTF-16 code units; in bytes they are multiplied by 3 when
//! the text is not all ASCII (one code unit takes at most 3 bytes of UTF-8). Binary content, UTF-16
//! (with or without a BOM) and text that is not valid UTF-8 are always a maybe: the full scanner
//! decodes them.

const KEY_ID_PREFIXES: [&[u8]; 4] = [b"AKIA", b"ASIA", b"ABIA", b"ACCA"];
const TOKEN_PREFIXES: [&[u8]; 4] = [b"IQoJb3JpZ2lu", b"FwoGZXIvYXdz", b"FQoGZXIvYXdz", b"AQoDYXdz"];

// The full scanner's distances (find-candidates.ts, text-views.ts), in code units.
const NAME_WINDOW_BEFORE: usize = 100;
const NAME_WINDOW_AFTER: usize = 320;
const TOKEN_NAME_BEFORE: usize = 9; // `session_token`: the window starts at "session"
const REGION_RADIUS: usize = 2000;
const MIN_RUN: usize = 28;
const MIN_JOINED_RUN: usize = 16;
const SNIFF_BYTES: usize = 8000;
/// A key ID is 20 base64 characters, the shortest credential: runs this long are looked at.
const MIN_CREDENTIAL_RUN: usize = 20;

/// Every byte a name starts with, in both cases. A constant, so the vector compares are built once.
const NAME_FIRST_BYTES: [u8; 10] = *b"sScCpPaAtT";

const ANCHOR: u8 = 1;
const FRAGMENT: u8 = 2;

/// What a text is scanned with: built once, shared by threads.
pub struct Patterns {
    /// Key ID prefixes in base64, at each of the three byte alignments.
    fragments: Vec<Vec<u8>>,
    /// Indexed by `pair_index(first, second)`: true when a name may start with these two bytes.
    name_starts: Vec<bool>,
    /// The same for key IDs and token prefixes (ANCHOR) and fragments (FRAGMENT).
    anchor_starts: Vec<u8>,
}

impl Patterns {
    pub fn new() -> Patterns {
        let mut name_starts = vec![false; 1 << 14];
        for name in ["se", "cr", "pa", "pr", "aw", "sa", "to"] {
            let name = name.as_bytes();
            for a in [name[0], name[0].to_ascii_uppercase()] {
                for b in [name[1], name[1].to_ascii_uppercase()] {
                    debug_assert!(NAME_FIRST_BYTES.contains(&a));
                    name_starts[pair_index(a, b)] = true;
                }
            }
        }
        let fragments = base64_fragments(&KEY_ID_PREFIXES);
        let mut anchor_starts = vec![0u8; 1 << 14];
        for second in [b'3', b'K', b'S', b'B', b'C'] {
            anchor_starts[pair_index(b'A', second)] |= ANCHOR;
        }
        for literal in TOKEN_PREFIXES {
            anchor_starts[pair_index(literal[0], literal[1])] |= ANCHOR;
        }
        for fragment in &fragments {
            anchor_starts[pair_index(fragment[0], fragment[1])] |= FRAGMENT;
        }
        Patterns {
            fragments,
            name_starts,
            anchor_starts,
        }
    }
}

/// Both bytes' low 7 bits: a table of 16 KiB stays in the L1 cache. A non-ASCII byte may alias an
/// ASCII one; that only costs an exact check that fails.
fn pair_index(a: u8, b: u8) -> usize {
    ((a & 0x7f) as usize) << 7 | (b & 0x7f) as usize
}

/// True only when the full scanner's decodeBytes would call these bytes binary (and skip them): a
/// NUL in the first 8000 bytes, no BOM, and zero bytes far from the every-other-byte pattern of
/// BOM-less UTF-16 (the full scanner's guess needs 90%; anything from 80% on is left to it).
pub fn is_surely_binary(bytes: &[u8]) -> bool {
    let sniff = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if bytes.starts_with(&[0xff, 0xfe])
        || bytes.starts_with(&[0xfe, 0xff])
        || bytes.starts_with(&[0xef, 0xbb, 0xbf])
    {
        return false;
    }
    if !sniff.contains(&0) {
        return false;
    }
    let pairs = sniff.len() / 2;
    if pairs < 2 {
        return false;
    }
    let even = sniff.chunks_exact(2).filter(|pair| pair[0] == 0).count();
    let odd = sniff.chunks_exact(2).filter(|pair| pair[1] == 0).count();
    even * 10 < pairs * 8 && odd * 10 < pairs * 8
}

/// True when the full scanner could report something in `bytes` (see the module comment).
pub fn may_hold_credentials(bytes: &[u8], patterns: &Patterns) -> bool {
    let sniff = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) || sniff.contains(&0) {
        return true;
    }
    let ascii = bytes.is_ascii();
    // Offsets below assume what the full scanner decodes is this very text: anything that is not
    // UTF-8 (Node.js replaces each bad byte) goes to the full scanner.
    if !ascii && std::str::from_utf8(bytes).is_err() {
        return true;
    }
    let mut names = NameIndex {
        bytes,
        patterns,
        ascii,
        scale: if ascii { 1 } else { 3 },
        built: None,
    };
    find_hits(bytes, patterns, &mut names, |_, _| true)
}

/// Every base64 run (`start`, `end`) and joint (`at`, `at + 1`) that makes `bytes` a maybe, for
/// text that is all ASCII with no NUL byte (the only text region mode takes, see regions.rs):
/// every finding of the full scanner lies near one of them.
pub fn hot_spans(bytes: &[u8], patterns: &Patterns) -> Vec<(usize, usize)> {
    let mut names = NameIndex {
        bytes,
        patterns,
        ascii: true,
        scale: 1,
        built: None,
    };
    let mut spans = Vec::new();
    find_hits(bytes, patterns, &mut names, |lo, hi| {
        spans.push((lo, hi));
        false
    });
    spans.sort_unstable();
    spans
}

/// One pass, 64 bytes at a time: every base64 run of MIN_CREDENTIAL_RUN or more (anchors in it, or
/// a value needing a name), and every joint (see `is_joint_at`) in a name's zone. Each one found
/// goes to `hit`, as the span that makes it one; the pass stops when `hit` returns true, and then
/// returns true.
fn find_hits(
    b: &[u8],
    patterns: &Patterns,
    names: &mut NameIndex,
    mut hit: impl FnMut(usize, usize) -> bool,
) -> bool {
    // The end of the run when it makes the text a maybe.
    let judge_run = |start: usize, names: &mut NameIndex| {
        let run = scan_run(b, start, patterns);
        let maybe = run.end - start >= MIN_CREDENTIAL_RUN
            && (run.anchor
                || (run.fragment && padded_end(b, run.end) - start >= MIN_RUN)
                || (run.end - start >= MIN_RUN
                    && run_needs_a_name(b, start, run.end)
                    && names.window_covers(start)));
        if maybe {
            Some(run.end)
        } else {
            None
        }
    };
    let judge_joint =
        |at: usize, names: &mut NameIndex| is_joint_at(b, at, names.ascii) && names.zone_covers(at);
    let mut block = 0;
    let mut next = if b.len() >= 64 {
        mask64(&b[..64], base64_mask)
    } else {
        0
    };
    // Vector compares and bit tricks: most blocks hold no long run and no joint.
    while block + 128 <= b.len() {
        let current = next;
        next = mask64(&b[block + 64..block + 128], base64_mask);
        let mut runs = long_run_starts(current as u128 | (next as u128) << 64);
        while runs != 0 {
            let start = block + runs.trailing_zeros() as usize;
            runs &= runs - 1;
            // A run reaching back into the block before was judged there.
            if !(start > 0 && is_base64(b[start - 1])) {
                if let Some(end) = judge_run(start, names) {
                    if hit(start, end) {
                        return true;
                    }
                }
            }
        }
        let mut joints = mask64(&b[block..block + 64], |chunk| {
            any_of_mask(chunk, &JOINT_FIRST_BYTES)
        });
        while joints != 0 {
            let at = block + joints.trailing_zeros() as usize;
            joints &= joints - 1;
            if judge_joint(at, names) && hit(at, at + 1) {
                return true;
            }
        }
        block += 64;
    }
    for i in block..b.len() {
        if is_base64(b[i]) && !(i > 0 && is_base64(b[i - 1])) {
            if let Some(end) = judge_run(i, names) {
                if hit(i, end) {
                    return true;
                }
            }
        }
        if is_joint_start(b[i]) && judge_joint(i, names) && hit(i, i + 1) {
            return true;
        }
    }
    false
}

/// Bit k set when `chunk[k]` (64 bytes) is in the class `mask16` tells, 16 bytes at a time.
#[inline(always)]
fn mask64(chunk: &[u8], mask16: fn(&[u8]) -> u32) -> u64 {
    (0..4).fold(0, |mask, k| {
        mask | (mask16(&chunk[16 * k..16 * k + 16]) as u64) << (16 * k)
    })
}

/// Bit i set when a base64 run of MIN_CREDENTIAL_RUN or more starts at byte i (of the low 64),
/// given `mask`, the base64 bytes of 128. At bit 0, the run may have started before.
fn long_run_starts(mask: u128) -> u64 {
    // Bit i of `long`: bytes i .. i + 19 are all base64 (shift-and doubling: 2, 4, 8, 16, then 20).
    let x2 = mask & (mask >> 1);
    let x4 = x2 & (x2 >> 2);
    let x8 = x4 & (x4 >> 4);
    let x16 = x8 & (x8 >> 8);
    let long = x16 & (x4 >> 16);
    (long & !(long << 1)) as u64
}

/// Bit k set when `chunk[k]` (16 bytes) is a base64 character.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn base64_mask(chunk: &[u8]) -> u32 {
    use std::arch::x86_64::*;
    assert!(chunk.len() >= 16);
    // SAFETY: SSE2 is part of x86_64; the load reads the 16 bytes just checked to be there.
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr() as *const __m128i);
        // Signed compares: bytes of 0x80 and up are negative, below every range here.
        let within = |lo: u8, hi: u8| {
            _mm_and_si128(
                _mm_cmpgt_epi8(v, _mm_set1_epi8(lo as i8 - 1)),
                _mm_cmplt_epi8(v, _mm_set1_epi8(hi as i8 + 1)),
            )
        };
        let letters = _mm_or_si128(within(b'A', b'Z'), within(b'a', b'z'));
        let others = _mm_or_si128(within(b'/', b'9'), _mm_cmpeq_epi8(v, _mm_set1_epi8(b'+' as i8)));
        _mm_movemask_epi8(_mm_or_si128(letters, others)) as u32
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn base64_mask(chunk: &[u8]) -> u32 {
    (0..16)
        .filter(|&k| is_base64(chunk[k]))
        .fold(0, |mask, k| mask | 1 << k)
}

struct Run {
    end: usize,
    /// A key ID or a session-token prefix starts in it.
    anchor: bool,
    /// A key-ID prefix spelled in base64 starts in it (the full scanner decodes a run of 28+ then).
    fragment: bool,
}

/// The base64 run starting at `start`, read once: its end, then anchors at the few bytes that can
/// start one (every anchor starts with A, I, F, Q or B), found 16 at a time.
fn scan_run(b: &[u8], start: usize, patterns: &Patterns) -> Run {
    let mut end = start;
    while end + 16 <= b.len() && base64_mask(&b[end..end + 16]) == 0xffff {
        end += 16;
    }
    while end < b.len() && is_base64(b[end]) {
        end += 1;
    }
    let mut run = Run {
        end,
        anchor: false,
        fragment: false,
    };
    let check = |i: usize| {
        if i + 1 >= b.len() {
            return;
        }
        let flags = patterns.anchor_starts[pair_index(b[i], b[i + 1])];
        if flags != 0 {
            let at = &b[i..];
            run.anchor |= flags & ANCHOR != 0
                && (is_key_id_at(b, i) || TOKEN_PREFIXES.iter().any(|p| at.starts_with(p)));
            run.fragment |= flags & FRAGMENT != 0 && patterns.fragments.iter().any(|f| at.starts_with(f));
        }
    };
    each_position_of(b, start, end, &ANCHOR_FIRST_BYTES, check);
    run
}

/// Calls `f` with each offset in `from..to` where `b` holds one of `bytes`, in order, found 16 at a
/// time. Inlined, so each constant list becomes constant vectors.
#[inline(always)]
fn each_position_of(b: &[u8], from: usize, to: usize, bytes: &[u8], mut f: impl FnMut(usize)) {
    let mut at = from;
    while at + 16 <= to {
        let mut mask = any_of_mask(&b[at..at + 16], bytes);
        while mask != 0 {
            f(at + mask.trailing_zeros() as usize);
            mask &= mask - 1;
        }
        at += 16;
    }
    (at..to).filter(|&k| bytes.contains(&b[k])).for_each(f);
}

/// Every byte an anchor (key ID, token prefix, fragment) starts with; a test checks the list.
const ANCHOR_FIRST_BYTES: [u8; 5] = *b"AIFQB";

/// Bit k set when `chunk[k]` (16 bytes) is one of `bytes`: 16 compares at a time where the CPU
/// can. Inlined, so the constant lists become constant vectors.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn any_of_mask(chunk: &[u8], bytes: &[u8]) -> u32 {
    use std::arch::x86_64::*;
    assert!(chunk.len() >= 16);
    // SAFETY: SSE2 is part of x86_64; the load reads the 16 bytes just checked to be there.
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr() as *const __m128i);
        let mut any = _mm_setzero_si128();
        for &c in bytes {
            any = _mm_or_si128(any, _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8)));
        }
        _mm_movemask_epi8(any) as u32
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn any_of_mask(chunk: &[u8], bytes: &[u8]) -> u32 {
    (0..16)
        .filter(|&k| bytes.contains(&chunk[k]))
        .fold(0, |mask, k| mask | 1 << k)
}

fn padded_end(b: &[u8], mut end: usize) -> usize {
    while end < b.len() && b[end] == b'=' {
        end += 1;
    }
    end
}

/// What the full scanner does with a run of 28+ in a name's window (scanWindow): report it as a
/// secret key (40) or a token (100+), or decode it and look inside.
fn run_needs_a_name(b: &[u8], start: usize, end: usize) -> bool {
    let bare = end - start;
    let mut padded = end;
    while padded < b.len() && padded - end < 2 && b[padded] == b'=' {
        padded += 1;
    }
    let run = &b[start..end];
    (bare == 40 && could_be_secret_key(run))
        || (bare >= 100 && could_be_session_token(run))
        || decodes_to_text(&b[start..padded])
}

/// Sorted, disjoint `[start, end)` byte ranges.
type Spans = Vec<(usize, usize)>;

/// The names of one text and the windows and zones around them, found on first use.
struct NameIndex<'a> {
    bytes: &'a [u8],
    patterns: &'a Patterns,
    /// The text is all ASCII: offsets are code units.
    ascii: bool,
    scale: usize,
    /// Merged windows, and the zones around them (both sorted, disjoint).
    built: Option<(Spans, Spans)>,
}

impl NameIndex<'_> {
    /// Some name's window (the full scanner's nameWindow, widened) holds `at`.
    fn window_covers(&mut self, at: usize) -> bool {
        covers(&self.build().0, at)
    }

    /// Some name's zone (the full scanner's mergeZones, widened) holds `at`.
    fn zone_covers(&mut self, at: usize) -> bool {
        covers(&self.build().1, at)
    }

    fn build(&mut self) -> &(Spans, Spans) {
        if self.built.is_none() {
            let windows = name_windows(self.bytes, self.patterns, self.scale);
            let zones = zones(self.bytes, &windows, self.scale);
            self.built = Some((windows, zones));
        }
        self.built.as_ref().unwrap()
    }
}

fn covers(spans: &[(usize, usize)], at: usize) -> bool {
    let after = spans.partition_point(|&(lo, _)| lo <= at);
    after > 0 && at < spans[after - 1].1
}

/// The window after (and a little before) every name: where the full scanner looks for values.
fn name_windows(b: &[u8], patterns: &Patterns, scale: usize) -> Vec<(usize, usize)> {
    let mut windows: Vec<(usize, usize)> = Vec::new();
    let n = b.len();
    let add = |i: usize| {
        if !patterns.name_starts[pair_index(b[i], b[i + 1])] {
            return;
        }
        if let Some(before) = name_at(b, i) {
            let lo = i.saturating_sub((before + NAME_WINDOW_BEFORE) * scale);
            let hi = (i + NAME_WINDOW_AFTER * scale).min(n);
            match windows.last_mut() {
                // A token's window may start a little before the last name's.
                Some(last) if lo <= last.1 => *last = (last.0.min(lo), last.1.max(hi)),
                _ => windows.push((lo, hi)),
            }
        }
    };
    // Up to the last byte but one: a name's first two bytes are looked up together.
    each_position_of(b, 0, n.saturating_sub(1), &NAME_FIRST_BYTES, add);
    windows
}

/// The zones where the full scanner decodes views: each window widened to the start of the line
/// before and the end of its last line (at most REGION_RADIUS away), merged.
fn zones(b: &[u8], windows: &[(usize, usize)], scale: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &(lo, hi) in windows {
        let start = previous_line_start(b, lo, REGION_RADIUS * scale);
        let end = line_end(b, hi, REGION_RADIUS * scale);
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

/// `(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}` at `i`, whatever is around it.
fn is_key_id_at(b: &[u8], i: usize) -> bool {
    if i + 20 > b.len() {
        return false;
    }
    let prefix = &b[i..i + 4];
    let known = KEY_ID_PREFIXES.contains(&prefix)
        || (prefix.starts_with(b"A3T") && (prefix[3].is_ascii_uppercase() || prefix[3].is_ascii_digit()));
    known
        && b[i + 4..i + 20]
            .iter()
            .all(|&c| c.is_ascii_uppercase() || (b'2'..=b'7').contains(&c))
}

/// When a name the full scanner looks for starts at `i`: how many code units before it its
/// window may start (beyond the usual NAME_WINDOW_BEFORE). `token` is taken wherever it is (the
/// full scanner also checks what surrounds it); `sak` needs word boundaries, as `\bsak\b`.
fn name_at(b: &[u8], i: usize) -> Option<usize> {
    let rest = &b[i..];
    let is = |word: &[u8]| rest.len() >= word.len() && rest[..word.len()].eq_ignore_ascii_case(word);
    // `private.?key`, `aws.?key`: one code unit between, up to 3 bytes (4 here, to be safe).
    let then_key = |skip: usize| {
        (skip..=skip + 4).any(|k| rest.len() >= k + 3 && rest[k..k + 3].eq_ignore_ascii_case(b"key"))
    };
    if is(b"secret") || is(b"credential") || is(b"passw") {
        return Some(0);
    }
    if (is(b"private") && then_key(7)) || (is(b"aws") && then_key(3)) {
        return Some(0);
    }
    if is(b"sak") && !(i > 0 && is_word(b[i - 1])) && !rest.get(3).map_or(false, |&c| is_word(c)) {
        return Some(0);
    }
    if is(b"token") {
        return Some(TOKEN_NAME_BEFORE);
    }
    None
}

/// The full scanner's shape checks for a secret access key, minus the ones that only reject
/// more (placeholder words, camelCase, sequences): both cases, not hex, 18+ distinct characters.
fn could_be_secret_key(run: &[u8]) -> bool {
    // Cheapest first: hex (git object ids, sha1) is most of what comes here.
    !run.iter().all(u8::is_ascii_hexdigit)
        && run.iter().any(u8::is_ascii_lowercase)
        && run.iter().any(u8::is_ascii_uppercase)
        && distinct(run) >= 18
        && !contains(run, b"EXAMPLE")
}

/// Same for a session token: not hex, all three character kinds, 30+ distinct characters.
fn could_be_session_token(run: &[u8]) -> bool {
    !contains(run, b"EXAMPLE")
        && !run.iter().all(u8::is_ascii_hexdigit)
        && run.iter().any(u8::is_ascii_lowercase)
        && run.iter().any(u8::is_ascii_uppercase)
        && run.iter().any(u8::is_ascii_digit)
        && distinct(run) >= 30
}

/// The full scanner decodes a named base64 value when it is mostly printable (90%; 85% here) and
/// looks inside: whatever it might find there, that is a maybe.
fn decodes_to_text(run: &[u8]) -> bool {
    let bare = run.len() - run.iter().rev().take_while(|&&c| c == b'=').count();
    let length = bare * 6 / 8;
    if length < 16 {
        return false;
    }
    // More than this many other bytes and the share of printable ones is under 85%: stop there.
    let allowed = length * 3 / 20;
    let mut bits: u32 = 0;
    let mut count = 0;
    let mut other = 0;
    for &c in &run[..bare] {
        let value = match base64_value(c) {
            Some(value) => value,
            None => break,
        };
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            let byte = (bits >> count) as u8;
            if !((0x20..0x7f).contains(&byte) || byte == b'\n' || byte == b'\r' || byte == b'\t') {
                other += 1;
                if other > allowed {
                    return false;
                }
            }
        }
    }
    true
}

fn is_joint_at(b: &[u8], t: usize, ascii: bool) -> bool {
    match b[t] {
        b'%' if hex_at(b, t + 1, 2) => joins_long_runs(b, t, t + 3, Some((b'%', 3)), ascii),
        b'\\' => match b.get(t + 1) {
            Some(b'\\' | b'/' | b'"' | b'\'' | b'n' | b'r' | b't' | b'b' | b'f') => {
                joins_long_runs(b, t, t + 2, Some((b'\\', 2)), ascii)
            }
            Some(b'u') if hex_at(b, t + 2, 4) => joins_long_runs(b, t, t + 6, Some((b'\\', 2)), ascii),
            Some(b'x') if hex_at(b, t + 2, 2) => joins_long_runs(b, t, t + 4, Some((b'\\', 2)), ascii),
            _ => false,
        },
        // A joint between literals: a base64 character, the quote, then what may follow a closing
        // quote in one (`"a" + "b"`, `"a" "b"`, `'a'.'b'`, `"a" \\\n "b"`); most quotes fail here.
        b'"' | b'\'' | b'`'
            if t > 0 && is_base64(b[t - 1]) && b.get(t + 1).map_or(false, |&c| AFTER_QUOTE[c as usize]) =>
        {
            match literal_joint_end(b, t + 1) {
                Some(close) if b.get(close + 1).map_or(false, |&c| is_base64(c)) => {
                    joins_long_runs(b, t, close + 1, None, ascii)
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// After a closing quote at `from - 1`: blanks, an optional operator (`+ . & ||`), blanks, an
/// optional line break (with `\` before it, blanks and an operator after it); then the offset of
/// the opening quote of the next literal, if there is one. Blanks are allowed a little more
/// generously than the full scanner's pattern, never less.
fn literal_joint_end(b: &[u8], from: usize) -> Option<usize> {
    let blanks = |mut i: usize, max: usize| {
        let stop = i + max;
        while i < stop && i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        i
    };
    let operator = |i: usize| match b.get(i) {
        Some(b'+' | b'.' | b'&') => i + 1,
        Some(b'|') if b.get(i + 1) == Some(&b'|') => i + 2,
        _ => i,
    };
    let mut i = blanks(from, 32);
    i = blanks(operator(i), 32);
    let mut j = i;
    if b.get(j) == Some(&b'\\') {
        j += 1;
    }
    if b.get(j) == Some(&b'\r') {
        j += 1;
    }
    if b.get(j) == Some(&b'\n') {
        i = blanks(operator(blanks(j + 1, 64)), 32);
    }
    match b.get(i) {
        Some(b'"' | b'\'' | b'`') => Some(i),
        _ => None,
    }
}

/// The full scanner's joinsLongRuns: base64 characters just before `left` plus just after
/// `right` reach MIN_JOINED_RUN; an escape of the same kind (its code and `width - 1` more code
/// units, whatever they are) counts as one character. Exact on ASCII bytes; other text is walked
/// in UTF-16 code units, as the full scanner walks it.
fn joins_long_runs(b: &[u8], left: usize, right: usize, escape: Option<(u8, usize)>, ascii: bool) -> bool {
    // The full scanner counts inside a zone only: when the zone starts just after a `%`, the two
    // characters after it count as two there, as one escape here. One less is enough for `%`.
    let need = if escape.map_or(false, |(code, _)| code == b'%') {
        MIN_JOINED_RUN - 1
    } else {
        MIN_JOINED_RUN
    };
    if ascii {
        return joined_run_length(b, left, right, escape, |c| c as u16) >= need;
    }
    // At most MIN_JOINED_RUN escapes of 3 code units on each side, each up to 4 bytes per unit pair.
    let reach = MIN_JOINED_RUN * 3 * 4;
    let mut lo = left.saturating_sub(reach);
    while lo < left && is_continuation(b[lo]) {
        lo += 1;
    }
    let mut hi = (right + reach).min(b.len());
    while hi < b.len() && hi > right && is_continuation(b[hi]) {
        hi -= 1;
    }
    // `left` and `right` sit next to ASCII bytes (a trigger, a base64 character): both boundaries.
    let units = |bytes: &[u8]| -> Vec<u16> { String::from_utf8_lossy(bytes).encode_utf16().collect() };
    let mut text = units(&b[lo..left]);
    let left_units = text.len();
    text.extend(units(&b[left..right]));
    let right_units = text.len();
    text.extend(units(&b[right..hi]));
    joined_run_length(&text, left_units, right_units, escape, |c| c) >= need
}

/// The count of joinsLongRuns over any sequence of code units.
fn joined_run_length<T: Copy>(
    text: &[T],
    left: usize,
    right: usize,
    escape: Option<(u8, usize)>,
    unit: impl Fn(T) -> u16,
) -> usize {
    let at = |i: usize| unit(text[i]);
    let b64 = |c: u16| c < 128 && is_base64(c as u8);
    let mut n = 0;
    let mut i = left;
    while i > 0 && n < MIN_JOINED_RUN {
        i -= 1;
        match escape {
            Some((code, width)) if i + 1 >= width && at(i + 1 - width) == code as u16 => i -= width - 1,
            _ if !b64(at(i)) => break,
            _ => {}
        }
        n += 1;
    }
    let mut i = right;
    while i < text.len() && n < MIN_JOINED_RUN {
        match escape {
            Some((code, width)) if at(i) == code as u16 => i += width - 1,
            _ if !b64(at(i)) => break,
            _ => {}
        }
        n += 1;
        i += 1;
    }
    n
}

fn is_continuation(c: u8) -> bool {
    c & 0xc0 == 0x80
}

/// Start of the line before the one holding `at`, at most `radius` back (text-views.ts).
fn previous_line_start(b: &[u8], at: usize, radius: usize) -> usize {
    let line_start = line_start_before(b, at, radius);
    if line_start == 0 || b[line_start - 1] != b'\n' {
        return line_start;
    }
    line_start_before(b, line_start - 1, radius - (at - line_start))
}

fn line_start_before(b: &[u8], at: usize, limit: usize) -> usize {
    let stop = at.saturating_sub(limit);
    let from = at.min(b.len());
    match b[stop..from].iter().rposition(|&c| c == b'\n') {
        Some(k) => stop + k + 1,
        None => stop,
    }
}

fn line_end(b: &[u8], at: usize, limit: usize) -> usize {
    let stop = (at + limit).min(b.len());
    let from = at.min(stop);
    match b[from..stop].iter().position(|&c| c == b'\n') {
        Some(k) => from + k,
        None => stop,
    }
}

/// Each prefix in base64 at byte offsets 0, 1 and 2: the output characters whose 6 bits come from
/// the prefix alone (find-candidates.ts computes the same list).
fn base64_fragments(prefixes: &[&[u8]]) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    for prefix in prefixes {
        for align in 0..3 {
            let mut bytes = vec![0u8; align];
            bytes.extend_from_slice(prefix);
            bytes.extend_from_slice(&[0, 0, 0]);
            let encoded = base64_encode(&bytes);
            let (first_bit, last_bit) = (align * 8, (align + prefix.len()) * 8);
            let fragment: Vec<u8> = (0..encoded.len())
                .filter(|&j| j * 6 >= first_bit && j * 6 + 6 <= last_bit)
                .map(|j| encoded[j])
                .collect();
            if !out.contains(&fragment) {
                out.push(fragment);
            }
        }
    }
    out
}

const BASE64_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_encode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in bytes.chunks(3) {
        let word = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for k in 0..=chunk.len() {
            out.push(BASE64_ALPHABET[(word >> (18 - 6 * k) & 63) as usize]);
        }
    }
    out
}

fn base64_value(c: u8) -> Option<u32> {
    match BASE64_VALUES[c as usize] {
        0xff => None,
        value => Some(value as u32),
    }
}

const BASE64_VALUES: [u8; 256] = {
    let mut table = [0xffu8; 256];
    let mut k = 0;
    while k < 64 {
        table[BASE64_ALPHABET[k] as usize] = k as u8;
        k += 1;
    }
    table
};

const BASE64: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        table[c] = b.is_ascii_alphanumeric() || b == b'+' || b == b'/';
        c += 1;
    }
    table
};

/// What can follow the closing quote of a literal joined to the next one: blanks, an operator, a
/// line break (or the `\` before one), the next quote.
const AFTER_QUOTE: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = b" \t+.&|\\\r\n\"'`";
    let mut k = 0;
    while k < bytes.len() {
        table[bytes[k] as usize] = true;
        k += 1;
    }
    table
};

/// Every byte a joint starts with: a quote, `%`, `\\`.
const JOINT_FIRST_BYTES: [u8; 5] = *b"\"'`%\\";

const JOINT_START: [bool; 256] = {
    let mut table = [false; 256];
    let mut k = 0;
    while k < JOINT_FIRST_BYTES.len() {
        table[JOINT_FIRST_BYTES[k] as usize] = true;
        k += 1;
    }
    table
};

fn is_base64(c: u8) -> bool {
    BASE64[c as usize]
}

fn is_joint_start(c: u8) -> bool {
    JOINT_START[c as usize]
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn hex_at(b: &[u8], at: usize, count: usize) -> bool {
    b.len() >= at + count && b[at..at + count].iter().all(u8::is_ascii_hexdigit)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn distinct(run: &[u8]) -> usize {
    let mut seen = [false; 256];
    run.iter()
        .filter(|&&c| !std::mem::replace(&mut seen[c as usize], true))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_anchor_starts_with_one_of_the_anchor_first_bytes() {
        let patterns = Patterns::new();
        let literals = TOKEN_PREFIXES
            .iter()
            .copied()
            .chain(KEY_ID_PREFIXES)
            .chain(patterns.fragments.iter().map(|f| f.as_slice()));
        for literal in literals {
            assert!(
                ANCHOR_FIRST_BYTES.contains(&literal[0]),
                "{:?}",
                String::from_utf8_lossy(literal)
            );
        }
    }

    #[test]
    fn binary_only_when_the_full_scanner_would_skip_it() {
        assert!(is_surely_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(!is_surely_binary(b"plain text"));
        // UTF-16 LE without a BOM: every other byte is NUL; the full scanner decodes it.
        let utf16: Vec<u8> = "AWS_SECRET_ACCESS_KEY=x"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert!(!is_surely_binary(&utf16));
        assert!(!is_surely_binary(b"\xff\xfe\0\0"));
    }

    #[test]
    fn fragments_match_the_full_scanner() {
        // find-candidates.ts builds the same list; these are its values.
        let fragments = base64_fragments(&KEY_ID_PREFIXES);
        assert!(fragments.contains(&b"QUtJQ".to_vec()));
        assert_eq!(fragments.len(), 12);
    }

    #[test]
    fn plain_code_is_clean_and_a_key_id_is_not() {
        let patterns = Patterns::new();
        assert!(!may_hold_credentials(
            b"const secret = process.env.DB_PASSWORD;\n",
            &patterns
        ));
        let key_id = format!("id = {}{}\n", "AKIA", "Q".repeat(16));
        assert!(may_hold_credentials(key_id.as_bytes(), &patterns));
    }
}
