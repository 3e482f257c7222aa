//! PostgreSQL's binary `NUMERIC` format, both ways.
//!
//! A numeric travels as base-10000 digits with a weight (the power of 10000 of the first digit) and a
//! display scale. Converting through `f64` or text would lose digits or depend on server settings; this
//! keeps every digit of a 40-digit decimal and of `1e-30` alike.

use bigdecimal::num_bigint::{BigInt, Sign};
use bigdecimal::BigDecimal;
use bytes::{BufMut, BytesMut};

const POSITIVE: u16 = 0x0000;
const NEGATIVE: u16 = 0x4000;
const NAN: u16 = 0xC000;
const POSITIVE_INFINITY: u16 = 0xD000;
const NEGATIVE_INFINITY: u16 = 0xF000;
/// The largest display scale PostgreSQL stores.
const MAX_DSCALE: i64 = 0x3FFF;

/// A decoded numeric: a number, or one of the special values `BigDecimal` cannot hold.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Numeric {
    Number(BigDecimal),
    NaN,
    Infinity { negative: bool },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum NumericError {
    #[error("malformed NUMERIC value from the server")]
    Malformed,
    #[error("the decimal {0} does not fit PostgreSQL's NUMERIC type")]
    OutOfRange(String),
}

/// Writes `value` in the binary format.
pub(crate) fn encode(value: &BigDecimal, out: &mut BytesMut) -> Result<(), NumericError> {
    let (mut unscaled, mut scale) = value.as_bigint_and_exponent();
    if scale < 0 {
        unscaled *= BigInt::from(10).pow(scale.unsigned_abs() as u32);
        scale = 0;
    }
    if scale > MAX_DSCALE {
        return Err(NumericError::OutOfRange(value.to_string()));
    }
    let negative = unscaled.sign() == Sign::Minus;
    let digits = unscaled.magnitude().to_string();
    let scale = scale as usize;

    // Split at the decimal point, padding the integer part so it is never empty.
    let (integer, fraction) = if digits.len() > scale {
        digits.split_at(digits.len() - scale)
    } else {
        ("", digits.as_str())
    };
    let fraction = format!("{}{fraction}", "0".repeat(scale - fraction.len()));

    let integer_padded = format!("{}{integer}", "0".repeat((4 - integer.len() % 4) % 4));
    let fraction_padded = format!("{fraction}{}", "0".repeat((4 - fraction.len() % 4) % 4));
    let mut groups: Vec<i16> = integer_padded
        .as_bytes()
        .chunks(4)
        .chain(fraction_padded.as_bytes().chunks(4))
        .map(|chunk| {
            std::str::from_utf8(chunk)
                .expect("ASCII digits")
                .parse()
                .expect("four digits")
        })
        .collect();
    let mut weight = (integer_padded.len() / 4) as i64 - 1;

    let leading_zeros = groups.iter().take_while(|g| **g == 0).count();
    groups.drain(..leading_zeros);
    weight -= leading_zeros as i64;
    while groups.last() == Some(&0) {
        groups.pop();
    }
    if groups.is_empty() {
        weight = 0;
    }
    let ndigits =
        i16::try_from(groups.len()).map_err(|_| NumericError::OutOfRange(value.to_string()))?;
    let weight = i16::try_from(weight).map_err(|_| NumericError::OutOfRange(value.to_string()))?;

    out.put_i16(ndigits);
    out.put_i16(weight);
    out.put_u16(if negative && !groups.is_empty() {
        NEGATIVE
    } else {
        POSITIVE
    });
    out.put_u16(scale as u16);
    for group in groups {
        out.put_i16(group);
    }
    Ok(())
}

/// Reads the binary format.
pub(crate) fn decode(raw: &[u8]) -> Result<Numeric, NumericError> {
    let header = |i: usize| -> Result<u16, NumericError> {
        raw.get(i * 2..i * 2 + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .ok_or(NumericError::Malformed)
    };
    let ndigits = header(0)? as i16;
    let weight = header(1)? as i16;
    let sign = header(2)?;
    let dscale = header(3)?;
    match sign {
        NAN => return Ok(Numeric::NaN),
        POSITIVE_INFINITY => return Ok(Numeric::Infinity { negative: false }),
        NEGATIVE_INFINITY => return Ok(Numeric::Infinity { negative: true }),
        POSITIVE | NEGATIVE => {}
        _ => return Err(NumericError::Malformed),
    }
    if ndigits < 0 || raw.len() != 8 + ndigits as usize * 2 {
        return Err(NumericError::Malformed);
    }

    let mut unscaled = BigInt::from(0);
    for i in 0..ndigits as usize {
        let digit = header(4 + i)?;
        if digit > 9999 {
            return Err(NumericError::Malformed);
        }
        unscaled = unscaled * 10_000 + digit;
    }
    if sign == NEGATIVE {
        unscaled = -unscaled;
    }
    // The last digit stands for 10000^(weight - ndigits + 1).
    let exponent = (i64::from(weight) - i64::from(ndigits) + 1) * 4;
    let value = BigDecimal::new(unscaled, -exponent);
    Ok(Numeric::Number(value.with_scale(i64::from(dscale))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn round_trip(text: &str) -> BigDecimal {
        let value = BigDecimal::from_str(text).unwrap();
        let mut buf = BytesMut::new();
        encode(&value, &mut buf).unwrap();
        match decode(&buf).unwrap() {
            Numeric::Number(n) => n,
            other => panic!("{text} decoded as {other:?}"),
        }
    }

    #[test]
    fn round_trips_keep_every_digit() {
        for text in [
            "0",
            "0.0",
            "1",
            "-1",
            "12.50",
            "0.1",
            "0.0001",
            "0.00001",
            "10000",
            "9999.9999",
            "-123456789012345678901234567890.123456789",
            "1234567890123456789012345678901234567890",
            "0.000000000000000000000000000001",
            "-0.5",
        ] {
            let back = round_trip(text);
            assert_eq!(
                back.to_string(),
                BigDecimal::from_str(text).unwrap().to_string(),
                "{text}"
            );
        }
    }

    #[test]
    fn exponent_notation_is_expanded() {
        assert_eq!(round_trip("1.5e3").to_string(), "1500");
        assert_eq!(round_trip("-2E+5"), BigDecimal::from(-200000));
    }

    #[test]
    fn known_wire_bytes() {
        // 12.50: digits [12, 5000], weight 0, scale 2.
        let mut buf = BytesMut::new();
        encode(&BigDecimal::from_str("12.50").unwrap(), &mut buf).unwrap();
        assert_eq!(&buf[..], &[0, 2, 0, 0, 0, 0, 0, 2, 0, 12, 0x13, 0x88]);
    }

    #[test]
    fn special_values_decode() {
        assert_eq!(decode(&[0, 0, 0, 0, 0xC0, 0, 0, 0]).unwrap(), Numeric::NaN);
        assert_eq!(
            decode(&[0, 0, 0, 0, 0xF0, 0, 0, 0]).unwrap(),
            Numeric::Infinity { negative: true }
        );
        assert_eq!(decode(&[0, 1, 0]), Err(NumericError::Malformed));
    }

    #[test]
    fn rejects_scales_postgres_cannot_store() {
        let tiny = BigDecimal::new(BigInt::from(1), 20_000);
        assert!(encode(&tiny, &mut BytesMut::new()).is_err());
    }
}
