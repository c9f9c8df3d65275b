#!/bin/sh
# Reports call cycles between source files: which object defines each
# global symbol and which objects use it, read with nm, then tsort on
# the "user definer" pairs (tsort names every loop it meets).
# usage: tools/cycles.sh [OBJECT...]   (default build/obj/*.o, after make;
# make check names the objects of today's sources, so stale ones left by
# a removed file never count)
# Exit 1 when there is a loop.  Static functions are invisible to nm, so
# calls inside one file never count; data references do.
set -eu
[ $# -gt 0 ] || set -- build/obj/*.o
ls "$@" >/dev/null
pairs=$(for o in "$@"; do
	nm -g "$o" | awk -v f="$(basename "$o" .o)" \
	    '$1 == "U" { print "U", f, $2; next }
	     NF == 3 && $2 ~ /[TDRBC]/ { print "D", f, $3 }'
done | awk '$1 == "D" { def[$3] = $2; next }
	{ use[n++] = $2 " " $3 }
	END { for (i = 0; i < n; i++) { split(use[i], u, " ");
		if ((u[2] in def) && def[u[2]] != u[1])
			print u[1], def[u[2]] } }' | sort -u)
if ! out=$(printf '%s\n' "$pairs" | tsort 2>&1 >/dev/null); then
	printf '%s\n' "$out" >&2
	exit 1
fi
[ -z "$out" ] || { printf '%s\n' "$out" >&2; exit 1; }
echo "cycles: none among $# objects"
