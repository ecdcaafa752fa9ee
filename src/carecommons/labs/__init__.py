"""The blood count companion's engine: pure Python, no Django.

Reads blood counts as people and lab reports write them, derives absolute counts, applies the
rules of ``clinical-rules.json`` (sources in clinical-reference.md) and explains the results as
education, never as a diagnosis. Entry points:

* :func:`carecommons.labs.engine.interpret` — one case in, every derived fact out;
* :func:`carecommons.labs.report.parse_report` — pasted report text, understood line by line;
* :func:`carecommons.labs.mentions.find_mentions` — lab values mentioned in a post;
* :func:`carecommons.labs.cycles.detect_cyclic_pattern` — lows about three weeks apart;
* :mod:`carecommons.labs.cli` — ``carecommons labs interpret|mentions``.
"""
