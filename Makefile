# The two commands of the README: `make run` and `make test`. Both install what is missing first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLE := resources/examples/jiangsu-suzhou-2024.jixiao

.PHONY: run test test-fast fuzz install system-deps bench screenshots dist deb clean

# pip and setuptools write to a log, shown only when they fail (their warnings fill screens).
$(STAMP): pyproject.toml
	scripts/bootstrap-venv "$(PYTHON)" "$(VENV)"
	@echo "安装 Python 软件包（记录在 $(VENV)/pip.log）……"
	@{ $(BIN)/python -m pip install --quiet --upgrade pip && \
	   $(BIN)/python -m pip install --quiet -e '.[dev]'; } > $(VENV)/pip.log 2>&1 || \
	 { cat $(VENV)/pip.log; echo "安装 Python 软件包失败（见上方输出）。" >&2; exit 1; }
	touch $(STAMP)

install: $(STAMP)

system-deps:
	scripts/system-deps

run: install system-deps
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		$(BIN)/jixiao $(EXAMPLE); \
	else \
		echo "没有图形显示环境（DISPLAY 未设置），无法打开窗口；改为导出示例文档到 out/："; \
		$(BIN)/jixiao-cli show $(EXAMPLE) && \
		QT_QPA_PLATFORM=offscreen $(BIN)/jixiao-cli export $(EXAMPLE) -o out --force; \
	fi

# One worker per core, a test file per worker at a time (a file's fixtures are built once).
test: install system-deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n auto --dist loadfile

# Everything but the slow-marked suites, for a quick loop while editing.
test-fast: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n auto --dist loadfile -m "not slow"

# A bigger fuzz campaign than the suite's: mutated workbooks and project files, exit 0–2 only.
# Another seed: JIXIAO_FUZZ_SEED=N make fuzz.
fuzz: install
	JIXIAO_FUZZ_CASES=$${JIXIAO_FUZZ_CASES:-20000} QT_QPA_PLATFORM=offscreen \
		$(BIN)/python -m pytest -q -p no:randomly tests/e2e/test_fuzz_inputs.py

bench: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.editor
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.library
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.startup

# First pages of every example's exports, for docs/screenshots (look at each one).
screenshots: install system-deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py

# The desktop build: dist/jixiao/ with jixiao (GUI) and jixiao-cli, run on the build's own OS.
dist: install
	$(BIN)/pyinstaller build.spec --noconfirm --distpath dist --workpath build
	@du -sh dist/jixiao

# The Debian package dist/jixiao_<version>_amd64.deb, made from that build (scripts/build_deb.py):
# `sudo apt install ./dist/jixiao_*.deb`. It needs dpkg-dev and the libraries it declares.
deb: dist
	$(BIN)/python scripts/build_deb.py dist/jixiao --out dist

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
