//! The app shell: the header, client-side routes, themes, embed mode, and
//! the catalogue page.
//!
//! Routes are plain paths (`/`, `/raft`); the query string carries the
//! scenario. `?embed=1` shows one visualization alone (for iframes) and
//! `theme=light|dark` overrides the system colour scheme.
//!
//! Pages come in families ([`routes`]), and the release site is one
//! WebAssembly binary per family (`web/src/bin/`): a first visit downloads
//! the shell and its own family, not every page there is. Links between
//! families are ordinary page loads. `src/main.rs` mounts every family at
//! once, for the development server and the browser tests.

use crate::permalink::Query;
use crate::viz::bloom::{BloomPage, BloomPreview};
use crate::viz::clocks::ClocksPage;
use crate::viz::commit::{THREE_PC, TWO_PC};
use crate::viz::count_min::{CountMinPage, CountMinPreview};
use crate::viz::election::{BULLY, RING};
use crate::viz::failure::DETECTORS as FAILURE_DETECTORS;
use crate::viz::filters::preview::{CuckooPreview, QuotientPreview};
use crate::viz::filters::{CuckooParams, QuotientParams, filter_page};
use crate::viz::gossip::{GOSSIP as GOSSIP_PAGE, RUMOR, SCUTTLEBUTT};
use crate::viz::hyperloglog::{HllPreview, HyperLogLogPage};
use crate::viz::merkle::{MerklePage, MerklePreview};
use crate::viz::partition::{
    BallsPage, BallsPreview, HashRingPreview, RangePage, RangePreview, RingPage,
};
use crate::viz::paxos::{self, FAST_PAXOS, MULTI_PAXOS, PBFT, or_scenario};
use crate::viz::raft::RAFT;
use crate::viz::sim_page::SimPage;
use crate::viz::version_vectors::VersionVectorsPage;
use leptos::prelude::*;

/// One entry of the catalogue: a page that exists and works.
struct CatalogueEntry {
    family: &'static str,
    path: &'static str,
    title: &'static str,
    summary: &'static str,
    testid: &'static str,
    /// A small picture (about 96 × 96 px) of what the page shows.
    preview: fn() -> AnyView,
}

/// Every visualization, grouped by family in this order.
const CATALOGUE: &[CatalogueEntry] = &[
    CatalogueEntry {
        family: "Consensus",
        path: "/raft",
        title: "Raft",
        summary: "Leader election and log replication under crashes, partitions and message loss, with the five safety properties checked at every step.",
        testid: "catalogue-raft",
        preview: || view! { <RingPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Consensus",
        path: "/paxos",
        title: "Paxos",
        summary: "Single-decree Paxos with every acceptor's promise and accepted proposal in view: duelling proposers livelock until a random backoff lets one through, and a crash mid-round cannot unchoose a value.",
        testid: "catalogue-paxos",
        preview: || view! { <RingPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Consensus",
        path: "/multi-paxos",
        title: "Multi-Paxos",
        summary: "A replicated log with a stable leader that skips phase 1: every node's slots coloured by ballot, and a leader change that fills a gap with a no-op so learners can apply in order.",
        testid: "catalogue-multi-paxos",
        preview: || view! { <RingPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Consensus",
        path: "/fast-paxos",
        title: "Fast Paxos",
        summary: "Clients write straight to the acceptors and a fast quorum decides in two message delays; two clients at once collide, and the coordinator recovers through a classic round.",
        testid: "catalogue-fast-paxos",
        preview: || view! { <RingPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Consensus",
        path: "/pbft",
        title: "PBFT",
        summary: "Byzantine agreement among 3f + 1 replicas: make one lie, watch the phase matrix and a view change replace an equivocating primary, and see safety fall with f + 1 liars.",
        testid: "catalogue-pbft",
        preview: || view! { <RingPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Atomic commit",
        path: "/2pc",
        title: "Two-phase commit",
        summary: "Prepare, vote, decide: crash the coordinator after the votes and watch participants block with their locks held until it recovers from its write-ahead log.",
        testid: "catalogue-2pc",
        preview: || view! { <StarPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Atomic commit",
        path: "/3pc",
        title: "Three-phase commit",
        summary: "A pre-commit round and a termination protocol finish transactions without a crashed coordinator, and a partition during pre-commit breaks atomicity, flagged at its step.",
        testid: "catalogue-3pc",
        preview: || view! { <StarPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Leader election",
        path: "/bully",
        title: "Bully election",
        summary: "The highest live node wins: crash the leader, choose who notices, and count Election, Answer and Coordinator messages against N − 1 and N² − 1.",
        testid: "catalogue-bully",
        preview: || view! { <RingPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Leader election",
        path: "/ring",
        title: "Ring election",
        summary: "Chang–Roberts and the circulating list on a logical ring: candidacies swallowed by higher ids, dead successors skipped, 2N to 3N − 1 messages.",
        testid: "catalogue-ring",
        preview: || view! { <RingPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Failure detection",
        path: "/failure-detectors",
        title: "Failure detectors",
        summary: "A fixed timeout and φ accrual judge the same heartbeats: pause the node, lose messages, crash it, and compare false positives with detection time on live plots.",
        testid: "catalogue-failure-detectors",
        preview: || view! { <StarPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Gossip",
        path: "/gossip",
        title: "Gossip: push, pull, push-pull",
        summary: "Up to 256 nodes spread one update by random contacts: the infected fraction per round against the theoretical curve, messages and redundant ones counted, and the spread surviving dead nodes, loss and a partition.",
        testid: "catalogue-gossip",
        preview: || view! { <RingPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Gossip",
        path: "/rumor",
        title: "Rumor mongering",
        summary: "Hot rumors that lose interest after k useless contacts: susceptible, infective and removed nodes, and the residue of hundreds of runs against the paper's equation for k = 1 to 5.",
        testid: "catalogue-rumor",
        preview: || view! { <RingPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Gossip",
        path: "/scuttlebutt",
        title: "Scuttlebutt",
        summary: "Digests of per-origin versions and deltas of only what the peer lacks: each participant's version table, the deltas of every exchange, and the backlog a small MTU leaves behind.",
        testid: "catalogue-scuttlebutt",
        preview: || view! { <StarPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Logical time",
        path: "/clocks",
        title: "Lamport and vector clocks",
        summary: "A space-time diagram with every event's Lamport timestamp and vector clock: pick an event to see its causal past, future and concurrent events, and the pairs Lamport order gets wrong.",
        testid: "catalogue-clocks",
        preview: || view! { <StarPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Logical time",
        path: "/version-vectors",
        title: "Version vectors and dotted version vectors",
        summary: "Clients write one key through replicated servers under three tagging schemes at once: see server-id version vectors lose an update, client-id clocks grow with the clients, and dotted version vectors keep exactly the true siblings.",
        testid: "catalogue-version-vectors",
        preview: || view! { <StarPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Sketches",
        path: "/bloom",
        title: "Bloom filter",
        summary: "Plain and counting Bloom filters: watch each item's hash positions light up, catch false positives as they happen, and measure the rate against the formula.",
        testid: "catalogue-bloom",
        preview: || view! { <BloomPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Sketches",
        path: "/cuckoo",
        title: "Cuckoo filter",
        summary: "Fingerprints in buckets of four, two candidate buckets per item, and chains of kicks until the table is full; queries with their verdicts and measured false positives.",
        testid: "catalogue-cuckoo",
        preview: || view! { <CuckooPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Sketches",
        path: "/quotient",
        title: "Quotient filter",
        summary: "Quotients and remainders: runs, clusters and the three metadata bits per slot, with every shift an insertion causes and every false positive marked.",
        testid: "catalogue-quotient",
        preview: || view! { <QuotientPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Sketches",
        path: "/hyperloglog",
        title: "HyperLogLog",
        summary: "Count distinct items with a few registers: see each hash pick a register and a rank, the estimate against the truth, and the error of 1,000 streams against 1.04/√m.",
        testid: "catalogue-hyperloglog",
        preview: || view! { <HllPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Sketches",
        path: "/count-min",
        title: "Count-Min sketch",
        summary: "Approximate counts of a skewed stream in a small table: see each item's counters, the estimate against the true count and the εN bound, and the heavy hitters.",
        testid: "catalogue-count-min",
        preview: || view! { <CountMinPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Partitioning",
        path: "/hash-ring",
        title: "Hash ring",
        summary: "Consistent hashing with virtual nodes, rendezvous hashing and bounded loads on the same keys: add or remove a node and count the keys that move against K/N.",
        testid: "catalogue-hash-ring",
        preview: || view! { <HashRingPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Partitioning",
        path: "/range-partitioning",
        title: "Range partitioning",
        summary: "The key space cut into ranges: a Zipf workload heats one range until it splits, the balancer moves ranges between nodes, and small ranges merge as keys expire.",
        testid: "catalogue-range-partitioning",
        preview: || view! { <RangePreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Partitioning",
        path: "/balls-into-bins",
        title: "Balls into bins",
        summary: "n balls into n bins with d choices: the load profile against the fluid limit, and the maximum load over many seeds falling from ln n / ln ln n to ln ln n / ln d.",
        testid: "catalogue-balls-into-bins",
        preview: || view! { <BallsPreview /> }.into_any(),
    },
    CatalogueEntry {
        family: "Integrity",
        path: "/merkle",
        title: "Merkle trees",
        summary: "Two replicas' RFC 6962 trees side by side: edit a block, watch the diff descend only where hashes differ, and verify (or tamper with) an inclusion proof.",
        testid: "catalogue-merkle",
        preview: || view! { <MerklePreview /> }.into_any(),
    },
];

/// A page: its path and how to draw it from the query string and the embed flag.
#[derive(Clone, Copy)]
pub struct Route {
    pub path: &'static str,
    pub page: fn(String, bool) -> AnyView,
}

/// The page families, each built into its own binary for the release site.
pub mod routes {
    use super::*;

    /// `/`: the catalogue.
    pub const HOME: &[Route] = &[Route {
        path: "",
        page: |_, _| view! { <Catalogue /> }.into_any(),
    }];

    /// Message-passing protocols on the simulation page.
    pub const SIMULATION: &[Route] = &[
        Route {
            path: "/raft",
            page: |search, embed| {
                view! { <SimPage protocol=&RAFT search=search embed=embed /> }.into_any()
            },
        },
        // The browser benchmark's fixture: Raft's 64-server scenario.
        Route {
            path: "/stress",
            page: |_, embed| {
                let search = "?scenario=stress".to_string();
                view! { <SimPage protocol=&RAFT search=search embed=embed /> }.into_any()
            },
        },
    ];

    /// Crash-fault consensus beyond Raft: Paxos, Multi-Paxos and Fast Paxos on the simulation
    /// page.
    pub const PAXOS: &[Route] = &[Route {
        path: "/paxos",
        page: |search, embed| {
            let search = or_scenario(search, "duelling-backoff");
            view! { <SimPage protocol=&paxos::PAXOS search=search embed=embed /> }.into_any()
        },
    }];

    /// Multi-Paxos on the simulation page (each message-passing protocol is
    /// a family of its own: see `BULLY_ELECTION`).
    pub const MULTI_PAXOS_ROUTES: &[Route] = &[Route {
        path: "/multi-paxos",
        page: |search, embed| {
            view! { <SimPage protocol=&MULTI_PAXOS search=search embed=embed /> }.into_any()
        },
    }];

    /// Fast Paxos on the simulation page.
    pub const FAST_PAXOS_ROUTES: &[Route] = &[Route {
        path: "/fast-paxos",
        page: |search, embed| {
            let search = or_scenario(search, "collision");
            view! { <SimPage protocol=&FAST_PAXOS search=search embed=embed /> }.into_any()
        },
    }];

    /// PBFT on the simulation page: replicas that may lie, a phase matrix and view changes.
    pub const PBFT_ROUTES: &[Route] = &[Route {
        path: "/pbft",
        page: |search, embed| {
            let search = or_scenario(search, "normal-case");
            view! { <SimPage protocol=&PBFT search=search embed=embed /> }.into_any()
        },
    }];

    /// Atomic commit: two- and three-phase commit on the simulation page.
    pub const COMMIT: &[Route] = &[
        Route {
            path: "/2pc",
            page: |search, embed| {
                view! { <SimPage protocol=&TWO_PC search=search embed=embed /> }.into_any()
            },
        },
        Route {
            path: "/3pc",
            page: |search, embed| {
                view! { <SimPage protocol=&THREE_PC search=search embed=embed /> }.into_any()
            },
        },
    ];

    /// The Bully algorithm on the simulation page. Every protocol brings
    /// its own copy of the simulator's generic code (about 20 KB gzip), so
    /// each message-passing protocol is a family of its own, within the
    /// first-visit budget.
    pub const BULLY_ELECTION: &[Route] = &[Route {
        path: "/bully",
        page: |search, embed| {
            view! { <SimPage protocol=&BULLY search=search embed=embed /> }.into_any()
        },
    }];

    /// Election on a ring on the simulation page.
    pub const RING_ELECTION: &[Route] = &[Route {
        path: "/ring",
        page: |search, embed| {
            view! { <SimPage protocol=&RING search=search embed=embed /> }.into_any()
        },
    }];

    /// Failure detectors on the simulation page.
    pub const DETECTORS: &[Route] = &[Route {
        path: "/failure-detectors",
        page: |search, embed| {
            view! { <SimPage protocol=&FAILURE_DETECTORS search=search embed=embed /> }.into_any()
        },
    }];

    /// Logical time: Lamport and vector clocks, version vectors and dotted version vectors.
    pub const CLOCKS: &[Route] = &[
        Route {
            path: "/clocks",
            page: |search, embed| view! { <ClocksPage search=search embed=embed /> }.into_any(),
        },
        Route {
            path: "/version-vectors",
            page: |search, embed| {
                view! { <VersionVectorsPage search=search embed=embed /> }.into_any()
            },
        },
    ];

    /// Epidemic dissemination: anti-entropy gossip on the simulation page
    /// (each message-passing protocol is a family of its own: see
    /// `BULLY_ELECTION`).
    pub const GOSSIP: &[Route] = &[Route {
        path: "/gossip",
        page: |search, embed| {
            view! { <SimPage protocol=&GOSSIP_PAGE search=search embed=embed /> }.into_any()
        },
    }];

    /// Rumor mongering on the simulation page.
    pub const RUMOR_MONGERING: &[Route] = &[Route {
        path: "/rumor",
        page: |search, embed| {
            view! { <SimPage protocol=&RUMOR search=search embed=embed /> }.into_any()
        },
    }];

    /// Scuttlebutt on the simulation page.
    pub const SCUTTLEBUTT_ROUTES: &[Route] = &[Route {
        path: "/scuttlebutt",
        page: |search, embed| {
            view! { <SimPage protocol=&SCUTTLEBUTT search=search embed=embed /> }.into_any()
        },
    }];

    /// Membership filters: Bloom (plain and counting), cuckoo, quotient.
    pub const FILTERS: &[Route] = &[
        Route {
            path: "/bloom",
            page: |search, embed| view! { <BloomPage search=search embed=embed /> }.into_any(),
        },
        Route {
            path: "/cuckoo",
            page: |search, embed| filter_page::<CuckooParams>(&search, embed).into_any(),
        },
        Route {
            path: "/quotient",
            page: |search, embed| filter_page::<QuotientParams>(&search, embed).into_any(),
        },
    ];

    /// Counting sketches: HyperLogLog and Count-Min.
    pub const COUNTING: &[Route] = &[
        Route {
            path: "/hyperloglog",
            page: |search, embed| {
                view! { <HyperLogLogPage search=search embed=embed /> }.into_any()
            },
        },
        Route {
            path: "/count-min",
            page: |search, embed| view! { <CountMinPage search=search embed=embed /> }.into_any(),
        },
    ];

    /// Integrity: Merkle trees.
    pub const INTEGRITY: &[Route] = &[Route {
        path: "/merkle",
        page: |search, embed| view! { <MerklePage search=search embed=embed /> }.into_any(),
    }];

    /// Partitioning: hash ring, range partitioning, balls into bins.
    pub const PARTITION: &[Route] = &[
        Route {
            path: "/hash-ring",
            page: |search, embed| view! { <RingPage search=search embed=embed /> }.into_any(),
        },
        Route {
            path: "/range-partitioning",
            page: |search, embed| view! { <RangePage search=search embed=embed /> }.into_any(),
        },
        Route {
            path: "/balls-into-bins",
            page: |search, embed| view! { <BallsPage search=search embed=embed /> }.into_any(),
        },
    ];

    /// Every family, for the development server and the tests.
    pub const ALL: &[&[Route]] = &[
        HOME,
        SIMULATION,
        PAXOS,
        MULTI_PAXOS_ROUTES,
        FAST_PAXOS_ROUTES,
        PBFT_ROUTES,
        COMMIT,
        BULLY_ELECTION,
        RING_ELECTION,
        DETECTORS,
        GOSSIP,
        RUMOR_MONGERING,
        SCUTTLEBUTT_ROUTES,
        CLOCKS,
        FILTERS,
        COUNTING,
        INTEGRITY,
        PARTITION,
    ];
}

/// Every page in one binary (the development server and the browser tests).
#[component]
pub fn App() -> impl IntoView {
    view! { <Site families=routes::ALL /> }
}

/// The pages of `families`, routed by the current location; any other path
/// gets a "no such page" message.
#[component]
pub fn Site(families: &'static [&'static [Route]]) -> impl IntoView {
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let query = Query::parse(&search);
    let embed = query.flag("embed");
    if let Some(theme) = query.raw("theme").filter(|t| *t == "light" || *t == "dark")
        && let Some(root) = document().document_element()
    {
        let _ = root.set_attribute("data-theme", theme);
    }
    let wanted = match path.trim_end_matches('/') {
        "/index.html" => "",
        other => other,
    };
    let route = families
        .iter()
        .flat_map(|family| family.iter())
        .find(|route| route.path == wanted);
    let page = match route {
        Some(route) => (route.page)(search.clone(), embed),
        None => view! { <NotFound path=wanted.to_string() /> }.into_any(),
    };
    view! {
        <Show when=move || !embed>
            <header class="app-header">
                <a href="/" class="brand"><h1 data-testid="app-title">"dsviz"</h1></a>
                <span class="tagline">"distributed systems, step by step"</span>
            </header>
        </Show>
        <main class:embed=embed>{page}</main>
    }
}

/// The list of visualizations, grouped by family.
#[component]
fn Catalogue() -> impl IntoView {
    let mut families: Vec<&str> = Vec::new();
    for entry in CATALOGUE {
        if !families.contains(&entry.family) {
            families.push(entry.family);
        }
    }
    view! {
        <section class="catalogue" data-testid="catalogue">
            <p class="lede">"An interactive laboratory for distributed-systems algorithms: play a protocol, break it on purpose, rewind, and share the exact run as a link."</p>
            {families
                .into_iter()
                .map(|family| view! {
                    <h2>{family}</h2>
                    <ul class="catalogue-list">
                        {CATALOGUE
                            .iter()
                            .filter(|e| e.family == family)
                            .map(|e| view! {
                                <li>
                                    <a href=e.path data-testid=e.testid>
                                        {(e.preview)()}
                                        <strong>{e.title}</strong>
                                        <span>{e.summary}</span>
                                    </a>
                                </li>
                            })
                            .collect_view()}
                    </ul>
                })
                .collect_view()}
        </section>
    }
}

/// An unknown path: say so and offer the catalogue.
#[component]
fn NotFound(path: String) -> impl IntoView {
    view! {
        <section class="not-found" data-testid="not-found">
            <h2>"No such page"</h2>
            <p>"There is no visualization at " <code>{path}</code> "."</p>
            <a href="/">"See every visualization"</a>
        </section>
    }
}

/// A small static picture of a coordinator among four participants.
#[component]
fn StarPreview() -> impl IntoView {
    let points: Vec<(f64, f64)> = (0..4)
        .map(|i| {
            let angle = std::f64::consts::TAU * (i as f64 + 0.5) / 4.0;
            (50.0 + 34.0 * angle.cos(), 50.0 + 34.0 * angle.sin())
        })
        .collect();
    view! {
        <svg class="preview" viewBox="0 0 100 100" width="96" height="96" aria-hidden="true">
            {points.iter().map(|&(x, y)| view! {
                <line x1="50" y1="50" x2=x y2=y class="preview-edge" />
            }).collect_view()}
            <circle cx="50" cy="50" r="10" class="preview-node leader" />
            {points.iter().map(|&(x, y)| view! {
                <circle cx=x cy=y r="8" class="preview-node" />
            }).collect_view()}
        </svg>
    }
}

/// A small static picture of five servers on a ring, one of them leading.
#[component]
fn RingPreview() -> impl IntoView {
    let points: Vec<(f64, f64)> = (0..5)
        .map(|i| {
            let angle = std::f64::consts::TAU * i as f64 / 5.0 - std::f64::consts::FRAC_PI_2;
            (50.0 + 34.0 * angle.cos(), 50.0 + 34.0 * angle.sin())
        })
        .collect();
    let (lx, ly) = points[0];
    view! {
        <svg class="preview" viewBox="0 0 100 100" width="96" height="96" aria-hidden="true">
            {points.iter().skip(1).map(|&(x, y)| view! {
                <line x1=lx y1=ly x2=x y2=y class="preview-edge" />
            }).collect_view()}
            {points.iter().enumerate().map(|(i, &(x, y))| view! {
                <circle cx=x cy=y r="9" class=if i == 0 { "preview-node leader" } else { "preview-node" } />
            }).collect_view()}
        </svg>
    }
}
