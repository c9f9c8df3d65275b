# capsule: a news server for Gemini and Gopher.
#
#   make            build build/capsuled and build/capsulectl
#   make run        install missing packages, build, serve capsule/ locally
#   make check      install missing packages, build, run every test
#   make check-valgrind  the integration and CLI tests under valgrind
#   make check-cluster  HAProxy, three replicas, a primary in git (about 30 s)
#   make check-long long tests (minutes): the figures they print, and
#                   pass/fail on bounds far from the expected figures
#   make bench      benchmarks (figures, never pass/fail)
#   make install    PREFIX=/usr/local SYSCONFDIR=/etc DESTDIR=
#   make uninstall  the same variables: removes what install put
#
# Plain objects live in build/, sanitizer builds in build/asan/; the two
# never mix.  WERROR=1 (as CI sets) turns warnings into errors.

CC	?= cc
PREFIX	?= /usr/local
# The configuration goes to /etc/capsule whatever PREFIX is, where a
# Debian administrator looks for a daemon's and where the man page and
# the systemd unit say it is; SYSCONFDIR=/usr/local/etc for the GNU habit.
SYSCONFDIR ?= /etc
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

# System libraries per target.  LIBS is what a program, unit test, fuzz
# harness or tool links besides libcapsule.a: every library by default,
# so that one added on any branch links, and less where a line below
# says so.  A library that only some targets need gets a variable here
# and one line, after the LIBS = lines below, naming those targets:
#   TARGET...: LIBS += $(LIBS_NEW)
LIBS_TLS    = -lssl -lcrypto
LIBS_MAGIC  = -lmagic
LIBS_THREAD = -lpthread
LIBS_TEST   = -lcmocka
# md4c parses Markdown for capsulectl import: never linked into capsuled.
LIBS_MD4C   = -lmd4c
LIBS_CRYPTO = -lcrypto
# utf8proc folds case and accents for the search index, which every
# snapshot builds: every program and test that makes snapshots.
LIBS_UTF8PROC = -lutf8proc
LIBS	    = $(LIBS_TLS) $(LIBS_MAGIC) $(LIBS_THREAD) $(LIBS_UTF8PROC)

DAEMON_SRC = $(wildcard src/daemon_*.c)
DAEMON_OBJ = $(DAEMON_SRC:src/%.c=$(BUILD)/obj/%.o)
CTL_SRC	 = $(wildcard src/ctl_*.c)
CTL_OBJ	 = $(CTL_SRC:src/%.c=$(BUILD)/obj/%.o)
MAINS	 = src/capsuled.c src/capsulectl.c $(DAEMON_SRC) $(CTL_SRC)
LIB_SRC	 = $(filter-out $(MAINS),$(wildcard src/*.c))
LIB_OBJ	 = $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
LIB	 = $(BUILD)/libcapsule.a
PROGS	 = $(BUILD)/capsuled $(BUILD)/capsulectl
TOOLS	 = $(BUILD)/tools/genstore $(BUILD)/tools/loadstore \
	   $(BUILD)/tools/loadgen $(BUILD)/tools/ceiling $(BUILD)/tools/idlers
FUZZERS	 = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN = $(FUZZERS:%=$(BUILD)/fuzz/fuzz_%)
FUZZ_TIME ?= 60
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# The pure modules (see README.md, Layout): their unit tests and the fuzz
# harnesses that exercise only them link no system library, and the
# archive gives them only the objects they call, so a pure test that
# reached OpenSSL, libmagic or threads would fail to link.
PURE	 = article buf conf feed gemtext gophermap import labels proxy request \
	   route text titan url utf8 import_page
PURE_FUZZ = article gophermap import proxy render request selector titan url
GEMREQ	 = $(BUILD)/tests/gemreq
CLIENTS	 = $(GEMREQ) $(BUILD)/tests/menucheck $(BUILD)/tests/hostile \
	   $(BUILD)/tests/trickle $(BUILD)/tests/swarm

ASAN	 = -fsanitize=address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer

.PHONY: all deps deps-test run check check-long check-cluster check-valgrind \
	unit cli \
	integration replay fuzz fuzz-run bench install uninstall clean cycles

all: $(PROGS)

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(PURE:%=$(BUILD)/tests/test_%): LIBS =
$(PURE_FUZZ:%=$(BUILD)/fuzz/fuzz_%): LIBS =
$(PURE_FUZZ:%=$(BUILD)/libfuzzer/fuzz_%): LIBS =
$(BUILD)/tools/genstore: LIBS =
# capsulectl and loadstore build snapshots (libmagic for media types)
# but serve nothing.
$(BUILD)/capsulectl $(BUILD)/tools/loadstore: \
	LIBS = $(LIBS_MAGIC) $(LIBS_THREAD) $(LIBS_UTF8PROC)
$(BUILD)/capsulectl $(BUILD)/tests/test_import $(BUILD)/tests/test_import_page \
    $(BUILD)/fuzz/fuzz_import \
    $(BUILD)/libfuzzer/fuzz_import: LIBS += $(LIBS_MD4C)
# capsulectl writes through pub.c (publishers' token hashes, identities:
# libcrypto); capsuled's writer process imports Titan uploads (md4c).
$(BUILD)/capsulectl: LIBS += $(LIBS_CRYPTO)
# capsulectl --remote speaks Titan (ctl_remote.c, tls.c's client).
$(BUILD)/capsulectl: LIBS += $(LIBS_TLS)
$(BUILD)/capsuled $(BUILD)/tests/test_pub $(BUILD)/tests/test_writer \
    $(BUILD)/tests/test_gitstore: \
	LIBS += $(LIBS_MD4C)
# The Gemini front end hands uploads to the writer (upload.c): whatever
# links gemini.c links the writer and its importer.
$(BUILD)/tests/test_gemini $(BUILD)/tests/test_conn \
    $(BUILD)/tests/test_gopher $(BUILD)/tests/test_metrics: LIBS += $(LIBS_MD4C)

$(BUILD)/capsulectl: $(BUILD)/obj/capsulectl.o $(CTL_OBJ) $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/capsuled: $(BUILD)/obj/capsuled.o $(DAEMON_OBJ) $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)


# The load generator and the ceiling responder are benchmark programs,
# like gemreq never instrumented.
$(BUILD)/tools/loadgen: tools/loadgen.c
	@mkdir -p $(@D)
	$(CC) $(CLIENT_CFLAGS) -o $@ $< $(LIBS_TLS)

$(BUILD)/tools/ceiling: tools/ceiling.c
	@mkdir -p $(@D)
	$(CC) $(CLIENT_CFLAGS) -o $@ $< $(LIBS_TLS) $(LIBS_THREAD)

$(BUILD)/tools/idlers: tools/idlers.c
	@mkdir -p $(@D)
	$(CC) $(CLIENT_CFLAGS) -o $@ $< $(LIBS_TLS)

$(BUILD)/tools/%: tools/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LIBS)

$(GEMREQ): tests/integration/gemreq.c tests/integration/client.h
	@mkdir -p $(@D)
	$(CC) $(CLIENT_CFLAGS) -o $@ $< $(LIBS_TLS)

$(BUILD)/tests/menucheck: tests/integration/menucheck.c
	@mkdir -p $(@D)
	$(CC) $(CLIENT_CFLAGS) -o $@ $<

$(BUILD)/tests/hostile: tests/integration/hostile.c tests/integration/client.h
	@mkdir -p $(@D)
	$(CC) $(CLIENT_CFLAGS) -o $@ $< $(LIBS_TLS)

$(BUILD)/tests/trickle: tests/integration/trickle.c tests/integration/client.h
	@mkdir -p $(@D)
	$(CC) $(CLIENT_CFLAGS) -o $@ $< $(LIBS_TLS)

$(BUILD)/tests/swarm: tests/integration/swarm.c tests/integration/client.h
	@mkdir -p $(@D)
	$(CC) $(CLIENT_CFLAGS) -o $@ $< $(LIBS_TLS)

# Harnesses linked with the replay driver: what make check runs.  The
# driver is an object of its own so that each harness's .d file lists the
# harness's headers (gcc writes one .d per output, the last source's).
$(BUILD)/fuzz/replay.o: tests/fuzz/replay.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/fuzz/replay.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/fuzz/replay.o $(LIB) $(LIBS)

# The same harnesses with libFuzzer (clang), for make fuzz.
$(BUILD)/libfuzzer/fuzz_%: tests/fuzz/fuzz_%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(LIB) $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LIBS) $(LIBS_TEST)

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
	$(MAKE) all cycles unit cli integration
	$(MAKE) BUILD=build/asan SAN="$(ASAN)" all unit cli integration replay

# No two source files call each other, directly or round a circle.
cycles: $(PROGS)
	@tools/cycles.sh $(LIB_OBJ) $(DAEMON_OBJ) $(BUILD)/obj/capsuled.o \
	    $(BUILD)/obj/capsulectl.o $(CTL_OBJ)

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

# The cluster of doc/CLUSTER.md on loopback (tests/cluster/): HAProxy,
# three replicas, a primary in git, Prometheus when installed.  Prints
# the replication delay and the requests lost to a killed replica.
# Run in the foreground, its figures shown; 77 is a skip, said why.
check-cluster: deps-test
	$(MAKE) all $(CLIENTS) $(BUILD)/tools/loadgen
	@d=$$(mktemp -d "$${TMPDIR:-/tmp}/capsule-cluster-XXXXXX"); \
	(cd $$d && BUILD=$(abspath $(BUILD)) bash $(CURDIR)/tests/cluster/test_cluster.sh); \
	rc=$$?; rm -rf $$d; [ $$rc = 0 ] || [ $$rc = 77 ]

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
	BUILD=$(BUILD) tools/bench-proxy.sh

# The unit goes where systemd looks for local units ($(PREFIX)/lib/systemd/
# system; /usr/lib/... with PREFIX=/usr).  doc/capsuled.service is written
# for the defaults; the installed copy starts $(PREFIX)/sbin/capsuled with
# $(SYSCONFDIR)/capsule/capsuled.conf.  The configuration is installed
# only where none is, and uninstall removes it only when it is still the
# one shipped: an edited one is the administrator's (as with a Debian
# package's conffiles on remove).
BINDIR	 = $(PREFIX)/bin
SBINDIR	 = $(PREFIX)/sbin
MANDIR	 = $(PREFIX)/share/man
DOCDIR	 = $(PREFIX)/share/doc/capsule
UNITDIR	 = $(PREFIX)/lib/systemd/system
CONFDIR	 = $(SYSCONFDIR)/capsule

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man8 \
	    $(DESTDIR)$(DOCDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(CONFDIR)
	install -m 755 $(BUILD)/capsulectl $(DESTDIR)$(BINDIR)/
	install -m 755 $(BUILD)/capsuled $(DESTDIR)$(SBINDIR)/
	install -m 644 doc/capsulectl.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 doc/capsuled.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 644 doc/capsuled.conf.example $(DESTDIR)$(DOCDIR)/
	sed -e 's|/usr/local/sbin/|$(SBINDIR)/|g' \
	    -e 's|/etc/capsule/|$(CONFDIR)/|g' doc/capsuled.service \
	    >$(DESTDIR)$(UNITDIR)/capsuled.service
	chmod 644 $(DESTDIR)$(UNITDIR)/capsuled.service
	test -e $(DESTDIR)$(CONFDIR)/capsuled.conf || \
	    install -m 644 doc/capsuled.conf $(DESTDIR)$(CONFDIR)/capsuled.conf

# Directories are removed only when they are ours (doc, configuration)
# and empty; bin/, sbin/ and the rest belong to the system.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/capsulectl $(DESTDIR)$(SBINDIR)/capsuled \
	    $(DESTDIR)$(MANDIR)/man1/capsulectl.1 \
	    $(DESTDIR)$(MANDIR)/man8/capsuled.8 \
	    $(DESTDIR)$(DOCDIR)/capsuled.conf.example \
	    $(DESTDIR)$(UNITDIR)/capsuled.service
	@f=$(DESTDIR)$(CONFDIR)/capsuled.conf; \
	if cmp -s doc/capsuled.conf $$f; then echo "rm -f $$f"; rm -f $$f; \
	elif [ -e $$f ]; then echo "uninstall: $$f was edited; kept"; fi
	rmdir $(DESTDIR)$(DOCDIR) $(DESTDIR)$(CONFDIR) 2>/dev/null || true

clean:
	rm -rf build

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/tests/*.d $(BUILD)/tools/*.d \
	$(BUILD)/fuzz/*.d $(BUILD)/libfuzzer/*.d)
