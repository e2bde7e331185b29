# The two commands of the README: `make demo` and `make test`. Everything else is a helper.
# CMake presets (CMakePresets.json) hold the build settings; this file only drives them.

PACKAGES := g++ cmake ninja-build pkg-config make \
            libcli11-dev libfmt-dev libre2-dev libsqlitecpp-dev libsqlite3-dev doctest-dev \
            nlohmann-json3-dev libutf8proc-dev libgumbo-dev libpoppler-cpp-dev nettle-dev libmimalloc-dev \
            libzip-dev libpugixml-dev libxlsxwriter-dev help2man \
            libcairo2-dev libpango1.0-dev zlib1g-dev fonts-dejavu-core libkainjow-mustache-dev chromium \
            python3 python3-jsonschema python3-openpyxl sqlite3 sqlite-utils poppler-utils \
            zsh fish clang libclang-rt-14-dev lld
# Only `make bench` and `make bench-smoke` need these: peak RSS (/usr/bin/time -v), the
# callgrind profile, and PostgreSQL for the worked example of docs/scaling.md (bench/pg_example.sh).
BENCH_PACKAGES := time valgrind postgresql
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VETQ := build/release/apps/vetq/vetq

PREFIX ?= /usr/local

.PHONY: all build deps bench-deps test test-asan fuzz demo bench bench-smoke clean format \
        install package

all: build

# $(call install_missing,TARGET,PACKAGES): installs only the packages that are missing
# (dpkg -s), as root directly or through sudo.
define install_missing
	@missing=$$(for p in $(2); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "make $(1): installing" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "make $(1): all packages present"; fi
endef

deps:
	$(call install_missing,deps,$(PACKAGES))

bench-deps:
	$(call install_missing,bench-deps,$(BENCH_PACKAGES))

build:
	cmake --preset release >/dev/null
	cmake --build --preset release

# vetq in $(PREFIX)/bin, its PDF module in $(PREFIX)/lib/vetq, the man page, the bash, zsh and
# fish completions; DESTDIR stages it (make install DESTDIR=/tmp/stage PREFIX=/usr).
install: build
	DESTDIR="$(DESTDIR)" cmake --install build/release --prefix "$(PREFIX)"

# A .deb (CPack) in build/release/, its dependencies declared by dpkg-shlibdeps.
package: build
	cd build/release && cpack -G DEB

test: deps build
	ctest --preset release

test-asan: deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan
	ctest --preset asan

# Every parser under libFuzzer for FUZZ_SECONDS (default 50) each; part of CI.
fuzz: deps
	bash .ci/fuzz

demo: deps build
	$(VETQ) ingest samples/
	$(VETQ) query --country France

# The benchmark (bench/, not part of `make test`): ~20-30 min, ~6 GB under bench/out/; writes
# every table of bench/RESULTS.md (bench/run.sh: bench.py, scaling.py, vs_quick.py). bench-smoke: the same on 1000 pages in well under 2 min, and the records moved
# into PostgreSQL with the same counts (bench/pg_example.sh); part of CI.
bench: deps bench-deps build
	BENCH_COMMAND="make bench" VETQ="$(VETQ)" bench/run.sh

bench-smoke: deps bench-deps build
	VETQ="$(VETQ)" bench/smoke.sh

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf build
