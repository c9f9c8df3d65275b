#!/bin/sh
# Store loading benchmark: generates synthetic stores of 10,000 and
# 100,000 articles (once; kept in build/bench/) and times store_load() on
# each with peak memory.  Figures, not a pass/fail test.
set -eu
b=${BUILD:-build}
for n in ${BENCH_SIZES:-10000 100000}; do
	d=$b/bench/store-$n
	if [ ! -f "$d/capsule.conf" ]; then
		echo "generating $d"
		rm -rf "$d"
		mkdir -p "$b/bench"
		"$b/tools/genstore" "$d" "$n"
	fi
	"$b/tools/loadstore" "$d" 3
done
