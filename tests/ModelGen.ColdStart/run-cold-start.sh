#!/usr/bin/env bash
# Cold start, process start to first prediction, and the published size of each way to deploy the same classifier:
# a Native AOT app with the weights baked in (ModelGenAot), a JIT app loading a sealed .mgc (ModelGenJit), ML.NET loading
# its zip (MlNet) and ONNX Runtime loading the exported .onnx (OnnxRuntime). Each app prints one probability and exits;
# hyperfine times the whole process (3 warm-ups, 30 runs, no shell). Installs Debian's hyperfine when missing.
# Not part of the test command; about 5 minutes on a 2-core machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/bin/cold-start"
rm -rf "$out" && mkdir -p "$out"

if ! command -v hyperfine >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y -qq hyperfine >/dev/null 2>&1 || { $sudo apt-get update -qq && $sudo apt-get install -y -qq hyperfine >/dev/null; }
fi

dotnet run -c Release --project "$here/Prepare" -- "$out/files"
dotnet publish "$here/ModelGenAot" -c Release -r linux-x64 -o "$out/ModelGenAot" -nologo -v q
for app in ModelGenJit MlNet OnnxRuntime; do
    dotnet publish "$here/$app" -c Release -r linux-x64 --self-contained false -o "$out/$app" -nologo -v q
done

hyperfine -N --warmup 3 --runs 30 --export-json "$out/cold-start.json" \
    -n "ModelGen, Native AOT, baked weights" "$out/ModelGenAot/ModelGenAot" \
    -n "ModelGen, JIT, loads cancer.mgc" "$out/ModelGenJit/ModelGenJit $out/files/cancer.mgc" \
    -n "ML.NET 5.0.1, JIT, loads cancer.zip" "$out/MlNet/MlNet $out/files/cancer.zip" \
    -n "ONNX Runtime 1.31.1, JIT, loads cancer.onnx" "$out/OnnxRuntime/OnnxRuntime $out/files/cancer.onnx" >/dev/null

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; .NET SDK $(dotnet --version); $(date -u +%Y-%m-%d)"
echo
echo "| app | process start to first prediction, median (min–max) | published, without symbols and XML docs | of which native code | its first prediction |"
echo "| --- | ---: | ---: | ---: | ---: |"
names=("ModelGen, Native AOT, baked weights" "ModelGen, JIT, loads cancer.mgc" "ML.NET 5.0.1, JIT, loads cancer.zip" "ONNX Runtime 1.31.1, JIT, loads cancer.onnx")
folders=(ModelGenAot ModelGenJit MlNet OnnxRuntime)
commands=("$out/ModelGenAot/ModelGenAot" "$out/ModelGenJit/ModelGenJit $out/files/cancer.mgc" "$out/MlNet/MlNet $out/files/cancer.zip" "$out/OnnxRuntime/OnnxRuntime $out/files/cancer.onnx")
for i in 0 1 2 3; do
    stats=$(/usr/bin/python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]; print(f\"{r['median']*1e3:.1f} ms ({r['min']*1e3:.1f}–{r['max']*1e3:.1f})\")" "$out/cold-start.json" "$i")
    size=$(find "$out/${folders[$i]}" -type f ! -name '*.dbg' ! -name '*.pdb' ! -name '*.xml' -exec du -cb {} + | tail -1 | cut -f1)
    native=$(find "$out/${folders[$i]}" -type f \( -name '*.so' -o -name "${folders[$i]}" \) -exec du -cb {} + | tail -1 | cut -f1)
    echo "| ${names[$i]} | $stats | $(numfmt --to=iec --suffix=B "$size") | $(numfmt --to=iec --suffix=B "$native") | $(${commands[$i]}) |"
done
echo
echo "The JIT apps are framework-dependent: they also need the installed .NET runtime, which the AOT app does not."
echo "ModelGen's three apps score the same trained network (the same probability); ML.NET's is its own logistic regression."
