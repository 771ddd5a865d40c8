//! The report rendering benchmark of bench/src/bin/report_render.rs, built with only this crate:
//!
//!   cargo run --release -p broedplaats-report --example report_render [runs]

#[path = "../../../bench/src/bin/report_render.rs"]
mod bench;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    bench::main()
}
