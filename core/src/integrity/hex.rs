//! Lower-case hexadecimal text for hashes and leaf data (in URLs, JSON, and
//! test vectors).

use super::error::MerkleError;
use alloc::string::String;
use alloc::vec::Vec;

const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// `bytes` as lower-case hex.
pub fn encode(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0F)]));
    }
    text
}

/// Bytes from hex text (either case); the empty string is no bytes.
pub fn decode(text: &str) -> Result<Vec<u8>, MerkleError> {
    let digits = text.as_bytes();
    if digits.len() % 2 == 1 {
        return Err(MerkleError::InvalidHex {
            position: digits.len(),
        });
    }
    digits
        .chunks(2)
        .enumerate()
        .map(|(pair, chunk)| {
            let high = nibble(chunk[0]).ok_or(MerkleError::InvalidHex { position: 2 * pair })?;
            let low = nibble(chunk[1]).ok_or(MerkleError::InvalidHex {
                position: 2 * pair + 1,
            })?;
            Ok((high << 4) | low)
        })
        .collect()
}

/// A 32-byte hash from 64 hex digits.
pub fn decode_hash(text: &str) -> Result<[u8; 32], MerkleError> {
    let bytes = decode(text)?;
    bytes.try_into().map_err(|_| MerkleError::InvalidHex {
        position: text.len().min(64),
    })
}

fn nibble(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(encode(&[0x00, 0x1f, 0xa0, 0xff]), "001fa0ff");
        assert_eq!(decode("001FA0ff").unwrap(), [0x00, 0x1f, 0xa0, 0xff]);
        assert_eq!(decode("").unwrap(), Vec::<u8>::new());
    }

    #[test]
    fn errors_point_at_the_bad_character() {
        assert_eq!(decode("abc"), Err(MerkleError::InvalidHex { position: 3 }));
        assert_eq!(decode("0g"), Err(MerkleError::InvalidHex { position: 1 }));
        assert_eq!(decode("é"), Err(MerkleError::InvalidHex { position: 0 }));
        assert!(decode_hash("00").is_err());
        assert_eq!(decode_hash(&"ab".repeat(32)).unwrap(), [0xab; 32]);
    }
}
