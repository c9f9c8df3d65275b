# 50 uploads at once from 5 identities: every one acknowledged, every
# acknowledged article in the store as sent, capsulectl check clean.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/titan.sh"
if [ -n "$CAPSULED_WRAP" ]; then
	echo "SKIP: 50 uploads at once under valgrind take minutes; make check runs it"
	exit 77
fi

cp -r "$ROOT/capsule" store
for i in 1 2 3 4 5; do publisher "ed$i" editor >/dev/null; done
start_daemon
n0=$(ls store/articles | wc -l)
jobs=()
for i in 1 2 3 4 5; do
	for j in $(seq 1 10); do
		printf 'Title: Upload %s from desk %s\nStatus: published\n\nBody of upload %s from desk %s.\n' \
			"$j" "$i" "$j" "$i" >"a$i-$j.gmi"
		(
			up "ed$i" "/articles/;size=$(sz "a$i-$j.gmi")" "a$i-$j.gmi" -w 30000
			printf '%s\n' "$(line1)" >"r$i-$j"
		) &
		jobs+=($!)
	done
done
wait "${jobs[@]}"
ok=0
for i in 1 2 3 4 5; do
	for j in $(seq 1 10); do
		r=$(cat "r$i-$j")
		[ "$r" = "30 gemini://localhost:$PORT/articles/upload-$j-from-desk-$i" ] ||
			fail "upload $j from desk $i: '$r'"
		f=$(grep -l "^Title: Upload $j from desk $i\$" store/articles/*) ||
			fail "upload $j from desk $i acknowledged, not in the store"
		grep -qx "Body of upload $j from desk $i." "$f" ||
			fail "$f: the body is not what was sent"
		ok=$((ok + 1))
	done
done
[ "$(ls store/articles | wc -l)" = $((n0 + 50)) ] ||
	fail "$(ls store/articles | wc -l) articles, want $((n0 + 50))"
"$CAPSULECTL" --store store check >check.out 2>&1 || fail "check: $(cat check.out)"
echo "$ok uploads from 5 identities acknowledged and intact; check clean"
wait_status /articles/upload-10-from-desk-5 20
