"""The 95% Wilson score interval against known values."""

import pytest

from synthesis.insights.evidence import EvidenceProfile, wilson


@pytest.mark.parametrize(
    ("successes", "trials", "low", "high"),
    [(8, 10, 0.4902, 0.9433), (0, 10, 0.0, 0.2775), (10, 10, 0.7225, 1.0), (50, 100, 0.4038, 0.5962),
     (1, 1, 0.2065, 1.0), (15, 20, 0.5313, 0.8881)],
)  # fmt: skip
def test_known_intervals(successes, trials, low, high):
    got = wilson(successes, trials)
    assert got == (pytest.approx(low, abs=5e-4), pytest.approx(high, abs=5e-4))


def test_no_answers_no_interval():
    assert wilson(0, 0) is None
    assert EvidenceProfile().validation_interval is None and EvidenceProfile().validation_share is None


def test_the_profile_s_share_leaves_unclear_answers_out():
    profile = EvidenceProfile(validation_confirms=8, validation_contradicts=2, validation_unclear=5)
    assert profile.validation_answers == 15 and profile.validation_decided == 10 and profile.validation_share == 0.8
    assert profile.validation_interval == wilson(8, 10)
