/*
 * loadstore: times store_load() on a store and reports memory.
 *
 * usage: loadstore [-s] DIR [ROUNDS]
 *
 * Prints the best wall-clock time of ROUNDS loads (the first one reads
 * from a cold or warm page cache, as it finds it), the article count
 * and the peak resident set size.  With -s, each round builds a whole
 * snapshot (snapshot_build: the load and every page a reload renders,
 * not the search index), what capsuled does before a new store serves.
 * A benchmark, never a test.
 */
#include <sys/resource.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mime.h"
#include "snapshot.h"
#include "store.h"

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	struct store *s = NULL;
	struct snapshot *sn = NULL;
	struct snap_conf sc = { .sc_host = "localhost", .sc_gemini_port = 1965,
	    .sc_gopher_port = 70 };
	const char *errpath, *errstr;
	unsigned line;
	int i, rounds, snap = 0;
	double best = 1e9, secs;
	size_t narts = 0;

	if (argc > 1 && strcmp(argv[1], "-s") == 0) {
		snap = 1;
		argc--;
		argv++;
	}
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: loadstore [-s] DIR [ROUNDS]\n");
		return 2;
	}
	if (snap && mime_init(&errstr) == -1) {
		fprintf(stderr, "loadstore: %s\n", errstr);
		return 1;
	}
	sc.sc_store = argv[1];
	rounds = argc == 3 ? atoi(argv[2]) : 3;
	for (i = 0; i < rounds; i++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (snap) {
			sn = snapshot_build(&sc, NULL, NULL, NULL, &errpath,
			    &line, &errstr);
			s = sn != NULL ? sn->sn_store : NULL;
		} else
			s = store_load(argv[1], NULL, NULL, &errpath, &line,
			    &errstr);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (s == NULL) {
			fprintf(stderr, "loadstore: %s: %s\n", errpath ?
			    errpath : argv[1], errstr);
			return 1;
		}
		narts = s->s_narts;
		secs = (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		if (secs < best)
			best = secs;
		if (i + 1 < rounds) {
			if (snap)
				snapshot_unref(sn);
			else
				store_free(s);
		}
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("%s: %zu articles, best %s %.3f s over %d rounds, "
	    "peak RSS %.1f MiB\n", argv[1], narts, snap ? "snapshot build" :
	    "load", best, rounds, (double)ru.ru_maxrss / 1024.0);
	if (snap) {
		snapshot_unref(sn);
		mime_close();
	} else
		store_free(s);
	return 0;
}
