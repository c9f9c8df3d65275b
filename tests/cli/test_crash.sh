# A writer killed with SIGKILL at random moments, 50 times over, leaves a
# store that 'capsulectl check' passes, with every article whose add
# returned 0 present and intact.
. "$(dirname "$0")/lib.sh"

ctl init site >/dev/null
export CAPSULE_STORE=site
: >acked

for round in $(seq 1 50); do
	# The writer runs in its own process group, so one kill reaches
	# both the loop and the capsulectl it is waiting for.
	setsid bash -c '
		n=0
		while :; do
			n=$((n + 1))
			f=in.'"$round"'.$n
			printf "Title: Round %s number %s\nDate: 2024-01-01T00:00:00Z\n\nMarker %s-%s.\n" \
			    '"$round"' $n '"$round"' $n >$f
			if s=$("$CAPSULECTL" add $f); then
				echo "$s '"$round"'-$n" >>acked
			fi
		done' &
	pid=$!
	sleep "0.$(printf '%03d' $((RANDOM % 300)))"
	# A kill that comes before setsid has made the group finds none:
	# the process itself is then killed, or the loop would run forever.
	kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true

	expect 0 ctl check
	while read -r slug marker; do
		grep -qx "Marker $marker." "site/articles/$slug.gmi" ||
			fail "round $round: acknowledged $slug ($marker) lost"
	done <acked
done
[ "$(wc -l <acked)" -ge 50 ] || fail "too few acknowledged adds to mean anything"
echo "$(wc -l <acked) acknowledged adds survived 50 kills"
