"""The catalogue of rules, one module per bundle. Importing this package registers them all.

- ``table`` (TB) 表内 — identities inside one table
- ``cross`` (XT) 表间 — identities between tables
- ``text`` (TX) 文表 — the narrative against the tables
- ``codes`` (KM) 科目编码 — format, hierarchy, names, editions
- ``three_public`` (SG) “三公”经费 — disclosures and consistency
- ``performance`` (JX) 绩效 — the self-evaluation tables and what the narrative says of them
- ``consistency`` (YZ) 一致性 — years, names, titles, placeholders, wording
- ``completeness`` (CP) 完整性 — required tables, sections, statements, terms
- ``culprit`` (CU) 错数定位 — the figure to fix when identities fail (runs after all others)
- ``documents`` (KW) 跨文档 — against last year's report and the units' 单位决算 (needs a history)
"""

from juesuan.check.rules import codes, completeness, consistency, cross, culprit, documents, performance, table, text, three_public  # noqa: F401
