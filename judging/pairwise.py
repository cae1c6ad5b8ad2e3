"""Pairwise expo judging: a Crowd-BT model of project quality and juror reliability, and the next project to see.

At a demo day, a juror stands at one project, is sent to another and answers "better or worse than the previous
one". The model is Crowd-BT (Chen, Bennett, Collins-Thompson & Horvitz, "Pairwise ranking aggregation in a crowdsourced
setting", WSDM 2013), reimplemented here from the paper's equations.

Model. Project i has a quality s_i with the belief N(mu_i, sigma_i^2); juror k agrees with the true order with
probability eta_k, with the belief Beta(alpha_k, beta_k). Juror k says "i is better than j" with probability

    P(i >_k j) = eta_k * e^{s_i} / (e^{s_i} + e^{s_j}) + (1 - eta_k) * e^{s_j} / (e^{s_i} + e^{s_j}).

Update after "w beat l" from juror k (the paper's moment-matching approximations), written with d = mu_w - mu_l and
the logistic function S so that no exponential can overflow:

    p = e^{mu_w} / (e^{mu_w} + e^{mu_l})                          = S(d)
    q = alpha e^{mu_w} / (alpha e^{mu_w} + beta e^{mu_l})         = S(d + ln alpha - ln beta)
    mu_w'      = mu_w + sigma_w^2 (q - p)
    mu_l'      = mu_l - sigma_l^2 (q - p)
    sigma_w^2' = sigma_w^2 max(1 + sigma_w^2 (q (1 - q) - p (1 - p)), kappa)      (kappa = 1e-4)
    sigma_l^2' = sigma_l^2 max(1 + sigma_l^2 (q (1 - q) - p (1 - p)), kappa)

(q - p and q(1-q) - p(1-p) are the first and second derivatives of ln P(w >_k l) at the means.) For the juror,
C1 approximates E[S(s_w - s_l)] to second order and the posterior of eta is matched by a Beta:

    C1 = p + (sigma_w^2 + sigma_l^2) / 2 * p (1 - p) (1 - 2p),   C2 = 1 - C1
    n = alpha + beta,   C = (C1 alpha + C2 beta) / n
    E[eta]   = (C1 (alpha + 1) alpha + C2 alpha beta) / (C (n + 1) n)
    E[eta^2] = (C1 (alpha + 2)(alpha + 1) alpha + C2 (alpha + 1) alpha beta) / (C (n + 2)(n + 1) n)
    alpha' = (E[eta] - E[eta^2]) E[eta] / (E[eta^2] - E[eta]^2)
    beta'  = (E[eta] - E[eta^2]) (1 - E[eta]) / (E[eta^2] - E[eta]^2)

The exact posterior of eta is the mixture w Beta(alpha + 1, beta) + (1 - w) Beta(alpha, beta + 1) with
w = C1 alpha / (C1 alpha + C2 beta); its mean and variance are computed from that form (same values as above, but the
variance is a sum of positive terms instead of the difference E[eta^2] - E[eta]^2, which cancels catastrophically
for confident jurors). C is the predicted probability of the answer "w beat l".

Numerical safety, beyond the paper: C1 is clipped to [0, 1] (the second-order term leaves it with large variances);
mu, sigma^2, alpha and beta are clipped, on the way in and out, to the finite ranges below (far wider than real beliefs
reach), which also bounds the growth of sigma^2 that the paper's formula allows after an upset (q(1-q) > p(1-p)).

Next project (the paper's active learning): for juror k at project c, each candidate j is scored by the expected
information gain of comparing them, the expected KL divergence from the current to the updated beliefs of c, j and
the juror: P(c >_k j) * KL(c beats j) + P(j >_k c) * KL(j beats c), each KL summing the two Gaussians and the Beta.
Projects where another juror currently is (busy) and the current one are never chosen. Exploration: projects this
juror has not seen come first (the juror meets every project before seeing one again, which also keeps a juror from
being sent back and forth between two uncertain projects); ties are broken at random with the caller's generator.

Undo: each Vote keeps the three beliefs it replaced, so the state is a deterministic function of the vote log.
Undoing vote n restores, newest first, the pre-vote beliefs of votes n and later (each belief ends in its state before
its first vote from n on), then replays the later votes. A juror's undo usually comes right after the vote, so the
tail is short; when another juror compared one of the same projects in between, the replay keeps that vote, which
restoring the snapshot alone would erase. The result equals, bit for bit, the state as if vote n had never been cast
(the update is deterministic), without replaying the whole log.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import digamma, gammaln

KAPPA = 1e-4  # the paper's floor on the factor that shrinks sigma^2, which keeps it positive
MU_LIMIT = 1e3
SIGMA_SQ_MIN, SIGMA_SQ_MAX = 1e-12, 1e3
RELIABILITY_MIN, RELIABILITY_MAX = 1e-6, 1e9  # bounds for alpha and beta
TIE_TOLERANCE = 1e-9  # relative: gains this close to the best are a tie, broken at random


@dataclass(frozen=True)
class ItemBelief:
    """Belief N(mu, sigma_sq) on a project's quality; the default is the prior of a project nobody compared."""

    mu: float = 0.0
    sigma_sq: float = 1.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.mu) and math.isfinite(self.sigma_sq) and self.sigma_sq > 0):
            raise ValueError(f"invalid item belief: mu={self.mu!r}, sigma_sq={self.sigma_sq!r}")


@dataclass(frozen=True)
class AnnotatorBelief:
    """Belief Beta(alpha, beta) on how often a juror agrees with the true order; by default mostly reliable (10:1)."""

    alpha: float = 10.0
    beta: float = 1.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.alpha) and math.isfinite(self.beta) and self.alpha > 0 and self.beta > 0):
            raise ValueError(f"invalid annotator belief: alpha={self.alpha!r}, beta={self.beta!r}")


@dataclass(frozen=True)
class Vote:
    """Juror annotator_id found winner_id better than loser_id; the *_before beliefs are those the vote replaced."""

    annotator_id: int
    winner_id: int
    loser_id: int
    annotator_before: AnnotatorBelief
    winner_before: ItemBelief
    loser_before: ItemBelief


def _sigmoid(x: np.ndarray) -> np.ndarray:
    # The tanh form never overflows, unlike 1 / (1 + e^-x).
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _clamp_item(mu, sigma_sq) -> tuple[np.ndarray, np.ndarray]:
    return np.clip(mu, -MU_LIMIT, MU_LIMIT), np.clip(sigma_sq, SIGMA_SQ_MIN, SIGMA_SQ_MAX)


def _clamp_annotator(alpha, beta) -> tuple[np.ndarray, np.ndarray]:
    return np.clip(alpha, RELIABILITY_MIN, RELIABILITY_MAX), np.clip(beta, RELIABILITY_MIN, RELIABILITY_MAX)


def _posterior(mu_w, sigma_sq_w, mu_l, sigma_sq_l, alpha, beta) -> tuple[np.ndarray, ...]:
    """The update for "w beat l" on arrays (broadcast), plus C, the predicted probability of that answer."""
    (mu_w, sigma_sq_w), (mu_l, sigma_sq_l) = _clamp_item(mu_w, sigma_sq_w), _clamp_item(mu_l, sigma_sq_l)
    alpha, beta = _clamp_annotator(alpha, beta)
    d = mu_w - mu_l
    p = _sigmoid(d)
    q = _sigmoid(d + np.log(alpha) - np.log(beta))
    gradient = q - p
    curvature = q * (1.0 - q) - p * (1.0 - p)
    new_mu_w, new_sigma_sq_w = _clamp_item(
        mu_w + sigma_sq_w * gradient, sigma_sq_w * np.maximum(1.0 + sigma_sq_w * curvature, KAPPA)
    )
    new_mu_l, new_sigma_sq_l = _clamp_item(
        mu_l - sigma_sq_l * gradient, sigma_sq_l * np.maximum(1.0 + sigma_sq_l * curvature, KAPPA)
    )

    c1 = np.clip(p + 0.5 * (sigma_sq_w + sigma_sq_l) * p * (1.0 - p) * (1.0 - 2.0 * p), 0.0, 1.0)
    evidence = c1 * alpha + (1.0 - c1) * beta
    w = c1 * alpha / evidence
    n = alpha + beta + 1.0
    mean = (alpha + w) / n
    within = (w * (alpha + 1.0) * beta + (1.0 - w) * alpha * (beta + 1.0)) / (n + 1.0)
    variance = (within + w * (1.0 - w)) / n**2
    concentration = mean * (1.0 - mean) / variance - 1.0
    new_alpha, new_beta = _clamp_annotator(mean * concentration, (1.0 - mean) * concentration)
    return new_mu_w, new_sigma_sq_w, new_mu_l, new_sigma_sq_l, new_alpha, new_beta, evidence / (alpha + beta)


def update(
    winner: ItemBelief, loser: ItemBelief, annotator: AnnotatorBelief
) -> tuple[ItemBelief, ItemBelief, AnnotatorBelief]:
    """The beliefs after the juror found winner better than loser (formulas in the module docstring)."""
    mu_w, s_w, mu_l, s_l, alpha, beta, _ = _posterior(
        np.float64(winner.mu), winner.sigma_sq, loser.mu, loser.sigma_sq, annotator.alpha, annotator.beta
    )
    return (
        ItemBelief(float(mu_w), float(s_w)),
        ItemBelief(float(mu_l), float(s_l)),
        AnnotatorBelief(float(alpha), float(beta)),
    )


def _kl_normal(mu1, sigma_sq1, mu0, sigma_sq0) -> np.ndarray:
    r = sigma_sq1 / sigma_sq0 - 1.0
    return np.maximum(0.5 * (r - np.log1p(r) + (mu1 - mu0) ** 2 / sigma_sq0), 0.0)


def _kl_beta(a1, b1, a0, b0) -> np.ndarray:
    log_b0 = gammaln(a0) + gammaln(b0) - gammaln(a0 + b0)
    log_b1 = gammaln(a1) + gammaln(b1) - gammaln(a1 + b1)
    kl = log_b0 - log_b1 + (a1 - a0) * digamma(a1) + (b1 - b0) * digamma(b1) + (a0 - a1 + b0 - b1) * digamma(a1 + b1)
    return np.maximum(kl, 0.0)  # lgamma of large arguments can leave a tiny negative


def _expected_gain(mu_c, sigma_sq_c, mu_j, sigma_sq_j, alpha, beta) -> np.ndarray:
    (mu_c, sigma_sq_c), (mu_j, sigma_sq_j) = _clamp_item(mu_c, sigma_sq_c), _clamp_item(mu_j, sigma_sq_j)
    alpha, beta = _clamp_annotator(alpha, beta)
    mu_c1, s_c1, mu_j1, s_j1, a1, b1, p_current_wins = _posterior(mu_c, sigma_sq_c, mu_j, sigma_sq_j, alpha, beta)
    mu_j2, s_j2, mu_c2, s_c2, a2, b2, _ = _posterior(mu_j, sigma_sq_j, mu_c, sigma_sq_c, alpha, beta)
    gain_current_wins = (
        _kl_normal(mu_c1, s_c1, mu_c, sigma_sq_c)
        + _kl_normal(mu_j1, s_j1, mu_j, sigma_sq_j)
        + _kl_beta(a1, b1, alpha, beta)
    )
    gain_candidate_wins = (
        _kl_normal(mu_c2, s_c2, mu_c, sigma_sq_c)
        + _kl_normal(mu_j2, s_j2, mu_j, sigma_sq_j)
        + _kl_beta(a2, b2, alpha, beta)
    )
    return p_current_wins * gain_current_wins + (1.0 - p_current_wins) * gain_candidate_wins


def expected_information_gain(current: ItemBelief, candidate: ItemBelief, annotator: AnnotatorBelief) -> float:
    """Expected KL divergence (in nats) from the present beliefs to those after the juror compares the two."""
    return float(
        _expected_gain(
            np.float64(current.mu), current.sigma_sq, candidate.mu, candidate.sigma_sq, annotator.alpha, annotator.beta
        )
    )


def choose_next(
    annotator: AnnotatorBelief,
    current_item_id: int | None,
    items: Mapping[int, ItemBelief],
    *,
    busy: set[int],
    seen: set[int],
    rng: np.random.Generator,
) -> int | None:
    """The project to send the juror to next, or None when every other project is busy.

    Never the current project nor a busy one (another juror is there). Projects the juror has not seen come first;
    among them, the largest expected information gain against the current project, or, for a juror's first
    project, the largest sigma^2 (the least known). Ties are broken with rng, so a seed gives the same choice.
    """
    available = sorted(item_id for item_id in items if item_id not in busy and item_id != current_item_id)
    pool = [item_id for item_id in available if item_id not in seen] or available
    if not pool:
        return None
    sigma_sq = np.array([items[item_id].sigma_sq for item_id in pool])
    if current_item_id is None:
        scores = sigma_sq
    else:
        current = items[current_item_id]
        mu = np.array([items[item_id].mu for item_id in pool])
        scores = _expected_gain(np.float64(current.mu), current.sigma_sq, mu, sigma_sq, annotator.alpha, annotator.beta)
    best = scores.max()
    ties = np.flatnonzero(scores >= best - TIE_TOLERANCE * max(1.0, abs(best)))
    return pool[int(rng.choice(ties))]


def ranking(items: Mapping[int, ItemBelief]) -> list[tuple[int, float, float]]:
    """(id, mu, sigma_sq) by mu, best first; equal means put the more certain first, then the lower id."""
    return sorted(
        ((item_id, belief.mu, belief.sigma_sq) for item_id, belief in items.items()),
        key=lambda row: (-row[1], row[2], row[0]),
    )


def vote_apply(
    items: Mapping[int, ItemBelief],
    annotators: Mapping[int, AnnotatorBelief],
    *,
    annotator_id: int,
    winner_id: int,
    loser_id: int,
) -> tuple[dict[int, ItemBelief], dict[int, AnnotatorBelief], Vote]:
    """New beliefs after the vote, and its record with the beliefs it replaced (for undo). Inputs are not changed."""
    if winner_id == loser_id:
        raise ValueError("a project cannot be compared with itself")
    vote = Vote(annotator_id, winner_id, loser_id, annotators[annotator_id], items[winner_id], items[loser_id])
    winner, loser, annotator = update(vote.winner_before, vote.loser_before, vote.annotator_before)
    return {**items, winner_id: winner, loser_id: loser}, {**annotators, annotator_id: annotator}, vote


def vote_undo(
    items: Mapping[int, ItemBelief],
    annotators: Mapping[int, AnnotatorBelief],
    votes: Sequence[Vote],
    index: int,
) -> tuple[dict[int, ItemBelief], dict[int, AnnotatorBelief], list[Vote]]:
    """The beliefs and the log as if votes[index] had never been cast (method in the module docstring).

    items and annotators must be the state after the whole log; the later votes are recorded again with their new
    pre-vote beliefs.
    """
    items, annotators = dict(items), dict(annotators)
    tail = votes[index:]
    for vote in reversed(tail):
        items[vote.winner_id], items[vote.loser_id] = vote.winner_before, vote.loser_before
        annotators[vote.annotator_id] = vote.annotator_before
    replayed = []
    for vote in tail[1:]:
        items, annotators, again = vote_apply(
            items, annotators, annotator_id=vote.annotator_id, winner_id=vote.winner_id, loser_id=vote.loser_id
        )
        replayed.append(again)
    return items, annotators, [*votes[:index], *replayed]
