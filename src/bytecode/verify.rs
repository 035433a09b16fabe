//! The bytecode verifier: a check of each function's code when its template is built.
//!
//! It proves what the interpreter's fast path assumes: every instruction is whole (a valid opcode,
//! an optional width prefix before a non-prefix opcode, all its operand bytes), every single-register
//! operand (`Reg`, `RegOut`) names a register of the frame, and every jump target is the start of an
//! instruction. With that, register accesses need no bounds check (see `vm::registers`). A failure is
//! a compiler bug, reported with the offending offset.

use super::opcodes::{Opcode, Operand};

/// Check `code` for a frame of `register_count` registers.
pub fn verify(code: &[u8], register_count: u32) -> Result<(), String> {
    let mut starts = vec![false; code.len() + 1];
    let mut jumps = Vec::new();
    let mut pc = 0;
    while pc < code.len() {
        starts[pc] = true;
        let mut at = pc;
        let mut width = 1;
        let mut op = Opcode::from_byte(code[at]).ok_or(format!("@{pc}: invalid opcode"))?;
        if matches!(op, Opcode::Wide | Opcode::ExtraWide) {
            width = if op == Opcode::Wide { 2 } else { 4 };
            at += 1;
            let byte = *code.get(at).ok_or(format!("@{pc}: prefix at the end"))?;
            op = Opcode::from_byte(byte).ok_or(format!("@{pc}: invalid opcode"))?;
            if matches!(op, Opcode::Wide | Opcode::ExtraWide) {
                return Err(format!("@{pc}: two prefixes"));
            }
        }
        at += 1;
        for &kind in op.operands() {
            let size = if kind == Operand::Jump { 4 } else { width };
            let bytes = code
                .get(at..at + size)
                .ok_or(format!("@{pc}: {} is cut short", op.name()))?;
            let mut value = [0u8; 4];
            value[..size].copy_from_slice(bytes);
            let value = u32::from_le_bytes(value);
            match kind {
                Operand::Reg | Operand::RegOut if value >= register_count => {
                    return Err(format!(
                        "@{pc}: {} uses register r{value} of {register_count}",
                        op.name()
                    ));
                }
                Operand::RegList if value > register_count => {
                    return Err(format!("@{pc}: {} starts a list at r{value}", op.name()));
                }
                Operand::Jump => jumps.push((pc, value as usize)),
                _ => {}
            }
            at += size;
        }
        pc = at;
    }
    for (pc, target) in jumps {
        if !starts.get(target).copied().unwrap_or(false) || target == code.len() {
            return Err(format!("@{pc}: jump to @{target}, not an instruction"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_whole_instructions() {
        let code = [
            Opcode::LdaSmi as u8,
            5,
            Opcode::Star as u8,
            1,
            Opcode::Return as u8,
        ];
        assert_eq!(verify(&code, 2), Ok(()));
    }

    #[test]
    fn rejects_a_register_outside_the_frame() {
        let code = [Opcode::Star as u8, 2, Opcode::Return as u8];
        assert!(verify(&code, 2).unwrap_err().contains("r2"));
        let wide = [
            Opcode::Wide as u8,
            Opcode::Ldar as u8,
            0,
            1,
            Opcode::Return as u8,
        ];
        assert!(verify(&wide, 255).unwrap_err().contains("r256"));
    }

    #[test]
    fn rejects_cut_instructions_and_bad_jumps() {
        assert!(verify(&[Opcode::Star as u8], 1).is_err());
        assert!(verify(&[Opcode::Wide as u8], 1).is_err());
        let into_the_middle = [Opcode::Jump as u8, 1, 0, 0, 0, Opcode::Return as u8];
        assert!(verify(&into_the_middle, 0).unwrap_err().contains("jump"));
        let to_the_start = [Opcode::Jump as u8, 0, 0, 0, 0];
        assert_eq!(verify(&to_the_start, 0), Ok(()));
    }
}
