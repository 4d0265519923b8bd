"""The narrative layer (layer 1½): what the 情况说明 says, read once for the checker and the writer.

Facts (amounts, percentages, years, counts, comparison words) and the claims built from them
(amount of a named subject, share, change from last year, 完成预算比例, comparison with the
budget, reason, counts, 类/款/项 explanations with what each was used for and why it differs from
its budget, each 三公 item's change, a coded 项's rate, reasons for a large difference, the units a
单位构成 sentence names, the parts of a 绩效 paragraph) are extracted here and nowhere else; ``check``
compares them with the tables (``check/narrative.py`` adds the table figures) and ``render``
recovers the writer's input from them (``render/derive.py``, ``render/derive_lines.py``: a mapping
and arithmetic, no sentence read there). The readers (``ingest``) build each
paragraph with :func:`juesuan.narrative.facts.make_paragraph`.
"""
