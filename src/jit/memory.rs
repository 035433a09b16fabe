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

/// The signature of every compiled function: the exit record (the frame's registers, the
/// accumulator in and out, the pc to resume at, the VM for stubs) and the pc to enter at (also
/// `exit.pc`); returns the `Reason` code.
type Entry = extern "C" fn(*mut Exit, u32) -> u32;

/// The address of a compiled function, copied out of the `Jit` so that no borrow of it is live
/// while the code runs (a stub may compile more code, which moves the `Code` records, never
/// their pages).
#[derive(Clone, Copy)]
pub struct EntryPoint(*const u8);

impl EntryPoint {
    /// The address, for compiled code that calls the function itself (`enter_known`).
    pub fn address(self) -> usize {
        self.0 as usize
    }
}

/// The signature of the runtime stub compiled code calls (see `stub`).
pub type Stub = extern "C" fn(*mut Exit, u32) -> u32;

/// Run compiled code on the frame `exit` describes.
pub fn call(entry: EntryPoint, exit: &mut Exit) -> u32 {
    // SAFETY: `entry` is the start of code Cranelift compiled for `Entry`'s signature (with the
    // host's default calling convention) that needs no relocation (`Jit::compile` checks), and
    // its pages stay mapped as long as the VM's `Jit` (code is never dropped before the VM). The
    // code reads and writes only the registers below its template's `register_count` at
    // `exit.regs` (`Vm::jit_enter` checks the register file covers them, and each stub
    // recomputes the pointer), the values of the first `exit.globals_len` global lexical bindings
    // at `exit.globals` (refreshed likewise, and only a stub can add bindings), object entries,
    // slots and dense elements at `exit.objects` within the bounds it checks against the
    // measured layout (`layout::ObjectLayout`), the `Exit` record and the VM's interrupt flag (a
    // byte read; its address is compiled in: the flag's `Arc` lives as long as the VM). To call
    // a known function (`lower::Lower::call_in_place`) it writes a frame and registers into the
    // VM's frame stack and register file within their capacity, checked first, and then their
    // lengths (`layout::CallLayout`; the frame is a byte copy of a live `Frame` marked
    // uncounted, `Frame::counted`: its `Rc` owns no strong count — `KnownCallee::frame` keeps
    // the template alive — until the runtime counts it (`Vm::adopt_frames`, first thing in
    // every entry below that may run the interpreter); when compiled code pops the frame it
    // decrements the count only if it was counted, never to zero), and calls that function's
    // code on the same record. It calls only the `extern "C"` functions of this module and
    // compiled code.
    let entry: Entry = unsafe { std::mem::transmute::<*const u8, Entry>(entry.0) };
    let pc = exit.pc;
    entry(exit, pc)
}

/// The runtime stub: the interpreter runs the one instruction at `pc` on the frame (see
/// `Vm::jit_stub`); 0 to go on in compiled code, else `deopt::Reason::Handled`'s code.
pub extern "C" fn stub(exit: *mut Exit, pc: u32) -> u32 {
    // SAFETY: compiled code passes the `Exit` record `call` gave it, which lives on the stack of
    // `Vm::jit_enter` for the whole run, and nothing else refers to it while the stub runs.
    let exit = unsafe { &mut *exit };
    // SAFETY: `exit.vm` is the VM that entered the code (`Vm::jit_enter`), which holds no borrow
    // of itself across the call into compiled code; compiled code runs on the VM's thread, so
    // this is the only reference to it until the stub returns.
    let vm = unsafe { &mut *exit.vm };
    vm.adopt_frames();
    vm.jit_stub(exit, pc)
}

/// The signature of `direct_call`.
pub type DirectCall = extern "C" fn(*mut Exit, u32, u32, u64, u64, u32, u32) -> u32;

/// `Call`/`CallUndefined` at `pc` (`next`: the instruction after it) of `callee` with `this` and
/// the `count` arguments from register `first`: a compiled callee runs directly, anything else
/// as in `stub` (see `Vm::jit_call_direct`); returns as `stub` does.
pub extern "C" fn direct_call(
    exit: *mut Exit,
    pc: u32,
    next: u32,
    callee: u64,
    this: u64,
    first: u32,
    count: u32,
) -> u32 {
    // SAFETY: as in `stub`: the record `call` passed, alive for the whole run, and no other
    // reference to it while this runs.
    let exit = unsafe { &mut *exit };
    // SAFETY: as in `stub`.
    let vm = unsafe { &mut *exit.vm };
    vm.adopt_frames();
    vm.jit_call_direct(exit, pc, next, callee, this, first, count)
}

/// The signature of `enter_known`.
pub type EnterKnown = extern "C" fn(*mut Exit, usize, u32, u64, u32, u32) -> usize;

/// The first half of a plain call of a known function (`super::KnownCallee` at `known`) from
/// compiled code, with `this` and the `count` arguments from register `first` (`next`: the
/// instruction after the call): pushes the callee's frame and points `exit` at it, as
/// `Vm::jit_enter_known` says; returns the address of the callee's code, which the caller then
/// calls with `exit` — or 0, having changed nothing (the call goes through `direct_call`).
pub extern "C" fn enter_known(
    exit: *mut Exit,
    known: usize,
    next: u32,
    this: u64,
    first: u32,
    count: u32,
) -> usize {
    // SAFETY: as in `stub`: the record `call` passed, alive for the whole run, and no other
    // reference to it while this runs.
    let exit = unsafe { &mut *exit };
    // SAFETY: as in `stub`.
    let vm = unsafe { &mut *exit.vm };
    // SAFETY: compiled code passes the address `Jit::know` gave when it was compiled; the JIT
    // keeps the box as long as the code.
    let known = unsafe { &*(known as *const super::KnownCallee) };
    vm.adopt_frames();
    vm.jit_enter_known(exit, known, next, this, first, count)
}

/// The signature of `leave_known`.
pub type LeaveKnown = extern "C" fn(*mut Exit, u32, u32) -> u32;

/// The second half: the callee's code returned `reason`; pops its frame and points `exit` back
/// at the caller's (`Vm::jit_leave_known`, which finishes the callee in the interpreter if its
/// code stopped early); returns as `stub` does.
pub extern "C" fn leave_known(exit: *mut Exit, reason: u32, next: u32) -> u32 {
    // SAFETY: as in `stub`.
    let exit = unsafe { &mut *exit };
    // SAFETY: as in `stub`.
    let vm = unsafe { &mut *exit.vm };
    vm.adopt_frames();
    vm.jit_leave_known(exit, reason, next)
}

/// The byte offsets of a `Vec<Value>`'s data pointer and length within it (`vec_fields_of`).
pub fn vec_fields() -> Option<(usize, usize)> {
    let (ptr, len, _) = vec_fields_of::<crate::runtime::Value>()?;
    Some((ptr, len))
}

/// The byte offsets of a `Vec<T>`'s data pointer, length and capacity within it, read off a
/// sample (std does not promise its field order); `None` unless it is three words holding them.
pub fn vec_fields_of<T>() -> Option<(usize, usize, usize)> {
    const WORD: usize = std::mem::size_of::<usize>();
    if std::mem::size_of::<Vec<T>>() != 3 * WORD || std::mem::size_of::<T>() == 0 {
        return None;
    }
    let sample: Vec<T> = Vec::with_capacity(7);
    // SAFETY: the `Vec` is exactly three words (checked above), all initialized (a pointer and two
    // integers, no padding), so copying its bytes out as three `usize`s reads initialized memory
    // (`transmute_copy` reads unaligned); nothing is written and `sample` is dropped normally.
    let words: [usize; 3] = unsafe { std::mem::transmute_copy(&sample) };
    let ptr = words.iter().position(|&w| w == sample.as_ptr() as usize)?;
    let len = words.iter().position(|&w| w == sample.len())?;
    let cap = words.iter().position(|&w| w == sample.capacity())?;
    let distinct = ptr != len && len != cap && ptr != cap;
    distinct.then_some((ptr * WORD, len * WORD, cap * WORD))
}

/// The address of `rc`'s strong count (compiled code uncounts a frame it pushed and the runtime
/// counted, `Frame::counted`), found next to the value and checked to move with a clone (std does
/// not promise where it is); `None` if it is not one of the two words before the value.
pub fn rc_strong_count<T>(rc: &std::rc::Rc<T>) -> Option<usize> {
    const WORD: usize = std::mem::size_of::<usize>();
    let value = std::rc::Rc::as_ptr(rc) as usize;
    let read = |at: usize| {
        // SAFETY: `at` is one of the two words before the value in the `Rc`'s allocation, which
        // holds its two counts there (a `usize` each, aligned, initialized) in every std so far;
        // the probe only reads, and only through this function while `rc` is alive. A std that
        // moved them would fail the check below and get `None`.
        unsafe { (at as *const usize).read() }
    };
    let count = std::rc::Rc::strong_count(rc);
    let words = [value - 2 * WORD, value - WORD];
    let before = words.map(read);
    let clone = rc.clone();
    let after = words.map(read);
    drop(clone);
    let i = (0..2).find(|&i| before[i] == count && after[i] == count + 1)?;
    (read(words[i]) == count).then_some(words[i])
}

/// The byte offsets of an `Option<ObjectRef>`'s discriminant and index, and the discriminant's
/// value for `Some` (read off samples: the layout of an `Option` of a struct without a niche is
/// not promised); `None` unless it is two `u32`s.
pub fn option_ref_fields() -> Option<(usize, u32, usize)> {
    use crate::runtime::value::ObjectRef;
    if std::mem::size_of::<Option<ObjectRef>>() != 8 {
        return None;
    }
    const INDEX: u32 = 0x5A5A_A5A5;
    let some = Some(ObjectRef(INDEX));
    // SAFETY: `Some` of a 4-byte payload in 8 bytes: a discriminant and the payload, both
    // initialized (no padding), read as two `u32`s (`transmute_copy` reads unaligned).
    let words: [u32; 2] = unsafe { std::mem::transmute_copy(&some) };
    let index = words.iter().position(|&w| w == INDEX)?;
    let tag = 1 - index;
    let none: Option<ObjectRef> = None;
    // SAFETY: the discriminant word of `None` is initialized (its payload is not, and is not
    // read); `tag` < 2 words of an 8-byte, 4-aligned value.
    let none_tag = unsafe {
        (&none as *const Option<ObjectRef> as *const u32)
            .add(tag)
            .read()
    };
    (none_tag != words[tag]).then_some((tag * 4, words[tag], index * 4))
}

/// The inline-cache helpers: the interpreter's fast case of one cached access, taking its
/// operands as `Value` bits and answering `u64::MAX` (no value's bits) or 0 when it does not
/// apply (compiled code then calls `stub`). They neither allocate, run JavaScript, throw nor
/// change frames, so compiled code writes nothing back around them.
macro_rules! helpers {
    ($($name:ident($($arg:ident: $ty:ty),*) -> $ret:ty = $method:ident;)*) => {$(
        pub extern "C" fn $name(exit: *mut Exit, $($arg: $ty),*) -> $ret {
            // SAFETY: as in `stub`: the record `call` passed, and the VM that entered the code,
            // which holds no borrow of itself while the code runs.
            let exit = unsafe { &mut *exit };
            // SAFETY: as in `stub`.
            let vm = unsafe { &mut *exit.vm };
            vm.$method($($arg),*)
        }
    )*};
}

helpers! {
    load_global(name: u32, fb: u32) -> u64 = jit_load_global;
    array_length(object: u64) -> u64 = jit_array_length;
    array_push(object: u64, value: u64) -> u64 = jit_array_push;
    global_slot(shape: u32, position: u32, lexicals: u32) -> u64 = jit_global_slot;
    store_global(name: u32, fb: u32, value: u64) -> u32 = jit_store_global;
    get_named(object: u64, name: u32, fb: u32) -> u64 = jit_get_named;
    set_named(object: u64, fb: u32, value: u64) -> u32 = jit_set_named;
    get_keyed(object: u64, key: u64) -> u64 = jit_get_keyed;
    set_keyed(object: u64, key: u64, value: u64) -> u32 = jit_set_keyed;
    load_context(depth: u32, slot: u32) -> u64 = jit_load_context;
    own_slot(object: u64, shape: u32, slot: u32) -> u64 = jit_own_slot;
    proto_slot(object: u64, shape: u32, holder: u32, holder_shape: u32, slot: u32) -> u64 = jit_proto_slot;
    set_own_slot(object: u64, shape: u32, slot: u32, value: u64) -> u32 = jit_set_own_slot;
    store_context(depth: u32, slot: u32, value: u64) -> u32 = jit_store_context;
}

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

    pub fn entry(&self) -> EntryPoint {
        EntryPoint(self.ptr)
    }

    /// Where the code starts (for the perf map).
    pub fn address(&self) -> usize {
        self.ptr as usize
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
