"""A rebuilt search index still finds published articles (they register again via a hook)."""

from carecommons.articles.models import Article
from carecommons.search import services as search
from carecommons.search.models import SearchDocument


def test_rebuild_brings_articles_back(at_state):
    question = at_state("published")
    article = Article.objects.get(question=question)
    SearchDocument.objects.filter(kind="article").delete()
    search.rebuild()
    assert SearchDocument.objects.filter(kind="article", object_id=article.pk).exists()


def test_rebuild_leaves_scheduled_articles_out(at_state):
    at_state("scheduled")
    search.rebuild()
    assert not SearchDocument.objects.filter(kind="article").exists()
