//! Byte tests eight bytes at a time ("SIMD within a register"), for hot
//! loops: the date finder's trigger scan, the JSON writer's escape test.

/// `0x01` in every byte.
pub const LO: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every byte.
pub const HI: u64 = 0x8080_8080_8080_8080;

/// High bit of each byte of `x` set where `m < byte < n` (0 <= m, n <= 128);
/// bytes of 0x80 and above are never in range.
#[inline(always)]
pub fn between(x: u64, m: u64, n: u64) -> u64 {
    let low7 = x & (LO * 127);
    (LO * (127 + n)).wrapping_sub(low7) & !x & (low7 + LO * (127 - m)) & HI
}

/// Nonzero if some byte of `x` is below `n` (`n` <= 128). Exact for "some
/// byte", not per byte (a borrow may mark the bytes above a hit).
#[inline(always)]
pub fn any_below(x: u64, n: u8) -> u64 {
    x.wrapping_sub(LO * u64::from(n)) & !x & HI
}

/// Nonzero if some byte of `x` is `b` (exact for "some byte").
#[inline(always)]
pub fn any_eq(x: u64, b: u8) -> u64 {
    any_below(x ^ (LO * u64::from(b)), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn between_agrees_with_a_byte_test() {
        for b in 0..=255u8 {
            for (m, n) in [(b'0' - 1, b'9' + 1), (b'@', b'['), (b'a' - 1, b'z' + 1), (0, 128)] {
                let x = u64::from_le_bytes([b, 0x20, b, 0xFF, b, b'A', 0x7F, b]);
                let want = x.to_le_bytes().iter().enumerate().fold(0u64, |acc, (k, &c)| {
                    acc | (u64::from(c > m && (c as u16) < n as u16 && c < 0x80) << (8 * k + 7))
                });
                assert_eq!(between(x, m as u64, n as u64), want, "byte {b:#x} in ({m}, {n})");
            }
        }
    }

    #[test]
    fn any_below_and_any_eq_agree_with_a_byte_scan() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut bytes = [b'a'; 8];
                bytes[at] = b;
                let x = u64::from_le_bytes(bytes);
                for n in [1, 0x20, 0x41, 128] {
                    assert_eq!(any_below(x, n) != 0, bytes.iter().any(|&c| c < n), "{b:#x} at {at} below {n}");
                }
                for c in [0, b'"', b'\\', 0x7F] {
                    assert_eq!(any_eq(x, c) != 0, bytes.contains(&c), "{b:#x} at {at} eq {c:#x}");
                }
            }
        }
    }
}
