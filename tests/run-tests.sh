#!/usr/bin/env bash
# The README's test command: every test, then the numeric tests again on the SIMD paths other machines take.
# Needs only the .NET 10 SDK; installs what the tests need beyond it (Debian's chromium for the report-rendering test,
# Fashion-MNIST's images for the tree reference tests, Debian's qemu-user-static and Arm64 C runtime for the Arm64 run).
#
#   bash tests/run-tests.sh            every test, then the numeric tests with Vector512 off, with AVX off
#                                      (128-bit SSE: the width Arm64's NEON has), with every intrinsic off (scalar),
#                                      and on Arm64 (NEON) under qemu-user emulation
#   bash tests/run-tests.sh --quick    every test, on this machine's widest path only
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK (dotnet) is not on PATH" >&2
  exit 1
fi

# The HTML report test screenshots a page in headless Chromium; install Debian's package when it is missing.
if [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's chromium for the HTML report rendering test"
  as_root=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then as_root="sudo"; else
      echo "error: chromium is missing and this user cannot install it (not root, no sudo): apt-get install chromium" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $as_root apt-get install -y -qq chromium >/dev/null 2>&1 \
    || { $as_root apt-get update -qq && $as_root apt-get install -y -qq chromium >/dev/null; } \
    || { echo "error: could not install Debian's chromium (apt-get install chromium failed)" >&2; exit 1; }
fi

# The tree models' Fashion-MNIST reference tests need the images (not committed): apt-get download needs no root, but a
# machine that never ran apt-get update has no package lists to download from, so refresh them once (as root or with
# sudo) when the first try fails.
if [ -z "${FASHION_MNIST_DIR:-}" ] && [ ! -f samples/FashionCnn/data/t10k-labels-idx1-ubyte.gz ]; then
  echo "fetching Fashion-MNIST (Debian's dataset-fashion-mnist) for the tree reference tests"
  refresh=""
  if [ "$(id -u)" -eq 0 ]; then refresh="apt-get update -qq"; elif command -v sudo >/dev/null 2>&1; then refresh="sudo apt-get update -qq"; fi
  bash samples/FashionCnn/fetch-data.sh >/dev/null 2>&1 \
    || { [ -n "$refresh" ] && $refresh >/dev/null 2>&1 && bash samples/FashionCnn/fetch-data.sh >/dev/null; } \
    || echo "error: could not fetch Fashion-MNIST; the FashionShirtTreeTests will fail and say so" >&2
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

dotnet test ModelGen.sln -c Release 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

# Tests whose results depend on the SIMD path: gradient checks, optimizer steps, layer references, batch kernels,
# batch against single prediction, fused and frozen prediction against the model's, the tree trainers and the SVMs
# against their references, the ONNX exports against ONNX Runtime. The first run takes only this machine's widest
# path; without these runs the narrower ones never execute.
numeric='FullyQualifiedName~.Numerics.|FullyQualifiedName~.Kernels.|FullyQualifiedName~BatchPredictionTests|FullyQualifiedName~FusedPredictionTests|FullyQualifiedName~FrozenModelTests|FullyQualifiedName~ModelGen.Tests.Trees.|FullyQualifiedName~ModelGen.Tests.Svm.|FullyQualifiedName~BakedSvmTests|FullyQualifiedName~FullBatchReferenceTests|FullyQualifiedName~FullBatchTrainerTests|FullyQualifiedName~InputGradientTests|FullyQualifiedName~ModelGen.Onnx.Tests'
if [ "${1:-}" != "--quick" ]; then
  for setting in DOTNET_PreferredVectorBitWidth=256 DOTNET_EnableAVX=0 DOTNET_EnableHWIntrinsic=0; do
    echo "=== numeric tests with $setting ==="
    env "$setting" dotnet test ModelGen.sln -c Release --no-build --filter "$numeric" 2>&1 | tee -a "$log"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  done
fi

# The same numeric tests on Arm64, under qemu-user emulation: 128-bit NEON with a fused multiply-add (and NEON's own
# register tiles) is a combination no x64 run takes. qemu-user and the Arm64 C runtime come from Debian's packages.
# W^X stays off there: qemu does not see code the runtime writes through its second mapping of the same memory.
if [ "${1:-}" != "--quick" ]; then
  echo "=== numeric tests on Arm64 (NEON), under qemu-user ==="
  if ! command -v qemu-aarch64-static >/dev/null 2>&1 || [ ! -e /lib/ld-linux-aarch64.so.1 ] || [ ! -e /usr/lib/aarch64-linux-gnu/libstdc++.so.6 ]; then
    echo "installing Debian's qemu-user-static and the Arm64 C and C++ runtimes for the Arm64 run"
    as_root=""
    if [ "$(id -u)" -ne 0 ]; then as_root="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    { $as_root dpkg --add-architecture arm64 && $as_root apt-get update -qq \
      && $as_root apt-get install -y -qq qemu-user-static libc6:arm64 libstdc++6:arm64 libgcc-s1:arm64; } >/dev/null 2>&1 \
      || echo "error: could not install qemu-user-static and libc6:arm64 libstdc++6:arm64 (needs root or sudo); the Arm64 run cannot start" >&2
  fi
  arm64=$(mktemp -d)
  trap 'rm -rf "$log" "$arm64"' EXIT
  if dotnet publish tests/ModelGen.Arm64 -c Release -r linux-arm64 --self-contained -o "$arm64" >"$arm64.publish.log" 2>&1; then
    # The runner takes the numeric filter's names, without the "FullyQualifiedName~" of dotnet test's syntax.
    IFS='|' read -r -a names <<<"${numeric//FullyQualifiedName~/}"
    DOTNET_EnableWriteXorExecute=0 qemu-aarch64-static "$arm64/ModelGen.Arm64" "${names[@]}" 2>&1 | tee -a "$log"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  else
    cat "$arm64.publish.log"
    echo "error: publishing tests/ModelGen.Arm64 for linux-arm64 failed" >&2
    status=1
  fi
  rm -f "$arm64.publish.log"
fi

# One line per test assembly and run reads "Passed!  - Failed: F, Passed: P, Skipped: S, ..." (or "Failed!  - ...",
# or "No test matches" where a run's filter selects none of an assembly's tests). Every test project must report in the
# first run, and every run that started must report: a test host that dies says neither.
count() { grep -E '^(Passed|Failed)! ' "$log" | grep -oE "$1: +[0-9]+" | awk '{s += $2} END {print s + 0}'; }
projects=$(grep -l '<IsTestProject>true</IsTestProject>' tests/*/*.csproj | wc -l)
started=$(grep -c '^Test run for ' "$log")
reported=$(grep -cE '^(Passed|Failed)! |No test matches the given testcase filter' "$log")
# Every project in the first run and the three SIMD-level runs; the Arm64 run is one more.
expected=$([ "${1:-}" = "--quick" ] && echo "$projects" || echo $((projects * 4 + 1)))
if [ "$started" -lt "$expected" ] || [ "$reported" -lt "$started" ]; then
  echo "error: $expected test runs should report (test projects: $projects); $started started and $reported reported" >&2
  status=1
fi
echo "tests: $(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
exit "$status"
