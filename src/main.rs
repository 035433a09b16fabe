//! The `kestrel` command-line tool (placeholder).
fn main() {
    println!("kestrel {}", kestrel::VERSION);
}
