# The cluster of doc/CLUSTER.md on one machine: a primary store in git,
# three capsuled replicas (PROXY listeners and metrics on 127.0.0.11-13,
# one certificate), each kept at the primary's commit by a capsulectl
# sync loop, behind HAProxy configured by doc/haproxy.cfg as shipped
# (addresses and ports aside), scraped by Prometheus with
# doc/prometheus.yml when it is installed.
#
#  1. 20 changes published on the primary: each is served, identically,
#     by every replica; the delay from the publish to each replica
#     serving it is printed (median, worst).
#  2. 32 connections of load through HAProxy from 8 client addresses;
#     one replica is SIGKILLed mid-run and restarted: only requests in
#     flight on it may fail (the count is printed, and must be at most
#     the connections), and the restarted replica serves again.
#  3. The replicas' access logs name the load generator's addresses,
#     never HAProxy's; their metrics count its requests.
#  4. Prometheus (when installed) scrapes the three nodes: all up, all at
#     the primary's commit.
. "$(dirname "$0")/../integration/lib.sh"
command -v haproxy >/dev/null 2>&1 || {
	echo "SKIP $CAPSULE_TEST: haproxy is not installed (Debian: apt-get install haproxy)"; exit 77; }
command -v git >/dev/null 2>&1 || {
	echo "SKIP $CAPSULE_TEST: git is not installed (Debian: apt-get install git)"; exit 77; }
command -v curl >/dev/null 2>&1 || {
	echo "SKIP $CAPSULE_TEST: curl is not installed"; exit 77; }
[ -z "$CAPSULED_WRAP" ] || {
	echo "SKIP $CAPSULE_TEST: load and timings under a wrapper say nothing"; exit 77; }
LOADGEN=$BUILD/tools/loadgen
[ -x "$LOADGEN" ] || fail "no $LOADGEN (make $LOADGEN)"
export HOME=$PWD	# no git configuration of the user's

# Free ports: the same on every node, as in production.
port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 40000))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
	done
}
HP=$(port); HG=$(port)			# HAProxy: Gemini, Gopher
PG=$(port); PO=$(port); MP=$(port)	# each node: PROXY listeners, metrics
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# The primary: a store in git that capsulectl publishes into.
"$CAPSULECTL" init --git --title "Cluster wire" primary >/dev/null
for i in 1 2 3; do
	printf 'Title: Opening story %s\n\nA story to start with.\n' "$i" >s.gmi
	"$CAPSULECTL" --store primary add s.gmi >/dev/null
done

# Node N: 127.0.0.1N for HAProxy and Prometheus, and a direct Gemini
# port on 127.0.0.1 for this test's own looks ($DIRECT[N]).
declare -a NPID DIRECT
start_node() {
	local n=$1 i
	[ -n "${DIRECT[$n]:-}" ] || DIRECT[$n]=$(port)
	"$CAPSULED" --foreground --store "r$n" --host localhost \
		--gemini "127.0.0.1:${DIRECT[$n]}" --gopher off \
		--public-port "$HP" --gopher-public-port "$HG" \
		--gemini-proxy "127.0.0.1$n:$PG" --gopher-proxy "127.0.0.1$n:$PO" \
		--metrics "127.0.0.1$n:$MP" --rate-limit off \
		--primary "gemini://primary.localhost/" \
		--cert cert.pem --key key.pem --workers 2 >>"node$n.log" 2>&1 &
	NPID[$n]=$!
	PIDS+=("${NPID[$n]}")
	for i in $(seq 1 100); do
		kill -0 "${NPID[$n]}" 2>/dev/null || fail "node $n died: $(tail -3 "node$n.log")"
		grep -q "searchable after" "node$n.log" && return 0
		sleep 0.05
	done
	fail "node $n did not start: $(tail -3 "node$n.log")"
}
for n in 1 2 3; do
	"$CAPSULECTL" --store "r$n" sync --from primary >/dev/null
	start_node "$n"
done
# One certificate for all: made by node 1, read by the others.
[ "$(grep -c created node*.log | awk -F: '{ s += $2 } END { print s }')" = 1 ] ||
	fail "more than one certificate made"

# The sync jobs: each node polls the primary, as the timer would.
for n in 1 2 3; do
	(while [ ! -e stop ]; do
		"$CAPSULECTL" --store "r$n" sync --from "$PWD/primary" --keep 5 \
			>/dev/null 2>>"sync$n.err"
		sleep 0.1
	done) &
	PIDS+=("$!")
done

# HAProxy from doc/haproxy.cfg, only the "# @test" lines' addresses and
# ports replaced (and, unless root, the user it would switch to).
sed -e "/# @test/s/\*:1965/127.0.0.1:$HP/" -e "/# @test/s/\*:70/127.0.0.1:$HG/" \
	-e "/# @test/s/10\.0\.0\.1\([1-3]\):1966/127.0.0.1\1:$PG/" \
	-e "/# @test/s/10\.0\.0\.1\([1-3]\):7071/127.0.0.1\1:$PO/" \
	"$ROOT/doc/haproxy.cfg" >haproxy.cfg
[ "$(id -u)" = 0 ] || sed -i -e '/^\tuser /d' -e '/^\tgroup /d' haproxy.cfg
[ "$(grep -c '	# @test$' haproxy.cfg)" = 8 ] || fail "haproxy.cfg: markers"
sed 's/#.*//' haproxy.cfg | grep -q '10\.0\.0\.' && fail "haproxy.cfg: an address left"
haproxy -db -f haproxy.cfg >haproxy.log 2>&1 &
PIDS+=("$!")
for i in $(seq 1 100); do
	out=$("$GEMREQ" -x -b 127.0.0.9 -w 3000 "$HP" \
		"gemini://localhost:$HP/\r\n" 2>/dev/null) && [ "$(status)" = 20 ] && break
	sleep 0.1
done
[ "$(status)" = 20 ] || fail "nothing through haproxy: $(tail -5 haproxy.log)"

# 1. Twenty changes, each timed until every node serves it.
: >delays
for k in $(seq 1 20); do
	printf 'Title: Change %s\n\nThe text of change %s.\n' "$k" "$k" >c.gmi
	slug=$("$CAPSULECTL" --store primary add c.gmi)
	t0=$(now_ms)
	left="1 2 3"
	while [ -n "$left" ]; do
		rest=
		for n in $left; do
			if o=$("$GEMREQ" -x -b 127.0.0.9 -w 3000 "${DIRECT[$n]}" \
				"gemini://localhost:$HP/articles/$slug\r\n" 2>/dev/null) &&
				[ "${o:0:2}" = 20 ]; then
				echo $(($(now_ms) - t0)) >>delays
				printf '%s' "$o" >"page$n"
			else
				rest="$rest $n"
			fi
		done
		left=$rest
		[ $(($(now_ms) - t0)) -lt 30000 ] || fail "change $k: nodes$left never served it"
		[ -z "$left" ] || sleep 0.02
	done
	cmp -s page1 page2 && cmp -s page1 page3 || fail "change $k served differently"
done
[ "$(wc -l <delays)" = 60 ] || fail "delays: $(wc -l <delays)"
sort -n delays >d
median=$(sed -n 30p d)
worst=$(tail -n 1 d)
echo "replication: 20 changes x 3 nodes, publish to served: median $median ms, worst $worst ms"
head=$(git -C primary rev-parse HEAD)
for n in 1 2 3; do
	for i in $(seq 1 50); do
		m=$(curl -sS "http://127.0.0.1$n:$MP/metrics")
		grep -qF "capsule_store_version_info{commit=\"$head\"} 1" <<<"$m" && break
		sleep 0.1
	done
	has "$m" "capsule_store_version_info{commit=\"$head\"} 1"
done

# 2. Load through HAProxy; node 2 killed after 2 s, restarted after 4 s.
srcs=127.0.0.50,127.0.0.51,127.0.0.52,127.0.0.53,127.0.0.54,127.0.0.55,127.0.0.56,127.0.0.57
"$LOADGEN" -c 32 -w 0 -d 7 -t 5 -b "$srcs" -n haproxy \
	-r "gemini://localhost:$HP/" "127.0.0.1:$HP" >load.txt 2>&1 &
lpid=$!
sleep 2
kill -9 "${NPID[2]}"
wait "${NPID[2]}" 2>/dev/null || true
killed=$(grep -c ' gemini ' node2.log || true)
sleep 2
start_node 2
restarted=$(grep -c ' gemini ' node2.log)
wait "$lpid" || true
res=$(grep '^RESULT' load.txt) || fail "loadgen: $(cat load.txt)"
ok=$(sed 's/.* ok=\([0-9]*\).*/\1/' <<<"$res")
failed=$(sed 's/.* fail=\([0-9]*\).*/\1/' <<<"$res")
echo "load: 32 connections through haproxy, node 2 SIGKILLed at 2 s and restarted at 4 s: $ok served, $failed failed"
[ "$ok" -gt 100 ] || fail "too little served: $res"
[ "$failed" -le 32 ] || fail "$failed requests failed: more than were in flight: $(cat load.txt)"
# Node 2 rejoined: HAProxy sent it requests after its restart.
for i in $(seq 1 50); do
	[ "$(grep -c ' gemini ' node2.log)" -gt "$restarted" ] && break
	"$LOADGEN" -c 4 -w 0 -d 1 -b 127.0.0.58 -n rejoin \
		-r "gemini://localhost:$HP/" "127.0.0.1:$HP" >/dev/null 2>&1 || true
done
[ "$(grep -c ' gemini ' node2.log)" -gt "$restarted" ] || fail "node 2 never rejoined"
echo "node 2 served $killed requests before the kill, and again after its restart"

# 3. Clients' addresses, not HAProxy's, in every node's log and counted
# in every node's metrics.
total=0
for n in 1 2 3; do
	grep -qE ' 127\.0\.0\.5[0-7] gemini gemini://localhost:'"$HP"'/ 20 ' "node$n.log" ||
		fail "node $n logged no load generator address"
	! grep -qE 'Z 127\.0\.0\.1 gemini ' "node$n.log" ||
		fail "node $n logged haproxy's address: $(grep -m1 -E 'Z 127\.0\.0\.1 gemini ' "node$n.log")"
	m=$(curl -sS "http://127.0.0.1$n:$MP/metrics")
	v=$(awk '$1 == "capsule_requests_total{protocol=\"gemini\",status=\"20\"}" { print $2 }' <<<"$m")
	total=$((total + ${v:-0}))
done
# Node 2's counters restarted with it: the others' and its new ones.
[ "$total" -gt $((ok / 2)) ] || fail "metrics count $total requests, load served $ok"

# Gopher through HAProxy too (PROXY v2 on the Gopher listeners).
g=$(curl -sS --interface 127.0.0.59 "gopher://127.0.0.1:$HG/1/")
has "$g" "Change 20"
grep -q ' 127\.0\.0\.59 gopher ' node1.log node2.log node3.log ||
	fail "the gopher client's address is in no log"

# 4. Prometheus with doc/prometheus.yml, when it is here.
if command -v prometheus >/dev/null 2>&1; then
	PP=$(port)
	sed -e "/# @test/s/10\.0\.0\.1\([1-3]\):9465/127.0.0.1\1:$MP/" \
		-e "/# @test/s/scrape_interval: 5s/scrape_interval: 1s/" \
		"$ROOT/doc/prometheus.yml" >prometheus.yml
	prometheus --config.file=prometheus.yml --storage.tsdb.path=tsdb \
		--web.listen-address="127.0.0.1:$PP" >prometheus.log 2>&1 &
	PIDS+=("$!")
	q() { curl -sS "http://127.0.0.1:$PP/api/v1/query" --data-urlencode "query=$1"; }
	for i in $(seq 1 150); do
		up=$(q 'sum(up{job="capsule"})' 2>/dev/null || true)
		grep -q '"3"\]' <<<"$up" && break
		sleep 0.2
	done
	has "$up" '"3"]'
	v=$(q "count(capsule_store_version_info{commit=\"$head\"})")
	has "$v" '"3"]'
	echo "prometheus $(prometheus --version 2>&1 | head -1 | cut -d ' ' -f 3): 3 nodes up, all at $head"
else
	echo "prometheus is not installed: the real scrape was skipped (Debian: apt-get install prometheus)"
fi
touch stop
for n in 1 2 3; do
	[ ! -s "sync$n.err" ] || fail "sync on node $n: $(head -3 "sync$n.err")"
done
