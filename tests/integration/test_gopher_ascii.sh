# --gopher-charset ascii: menus and texts folded to ASCII, the same links.
. "$(dirname "$0")/lib.sh"
start_daemon --gopher-charset ascii
meetup=small-web-meetup-draws-record-crowd-in-lisbon

for s in / /tags/ "/articles/$meetup" "/articles/$meetup.txt" \
	/articles/repair-cafe-volunteers-teach-ed-the-standard-text-editor \
	/articles/la-station-meteo-du-lycee-publie-ses-releves-sur-gemini.txt \
	"/search"$'\t'"lisbon" caps.txt; do
	"$GEMREQ" -P -w 5000 "$GPORT" "$s"$'\r\n' >page
	[ -s page ] || fail "$s: empty"
	if LC_ALL=C grep -q $'[\x80-\xff]' page; then
		fail "$s: non-ASCII bytes: $(LC_ALL=C grep -n $'[\x80-\xff]' page | head -3)"
	fi
done
out=$("$GEMREQ" -P -w 5000 "$GPORT" $'/articles/'"$meetup"$'.txt\r\n')
has "$out" "Zoe"
lacks "$out" "Zoë"
has "$out" "Repair cafe"
out=$("$GEMREQ" -P -w 5000 "$GPORT" $'caps.txt\r\n')
has "$out" "ServerDefaultEncoding=ascii"
out=$("$GEMREQ" -P -w 5000 "$GPORT" $'/\r\n')
has "$out" "Repair cafe volunteers teach ed, the standard text editor"
# The Gemini side is not folded.
get /
has "$out" "Repair café volunteers"
