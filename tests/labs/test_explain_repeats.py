from carecommons.labs.explain import explain_post


def test_the_same_value_named_twice_is_explained_once_quoting_both():
    text = "His ANC is 310. The absolute neutrophil count of 310 worries me."
    explained = explain_post(text)
    neutrophil = [
        e for e in explained.explanations if e.mentions[0].analyte in ("ANC", "neutrophils")
    ]
    assert len(neutrophil) == 1
    assert len(neutrophil[0].mentions) == 2


def test_different_values_keep_their_own_explanations():
    explained = explain_post("ANC 310 in June, ANC 1,200 in August.")
    assert len(explained.explanations) == 2
