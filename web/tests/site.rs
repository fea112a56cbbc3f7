//! The release site's page families: `scripts/build-release.sh` assembles one binary per family
//! and copies its page to each of the family's routes, so its list must be the router's.
#![cfg(target_arch = "wasm32")]

use dsviz_web::routes;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const BUILD_SCRIPT: &str = include_str!("../../scripts/build-release.sh");

/// `(family, binary, routes)` from the script's FAMILIES table.
fn script_families() -> Vec<(String, String, Vec<String>)> {
    let table = BUILD_SCRIPT
        .split("FAMILIES=(")
        .nth(1)
        .and_then(|rest| rest.split("\n)").next())
        .expect("a FAMILIES=( … ) table in scripts/build-release.sh");
    table
        .lines()
        .filter_map(|line| {
            line.trim()
                .strip_prefix('"')?
                .strip_suffix('"')
                .map(str::to_owned)
        })
        .map(|entry| {
            let mut words = entry.split_whitespace().map(str::to_owned);
            let family = words.next().unwrap_or_default();
            let binary = words.next().unwrap_or_default();
            (family, binary, words.collect())
        })
        .collect()
}

#[wasm_bindgen_test]
fn the_build_script_lists_every_route_of_every_family() {
    let families = [
        ("home", routes::HOME),
        ("simulation", routes::SIMULATION),
        ("commit", routes::COMMIT),
        ("paxos", routes::PAXOS),
        ("multi-paxos", routes::MULTI_PAXOS_ROUTES),
        ("fast-paxos", routes::FAST_PAXOS_ROUTES),
        ("pbft", routes::PBFT_ROUTES),
        ("bully", routes::BULLY_ELECTION),
        ("ring", routes::RING_ELECTION),
        ("detectors", routes::DETECTORS),
        ("gossip", routes::GOSSIP),
        ("rumor", routes::RUMOR_MONGERING),
        ("scuttlebutt", routes::SCUTTLEBUTT_ROUTES),
        ("clocks", routes::CLOCKS),
        ("filters", routes::FILTERS),
        ("counting", routes::COUNTING),
        ("integrity", routes::INTEGRITY),
        ("partition", routes::PARTITION),
    ];
    let script = script_families();
    assert_eq!(script.len(), families.len(), "{script:?}");
    assert_eq!(routes::ALL.len(), families.len());
    for ((family, table), (name, binary, paths)) in families.iter().zip(&script) {
        assert_eq!(name, family);
        assert_eq!(binary, &format!("dsviz-{family}"));
        let expected: Vec<String> = table
            .iter()
            .map(|r| {
                if r.path.is_empty() {
                    "/".to_string()
                } else {
                    r.path.to_string()
                }
            })
            .collect();
        assert_eq!(paths, &expected, "routes of {family}");
    }
}
