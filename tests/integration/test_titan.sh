# Titan uploads on the Gemini listener: every path and role with its
# exact status and meta, client certificates made with openssl; what a
# bad upload leaves behind (nothing); an upload served over Gemini and
# Gopher within a second.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/titan.sh"

cp -r "$ROOT/capsule" store
publisher ed editor >/dev/null
publisher wr writer >/dev/null
tok=$(publisher tk editor --token 2>/dev/null | sed -n 's/^token //p')
[ -n "$tok" ] || fail "no token printed"
ident stranger
ident_expired old
# capsulectl keeps the file to the store's owner (token hashes); capsuled,
# dropped to nobody here, reads it only when allowed to: then it answers
# 61 before the body (test_titan_writer covers the other case).
chmod 0644 store/publishers
start_daemon --read-timeout 2
grep -q "titan: uploads on" daemon.log || fail "titan not on: $(cat daemon.log)"

cat >story.gmi <<'EOF'
Title: Night market reopens on the quay
Author: Ines Duarte
Tags: community
Status: published

The night market is back on the quay every Friday from six.
EOF
before=$(store_state)

# No certificate, a stranger's, an expired one.
up - "/articles/;size=$(sz story.gmi)" story.gmi
expect_line "60 A client certificate is needed to publish"
up stranger "/articles/;size=$(sz story.gmi)" story.gmi
expect_line "61 Not a publisher: $(fpr stranger)"
up old "/articles/;size=$(sz story.gmi)" story.gmi
expect_line "62 Certificate outside its validity dates: $(fpr old)"

# Not an upload's place, another host, a bad line.
up ed "/about;size=$(sz story.gmi)" story.gmi
expect_line "59 Uploads go to /articles/, /articles/SLUG or /media/NAME"
rc=0
out=$("$GEMREQ" -x -c ed.crt -k ed.key "$PORT" \
	"titan://example.com/articles/;size=3\r\nabc") || rc=$?
expect_line "53 Proxy request refused"
up ed "/articles/;mime=text/plain" story.gmi
expect_line "59 Size missing"
up ed "/articles/;size=1;colour=red" story.gmi
expect_line "59 Unknown Titan parameter"
up ed "/articles/;size=$(sz story.gmi);mime=image/png" story.gmi
expect_line "59 An article is text/gemini, text/plain or text/markdown"

# Over the cap: 59 at once, whatever body follows (none is sent here).
: >empty
up ed "/articles/;size=4194305" empty -w 5000
expect_line "59 Too large: at most 4194304 bytes"
[ "$rc" = 0 ] || fail "too large: rc $rc (the answer must come without the body)"
up ed "/media/big.png;size=16777217;mime=image/png" empty -w 5000
expect_line "59 Too large: at most 16777216 bytes"

# A writer may file and replace, not delete or upload media.
up wr "/articles/some-slug;size=0" empty
expect_line "61 Only an editor may do that: $(fpr wr)"
up wr "/media/a.png;size=3;mime=image/png" story.gmi
expect_line "61 Only an editor may do that: $(fpr wr)"

# A publisher with a token: none is 61 at once, a wrong one is the
# writer's 61, the right one goes through.
up tk "/articles/;size=$(sz story.gmi)" story.gmi
expect_line "61 This publisher needs a token: $(fpr tk)"
up tk "/articles/;size=$(sz story.gmi);token=wrong" story.gmi
[ "$(status)" = 61 ] || fail "wrong token: $(line1)"
! grep -q "token=wrong" daemon.log || fail "the token is in the log"

# Cut short: the client's end before the body is whole; a body that
# stops coming (the read timeout, 2 s here).
head -c 20 story.gmi >part
up ed "/articles/;size=$(sz story.gmi)" part -E -w 5000
[ "$(line1)" = "" ] || fail "a body cut short was answered: $(line1)"
up ed "/articles/;size=$(sz story.gmi)" part -w 6000
expect_line "59 Request timed out"

# Invalid UTF-8, and a media file that is not what it claims.
printf 'Title: Bad bytes\n\nA \xff\xfe body.\n' >bad.gmi
up ed "/articles/;size=$(sz bad.gmi)" bad.gmi
[ "$(status)" = 59 ] || fail "invalid UTF-8: $(line1)"
up ed "/media/photo.png;size=$(sz story.gmi);mime=image/png" story.gmi
[ "$(status)" = 59 ] || fail "text as image/png: $(line1)"

[ "$(store_state)" = "$before" ] || fail "a refused upload changed the store:
$(diff <(echo "$before") <(store_state))"

# The token's publisher, with its token: published.
up tk "/articles/;size=$(sz story.gmi);token=$tok" story.gmi
expect_line "30 gemini://localhost:$PORT/articles/night-market-reopens-on-the-quay"
! grep -q "$tok" daemon.log || fail "the token is in the log"

# An editor's article, live in both protocols within a second.
sed 's/Night market/Harbour ferry/; s/night market is back/ferry runs again/' \
	story.gmi >ferry.gmi
up ed "/articles/;size=$(sz ferry.gmi)" ferry.gmi
expect_line "30 gemini://localhost:$PORT/articles/harbour-ferry-reopens-on-the-quay"
t0=$(date +%s%N)
for i in $(seq 1 100); do
	get /articles/harbour-ferry-reopens-on-the-quay
	[ "$(status)" = 20 ] && break
	sleep 0.01
done
expect_status 20
has "$out" "The ferry runs again on the quay"
PORT=$GPORT gem "/articles/harbour-ferry-reopens-on-the-quay.txt\r\n" -P -w 5000
has "$out" "The ferry runs again on the quay"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$ms" -le $((1000 * SLOW)) ] || fail "served after $ms ms"
echo "uploaded article served over Gemini and Gopher after $ms ms"

# A writer's article is a draft under its name: the preview URL.
sed 's/Night market/Draft market/' story.gmi >draft.gmi
up wr "/articles/;size=$(sz draft.gmi)" draft.gmi
expect_line "30 gemini://localhost:$PORT/publish/preview/draft-market-reopens-on-the-quay"
grep -q "^Status: draft" store/articles/*draft-market* ||
	fail "a writer's article is not a draft"
# Replaced by the editor, deleted by the editor.
sed 's/every Friday/every Friday and Saturday/' ferry.gmi >ferry2.gmi
up ed "/articles/harbour-ferry-reopens-on-the-quay;size=$(sz ferry2.gmi)" ferry2.gmi
expect_line "30 gemini://localhost:$PORT/articles/harbour-ferry-reopens-on-the-quay"
wait_status /articles/harbour-ferry-reopens-on-the-quay 20
up ed "/articles/harbour-ferry-reopens-on-the-quay;size=0" empty
expect_line "30 gemini://localhost:$PORT/publish/"
wait_status /articles/harbour-ferry-reopens-on-the-quay 51

# A real PNG is taken.
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\10\6\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xff\xff?\0\5\xfe\2\xfe\xa7\x35\x81\x84\0\0\0\0IEND\xaeB`\x82' >dot.png
up ed "/media/dot.png;size=$(sz dot.png);mime=image/png" dot.png
expect_line "30 gemini://localhost:$PORT/media/dot.png"
cmp -s dot.png store/media/dot.png || fail "media/dot.png is not what was sent"

# The identity survives session resumption: a resumed session still
# carries the stranger's certificate.
rm -f sess
printf 'titan://localhost:%s/articles/;size=1\r\nx' "$PORT" |
	timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -servername localhost \
		-cert stranger.crt -key stranger.key -sess_out sess -ign_eof >first 2>/dev/null || true
printf 'titan://localhost:%s/articles/;size=1\r\nx' "$PORT" |
	timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -servername localhost \
		-sess_in sess -ign_eof >second 2>/dev/null || true
grep -q "^Reused" second || fail "the session was not resumed: $(grep -E '^(New|Reused)' second)"
grep -q "^61 Not a publisher: $(fpr stranger)" second ||
	fail "resumed: $(grep -E '^[0-9][0-9] ' second)"

# Readers without a certificate are served as before.
get /
expect_status 20
