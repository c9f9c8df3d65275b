# capsulectl rename on a running capsuled: the old Gemini address answers
# 31 to the new one, the old Gopher selector still serves the article, and
# the Atom entry keeps its id.
. "$(dirname "$0")/lib.sh"
start_daemon
old=harbour-street-mesh-network-reaches-200-nodes

get /atom.xml
expect_status 20
id=$(grep -o "<id>tag:[^<]*/articles/$old</id>" <<<"$out") ||
	fail "no entry id for $old in the feed"

"$CAPSULECTL" --store store rename "$old" "Harbour Street mesh reaches 300 nodes" >slug
new=$(cat slug)
[ "$new" = harbour-street-mesh-reaches-300-nodes ] || fail "new slug $new"

wait_status "/articles/$old" 31
[ "$(head -n 1 <<<"$out" | tr -d '\r')" = "31 gemini://localhost:$PORT/articles/$new" ] ||
	fail "redirect: $(head -n 1 <<<"$out")"
get "/articles/$new"
expect_status 20
has "$out" "# Harbour Street mesh reaches 300 nodes"

g=$(curl -s "gopher://127.0.0.1:$GPORT/0/articles/$old.txt")
has "$g" "Harbour Street mesh reaches 300 nodes"
g=$(curl -s "gopher://127.0.0.1:$GPORT/1/articles/$old")
has "$g" "Harbour Street mesh reaches 300 nodes"

get /atom.xml
has "$out" "$id"
has "$out" "/articles/$new"
lacks "$out" "/articles/$old\""
