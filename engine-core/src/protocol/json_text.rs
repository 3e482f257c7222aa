//! JSON text written the way Prisma's engine writes it.
//!
//! The only difference from `serde_json::to_string` is the exponent of floats: the engine prints `2.25e18`
//! and `1e308` where current serde_json prints `2.25e+18` and `1e+308`. Response bodies and stored Json
//! documents both go through [`to_json_text`] so that clients comparing text see Prisma's bytes.

use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, Serializer};
use serde_json::Value;

/// Compact JSON text with Prisma's float notation.
pub fn to_json_text(value: &Value) -> String {
    to_json_text_of(value)
}

/// Compact JSON text with Prisma's float notation, for anything serializable (result values are written
/// straight from their [`crate::protocol::encode::Encoded`] form, without building a JSON tree first).
pub fn to_json_text_of<T: Serialize + ?Sized>(value: &T) -> String {
    let mut buffer = Vec::new();
    let mut serializer = Serializer::with_formatter(&mut buffer, PrismaFormatter);
    value
        .serialize(&mut serializer)
        .expect("serializing a JSON value into memory cannot fail");
    String::from_utf8(buffer).expect("serde_json writes UTF-8")
}

/// serde_json's compact formatter with floats written without a `+` in the exponent.
struct PrismaFormatter;

impl Formatter for PrismaFormatter {
    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        let mut text = Vec::new();
        CompactFormatter.write_f64(&mut text, value)?;
        let text = String::from_utf8_lossy(&text).replace("e+", "e");
        writer.write_all(text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn floats_use_prismas_exponent_notation() {
        // 19_reads_aggregate and 56/57 raw goldens (body_raw): `2.25e18`, `1e308`, `-0.0`, `15.0`.
        let value = json!({"b": 2.25e18, "big": 1e308, "neg": -0.0, "oi": 15.0, "small": 1e-7, "avg": 1.4166666666666667});
        assert_eq!(
            to_json_text(&value),
            r#"{"b":2.25e18,"big":1e308,"neg":-0.0,"oi":15.0,"small":1e-7,"avg":1.4166666666666667}"#
        );
    }

    #[test]
    fn everything_else_is_compact_serde_json() {
        let value = json!({"s": "quote\" é😀\n", "i": -9223372036854775808i64, "u": 18446744073709551615u64, "l": [null, true], "o": {}});
        assert_eq!(to_json_text(&value), serde_json::to_string(&value).unwrap());
    }
}
