//! Host (native) benchmarks of the domain code. Not part of the test run: `scripts/bench.sh`
//! runs them in release mode (`--ignored`) and prints `name: value unit` lines.

mod support;

use std::time::Instant;

#[test]
#[ignore = "benchmark: run by scripts/bench.sh"]
fn host_segment_benchmarks() {
    let start = Instant::now();
    let clock = || start.elapsed().as_secs_f64() * 1000.0;
    for (name, ms) in support::segment_benchmark(&clock) {
        println!("host_{name}: {ms:.3} ms");
    }
}
