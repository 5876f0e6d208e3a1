"""Reading numbers out of a summary document and setting them against targets, for the
Markdown report and the command line alike."""

from __future__ import annotations

Target = tuple[str, float, str]  # (path into the summary, target, "min" = at least / "max" = at most)


def lookup(document: dict, path: str) -> float | None:
    value: object = document
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value if isinstance(value, (int, float)) else None


def fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def verdict(value: float | None, target: float, kind: str) -> str:
    """"met", "MISSED (missed by 0.012)" or "not measured"."""
    if value is None:
        return "not measured"
    if value >= target if kind == "min" else value <= target:
        return "met"
    return f"MISSED (missed by {abs(value - target):.3f})"


def target_rows(document: dict, targets: list[Target]) -> list[list[str]]:
    """[metric, value, target, verdict] per target."""
    return [[path, fmt(lookup(document, path)), f"{'>=' if kind == 'min' else '<='} {target}",
             verdict(lookup(document, path), target, kind)] for path, target, kind in targets]


def markdown_table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)] + [
        "| " + " | ".join(row) + " |" for row in rows]
