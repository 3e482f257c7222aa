//! Transaction ids in Prisma's shape: a 25-character cuid (`c` and 24 lowercase base-36 characters).
//!
//! Clients treat the id as opaque, but Prisma's engine also uses it as a trace id and requires at least 24
//! characters, and the recorded goldens mask it as a cuid; keeping the shape keeps both happy. The id is the
//! only thing that grants access to an open transaction over HTTP, so the random part comes from the
//! standard library's randomly keyed SipHash rather than from the clock alone.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A fresh transaction id: `c`, 8 timestamp, 4 counter and 12 random base-36 characters.
pub fn new_transaction_id() -> String {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as u64)
        .unwrap_or(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let random = random_u64(count) % 36u64.pow(12);
    format!(
        "c{}{}{}",
        base36(millis, 8),
        base36(count % 36u64.pow(4), 4),
        base36(random, 12)
    )
}

/// 64 unpredictable bits: every `RandomState` is keyed from the operating system's randomness.
fn random_u64(salt: u64) -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(salt);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_nanos())
        .unwrap_or(0);
    hasher.write_u128(nanos);
    hasher.finish()
}

/// `value` in lowercase base 36, left-padded with zeros and cut to its last `width` digits.
fn base36(mut value: u64, width: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = vec![b'0'; width];
    for slot in out.iter_mut().rev() {
        *slot = DIGITS[(value % 36) as usize];
        value /= 36;
    }
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_cuid_shape_and_differ() {
        let a = new_transaction_id();
        let b = new_transaction_id();
        assert_ne!(a, b);
        for id in [&a, &b] {
            assert_eq!(id.len(), 25, "{id}");
            assert!(id.starts_with('c'));
            assert!(id
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase()));
        }
    }

    #[test]
    fn base36_pads_and_truncates() {
        assert_eq!(base36(0, 4), "0000");
        assert_eq!(base36(35, 2), "0z");
        assert_eq!(base36(36 * 36 + 1, 2), "01");
    }
}
