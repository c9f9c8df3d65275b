#!/bin/sh
# Reports call cycles between source files: which object defines each
# global symbol and which objects use it, read with nm, then tsort on
# the "user definer" pairs (tsort names every loop it meets).
# usage: tools/cycles.sh [OBJDIR]   (default build/obj, after make)
# Exit 1 when there is a loop.  Static functions are invisible to nm, so
# calls inside one file never count; data references do.
set -eu
dir=${1:-build/obj}
ls "$dir"/*.o >/dev/null
pairs=$(for o in "$dir"/*.o; do
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
echo "cycles: none among $(ls "$dir"/*.o | wc -l) objects"
