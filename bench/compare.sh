#!/usr/bin/env bash
# Runs benchmarks of two git revisions side by side on the same machine in the same run, and prints one
# table per benchmark with A, B and B/A for every number the benchmark prints in its tables.
#
# Usage: bench/compare.sh [--rounds N] [--keep] REV_A REV_B [BENCHMARK[:ARGS]...]
#   REV_A, REV_B   any git revisions of this repository (commits, branches, tags); the same one twice shows
#                  the noise floor.
#   BENCHMARK      a benchmark of bench/Engram.Bench (writes, http, search, dream, dream-tokens, ...), with
#                  its arguments after a colon to override the defaults, e.g. 'search:--memories 20000'.
#                  Default: writes http search dream dream-tokens, at sizes that run in a few minutes:
#                    writes:--seconds 3   http:--seconds 3   search:--memories 2000 --semantic 0
#                    dream:--sessions 2000   dream-tokens:--sessions 200
#   --rounds N     rounds of A then B for each benchmark (default 2: A, B, A, B); A and B are each the median
#                  of their rounds.
#   --keep         keep the temporary directory (sources, builds and every run's output).
#
# Each revision is exported with `git archive` into a temporary directory under ${TMPDIR:-/tmp} and built there
# in Release; the caller's checkout is only read. The same commit twice is built once. The default run took
# 23 minutes on 2 cores shared with six other builds (about 15 expected idle). B/A is a plain ratio: above 1
# is better for throughput (ops/s, req/s, sessions/s) and worse for time, latency, tokens and memory.
# The noise floor (the same commit twice) is in docs/BENCHMARKS.md.
set -euo pipefail

rounds=2
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) break ;;
  esac
done
if [ $# -lt 2 ]; then
  echo "usage: bench/compare.sh [--rounds N] [--keep] REV_A REV_B [BENCHMARK[:ARGS]...]" >&2
  exit 2
fi

repo="$(cd "$(dirname "$0")/.." && pwd)"
rev_a="$1"; rev_b="$2"; shift 2
commit_a="$(git -C "$repo" rev-parse --verify "$rev_a^{commit}")"
commit_b="$(git -C "$repo" rev-parse --verify "$rev_b^{commit}")"

declare -A defaults=(
  [writes]="--seconds 3"
  [http]="--seconds 3"
  [search]="--memories 2000 --semantic 0"
  [dream]="--sessions 2000"
  [dream-tokens]="--sessions 200"
)
if [ $# -eq 0 ]; then
  set -- writes http search dream dream-tokens
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/engram-compare.XXXXXX")"
cleanup() {
  if [ "$keep" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Exports a commit into its own directory and builds the benchmarks there; prints the path of the built dll.
build() {
  local commit="$1" dir="$work/src-${1:0:12}"
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir"
    git -C "$repo" archive "$commit" | tar -x -C "$dir"
    echo "building ${commit:0:12} in $dir ..." >&2
    dotnet build "$dir/bench/Engram.Bench" -c Release -v q -nologo -nodeReuse:false >"$work/build-${commit:0:12}.log" 2>&1 \
      || { cat "$work/build-${commit:0:12}.log" >&2; echo "build of ${commit:0:12} failed" >&2; exit 1; }
  fi
  find "$dir/bench/Engram.Bench/bin/Release" -name Engram.Bench.dll -print -quit
}

dll_a="$(build "$commit_a")"
dll_b="$(build "$commit_b")"
[ -n "$dll_a" ] && [ -n "$dll_b" ] || { echo "no Engram.Bench.dll was built" >&2; exit 1; }

echo "A = $rev_a (${commit_a:0:12}), B = $rev_b (${commit_b:0:12}); $rounds round(s) of A then B per benchmark; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$commit_a" = "$commit_b" ] && echo "(the same commit twice: one build run as A and as B; B/A is the noise floor)"
mkdir -p "$work/out"

# Keeps every number of every markdown table a run printed, keyed by table, row and column:
# "table<TAB>row<TAB>column<TAB>value". A row is named by its first cell, and by its second too when the
# first repeats in the table (16 writers beside 1); a cell counts when it starts with a number followed by
# nothing but a unit ("2.31 ms", "5,409", "0.137x", "108 MB"), never a list or range of numbers.
numbers() {
  awk -F'|' '
    function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); gsub(/\*\*/, "", s); return s }
    function flush(   r, k, c, key) {
      for (r = 1; r <= nrows; r++) {
        key = cell[r, 1]; first = 2
        if (seen[key] > 1) { key = key ", " cell[r, 2]; first = 3 }
        for (c = first; c <= ncols[r]; c++) {
          v = cell[r, c]; gsub(/,/, "", v)
          if (match(v, /^-?[0-9]+(\.[0-9]+)?/) == 0) continue
          rest = substr(v, RLENGTH + 1)
          if (rest ~ /[0-9]/ || length(rest) > 20) continue
          print table "\t" key "\t" header[c] "\t" substr(v, 1, RLENGTH)
        }
      }
      nrows = 0; intable = 0; split("", seen)
    }
    /^\|/ {
      if (!intable) {
        intable = 1; nrows = 0; name = trim($2)
        tables[name]++; table = tables[name] > 1 ? name " #" tables[name] : name
        for (c = 2; c < NF; c++) header[c - 1] = trim($c)
        next
      }
      if ($0 ~ /^\|[-: |]+\|$/) next
      nrows++; ncols[nrows] = NF - 2
      for (c = 2; c < NF; c++) cell[nrows, c - 1] = trim($c)
      seen[cell[nrows, 1]]++
      next
    }
    { if (intable) flush() }
    END { if (intable) flush() }
  ' "$1"
}

for spec in "$@"; do
  name="${spec%%:*}"
  if [ "$spec" = "$name" ]; then args="${defaults[$name]:-}"; else args="${spec#*:}"; fi
  echo
  echo "## $name $args"
  started=$SECONDS
  for round in $(seq 1 "$rounds"); do
    for side in A B; do
      if [ "$side" = A ]; then dll="$dll_a"; else dll="$dll_b"; fi
      out="$work/out/$name.$side.$round.txt"
      # shellcheck disable=SC2086 # the arguments are words on purpose
      (cd "$(dirname "$dll")" && dotnet "$dll" "$name" $args) >"$out" 2>&1 \
        || { cat "$out" >&2; echo "$name failed on $side, round $round" >&2; exit 1; }
      numbers "$out" | sed "s/^/$side\t/" >>"$work/out/$name.numbers"
    done
  done
  echo "($rounds round(s) of A then B in $((SECONDS - started)) s)"
  echo
  echo "| table | row | column | A | B | B/A | A runs | B runs |"
  echo "|---|---|---|---:|---:|---:|---|---|"
  awk -F'\t' '
    function median(list,   n, a, i, j, t) {
      n = split(list, a, " ")
      for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function show(x) { return x >= 100 ? sprintf("%.0f", x) : x >= 10 ? sprintf("%.1f", x) : sprintf("%.3g", x) }
    {
      key = $2 "\t" $3 "\t" $4
      if (!(key in order)) { order[key] = ++n; keys[n] = key }
      runs[$1, key] = runs[$1, key] (runs[$1, key] == "" ? "" : " ") $5
    }
    END {
      for (i = 1; i <= n; i++) {
        key = keys[i]
        split(key, part, "\t")
        ra = runs["A", key]; rb = runs["B", key]
        if (ra == "" || rb == "") { # a number only one build prints (a row added or renamed)
          printf "| %s | %s | %s | %s | %s | - | %s | %s |\n", part[1], part[2], part[3], ra == "" ? "-" : show(median(ra)), rb == "" ? "-" : show(median(rb)), ra, rb
          continue
        }
        a = median(ra); b = median(rb)
        ratio = a == 0 ? (b == 0 ? "1.00x" : "-") : sprintf("%.2fx", b / a)
        gsub(/ /, " / ", ra); gsub(/ /, " / ", rb)
        printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", part[1], part[2], part[3], show(a), show(b), ratio, ra, rb
      }
    }
  ' "$work/out/$name.numbers"
done
