"""The one result shape every benchmark returns: a titled table plus notes and raw data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Any]]
    notes: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def render(self) -> str:
        cells = [[_cell(value) for value in row] for row in self.rows]
        widths = [len(name) for name in self.columns]
        for row in cells:
            for index, value in enumerate(row):
                widths[index] = max(widths[index], len(value))

        def line(values: list[str]) -> str:
            parts = [
                value.ljust(width) if index == 0 else value.rjust(width)
                for index, (value, width) in enumerate(zip(values, widths, strict=True))
            ]
            return "| " + " | ".join(parts) + " |"

        rule = (
            "|"
            + "|".join(
                "-" * (width + 2) if index == 0 else "-" * (width + 1) + ":"
                for index, width in enumerate(widths)
            )
            + "|"
        )
        out = [f"## {self.title}", "", line(self.columns), rule]
        out += [line(row) for row in cells]
        if self.notes:
            out.append("")
            out += [f"- {note}" for note in self.notes]
        return "\n".join(out)

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "columns": self.columns,
            "rows": self.rows,
            "notes": self.notes,
            "data": self.data,
        }


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        if value >= 100:
            return f"{value:,.0f}"
        if value >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}"
    return str(value)
