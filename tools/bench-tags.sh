#!/bin/sh
# Tags per article: snapshot builds (what a reload renders before the
# new store serves) of synthetic stores whose every article carries the
# most tags an article may have (ARTICLE_TAGS_MAX, 64), at two sizes
# ten times apart (made once and kept in build/bench/).  Time and peak
# memory should grow tenfold, not a hundredfold: the build is linear in
# the store, whatever the tags.  Figures, not a pass/fail test.
#
#   BENCH_TAG_SIZES="2000 20000"  BENCH_TAGS=64
set -eu
b=${BUILD:-build}
tags=${BENCH_TAGS:-64}
for n in ${BENCH_TAG_SIZES:-2000 20000}; do
	d=$b/bench/tags$tags-$n
	if [ ! -f "$d/capsule.conf" ]; then
		echo "generating $d"
		rm -rf "$d"
		mkdir -p "$b/bench"
		"$b/tools/genstore" -t "$tags" "$d" "$n"
	fi
	"$b/tools/loadstore" -s "$d" 2
done
