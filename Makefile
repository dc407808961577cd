# validate: static stack and CFI validator for arm64 ELF objects.
#
#   make              build tools/validate/validate
#   make check        unit, fixture and real-object tests, plain and under ASan+UBSan
#   make check-fast   the same without the sanitizer build and the real corpora

CC       ?= cc
PKGS     := libelf libdw capstone
CFLAGS   ?= -O2 -g
WARN     := -Wall -Wextra -Werror
CPPFLAGS := -D_GNU_SOURCE -Iinclude $(shell pkg-config --cflags $(PKGS))
# Capstone is dlopen()ed when a message first needs it (disasm.c); only the
# oracle, which compares with it word by word, links it.
# libdw (source lines) is dlopen()ed too, for the objects with findings
# that have a line table (source.c): only its headers are needed here.
LDLIBS   := $(shell pkg-config --libs libelf) -ldl -pthread
ORACLE_LIBS := $(shell pkg-config --libs capstone)
CHECK_LIBS := $(shell pkg-config --libs check)

LIB_SRCS := \
	tools/validate/run.c \
	tools/validate/pool.c \
	tools/validate/validate.c \
	tools/validate/stages.c \
	tools/validate/elf.c \
	tools/validate/kinds.c \
	tools/validate/special.c \
	tools/validate/alt.c \
	tools/validate/anon.c \
	tools/validate/model.c \
	tools/validate/edges.c \
	tools/validate/target.c \
	tools/validate/noreturn.c \
	tools/validate/entries.c \
	tools/validate/hints.c \
	tools/validate/jumptable.c \
	tools/validate/cfi.c \
	tools/validate/probe.c \
	tools/validate/walk.c \
	tools/validate/walksplit.c \
	tools/validate/par.c \
	tools/validate/dwarf.c \
	tools/validate/rowmatch.c \
	tools/validate/dwarfcheck.c \
	tools/validate/rastate.c \
	tools/validate/bti.c \
	tools/validate/sframecheck.c \
	tools/validate/sframegen.c \
	tools/validate/sframe.c \
	tools/validate/sframewrite.c \
	tools/validate/lsda.c \
	tools/validate/finding.c \
	tools/validate/fingerprint.c \
	tools/validate/source.c \
	tools/validate/report.c \
	tools/validate/check.c \
	tools/validate/outfile.c \
	tools/validate/jsonread.c \
	tools/validate/baseline.c \
	tools/validate/summary.c \
	tools/validate/sarif.c \
	tools/validate/gate.c \
	arch/arm64/policy.c \
	arch/arm64/decode/decode.c \
	arch/arm64/decode/value.c \
	arch/arm64/decode/disasm.c
MAIN_SRC := tools/validate/main.c
HEADERS  := $(wildcard include/validate/*.h tools/validate/*.h arch/arm64/*.h \
	      arch/arm64/decode/*.h)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)

# Two builds side by side: plain, and with AddressSanitizer + UBSan.
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	     -fno-omit-frame-pointer

# and ThreadSanitizer for -j (tests/run-jobs.sh)
TSAN_FLAGS := -O1 -g -fsanitize=thread

BIN       := tools/validate/validate
VCC       := tools/validate/validate-cc
SAN_BIN   := build/asan/validate
TSAN_BIN  := build/tsan/validate
UNIT      := build/plain/unit-tests
SAN_UNIT  := build/asan/unit-tests

ifeq ($(V),1)
Q :=
else
Q := @
endif

all: $(BIN) $(VCC)

build/plain/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -c -o $@ $<

build/asan/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC/SAN  $<")
	$(Q)$(CC) $(CPPFLAGS) $(SAN_FLAGS) $(WARN) -c -o $@ $<

build/tsan/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC/TSAN $<")
	$(Q)$(CC) $(CPPFLAGS) $(TSAN_FLAGS) $(WARN) -c -o $@ $<

# the registry test reads Documentation/ and tests/fixtures/ of this tree
build/plain/tests/unit/test_registry.o build/asan/tests/unit/test_registry.o: \
	CPPFLAGS += -DSRCDIR='"$(CURDIR)"'

# SARIF (sarif.c): each rule's full description is the first paragraph of
# its section of checks.md, and its help link that section; DOC_URI is where
# checks.md is read (make DOC_URI=https://.../checks.md for a hosted copy).
DOC_URI ?= file://$(CURDIR)/Documentation/checks.md
VERSION ?= 0+$(shell git -C $(CURDIR) rev-parse --short HEAD 2> /dev/null || echo unknown)

build/gen/checkdocs.h: Documentation/checks.md tools/validate/checkdocs.awk
	@mkdir -p $(dir $@)
	$(Q)awk -f tools/validate/checkdocs.awk $< > $@.tmp && mv $@.tmp $@

# the decoder's first step (form.h's a64_form()): the rows of forms.h left
# to try for each value of a word's top bits, computed from forms.h
build/gen/a64_form_table.h: arch/arm64/decode/gen-form-table.c \
		arch/arm64/decode/form.h arch/arm64/decode/forms.h
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o build/gen/gen-form-table $<
	$(Q)build/gen/gen-form-table > $@.tmp && mv $@.tmp $@

FORM_OBJS := $(foreach b,plain asan tsan fuzz,$(foreach f,decode value,\
	build/$(b)/arch/arm64/decode/$(f).o) build/$(b)/tests/unit/test_decode.o)
$(FORM_OBJS): build/gen/a64_form_table.h
$(FORM_OBJS): CPPFLAGS += -Ibuild/gen

SARIF_OBJS := $(foreach b,plain asan tsan fuzz,build/$(b)/tools/validate/sarif.o)
$(SARIF_OBJS): build/gen/checkdocs.h
$(SARIF_OBJS): CPPFLAGS += -Ibuild/gen -DDOC_URI='"$(DOC_URI)"' \
		    -DVALIDATE_VERSION='"$(VERSION)"'

LIB_OBJS     := $(LIB_SRCS:%.c=build/plain/%.o)
SAN_LIB_OBJS := $(LIB_SRCS:%.c=build/asan/%.o)
TSAN_LIB_OBJS := $(LIB_SRCS:%.c=build/tsan/%.o)

$(BIN): $(LIB_OBJS) build/plain/$(MAIN_SRC:.c=.o)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(SAN_BIN): $(SAN_LIB_OBJS) build/asan/$(MAIN_SRC:.c=.o)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(LDLIBS)

$(TSAN_BIN): $(TSAN_LIB_OBJS) build/tsan/$(MAIN_SRC:.c=.o)
	$(CC) $(TSAN_FLAGS) -o $@ $^ $(LDLIBS)

$(UNIT): $(LIB_OBJS) $(UNIT_SRCS:%.c=build/plain/%.o)
	$(CC) $(CFLAGS) -o $@ $^ $(CHECK_LIBS) $(LDLIBS)

$(SAN_UNIT): $(SAN_LIB_OBJS) $(UNIT_SRCS:%.c=build/asan/%.o)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(CHECK_LIBS) $(LDLIBS)

build/plain/oracle: build/plain/tests/oracle/oracle.o $(LIB_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS) $(ORACLE_LIBS)

# where GNU as's .sframe and .eh_frame of the same directives part
GASDIFF := build/plain/gasdiff
$(GASDIFF): build/plain/tests/sframe/gasdiff.o $(LIB_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

check-unit: $(UNIT) $(SAN_UNIT)
	$(UNIT)
	$(SAN_UNIT)

check-fixtures: $(BIN) $(SAN_BIN) $(GASDIFF)
	tests/run-fixtures.sh $(BIN)
	tests/run-fixtures.sh $(SAN_BIN)
	tests/run-inputs.sh $(BIN)
	tests/run-inputs.sh $(SAN_BIN)
	tests/run-badinput.sh $(BIN)
	tests/run-badinput.sh $(SAN_BIN)

check-real: $(BIN) $(SAN_BIN) build/plain/oracle
	tests/real/run.sh $(BIN) $(SAN_BIN) build/plain/oracle
	tests/real/sframe.sh $(BIN) $(SAN_BIN)

# the analysis files call downwards only, never in a circle
check-layers: $(BIN)
	python3 tests/layers.py build/plain $(LIB_SRCS) $(MAIN_SRC)

check-fast: $(BIN) $(UNIT) $(GASDIFF) check-layers
	$(UNIT)
	tests/run-fixtures.sh $(BIN)

# the CI gate (Documentation/gate.md): source lines, the baseline, the
# readiness summary, SARIF through Microsoft's SARIF Multitool (the fixtures'
# and the 992 modules'); the sanitizer build over the fixtures
check-gate: $(BIN) $(SAN_BIN)
	tests/run-gate.sh $(BIN)
	tests/run-gate.sh $(SAN_BIN) --fixtures

# annotations (Documentation/annotations.md): from C with GCC and clang, the
# listings, the section through ld -r and a kernel-style final link; then
# Linux 6.1's arm64 assembly built with and without contrib/linux-6.1/
# (cached in ~/.cache/validate/annotate: 1-3 minutes cold, seconds warm)
check-annotate: $(BIN) $(SAN_BIN)
	tests/annotate/run.sh $(BIN)
	tests/annotate/run.sh $(SAN_BIN)

check-kernel-hints: $(BIN) $(SAN_BIN)
	tests/annotate/kernel.sh $(BIN) $(SAN_BIN)

# -j (tests/run-jobs.sh): the same bytes as one thread, under
# ThreadSanitizer too, over the fixtures and Debian's 992 modules
check-jobs: $(BIN) $(SAN_BIN) $(TSAN_BIN)
	tests/run-jobs.sh $(BIN) $$(tests/real/fetch.sh modules)
	tests/run-jobs.sh $(SAN_BIN)
	tests/run-jobs.sh $(TSAN_BIN) $$(tests/real/fetch.sh modules)

check: check-layers check-unit check-fixtures check-real check-gate check-fuzz \
	check-annotate check-kernel-hints check-kbuild check-jobs

sample: $(BIN)
	tests/sample.sh $(BIN)

clean:
	rm -rf build $(BIN) $(VCC)

.PHONY: all check check-layers check-unit check-fixtures check-real check-gate check-fast sample clean
.PHONY: check-annotate check-kernel-hints check-jobs

# validate-cc ---------------------------------------------------------------
# The compiler wrapper for kernel builds (Documentation/kbuild.md), install,
# and its tests:
#   make tools/validate/validate-cc
#   make install [PREFIX=/usr/local] [DESTDIR=]
#   make check-kbuild   argument tests with a fake compiler and validator,
#                       then a real Linux 6.1 tree built through the wrapper
# Linked statically when the C library allows: a process start is most of
# what the wrapper costs a compile.
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
VCC_STATIC = $(shell echo 'int main(void){return 0;}' | \
	$(CC) -static -x c -o /dev/null - 2> /dev/null && echo -static)

# The machine it checks for comes from the arch (policy.c, libc only).
$(VCC): tools/validate/validate-cc.c arch/arm64/policy.c $(HEADERS)
	$(CC) $(CFLAGS) $(WARN) -D_GNU_SOURCE -Iinclude $(VCC_STATIC) -o $@ \
		tools/validate/validate-cc.c arch/arm64/policy.c

install: $(BIN) $(VCC)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BIN) $(VCC) $(DESTDIR)$(BINDIR)/
	install -m 644 Documentation/validate.1 Documentation/validate-cc.1 \
		$(DESTDIR)$(MANDIR)/man1/

check-kbuild: $(BIN) $(VCC)
	tests/validate-cc/args.sh $(VCC)
	tests/validate-cc/kbuild.sh $(VCC)

.PHONY: install check-kbuild
# end of validate-cc ---------------------------------------------------------
# The fuzzer (tests/fuzz/README.md): libFuzzer with ASan and UBSan, built
# by clang-19 (libclang-rt-19-dev).  make check replays the regressions and
# fuzzes for FUZZ_CHECK_SECONDS; make fuzz for FUZZ_SECONDS.
FUZZ_CC      := clang-19
FUZZ_FLAGS   := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_BIN     := build/fuzz/fuzz
FUZZ_SECONDS ?= 600
FUZZ_CHECK_SECONDS ?= 120
FUZZ_OBJS    := $(LIB_SRCS:%.c=build/fuzz/%.o) build/fuzz/tests/fuzz/fuzz.o

build/fuzz/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC/FUZZ $<")
	$(Q)$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(WARN) \
		-Wno-missing-field-initializers -c -o $@ $<

$(FUZZ_BIN): $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

fuzz-seeds:
	tests/fuzz/seeds.sh build/fuzz/seeds

fuzz: $(FUZZ_BIN) fuzz-seeds
	tests/fuzz/run.sh $(FUZZ_BIN) $(FUZZ_SECONDS)

check-fuzz: $(FUZZ_BIN) fuzz-seeds
	tests/fuzz/run.sh $(FUZZ_BIN) $(FUZZ_CHECK_SECONDS)

.PHONY: fuzz fuzz-seeds check-fuzz
