//! Engine-generated default values: `uuid()`, `cuid()` and `nanoid()`.
//!
//! Ids are drawn from the operating system's random source (`getrandom`), as Prisma's generators do:
//! two engines started at the same instant must never hand out the same id. Should the source fail (it
//! does not on the platforms we support), the bits come from the process's randomized hasher keys mixed
//! with the clock and a counter, which still keeps ids distinct within the process.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Fills `bytes` from the operating system's random source, or the fallback mix if it fails.
fn random_bytes(bytes: &mut [u8]) {
    if getrandom::fill(bytes).is_ok() {
        return;
    }
    for chunk in bytes.chunks_mut(8) {
        let value = fallback_u64().to_le_bytes();
        chunk.copy_from_slice(&value[..chunk.len()]);
    }
}

fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    random_bytes(&mut bytes);
    u64::from_le_bytes(bytes)
}

fn fallback_u64() -> u64 {
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(count);
    hasher.write_u64(nanos);
    let mut x = hasher.finish() | 1;
    // xorshift64* step to spread the bits further.
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    x.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

/// A random version-4 UUID, lowercase and hyphenated.
pub(crate) fn uuid_v4() -> String {
    let mut bytes = [0u8; 16];
    random_bytes(&mut bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

fn base36(mut value: u64, width: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    while value > 0 {
        out.push(DIGITS[(value % 36) as usize]);
        value /= 36;
    }
    while out.len() < width {
        out.push(b'0');
    }
    out.reverse();
    let text = String::from_utf8(out).unwrap_or_default();
    // Keep the least significant digits when the value is wider than asked.
    text[text.len() - width..].to_owned()
}

/// A cuid (version 1 layout): `c`, 8 timestamp, 4 counter, 4 fingerprint and 8 random base-36 characters.
pub(crate) fn cuid() -> String {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    let counter = COUNTER.fetch_add(1, Ordering::Relaxed) % (36u64.pow(4));
    let fingerprint = (u64::from(std::process::id())) % (36u64.pow(4));
    let random = random_u64() % (36u64.pow(8));
    format!(
        "c{}{}{}{}",
        base36(millis, 8),
        base36(counter, 4),
        base36(fingerprint, 4),
        base36(random, 8)
    )
}

/// A nanoid of `length` characters from the URL-safe alphabet.
pub(crate) fn nanoid(length: usize) -> String {
    const ALPHABET: &[u8] = b"useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict";
    (0..length)
        .map(|_| ALPHABET[(random_u64() % 64) as usize] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_version_4_and_distinct() {
        let a = uuid_v4();
        let b = uuid_v4();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!("89ab".contains(&a[19..20]));
    }

    #[test]
    fn cuids_have_prisma_shape() {
        let id = cuid();
        assert_eq!(id.len(), 25);
        assert!(id.starts_with('c'));
        assert!(id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
        assert_ne!(cuid(), cuid());
    }

    #[test]
    fn nanoids_have_requested_length() {
        assert_eq!(nanoid(21).len(), 21);
        assert_eq!(nanoid(8).len(), 8);
    }
}
