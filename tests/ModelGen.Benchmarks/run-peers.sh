#!/usr/bin/env bash
# The one command of the side-by-side benchmark: every .NET workload (ModelGen, naive C#, ML.NET, ONNX Runtime on the
# models ModelGen exports) with BenchmarkDotNet, ModelGen again at every SIMD level the machine can force, the same
# workloads in PyTorch eager and TorchScript (1 and 2 threads) and scikit-learn from Debian's packages, then one table.
# Installs python3-torch, python3-sklearn and libopenblas0-pthread with apt-get when missing (needs root or sudo).
# Not part of the test command. Takes about 25 minutes on a 2-core machine.
# The paired study near the end is also on its own: dotnet run -c Release --project tests/ModelGen.Benchmarks -- --paired-study
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/BenchmarkDotNet.Artifacts/peers"
mkdir -p "$out"

missing=()
for package in python3-torch python3-sklearn libopenblas0-pthread; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
echo "BLAS behind PyTorch and NumPy: $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)"
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; $(dotnet --version) SDK"

# Debian's OpenBLAS picks its kernels from the CPU model; on CPUs it does not know (some Xeons of these machines) it
# falls back to its SSE3 kernels ("Prescott"), and the peer's 1024² product runs at a fifth of its speed. Name the
# family the CPU's own flags support instead, so every ratio is against a peer at its real speed, and say so.
blas_core() { OPENBLAS_VERBOSE=2 /usr/bin/python3 -c "import numpy" 2>&1 | sed -n 's/^Core: //p' | head -1; }
core=$(blas_core)
# Likewise an AVX-512 CPU it does not know (AMD's Zen 4 and 5 are detected as Haswell: AVX2 kernels, at 57% of the
# SkylakeX kernels' 1024² product on a Zen 5) gets the AVX-512 family.
fallback=no
case "$core" in
    Prescott|Core2|Penryn|Dunnington|Nehalem|Atom|Katmai|Coppermine|Northwood|Banias) fallback=yes ;;
    Haswell|Zen|SandyBridge|Bulldozer|Piledriver|Steamroller|Excavator) grep -qw avx512f /proc/cpuinfo && fallback=yes ;;
esac
case "$fallback" in
    yes)
        if grep -qw avx512f /proc/cpuinfo; then family=SkylakeX; elif grep -qw avx2 /proc/cpuinfo; then family=Haswell; else family=""; fi
        if [ -n "$family" ]; then
            export OPENBLAS_CORETYPE=$family
            echo "OpenBLAS chose its $core kernels for this CPU, which has $( [ "$family" = SkylakeX ] && echo AVX-512 || echo AVX2 ): OPENBLAS_CORETYPE=$family for the peers."
            core="$(blas_core) (OPENBLAS_CORETYPE=$family; detection gave $core)"
        fi
        ;;
esac
echo "OpenBLAS kernels: ${core:-none reported (not OpenBLAS)}"

dotnet run -c Release --project "$here" -- --filter '*PeerBenchmarks*' '*OnnxRuntimeBenchmarks*' '*GeneratorBenchmarks*' --exporters json \
    --iterationCount 15 --warmupCount 3 --artifacts "$out/bdn" | grep -E '^\||^// \*\*' || true

# glibc hands freed blocks over 128 KB (PyTorch's temporaries: a 784 x 128 layer's are 400 KB) back to the kernel and
# maps fresh pages at the next call; on a virtual machine whose host reclaims freed guest memory, every first touch of
# them then faults out to the host: PyTorch's 784-128-64-1 Adam step took 2.35 ms that way on 2026-12-03, 548 us with
# the memory kept (its optimizer's divisions were 1.2 ms of it). The Python peers keep it, as a served PyTorch's
# allocator would; the .NET processes are left alone.
keep_memory="MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=1073741824"

# The same ModelGen and naive C# workloads at every narrower SIMD level this machine can force: without Vector512
# (where it has AVX-512: what an AVX2 machine runs) and without AVX (128-bit SSE: the width Arm64's NEON has); then
# PyTorch eager held to the same level (its own kernels, OpenBLAS's and oneDNN's), the peer an Arm64 user compares with.
# Each entry: label, .NET's switch, PyTorch's switches.
simd_levels=()
if grep -qw avx512f /proc/cpuinfo; then
    simd_levels+=("Vector512 off:DOTNET_PreferredVectorBitWidth=256:ATEN_CPU_CAPABILITY=avx2 OPENBLAS_CORETYPE=Haswell DNNL_MAX_CPU_ISA=AVX2")
fi
simd_levels+=("AVX off:DOTNET_EnableAVX=0:ATEN_CPU_CAPABILITY=default OPENBLAS_CORETYPE=Nehalem DNNL_MAX_CPU_ISA=SSE41")
level_reports=()
for entry in "${simd_levels[@]}"; do
    IFS=: read -r label setting torch_setting <<< "$entry"
    dir="$out/bdn-${setting%%=*}"
    echo "=== ModelGen and naive C# with $setting ($label) ==="
    env "$setting" dotnet run -c Release --project "$here" --no-build -- --exporters json --iterationCount 15 --warmupCount 3 --artifacts "$dir" \
        --filter '*PeerBenchmarks.Mlp30Predict' '*PeerBenchmarks.Mlp30PredictNaive' '*PeerBenchmarks.Mlp30Train' '*PeerBenchmarks.Mlp784Predict' \
        '*PeerBenchmarks.Mlp784PredictNaive' '*PeerBenchmarks.Mlp784PredictBatch' '*PeerBenchmarks.Mlp784Train' '*PeerBenchmarks.CnnPredict' '*PeerBenchmarks.CnnTrain' \
        | grep -E '^\|' || true
    level_reports+=("$label=$(ls "$dir"/results/*-report-full*.json | head -1)")
    echo "=== PyTorch eager, 1 thread, with $torch_setting ($label) ==="
    # shellcheck disable=SC2086 # the switches are separate words
    env $torch_setting $keep_memory OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$here/Peers/peers.py" 1 "$out/peers-${setting%%=*}.json" eager \
        > "$out/peers-${setting%%=*}.log"
    level_reports+=("$label=$out/peers-${setting%%=*}.json")
done
for threads in 1 2; do
    # shellcheck disable=SC2086
    env $keep_memory OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads /usr/bin/python3 "$here/Peers/peers.py" "$threads" "$out/peers-$threads.json" \
        > "$out/peers-$threads.log"
    grep -m1 "^PyTorch" "$out/peers-$threads.log"
done

# TorchSharp-cpu (0.107.0, the one version the registry here serves) loads libLibTorchSharp.so, which needs GLIBCXX_3.4.32.
if strings /usr/lib/x86_64-linux-gnu/libstdc++.so.6 | grep -q 'GLIBCXX_3\.4\.32'; then
    echo "TorchSharp: this libstdc++ has GLIBCXX_3.4.32; TorchSharp could run here but is not benchmarked yet."
else
    echo "TorchSharp: does not run on Debian 12 (libstdc++ stops at $(strings /usr/lib/x86_64-linux-gnu/libstdc++.so.6 | grep -o 'GLIBCXX_3\.4\.[0-9]*' | sort -V | tail -1); libLibTorchSharp.so needs GLIBCXX_3.4.32)."
fi

# ModelGen and ONNX Runtime taking turns every few milliseconds in one process: the comparison a slow spell of this
# shared machine cannot tilt (BenchmarkDotNet runs one contestant after the other).
echo
dotnet run -c Release --project "$here" --no-build -- --paired-study

echo
dotnet run -c Release --project "$here" --no-build -- --peer-report "$out"/bdn/results/*-report-full*.json "$out/peers-1.json" "$out/peers-2.json" "${level_reports[@]}"
