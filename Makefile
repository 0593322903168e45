# planassist: `make run` serves the assistant, `make test` runs every test.
# Everything is installed here, into .venv and ~/.cache/planassist; nothing by hand.

VENV   := .venv
PY     := $(VENV)/bin/python
CLI    := $(VENV)/bin/planassist
STAMP  := $(VENV)/.installed-stamp
WHEELS := $(HOME)/.cache/planassist/wheels/portable
LLAMA  := llama-cpp-python==0.3.36
# llama.cpp built for any x86-64 with AVX2 (GGML_NATIVE=OFF), not for the build machine: a
# native build on an Intel Xeon with AVX-512 and AMX crashed (segmentation fault) at its
# first token. The wheel folder is named for the build, so an older native wheel is not reused.
LLAMA_CMAKE := -DGGML_NATIVE=OFF

# Models come from the package registry, never from a hub at run time.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: run install models index test test-fast eval eval-calibration eval-fresh calibrate eval-llm bench \
	bench-scale bench-load \
	lint format clean help \
	llm llm-install llm-start browser bench-hostile vectors apertium postgres redis bench-lexical

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)  ## create .venv with pinned dependencies (CPU torch)

models: install  ## fetch + verify the embedding model into ~/.cache/planassist
	$(CLI) models fetch

index: models  ## index corpus/ (only if missing or stale)
	$(CLI) ingest

run: apertium index  ## install everything, build the index, serve on http://127.0.0.1:8000
ifeq ($(PLANASSIST_LLM),local)
	$(MAKE) llm-start
endif
	$(CLI) serve

llm-install: $(VENV)/.llama-portable  ## build llama-cpp-python once (wheel cached in ~/.cache/planassist/wheels)

$(VENV)/.llama-portable: $(STAMP)
	ls $(WHEELS)/llama_cpp_python-*.whl >/dev/null 2>&1 || \
		CMAKE_ARGS="$(LLAMA_CMAKE)" $(PY) -m pip wheel --quiet --no-cache-dir --no-deps \
		-w $(WHEELS) $(LLAMA)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt \
		--find-links $(WHEELS) -e ".[dev,llm]"
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall \
		$(WHEELS)/llama_cpp_python-*.whl
	touch $@

llm-start: llm-install  ## fetch + verify the GGUF and start the local LLM server in the background
	$(CLI) llm serve --background

llm: llm-install  ## serve the local LLM in the foreground (OpenAI API on PLANASSIST_LLM_PORT)
	$(CLI) llm serve

apertium:  ## Debian's nynorsk→bokmål translator: nynorsk questions are searched in bokmål
	test -e /usr/share/apertium/modes/nno-nob.mode || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq apertium-nno-nob; } || \
		echo "apertium-nno-nob not installed: nynorsk questions are searched as written"

browser:  ## Debian's chromium for the browser tests (Playwright drives it; nothing downloaded)
	command -v chromium >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation; }

postgres:  ## Debian's PostgreSQL server: the storage tests run a throwaway cluster on loopback
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; }

redis:  ## Debian's redis-server for the ingest-queue tests (they start it on loopback themselves)
	command -v redis-server >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; }

oidc-provider: tests/oidc/node_modules/.package-lock.json  ## the OpenID provider for the OIDC tests (npm, pinned)

tests/oidc/node_modules/.package-lock.json: tests/oidc/package.json tests/oidc/package-lock.json
	command -v npm >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
	cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error

# Run a second time with every index's vectors on a real Chroma server (the same tests).
SERVER_TESTS := tests/api tests/ingest/test_pipeline.py tests/ingest/test_index_format.py \
	tests/assistant/test_coverage.py tests/assistant/test_context.py

test: index llm-install browser oidc-provider apertium postgres redis  ## the whole suite: real models, browser, OpenID provider, PostgreSQL, Chroma server, Redis
	$(PY) -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$status
	$(PY) -m pytest --vectors server $(SERVER_TESTS)

test-fast: install  ## the tests without the real models and servers (browser and PostgreSQL tests skip without them)
	$(PY) -m pytest -m "not slow and not llm and not servers"

eval: apertium index  ## the gate: the test part (never tuned on) with both baselines; see evaluation/thresholds.yaml
	$(CLI) eval --questions evaluation/questions/test.yaml --out evaluation/reports/test \
		--baseline naive --baseline bm25

eval-calibration: apertium index  ## the same on the calibration part (what thresholds and weights are fitted on)
	$(CLI) eval --questions evaluation/questions/calibration.yaml \
		--out evaluation/reports/calibration --baseline naive --baseline bm25

FRESH_SETS := fresh2 fresh fresh3 fresh4 fresh5 fresh6 sections laws

eval-fresh: apertium index  ## the same on the fresh sets (written by writers who saw neither system nor answers)
	for set in $(FRESH_SETS); do \
		$(CLI) eval --questions evaluation/questions/$$set.yaml \
			--out evaluation/reports/$$set --baseline naive --baseline bm25 || exit 1; \
	done

calibrate: apertium index  ## fit reranking weights and decline thresholds on the calibration questions only
	$(CLI) calibrate -q evaluation/questions/calibration.yaml -q evaluation/questions/dev.yaml \
		-q evaluation/questions/extra.yaml -q evaluation/questions/fresh.yaml

eval-llm: index llm-start  ## the dev questions answered by the local LLM
	PLANASSIST_LLM=local $(CLI) eval --questions evaluation/questions/test.yaml \
		--out evaluation/reports/test-llm --mode llm --thresholds evaluation/thresholds-llm.yaml

bench: index  ## print ingest/ask timings and memory
	$(PY) -m benchmarks.bench

bench-scale: index  ## 10k/100k synthetic chunks (1M projected), embedded vs Chroma server; ≤ 15 min
	$(PY) -m benchmarks.scale

bench-load: index  ## 20/50/100 users ask and chat against 2 API workers (locust, loopback), ingest meanwhile
	$(PY) -m benchmarks.load

bench-lexical: index  ## BM25 per API replica: load time and memory, bundled corpus and 100k chunks
	$(PY) -m benchmarks.lexical_replicas

bench-hostile: install  ## hostile input + API fuzzing; table in evaluation/reports/hostile/
	$(PY) -m pytest -q -p no:cacheprovider tests/hostile

vectors: index  ## rewrite corpus/vectors.npz (shipped vectors) from the embedding cache
	$(CLI) models export-vectors

lint: install  ## ruff lint + format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:  ## remove the index (models and the embedding cache stay in ~/.cache)
	rm -rf data
