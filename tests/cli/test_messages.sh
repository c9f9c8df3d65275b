# Errors say "error:", warnings "warning:", both keeping FILE:LINE; a
# command run outside a store says how to name one.
. "$(dirname "$0")/lib.sh"

expect 1 ctl --store nowhere list
has "$err" "capsulectl: error: nowhere: No such file or directory"
has "$err" "--store DIR or CAPSULE_STORE"
mkdir notastore
CAPSULE_STORE=notastore expect 1 ctl list
has "$err" "capsulectl: error: notastore/capsule.conf: No such file"
has "$err" "--store DIR or CAPSULE_STORE"

ctl init site >/dev/null
export CAPSULE_STORE=site
printf 'Title: x\nDate: 2024-13-01T00:00:00Z\n\nbody\n' >bad.gmi
expect 1 ctl add bad.gmi
[ "$err" = "capsulectl: error: bad.gmi:2: date is out of range" ] ||
	fail "error line: $err"
expect 2 ctl nosuchcommand
has "$err" "capsulectl: error: nosuchcommand: unknown command"

# check: a warning and an error, each with its word and FILE:LINE.
article "One" 2024-06-18T09:00:00Z | ctl add - >/dev/null
article "Two" 2024-06-19T09:00:00Z "Previous-Slugs: one" | ctl add - >/dev/null
printf 'Title: broken\n\nno date\n' >site/articles/broken.gmi
expect 1 ctl check
has "$err" "capsulectl: warning: site/articles/two.gmi:3: previous slug is another article's slug now"
has "$err" "capsulectl: error: site/articles/broken.gmi"
