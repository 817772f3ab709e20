# Likvärd — every set-up step lives here, so a fresh machine needs only `make run` / `make test`.
SWIFT      ?= swift
SYSTEM_PKGS = libsqlite3-dev zlib1g-dev libpq-dev sqlite3 pkg-config gzip
TEST_PKGS   = chromium postgresql poppler-utils python3-prometheus-client
BIN         = .build/release/likvard

.PHONY: run test bench build deps test-deps install clean fuzz

## Install the system packages the build and tests need, when missing (apt-get, as root).
deps:
	@$(MAKE) --no-print-directory install PKGS="$(SYSTEM_PKGS)"

test-deps:
	@$(MAKE) --no-print-directory install PKGS="$(SYSTEM_PKGS) $(TEST_PKGS)"

install:
	@missing=""; for p in $(PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "missing system packages:$$missing — run: sudo apt-get install$$missing"; exit 1; fi; \
	fi

build: deps
	$(SWIFT) build -c release --product likvard

## The main job on the embedded demo.
## (The demo holds broken files on purpose: its run ends with exit 3, "files quarantined".)
run: build
	@$(BIN) run --demo || [ $$? -eq 3 ]

## Every test: unit, end-to-end (real binary, real SQLite, real gzip, real signals).
## LIKVARD_REQUIRE_TOOLS: the browser and PostgreSQL tests run or fail, never skip.
test: test-deps
	$(SWIFT) build --build-tests
	LIKVARD_REQUIRE_TOOLS=1 $(SWIFT) test --skip-build --parallel --num-workers 2

## Benchmarks (never timed tests): see docs/performance.md. BENCH_TEN_TIMES=1 adds the
## nightly run at ten times the rows (20M) to the same run, with a table of both sizes.
bench: build
	@$(MAKE) --no-print-directory install PKGS="time postgresql"
	@python3 -c "import duckdb" 2>/dev/null || pip install -q duckdb
	$(SWIFT) build -c release --product likvard-bench
	.build/release/likvard-bench $(if $(BENCH_SCALE),--scale $(BENCH_SCALE),) $(if $(BENCH_TEN_TIMES),--with-ten-times,)

## Fuzz the CSV reader and the gzip stream with libFuzzer + AddressSanitizer:
## make fuzz FUZZ_RUNS=1000000. New inputs go to .build/fuzz/corpus-*, crashes to .build/fuzz/.
FUZZ_RUNS    ?= 100000
FUZZ_TARGETS = csv-reader gzip
FUZZ_FLAGS   = -sanitize=fuzzer,address -O -parse-as-library -I Sources/CZlib -lz

fuzz: deps
	@mkdir -p .build/fuzz
	swiftc $(FUZZ_FLAGS) -module-name FuzzCSV Sources/LikvardIO/*.swift Fuzz/CSVReaderFuzz.swift -o .build/fuzz/csv-reader 2>&1 | grep -v "ld.gold: warning" || true
	swiftc $(FUZZ_FLAGS) -module-name FuzzGzip Sources/LikvardIO/*.swift Fuzz/GzipFuzz.swift -o .build/fuzz/gzip 2>&1 | grep -v "ld.gold: warning" || true
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p .build/fuzz/corpus-$$t; \
	  echo "fuzzing $$t: $(FUZZ_RUNS) runs"; \
	  .build/fuzz/$$t -runs=$(FUZZ_RUNS) -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix=.build/fuzz/$$t- .build/fuzz/corpus-$$t Fuzz/corpus/$$t || exit 1; \
	done

clean:
	rm -rf .build likvard-demo bench-data
