# Two capsulectl processes adding 200 articles each at the same time end
# with 400 valid articles and 400 distinct slugs: the store lock makes the
# choice of a free slug and the write one step.
. "$(dirname "$0")/lib.sh"

ctl init site >/dev/null
export CAPSULE_STORE=site
article "Same title for everyone" 2024-01-01T00:00:00Z "Tags: load" >a.gmi

writer() {
	local i
	for i in $(seq 1 200); do
		ctl add a.gmi >>"slugs.$1" || echo "add $i failed" >>errors
	done
}
writer 1 &
writer 2 &
wait

[ ! -e errors ] || fail "$(cat errors)"
[ "$(cat slugs.1 slugs.2 | wc -l)" -eq 400 ] || fail "not 400 slugs printed"
[ "$(cat slugs.1 slugs.2 | sort -u | wc -l)" -eq 400 ] || fail "slugs repeat"
[ "$(ls site/articles | wc -l)" -eq 400 ] || fail "not 400 files"
expect 0 ctl check
has "$out" "400 articles (400 published)"
has "$out" "0 with errors"
for s in $(cat slugs.1 slugs.2); do
	cmp -s a.gmi "site/articles/$s.gmi" || fail "$s differs from its input"
done
