//! Any bytes: if they are UTF-8, parse them as a Script and as a Module; where that succeeds, also write
//! the ESTree JSON. Tokenize with the same goal too, and check that it fails exactly when the parse does
//! (both run the same parser). Nothing here may panic, overflow the stack, or hang.

#![no_main]

use kestrel::syntax::{self, estree, Goal};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    for goal in [Goal::Script, Goal::Module] {
        let parsed = syntax::parse(source, goal);
        if let Ok(parsed) = &parsed {
            let json = estree::to_json(parsed, source);
            assert!(
                json.starts_with('{'),
                "ESTree JSON does not start with an object: {json:.80}"
            );
        }
        let (_tokens, _names, error) = syntax::tokenize(source, goal);
        assert_eq!(
            parsed.is_ok(),
            error.is_none(),
            "parse and tokenize disagree for {goal:?}: parse {}, tokenize {:?}",
            match &parsed {
                Ok(_) => "ok".to_string(),
                Err(e) => format!("failed: {}", e.message),
            },
            error.map(|e| e.message),
        );
    }
});
