"""The narrative layer (layer 1½): what the 情况说明 says, read once for the checker and the writer.

Facts (amounts, percentages, years, counts, comparison words) and the claims built from them
(amount of a named subject, share, change from last year, 完成预算比例, comparison with the
budget, reason, counts, 类/款/项 explanations) are extracted here and nowhere else; ``check``
compares them with the tables (``check/narrative.py`` adds the table figures) and ``render``
recovers the writer's input from them (``render/derive.py``). The readers (``ingest``) build each
paragraph with :func:`juesuan.narrative.facts.make_paragraph`.
"""
