#!/usr/bin/env bash
# One CBMC proof per harness (make verify): prints VERIFICATION SUCCESSFUL, or the failed checks
# and the counterexample (the end of CBMC's trace: the steps that led to the failed check), then
# the time and peak memory (/usr/bin/time -v). The whole CBMC output goes to <out>/<harness>.log.
#
# usage: verify/run-cbmc.sh CBMC_DIR OUT_DIR "CBMC_FLAGS" "SPEC_HARNESSES" harness...
# Each harness runs on OUT_DIR/monitor.goto, those of SPEC_HARNESSES on OUT_DIR/monitor-spec.goto
# (decode() replaced by its proved contract: verify/harness.c, verify_decode_spec).
# Exit 0 when every harness was proved. Each cbmc runs alone, under an address-space cap
# (CBMC_MEMORY_KIB, 12 GiB: the budget is 16 GiB) and a time limit (CBMC_TIMEOUT seconds, 600:
# a proof that does not finish is reported as such, not waited for).
set -uo pipefail
mem=${CBMC_MEMORY_KIB:-12582912}
limit=${CBMC_TIMEOUT:-600}

cbmc=$1 out=$2 flags=$3 spec=" $4 "
shift 4
fail=0
for h in "$@"; do
	log=$out/$h.log
	goto=$out/monitor.goto
	[[ $spec == *" $h "* ]] && goto=$out/monitor-spec.goto
	echo "== $h"
	# shellcheck disable=SC2086 # flags is a word list
	(ulimit -v "$mem" && exec /usr/bin/time -v -o "$log.time" timeout "$limit" \
		"$cbmc/bin/cbmc" $flags --trace --compact-trace --function "$h" "$goto") >"$log" 2>&1
	rc=$?
	secs=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$log.time")
	cpu=$(awk -F': ' '/User time \(seconds\)/{print $2}' "$log.time")
	kib=$(awk -F': ' '/Maximum resident set size/{print $2}' "$log.time")
	if [ $rc -eq 0 ] && grep -q '^VERIFICATION SUCCESSFUL' "$log"; then
		echo "VERIFICATION SUCCESSFUL"
	elif [ $rc -eq 10 ]; then
		grep -E '^\[.*\] .*FAILURE$' "$log"
		echo "-- counterexample (end of the trace; all of it in $log):"
		sed -n '/^Trace for /,$p' "$log" | grep -v '^$' | tail -n 40
		echo "VERIFICATION FAILED"
		fail=1
	elif [ $rc -eq 124 ]; then
		echo "NOT FINISHED: stopped after $limit s (CBMC_TIMEOUT), see $log"
		fail=1
	else
		echo "CBMC ERROR (exit $rc), see $log:"
		tail -n 15 "$log"
		fail=1
	fi
	echo "$h: ${secs:-?} (m:ss) wall, ${cpu:-?} s CPU, peak $(( ${kib:-0} / 1024 )) MiB"
done
exit $fail
