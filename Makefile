# juesuan — two commands do all set-up on a fresh machine:
#   make demo   create the environment, install, run the main job on the seed, write out/
#   make test   install what the tests need, run ruff, mypy, the import contract and pytest
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
SHARED  ?= ../shared
SEED    ?= $(SHARED)/seed/000_47ca208ed1e3cbfe.txt
SAMPLE_PDF ?= $(SHARED)/corpus/sh-putuo-guihuaziyuanju-2024-dept-final.pdf
OUT     ?= out
STAMP   := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: demo test lint typecheck contracts unit docs clean install fonts office chromium bytecode

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP) bytecode

# compile juesuan's modules once at install, so that no command compiles them at start-up (where
# PYTHONDONTWRITEBYTECODE is set, Python would otherwise compile every module on every run), and
# keep the parsed and the validated built-in profiles beside them (juesuan/profiles/parsed.py,
# registry.py) for the same reason, and the bundled catalogue and its typo index (juesuan/classification,
# juesuan/check/typos.py), and the dataclass methods and regular expressions a check
# compiles (juesuan/compiled.py: imported, then checks of the seed and a PDF where they are there)
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q -j 0 src >/dev/null
	@$(BIN)/python -c "from juesuan.profiles.parsed import keep_all; from juesuan.profiles.registry import make_cache; from juesuan.check.typos import keep_index; keep_all(); make_cache(); keep_index()"
	@$(BIN)/python -c "import sys; from juesuan.compiled import make_cache; make_cache(sys.argv[1:])" $(wildcard $(SEED) $(SAMPLE_PDF))

# PDF output embeds a Chinese font: install Noto CJK when fontconfig knows none (needs root + apt)
fonts:
	@if command -v fc-list >/dev/null 2>&1 && [ -n "$$(fc-list :lang=zh family 2>/dev/null)" ]; then :; \
	elif command -v apt-get >/dev/null 2>&1; then \
		echo "安装中文字体 fonts-noto-cjk（生成 PDF 需要）"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk fontconfig >/dev/null) \
		|| echo "警告：无法安装 fonts-noto-cjk，PDF 将无法生成"; \
	else echo "警告：没有中文字体，也没有 apt-get；请自行安装 Noto CJK 字体"; fi

# The DOCX tests convert the Word file to PDF in LibreOffice (its TOC updated through python3-uno):
# install them when soffice is missing (needs root + apt; the tests skip where neither is there)
office:
	@if command -v soffice >/dev/null 2>&1 && /usr/bin/python3 -c "import uno" >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1; then \
		echo "安装 LibreOffice（Word 文件转 PDF 的测试需要）"; \
		apt-get update -qq && (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui python3-uno >/dev/null \
		|| DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer python3-uno >/dev/null) \
		|| echo "警告：无法安装 LibreOffice，Word 文件转 PDF 的测试将跳过"; \
	else echo "警告：没有 LibreOffice，也没有 apt-get；Word 文件转 PDF 的测试将跳过"; fi

# the web app's browser test drives Debian's Chromium (Playwright's own browsers are never downloaded)
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif command -v apt-get >/dev/null 2>&1; then \
		echo "安装 Chromium（网页版的浏览器测试需要）"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "警告：无法安装 chromium，网页版的浏览器测试将跳过"; \
	else echo "警告：没有 /usr/bin/chromium，也没有 apt-get；网页版的浏览器测试将跳过"; fi

demo: $(STAMP) bytecode fonts
	@mkdir -p $(OUT)
	$(BIN)/juesuan parse $(SEED) -o $(OUT)/report.json
	$(BIN)/juesuan parse $(OUT)/report.json -o $(OUT)/report.yaml --quiet
	$(BIN)/juesuan parse $(SEED) --format cells -o $(OUT)/cells.csv --quiet
	@# the seed has real errors, so check exits 1; only 2 (unreadable) or a crash stops the demo
	$(BIN)/juesuan check $(SEED) --format html -o $(OUT)/check.html; test $$? -le 1
	$(BIN)/juesuan check $(SEED) --format json -o $(OUT)/check.json; test $$? -le 1
	$(BIN)/juesuan check $(SEED) --no-info > $(OUT)/check.txt; test $$? -le 1
	@# the seed carries its own data slips (a 2025 date in a 年度目标, 朝阳区 in two 自评表): render refuses it
	@# and says where; --force writes the document anyway, marked 草稿 on every page
	$(BIN)/juesuan render $(OUT)/report.json --to all -o $(OUT)/document --force
	$(BIN)/juesuan template -o $(OUT)/部门决算填报模板.xlsx
	@echo "输出在 $(OUT)/ 下：report.json report.yaml cells.csv check.html check.json check.txt document/（md html docx xlsx pdf）部门决算填报模板.xlsx"

test: $(STAMP) bytecode fonts office chromium
	$(BIN)/ruff check src tests $(wildcard benchmarks scripts)
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest

docs: $(STAMP)
	$(BIN)/juesuan schema -o docs/report.schema.json
	$(BIN)/juesuan rules --markdown -o docs/rules.md

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache
