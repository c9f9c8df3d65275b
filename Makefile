# capsule: a news server for Gemini and Gopher.
#
#   make            build build/capsuled and build/capsulectl
#   make run        install missing packages, build, serve capsule/ locally
#   make check      install missing packages, build, run every test
#   make check-valgrind  the integration and CLI tests under valgrind
#   make check-long long tests (minutes): the figures they print, and
#                   pass/fail on bounds far from the expected figures
#   make bench      benchmarks (figures, never pass/fail)
#   make install    PREFIX=/usr/local DESTDIR=
#
# Plain objects live in build/, sanitizer builds in build/asan/; the two
# never mix.  WERROR=1 (as CI sets) turns warnings into errors.

CC	?= cc
PREFIX	?= /usr/local
DESTDIR	?=
BUILD	?= build
SAN	?=

WARN	 = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wformat=2
ifeq ($(WERROR),1)
WARN	+= -Werror
endif
CFLAGS	?= -O2 -g
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) $(SAN) -D_DEFAULT_SOURCE \
	   -D_POSIX_C_SOURCE=200809L -Isrc -MMD -MP
# Test clients are never instrumented: a leak in a client is not ours.
CLIENT_CFLAGS = -std=c11 $(WARN) -O2 -g -D_DEFAULT_SOURCE \
	   -D_POSIX_C_SOURCE=200809L
LDLIBS	 = -lssl -lcrypto -lmagic -lpthread
TESTLIBS = -lcmocka
# md4c parses Markdown for capsulectl import: linked there and into the
# import tests, never into capsuled.
MDLIBS	 = -lmd4c
MD_USERS = $(BUILD)/capsulectl $(BUILD)/tests/test_import \
	   $(BUILD)/fuzz/fuzz_import $(BUILD)/libfuzzer/fuzz_import

DAEMON_SRC = $(wildcard src/daemon_*.c)
DAEMON_OBJ = $(DAEMON_SRC:src/%.c=$(BUILD)/obj/%.o)
MAINS	 = src/capsuled.c src/capsulectl.c $(DAEMON_SRC)
LIB_SRC	 = $(filter-out $(MAINS),$(wildcard src/*.c))
LIB_OBJ	 = $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
LIB	 = $(BUILD)/libcapsule.a
PROGS	 = $(BUILD)/capsuled $(BUILD)/capsulectl
TOOLS	 = $(BUILD)/tools/genstore $(BUILD)/tools/loadstore \
	   $(BUILD)/tools/loadgen $(BUILD)/tools/ceiling $(BUILD)/tools/idlers
FUZZERS	 = url request article import render gophermap selector search conf
FUZZ_BIN = $(FUZZERS:%=$(BUILD)/fuzz/fuzz_%)
FUZZ_TIME ?= 60
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
GEMREQ	 = $(BUILD)/tests/gemreq
CLIENTS	 = $(GEMREQ) $(BUILD)/tests/menucheck $(BUILD)/tests/hostile \
	   $(BUILD)/tests/trickle $(BUILD)/tests/swarm

ASAN	 = -fsanitize=address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer

.PHONY: all deps deps-test run check check-long check-valgrind unit cli \
	integration replay fuzz fuzz-run bench install clean

all: $(PROGS)

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/capsulectl: $(BUILD)/obj/capsulectl.o $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/capsuled: $(BUILD)/obj/capsuled.o $(DAEMON_OBJ) $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

$(MD_USERS): LDLIBS += $(MDLIBS)

# The load generator and the ceiling responder are benchmark programs,
# like gemreq never instrumented.
$(BUILD)/tools/loadgen: tools/loadgen.c
	@mkdir -p $(@D)
	$(CC) $(CLIENT_CFLAGS) -o $@ $< -lssl -lcrypto

$(BUILD)/tools/ceiling: tools/ceiling.c
	@mkdir -p $(@D)
	$(CC) $(CLIENT_CFLAGS) -o $@ $< -lssl -lcrypto -lpthread

$(BUILD)/tools/idlers: tools/idlers.c
	@mkdir -p $(@D)
	$(CC) $(CLIENT_CFLAGS) -o $@ $< -lssl -lcrypto

$(BUILD)/tools/%: tools/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(GEMREQ): tests/integration/gemreq.c tests/integration/client.h
	@mkdir -p $(@D)
	$(CC) $(CLIENT_CFLAGS) -o $@ $< -lssl -lcrypto

$(BUILD)/tests/menucheck: tests/integration/menucheck.c
	@mkdir -p $(@D)
	$(CC) $(CLIENT_CFLAGS) -o $@ $<

$(BUILD)/tests/hostile: tests/integration/hostile.c tests/integration/client.h
	@mkdir -p $(@D)
	$(CC) $(CLIENT_CFLAGS) -o $@ $< -lssl -lcrypto

$(BUILD)/tests/trickle: tests/integration/trickle.c tests/integration/client.h
	@mkdir -p $(@D)
	$(CC) $(CLIENT_CFLAGS) -o $@ $< -lssl -lcrypto

$(BUILD)/tests/swarm: tests/integration/swarm.c tests/integration/client.h
	@mkdir -p $(@D)
	$(CC) $(CLIENT_CFLAGS) -o $@ $< -lssl -lcrypto

# Harnesses linked with the replay driver: what make check runs.
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/fuzz/replay.c $(LIB) $(LDLIBS)

# The same harnesses with libFuzzer (clang), for make fuzz.
$(BUILD)/libfuzzer/fuzz_%: tests/fuzz/fuzz_%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(LIB) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS) $(TESTLIBS)

deps:
	@tools/deps.sh build

deps-test:
	@tools/deps.sh test

# Serves the sample store on localhost, in the foreground, logging to
# stderr; the certificate is made on first start.
run: deps all
	$(BUILD)/capsuled --foreground --store capsule --host localhost \
	    --gemini 127.0.0.1:1965 --gopher 127.0.0.1:7070

# Unit tests run twice: as built, then under ASan and UBSan, where any
# report fails the run.
check: deps-test
	$(MAKE) all unit cli integration
	$(MAKE) BUILD=build/asan SAN="$(ASAN)" all unit cli integration replay

# Every capsuled of the integration tests and every capsulectl of the CLI
# tests under valgrind memcheck, on the plain build (valgrind cannot run
# ASan's); any error or definite leak fails.  See tests/valgrind.sh.
check-valgrind: deps-test
	$(MAKE) all $(CLIENTS) $(BUILD)/tools/genstore
	@BUILD=$(abspath $(BUILD)) tests/valgrind.sh

# Tests too long for make check, on the plain build: each
# tests/long/test_*.sh, run as the integration tests are.
check-long: deps-test
	$(MAKE) all $(CLIENTS) $(BUILD)/tools/genstore
	@BUILD=$(abspath $(BUILD)) tests/integration/run.sh tests/long

# Every fuzz corpus replayed through its harness (under the sanitizers
# when make check runs it).
replay: $(FUZZ_BIN)
	@set -e; for f in $(FUZZERS); do \
	    $(BUILD)/fuzz/fuzz_$$f tests/fuzz/corpus/$$f; done

# Each harness under libFuzzer for FUZZ_TIME seconds from its seeds; new
# finds go to build/fuzz/corpus/NAME, and a crash stops the run and leaves
# its input in build/fuzz/crashes/NAME.  To keep what adds coverage:
#   build/fuzz/libfuzzer/fuzz_NAME -set_cover_merge=1 -use_counters=0 \
#       tests/fuzz/corpus/NAME build/fuzz/corpus/NAME
fuzz: deps-test
	$(MAKE) BUILD=build/fuzz CC=clang \
	    SAN="-fsanitize=fuzzer-no-link,address,undefined \
	    -fno-sanitize-recover=all" fuzz-run

fuzz-run: $(FUZZERS:%=$(BUILD)/libfuzzer/fuzz_%)
	@set -e; for f in $(FUZZERS); do \
	    mkdir -p $(BUILD)/crashes/$$f $(BUILD)/corpus/$$f; \
	    $(BUILD)/libfuzzer/fuzz_$$f -max_total_time=$(FUZZ_TIME) \
	        -artifact_prefix=$(BUILD)/crashes/$$f/ -max_len=65536 \
	        $(BUILD)/corpus/$$f tests/fuzz/corpus/$$f; done

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

cli: $(PROGS)
	@CAPSULECTL=$(abspath $(BUILD)/capsulectl) tests/cli/run.sh

integration: $(PROGS) $(CLIENTS) $(BUILD)/tools/genstore
	@BUILD=$(abspath $(BUILD)) tests/integration/run.sh

bench: all $(TOOLS)
	BUILD=$(BUILD) tools/bench-store.sh
	BUILD=$(BUILD) tools/bench-archive.sh
	BUILD=$(BUILD) tools/bench-tags.sh
	BUILD=$(BUILD) tools/bench-gemini.sh
	BUILD=$(BUILD) tools/bench-gopher.sh
	BUILD=$(BUILD) tools/bench-crowd.sh

# The unit goes where systemd looks for local units and matches the
# /usr/local/sbin path it starts; see doc/capsuled.service for set-up.
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/sbin \
	    $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man8 \
	    $(DESTDIR)$(PREFIX)/share/doc/capsule \
	    $(DESTDIR)$(PREFIX)/lib/systemd/system
	install -m 755 $(BUILD)/capsulectl $(DESTDIR)$(PREFIX)/bin/
	install -m 755 $(BUILD)/capsuled $(DESTDIR)$(PREFIX)/sbin/
	install -m 644 doc/capsulectl.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 doc/capsuled.8 $(DESTDIR)$(PREFIX)/share/man/man8/
	install -m 644 doc/capsuled.conf.example \
	    $(DESTDIR)$(PREFIX)/share/doc/capsule/
	install -m 644 doc/capsuled.service \
	    $(DESTDIR)$(PREFIX)/lib/systemd/system/
	install -d $(DESTDIR)/etc/capsule
	test -e $(DESTDIR)/etc/capsule/capsuled.conf || \
	    install -m 644 doc/capsuled.conf $(DESTDIR)/etc/capsule/capsuled.conf

clean:
	rm -rf build

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/tests/*.d $(BUILD)/tools/*.d \
	$(BUILD)/fuzz/*.d)
