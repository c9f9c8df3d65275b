# capsulectl edit with scripted editors: corrections set Updated, --minor
# does not, a changed Date or a broken edit is refused and kept.
. "$(dirname "$0")/lib.sh"
ctl init site >/dev/null
export CAPSULE_STORE=site
article "Edit me" 2024-01-01T00:00:00Z "Tags: one" | ctl add - >/dev/null
f=site/articles/edit-me.gmi
export TMPDIR=$PWD

# No change: nothing written, status 0.
cp "$f" before
EDITOR=true expect 0 ctl edit edit-me
has "$err" "no changes"
cmp -s before "$f" || fail "an unchanged edit rewrote the file"

# A correction to a published article sets Updated.
EDITOR="sed -i s/paragraph/sentence/" expect 0 ctl edit edit-me
grep -q "A sentence about" "$f" || fail "the edit was not saved"
grep -q "^Updated: $(date -u +%Y-%m-%d)T" "$f" || fail "Updated not set"

# --minor leaves Updated alone.
sed -i '/^Updated:/d' "$f"
EDITOR="sed -i s/sentence/line/" expect 0 ctl edit --minor edit-me
! grep -q "^Updated:" "$f" || fail "--minor set Updated"

# A changed Date is refused; the edit is kept in a file.
cp "$f" before
EDITOR="sed -i s/^Date:.*/Date:\ 2025-01-01T00:00:00Z/" expect 1 ctl edit edit-me
has "$err" "Date is the first publication"
has "$err" "your version is kept in"
kept=$(sed -n 's/.*your version is kept in //p' <<<"$err")
[ -f "$kept" ] || fail "the kept edit is not there: $kept"
grep -q "^Date: 2025-01-01" "$kept" || fail "the kept file lacks the edit"
cmp -s before "$f" || fail "a refused edit changed the article"

# A broken edit names the temporary file and line.
EDITOR="sed -i s/^Tags:.*/Tags:\ Bad\ Tag/" expect 1 ctl edit edit-me
has "$err" ":3: a tag is not lower-case"
cmp -s before "$f" || fail "a broken edit changed the article"

# An editor that fails changes nothing.
EDITOR=false expect 1 ctl edit edit-me
has "$err" "editor failed"
expect 1 ctl edit no-such-article
has "$err" "no such article"
