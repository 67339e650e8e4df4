# Makefile for the toolkit's tests, examples, demo and benchmarks.
# The headers need no build: this file only serves tests/, examples/, bench/.
#
#   make test          tests, double, built-in kernels, gcc, strict C99
#   make test-float    tests in the float build (-DLA_REAL=float)
#   make test-clang    tests with clang
#   make test-cxx      tests compiled as C++ (g++)
#   make test-blas     tests with LA_USE_CBLAS + LA_USE_LAPACKE (OpenBLAS)
#   make test-lapacke  tests with LA_USE_LAPACKE alone (built-in kernels)
#   make test-native   tests with -O3 -march=native (the intrinsics micro-kernels)
#   make sanitize      tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   make examples      build and run every example
#   make plots         Newton vs BFGS convergence as a PNG (needs gnuplot)
#   make demo          a short tour of the toolkit
#   make bench         benchmarks beside the peer libraries (needs them installed)
#   make embedded      cross-compile the embedded example for a Cortex-M4
#   make check-all     all of the above but bench
#
# T=<name> runs only the test cases whose name contains <name>.
# TEST_JOBS (default -j2) compiles a test build's files in parallel.

HEADERS  := linalg.h sparse.h opt.h
WARN     := -Wall -Wextra -pedantic -Werror
TEST_SRC := $(wildcard tests/*.c)
TEST_HDR := $(wildcard tests/*.h)
OPENBLAS_INC := $(firstword $(wildcard /usr/include/x86_64-linux-gnu/openblas-pthread /usr/include/openblas /usr/include/x86_64-linux-gnu))
BLAS_LIBS := -llapacke -lopenblas
TEST_JOBS ?= -j2

.PHONY: test test-float test-clang test-cxx test-blas test-lapacke test-native sanitize examples plots demo bench \
        embedded check-all clean tests-run

test:
	@$(MAKE) $(TEST_JOBS) --no-print-directory tests-run BUILD=build/test CC=gcc \
	    CFLAGS="-std=c99 $(WARN) -O2 -g" LDLIBS="-lm"

test-float:
	@$(MAKE) $(TEST_JOBS) --no-print-directory tests-run BUILD=build/float CC=gcc \
	    CFLAGS="-std=c99 $(WARN) -O2 -g -DLA_REAL=float" LDLIBS="-lm"

test-clang:
	@$(MAKE) $(TEST_JOBS) --no-print-directory tests-run BUILD=build/clang CC=clang \
	    CFLAGS="-std=c99 $(WARN) -O2 -g" LDLIBS="-lm"

test-cxx:
	@$(MAKE) $(TEST_JOBS) --no-print-directory tests-run BUILD=build/cxx CC=g++ \
	    CFLAGS="-x c++ -std=c++11 $(WARN) -O2 -g" LDLIBS="-lm"

test-blas:
	@$(MAKE) $(TEST_JOBS) --no-print-directory tests-run BUILD=build/blas CC=gcc \
	    CFLAGS="-std=c99 $(WARN) -O2 -g -DLA_USE_CBLAS -DLA_USE_LAPACKE -I$(OPENBLAS_INC)" \
	    LDLIBS="$(BLAS_LIBS) -lm" RUNENV="OPENBLAS_NUM_THREADS=1"

test-native:
	@$(MAKE) $(TEST_JOBS) --no-print-directory tests-run BUILD=build/native CC=gcc \
	    CFLAGS="-std=c99 $(WARN) -O3 -g -march=native" LDLIBS="-lm"

test-lapacke:
	@$(MAKE) $(TEST_JOBS) --no-print-directory tests-run BUILD=build/lapacke CC=gcc \
	    CFLAGS="-std=c99 $(WARN) -O2 -g -DLA_USE_LAPACKE -I$(OPENBLAS_INC)" \
	    LDLIBS="$(BLAS_LIBS) -lm" RUNENV="OPENBLAS_NUM_THREADS=1"

sanitize:
	@$(MAKE) $(TEST_JOBS) --no-print-directory tests-run BUILD=build/sanitize CC=gcc \
	    CFLAGS="-std=c99 $(WARN) -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" LDLIBS="-lm" \
	    RUNENV="ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1"

check-all: test test-float test-clang test-cxx test-blas test-lapacke test-native sanitize examples demo embedded

# ---- the test build of one configuration (BUILD, CC, CFLAGS, LDLIBS) ----
ifdef BUILD
TEST_OBJ := $(patsubst tests/%.c,$(BUILD)/%.o,$(TEST_SRC))

tests-run: $(BUILD)/run_tests
	$(RUNENV) ./$(BUILD)/run_tests $(T)

$(BUILD)/run_tests: $(TEST_OBJ)
	$(CC) $(LDFLAGS) -o $@ $(TEST_OBJ) $(LDLIBS)

$(BUILD)/registry.h: $(wildcard tests/test_*.c) | $(BUILD)
	grep -h '^TEST(' $(wildcard tests/test_*.c) /dev/null | \
	    sed -e 's/^TEST(\([A-Za-z0-9_]*\)).*/TH_CASE(\1)/' > $@

$(BUILD)/%.o: tests/%.c $(HEADERS) $(TEST_HDR) $(BUILD)/registry.h | $(BUILD)
	$(CC) $(CFLAGS) -I. -Itests -I$(BUILD) -c $< -o $@

$(BUILD):
	mkdir -p $@
endif

# ---- examples and demo ----
EX_SRC := $(filter-out examples/embedded_%.c,$(wildcard examples/*.c))
EX_BIN := $(patsubst examples/%.c,build/examples/%,$(EX_SRC))

build/examples/%: examples/%.c $(HEADERS) | build/examples
	gcc -std=c99 $(WARN) -O2 -I. -o $@ $< -lm

build/examples:
	mkdir -p $@

examples: $(EX_BIN)
	@for e in $(EX_BIN); do echo "== $$e"; ./$$e || exit 1; done

plots: build/examples/newton_vs_bfgs
	@if command -v gnuplot >/dev/null 2>&1; then \
	    mkdir -p build/plots && \
	    ./build/examples/newton_vs_bfgs build/plots/newton_vs_bfgs.dat >/dev/null && \
	    gnuplot -e "set terminal png size 800,500; set output 'build/plots/newton_vs_bfgs.png'; \
	        set logscale y; set xlabel 'iteration'; set ylabel 'gradient norm (max abs)'; \
	        set title 'Extended Rosenbrock, n = 20'; \
	        plot 'build/plots/newton_vs_bfgs.dat' using 1:2 with linespoints title 'Newton', \
	             '' using 1:3 with linespoints title 'BFGS'" && \
	    echo "wrote build/plots/newton_vs_bfgs.png"; \
	else \
	    echo "gnuplot not found: skipping plots"; \
	fi

demo: build/examples/demo
	@./build/examples/demo

# ---- embedded: float, no malloc, static arena, Cortex-M4 ----
ARM_CC := arm-none-eabi-gcc
ARM_FLAGS := -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -Os \
             -ffunction-sections -fdata-sections -std=c99 $(WARN)

embedded: examples/embedded_cortexm4.c $(HEADERS) | build/examples
	@for h in LA:linalg SP:sparse OPT:opt; do \
	    printf '#define %s_IMPLEMENTATION\n#include "%s.h"\nint main(void) { return 0; }\n' \
	        $${h%%:*} $${h#*:} > build/examples/header_$${h#*:}.c; \
	    $(ARM_CC) $(ARM_FLAGS) -DLA_REAL=float -DLA_NO_MALLOC -DLA_NO_STDIO -I. -fsyntax-only \
	        build/examples/header_$${h#*:}.c || exit 1; \
	done; echo "linalg.h, sparse.h, opt.h compile for the Cortex-M4 (float, no malloc, no stdio)"
	$(ARM_CC) $(ARM_FLAGS) -I. -o build/examples/embedded_cortexm4.elf examples/embedded_cortexm4.c \
	    --specs=nosys.specs -Wl,--gc-sections -lm
	@arm-none-eabi-size build/examples/embedded_cortexm4.elf
	@gcc -std=c99 $(WARN) -O2 -I. -o build/examples/embedded_host examples/embedded_cortexm4.c -lm && \
	    ./build/examples/embedded_host && echo "the same program on the host: results correct, arena large enough"
	@arm-none-eabi-nm --size-sort -S -t d build/examples/embedded_cortexm4.elf | \
	    awk '($$3 == "T" || $$3 == "t") && $$4 ~ /^la_/ {n += $$2; print "  " $$4 ": " $$2 + 0 " bytes"} \
	         END {print "library code pulled in: " n + 0 " bytes of text"}'

# ---- benchmarks (peers from Debian packages; see bench/README.md) ----
bench:
	@$(MAKE) --no-print-directory -C bench run

clean:
	rm -rf build
	@$(MAKE) --no-print-directory -C bench clean 2>/dev/null || true
