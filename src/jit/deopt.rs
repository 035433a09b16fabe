//! Why compiled code hands a frame back to the interpreter: the reasons, declared once (for
//! `--trace-jit`, later the playground).
//!
//! Every exit writes the accumulator and the registers the interpreter may still read back to
//! the frame (`lower::needed`) and names the bytecode offset the interpreter resumes at — the
//! instruction that was running (it re-executes it from the start) or the `Return` the function
//! reached.

macro_rules! reasons {
    ($($name:ident = $code:literal $text:literal;)*) => {
        /// An exit from compiled code (the code is the function's return value).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Reason { $($name = $code,)* }

        impl Reason {
            pub fn from_code(code: u32) -> Option<Reason> {
                match code { $($code => Some(Reason::$name),)* _ => None }
            }

            pub fn describe(self) -> &'static str {
                match self { $(Reason::$name => $text,)* }
            }
        }
    };
}

reasons! {
    Return = 0 "reached Return (the interpreter finishes the call)";
    Interrupt = 1 "an interrupt requested, or no fuel left, at a loop back-edge";
    NotInt32 = 2 "int32 speculation failed (an operand was not an int32, or the result was not one)";
    NotNumber = 3 "an operand was not a Number";
    NotBoolean = 5 "a branch condition was neither a boolean nor an int32";
    ShapeMiss = 8 "a property site saw an object of a shape its feedback did not have";
    Unreached = 9 "reached an operation that had not run when the code was compiled (no feedback)";
    Handled = 6 "a runtime stub left the frame to the interpreter (a call it pushed, a throw, a jump)";
    NoEntry = 7 "no entry at that bytecode offset (not a loop header)";
}

impl Reason {
    /// Whether the exit is a failed speculation (counted towards giving up; `Unreached` is not
    /// one: the code was right, only incomplete).
    pub fn is_deopt(self) -> bool {
        !matches!(
            self,
            Reason::Return
                | Reason::Interrupt
                | Reason::Handled
                | Reason::NoEntry
                | Reason::Unreached
        )
    }
}
