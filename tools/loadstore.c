/*
 * loadstore: times store_load() on a store and reports memory.
 *
 * usage: loadstore DIR [ROUNDS]
 *
 * Prints the wall-clock time of each load (the first one reads from a
 * cold or warm page cache, as it finds it), the article count and the
 * peak resident set size.  A benchmark, never a test.
 */
#include <sys/resource.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "store.h"

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	struct store *s;
	const char *errpath, *errstr;
	unsigned line;
	int i, rounds;
	double best = 1e9, secs;
	size_t narts = 0;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: loadstore DIR [ROUNDS]\n");
		return 2;
	}
	rounds = argc == 3 ? atoi(argv[2]) : 3;
	for (i = 0; i < rounds; i++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		s = store_load(argv[1], NULL, NULL, &errpath, &line, &errstr);
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
		if (i + 1 < rounds)
			store_free(s);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("%s: %zu articles, best load %.3f s over %d rounds, "
	    "peak RSS %.1f MiB\n", argv[1], narts, best, rounds,
	    (double)ru.ru_maxrss / 1024.0);
	store_free(s);
	return 0;
}
