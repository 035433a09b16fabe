//! Executable memory for compiled code, and the call into it: the JIT's only `unsafe`.
//!
//! Each compiled function gets its own pages: mapped read-write, the machine code copied in, then
//! switched to read-execute (`mprotect`) — never writable and executable at once — and unmapped
//! alone when dropped. Only x86-64 for now: other hosts would need an instruction-cache flush
//! after the copy.
#![allow(unsafe_code)]

use super::Exit;

/// Machine code of one function, mapped read-execute.
pub struct Code {
    ptr: *mut u8,
    len: usize,
}

/// The signature of every compiled function: the frame's registers, the exit record (accumulator
/// in and out, the pc to resume at) and the VM's interrupt flag; returns the `Reason` code.
type Entry = extern "C" fn(*mut u64, *mut Exit, *const u8) -> u32;

impl Code {
    /// Map `bytes` executable; `None` if the host refuses (or is not x86-64).
    pub fn new(bytes: &[u8]) -> Option<Code> {
        if !cfg!(target_arch = "x86_64") || bytes.is_empty() {
            return None;
        }
        // SAFETY: sysconf has no preconditions.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) }.max(4096) as usize;
        let len = bytes.len().div_ceil(page) * page;
        // SAFETY: an anonymous private mapping at an address the kernel picks aliases nothing.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return None;
        }
        let code = Code {
            ptr: ptr as *mut u8,
            len,
        };
        // SAFETY: the mapping is `len >= bytes.len()` bytes, writable, and fresh (no overlap).
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), code.ptr, bytes.len()) };
        // SAFETY: `ptr`/`len` are exactly the mapping made above; from now on it is never written.
        let ok = unsafe { libc::mprotect(ptr, len, libc::PROT_READ | libc::PROT_EXEC) } == 0;
        ok.then_some(code)
    }

    /// Run the function on a frame's registers.
    pub fn call(
        &self,
        registers: &mut [crate::runtime::Value],
        exit: &mut Exit,
        interrupt: &std::sync::atomic::AtomicBool,
    ) -> u32 {
        // SAFETY: `ptr` is the start of code Cranelift compiled for `Entry`'s signature (with the
        // host's default calling convention) and that needs no relocation (`lower` checks). That
        // code reads and writes only registers below the template's `register_count` — which the
        // caller's slice covers (`registers.len()` is checked by `Vm::jit_enter`) — `exit` and
        // the interrupt flag (a byte read), and it calls only the `extern "C"` helpers of
        // `lower.rs`, which neither allocate nor run JavaScript.
        let entry: Entry = unsafe { std::mem::transmute::<*mut u8, Entry>(self.ptr) };
        // `Value` is `repr(transparent)` over `u64`: the code reads and writes the bits.
        entry(
            registers.as_mut_ptr() as *mut u64,
            exit,
            interrupt.as_ptr() as *const u8,
        )
    }

    pub fn len(&self) -> usize {
        self.len
    }
}

impl Drop for Code {
    fn drop(&mut self) {
        // SAFETY: the mapping made in `new`, unmapped once; no compiled code is running (drops
        // happen between calls, on the VM's thread).
        unsafe { libc::munmap(self.ptr as *mut libc::c_void, self.len) };
    }
}
