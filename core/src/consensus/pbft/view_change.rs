//! View changes (§4.4): leaving a view whose primary is faulty or slow,
//! and the new primary's NewView, which backups verify by recomputing it.

use super::node::PbftNode;
use super::replica::Replica;
use super::{Message, Payload, PreparedProof, Timer, ViewChangeInfo, digest};
use crate::sim::{Context, NodeId};
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::vec::Vec;

/// The longest view-change timeout (doubling stops here).
const MAX_TIMEOUT_DOUBLINGS: u32 = 4;

/// What a NewView must pre-prepare, given the view changes it carries:
/// the highest stable checkpoint among them, and for every sequence number
/// above it up to the highest prepared one, the request prepared in the
/// highest view, or a null request. `careless` (for demonstration only)
/// ignores the prepared certificates.
pub fn new_view_pre_prepares(
    proofs: &[(NodeId, ViewChangeInfo)],
    careless: bool,
) -> (u64, Vec<(u64, u64, Payload)>) {
    let min_s = proofs.iter().map(|(_, i)| i.stable).max().unwrap_or(0);
    let mut best: BTreeMap<u64, &PreparedProof> = BTreeMap::new();
    let certificates = proofs.iter().flat_map(|(_, i)| &i.prepared);
    for proof in certificates.filter(|_| !careless) {
        if proof.seq > min_s && best.get(&proof.seq).is_none_or(|b| proof.view > b.view) {
            best.insert(proof.seq, proof);
        }
    }
    let max_s = best.keys().next_back().copied().unwrap_or(min_s);
    let null = Payload::Null;
    let o = (min_s + 1..=max_s)
        .map(|s| match best.get(&s) {
            Some(p) => (s, p.digest, p.payload),
            None => (s, digest(&null), null),
        })
        .collect();
    (min_s, o)
}

impl Replica {
    /// Certificates of what this replica prepared above its checkpoint,
    /// the highest view per sequence number.
    fn prepared_proofs(&self) -> Vec<PreparedProof> {
        let mut best: BTreeMap<u64, PreparedProof> = BTreeMap::new();
        for (&(view, seq), &(d, payload)) in &self.pre_prepares {
            if seq > self.stable && self.is_prepared(view, seq, d) {
                best.insert(
                    seq,
                    PreparedProof {
                        view,
                        seq,
                        digest: d,
                        payload,
                    },
                );
            }
        }
        best.into_values().collect()
    }

    pub(super) fn start_view_change(&mut self, view: u64, cx: &mut Context<'_, PbftNode>) {
        if view <= self.view
            && (self.active
                || self
                    .view_changes
                    .get(&view)
                    .is_some_and(|v| v.contains_key(&self.id)))
        {
            return;
        }
        cx.note(format!("view change to {view}"));
        self.view = view;
        self.active = false;
        let info = ViewChangeInfo {
            stable: self.stable,
            prepared: self.prepared_proofs(),
        };
        self.multicast(
            &Message::ViewChange {
                view,
                info: info.clone(),
            },
            cx,
        );
        self.view_changes
            .entry(view)
            .or_default()
            .insert(self.id, info);
        self.timer_running = true;
        cx.set_timer(Timer::ViewChange, self.vc_timeout);
        let cap = self.config.view_change_timeout << MAX_TIMEOUT_DOUBLINGS;
        self.vc_timeout = (self.vc_timeout * 2).min(cap);
        self.try_new_view(view, cx);
    }

    /// The view-change timer fired. In normal operation: leave the view.
    /// During a view change to `v`: move on to `v + 1` only if `2f + 1`
    /// replicas are changing to `v` too (so one replica cannot race ahead
    /// alone, §4.5.2); otherwise re-send this replica's view change.
    pub(super) fn view_change_timeout(&mut self, cx: &mut Context<'_, PbftNode>) {
        let view = self.view;
        let joined = self.view_changes.get(&view).map_or(0, BTreeMap::len);
        if self.active || joined > 2 * self.f() {
            self.start_view_change(view + 1, cx);
            return;
        }
        if let Some(info) = self
            .view_changes
            .get(&view)
            .and_then(|by| by.get(&self.id))
            .cloned()
        {
            self.multicast(&Message::ViewChange { view, info }, cx);
        }
        self.timer_running = true;
        cx.set_timer(Timer::ViewChange, self.vc_timeout);
    }

    pub(super) fn on_view_change(
        &mut self,
        from: NodeId,
        view: u64,
        info: ViewChangeInfo,
        cx: &mut Context<'_, PbftNode>,
    ) {
        if from >= self.n() {
            return;
        }
        let (current, active) = (self.view, self.active);
        if let Some((_, new_view)) = self
            .new_view_msg
            .as_ref()
            .filter(|(v, _)| *v >= view && (*v < current || active))
        {
            // A replica still trying to reach a view at or below one we
            // led (and have left, or still lead): show it the way in.
            cx.send(from, new_view.clone());
        }
        if view <= self.view && self.active {
            return;
        }
        if view < self.view {
            // It may be missing our view change for that view (lost), and
            // need it to move on as we did.
            let mine = self
                .view_changes
                .get(&view)
                .and_then(|by| by.get(&self.id))
                .cloned();
            if let Some(info) = mine {
                cx.send(from, Message::ViewChange { view, info });
            }
            return;
        }
        self.view_changes
            .entry(view)
            .or_default()
            .insert(from, info);
        // f + 1 replicas want a higher view: at least one honest one
        // timed out, so join the smallest such view.
        let above = self.view + 1;
        let senders: BTreeSet<NodeId> = self
            .view_changes
            .range(above..)
            .flat_map(|(_, by)| by.keys().copied())
            .filter(|&s| s != self.id)
            .collect();
        if senders.len() > self.f()
            && let Some(&smallest) = self.view_changes.range(above..).next().map(|(v, _)| v)
        {
            self.start_view_change(smallest, cx);
        }
        self.try_new_view(view, cx);
    }

    fn try_new_view(&mut self, view: u64, cx: &mut Context<'_, PbftNode>) {
        if self.primary_of(view) != self.id
            || view != self.view
            || self.active
            || self.new_view_sent >= view
        {
            return;
        }
        let Some(by) = self.view_changes.get(&view) else {
            return;
        };
        if by.len() < 2 * self.f() + 1 {
            return;
        }
        let proofs: Vec<(NodeId, ViewChangeInfo)> =
            by.iter().map(|(&i, v)| (i, v.clone())).collect();
        let (min_s, pre_prepares) =
            new_view_pre_prepares(&proofs, self.config.unsafe_new_view_ignores_prepared);
        self.new_view_sent = view;
        cx.note(format!(
            "new view {view}: {} pre-prepares",
            pre_prepares.len()
        ));
        let new_view = Message::NewView {
            view,
            proofs: proofs.clone(),
            pre_prepares: pre_prepares.clone(),
        };
        self.multicast(&new_view, cx);
        self.new_view_msg = Some((view, new_view));
        self.enter_view(view, min_s, &proofs, &pre_prepares, cx);
    }

    pub(super) fn on_new_view(
        &mut self,
        from: NodeId,
        view: u64,
        proofs: Vec<(NodeId, ViewChangeInfo)>,
        pre_prepares: Vec<(u64, u64, Payload)>,
        cx: &mut Context<'_, PbftNode>,
    ) {
        if view < self.view || (view == self.view && self.active) || from != self.primary_of(view) {
            return;
        }
        let senders: BTreeSet<NodeId> = proofs
            .iter()
            .map(|(i, _)| *i)
            .filter(|&i| i < self.n())
            .collect();
        if senders.len() < 2 * self.f() + 1 || senders.len() != proofs.len() {
            return;
        }
        let (min_s, expected) =
            new_view_pre_prepares(&proofs, self.config.unsafe_new_view_ignores_prepared);
        if expected != pre_prepares {
            cx.note("new view rejected: wrong pre-prepares");
            return;
        }
        self.enter_view(view, min_s, &proofs, &pre_prepares, cx);
    }

    fn enter_view(
        &mut self,
        view: u64,
        min_s: u64,
        proofs: &[(NodeId, ViewChangeInfo)],
        pre_prepares: &[(u64, u64, Payload)],
        cx: &mut Context<'_, PbftNode>,
    ) {
        cx.note(format!("enter view {view}"));
        self.view = view;
        self.active = true;
        self.timer_running = false;
        cx.cancel_timer(Timer::ViewChange);
        self.view_changes.retain(|&v, _| v > view);
        if min_s > self.snapshot.seq {
            for &(i, ref info) in proofs {
                if info.stable == min_s && i != self.id {
                    cx.send(i, Message::FetchState { seq: min_s });
                }
            }
        }
        let top = pre_prepares.iter().map(|p| p.0).max().unwrap_or(0);
        self.next_seq = if self.config.unsafe_new_view_ignores_prepared {
            min_s.max(self.stable)
        } else {
            self.next_seq.max(top).max(min_s).max(self.stable)
        };
        for &(seq, d, payload) in pre_prepares {
            if seq > self.stable {
                self.accept_pre_prepare(view, seq, d, payload, cx);
            }
        }
        if self.id == self.primary_of(view) {
            let waiting: Vec<_> = self.requests.values().copied().collect();
            for request in waiting {
                let proposed = pre_prepares.iter().any(|p| p.2 == Payload::Op(request));
                if !proposed {
                    self.assign(request, cx);
                }
            }
        } else {
            self.arm_timer(cx);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consensus::pbft::Request;

    fn proof(view: u64, seq: u64, op: u64) -> PreparedProof {
        let payload = Payload::Op(Request {
            client: 4,
            timestamp: op,
            op,
        });
        PreparedProof {
            view,
            seq,
            digest: digest(&payload),
            payload,
        }
    }

    /// §4.4: from the highest stable checkpoint up to the highest prepared
    /// sequence number, the request prepared in the highest view, and a
    /// null request in the holes.
    #[test]
    fn new_view_keeps_the_highest_view_certificate_and_fills_holes() {
        let info = |stable, prepared| ViewChangeInfo { stable, prepared };
        let proofs = [
            (1, info(4, alloc::vec![proof(0, 5, 50), proof(0, 7, 70)])),
            (2, info(4, alloc::vec![proof(1, 5, 51)])),
            (3, info(0, alloc::vec![proof(0, 3, 30)])),
        ];
        let (min_s, o) = new_view_pre_prepares(&proofs, false);
        assert_eq!(min_s, 4);
        let seqs: Vec<u64> = o.iter().map(|p| p.0).collect();
        assert_eq!(seqs, [5, 6, 7]);
        assert_eq!(o[0].2, proof(1, 5, 51).payload, "view 1 beats view 0");
        assert_eq!(o[1].2, Payload::Null, "hole at 6");
        assert_eq!(o[2].2, proof(0, 7, 70).payload);
        let (_, careless) = new_view_pre_prepares(&proofs, true);
        assert!(careless.is_empty());
    }
}
