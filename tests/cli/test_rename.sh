# rename: a new headline and slug in one locked step, the old slug kept in
# Previous-Slugs, Updated set unless --minor; refusals change nothing.
. "$(dirname "$0")/lib.sh"

ctl init site >/dev/null
export CAPSULE_STORE=site
article "Mesh network reaches 200 nodes" 2024-06-18T09:00:00Z \
	"X-Custom: kept" | ctl add - >/dev/null
article "Other story" 2024-06-19T09:00:00Z | ctl add - >/dev/null
[ -f site/articles/mesh-network-reaches-200-nodes.gmi ] || fail "no article"

# Without --slug the slug comes from the new title; the old file goes.
expect 0 ctl rename mesh-network-reaches-200-nodes "Mesh network reaches 300 nodes"
[ "$out" = mesh-network-reaches-300-nodes ] || fail "new slug $out"
f=site/articles/mesh-network-reaches-300-nodes.gmi
[ ! -e site/articles/mesh-network-reaches-200-nodes.gmi ] ||
	fail "old file still there"
grep -q '^Title: Mesh network reaches 300 nodes$' $f || fail "title"
grep -q '^Previous-Slugs: mesh-network-reaches-200-nodes$' $f ||
	fail "Previous-Slugs: $(cat $f)"
grep -q "^Updated: $(date -u +%Y-%m-%d)T" $f || fail "Updated not set"
grep -q '^Date: 2024-06-18T09:00:00Z$' $f || fail "Date changed"
grep -q '^X-Custom: kept$' $f || fail "unknown header lost"
ls -a site/articles | grep -q '^\.tmp-' && fail "temporary file left"

# --slug, --minor: the oldest slug stays first (the feed's id is its).
sed -i '/^Updated:/d' $f
expect 0 ctl rename --minor mesh-network-reaches-300-nodes "Mesh: 300" \
	--slug mesh-300
[ "$out" = mesh-300 ] || fail "--slug gave $out"
f=site/articles/mesh-300.gmi
grep -q '^Previous-Slugs: mesh-network-reaches-200-nodes, mesh-network-reaches-300-nodes$' \
	$f || fail "Previous-Slugs: $(cat $f)"
grep -q '^Updated:' $f && fail "--minor set Updated"
grep -q '^Title: Mesh: 300$' $f || fail "title"

# A title whose slug is taken is made unique, as add does.
expect 0 ctl rename mesh-300 "Other story" --minor
[ "$out" = other-story-2 ] || fail "unique slug $out"

# A new headline with the same slug is changed in place.
expect 0 ctl rename other-story "Other Story" --minor
[ "$out" = other-story ] || fail "same slug gave $out"
grep -q '^Previous-Slugs' site/articles/other-story.gmi &&
	fail "renamed in place but an old slug recorded"

# Refusals: a --slug that exists, a missing article, a bad slug or title.
before=$(cd site/articles && md5sum *)
expect 1 ctl rename other-story-2 "Anything" --slug other-story
has "$err" "other-story: an article has this slug already"
expect 1 ctl rename nosuch "Anything"
has "$err" "nosuch: no such article"
expect 1 ctl rename other-story "Anything" --slug Bad_Slug
has "$err" "not a slug"
expect 1 ctl rename other-story "   "
has "$err" "non-empty"
expect 2 ctl rename other-story
[ "$before" = "$(cd site/articles && md5sum *)" ] || fail "a refusal wrote"

# Renamed back to an old slug: check sees nothing wrong.
expect 0 ctl rename other-story-2 "Mesh: 300" --slug mesh-300 --minor
expect 0 ctl check
lacks "$err" "warning"
expect 0 ctl rename --help
has "$out" "Previous-Slugs"
