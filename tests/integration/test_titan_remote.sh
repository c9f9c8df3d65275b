# capsulectl --remote: add, import, edit, publish and rm on the daemon's
# store by Titan give the same store files, byte for byte, as the same
# commands run locally on a copy of the store.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/titan.sh"

cp -r "$ROOT/capsule" store
cp -r "$ROOT/capsule" local
fp=$("$CAPSULECTL" identity new ed --out . | grep -o 'sha256:[0-9a-f]*')
[ "$fp" = "$(fpr ed)" ] || fail "identity new printed $fp, the certificate is $(fpr ed)"
"$CAPSULECTL" --store store publishers add ed "$fp" --role editor >/dev/null
# edit and publish read the source from /publish/, which needs capsuled
# (dropped to nobody here) to read the publishers file.
chmod 0644 store/publishers
start_daemon
R=(--remote "gemini://localhost:$PORT/" --identity ed.crt ed.key)

# both CMD ARGS...: the command locally and remotely; the same output.
both() {
	local a b
	a=$("$CAPSULECTL" --store local "$@") || fail "local $*: $a"
	b=$("$CAPSULECTL" "${R[@]}" "$@") || fail "remote $*: $b"
	[ "$a" = "$b" ] || fail "$*: local said '$a', remote '$b'"
	said=$a
}

# same SLUG: the article file is the same in both stores.
same() {
	cmp "local/articles/$1.gmi" "store/articles/$1.gmi" ||
		fail "$1 differs:
$(diff "local/articles/$1.gmi" "store/articles/$1.gmi")"
}

# wait_source SLUG: until the daemon's snapshot has the article (its
# source is what remote edit and publish start from).
wait_source() {
	local i
	for i in $(seq 1 $((50 * SLOW))); do
		out=$("$GEMREQ" -x -c ed.crt -k ed.key "$PORT" \
			"gemini://localhost:$PORT/publish/source/$1\r\n") || true
		[ "$(head -c 2 <<<"$out")" = 20 ] && return 0
		sleep 0.1
	done
	fail "$1 never in the daemon's snapshot"
}

cat >tide.gmi <<'EOF2'
Title: Tide tables for the winter
Date: 2026-11-20T08:00:00Z
Author: Ines Duarte
Tags: harbour

The harbour office has printed the winter tide tables.
EOF2
both add tide.gmi
[ "$said" = tide-tables-for-the-winter ] || fail "add printed '$said'"
same tide-tables-for-the-winter

sed 's/Tide tables/Ferry timetable/; s/^Tags: harbour/Tags: harbour\nStatus: draft/' \
	tide.gmi >ferry.gmi
both add ferry.gmi
same ferry-timetable-for-the-winter
wait_source ferry-timetable-for-the-winter
# A draft edited (drafts get no Updated stamp, so both runs agree).
export VISUAL="sed -i s/printed/published/"
both edit ferry-timetable-for-the-winter
same ferry-timetable-for-the-winter
grep -q "has published the winter" store/articles/ferry-timetable-for-the-winter.gmi ||
	fail "the remote edit did not land"
for i in $(seq 1 $((50 * SLOW))); do
	out=$("$GEMREQ" -x -c ed.crt -k ed.key "$PORT" \
		"gemini://localhost:$PORT/publish/source/ferry-timetable-for-the-winter\r\n") || true
	grep -q "has published the winter" <<<"$out" && break
	sleep 0.1
done
both publish ferry-timetable-for-the-winter
same ferry-timetable-for-the-winter
grep -q "^Status: published" store/articles/ferry-timetable-for-the-winter.gmi ||
	fail "not published"
wait_status /articles/ferry-timetable-for-the-winter 20

"$CAPSULECTL" --store local rm tide-tables-for-the-winter >/dev/null
out=$("$CAPSULECTL" "${R[@]}" rm tide-tables-for-the-winter) || fail "remote rm: $out"
[ "$out" = "tide-tables-for-the-winter: moved to .trash/ on localhost:$PORT" ] ||
	fail "remote rm said '$out'"
[ ! -e store/articles/tide-tables-for-the-winter.gmi ] || fail "remote rm left the article"
cmp local/.trash/tide-tables-for-the-winter.gmi store/.trash/tide-tables-for-the-winter.gmi ||
	fail "the trashed files differ"

printf '# Quay lights\n\nThe quay lights are *back* tonight.\n' >lights.md
"$CAPSULECTL" "${R[@]}" import lights.md >slug.out || fail "remote import: $(cat slug.out)"
[ "$(cat slug.out)" = quay-lights ] || fail "import printed $(cat slug.out)"
grep -q "^Title: Quay lights" store/articles/quay-lights.gmi || fail "import did not land"

# Refusals say what the server said.
ident stranger
rc=0
"$CAPSULECTL" --remote "gemini://localhost:$PORT/" --identity stranger.crt stranger.key \
	rm quay-lights 2>err.out || rc=$?
[ "$rc" = 1 ] || fail "a stranger's rm: exit $rc"
has "$(cat err.out)" "61 Not a publisher: $(fpr stranger)"
[ -e store/articles/quay-lights.gmi ] || fail "a stranger removed an article"
"$CAPSULECTL" --store store check >check.out 2>&1 || fail "check: $(cat check.out)"
