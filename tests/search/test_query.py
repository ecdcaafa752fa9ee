"""The query language and snippets, without a database."""

from __future__ import annotations

from carecommons.search.query import (
    Parsed,
    fts5_expression,
    highlight,
    key_words,
    parse,
    similarity,
    tsquery_expression,
)


def test_parse_words_phrases_and_noise():
    parsed = parse('Neutro* "very low  counts" AND (fever')
    assert parsed.terms == ("neutro", "and", "fever")
    assert parsed.phrases == (("very", "low", "counts"),)
    assert parse('"unbalanced quote').terms == ("unbalanced", "quote")
    assert parse("()*:^").empty


def test_expressions():
    parsed = Parsed(("neutro", "a"), (("low", "count"),))
    assert fts5_expression(parsed) == '("neutro"* AND "a" AND "low count")'
    assert fts5_expression(parsed, any_word=True).count(" OR ") == 2
    assert tsquery_expression(parsed) == "'neutro':* & 'a':* & ('low' <-> 'count')"


def test_highlight_escapes_and_marks():
    snippet = highlight("<b>Infections</b> & neutrophils", parse("infection neutrophil"))
    assert snippet == "&lt;b&gt;<mark>Infections</mark>&lt;/b&gt; &amp; <mark>neutrophils</mark>"


def test_highlight_windows_long_text():
    text = "filler " * 200 + "the ferritin result " + "filler " * 200
    snippet = highlight(text, parse("ferritin"))
    assert snippet.startswith("…") and snippet.endswith("…") and "<mark>ferritin</mark>" in snippet


def test_trigram_similarity_like_pg_trgm():
    assert similarity("neutrophils", "neutrophils") == 1.0
    assert similarity("neutrofils", "neutrophils") > similarity("neutrofils", "neutral")


def test_key_words_prefer_title_and_skip_stopwords():
    words = key_words("Toddler neutrophils low", "the the the and neutrophils daycare")
    assert words[0] == "neutrophils" and "the" not in words
