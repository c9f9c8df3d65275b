# Type 0 text in sacc (through less, driven in tmux): the article's last
# line is the last one shown, no lone ".".
. "$(dirname "$0")/lib.sh"
need_client sacc tmux less
if [ -n "$CAPSULED_WRAP" ]; then
	echo "SKIP $CAPSULE_TEST: a terminal client under a wrapper adds nothing"
	exit 77
fi
start_daemon
tmux_start env PAGER=less sacc "gopher://localhost:$GPORT/0/articles/small-web-meetup-draws-record-crowd-in-lisbon.txt"
pane_wait "Organisers"
keys G
pane_wait "(END)"
tail=$(grep -v '^[[:space:]]*$' <<<"$scr" | tail -n 2)
[ "$tail" = "© 2026 The Lantern Wire contributors. Text under CC BY-SA 4.0.
(END)" ] || fail "end of the text in sacc: '$tail'"
keys q
