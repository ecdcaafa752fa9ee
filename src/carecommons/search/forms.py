"""Validation of the search parameters (the names are a stable interface: see docs/search.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

SORTS = {"relevance", "date"}
TYPES = {"", "discussion", "article"}


class SearchForm(forms.Form):
    q = forms.CharField(required=False, strip=True, label="Search for")
    group = forms.CharField(required=False, max_length=60)
    type = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Discussions and articles"),
            ("discussion", "Discussions"),
            ("article", "Articles"),
        ],
        label="Show",
    )
    author = forms.CharField(required=False, max_length=150, label="Written by (username)")
    from_ = forms.DateField(
        required=False,
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Please give the start date as YYYY-MM-DD, e.g. 2026-01-31."},
    )
    to = forms.DateField(
        required=False,
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Please give the end date as YYYY-MM-DD, e.g. 2026-12-31."},
    )
    expert = forms.BooleanField(required=False, label="Only with an expert's answer")
    sort = forms.ChoiceField(
        required=False,
        choices=[("relevance", "Best match"), ("date", "Newest first")],
        label="Sort by",
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        if data is not None:
            # `from` is a Python keyword; the URL parameter keeps its short name.
            data = data.copy()
            if "from" in data:
                data.setlist("from_", data.getlist("from"))
        super().__init__(data, **kwargs)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("from_"), cleaned.get("to")
        if isinstance(start, date) and isinstance(end, date) and start > end:
            self.add_error("to", "The end date is before the start date.")
        return cleaned
