//! The core's determinism, checked where it matters most: inside the
//! browser, on `wasm32`. The constant is the same one asserted natively in
//! `core/tests/sim_determinism.rs`.
#![cfg(target_arch = "wasm32")]

use dsviz_core::consensus::raft::scenario::demo;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn raft_demo_digest_matches_the_native_one() {
    let mut sim = demo(42);
    assert_eq!(sim.run_to_step(2_000), 2_000);
    assert_eq!(
        sim.world().digest(),
        0x945e_2235_d115_5a90,
        "got {:#018x}",
        sim.world().digest()
    );
}

#[wasm_bindgen_test]
fn seeking_back_in_the_browser_reproduces_the_state() {
    let mut sim = demo(1);
    sim.run_to_step(600);
    let digest_at_600 = sim.world().digest();
    sim.seek(17);
    let digest_at_17 = sim.world().digest();
    sim.seek(600);
    assert_eq!(sim.world().digest(), digest_at_600);
    sim.seek(17);
    assert_eq!(sim.world().digest(), digest_at_17);
}
