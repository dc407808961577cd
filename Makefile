# validate: static stack and CFI validator for arm64 ELF objects.
#
#   make              build tools/validate/validate
#   make check        unit, fixture and real-object tests, plain and under ASan+UBSan
#   make check-fast   the same without the sanitizer build and the real corpora

CC       ?= cc
PKGS     := libelf capstone
CFLAGS   ?= -O2 -g
WARN     := -Wall -Wextra -Werror
CPPFLAGS := -D_GNU_SOURCE -Iinclude $(shell pkg-config --cflags $(PKGS))
# Capstone is dlopen()ed when a message first needs it (disasm.c); only the
# oracle, which compares with it word by word, links it.
LDLIBS   := $(shell pkg-config --libs libelf) -ldl
ORACLE_LIBS := $(shell pkg-config --libs capstone)
CHECK_LIBS := $(shell pkg-config --libs check)

LIB_SRCS := \
	tools/validate/run.c \
	tools/validate/validate.c \
	tools/validate/elf.c \
	tools/validate/special.c \
	tools/validate/alt.c \
	tools/validate/anon.c \
	tools/validate/model.c \
	tools/validate/edges.c \
	tools/validate/target.c \
	tools/validate/noreturn.c \
	tools/validate/entries.c \
	tools/validate/jumptable.c \
	tools/validate/cfi.c \
	tools/validate/probe.c \
	tools/validate/walk.c \
	tools/validate/dwarf.c \
	tools/validate/dwarfcheck.c \
	tools/validate/lsda.c \
	tools/validate/finding.c \
	tools/validate/report.c \
	tools/validate/check.c \
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

BIN       := tools/validate/validate
SAN_BIN   := build/asan/validate
UNIT      := build/plain/unit-tests
SAN_UNIT  := build/asan/unit-tests

ifeq ($(V),1)
Q :=
else
Q := @
endif

all: $(BIN)

build/plain/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -c -o $@ $<

build/asan/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC/SAN  $<")
	$(Q)$(CC) $(CPPFLAGS) $(SAN_FLAGS) $(WARN) -c -o $@ $<

# the registry test reads Documentation/ and tests/fixtures/ of this tree
build/plain/tests/unit/test_registry.o build/asan/tests/unit/test_registry.o: \
	CPPFLAGS += -DSRCDIR='"$(CURDIR)"'

LIB_OBJS     := $(LIB_SRCS:%.c=build/plain/%.o)
SAN_LIB_OBJS := $(LIB_SRCS:%.c=build/asan/%.o)

$(BIN): $(LIB_OBJS) build/plain/$(MAIN_SRC:.c=.o)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(SAN_BIN): $(SAN_LIB_OBJS) build/asan/$(MAIN_SRC:.c=.o)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(LDLIBS)

$(UNIT): $(LIB_OBJS) $(UNIT_SRCS:%.c=build/plain/%.o)
	$(CC) $(CFLAGS) -o $@ $^ $(CHECK_LIBS) $(LDLIBS)

$(SAN_UNIT): $(SAN_LIB_OBJS) $(UNIT_SRCS:%.c=build/asan/%.o)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(CHECK_LIBS) $(LDLIBS)

build/plain/oracle: build/plain/tests/oracle/oracle.o $(LIB_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS) $(ORACLE_LIBS)

check-unit: $(UNIT) $(SAN_UNIT)
	$(UNIT)
	$(SAN_UNIT)

check-fixtures: $(BIN) $(SAN_BIN)
	tests/run-fixtures.sh $(BIN)
	tests/run-fixtures.sh $(SAN_BIN)
	tests/run-inputs.sh $(BIN)
	tests/run-inputs.sh $(SAN_BIN)
	tests/run-badinput.sh $(BIN)
	tests/run-badinput.sh $(SAN_BIN)

check-real: $(BIN) $(SAN_BIN) build/plain/oracle
	tests/real/run.sh $(BIN) $(SAN_BIN) build/plain/oracle

# the analysis files call downwards only, never in a circle
check-layers: $(BIN)
	python3 tests/layers.py build/plain $(LIB_SRCS) $(MAIN_SRC)

check-fast: $(BIN) $(UNIT) check-layers
	$(UNIT)
	tests/run-fixtures.sh $(BIN)

check: check-layers check-unit check-fixtures check-real check-fuzz

sample: $(BIN)
	tests/sample.sh $(BIN)

clean:
	rm -rf build $(BIN)

.PHONY: all check check-layers check-unit check-fixtures check-real check-fast sample clean

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
