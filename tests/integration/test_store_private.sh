# The store's publishers file and audit log (.log) are never served, by
# Gemini or Gopher, under any spelling of their names; writing the log
# while capsuled runs changes nothing it serves.
. "$(dirname "$0")/lib.sh"
cp -r "$ROOT/capsule" store
fp=sha256:$(printf 'a%.0s' $(seq 1 64))
"$CAPSULECTL" --store store publishers add ada "$fp" --role editor --token >/dev/null 2>&1
printf 'Title: Logged story\n\nBody.\n' | "$CAPSULECTL" --store store add - >/dev/null
[ -s store/.log ] || fail "no audit line"
[ -s store/publishers ] || fail "no publishers file"
start_daemon

for p in /.log /publishers /%2Elog /%2elog /pages/../publishers /./publishers \
	/articles/../.log /media/../publishers /publishers.gmi /.log.gmi; do
	get "$p"
	lacks "$out" "$fp"
	lacks "$out" "scrypt"
	lacks "$out" "Logged story	"
	lacks "$out" "publishers-add"
	[ "$(status)" != 20 ] || fail "$p served: $(head -n 1 <<<"$out")"
done
for s in 0/.log 0/publishers 1/.log 1/publishers 9/publishers 0/pages/../.log \
	0/media/../publishers 9/media/../.log; do
	g=$(curl -s --max-time 5 "gopher://127.0.0.1:$GPORT/$s" || true)
	lacks "$g" "$fp"
	lacks "$g" "scrypt"
	lacks "$g" "publishers-add"
done

# A write while serving: the new article appears, the log line does not.
printf 'Title: Second logged story\n\nBody.\n' | "$CAPSULECTL" --store store add - >/dev/null
wait_status /articles/second-logged-story 20
get /
lacks "$out" "publishers-add"
