//! The C allocator's policy, for programs that run JavaScript for a while (the CLI).
//!
//! glibc hands freed memory at the top of its heap back to the kernel at once; a program that
//! drops big arrays and makes new ones then has the kernel zero every page of them again (sieve:
//! ~15 % of its run in page faults, in both tiers). `keep_freed_memory` keeps 64 MB of slack
//! instead: the GC bounds what is live (its element pressure counts vector bytes), and slack that
//! is never touched is never resident (sieve's peak RSS: 14.5 MB either way). A library does not
//! set a process-wide policy: only the CLI calls this.

/// Keep up to 64 MB of freed heap memory for reuse (glibc's `M_TOP_PAD`); elsewhere, nothing.
pub fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: mallopt only sets a parameter of glibc's allocator, which takes its own lock.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 64 << 20);
    }
}
