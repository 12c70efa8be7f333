//! The global allocator of the `gazette` binary and benches: mimalloc.
//!
//! The pipeline allocates many small, short-lived strings per article;
//! mimalloc serves them several times faster than the system allocator.
//! `mimalloc::MiMalloc` asks mimalloc for an *aligned* block on every
//! call, and mimalloc's aligned entry point takes a slow path for blocks
//! over 1 KiB (the per-article vectors): it over-allocates. [`Mi`] asks
//! for a plain block whenever plain `mi_malloc` already guarantees the
//! alignment (at most 16 and at most the size, the rule of std's own
//! `System` allocator on Unix), and for an aligned one otherwise.
//! Instructions on 3 MB of generated news: 1.2% fewer than with `MiMalloc`.

// The one module with unsafe code: it forwards to mimalloc's C functions.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::{c_int, c_long, c_void};

use libmimalloc_sys as mi;

extern "C" {
    // mimalloc's own option setter (in the library that `libmimalloc_sys`
    // links; its Rust declaration needs a feature of its own).
    fn mi_option_set(option: c_int, value: c_long);
}

/// mimalloc's `mi_option_purge_delay`: its number among the options of
/// mimalloc 2 (the version `libmimalloc_sys` builds with its feature
/// `v2`; a test checks its default, 10 ms).
const PURGE_DELAY: c_int = 15;

/// Tell mimalloc never to hand freed memory back to the system. By
/// default it does so soon after a page empties, and the next
/// article that needs the memory takes it back by page faults that
/// clear whole huge pages (2 MB each; about 2% of the samples of a
/// one-thread run on real news, 120 returns in 3 s). News extraction
/// frees and allocates the same amounts article after article: the
/// peak resident size stays as it was (52 MB one thread). Call it at
/// the start of the process, before other threads start.
pub fn keep_freed_memory() {
    // SAFETY: `mi_option_set` only stores the option's value; any value
    // is valid for this option (-1: never).
    unsafe { mi_option_set(PURGE_DELAY, -1) }
}

/// Alignment every mimalloc block of at least that size has.
const PLAIN_ALIGN: usize = 16;

/// mimalloc as a global allocator: `#[global_allocator] static A: Mi = Mi;`
pub struct Mi;

#[inline]
fn plain(align: usize, size: usize) -> bool {
    align <= PLAIN_ALIGN && align <= size
}

// SAFETY: every block comes from mimalloc and goes back to it; a plain
// block is returned only where mimalloc guarantees the layout's alignment
// (blocks of `size` bytes are aligned to 16, or to `size` rounded up to a
// power of two when smaller), else the aligned entry points are used.
unsafe impl GlobalAlloc for Mi {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if plain(layout.align(), layout.size()) {
            mi::mi_malloc(layout.size()).cast()
        } else {
            mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if plain(layout.align(), layout.size()) {
            mi::mi_zalloc(layout.size()).cast()
        } else {
            mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        mi::mi_free(ptr.cast::<c_void>());
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if plain(layout.align(), new_size) {
            mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
        } else {
            mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    extern "C" {
        fn mi_option_get(option: c_int) -> c_long;
    }

    /// Option 15 is the purge delay: its default (10 ms in mimalloc 2)
    /// unless the environment sets it.
    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: `mi_option_get` reads an option's value.
            assert_eq!(unsafe { mi_option_get(PURGE_DELAY) }, 10);
        }
    }

    /// Blocks of every small size and alignment come back aligned, keep
    /// their bytes through growth, and are zeroed when asked.
    #[test]
    fn blocks_are_aligned_and_keep_their_bytes() {
        let a = Mi;
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 3, 7, 8, 12, 16, 24, 100, 1000, 1500, 5000, 70_000] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: a non-zero layout; every block is freed once, by `a`.
                unsafe {
                    let p = a.alloc(layout);
                    assert!(!p.is_null() && p as usize % align == 0, "{size} / {align}");
                    for k in 0..size {
                        *p.add(k) = k as u8;
                    }
                    let q = a.realloc(p, layout, size * 3);
                    assert!(!q.is_null() && q as usize % align == 0, "grown {size} / {align}");
                    assert!((0..size).all(|k| *q.add(k) == k as u8), "bytes kept {size} / {align}");
                    a.dealloc(q, Layout::from_size_align(size * 3, align).unwrap());
                    let z = a.alloc_zeroed(layout);
                    assert!(!z.is_null() && z as usize % align == 0 && (0..size).all(|k| *z.add(k) == 0));
                    a.dealloc(z, layout);
                }
            }
        }
    }
}
