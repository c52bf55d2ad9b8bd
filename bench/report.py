"""The one table `make bench` prints and the `bench/results.json` it writes.

Each figure names its value and unit, the target it must hold, and the peer it is measured against in the same
run (a bare Django view, migrating instead of copying, the model's own latency): on a shared two-core machine the
absolute numbers move with the load, the ratio to a peer much less. A results file from an earlier run can be
given to flag figures that got more than 20% worse.
"""

import json
import os
import platform
from dataclasses import asdict, dataclass
from pathlib import Path

WORSE_BY = 0.20


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: str | None = None  # "< 1000" or "> 0.5": the figure holds when its value is on that side
    peer: dict | None = None  # {"name": ..., "value": ...}: measured in the same run
    ratio: float | None = None  # value / peer value
    holds: bool | None = None
    better: str = "lower"  # which way is better, for figures without a target too

    def __post_init__(self):
        if self.target:
            operator, threshold = self.target.split()
            self.better = "lower" if operator.startswith("<") else "higher"
            compare = {"<": float.__lt__, "<=": float.__le__, ">": float.__gt__, ">=": float.__ge__}[operator]
            self.holds = compare(float(self.value), float(threshold))
        if self.peer and self.peer.get("value"):
            self.ratio = self.value / self.peer["value"]


def figure(name: str, value: float, unit: str, *, target: str | None = None, peer: tuple[str, float] | None = None,
           better: str = "lower") -> Figure:  # fmt: skip
    return Figure(
        name=name, value=value, unit=unit, target=target,
        peer={"name": peer[0], "value": peer[1]} if peer else None, better=better,
    )  # fmt: skip


def machine(load_before: float) -> dict:
    return {
        "cpus": os.cpu_count(),
        "load_1min_at_start": round(load_before, 2),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def write(path: Path, figures: list[Figure], machine_info: dict, details: dict) -> None:
    data = {"figures": [asdict(f) for f in figures], "machine": machine_info, "details": details}
    path.write_text(json.dumps(data, indent=2) + "\n")


def regressions(figures: list[Figure], earlier: dict) -> list[str]:
    """The figures more than 20% worse than in an earlier results file (same name), described."""
    before = {f["name"]: f for f in earlier.get("figures", [])}
    found = []
    for f in figures:
        old = before.get(f.name)
        if not old or not old.get("value"):
            continue
        change = (f.value - old["value"]) / abs(old["value"])
        worse = change > WORSE_BY if f.better == "lower" else change < -WORSE_BY
        if worse:
            found.append(f"{f.name}: {_number(old['value'])} -> {_number(f.value)} {f.unit} ({change:+.0%})")
    return found


def _number(value: float) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return f"{value:.0f}"
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}" if abs(value) < 100 else f"{value:.0f}"


def table(figures: list[Figure], flagged: set[str] = frozenset()) -> str:
    rows = [("figure", "value", "unit", "target", "peer (same run)", "peer value", "ratio", "holds")]
    for f in figures:
        rows.append(
            (
                f.name + (" [>20% worse]" if f.name in flagged else ""),
                _number(f.value),
                f.unit,
                f.target or "",
                f.peer["name"] if f.peer else "",
                _number(f.peer["value"]) if f.peer else "",
                f"{f.ratio:.2f}" if f.ratio is not None else "",
                {True: "yes", False: "NO", None: ""}[f.holds],
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        rest = (cell.ljust(width) for cell, width in zip(row[2:], widths[2:], strict=True))
        cells = [row[0].ljust(widths[0]), row[1].rjust(widths[1]), *rest]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("-" * len(lines[0]))
    return "\n".join(lines)
