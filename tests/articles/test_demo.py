"""The column's demo content loads through the services, every stage present, idempotent."""

from __future__ import annotations

from carecommons.articles.models import Article, Question
from carecommons.demo import loader


def test_demo_has_every_stage_and_loads_once(db):
    report = loader.load()
    assert any(line.startswith("articles:") for line in report.extras)
    states = set(Question.objects.values_list("state", flat=True))
    assert states >= {
        "unconfirmed",
        "submitted",
        "triaged",
        "assigned",
        "answered",
        "edited",
        "declined",
        "withdrawn",
        "scheduled",
        "published",
    }
    titles = list(Article.objects.values_list("title", flat=True))
    assert len(titles) >= 3
    assert any("310" in title for title in titles)
    toddler = Article.objects.get(title__contains="310")
    assert "38.0 °C (100.4 °F)" in toddler.answer and "1,500" in toddler.answer
    assert toddler.discussion is not None and toddler.discussion.is_published
    # Anonymised: the child's name and the practice never reach the article.
    assert "Toby" not in toddler.question_text and "Riverside" not in toddler.question_text
    counts = (Question.objects.count(), Article.objects.count())
    second = loader.load()
    assert not any(line.startswith("articles:") for line in second.extras)
    assert (Question.objects.count(), Article.objects.count()) == counts
