"""`make bench`'s table and results file: targets hold or not, ratios to the peer, regressions flagged."""

import json

from bench.report import figure, machine, regressions, table, write


def test_a_figure_holds_its_target_and_carries_its_ratio_to_the_peer():
    copy = figure("workspace creation, median", 640.0, "ms", target="< 1000", peer=("migrate", 2300.0))
    slow = figure("Parley's time per LLM turn, p95", 41.0, "ms", target="< 30")
    assert (copy.holds, round(copy.ratio, 2), slow.holds, slow.ratio) == (True, 0.28, False, None)
    printed = table([copy, slow])
    assert "0.28" in printed and "yes" in printed and "NO" in printed


def test_figures_more_than_20_percent_worse_are_flagged_whichever_way_is_better(tmp_path):
    figures = [
        figure("creation", 640.0, "ms", target="< 1000"),
        figure("turns", 70.0, "turns/s", better="higher"),
        figure("steady", 105.0, "ms"),
    ]
    earlier = {"figures": [{"name": "creation", "value": 500.0}, {"name": "turns", "value": 100.0},
                           {"name": "steady", "value": 100.0}]}  # fmt: skip
    assert regressions(figures, earlier) == ["creation: 500 -> 640 ms (+28%)", "turns: 100 -> 70 turns/s (-30%)"]

    path = tmp_path / "results.json"
    write(path, figures, machine(1.5), {"raw": 1})
    written = json.loads(path.read_text())
    assert set(written["figures"][0]) >= {"name", "value", "unit", "target", "peer", "ratio", "holds"}
    assert written["machine"]["cpus"] and regressions(figures, written) == []
