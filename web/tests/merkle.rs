//! Browser tests for the Merkle page's model, layout, view data and
//! permalinks (`cargo test -p dsviz-web --target wasm32-unknown-unknown --test merkle`).
#![cfg(target_arch = "wasm32")]

use dsviz_core::integrity::{MerkleTree, diff};
use dsviz_web::player::{OpPlayer, Replay, Transport};
use dsviz_web::viz::merkle::MerklePage;
use dsviz_web::viz::merkle::layout::{height, layout, proof_nodes, size};
use dsviz_web::viz::merkle::model::{
    Edit, MerkleOp, Replicas, Side, check_block_text, edits_of, operations,
};
use dsviz_web::viz::merkle::params::{MerkleScenario, ProofChoice, default_edits};
use dsviz_web::viz::merkle::view::{
    ProofRole, Walk, diff_rows, diff_status, proof_view, tree_nodes,
};
use leptos::prelude::*;
use wasm_bindgen_test::*;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

fn edit(side: Side, index: usize, text: &str) -> Edit {
    Edit {
        side,
        index,
        text: text.into(),
    }
}

fn replay(state: &Replicas, ops: &[MerkleOp]) -> Replicas {
    let mut s = state.clone();
    ops.iter().for_each(|op| s.apply(op));
    s
}

#[wasm_bindgen_test]
fn replicas_start_identical_and_seeded() {
    let a = Replicas::new(8, 7);
    assert_eq!(a, Replicas::new(8, 7), "same seed, same blocks");
    assert_ne!(a.blocks(Side::A), Replicas::new(8, 8).blocks(Side::A));
    assert_eq!(a.blocks(Side::A), a.blocks(Side::B));
    assert_eq!(a.tree(Side::A).root(), a.tree(Side::B).root());
    assert_eq!(
        a.diff().comparisons(),
        1,
        "equal roots end the diff at once"
    );
    assert_eq!(
        Replicas::new(100, 1).len(),
        32,
        "the block count is clamped"
    );
    assert_eq!(Replicas::new(0, 1).len(), 2);
}

#[wasm_bindgen_test]
fn edits_rebuild_the_tree_like_the_core() {
    let start = Replicas::new(7, 3);
    let state = replay(&start, &[MerkleOp::Edit(edit(Side::B, 6, "x"))]);
    let mut blocks = start.blocks(Side::B).to_vec();
    blocks[6] = "x".into();
    assert_eq!(state.tree(Side::B), &MerkleTree::from_leaves(&blocks));
    assert_eq!(state.tree(Side::A), start.tree(Side::A));
    // An index out of range changes nothing (and does not panic).
    let same = replay(&start, &[MerkleOp::Edit(edit(Side::A, 99, "y"))]);
    assert_eq!(same.tree(Side::A), start.tree(Side::A));
}

#[wasm_bindgen_test]
fn the_steps_after_the_edits_are_the_core_diff_one_comparison_each() {
    for n in [2usize, 5, 7, 8, 13, 32] {
        let start = Replicas::new(n, 11);
        let edits = vec![edit(Side::A, n - 1, "tail"), edit(Side::B, n / 3, "mid")];
        let ops = operations(&start, &edits);
        let edited = replay(&start, &ops[..edits.len()]);
        let full = diff(edited.tree(Side::A), edited.tree(Side::B)).unwrap();
        assert_eq!(ops.len(), edits.len() + full.comparisons(), "n = {n}");
        assert_eq!(edits_of(&ops), edits);
        let mut player = OpPlayer::new(start.clone(), ops.clone(), 1.0);
        player.seek(ops.len() as u64);
        let status = diff_status(player.state());
        assert!(status.done());
        assert_eq!(status.comparisons, full.comparisons());
        let want: Vec<usize> = full.differing_leaves.iter().map(|&i| i as usize).collect();
        assert_eq!(status.found, want, "n = {n}");
        assert_eq!(status.differing, want);
        let rows = diff_rows(player.state());
        for (row, visit) in rows.iter().zip(&full.visits) {
            assert_eq!(
                (row.start as u64, row.end as u64, row.equal),
                (visit.start, visit.end, visit.equal)
            );
        }
    }
}

#[wasm_bindgen_test]
fn a_new_edit_restarts_the_diff() {
    let start = Replicas::new(8, 1);
    let ops = [
        MerkleOp::Edit(edit(Side::B, 5, "z")),
        MerkleOp::Compare,
        MerkleOp::Compare,
        MerkleOp::Edit(edit(Side::A, 0, "w")),
    ];
    assert_eq!(replay(&start, &ops[..3]).revealed(), 2);
    assert_eq!(replay(&start, &ops).revealed(), 0);
}

#[wasm_bindgen_test]
fn the_walk_marks_compared_and_skipped_nodes() {
    // The picture of the core's diff docs: 8 blocks, block 5 differs.
    let start = Replicas::new(8, 1);
    let ops = operations(&start, &[edit(Side::B, 5, "changed")]);
    assert_eq!(ops.len(), 1 + 7);
    let node = |state: &Replicas, start: usize, end: usize| {
        tree_nodes(state, Side::A, None)
            .into_iter()
            .find(|n| (n.start, n.end) == (start, end))
            .unwrap()
    };
    // Right after the edit: the path 5 → root differs, nothing compared.
    let edited = replay(&start, &ops[..1]);
    for (s, e) in [(0, 8), (4, 8), (4, 6), (5, 6)] {
        let n = node(&edited, s, e);
        assert!(n.differs, "[{s},{e}) differs");
        assert_eq!(n.walk, Walk::Pending);
    }
    assert!(!node(&edited, 0, 4).differs);
    // Two comparisons: the roots differ, [0,4) is equal, so [0,2) is skipped.
    let two = replay(&start, &ops[..3]);
    assert_eq!(node(&two, 0, 8).walk, Walk::Differs);
    assert_eq!(node(&two, 0, 8).visit, Some(1));
    assert_eq!(node(&two, 0, 4).walk, Walk::Equal);
    assert!(node(&two, 0, 4).current);
    assert_eq!(node(&two, 0, 2).walk, Walk::Skipped);
    assert_eq!(node(&two, 3, 4).walk, Walk::Skipped);
    assert_eq!(node(&two, 4, 8).walk, Walk::Pending);
    assert_eq!(diff_status(&two).found, Vec::<usize>::new());
    // The end: block 5 found after 7 comparisons; [6,8) equal, 6 and 7 skipped.
    let end = replay(&start, &ops);
    assert_eq!(node(&end, 5, 6).visit, Some(6));
    assert_eq!(node(&end, 6, 8).walk, Walk::Equal);
    assert_eq!(node(&end, 7, 8).walk, Walk::Skipped);
    assert_eq!(diff_status(&end).found, vec![5]);
    assert_eq!(
        node(&end, 5, 6).text.as_deref(),
        Some(start.blocks(Side::A)[5].as_str())
    );
}

#[wasm_bindgen_test]
fn the_layout_covers_every_subtree_including_unbalanced_ones() {
    for n in 2..=32usize {
        let nodes = layout(n);
        assert_eq!(nodes.len(), 2 * n - 1, "n = {n}");
        let leaves: Vec<usize> = nodes
            .iter()
            .filter(|p| p.is_leaf())
            .map(|p| p.start)
            .collect();
        assert_eq!(leaves, (0..n).collect::<Vec<_>>());
        let (w, h) = size(n);
        for p in &nodes {
            assert!(
                p.x > 0.0 && p.x < w && p.y > 0.0 && p.y < h,
                "inside the drawing"
            );
            if let Some(parent) = p.parent {
                assert!(nodes[parent].y < p.y, "parents above children");
            }
        }
    }
    assert_eq!(height(7), 3);
    assert_eq!(height(8), 3);
    assert_eq!(height(9), 4);
    // Seven leaves: the root splits at 4, [4,7) at 2 (the core's split).
    let seven: Vec<(usize, usize)> = layout(7).iter().map(|p| (p.start, p.end)).collect();
    assert!(seven.contains(&(4, 6)) && seven.contains(&(4, 7)) && !seven.contains(&(6, 8)));
}

#[wasm_bindgen_test]
fn proof_siblings_are_the_core_proof_hashes() {
    for n in [2usize, 3, 7, 8, 13, 32] {
        let tree = Replicas::new(n, 5).tree(Side::A).clone();
        for index in 0..n {
            let proof = tree.inclusion_proof(index as u64).unwrap();
            let siblings = proof_nodes(index, n);
            assert_eq!(siblings.len(), proof.path.len(), "n = {n}, leaf {index}");
            for (step, hash) in siblings.iter().zip(&proof.path) {
                let (s, e) = step.sibling;
                assert_eq!(&tree.subtree_root(s as u64, e as u64).unwrap(), hash);
            }
        }
    }
}

#[wasm_bindgen_test]
fn a_proof_verifies_until_one_hash_is_tampered() {
    let state = Replicas::new(7, 2);
    let choice = ProofChoice {
        side: Side::B,
        index: 6,
        tamper: None,
    };
    let proof = proof_view(&state, choice).unwrap();
    assert!(proof.verdict.is_ok());
    assert_eq!(proof.rows.len(), 2, "leaf 6 of 7 has two siblings");
    assert_eq!(proof.rows[0].sibling, (4, 6));
    assert!(proof.rows[0].sibling_is_left);
    for t in 0..proof.rows.len() {
        let bad = proof_view(
            &state,
            ProofChoice {
                tamper: Some(t),
                ..choice
            },
        )
        .unwrap();
        assert_eq!(
            bad.verdict,
            Err("the proof does not lead to the expected root".into())
        );
        assert!(bad.rows[t].tampered);
        assert_ne!(bad.rows[t].hash_hex, proof.rows[t].hash_hex);
    }
    assert!(proof_view(&state, ProofChoice { index: 7, ..choice }).is_none());
    let roles: Vec<(usize, usize, ProofRole)> = tree_nodes(&state, Side::B, Some(choice))
        .into_iter()
        .filter(|n| n.proof != ProofRole::None)
        .map(|n| (n.start, n.end, n.proof))
        .collect();
    assert_eq!(
        roles,
        [
            (0, 7, ProofRole::Path),
            (0, 4, ProofRole::Sibling),
            (4, 7, ProofRole::Path),
            (4, 6, ProofRole::Sibling),
            (6, 7, ProofRole::Leaf)
        ]
    );
    assert!(
        tree_nodes(&state, Side::A, Some(choice))
            .iter()
            .all(|n| n.proof == ProofRole::None),
        "the proof is drawn on its own replica only"
    );
}

#[wasm_bindgen_test]
fn block_text_is_checked() {
    assert_eq!(check_block_text("  hello world "), Ok("hello world".into()));
    assert_eq!(check_block_text("é-ok!(1)"), Ok("é-ok!(1)".into()));
    assert!(check_block_text("").is_err());
    assert!(check_block_text("   ").is_err());
    assert!(check_block_text("a,b").unwrap_err().contains("','"));
    assert!(check_block_text("x&y").is_err());
    assert!(check_block_text(&"a".repeat(17)).is_err());
    assert!(check_block_text(&"é".repeat(16)).is_ok());
}

#[wasm_bindgen_test]
fn a_permalink_round_trips() {
    let edits = vec![
        edit(Side::B, 5, "patched"),
        edit(Side::A, 0, "hello world"),
        edit(Side::A, 2, "dot.ted ünï"),
    ];
    let proof = Some(ProofChoice {
        side: Side::A,
        index: 3,
        tamper: Some(1),
    });
    let query = MerkleScenario::to_query(13, 42, &edits, 4, proof);
    let back = MerkleScenario::from_query(&query);
    assert_eq!(back.problems, Vec::<String>::new(), "{query}");
    assert_eq!(back.blocks, 13);
    assert_eq!(back.seed, 42);
    assert_eq!(back.edits, edits);
    assert_eq!(back.step, 4);
    assert_eq!(back.proof, proof);
}

#[wasm_bindgen_test]
fn defaults_fill_an_empty_link() {
    let s = MerkleScenario::from_query("");
    assert_eq!((s.blocks, s.seed), (8, 1));
    assert_eq!(s.edits, default_edits(1, 8));
    assert_eq!(s.step, 1, "the edits applied, the diff not started");
    assert_eq!(s.proof, None);
    assert!(s.problems.is_empty());
    let none = MerkleScenario::from_query("?n=5&edits=");
    assert!(none.edits.is_empty());
    assert_eq!(none.step, 0);
}

#[wasm_bindgen_test]
fn bad_values_are_named_and_replaced() {
    let s = MerkleScenario::from_query(
        "?n=99&seed=-3&edits=c.1.x,a.9.y,a.x.z,b.2,a.1.a%252Cb,b.3.ok&step=1000&proof=q.1&tamper=0",
    );
    assert_eq!(s.blocks, 8);
    assert_eq!(s.seed, 1);
    assert_eq!(s.edits, vec![edit(Side::B, 3, "ok")]);
    common::assert_named(
        &s.problems,
        &[
            "'n=99'",
            "'seed=-3'",
            "edit 'c.1.x' names side 'c'",
            "edit 'a.9.y' names block 9",
            "edit 'a.x.z'",
            "edit 'b.2' is not SIDE.INDEX.TEXT",
            "'%' cannot be in a block",
            "'step=1000' is past the last step",
            "'proof=q.1'",
        ],
    );
    let horizon = operations(&Replicas::new(8, 1), &s.edits).len() as u64;
    assert_eq!(s.step, horizon);
    let t = MerkleScenario::from_query("?proof=a.3&tamper=9&step=x");
    assert_eq!(t.proof.map(|p| (p.index, p.tamper)), Some((3, None)));
    assert!(t.problems.iter().any(|p| p.contains("'tamper=9'")));
    assert!(t.problems.iter().any(|p| p.contains("'step=x'")));
}

#[wasm_bindgen_test]
async fn the_page_renders_both_trees_from_a_link() {
    let container = common::container();
    let search = "?n=7&seed=4&edits=b.6.tail&step=3&proof=b.6".to_string();
    let _mounted = leptos::mount::mount_to(container.clone(), move || {
        view! { <MerklePage search=search.clone() embed=false /> }
    });
    leptos::task::tick().await;
    let find = |selector: &str| common::find(&container, selector);
    for node in layout(7) {
        for side in ["a", "b"] {
            find(&format!(
                "[data-testid=node-{side}-{}-{}]",
                node.start, node.end
            ));
        }
    }
    // 12 edges and 13 nodes for n = 7.
    assert_eq!(find("[data-testid=tree-a]").child_element_count(), 25);
    let leaf = find("[data-testid=node-b-6-7]");
    assert_eq!(leaf.get_attribute("data-differs").as_deref(), Some("true"));
    assert_eq!(leaf.get_attribute("data-proof").as_deref(), Some("leaf"));
    assert_eq!(
        find("[data-testid=node-a-0-7]")
            .get_attribute("data-visit")
            .as_deref(),
        Some("1")
    );
    assert_eq!(
        find("[data-testid=node-a-0-4]")
            .get_attribute("data-walk")
            .as_deref(),
        Some("equal")
    );
    assert_eq!(
        find("[data-testid=comparisons]").text_content().as_deref(),
        Some("2")
    );
    assert_eq!(
        find("[data-testid=proof-verdict]")
            .get_attribute("data-ok")
            .as_deref(),
        Some("true")
    );
    assert!(
        container
            .query_selector("[data-testid=url-problems]")
            .unwrap()
            .is_none()
    );
}
